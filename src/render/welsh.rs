//! Welsh pages link to Welsh pages: link rewriting for Welsh texts and twins, and the
//! Welsh find-a-prison index.

use std::collections::HashSet;

/// A page's English text on its Welsh twin: a Welsh line saying so, then the text marked
/// `lang="en"` (for screen readers and translation tools), its links to site pages sent to
/// their Welsh twins.
pub(super) fn untranslated(notice: &str, html: &str, welsh_texts: &HashSet<String>) -> String {
    let mut out = String::with_capacity(html.len() + 200);
    if !notice.is_empty() {
        out.push_str("<p class=\"untranslated\">");
        out.push_str(notice);
        out.push_str("</p>\n");
    }
    out.push_str("<div lang=\"en\">\n");
    out.push_str(&welsh_links(html, welsh_texts));
    out.push_str("</div>\n");
    out
}

/// Sends links to site pages (`/guides/x/`, `/glossary/#x`) to their `/cy/` twins; files
/// (`/prisons.json`, images) have one address for both languages and are left alone, as is
/// the editors' English-only status page.
/// A page with its own Welsh text (`welsh_texts`, by English address) has headings, and so
/// anchors, of its own: a link to a part of the English page goes to the top of it.
pub(super) fn welsh_links(html: &str, welsh_texts: &HashSet<String>) -> String {
    const HREF: &str = "href=\"/";
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(HREF) {
        let (before, from) = rest.split_at(at + HREF.len() - 1);
        out.push_str(before);
        let end = from.find('"').unwrap_or(from.len());
        let path = from[..end].split(['#', '?']).next().unwrap_or("");
        let is_page = path.ends_with('/')
            && !path.starts_with("/cy/")
            && !path.starts_with("//")
            && path != crate::status::PAGE_URL;
        if is_page {
            out.push_str("/cy");
            if welsh_texts.contains(path) && from[..end].contains('#') {
                out.push_str(path);
                rest = &from[end..];
                continue;
            }
        }
        rest = from;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::welsh_links;
    use std::collections::HashSet;

    #[test]
    fn welsh_pages_link_to_welsh_pages_and_leave_files_alone() {
        let none = HashSet::new();
        let html = r#"<a href="/guides/a/">a</a> <a href="/glossary/#vo">vo</a> <a href="/prisons.json">data</a> <a href="/cy/guides/b/">b</a> <a href="https://x.org/">x</a> <a href="/editors/status/">s</a> <a href="//cdn.example/">c</a>"#;
        assert_eq!(
            welsh_links(html, &none),
            r#"<a href="/cy/guides/a/">a</a> <a href="/cy/glossary/#vo">vo</a> <a href="/prisons.json">data</a> <a href="/cy/guides/b/">b</a> <a href="https://x.org/">x</a> <a href="/editors/status/">s</a> <a href="//cdn.example/">c</a>"#
        );
    }

    #[test]
    fn a_link_into_a_page_with_its_own_welsh_text_goes_to_its_top() {
        let texts: HashSet<String> = ["/guides/id/".to_string()].into();
        assert_eq!(
            welsh_links(
                r#"<a href="/guides/id/#photo-id">id</a> <a href="/guides/b/#x">b</a>"#,
                &texts
            ),
            r#"<a href="/cy/guides/id/">id</a> <a href="/cy/guides/b/#x">b</a>"#
        );
    }
}

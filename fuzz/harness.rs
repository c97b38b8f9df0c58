//! What the fuzz targets run, shared with `tests/hostile_input.rs` (through `#[path]`), so
//! every crash input kept under `tests/regressions/<target>/` is replayed by `cargo test`
//! through exactly the code the fuzzer found it with.
//!
//! Each entry point takes arbitrary bytes and must never panic. Besides "no panic", a few
//! cheap oracles check the properties a family relies on: rendered Markdown that would be
//! published has no tag or attribute that could run script, and a build never writes
//! outside its output folder.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use familyties::config::{RawHtml, SiteConfig};
use familyties::content::{Meta, Page, Site, SourceFile};
use familyties::diagnostics::{Diagnostic, Diagnostics};
use familyties::discover::{Lang, classify};
use familyties::frontmatter::{self, Split};
use familyties::glossary::{GlossaryLinker, Term};
use familyties::markdown;
use familyties::model::fields::Date;
use familyties::theme_manifest::{Ids, Manifest};

/// Inputs larger than this are cut: real pages are a few KB, and a long input only makes
/// each run slower without reaching new code.
pub const MAX_INPUT: usize = 64 * 1024;

/// The date every run is for, as in the integration tests.
pub fn today() -> Date {
    Date::parse("2026-11-23").expect("a valid date")
}

/// The file text as `site::read_page` makes it: lossy UTF-8 (`read_page` refuses invalid
/// UTF-8, but keeps the lossy text to show the line), without a byte-order mark.
fn text_of(data: &[u8]) -> String {
    let data = &data[..data.len().min(MAX_INPUT)];
    let text = String::from_utf8_lossy(data);
    text.strip_prefix('\u{feff}').unwrap_or(&text).to_string()
}

/// Renders what an editor would see (both forms): the human form slices the file text by
/// each diagnostic's span, so a span off a character boundary would panic here.
fn show(diags: &Diagnostics) {
    let _ = diags.render_human();
    let _ = diags.render_json();
}

/// `frontmatter::split` + `frontmatter::parse` into every typed kind (and the site settings
/// and theme words, which go through the same parser), with the diagnostics rendered.
pub fn front_matter(data: &[u8]) {
    let text = text_of(data);
    let diags = Diagnostics::new();
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d.in_file("content/guides/fuzz.md"), Some(&text));
            show(&diags);
            return;
        }
    };
    assert!(split.yaml.start <= split.yaml.end, "{split:?}");
    assert!(split.yaml.end <= split.body.start, "{split:?}");
    assert_eq!(split.body.end, text.len(), "{split:?}");
    assert!(text.is_char_boundary(split.yaml.start) && text.is_char_boundary(split.yaml.end));
    assert!(text.is_char_boundary(split.body.start));

    let kinds = [
        "index.md",
        "prisons/fuzz/index.md",
        "prisons/fuzz/notice.md",
        "guides/fuzz.md",
        "policy/fuzz.md",
        "evidence/fuzz.md",
        "glossary/fuzz.md",
        "support/fuzz.md",
        "about.md",
    ];
    for content_path in kinds {
        let shown = PathBuf::from("content").join(content_path);
        match meta_of(content_path, &text, &split) {
            Ok(meta) => {
                // The checks across files point at a field's line (`Page::key_span`).
                let page = page(content_path, text.clone(), split.clone(), meta);
                for key in [
                    "replaced_by",
                    "aliases",
                    "sources",
                    "status",
                    "last_reviewed",
                    "policy",
                    "guides",
                    "prisons",
                    "é",
                ] {
                    let span = page.key_span(key);
                    assert!(
                        span.start <= span.end && span.end <= page.text.len(),
                        "{key}: {span:?}"
                    );
                    let d = page.diagnostic_at_key(Diagnostic::warning("fuzz"), key);
                    diags.push(d, Some(&page.text));
                }
                let _ = (
                    page.meta.title(),
                    page.meta.summary(),
                    page.meta.last_reviewed(),
                );
                let _ = page.meta.last_reviewed().map(|d| (d.long(), d.days()));
                if let Meta::Prison(p) = &page.meta {
                    let _ = (p.sort_name(), p.town(), p.postcode().map(|c| c.outward()));
                    for s in p.family_sessions() {
                        let _ = (s.start.friendly(), s.end.friendly());
                    }
                    for lang in [Lang::En, Lang::Cy] {
                        let map = familyties::words::shipped(lang);
                        let words = familyties::words::Words::new(lang, &map);
                        let _ = familyties::prison_facts::view(p, Date::london(0), 6, &words);
                    }
                }
            }
            Err(d) => diags.push((*d).in_file(shown), Some(&text)),
        }
    }
    // Site settings and the theme's words are whole files of YAML.
    let whole = Split {
        yaml: 0..text.len(),
        body: text.len()..text.len(),
    };
    if let Err(d) = frontmatter::parse::<SiteConfig>(&text, &whole) {
        diags.push(d.in_file("content/site.yaml"), Some(&text));
    }
    if let Err(d) = frontmatter::parse::<BTreeMap<String, String>>(&text, &whole) {
        diags.push(d.in_file("themes/default/i18n/en.yaml"), Some(&text));
    }
    show(&diags);
}

fn page(content_path: &str, text: String, split: Split, meta: Meta) -> Page {
    let (kind, lang) = classify(content_path).expect("a valid content path");
    let file = SourceFile {
        abs: PathBuf::from("/nonexistent/content").join(content_path),
        shown: PathBuf::from("content").join(content_path),
        content_path: content_path.to_string(),
        kind,
        lang,
    };
    let url = familyties::discover::url(&file);
    Page {
        file,
        read_as: familyties::content::text_hash(&text),
        text,
        split,
        meta,
        url,
    }
}

/// The typed front matter of `text` as the file at `content_path`, by the library's own
/// `site::parse_meta`, as `site::read_page` reads it.
fn meta_of(content_path: &str, text: &str, split: &Split) -> Result<Meta, Box<Diagnostic>> {
    let (kind, _) = classify(content_path).expect("a valid content path");
    familyties::site::parse_meta(&kind, text, split).map_err(Box::new)
}

/// A page of the in-memory site used by the `markdown` target.
fn parsed(content_path: &str, text: &str) -> Page {
    let split = frontmatter::split(text).expect("fixture front matter");
    let meta = meta_of(content_path, text, &split)
        .unwrap_or_else(|d| panic!("{content_path}: {}", d.message));
    page(content_path, text.to_string(), split, meta)
}

const FUZZ_PAGE: &str = "guides/fuzz.md";
const FUZZ_FRONT: &str =
    "---\ntitle: Fuzz\nsummary: A page made by the fuzzer.\nlast_reviewed: 2026-11-23\n---\n";

/// A small site in memory: a home page, two guides, a prison with a notice, a policy part
/// and a glossary entry, plus two files copied as they are.
fn memory_site(fuzz_text: String) -> Site {
    let config: SiteConfig = {
        let yaml = "title: Fuzz site\nbase_url: https://example.org/\n";
        let whole = Split {
            yaml: 0..yaml.len(),
            body: yaml.len()..yaml.len(),
        };
        frontmatter::parse(yaml, &whole).expect("site settings")
    };
    let mut pages = vec![
        parsed(
            "index.md",
            "---\ntitle: Home\n---\n# Welcome\n\nSee [your first visit](guides/first-visit.md).\n",
        ),
        parsed(
            "guides/first-visit.md",
            "---\ntitle: Your first visit\nsummary: What happens.\nlast_reviewed: 2026-11-23\n---\n## What to bring\n\nID.\n\n## Getting there\n",
        ),
        parsed(
            "prisons/leeds/index.md",
            "---\nname: HMP Leeds\nregion: Yorkshire and the Humber\nsources:\n  - title: GOV.UK\n    url: https://www.gov.uk/guidance/leeds-prison\n---\n## Parking\n",
        ),
        parsed(
            "prisons/leeds/family-day.md",
            "---\ntitle: Family day\nkind: family_day\n---\nCome along.\n",
        ),
        parsed(
            "policy/why-family-ties-matter.md",
            "---\ntitle: Why\nsummary: Why.\norder: 1\n---\n## The evidence\n",
        ),
        parsed(
            "glossary/visiting-order.md",
            "---\nterm: Visiting order\nmeaning: A permission for a visit.\nalso: [VO]\n---\n",
        ),
    ];
    let split = frontmatter::split(&fuzz_text).expect("fuzz page front matter");
    let guide: familyties::model::Guide =
        frontmatter::parse(&fuzz_text, &split).expect("fuzz page");
    let meta = Meta::Entry(Box::new(guide));
    pages.push(page(FUZZ_PAGE, fuzz_text, split, meta));
    let assets = ["images/entrance.jpg", "guides/leaflet.pdf"]
        .iter()
        .map(|p| familyties::content::Asset {
            abs: PathBuf::from("/nonexistent/content").join(p),
            content_path: p.to_string(),
        })
        .collect();
    Site::new(Path::new("/nonexistent"), config, pages, assets, today())
}

/// The `markdown` target. The first byte chooses the options (bit 0: `raw_html: reject`,
/// bit 1: glossary links off); the first line after it lists extra glossary terms
/// separated by `|`; the rest is the page's Markdown body, rendered with the real link
/// resolver over a small site in memory.
pub fn markdown(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let raw_html = if flags & 1 == 1 {
        RawHtml::Reject
    } else {
        RawHtml::Escape
    };
    let glossary_on = flags & 2 == 0;
    let input = text_of(rest);
    let (terms_line, body) = input.split_once('\n').unwrap_or(("", input.as_str()));
    let fuzz_text = format!("{FUZZ_FRONT}{body}");
    let site = memory_site(fuzz_text);

    // The build's own Markdown stage: the same preparation, link index (with the pages
    // the build makes) and per-page rendering as `pipeline::run`.
    let prepared = markdown::prepare_all(&site, theme_ids());
    let index = markdown::link_index(&site, &prepared, theme_ids(), Default::default());
    let mut terms = markdown::glossary_terms(&site);
    for form in terms_line.split('|').take(8) {
        terms.push(Term {
            forms: vec![form.to_string()],
            url: format!("/glossary/#{}", familyties::slug::slugify(form)),
        });
    }
    let linker = GlossaryLinker::new(terms);

    let diags = Diagnostics::new();
    for (page, prepared) in site.pages.iter().zip(prepared) {
        let own = page.file.content_path == FUZZ_PAGE;
        let mut ids = HashSet::new();
        for h in &prepared.headings {
            assert!(
                ids.insert(h.id.clone()),
                "two headings with the id {:?}",
                h.id
            );
            assert!(
                !theme_ids().reserved(&page.meta).contains(&h.id.as_str()),
                "heading took a reserved id {:?}",
                h.id
            );
        }
        let (errors_before, _) = diags.counts();
        let body = markdown::render_page(
            page,
            prepared,
            &index,
            glossary_on.then_some(&linker),
            raw_html,
            &diags,
        );
        let errors = diags.counts().0 > errors_before;
        for link in &body.links {
            assert!(index.url_of(link).is_some(), "recorded a link to {link:?}");
        }
        if own && !errors {
            // This page would be published: nothing in it may run script.
            assert_safe_html(&body.html);
        }
        // What the build does next with the text: reading checks and the search index.
        let stats = familyties::reading::stats(&body.text);
        let _ = stats.grade();
        let _ = familyties::reading::longest_sentences(&body.text, 3);
        let _ = familyties::reading::Jargon::new(&["VO".to_string(), "lead visitor".to_string()])
            .used(&body.text);
        let _ = familyties::slug::fold_for_search(&body.text);
    }
    // Rendering each diagnostic slices the page by its span: one off a character boundary
    // or outside the body would panic here.
    show(&diags);
}

/// Tags pulldown-cmark and the highlighter write, and the glossary's links.
const SAFE_TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "span",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];
const SAFE_ATTRIBUTES: &[&str] = &[
    "id", "class", "href", "src", "alt", "title", "style", "type", "disabled", "checked", "start",
];

/// Panics when `html` (Markdown rendered by the build) has a tag or attribute that could
/// run script: every `<` must open a known tag with known attributes, and links and
/// pictures may only use http(s), mailto: and tel: or site paths.
pub fn assert_safe_html(html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let close = tag_end(after).unwrap_or_else(|| panic!("a `<` that opens no tag: {html}"));
        check_tag(&after[..close], html);
        rest = &after[close + 1..];
    }
}

/// The index of the `>` that ends a tag, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn check_tag(tag: &str, html: &str) {
    let tag = tag.strip_suffix('/').unwrap_or(tag);
    if let Some(name) = tag.strip_prefix('/') {
        assert!(
            SAFE_TAGS.contains(&name.trim()),
            "closing tag `</{name}>` in {html}"
        );
        return;
    }
    let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    let name = &tag[..name_end];
    assert!(SAFE_TAGS.contains(&name), "tag `<{name}>` in {html}");
    let mut attrs = tag[name_end..].trim_start();
    while !attrs.is_empty() {
        let eq = attrs
            .find('=')
            .unwrap_or_else(|| panic!("attribute without a value in `<{tag}>`"));
        let attr = attrs[..eq].trim();
        let value_start = &attrs[eq + 1..];
        let quote = value_start.chars().next().expect("a value");
        assert_eq!(quote, '"', "unquoted attribute value in `<{tag}>`");
        let end = value_start[1..].find('"').expect("a closing quote");
        let value = &value_start[1..1 + end];
        assert!(
            SAFE_ATTRIBUTES.contains(&attr),
            "attribute `{attr}` in `<{tag}>` of {html}"
        );
        match attr {
            "href" | "src" => assert_safe_url(&unescape(value)),
            "style" => assert!(
                value.starts_with("text-align:"),
                "style `{value}` in {html}"
            ),
            _ => {}
        }
        attrs = value_start[1 + end + 1..].trim_start();
    }
}

/// `value` with HTML character references decoded (the named ones the build writes, and
/// every numeric one), as a browser reads an attribute.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let n = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                    };
                    n.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A link or picture address the build may write: a scheme, when there is one, is one a
/// browser will not run.
pub fn assert_safe_url(url: &str) {
    // Browsers ignore ASCII tabs and newlines inside a URL, and leading spaces and controls.
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    if let Some(colon) = lower.find(':') {
        let head = &lower[..colon];
        let is_scheme = !head.is_empty()
            && head.starts_with(|c: char| c.is_ascii_alphabetic())
            && head
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme {
            assert!(
                matches!(head, "http" | "https" | "mailto" | "tel"),
                "a `{head}:` address: {url}"
            );
        }
    }
}

/// Panics when a whole built page could run script that is not the theme's: a `<script>`
/// other than the theme's own files and JSON-LD (which must be whole, valid JSON), an
/// `on...=` attribute, an element that embeds another document, or a link, picture or
/// form whose address has a scheme a browser would run.
pub fn assert_safe_page(path: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = html[at..].find('<') {
        let start = at + i;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = start + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("</") {
            at = start + rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            at = start + 1;
            continue;
        }
        let (name, attrs, len) = parse_tag(rest);
        at = start + len;
        let attr = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        assert!(
            !matches!(
                name.as_str(),
                "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base"
            ),
            "{path}: a <{name}> element"
        );
        for (k, v) in &attrs {
            assert!(
                !k.starts_with("on"),
                "{path}: an event attribute {k}={v:?} on <{name}>"
            );
            if matches!(
                k.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "poster" | "data"
            ) {
                assert_safe_url(v);
            }
            if k == "style" {
                let v = v.to_ascii_lowercase();
                assert!(
                    !v.contains("url(") && !v.contains("expression"),
                    "{path}: style {v:?}"
                );
            }
        }
        if name == "meta" && attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
            let content = attr("content").unwrap_or("");
            if let Some((_, url)) = content.split_once("url=") {
                assert_safe_url(url);
            }
        }
        if name == "script" {
            let end = lower[at..].find("</script").map_or(html.len(), |e| at + e);
            let body = &html[at..end];
            match (attr("src"), attr("type")) {
                (Some(src), _) => {
                    assert!(
                        src.starts_with('/') && !src.starts_with("//"),
                        "{path}: a script from {src}"
                    );
                    assert!(
                        body.trim().is_empty(),
                        "{path}: a script with src and a body"
                    );
                }
                (None, Some("application/ld+json")) => {
                    assert!(!body.contains('<'), "{path}: `<` inside JSON-LD: {body}");
                    if let Err(e) = serde_json::from_str::<serde_json::Value>(body) {
                        panic!("{path}: the JSON-LD is not whole JSON ({e}): {body}");
                    }
                }
                _ => panic!("{path}: an inline script: {body}"),
            }
            at = end;
        }
    }
}

/// The lower-case name, the attributes (lower-case names, entity-decoded values) and the
/// length of the tag at the start of `s`.
fn parse_tag(s: &str) -> (String, Vec<(String, String)>, usize) {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    let name = s[1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return (name, attrs, (i + 1).min(s.len()));
        }
        let k = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = s[k..i].to_ascii_lowercase();
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let v = i + 1;
                i = v;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = unescape(&s[v..i]);
                i += 1;
            } else {
                let v = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = unescape(&s[v..i]);
            }
        }
        attrs.push((key, value));
    }
}

/// A site folder (theme copied once per process) where the `site_build` target writes the
/// fuzzed file among a minimal site.
pub struct BuildSite {
    root: PathBuf,
}

/// Where the fuzzed file goes, by the first byte of the input.
const PLACES: [&str; 9] = [
    "guides/fuzz.md",
    "prisons/fuzz/index.md",
    "prisons/leeds/fuzz.md",
    "evidence/fuzz.md",
    "policy/fuzz.md",
    "glossary/fuzz.md",
    "about.md",
    "index.md",
    "guides/first-visit.cy.md",
];

impl BuildSite {
    /// A fresh site under `dir` with a copy of `theme` (the repository's `themes/default`).
    pub fn new(dir: &Path, theme: &Path) -> BuildSite {
        let root = dir.to_path_buf();
        copy_dir(theme, &root.join("themes/default"));
        BuildSite { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Resets `content/` to the minimal site and writes `data` (after its first byte) as
    /// one content file.
    pub fn write(&self, data: &[u8]) {
        let content = self.root.join("content");
        if content.exists() {
            std::fs::remove_dir_all(&content).expect("clear content/");
        }
        std::fs::create_dir_all(content.join("guides")).expect("make content/guides");
        std::fs::create_dir_all(content.join("prisons/leeds")).expect("make content/prisons/leeds");
        std::fs::write(
            content.join("site.yaml"),
            "title: Fuzz site\nbase_url: https://example.org/\n",
        )
        .unwrap();
        std::fs::write(
            content.join("index.md"),
            "---\ntitle: Home\n---\nSee [your first visit](guides/first-visit.md).\n",
        )
        .unwrap();
        std::fs::write(
            content.join("guides/first-visit.md"),
            "---\ntitle: Your first visit\nsummary: What happens on the day.\nlast_reviewed: 2026-11-23\nsources:\n  - title: GOV.UK\n    url: https://www.gov.uk/prison-visits\n---\n## What to bring\n\nBring your ID.\n",
        )
        .unwrap();
        std::fs::write(
            content.join("prisons/leeds/index.md"),
            "---\nname: HMP Leeds\nregion: Yorkshire and the Humber\nvisiting_times:\n  source: gov-uk\n  sessions:\n    - {days: [mon], start: \"14:00\", end: \"16:00\"}\nlast_reviewed: 2026-11-23\nsources:\n  - id: gov-uk\n    title: GOV.UK\n    url: https://www.gov.uk/guidance/leeds-prison\n---\nVisits are in the afternoon.\n",
        )
        .unwrap();
        let (place, body) = match data.split_first() {
            Some((&b, rest)) => (PLACES[usize::from(b) % PLACES.len()], rest),
            None => (PLACES[0], data),
        };
        let path = content.join(place);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("make the folder");
        std::fs::write(path, &body[..body.len().min(MAX_INPUT)]).expect("write the fuzzed file");
    }

    /// Runs the whole build (without writing the output) and renders the diagnostics.
    pub fn run(&self) -> Option<familyties::pipeline::Built> {
        let options = familyties::pipeline::Options {
            root: self.root.clone(),
            today: today(),
            strict: false,
        };
        let diags = Diagnostics::new();
        let built = familyties::pipeline::run(&options, &diags);
        show(&diags);
        if let Some(built) = &built {
            assert!(!diags.has_errors(), "a site was built despite errors");
            for f in &built.files {
                let p = Path::new(&f.path);
                assert!(
                    p.is_relative() && !f.path.split(['/', '\\']).any(|s| s == ".." || s == "."),
                    "an output path outside the output folder: {}",
                    f.path
                );
                if f.path.ends_with(".html") {
                    let html = std::str::from_utf8(&f.bytes).expect("pages are UTF-8");
                    assert_safe_page(&f.path, html);
                }
            }
        }
        built
    }
}

/// The `site_build` target: `data` as one content file of a minimal site, built.
pub fn site_build(site: &BuildSite, data: &[u8]) {
    site.write(data);
    let _ = site.run();
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("make the folder");
    for entry in std::fs::read_dir(from).expect("read the folder") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// The shipped theme's ids, read once from its manifest.
fn theme_ids() -> &'static Ids {
    static IDS: std::sync::OnceLock<Ids> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        // The fuzz crate sits in fuzz/; the tests include this file from the repository root.
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = [here.join("themes/default"), here.join("../themes/default")]
            .into_iter()
            .find(|d| d.join("theme.yaml").is_file())
            .unwrap_or_else(|| here.join("themes/default"));
        Manifest::read(&dir)
            .map(|m| m.ids)
            .unwrap_or_else(|e| panic!("themes/default/theme.yaml: {e}"))
    })
}

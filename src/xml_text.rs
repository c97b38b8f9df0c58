//! Text bound for XML (feeds, sitemaps): what XML 1.0 cannot carry is taken out.

/// Text for an XML or HTML template: the characters XML 1.0 does not allow (control
/// characters other than tab and line breaks, U+FFFE, U+FFFF) removed. The template escapes
/// the rest, so a note with `&` or `<` in it cannot break a feed.
pub(crate) fn clean_text(text: &str) -> String {
    text.chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r')
                || !(c.is_control() || *c == '\u{FFFE}' || *c == '\u{FFFF}')
        })
        .collect()
}

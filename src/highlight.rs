//! Code highlighting with syntect, as CSS classes (no inline styles) so the theme's
//! stylesheet, generated once from a syntect theme, controls the colours.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded on first use: most pages have no code, and loading the syntaxes costs time.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlighting time grows with the square of a line's length in some syntaxes (a 240 KB
/// line took 16 s), so longer lines are shown plain. Real code lines are far shorter.
pub const MAX_LINE_CHARS: usize = 2_000;
// No time budget on top: the output would then depend on how busy the machine is, and a
// build must give the same bytes every time. Below the line cap, time grows with the
// number of lines only.

/// The `<pre>` block for `code` in language `lang` (a fence's info string); unknown
/// languages are shown as plain text.
pub fn highlight(code: &str, lang: &str) -> String {
    highlight_block(code, lang).0
}

/// [`highlight`], and why the block was shown without colours when it was.
pub fn highlight_block(code: &str, lang: &str) -> (String, Option<String>) {
    let lang = lang.split([',', ' ']).next().unwrap_or("").trim();
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| set.find_syntax_plain_text());
    let skipped = not_highlighted(code);
    let body = if skipped.is_some() {
        escape(code)
    } else {
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
        let mut ok = true;
        for line in LinesWithEndings::from(code) {
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                ok = false;
                break;
            }
        }
        if ok {
            generator.finalize()
        } else {
            escape(code)
        }
    };
    let lang_class = crate::slug::slugify(lang);
    let html = if lang_class.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        format!("<pre class=\"code\"><code class=\"language-{lang_class}\">{body}</code></pre>\n")
    };
    (html, skipped)
}

/// Why [`highlight_block`] would show `code` without colours, if it would: found without
/// highlighting, for a check that throws the HTML away.
pub fn not_highlighted(code: &str) -> Option<String> {
    let longest = code.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    (longest > MAX_LINE_CHARS).then(|| {
        format!(
            "this code block has a line of {longest} characters, so it is shown without colours (lines over {MAX_LINE_CHARS} are not highlighted)"
        )
    })
}

/// The stylesheet for highlighted code, from a light syntect theme with good contrast.
///
/// The theme is built into the program, so this cannot fail on an editor's content; it
/// panics rather than publish an empty stylesheet if a syntect upgrade ever drops it (the
/// test below would fail first).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let theme = themes
        .themes
        .get("InspiredGitHub")
        .expect("syntect's built-in themes include InspiredGitHub");
    css_for_theme_with_class_style(theme, CLASS_STYLE)
        .expect("syntect writes CSS for its own built-in theme")
}

/// `text` for HTML and XML (the feeds and sitemap use it too). Characters XML forbids
/// (most control characters) are left out, so no text can make a feed unreadable; the
/// front matter check refuses them earlier with their place, this is the last guard.
pub fn escape(text: &str) -> String {
    let forbidden = |c: char| {
        !matches!(c, '\t' | '\n' | '\r') && (c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')
    };
    let kept: std::borrow::Cow<str> = if text.contains(forbidden) {
        text.chars()
            .filter(|&c| !forbidden(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    };
    let mut out = String::with_capacity(kept.len() + 8);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, &kept);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaped_text_is_valid_xml() {
        assert_eq!(super::escape("a\u{1}<b>\u{7f}\t&"), "a&lt;b&gt;\t&amp;");
        assert_eq!(
            super::escape("\"it's\"\u{FFFF}\u{FFFE}\r\n"),
            "&quot;it&#39;s&quot;\r\n"
        );
    }

    #[test]
    fn very_long_lines_are_shown_plain_and_quickly() {
        let line = "h1. a *b* _c_ @d@ ".repeat(14_000);
        let started = std::time::Instant::now();
        let (html, skipped) = super::highlight_block(&line, "textile");
        assert!(started.elapsed() < std::time::Duration::from_secs(3));
        assert!(skipped.unwrap().contains("without colours"));
        assert!(!html.contains("class=\"hl-"), "not highlighted");
        assert!(html.contains("h1. a *b*"));
    }

    #[test]
    fn yaml_gets_classes_not_styles() {
        let html = super::highlight("name: HMP Leeds\n", "yaml");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(super::stylesheet().contains(".hl-"));
    }
}

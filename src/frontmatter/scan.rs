//! Checks made on the front matter's text before YAML reads it: things editors never mean
//! and that would otherwise blow up later (anchors that multiply memory, control
//! characters that break feeds and calendars) or be reported at the wrong line (a field
//! written twice). Each finding has the byte range it is about, inside the YAML text.

use std::collections::HashMap;
use std::ops::Range;

/// One problem found in the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Range<usize>,
    pub message: String,
    pub label: String,
    pub help: String,
}

/// A line of the YAML as the scanner sees it, borrowing its field name from the YAML.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// Byte range of the line in the YAML, without its line break.
    pub range: Range<usize>,
    /// The top-level field this line belongs to, if any (set for its first line too).
    pub field: Option<&'a str>,
    /// Whether the line starts a top-level field (`name: ...` at the left margin).
    pub starts_field: bool,
    /// Whether the line is inside a text value (a block `|`/`>`, a quote that goes on,
    /// or a plain value continued on the next line): its content is not YAML syntax.
    pub in_text: bool,
}

/// Splits the YAML into lines and says which top-level field each belongs to.
pub fn lines(yaml: &str) -> Vec<Line<'_>> {
    // Every page's front matter goes through here: no allocation per line.
    let mut out = Vec::with_capacity(yaml.len() / 24);
    let mut field: Option<&str> = None;
    // Lines indented more than this are text, not syntax (block scalars, continued plain
    // values); `None` when no such value is open.
    let mut text_deeper_than: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for raw in yaml.split_inclusive('\n') {
        let range = start..start + raw.trim_end_matches(['\n', '\r']).len();
        start += raw.len();
        let line = &yaml[range.clone()];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty();
        if quote.is_some() {
            quote = open_quote_after(line, quote);
            out.push(Line {
                range,
                field,
                starts_field: false,
                in_text: true,
            });
            continue;
        }
        if let Some(depth) = text_deeper_than {
            if blank || indent > depth {
                out.push(Line {
                    range,
                    field,
                    starts_field: false,
                    in_text: true,
                });
                continue;
            }
            text_deeper_than = None;
        }
        let key = (indent == 0).then(|| top_level_key(line)).flatten();
        let starts_field = key.is_some();
        if let Some(k) = key {
            field = Some(k);
        }
        out.push(Line {
            range,
            field,
            starts_field,
            in_text: false,
        });
        if blank || line.trim_start().starts_with('#') {
            continue;
        }
        // What follows `key:` or `- ` on this line decides how the next lines are read.
        let (value, value_indent) = value_of(line, indent);
        if value.starts_with('|') || value.starts_with('>') {
            text_deeper_than = Some(value_indent);
        } else if value.starts_with('"') || value.starts_with('\'') {
            quote = open_quote_after(value, None);
        } else if !value.is_empty()
            && !value.starts_with(['[', '{', '#', '&', '*', '!'])
            && !value.ends_with(':')
        {
            text_deeper_than = Some(value_indent);
        }
    }
    out
}

/// The text after any `- ` markers and `key:`, trimmed, and the indentation lines must go
/// past to continue it: the key's column, or else the last dash's.
fn value_of(line: &str, indent: usize) -> (&str, usize) {
    let mut rest = &line[indent..];
    let mut column = indent;
    loop {
        if let Some(r) = rest.strip_prefix("- ") {
            let item = r.trim_start_matches(' ');
            if !item.is_empty() && key_end(item).is_none() {
                // A plain item goes on past the dash's column.
                return (item.trim(), column);
            }
            column += rest.len() - item.len();
            rest = item;
            continue;
        }
        if rest.trim_end() == "-" {
            return ("", column);
        }
        break;
    }
    match key_end(rest) {
        Some(end) => (rest[end..].trim_start_matches(':').trim(), column),
        None => (rest.trim(), column),
    }
}

/// Where a `key:` at the start of `line` ends (the colon's index), for plain keys only.
fn key_end(line: &str) -> Option<usize> {
    let end = line.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-')))?;
    let after = &line[end..];
    (end > 0 && (after == ":" || after.starts_with(": ") || after.starts_with(":\t")))
        .then_some(end)
}

fn top_level_key(line: &str) -> Option<&str> {
    let end = key_end(line)?;
    Some(&line[..end])
}

/// The quote still open at the end of `text`, starting with `open` (None: outside quotes).
fn open_quote_after(text: &str, mut open: Option<char>) -> Option<char> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (open, c) {
            (None, '"' | '\'') => open = Some(c),
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some('\''), '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            (Some(q), c) if c == q => open = None,
            (None, '#') => break,
            _ => {}
        }
    }
    open
}

/// Every problem found in the YAML text.
pub fn scan(yaml: &str) -> Vec<Finding> {
    let lines = lines(yaml);
    let mut found = control_characters(yaml, &lines);
    found.extend(anchors(yaml, &lines));
    found.extend(formulas(yaml, &lines));
    found.extend(duplicate_fields(yaml, &lines));
    found.sort_by_key(|f| f.span.start);
    found
}

/// A character an editor cannot see and that breaks feeds (XML forbids most of them) or
/// calendars (a lone carriage return starts a new line there).
pub fn is_forbidden_control(c: char, next: Option<char>) -> bool {
    match c {
        '\t' | '\n' => false,
        '\r' => next != Some('\n'),
        c => c.is_control(),
    }
}

fn control_characters(yaml: &str, lines: &[Line]) -> Vec<Finding> {
    let mut found = Vec::new();
    if !may_have_control(yaml) {
        return found;
    }
    let mut chars = yaml.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if !is_forbidden_control(c, next) {
            continue;
        }
        let place = field_at(lines, i)
            .map(|f| format!(" in `{f}`"))
            .unwrap_or_default();
        found.push(Finding {
            span: i..i + c.len_utf8(),
            message: format!(
                "an invisible control character (U+{:04X}){place}",
                u32::from(c)
            ),
            label: "invisible character here".to_string(),
            help: "delete it and type the text again; it usually comes from copying out of another program, and it would break the site's feeds and calendars".to_string(),
        });
    }
    found
}

/// Whether [`is_forbidden_control`] holds for any character of `text`, decided on bytes:
/// every page's front matter is checked, and clean text need not be decoded. The control
/// characters are U+0000–U+001F and U+007F–U+009F; the last are `C2 80`–`C2 9F` in UTF-8.
fn may_have_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' => false,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        0..=0x1F | 0x7F => true,
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        _ => false,
    })
}

pub fn field_at<'a>(lines: &[Line<'a>], offset: usize) -> Option<&'a str> {
    lines
        .iter()
        .take_while(|l| l.range.start <= offset)
        .last()
        .and_then(|l| l.field)
}

/// `&name` where a value starts: an anchor, which an alias (`*name`) copies. Editors never
/// need them, and thousands of aliases of a long text take gigabytes to read.
fn anchors(yaml: &str, lines: &[Line]) -> Vec<Finding> {
    let mut found = Vec::new();
    for line in lines.iter().filter(|l| !l.in_text) {
        let text = &yaml[line.range.clone()];
        if !text.contains(['&', '*']) {
            continue;
        }
        for at in value_starts(text) {
            let rest = &text[at..];
            let Some(name) = rest.strip_prefix(['&', '*']) else {
                continue;
            };
            let name_len = name
                .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
                .unwrap_or(name.len());
            if name_len == 0 {
                continue;
            }
            let is_anchor = rest.starts_with('&');
            let span = line.range.start + at..line.range.start + at + 1 + name_len;
            found.push(Finding {
                span,
                message: if is_anchor {
                    "YAML anchors (`&name`) are not allowed in front matter".to_string()
                } else {
                    "YAML aliases (`*name`) are not allowed in front matter".to_string()
                },
                label: if is_anchor { "anchor" } else { "alias" }.to_string(),
                help: "write each value out in full; if the text really starts with & or *, put it in quotes".to_string(),
            });
        }
    }
    found
}

/// A value a spreadsheet would run as a formula once it is in `prisons.csv` (`=...`,
/// `@...`, `-(...)`): no field of a page means that, and the CSV neutralises it anyway.
fn formulas(yaml: &str, lines: &[Line]) -> Vec<Finding> {
    let mut found = Vec::new();
    for line in lines.iter().filter(|l| !l.in_text) {
        let text = &yaml[line.range.clone()];
        if !may_start_formula(text) {
            continue;
        }
        for at in value_starts(text) {
            let value = text[at..].trim_start_matches(['"', '\'']);
            let mut chars = value.chars();
            let risky = match (chars.next(), chars.next()) {
                (Some('=' | '@'), _) => true,
                (Some('+' | '-'), Some(c)) => matches!(c, '(' | '=' | '@' | '+' | '-'),
                _ => false,
            };
            if !risky {
                continue;
            }
            let end = text[at..]
                .find([',', ']', '}', '#'])
                .map_or(text.len(), |i| at + i);
            found.push(Finding {
                span: line.range.start + at..line.range.start + end,
                message: "a value cannot start with `=`, `@`, `+(` or `-(`: spreadsheets opening the site's prison data would run it as a formula".to_string(),
                label: "starts like a formula".to_string(),
                help: "start the value with a letter or digit; write phone numbers as digits and spaces, for example 0113 496 0000".to_string(),
            });
        }
    }
    found
}

/// Whether `line` has anything a formula could start with, so most lines skip the
/// finer look at where their values start.
fn may_start_formula(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'=' | b'@' => true,
        b'+' | b'-' => bytes
            .get(i + 1)
            .is_some_and(|n| matches!(n, b'(' | b'=' | b'@' | b'+' | b'-')),
        _ => false,
    })
}

/// Byte offsets in `line` where a YAML value can start: after the indent, after `- `,
/// after `key: `, and after `[`, `{` or `,` in a flow list.
fn value_starts(line: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let bytes = line.as_bytes();
    let mut expecting = true;
    let mut quote: Option<u8> = None;
    let mut flow = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b' ' | b'\t' => {}
            b'#' if i == 0 || bytes[i - 1] == b' ' => break,
            b'-' if expecting && bytes.get(i + 1).is_none_or(|n| *n == b' ') => {}
            b'[' | b'{' if expecting => flow += 1,
            b',' if flow > 0 => expecting = true,
            b']' | b'}' if flow > 0 => flow -= 1,
            b':' if bytes.get(i + 1).is_none_or(|n| *n == b' ') => expecting = true,
            _ => {
                if expecting {
                    starts.push(i);
                    expecting = false;
                }
                if b == b'"' || b == b'\'' {
                    quote = Some(b);
                }
            }
        }
        i += 1;
    }
    starts
}

/// A top-level field written twice: YAML reports it at the start of the front matter, so
/// the second one is pointed at here, with the line of the first.
fn duplicate_fields(yaml: &str, lines: &[Line]) -> Vec<Finding> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut found = Vec::new();
    for line in lines.iter().filter(|l| l.starts_field) {
        let Some(name) = line.field else {
            continue;
        };
        match first.get(name) {
            Some(&at) => {
                let first_line = yaml[..at].matches('\n').count() + 1;
                found.push(Finding {
                    span: line.range.start..line.range.start + name.len(),
                    message: format!("the field `{name}` is written twice"),
                    label: "written again here".to_string(),
                    help: format!(
                        "keep one of them: the first is on line {first_line} of the front matter"
                    ),
                });
            }
            None => {
                first.insert(name, line.range.start);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(yaml: &str) -> Vec<String> {
        scan(yaml).into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn anchors_and_aliases_are_found_where_values_start() {
        assert_eq!(messages("a: &x long\nb: *x\n").len(), 2);
        assert_eq!(messages("a: [*x, *x]\n").len(), 2);
        assert_eq!(messages("list:\n  - &x a\n").len(), 1);
        // Not where a value starts, or inside text.
        assert!(messages("title: Visits & calls\n").is_empty());
        assert!(messages("title: \"&amp *x\"\n").is_empty());
        assert!(messages("summary: |\n  * bring ID\n  & money\n").is_empty());
        assert!(messages("summary: Bring your\n  * ID\n").is_empty());
        assert!(messages("summary: \"Bring\n  *ID\"\n").is_empty());
        assert!(messages("note: 5 * 3 # *x\n").is_empty());
    }

    #[test]
    fn values_that_spreadsheets_run_are_refused() {
        assert_eq!(messages("name: =HYPERLINK(\"x\")\n").len(), 1);
        assert_eq!(messages("phone: \"-(0113)-(2032600)\"\n").len(), 1);
        assert_eq!(messages("list: [\"@SUM(A1)\", ok]\n").len(), 1);
        assert!(messages("phone: \"+44 113 203 2600\"\nn: -5\nt: a = b\n").is_empty());
    }

    #[test]
    fn control_characters_name_their_field() {
        let found = scan("name: HMP\u{1}Leeds\ntown: Leeds\r\nnote: a\rb\n");
        let msgs: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "an invisible control character (U+0001) in `name`",
                "an invisible control character (U+000D) in `note`"
            ]
        );
        assert_eq!(found[0].span, 9..10);
    }

    #[test]
    fn the_byte_check_for_control_characters_agrees_with_the_character_check() {
        for c in (0u32..0x200).filter_map(char::from_u32) {
            for next in [None, Some('\n'), Some('a')] {
                let mut text = format!("a{c}");
                text.extend(next);
                let by_chars = text
                    .char_indices()
                    .any(|(i, c)| is_forbidden_control(c, text[i + c.len_utf8()..].chars().next()));
                assert_eq!(may_have_control(&text), by_chars, "{text:?}");
            }
        }
    }

    #[test]
    fn a_field_written_twice_is_pointed_at_the_second_time() {
        let found = scan("title: a\nsummary: b\ntitle: c\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, 20..25);
        assert!(found[0].help.contains("line 1"), "{found:?}");
        assert!(scan("list:\n  - title: a\n  - title: b\n").is_empty());
    }
}

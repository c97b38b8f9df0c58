//! Splitting a content file into its YAML front matter and Markdown body, and reading the
//! YAML into a typed struct with errors placed at the line inside the file.

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;

/// The two parts of a content file, as byte ranges of the file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub yaml: Range<usize>,
    pub body: Range<usize>,
}

/// Finds the `---` fences. The text has already had any byte-order mark removed.
pub fn split(text: &str) -> Result<Split, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        let shown = text.lines().next().unwrap_or("").trim();
        let message = if text.trim().is_empty() {
            "this file is empty".to_string()
        } else {
            "this file does not start with front matter".to_string()
        };
        let help = if shown.starts_with("--") || shown.starts_with("+++") {
            "the first line must be exactly three dashes: ---".to_string()
        } else {
            "start the file with a line `---`, then the fields (for example `title: Your first visit`), then another `---` line, then the text".to_string()
        };
        return Err(Diagnostic::error(message)
            .at(text, 0..first_line_end)
            .label("expected `---` here")
            .help(help));
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: yaml_start..pos,
                body: body_start..text.len(),
            });
        }
        pos = end + 1;
    }
    Err(Diagnostic::error("the front matter is never closed")
        .at(text, 0..first_line_end)
        .label("front matter starts here")
        .help("add a line with just `---` after the last field, before the text of the page"))
}

/// Reads the YAML of `split` into `T`. On failure the diagnostic points at the line and
/// column inside the whole file, says what is wrong and suggests a fix.
pub fn parse<T: DeserializeOwned>(text: &str, split: &Split) -> Result<T, Diagnostic> {
    let yaml = &text[split.yaml.clone()];
    if yaml.trim().is_empty() {
        return Err(Diagnostic::error("the front matter has no fields")
            .at(text, 0..3)
            .help("write the fields between the two `---` lines, for example `title: Your first visit`"));
    }
    serde_yaml::from_str::<T>(yaml).map_err(|e| yaml_error(text, split, &e))
}

fn yaml_error(text: &str, split: &Split, e: &serde_yaml::Error) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml writes positions inside the message (" at line L column C", counted
    // from the first line of the YAML, not of the file); the position is shown separately.
    let message = strip_positions(&full);
    let mut offset = e
        .location()
        .map_or(split.yaml.start, |l| split.yaml.start + l.index());
    // An unclosed quote is noticed only at the end of the front matter; point at the
    // line where the quote opened, which serde_yaml names last.
    if full.contains("while scanning a quoted scalar")
        && let Some((line, column)) = last_position(&full)
    {
        let yaml = &text[split.yaml.clone()];
        offset = split.yaml.start + crate::diagnostics::offset_of(yaml, line, column);
    }
    let (message, label, help, len) = explain(&message);
    let mut span_end = offset + len;
    if len == 0 {
        span_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i)
            .max(offset + 1)
            .min(text.len());
    }
    let d = Diagnostic::error(message).at(text, offset..span_end);
    let d = match label {
        Some(l) => d.label(l),
        None => d,
    };
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// `message` without the " at line L column C" positions serde_yaml puts in it.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let n = digits(after);
        match after[n..].strip_prefix(" column ") {
            Some(col) if n > 0 && digits(col) > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The last "line L column C" in a serde_yaml message (1-based).
fn last_position(message: &str) -> Option<(usize, usize)> {
    let i = message.rfind("line ")?;
    let mut words = message[i..].split_whitespace();
    let (_, line, _, column) = (words.next()?, words.next()?, words.next()?, words.next()?);
    let num = |s: &str| {
        s.trim_end_matches(|c: char| !c.is_ascii_digit())
            .parse::<usize>()
            .ok()
    };
    Some((num(line)?, num(column)?))
}

/// Turns serde's wording into an editor's: what is wrong, a label and how to fix it.
fn explain(message: &str) -> (String, Option<String>, Option<String>, usize) {
    let (path, rest) = split_path(message);
    let place = if path.is_empty() {
        String::new()
    } else {
        format!(" in `{path}`")
    };
    if rest.contains("while scanning a quoted scalar") {
        return (
            "a quoted value in the front matter is never closed".to_string(),
            Some("this quote has no closing quote".to_string()),
            Some(
                "add the same quote mark (\" or ') at the end of the value, on the same line"
                    .to_string(),
            ),
            1,
        );
    }
    // The field checks (dates, times, postcodes, phones, web addresses) say
    // "`value` is not a ...: how to write it"; show the how as the help.
    if let Some(close) = rest.strip_prefix('`').and_then(|r| r.find('`')) {
        let after = &rest[close + 2..];
        if after.starts_with(" is not ")
            && let Some(colon) = after.find(": ")
        {
            let what = &rest[..close + 2 + colon];
            let how = &after[colon + 2..];
            let label = after[" is ".len()..colon].to_string();
            return (
                format!("{what}{place}"),
                Some(label),
                Some(how.to_string()),
                0,
            );
        }
    }
    if let Some(after) = rest.strip_prefix("unknown field `") {
        let name = after.split('`').next().unwrap_or("");
        let expected = expected_list(after);
        let candidates: Vec<&str> = expected.iter().map(String::as_str).collect();
        let help = match closest(name, &candidates) {
            Some(best) => format!("did you mean `{best}`?"),
            None if !candidates.is_empty() => {
                format!("the fields allowed here are: {}", candidates.join(", "))
            }
            None => "remove this field".to_string(),
        };
        return (
            format!("unknown field `{name}`{place}"),
            Some("not a field this page can have".to_string()),
            Some(help),
            name.len(),
        );
    }
    if let Some(after) = rest.strip_prefix("missing field `") {
        let name = after.split('`').next().unwrap_or("");
        return (
            format!("missing field `{name}`{place}"),
            Some("required field missing from this block".to_string()),
            Some(format!("add a line `{name}: ...` to the front matter")),
            0,
        );
    }
    if let Some(after) = rest.strip_prefix("unknown variant `") {
        let value = after.split('`').next().unwrap_or("");
        let expected = expected_list(after);
        let options: Vec<&str> = expected.iter().map(String::as_str).collect();
        let help = match closest(value, &options) {
            Some(best) => format!(
                "did you mean `{best}`? The choices are: {}",
                options.join(", ")
            ),
            None => format!("use one of: {}", options.join(", ")),
        };
        return (
            format!("`{value}` is not one of the allowed values{place}"),
            Some("not an allowed value".to_string()),
            Some(help),
            value.len(),
        );
    }
    if rest.starts_with("invalid type") {
        return (
            format!("wrong kind of value{place}: {}", rest.trim_start_matches("invalid type: ")),
            None,
            Some("check the value against the field's description in the editors' guide (a list needs `- ` items or [a, b]; text with a colon needs quotes)".to_string()),
            0,
        );
    }
    if rest.contains("did not find expected")
        || rest.contains("mapping values are not allowed")
        || rest.contains("could not find expected")
        || rest.contains("found character that cannot start")
    {
        let what = if rest.contains("mapping values are not allowed") {
            "a `name:` is not expected here (wrong indentation, or a value with `: ` in it that needs quotes)"
        } else {
            rest
        };
        return (
            format!("the front matter is not valid YAML: {what}"),
            Some("YAML syntax problem here".to_string()),
            Some("check this line and the one above: every field is `name: value`, lists start with `- `, indent with spaces (not tabs), and put text containing `:` or `#` in quotes".to_string()),
            0,
        );
    }
    if rest.contains("recursion limit") || rest.contains("repetition limit") {
        return (
            format!("the front matter is too deeply nested or repeats itself too much: {rest}"),
            None,
            Some(
                "front matter should be a few plain fields; remove the anchors (&) and aliases (*)"
                    .to_string(),
            ),
            0,
        );
    }
    let help = if rest.starts_with('`') && rest.contains(" is not ") {
        None
    } else {
        Some("check this value against the field's description in the editors' guide".to_string())
    };
    (
        format!(
            "{rest}{}",
            if place.is_empty() {
                String::new()
            } else {
                place
            }
        ),
        None,
        help,
        0,
    )
}

/// serde_yaml prefixes nested errors with the field path: `visiting_times[0].start: ...`.
fn split_path(message: &str) -> (&str, &str) {
    if let Some(i) = message.find(": ") {
        let head = &message[..i];
        if !head.is_empty()
            && !head.contains(' ')
            && head
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
        {
            return (head, &message[i + 2..]);
        }
    }
    ("", message)
}

fn expected_list(after: &str) -> Vec<String> {
    let Some(i) = after.find("expected ") else {
        return Vec::new();
    };
    after[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The candidate nearest to `name`, when near enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(name, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fences_and_crlf() {
        let text = "---\r\ntitle: x\r\n---\r\nbody\r\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.yaml.clone()], "title: x\r\n");
        assert_eq!(&text[s.body.clone()], "body\r\n");
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_errors() {
        assert!(
            split("---\ntitle: x\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
        assert!(
            split("# Title\n")
                .unwrap_err()
                .message
                .contains("does not start")
        );
        assert!(split("").unwrap_err().message.contains("empty"));
    }

    #[test]
    fn positions_are_taken_out_of_yaml_messages() {
        let m = "found unexpected end of stream at line 7 column 1, while scanning a quoted scalar at line 1 column 8";
        assert_eq!(
            strip_positions(m),
            "found unexpected end of stream, while scanning a quoted scalar"
        );
        assert_eq!(last_position(m), Some((1, 8)));
        assert_eq!(strip_positions("a value at line x"), "a value at line x");
    }

    #[test]
    fn unclosed_quote_points_at_the_opening_quote() {
        let text = "---\ntitle: \"Your first visit\nsummary: x\n---\n";
        let s = split(text).unwrap();
        let d = parse::<std::collections::BTreeMap<String, String>>(text, &s).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(8)), "{d:?}");
        assert!(d.message.contains("never closed"), "{d:?}");
    }

    #[test]
    fn field_checks_give_the_right_form_as_help() {
        let (message, label, help, _) =
            explain("visiting_times[1].start: `2pm` is not a time: write it as \"HH:MM\"");
        assert_eq!(message, "`2pm` is not a time in `visiting_times[1].start`");
        assert_eq!(label.as_deref(), Some("not a time"));
        assert_eq!(help.as_deref(), Some("write it as \"HH:MM\""));
    }

    #[test]
    fn suggestions_for_typos() {
        assert_eq!(
            closest("visting_times", &["visiting_times", "name"]),
            Some("visiting_times")
        );
        assert_eq!(closest("zzz", &["visiting_times"]), None);
    }
}

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
    // serde_yaml appends " at line L column C"; the position is shown separately.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let offset = e
        .location()
        .map_or(split.yaml.start, |l| split.yaml.start + l.index());
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

/// Turns serde's wording into an editor's: what is wrong, a label and how to fix it.
fn explain(message: &str) -> (String, Option<String>, Option<String>, usize) {
    let (path, rest) = split_path(message);
    let place = if path.is_empty() {
        String::new()
    } else {
        format!(" in `{path}`")
    };
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
            name.chars().count(),
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
            Some(best) => format!("did you mean `{best}`? The choices are: {}", options.join(", ")),
            None => format!("use one of: {}", options.join(", ")),
        };
        return (
            format!("`{value}` is not one of the allowed values{place}"),
            Some("not an allowed value".to_string()),
            Some(help),
            value.chars().count(),
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
    if rest.contains("did not find expected") || rest.contains("mapping values are not allowed") || rest.contains("could not find expected") || rest.contains("found character that cannot start") {
        return (
            format!("the front matter is not valid YAML: {rest}"),
            Some("YAML syntax problem here".to_string()),
            Some("check this line and the one above: every field is `name: value`, lists start with `- `, indent with spaces (not tabs), and put text containing `:` or `#` in quotes".to_string()),
            0,
        );
    }
    if rest.contains("recursion limit") || rest.contains("repetition limit") {
        return (
            format!("the front matter is too deeply nested or repeats itself too much: {rest}"),
            None,
            Some("front matter should be a few plain fields; remove the anchors (&) and aliases (*)".to_string()),
            0,
        );
    }
    let help = if rest.starts_with('`') && rest.contains(" is not ") {
        None
    } else {
        Some("check this value against the field's description in the editors' guide".to_string())
    };
    (format!("{rest}{}", if place.is_empty() { String::new() } else { place }), None, help, 0)
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
        assert!(split("---\ntitle: x\n").unwrap_err().message.contains("never closed"));
        assert!(split("# Title\n").unwrap_err().message.contains("does not start"));
        assert!(split("").unwrap_err().message.contains("empty"));
    }

    #[test]
    fn suggestions_for_typos() {
        assert_eq!(closest("visting_times", &["visiting_times", "name"]), Some("visiting_times"));
        assert_eq!(closest("zzz", &["visiting_times"]), None);
    }
}

//! serde_yaml's messages in an editor's words: what is wrong, a label under it and how to
//! fix it, placed at the line and column inside the whole file.

use super::{Split, closest};
use crate::diagnostics::Diagnostic;

pub fn yaml_error(text: &str, split: &Split, e: &serde_yaml::Error) -> Diagnostic {
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
pub fn strip_positions(message: &str) -> String {
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
pub fn last_position(message: &str) -> Option<(usize, usize)> {
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
pub fn explain(message: &str) -> (String, Option<String>, Option<String>, usize) {
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
    if let Some(kinds) = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))
        && let Some((found, expected)) = kinds.rsplit_once(", expected ")
    {
        let (wanted, help) = editor_kind(expected, path);
        let field = if path.is_empty() {
            "this value".to_string()
        } else {
            format!("`{path}`")
        };
        return (
            format!(
                "{field} should be {wanted}, but it is {}",
                editor_found(found)
            ),
            Some(format!("not {wanted}")),
            Some(help),
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

/// What serde expected, as an editor would say it, and how to write it.
fn editor_kind(expected: &str, path: &str) -> (String, String) {
    let field = path.rsplit('.').next().unwrap_or(path);
    let e = expected.trim();
    let whole = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize",
    ];
    if whole.contains(&e) || e.contains("integer") {
        let unit = ["hours", "days", "minutes", "weeks"]
            .into_iter()
            .find(|u| field.ends_with(u));
        let what = unit.map_or("a whole number".to_string(), |u| {
            format!("a whole number of {u}")
        });
        let negative = if e.starts_with('u') {
            ", not below 0"
        } else {
            ""
        };
        return (
            what,
            format!(
                "write just the number, with no words or decimal point{negative}, for example `24`"
            ),
        );
    }
    if matches!(e, "f32" | "f64") || e.contains("float") {
        return (
            "a number".into(),
            "write just the number, for example `9` or `8.5`".into(),
        );
    }
    if e.contains("sequence") || e.contains("Vec") || e.contains("list") {
        return (
            "a list".into(),
            "write the items on the lines below, each starting with `- `, or on one line as [first, second]".into(),
        );
    }
    if e.contains("boolean") || e == "bool" {
        return (
            "yes or no".into(),
            "write `true` for yes or `false` for no".into(),
        );
    }
    if e.contains("date") {
        return (
            "a date written as YYYY-MM-DD".into(),
            "write the date as year-month-day, for example 2026-03-01".into(),
        );
    }
    if e.contains("time") {
        return (
            "a time written as HH:MM".into(),
            "write the time in quotes on the 24-hour clock, for example \"14:30\"".into(),
        );
    }
    if e.contains("string") || e.contains("str") {
        return (
            "text".into(),
            "write the text on the same line after the colon; put it in quotes if it contains `: ` or starts with [ or {".into(),
        );
    }
    if e.contains("struct") || e.contains("map") || e.contains("enum") {
        return (
            "a group of fields".into(),
            format!(
                "write the fields of `{field}` on the lines below it, each indented by two spaces, as `name: value`"
            ),
        );
    }
    (
        e.trim_start_matches("a ").to_string(),
        "check the value against the field's description in the editors' guide".into(),
    )
}

/// What serde found, as an editor would say it.
fn editor_found(found: &str) -> String {
    let quoted = |s: &str| {
        s.trim_matches(|c| c == '"' || c == '`')
            .chars()
            .take(60)
            .collect::<String>()
    };
    if let Some(v) = found.strip_prefix("string ") {
        return format!("the text `{}`", quoted(v));
    }
    for number in ["integer ", "floating point "] {
        if let Some(v) = found.strip_prefix(number) {
            return format!("the number {}", quoted(v));
        }
    }
    if let Some(v) = found.strip_prefix("boolean ") {
        return format!("the yes-or-no value {}", quoted(v));
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a group of fields".into(),
        "unit value" => "empty".into(),
        other => other.to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn field_checks_give_the_right_form_as_help() {
        let (message, label, help, _) =
            explain("visiting_times[1].start: `2pm` is not a time: write it as \"HH:MM\"");
        assert_eq!(message, "`2pm` is not a time in `visiting_times[1].start`");
        assert_eq!(label.as_deref(), Some("not a time"));
        assert_eq!(help.as_deref(), Some("write it as \"HH:MM\""));
    }
}

//! Editing front matter as text, so an editor's layout and comments stay as they were:
//! new groups go before the status fields, new fields at the end of their group, new
//! sources at the end of the list, at its own indent.

use serde_yaml::{Mapping, Value};

use crate::commands::import::yaml::{Node, emit};

/// Fields that hold whole numbers: `emit` quotes anything that reads as a number, which is
/// right for text but not for these.
const NUMBERS: [&str; 6] = [
    "notice_working_days",
    "book_up_to_days",
    "most_visitors",
    "most_adults",
    "adult_from_age",
    "lead_visitor_min_age",
];

/// `emit`, with the number fields written as numbers.
pub(super) fn emit_fm(fields: &[(String, Node)]) -> String {
    emit(fields)
        .split_inclusive('\n')
        .map(|line| {
            let key = line.trim_start().split(':').next().unwrap_or("");
            let value = line.split_once(": ").map_or("", |(_, v)| v.trim_end());
            let digits = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()));
            match digits {
                Some(n) if NUMBERS.contains(&key) => {
                    format!("{}: {n}\n", line.split_once(": ").map_or("", |(k, _)| k))
                }
                _ => line.to_string(),
            }
        })
        .collect()
}

pub(super) fn reread(key: &str, node: &Node) -> Option<Value> {
    let text = emit_fm(&[(key.to_string(), node.clone())]);
    serde_yaml::from_str::<Mapping>(&text)
        .ok()?
        .get(key)
        .cloned()
}

pub(super) fn short(v: &Value) -> String {
    let s = serde_yaml::to_string(v).unwrap_or_default();
    let s = s.trim().replace('\n', " ");
    if s.chars().count() > 80 {
        format!("\"{}…\"", s.chars().take(80).collect::<String>())
    } else {
        format!("\"{s}\"")
    }
}

const AFTER_FACTS: [&str; 10] = [
    "family_days",
    "support",
    "notices",
    "status",
    "status_note",
    "closed_on",
    "replaced_by",
    "aliases",
    "last_reviewed",
    "sources",
];

/// Puts a new group before the page's status and review fields, so facts stay together.
pub(super) fn insert_group(fm: &str, block: &str) -> String {
    let mut pos = fm.len();
    let mut at = 0;
    for line in fm.split_inclusive('\n') {
        if AFTER_FACTS
            .iter()
            .any(|k| line.starts_with(&format!("{k}:")))
        {
            pos = at;
            break;
        }
        at += line.len();
    }
    let mut out = fm.to_string();
    if pos == out.len() && !out.ends_with('\n') {
        out.push('\n');
        pos = out.len();
    }
    out.insert_str(pos, block);
    out
}

/// The column the items of the top-level list `key:` start at (2 when it has none yet).
pub(super) fn seq_indent(fm: &str, key: &str) -> usize {
    let mut inside = false;
    for line in fm.lines() {
        if inside {
            let trimmed = line.trim_start();
            if trimmed.starts_with("- ") || trimmed == "-" {
                return line.len() - trimmed.len();
            }
            if !line.starts_with(' ') && !line.trim().is_empty() {
                break;
            }
        } else if line.trim_end() == format!("{key}:") {
            inside = true;
        }
    }
    2
}

/// Gives the listed source with this `url` an `id:` line, at its own indent.
pub(super) fn name_source(fm: &str, url: &str, id: &str) -> Option<String> {
    let mut at = 0;
    for line in fm.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let pad = line.len() - trimmed.len();
        if trimmed.trim_end() == format!("url: {url}") {
            let mut out = fm.to_string();
            out.insert_str(at, &format!("{}id: {id}\n", " ".repeat(pad)));
            return Some(out);
        }
        if trimmed.trim_end() == format!("- url: {url}") {
            let mut out = fm.to_string();
            out.replace_range(
                at + pad..at + pad + 2,
                &format!("- id: {id}\n{}", " ".repeat(pad + 2)),
            );
            return Some(out);
        }
        at += line.len();
    }
    None
}

/// Adds lines at the end of the top-level block `key:`; `None` if the block is written
/// on one line.
pub(super) fn insert_in_block(fm: &str, key: &str, lines: &str) -> Option<String> {
    let mut at = 0;
    let mut start = None;
    for line in fm.split_inclusive('\n') {
        if start.is_some() {
            let indented = line.starts_with(' ') || line.starts_with('-') || line.trim().is_empty();
            if !indented {
                let mut out = fm.to_string();
                out.insert_str(at, lines);
                return Some(out);
            }
        } else if line.trim_end() == format!("{key}:") {
            start = Some(at);
        }
        at += line.len();
    }
    start?;
    let mut out = fm.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(lines);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_grow_in_place() {
        let fm = "name: X\nbooking:\n  phone: \"0113 203 2570\"\nstatus: open\n";
        let out = insert_in_block(fm, "booking", "  email: a@b.c\n").unwrap();
        assert_eq!(
            out,
            "name: X\nbooking:\n  phone: \"0113 203 2570\"\n  email: a@b.c\nstatus: open\n"
        );
        assert_eq!(
            insert_group("name: X\nstatus: open\n", "visitors:\n  most_visitors: 6\n"),
            "name: X\nvisitors:\n  most_visitors: 6\nstatus: open\n"
        );
        assert!(insert_in_block("booking: {phone: x}\n", "booking", "  a: b\n").is_none());
        assert_eq!(seq_indent("sources:\n- title: a\n", "sources"), 0);
        assert_eq!(
            name_source(
                "sources:\n  - title: A\n    url: https://x/\n",
                "https://x/",
                "a"
            )
            .unwrap(),
            "sources:\n  - title: A\n    id: a\n    url: https://x/\n"
        );
        assert_eq!(
            name_source(
                "sources:\n  - url: https://x/\n    title: A\n",
                "https://x/",
                "a"
            )
            .unwrap(),
            "sources:\n  - id: a\n    url: https://x/\n    title: A\n"
        );
        assert_eq!(seq_indent("sources:\n  - title: a\n", "sources"), 2);
    }
}

//! Writing front matter by hand, in the layout the editors' guide uses (short lists in
//! `[a, b]` form, two-space indents), so generated files read like files an editor wrote.
//! Every piece is checked by reading it back with serde_yaml; anything that would not read
//! back as the same text is written in double quotes.

use serde_yaml::{Mapping, Value};

/// A value in a front matter block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Scalar(String),
    /// A short list written on one line: `[HMP, YOI]`.
    Flow(Vec<String>),
    /// A nested block of fields.
    Map(Fields),
    /// A list of blocks (`sources:` and the like).
    Seq(Vec<Fields>),
}

/// Fields in the order they are written.
pub(crate) type Fields = Vec<(String, Node)>;

impl Node {
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Node::Scalar(s) => Value::String(s.clone()),
            Node::Flow(items) => {
                Value::Sequence(items.iter().cloned().map(Value::String).collect())
            }
            Node::Map(fields) => Value::Mapping(to_mapping(fields)),
            Node::Seq(blocks) => Value::Sequence(
                blocks
                    .iter()
                    .map(|f| Value::Mapping(to_mapping(f)))
                    .collect(),
            ),
        }
    }
}

pub(crate) fn to_mapping(fields: &[(String, Node)]) -> Mapping {
    fields
        .iter()
        .map(|(k, v)| (Value::String(k.clone()), v.to_value()))
        .collect()
}

/// Whether `line` (one `key: value` line) reads back as exactly `want` under `key`.
fn reads_back(line: &str, want: &Value) -> bool {
    match serde_yaml::from_str::<Mapping>(line) {
        Ok(m) => m.len() == 1 && m.get("k") == Some(want),
        Err(_) => false,
    }
}

fn quoted(s: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar with the same meaning.
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace(['"', '\\'], "")))
}

/// Words older YAML readers take for true, false or nothing, and clock times (which YAML
/// 1.1 reads as numbers); quoted so that no tool an editor uses reads them as anything but
/// text.
fn looks_special(s: &str) -> bool {
    const WORDS: [&str; 11] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "none",
    ];
    let clock = s.contains(':') && s.chars().all(|c| c.is_ascii_digit() || c == ':');
    clock || WORDS.contains(&s.to_ascii_lowercase().as_str())
}

/// `s` as a block scalar: plain when that is safe, otherwise in double quotes.
pub(crate) fn scalar(s: &str) -> String {
    let plain_safe = !s.is_empty()
        && !looks_special(s)
        && s.trim() == s
        && !s.contains(['\n', '\r', '\t'])
        && reads_back(&format!("k: {s}"), &Value::String(s.to_string()));
    if plain_safe { s.to_string() } else { quoted(s) }
}

/// `s` as an item of a `[a, b]` list.
fn flow_item(s: &str) -> String {
    let simple = !s.is_empty()
        && !looks_special(s)
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '\'' | '’' | '/'))
        && s.trim() == s
        && reads_back(
            &format!("k: [{s}]"),
            &Value::Sequence(vec![Value::String(s.to_string())]),
        );
    if simple { s.to_string() } else { quoted(s) }
}

fn emit_into(
    out: &mut String,
    fields: &[(String, Node)],
    indent: usize,
    first_prefix: Option<&str>,
) {
    for (i, (key, node)) in fields.iter().enumerate() {
        let pad = match (i, first_prefix) {
            (0, Some(prefix)) => prefix.to_string(),
            _ => " ".repeat(indent),
        };
        match node {
            Node::Scalar(s) => out.push_str(&format!("{pad}{key}: {}\n", scalar(s))),
            Node::Flow(items) => {
                let items: Vec<String> = items.iter().map(|s| flow_item(s)).collect();
                out.push_str(&format!("{pad}{key}: [{}]\n", items.join(", ")));
            }
            Node::Map(inner) => {
                out.push_str(&format!("{pad}{key}:\n"));
                emit_into(out, inner, indent + 2, None);
            }
            Node::Seq(blocks) => {
                out.push_str(&format!("{pad}{key}:\n"));
                let dash = format!("{}- ", " ".repeat(indent + 2));
                for block in blocks {
                    emit_into(out, block, indent + 4, Some(&dash));
                }
            }
        }
    }
}

/// The fields as a YAML block, one field a line, ending with a newline.
pub(crate) fn emit(fields: &[(String, Node)]) -> String {
    let mut out = String::new();
    emit_into(&mut out, fields, 0, None);
    let reads_same = serde_yaml::from_str::<Mapping>(&out).is_ok_and(|m| m == to_mapping(fields));
    if reads_same || fields.is_empty() {
        out
    } else {
        // Never expected; serde_yaml's own layout is always right, if plainer.
        serde_yaml::to_string(&to_mapping(fields)).unwrap_or(out)
    }
}

/// Shorthand for building fields.
pub fn field(key: &str, node: Node) -> (String, Node) {
    (key.to_string(), node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_when_safe_quoted_otherwise() {
        assert_eq!(scalar("HMP & YOI Altcourse"), "HMP & YOI Altcourse");
        assert_eq!(scalar("2026-11-23"), "2026-11-23");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("14:00"), "\"14:00\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("& anchor"), "\"& anchor\"");
        assert_eq!(scalar("Women's closed"), "Women's closed");
        assert_eq!(scalar("x # y"), "\"x # y\"");
        assert_eq!(scalar(""), "\"\"");
    }

    #[test]
    fn blocks_read_back() {
        let fields = vec![
            field("name", Node::Scalar("HMP Leeds".into())),
            field("types", Node::Flow(vec!["HMP".into(), "a, b".into()])),
            field(
                "address",
                Node::Map(vec![field("postcode", Node::Scalar("LS12 2TJ".into()))]),
            ),
            field(
                "sources",
                Node::Seq(vec![vec![
                    field("title", Node::Scalar("Leeds: GOV.UK".into())),
                    field("url", Node::Scalar("https://www.gov.uk/x".into())),
                ]]),
            ),
        ];
        let text = emit(&fields);
        assert_eq!(
            text,
            "name: HMP Leeds\ntypes: [HMP, \"a, b\"]\naddress:\n  postcode: LS12 2TJ\nsources:\n  - title: \"Leeds: GOV.UK\"\n    url: https://www.gov.uk/x\n"
        );
    }
}

//! Splitting a content file into its YAML front matter and Markdown body, and reading the
//! YAML into a typed struct with errors placed at the line inside the file. [`scan`] looks
//! at the text first (anchors, control characters, fields written twice); [`explain`]
//! words serde_yaml's messages for editors.

mod budget;
mod explain;
pub mod scan;

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

/// Stop looking for more mistakes in one file after this many.
const MAX_MISTAKES: usize = 20;

/// Reads the YAML of `split` into `T`. On failure the diagnostic points at the line and
/// column inside the whole file, says what is wrong and suggests a fix; every further
/// mistake in the file rides along in its `also`, so an editor sees them all in one run.
pub fn parse<T: DeserializeOwned>(text: &str, split: &Split) -> Result<T, Diagnostic> {
    let yaml = &text[split.yaml.clone()];
    if yaml.trim().is_empty() {
        return Err(Diagnostic::error("the front matter has no fields")
            .at(text, 0..3)
            .help("write the fields between the two `---` lines, for example `title: Your first visit`"));
    }
    let mut findings = scan::scan(yaml);
    if findings.len() > MAX_MISTAKES {
        // Thousands of aliases are one mistake made many times; a few show it.
        let more = findings.len() - MAX_MISTAKES;
        findings.truncate(MAX_MISTAKES);
        if let Some(last) = findings.last_mut() {
            last.help.push_str(&format!(
                " ({more} more problems like these in this file are not listed)"
            ));
        }
    }
    if !findings.is_empty() {
        let all = findings.into_iter().map(|f| {
            Diagnostic::error(f.message)
                .at(
                    text,
                    split.yaml.start + f.span.start..split.yaml.start + f.span.end,
                )
                .label(f.label)
                .help(f.help)
        });
        return Err(together(all.collect()));
    }
    // Aliases need a `*`; without one nothing can expand.
    if yaml.contains('*') && budget::check(yaml).is_err() {
        return Err(Diagnostic::error(format!(
            "the front matter would grow to more than {} KB when read: YAML aliases (`*name`) copy other values",
            budget::MAX_EXPANDED / 1024
        ))
        .at(text, split.yaml.start..split.yaml.start + 3)
        .help("write each value out in full, without `&name` anchors or `*name` aliases"));
    }
    match serde_yaml::from_str::<T>(yaml) {
        Ok(value) => Ok(value),
        Err(first) => Err(together(every_mistake::<T>(text, split, &first))),
    }
}

/// The first diagnostic, carrying the others.
fn together(mut all: Vec<Diagnostic>) -> Diagnostic {
    let mut first = all.remove(0);
    first.also = all;
    first
}

/// `first` and the mistakes after it: the top-level field each mistake is in is blanked
/// out (spaces keep every other position where it was) and the YAML read again.
fn every_mistake<T: DeserializeOwned>(
    text: &str,
    split: &Split,
    first: &serde_yaml::Error,
) -> Vec<Diagnostic> {
    let yaml = &text[split.yaml.clone()];
    let mut found = vec![explain::yaml_error(text, split, first)];
    // A syntax mistake leaves nothing reliable to read further.
    if serde_yaml::from_str::<serde_yaml::Value>(yaml).is_err() {
        return found;
    }
    let lines = scan::lines(yaml);
    let mut current = yaml.to_string();
    let mut blanked: Vec<String> = Vec::new();
    let mut error = first.to_string();
    let mut location = first.location();
    while found.len() < MAX_MISTAKES {
        if let Some(name) = missing_field(&error) {
            // Not a mistake of its own when it follows from one already reported: the
            // field was blanked out, or a misspelt field was taken to mean it.
            let suggested = format!("did you mean `{name}`?");
            let follows = blanked.iter().any(|b| b == name)
                || found[..found.len() - 1]
                    .iter()
                    .any(|d| d.help.as_deref() == Some(suggested.as_str()));
            if follows {
                found.pop();
            }
            break;
        }
        let Some(field) = location.and_then(|l| scan::field_at(&lines, l.index())) else {
            break;
        };
        if blanked.iter().any(|b| b == field) {
            break;
        }
        current = blank_field(&current, &lines, field);
        blanked.push(field.to_string());
        match serde_yaml::from_str::<T>(&current) {
            Ok(_) => break,
            Err(e) => {
                found.push(explain::yaml_error(text, split, &e));
                error = e.to_string();
                location = e.location();
            }
        }
    }
    found
}

fn missing_field(message: &str) -> Option<&str> {
    let after = message.split("missing field `").nth(1)?;
    after.split('`').next()
}

/// `yaml` with every line of top-level `field` turned to spaces, byte for byte.
fn blank_field(yaml: &str, lines: &[scan::Line], field: &str) -> String {
    let mut bytes = yaml.as_bytes().to_vec();
    for line in lines.iter().filter(|l| l.field == Some(field)) {
        for b in &mut bytes[line.range.clone()] {
            *b = b' ';
        }
    }
    // Only whole lines were replaced, by ASCII spaces, so the text is still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| yaml.to_string())
}

const CLOSEST_CHARS: usize = 48;

/// The candidate nearest to `name`, when near enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Compared on their first characters only: the score's cost grows with the product of
    // the lengths, and a typo shows in the first few dozen letters anyway.
    let head = |s: &str| -> String { s.chars().take(CLOSEST_CHARS).collect() };
    // `town_cy` for `town`, `facility` for `facilities`: a field with a language or plural
    // ending added or dropped is the likeliest meaning, whatever the letter-by-letter score.
    let base = |s: &str| {
        let s = s.to_lowercase();
        let s = s
            .strip_suffix("_cy")
            .or_else(|| s.strip_suffix("_en"))
            .unwrap_or(&s)
            .to_string();
        s.strip_suffix("ies")
            .map(|b| format!("{b}y"))
            .or_else(|| s.strip_suffix('s').map(str::to_string))
            .unwrap_or(s)
    };
    let short = head(name);
    let wanted = base(&short);
    let heads: Vec<(String, &'a str)> = candidates.iter().map(|c| (head(c), *c)).collect();
    if let Some((_, c)) = heads.iter().find(|(h, c)| *c != name && base(h) == wanted) {
        return Some(c);
    }
    heads
        .iter()
        .map(|(h, c)| (strsim::jaro_winkler(&short, h), *c))
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
    fn unclosed_quote_points_at_the_opening_quote() {
        let text = "---\ntitle: \"Your first visit\nsummary: x\n---\n";
        let s = split(text).unwrap();
        let d = parse::<std::collections::BTreeMap<String, String>>(text, &s).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(8)), "{d:?}");
        assert!(d.message.contains("never closed"), "{d:?}");
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

#[cfg(test)]
mod every_mistake_tests {
    use super::*;
    use crate::model::prison::Prison;

    fn mistakes(yaml: &str) -> Vec<Diagnostic> {
        let text = format!("---\n{yaml}---\nbody\n");
        let s = split(&text).unwrap();
        let d = parse::<Prison>(&text, &s).unwrap_err();
        let mut all = vec![d.clone()];
        all.extend(d.also);
        all
    }

    #[test]
    fn every_mistake_is_reported_with_its_own_place_in_editors_words() {
        let ds = mistakes(
            "name: HMP Leeds\naddress:\n  town_welsh: Leeds\nother_names: Armley\nregion: Wales\nbooking:\n  notice_hours: soon\nholds: [a]\nlast_reviewed: 2026-13-01\n",
        );
        let got: Vec<(usize, &str)> = ds
            .iter()
            .map(|d| (d.line.unwrap(), d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (4, "unknown field `town_welsh` in `address`"),
                (
                    5,
                    "`other_names` should be a list, but it is the text `Armley`"
                ),
                (
                    8,
                    "`booking.notice_hours` should be a whole number of hours, but it is the text `soon`"
                ),
                (9, "`holds` should be text, but it is a list"),
                (10, "`2026-13-01` is not a real date in `last_reviewed`"),
                // A real mistake too: a reviewed page names its sources.
                (2, "missing field `sources`"),
            ]
        );
        assert_eq!(ds[0].help.as_deref(), Some("did you mean `town`?"));
        for d in &ds {
            for word in ["sequence", "u32", " map", "bool"] {
                assert!(!d.message.contains(word), "{d:?}");
                assert!(!d.help.as_deref().unwrap_or("").contains(word), "{d:?}");
            }
        }
    }

    #[test]
    fn aliases_the_text_check_misses_are_stopped_by_the_size_budget() {
        // A quote opened on one line of a flow list and closed on the next hides the
        // anchor and aliases from the line-by-line check.
        let mut yaml = format!(
            "name: HMP X\nother_names: [a, \"b\n  c\", &big \"{}\", ",
            "x".repeat(100_000)
        );
        yaml.push_str(&vec!["*big"; 5000].join(", "));
        yaml.push_str("]\nregion: Wales\n");
        let ds = mistakes(&yaml);
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(ds[0].message.contains("more than 1024 KB"), "{:?}", ds[0]);
    }

    #[test]
    fn a_misspelt_required_field_is_one_mistake() {
        let ds = mistakes("nmae: HMP Leeds\nregion: Wales\n");
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(ds[0].help.as_deref(), Some("did you mean `name`?"));
    }

    #[test]
    fn a_removed_required_field_is_not_reported_missing() {
        let ds = mistakes("name: [HMP Leeds]\nregion: Wales\n");
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(ds[0].message.contains("`name` should be text"), "{ds:?}");
    }

    #[test]
    fn aliases_are_refused_before_they_are_expanded() {
        let mut yaml = format!("name: &big \"{}\"\nother_names: [", "x".repeat(100_000));
        yaml.push_str(&vec!["*big"; 5000].join(", "));
        yaml.push_str("]\nregion: Wales\n");
        let started = std::time::Instant::now();
        let ds = mistakes(&yaml);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(ds.len(), MAX_MISTAKES);
        assert!(
            ds[MAX_MISTAKES - 1]
                .help
                .as_deref()
                .unwrap()
                .contains("4981 more")
        );
        assert!(ds[0].message.contains("anchors"), "{:?}", ds[0]);
        assert!(ds[1].message.contains("aliases"), "{:?}", ds[1]);
    }
}

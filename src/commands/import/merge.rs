//! Writing a prison page without undoing an editor's work: a new page is written whole; an
//! existing page only gets the fields it does not have yet, added as text at the end of its
//! front matter, so every line an editor wrote (values, comments, the body) stays as it was.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::yaml::{self, Fields};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// The front matter of an existing page, read as plain YAML.
pub(crate) struct Existing {
    pub text: String,
    /// Where the front matter's closing `---` starts.
    pub yaml_end: usize,
    pub yaml_start: usize,
    pub mapping: Mapping,
}

pub(crate) fn read_existing(path: &Path) -> Result<Existing, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let split = crate::frontmatter::split(&text[bom..])
        .map_err(|d| format!("{} (fix the file, then import again)", d.message))?;
    let yaml_text = &text[bom + split.yaml.start..bom + split.yaml.end];
    let mapping = if yaml_text.trim().is_empty() {
        Mapping::new()
    } else {
        serde_yaml::from_str::<Mapping>(yaml_text).map_err(|e| {
            format!("its front matter is not readable YAML ({e}); fix the file, then import again")
        })?
    };
    Ok(Existing {
        yaml_start: bom + split.yaml.start,
        yaml_end: bom + split.yaml.end,
        text,
        mapping,
    })
}

/// The nomis_id an existing page gives, if any.
pub fn nomis_id(mapping: &Mapping) -> Option<String> {
    match mapping.get("nomis_id") {
        Some(Value::String(s)) => Some(s.trim().to_string()),
        _ => None,
    }
}

fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("md.importing");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write it: {e}")
        })
}

/// Creates the page, or adds the missing fields to the page that is there.
pub fn write(path: &Path, fields: &Fields, body: &str) -> Result<Outcome, String> {
    if !path.exists() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot make its folder: {e}"))?;
        }
        let text = super::page::file_text(&yaml::emit(fields), body);
        write_atomic(path, &text)?;
        return Ok(Outcome::Created);
    }
    let existing = read_existing(path)?;
    let missing: Fields = fields
        .iter()
        .filter(|(k, _)| !existing.mapping.contains_key(k.as_str()))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok(Outcome::Unchanged);
    }
    let mut added = yaml::emit(&missing);
    let yaml_text = &existing.text[existing.yaml_start..existing.yaml_end];
    if yaml_text.contains("\r\n") {
        added = added.replace('\n', "\r\n");
    }
    let mut new_text = String::with_capacity(existing.text.len() + added.len());
    new_text.push_str(&existing.text[..existing.yaml_end]);
    if !yaml_text.is_empty() && !yaml_text.ends_with('\n') {
        new_text.push('\n');
    }
    let added_at = new_text.len();
    new_text.push_str(&added);
    new_text.push_str(&existing.text[existing.yaml_end..]);

    // Check the result reads as the old fields plus the new ones, unchanged.
    let new_yaml = &new_text[existing.yaml_start..added_at + added.len()];
    let mut expected = existing.mapping.clone();
    for (k, v) in yaml::to_mapping(&missing) {
        expected.insert(k, v);
    }
    match serde_yaml::from_str::<Mapping>(new_yaml) {
        Ok(m) if m == expected => {}
        _ => {
            return Err(
                "adding the missing fields at the end of its front matter would change what it says; add them by hand"
                    .to_string(),
            );
        }
    }
    write_atomic(path, &new_text)?;
    Ok(Outcome::Updated)
}

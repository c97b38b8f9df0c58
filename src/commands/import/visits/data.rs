//! Reading the booking data's files: every field the service reads, with a misspelt or
//! mistyped field set aside (and reported) rather than losing the whole file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

/// One file of the booking data. Every field the service reads; an unknown one is an
/// error, so a change of format is noticed rather than half-read.
#[derive(Debug, Deserialize)]
// `private` and `weekend_processing` are read so the format is checked, but say nothing a
// family needs.
#[allow(dead_code)]
#[serde(deny_unknown_fields)]
pub(super) struct DataFile {
    pub(super) name: String,
    pub(super) nomis_id: String,
    pub(super) address: Option<String>,
    pub(super) postcode: Option<String>,
    pub(super) email_address: Option<String>,
    pub(super) phone_no: Option<String>,
    #[serde(default = "yes")]
    pub(super) enabled: bool,
    #[serde(default)]
    pub(super) closed: bool,
    #[serde(default)]
    pub(super) private: bool,
    pub(super) adult_age: Option<u32>,
    pub(super) booking_window: Option<u32>,
    pub(super) lead_days: Option<u32>,
    #[serde(default)]
    pub(super) weekend_processing: bool,
    #[serde(default)]
    pub(super) recurring: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) anomalous: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(super) unbookable: Vec<String>,
    pub(super) translations: Option<Translations>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
pub(super) struct Translations {
    pub(super) cy: Option<Welsh>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Welsh {
    // Read so the format is checked; the page keeps its own Welsh name ("Carchar ...").
    #[allow(dead_code)]
    pub(super) name: Option<String>,
    pub(super) address: Option<String>,
}

pub(super) struct Loaded {
    pub(super) path: PathBuf,
    pub(super) stem: String,
    pub(super) data: DataFile,
    /// Fields the file has but that could not be read (a misspelt name, a wrong type):
    /// their facts are unknown, which is not the same as absent, so no default is used.
    pub(super) broken: Vec<String>,
}

const FIELDS: [&str; 17] = [
    "name",
    "nomis_id",
    "address",
    "postcode",
    "email_address",
    "phone_no",
    "enabled",
    "closed",
    "private",
    "adult_age",
    "booking_window",
    "lead_days",
    "weekend_processing",
    "recurring",
    "anomalous",
    "unbookable",
    "translations",
];

/// Reads one file, setting aside (with a warning) each field that is misspelt or of the
/// wrong type, so one slip does not lose the prison's other facts.
fn read_file(path: &Path, text: &str) -> Result<(DataFile, Vec<String>), String> {
    let shown = path.display();
    let at = |e: &serde_yaml::Error| {
        e.location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default()
    };
    let mut map: Mapping =
        serde_yaml::from_str(text).map_err(|e| format!("{shown}{}: error: {e}", at(&e)))?;
    let line_of = |key: &str| {
        text.lines()
            .position(|l| l.starts_with(&format!("{key}:")))
            .map_or(String::new(), |i| format!(":{}:1", i + 1))
    };
    let mut broken = Vec::new();
    let keys: Vec<String> = map
        .keys()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    for key in keys {
        if !FIELDS.contains(&key.as_str()) {
            let hint = crate::frontmatter::closest(&key, &FIELDS)
                .map(|b| format!(" (did you mean `{b}`?)"))
                .unwrap_or_default();
            eprintln!(
                "{shown}{}: warning: `{key}` is not a field of the booking data{hint}; its value is not used and that fact is left out",
                line_of(&key)
            );
            map.remove(key.as_str());
            if let Some(b) = crate::frontmatter::closest(&key, &FIELDS) {
                broken.push(b.to_string());
            }
        }
    }
    // Each field on its own beside the two that name the prison, so a field of the wrong
    // type is found by name (serde's message for a whole value does not say which).
    let keys: Vec<Value> = map.keys().cloned().collect();
    for key in keys {
        let Some(k) = key.as_str().map(str::to_string) else {
            continue;
        };
        if k == "name" || k == "nomis_id" {
            continue;
        }
        let mut one = Mapping::new();
        for need in ["name", "nomis_id"] {
            if let Some(v) = map.get(need) {
                one.insert(Value::from(need), v.clone());
            }
        }
        if let Some(v) = map.get(&key) {
            one.insert(key.clone(), v.clone());
        }
        if let Err(e) = serde_yaml::from_value::<DataFile>(Value::Mapping(one)) {
            eprintln!(
                "{shown}{}: warning: `{k}`: {e}; that fact is left out",
                line_of(&k)
            );
            map.remove(&key);
            broken.push(k);
        }
    }
    loop {
        match serde_yaml::from_value::<DataFile>(Value::Mapping(map.clone())) {
            Ok(d) => return Ok((d, broken)),
            Err(e) => {
                let msg = e.to_string();
                let key = msg.split(':').next().unwrap_or("").trim().to_string();
                if !FIELDS.contains(&key.as_str())
                    || broken.contains(&key)
                    || key == "name"
                    || key == "nomis_id"
                {
                    return Err(format!("{shown}{}: error: {msg}", line_of(&key)));
                }
                eprintln!(
                    "{shown}{}: warning: {msg}; that fact is left out",
                    line_of(&key)
                );
                map.remove(key.as_str());
                broken.push(key);
            }
        }
    }
}

pub(super) fn read_dir(dir: &Path, errors: &mut usize) -> Vec<Loaded> {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
            .collect(),
        Err(e) => {
            eprintln!(
                "{}: error: cannot read this folder: {e}; give the folder holding the booking data's .yml files (db/seeds/prisons/)",
                dir.display()
            );
            *errors += 1;
            return Vec::new();
        }
    };
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{}: error: cannot read it: {e}", path.display());
                *errors += 1;
                continue;
            }
        };
        match read_file(&path, &text) {
            Ok((data, broken)) => out.push(Loaded {
                stem: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_lowercase())
                    .unwrap_or_default(),
                path,
                data,
                broken,
            }),
            Err(e) => {
                eprintln!(
                    "{e}; this file is left out (check it against the booking data's README)"
                );
                *errors += 1;
            }
        }
    }
    out
}

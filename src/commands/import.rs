//! `familyties import prisons <CSV>`: writes `content/prisons/<slug>/index.md` for every row
//! of the prison data. Only facts the data does not mark as unchecked are written; visiting
//! times, phone numbers and rules are never in the data and are never written. Running it
//! again only adds fields a page does not have yet.

mod merge;
mod notes;
mod page;
mod row;
mod slugs;
pub mod visits;
mod words;
pub(crate) mod yaml;

use std::collections::HashMap;
use std::path::Path;

use super::Error;
use crate::model::fields::Date;

use merge::Outcome;
use row::{Columns, Record};

/// The date written as `last_reviewed` when none is given: the day the data in
/// /work/shared/data/prisons.csv was last checked. A fixed date keeps the output the same
/// from one run to the next.
pub(crate) const DEFAULT_REVIEWED: &str = "2026-11-23";

struct Report {
    csv: String,
    failed: usize,
}

impl Report {
    fn error(&mut self, line: u64, message: &str) {
        eprintln!("{}:{line}: {message} (row skipped)", self.csv);
        self.failed += 1;
    }

    fn warning(&self, line: u64, nomis_id: &str, message: &str) {
        eprintln!("{}:{line}: warning: {nomis_id}: {message}", self.csv);
    }
}

/// Reads every row; bad rows are reported and left out.
fn read_rows(csv_path: &Path, report: &mut Report) -> Result<Vec<Record>, String> {
    let bytes =
        std::fs::read(csv_path).map_err(|e| format!("{}: cannot open it: {e}", report.csv))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .map_err(|e| format!("{}:1: cannot read the first line: {e}", report.csv))?
        .clone();
    let columns = Columns::from_headers(&headers).map_err(|e| format!("{}:1: {e}", report.csv))?;
    let mut records: Vec<Record> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for result in reader.records() {
        let row = match result {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map_or(0, |p| row::line_at(&bytes, p.byte()));
                let what = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!(
                            "this row has {len} fields but the first line has {expected_len}; check for a missing comma or an unquoted comma"
                        )
                    }
                    csv::ErrorKind::Utf8 { .. } => {
                        "this row is not valid UTF-8 text; save the file as UTF-8".to_string()
                    }
                    _ => e.to_string(),
                };
                report.error(line, &what);
                continue;
            }
        };
        let line = row.position().map_or(0, |p| row::line_at(&bytes, p.byte()));
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match row::parse(&columns, &row, line) {
            Ok(parsed) => {
                if let Some(first) = seen.get(&parsed.record.nomis_id) {
                    let message = format!(
                        "nomis_id {} is already used on line {first}",
                        parsed.record.nomis_id
                    );
                    report.error(line, &message);
                    continue;
                }
                for w in &parsed.warnings {
                    report.warning(line, &parsed.record.nomis_id, w);
                }
                seen.insert(parsed.record.nomis_id.clone(), line);
                records.push(parsed.record);
            }
            Err(message) => report.error(line, &message),
        }
    }
    Ok(records)
}

/// Names one row's note gives another ("FMI = Feltham B"), added to that row when the name
/// starts with its own.
fn share_names(records: &mut [Record]) {
    let given: Vec<(String, String)> = records
        .iter()
        .flat_map(|r| notes::names_for_others(&r.raw_note))
        .collect();
    for (id, name) in given {
        if let Some(r) = records.iter_mut().find(|r| r.nomis_id == id) {
            let fits = name.starts_with(&format!("{} ", r.register.base));
            if fits && !r.other_names.contains(&name) {
                r.other_names.push(name);
            }
        }
    }
}

/// Folders of existing prison pages by the nomis_id they give, so a page an editor moved
/// is updated where it is.
fn existing_folders(prisons: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Ok(entries) = std::fs::read_dir(prisons) else {
        return out;
    };
    let mut dirs: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let index = dir.join("index.md");
        let (Some(folder), true) = (dir.file_name(), index.is_file()) else {
            continue;
        };
        if let Some(id) = merge::read_existing(&index)
            .ok()
            .and_then(|e| merge::nomis_id(&e.mapping))
        {
            out.entry(id)
                .or_insert_with(|| folder.to_string_lossy().into_owned());
        }
    }
    out
}

/// Runs the import; an error when any row failed (each was reported as it was read).
pub fn prisons(root: &Path, csv_path: &Path, reviewed: Option<&str>) -> Result<(), Error> {
    let reviewed = match Date::parse(reviewed.unwrap_or(DEFAULT_REVIEWED)) {
        Ok(d) => d,
        Err(e) => {
            return Err(Error::Usage(format!("--reviewed: {e}")));
        }
    };
    let mut report = Report {
        csv: csv_path.display().to_string(),
        failed: 0,
    };
    let mut records = read_rows(csv_path, &mut report).map_err(|e| Error::Failed(e.to_string()))?;
    share_names(&mut records);
    let prisons_dir = root.join("content").join("prisons");
    let pinned = existing_folders(&prisons_dir);
    let (slugs, collisions) = slugs::assign(&records, &pinned);
    for c in &collisions {
        println!("folder: {c}");
    }
    let (mut created, mut updated, mut unchanged) = (0, 0, 0);
    for (r, slug) in records.iter().zip(&slugs) {
        let path = prisons_dir.join(slug).join("index.md");
        let shown = Path::new("content/prisons").join(slug).join("index.md");
        let other_id = merge::read_existing(&path)
            .ok()
            .and_then(|e| merge::nomis_id(&e.mapping))
            .filter(|id| id != &r.nomis_id);
        if let Some(id) = other_id {
            let message = format!(
                "{} is the page of {id}, not {}; move one of them",
                shown.display(),
                r.nomis_id
            );
            report.error(r.line, &message);
            continue;
        }
        match merge::write(&path, &page::fields(r, reviewed), &page::body(r)) {
            Ok(Outcome::Created) => created += 1,
            Ok(Outcome::Updated) => updated += 1,
            Ok(Outcome::Unchanged) => unchanged += 1,
            Err(e) => report.error(r.line, &format!("{}: {e}", shown.display())),
        }
    }
    println!("{created} created, {updated} updated, {unchanged} unchanged");
    if report.failed > 0 {
        eprintln!(
            "{} row(s) failed; fix them and run the import again",
            report.failed
        );
        Err(Error::Reported)
    } else {
        Ok(())
    }
}

//! `familyties import visits DIR`: the Ministry of Justice's visit booking data (one YAML
//! file per prison and visit type, `db/seeds/prisons/` of `ministryofjustice/prison-visits-2`)
//! into the prisons' front matter, matched by NOMIS id.
//!
//! It only adds: a field the page already has is kept, and a different value is reported
//! with both values and both files, so an editor's correction is never undone. The text is
//! edited in place (new groups before `status:`, new fields at the end of their group, new
//! sources at the end of `sources:`), so everything else in the file stays as written, and a
//! second run finds nothing to add and writes nothing.

mod data;
mod facts;
mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use super::yaml::{Node, emit, field};
use crate::model::fields::Date;
use data::{Loaded, read_dir};
use facts::{address_fields, imported};
use text::{emit_fm, insert_group, insert_in_block, name_source, reread, seq_indent, short};

/// The day the data's folder last changed, and where each file can be read at that
/// commit: see /work/shared/data/moj-prison-visits/README.md.
pub const DEFAULT_AS_OF: &str = "2026-07-28";
pub const DEFAULT_SOURCE_URL: &str = "https://github.com/ministryofjustice/prison-visits-2/blob/a0f2a53844cb76de6426d088dd942205a3ebf7fa/db/seeds/prisons/";
const SOURCE_TITLE: &str = "Ministry of Justice prison visit booking data";

pub struct Options<'a> {
    pub as_of: &'a str,
    pub source_url: &'a str,
}

/// Runs the import: fine when every file was read and every page written, even with
/// warnings; each problem is printed as it is found.
pub fn visits(root: &Path, dir: &Path, opts: &Options) -> Result<(), crate::commands::Error> {
    let as_of = Date::parse(opts.as_of)
        .map_err(|e| crate::commands::Error::Usage(format!("--as-of: {e}")))?;
    let mut errors = 0;
    let files = read_dir(dir, &mut errors);
    let mut by_id: BTreeMap<String, Vec<Loaded>> = BTreeMap::new();
    for f in files {
        by_id.entry(f.data.nomis_id.clone()).or_default().push(f);
    }
    let pages = prison_pages(root, &mut errors);
    let (mut changed, mut same) = (0, 0);
    for (id, group) in &by_id {
        let Some(page) = pages.get(id) else {
            eprintln!(
                "{}: warning: no prison in content/prisons/ has `nomis_id: {id}`; add the prison first (familyties import prisons) or correct its nomis_id",
                group[0].path.display()
            );
            continue;
        };
        match import_one(page, group, as_of, opts.source_url) {
            Ok(true) => changed += 1,
            Ok(false) => same += 1,
            Err(e) => {
                eprintln!("{}: error: {e}", page.display());
                errors += 1;
            }
        }
    }
    for id in pages.keys().filter(|id| !by_id.contains_key(*id)) {
        eprintln!(
            "{}: note: the booking data has no file for {id}; its page keeps what it has",
            pages[id].display()
        );
    }
    eprintln!("{changed} prison pages completed, {same} already up to date, {errors} error(s)");
    if errors > 0 {
        Err(crate::commands::Error::Reported)
    } else {
        Ok(())
    }
}

/// NOMIS id → the prison's index.md.
fn prison_pages(root: &Path, errors: &mut usize) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let dir = root.join("content/prisons");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!(
            "{}: error: no such folder; run this in the site's folder or give --root",
            dir.display()
        );
        *errors += 1;
        return out;
    };
    let mut dirs: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path().join("index.md"))
        .collect();
    dirs.sort();
    for path in dirs {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some((fm, _)) = split(&text) else {
            continue;
        };
        if let Ok(m) = serde_yaml::from_str::<Mapping>(&text[fm])
            && let Some(id) = m.get("nomis_id").and_then(Value::as_str)
        {
            out.insert(id.to_string(), path);
        }
    }
    out
}

/// The byte range of the front matter's YAML (between the `---` lines) and of the body.
fn split(text: &str) -> Option<(std::ops::Range<usize>, usize)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest
        .find("\n---\n")
        .map(|i| i + 1)
        .or_else(|| rest.strip_suffix("\n---").map(|r| r.len() + 1))?;
    Some((4..4 + end, 4 + end))
}

/// Adds what the page lacks; returns whether the file changed.
fn import_one(page: &Path, files: &[Loaded], as_of: Date, base_url: &str) -> Result<bool, String> {
    let text = std::fs::read_to_string(page).map_err(|e| format!("cannot read it: {e}"))?;
    if text.contains("\r\n") {
        return Err("it has Windows line endings; save it with Unix (LF) line endings and run the import again, so the added lines match the file".to_string());
    }
    let (fm_range, _) =
        split(&text).ok_or("its front matter does not start and end with a `---` line")?;
    let existing: Mapping = serde_yaml::from_str(&text[fm_range.clone()]).map_err(|e| {
        format!("its front matter cannot be read ({e}); run `familyties check` and fix it first")
    })?;
    let shown = page.display().to_string();
    let mut imp = imported(files, as_of, base_url);
    let data_files = files
        .iter()
        .map(|f| f.path.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if let Some((addr, _)) = address_fields(
        files,
        existing.get("address").and_then(Value::as_mapping),
        &mut imp.notes,
    ) {
        imp.groups.push(("address".to_string(), addr));
    }
    if let Some(status) = existing.get("status").and_then(Value::as_str)
        && files.iter().any(|f| f.data.closed)
        && status != "closed"
    {
        imp.notes.push(format!("the page says `status: {status}` but the booking data of {as_of} marks it closed; check which is right"));
    }
    for n in &imp.notes {
        eprintln!("{shown}: warning: {n} ({})", data_files);
    }
    let mut fm = text[fm_range.clone()].to_string();
    let mut changed = false;
    // Sources first, so the groups that name them read correctly as soon as they land.
    // The page's sources as (id, url): a source already listed by its address (without an
    // id, or under another id) is named, not listed twice.
    let listed: Vec<(Option<String>, Option<String>)> = existing
        .get("sources")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .map(|s| {
            let get = |k: &str| s.get(k).and_then(Value::as_str).map(str::to_string);
            (get("id"), get("url"))
        })
        .collect();
    let used: Vec<String> = imp
        .groups
        .iter()
        .flat_map(|(_, g)| g.iter().filter(|(k, _)| k == "source"))
        .flat_map(|(_, n)| match n {
            Node::Scalar(s) => vec![s.clone()],
            Node::Flow(v) => v.clone(),
            _ => vec![],
        })
        .collect();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for s in &imp.sources {
        let (Node::Scalar(id), Node::Scalar(url)) = (&s[0].1, &s[2].1) else {
            continue;
        };
        if !used.contains(id) || listed.iter().any(|(i, _)| i.as_ref() == Some(id)) {
            continue;
        }
        match listed.iter().find(|(_, u)| u.as_ref() == Some(url)) {
            Some((Some(theirs), _)) => {
                renamed.insert(id.clone(), theirs.clone());
            }
            Some((None, _)) => {
                fm = name_source(&fm, url, id).ok_or_else(|| {
                    format!("the source {url} is listed in a form the import cannot add an `id:` to; add `id: {id}` to it by hand")
                })?;
                changed = true;
            }
            None => {
                let item = emit(&[field("sources", Node::Seq(vec![s.clone()]))]);
                // Written at the indent the page's own list uses: YAML reads a list whose
                // items start at different columns as a mistake.
                let indent = " ".repeat(seq_indent(&fm, "sources"));
                let item: String = item
                    .split_inclusive('\n')
                    .skip(1)
                    .map(|l| format!("{indent}{}", l.strip_prefix("  ").unwrap_or(l)))
                    .collect();
                fm = insert_in_block(&fm, "sources", &item).ok_or("`sources:` is not a list written one item a line; add the booking data's source by hand")?;
                changed = true;
            }
        }
    }
    if !renamed.is_empty() {
        let rename = |n: &mut Node| match n {
            Node::Scalar(s) => {
                if let Some(t) = renamed.get(s.as_str()) {
                    *s = t.clone();
                }
            }
            Node::Flow(v) => {
                for s in v.iter_mut() {
                    if let Some(t) = renamed.get(s.as_str()) {
                        *s = t.clone();
                    }
                }
            }
            _ => {}
        };
        for (_, g) in imp.groups.iter_mut() {
            for (k, n) in g.iter_mut() {
                if k == "source" {
                    rename(n);
                }
            }
        }
    }
    for (key, fields) in &imp.groups {
        match existing.get(key.as_str()) {
            None => {
                let block = emit_fm(&[field(key, Node::Map(fields.clone()))]);
                fm = insert_group(&fm, &block);
                changed = true;
            }
            Some(Value::Mapping(have)) => {
                let mut add = String::new();
                // Facts added to a group are credited to the group's source, so a group an
                // editor sourced elsewhere is not completed from this data.
                let own_source = fields
                    .iter()
                    .find(|(k, _)| k == "source")
                    .and_then(|(k, n)| reread(k, n));
                let same_source = have
                    .get("source")
                    .is_none_or(|s| Some(s) == own_source.as_ref());
                for (k, node) in fields {
                    let ours = reread(k, node);
                    match have.get(k.as_str()) {
                        None if !same_source => eprintln!(
                            "{shown}: warning: `{key}` names another source, so the booking data's `{k}` ({}) is not added; add it by hand with its source if it is right ({data_files})",
                            ours.as_ref().map_or_else(String::new, short)
                        ),
                        None => {
                            let line = emit_fm(&[(k.clone(), node.clone())]);
                            for l in line.split_inclusive('\n') {
                                add.push_str("  ");
                                add.push_str(l);
                            }
                        }
                        Some(theirs) if Some(theirs) != ours.as_ref() && k != "source" => {
                            eprintln!(
                                "{shown}: warning: `{key}.{k}` is {} in the page but {} in the booking data ({}); the page keeps its own value",
                                short(theirs),
                                ours.as_ref().map_or_else(String::new, short),
                                data_files
                            );
                        }
                        Some(_) => {}
                    }
                }
                if !add.is_empty() {
                    fm = insert_in_block(&fm, key, &add).ok_or_else(|| format!("`{key}:` is written on one line; add the booking data's fields to it by hand"))?;
                    changed = true;
                }
            }
            Some(_) => {
                eprintln!("{shown}: warning: `{key}` is not a group of fields; it is left as it is")
            }
        }
    }
    if !changed {
        return Ok(false);
    }
    let out = format!("{}{}{}", &text[..fm_range.start], fm, &text[fm_range.end..]);
    std::fs::write(page, out).map_err(|e| format!("cannot write it: {e}"))?;
    Ok(true)
}

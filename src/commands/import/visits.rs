//! `familyties import visits DIR`: the Ministry of Justice's visit booking data (one YAML
//! file per prison and visit type, `db/seeds/prisons/` of `ministryofjustice/prison-visits-2`)
//! into the prisons' front matter, matched by NOMIS id.
//!
//! It only adds: a field the page already has is kept, and a different value is reported
//! with both values and both files, so an editor's correction is never undone. The text is
//! edited in place (new groups before `status:`, new fields at the end of their group, new
//! sources at the end of `sources:`), so everything else in the file stays as written, and a
//! second run finds nothing to add and writes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use super::yaml::{Fields, Node, emit, field};
use crate::model::fields::{Date, Phone, Postcode, Time};
use crate::model::prison::Day;

/// The day the data's folder last changed, and where each file can be read at that
/// commit: see /work/shared/data/moj-prison-visits/README.md.
pub const DEFAULT_AS_OF: &str = "2026-07-28";
pub const DEFAULT_SOURCE_URL: &str = "https://github.com/ministryofjustice/prison-visits-2/blob/a0f2a53844cb76de6426d088dd942205a3ebf7fa/db/seeds/prisons/";
const SOURCE_TITLE: &str = "Ministry of Justice prison visit booking data";

/// One file of the booking data. Every field the service reads; an unknown one is an
/// error, so a change of format is noticed rather than half-read.
#[derive(Debug, Deserialize)]
// `private` and `weekend_processing` are read so the format is checked, but say nothing a
// family needs.
#[allow(dead_code)]
#[serde(deny_unknown_fields)]
struct DataFile {
    name: String,
    nomis_id: String,
    address: Option<String>,
    postcode: Option<String>,
    email_address: Option<String>,
    phone_no: Option<String>,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    closed: bool,
    #[serde(default)]
    private: bool,
    adult_age: Option<u32>,
    booking_window: Option<u32>,
    lead_days: Option<u32>,
    #[serde(default)]
    weekend_processing: bool,
    #[serde(default)]
    recurring: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    anomalous: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    unbookable: Vec<String>,
    translations: Option<Translations>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct Translations {
    cy: Option<Welsh>,
}

#[derive(Debug, Deserialize)]
struct Welsh {
    // Read so the format is checked; the page keeps its own Welsh name ("Carchar ...").
    #[allow(dead_code)]
    name: Option<String>,
    address: Option<String>,
}

struct Loaded {
    path: PathBuf,
    stem: String,
    data: DataFile,
    /// Fields the file has but that could not be read (a misspelt name, a wrong type):
    /// their facts are unknown, which is not the same as absent, so no default is used.
    broken: Vec<String>,
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

pub struct Options<'a> {
    pub as_of: &'a str,
    pub source_url: &'a str,
}

/// Runs the import; returns the exit code (0 when every file was read and every page
/// written, even with warnings).
pub fn visits(root: &Path, dir: &Path, opts: &Options) -> i32 {
    let as_of = match Date::parse(opts.as_of) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: --as-of: {e}");
            return 2;
        }
    };
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
    if errors > 0 { 1 } else { 0 }
}

fn read_dir(dir: &Path, errors: &mut usize) -> Vec<Loaded> {
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

/// What the data says about one prison, as front matter groups, and the sources to list.
struct Imported {
    sources: Vec<Fields>,
    groups: Vec<(String, Fields)>,
    /// Problems with the data itself, reported once per prison.
    notes: Vec<String>,
}

fn clean_phone(raw: &Option<String>) -> Option<String> {
    let raw = raw.as_deref()?.trim();
    Phone::parse(raw).ok().map(|p| p.0)
}

fn clean_email(raw: &Option<String>) -> Option<String> {
    let raw = raw.as_deref()?.trim();
    (raw.contains('@') && !raw.contains(char::is_whitespace)).then(|| raw.to_string())
}

/// One value all files agree on; files that do not give it are ignored. Different values
/// give nothing and a note: the importer never picks one.
fn agreed(
    files: &[&Loaded],
    what: &str,
    get: impl Fn(&Loaded) -> Option<String>,
    notes: &mut Vec<String>,
) -> Option<String> {
    let mut values: Vec<(String, &str)> = files
        .iter()
        .filter_map(|f| get(f).map(|v| (v, f.stem.as_str())))
        .collect();
    values.dedup_by(|a, b| a.0 == b.0);
    match values.as_slice() {
        [] => None,
        [(v, _)] => Some(v.clone()),
        many => {
            notes.push(format!(
                "the data's files give different {what}s ({}); none is written",
                many.iter()
                    .map(|(v, f)| format!("{v} in {f}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            None
        }
    }
}

fn slot(raw: &str) -> Option<(Time, Time)> {
    let (a, b) = raw.trim().split_once('-')?;
    let t = |s: &str| {
        (s.len() == 4)
            .then(|| Time::parse(&format!("{}:{}", &s[..2], &s[2..])).ok())
            .flatten()
    };
    let (start, end) = (t(a)?, t(b)?);
    (start < end).then_some((start, end))
}

fn day(code: &str) -> Option<Day> {
    Day::ALL
        .into_iter()
        .find(|d| code_of(*d) == code.trim().to_lowercase())
}

/// The day as front matter writes it (`mon`).
fn code_of(d: Day) -> String {
    d.name()[..3].to_lowercase()
}

/// "Remand only" from "Bullingdon (Remand Only)"; for names without brackets, what is
/// left after the words all the prison's files share ("Lakes" from "Hatfield Lakes").
fn label(f: &Loaded, all: &[&Loaded]) -> String {
    let name = f.data.name.trim();
    let raw = if let (Some(a), Some(b)) = (name.find('('), name.rfind(')')) {
        name[a + 1..b].to_string()
    } else {
        let shared = all
            .iter()
            .map(|o| o.data.name.split_whitespace().collect::<Vec<_>>())
            .reduce(|a, b| {
                a.into_iter()
                    .zip(b)
                    .take_while(|(x, y)| x == y)
                    .map(|(x, _)| x)
                    .collect()
            })
            .map_or(0, |w| w.len());
        let rest: Vec<&str> = name.split_whitespace().skip(shared).collect();
        if rest.is_empty() {
            // "Liverpool" beside "Liverpool (Closed only)": the file name says what it is.
            f.stem.split('-').skip(2).collect::<Vec<_>>().join(" ")
        } else {
            rest.join(" ")
        }
    };
    let mut words: Vec<String> = raw
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && w.len() > 1 && w.chars().skip(1).all(char::is_lowercase) {
                w.to_lowercase()
            } else {
                w.to_string()
            }
        })
        .collect();
    if let Some(first) = words.first_mut() {
        let mut c = first.chars();
        if let Some(h) = c.next() {
            *first = h.to_uppercase().chain(c).collect();
        }
    }
    words.join(" ")
}

fn imported(files: &[Loaded], as_of: Date, base_url: &str) -> Imported {
    let all: Vec<&Loaded> = files.iter().collect();
    let mut notes = Vec::new();
    let id_of = |f: &Loaded| format!("moj-{}", f.stem);
    let sources: Vec<Fields> = all
        .iter()
        .map(|f| {
            vec![
                field("id", Node::Scalar(id_of(f))),
                field("title", Node::Scalar(SOURCE_TITLE.to_string())),
                field(
                    "url",
                    Node::Scalar(format!(
                        "{}{}",
                        base_url,
                        f.path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    )),
                ),
                field("date", Node::Scalar(as_of.to_string())),
            ]
        })
        .collect();
    let source_node = |fs: &[&Loaded]| -> Node {
        let ids: Vec<String> = fs.iter().map(|f| id_of(f)).collect();
        if ids.len() == 1 {
            Node::Scalar(ids[0].clone())
        } else {
            Node::Flow(ids)
        }
    };
    let mut groups = Vec::new();
    let closed = all.iter().any(|f| f.data.closed);
    if closed {
        notes.push("the booking data marks this establishment as closed: no visiting times or online booking are written".to_string());
    }
    let open: Vec<&Loaded> = all.iter().copied().filter(|f| !f.data.closed).collect();
    // An unreadable `enabled` is unknown: nothing that depends on the request service is
    // written for that file.
    let enabled: Vec<&Loaded> = open
        .iter()
        .copied()
        .filter(|f| f.data.enabled && !f.broken.iter().any(|b| b == "enabled"))
        .collect();
    let known = |f: &Loaded, key: &str| !f.broken.iter().any(|b| b == key);

    // Booking: the phone and email are the visits team's; notice and window are the
    // request service's own settings, so they are written only for prisons still on it.
    let phone = agreed(
        &open,
        "phone number",
        |f| clean_phone(&f.data.phone_no),
        &mut notes,
    );
    let email = agreed(
        &open,
        "email address",
        |f| clean_email(&f.data.email_address),
        &mut notes,
    );
    let lead = agreed(
        &enabled,
        "notice",
        |f| known(f, "lead_days").then(|| f.data.lead_days.unwrap_or(3).to_string()),
        &mut notes,
    );
    let window = agreed(
        &enabled,
        "booking window",
        |f| known(f, "booking_window").then(|| f.data.booking_window.unwrap_or(28).to_string()),
        &mut notes,
    );
    let mut booking: Fields = Vec::new();
    let with: Vec<&Loaded> = open
        .iter()
        .copied()
        .filter(|f| {
            clean_phone(&f.data.phone_no).is_some()
                || clean_email(&f.data.email_address).is_some()
                || enabled.iter().any(|e| std::ptr::eq(*e, *f))
        })
        .collect();
    if !with.is_empty() {
        booking.push(field("source", source_node(&with)));
        if !enabled.is_empty() {
            booking.push(field("online", Node::Scalar("national".into())));
        }
        if let Some(p) = phone {
            booking.push(field("phone", Node::Scalar(p)));
        }
        if let Some(e) = email {
            booking.push(field("email", Node::Scalar(e)));
        }
        if let Some(l) = lead {
            booking.push(field("notice_working_days", Node::Scalar(l)));
        }
        if let Some(w) = window {
            booking.push(field("book_up_to_days", Node::Scalar(w)));
        }
        if booking.len() > 1 {
            groups.push(("booking".to_string(), booking));
        }
    }

    // Who can come: the request service's rules, for prisons still on it.
    if !enabled.is_empty() {
        let age = agreed(
            &enabled,
            "adult age",
            |f| known(f, "adult_age").then(|| f.data.adult_age.unwrap_or(18).to_string()),
            &mut notes,
        );
        let mut v = vec![
            field("source", source_node(&enabled)),
            field("set_by", Node::Scalar("booking_service".into())),
            field("most_visitors", Node::Scalar("6".into())),
            field("most_adults", Node::Scalar("3".into())),
        ];
        if let Some(a) = age {
            v.push(field("adult_from_age", Node::Scalar(a)));
        }
        v.push(field("lead_visitor_min_age", Node::Scalar("18".into())));
        groups.push(("visitors".to_string(), v));
    }

    // Visiting times: one session per distinct slot, with the days it runs on; several
    // files become labelled groups.
    let mut sessions = Vec::new();
    let mut extra = Vec::new();
    let timed: Vec<&Loaded> = open
        .iter()
        .copied()
        .filter(|f| !f.data.recurring.is_empty())
        .collect();
    for f in &timed {
        let label = (timed.len() > 1).then(|| label(f, &all));
        let mut slots: BTreeMap<(Time, Time), Vec<Day>> = BTreeMap::new();
        for (d, list) in &f.data.recurring {
            let Some(day) = day(d) else {
                notes.push(format!(
                    "{}: `{d}` is not a day; its slots are left out",
                    f.stem
                ));
                continue;
            };
            for s in list {
                match slot(s) {
                    Some(k) => slots.entry(k).or_default().push(day),
                    None => notes.push(format!(
                        "{}: the slot `{s}` is not HHMM-HHMM; left out",
                        f.stem
                    )),
                }
            }
        }
        for ((start, end), mut days) in slots {
            days.sort();
            days.dedup();
            let mut s = vec![
                field(
                    "days",
                    Node::Flow(days.iter().map(|d| code_of(*d)).collect()),
                ),
                field("start", Node::Scalar(start.to_string())),
                field("end", Node::Scalar(end.to_string())),
            ];
            if let Some(l) = &label {
                s.push(field("label", Node::Scalar(l.clone())));
                let lower = l.to_lowercase();
                if lower.contains("remand") {
                    s.push(field("held", Node::Scalar("remand".into())));
                } else if lower.contains("convicted") {
                    s.push(field("held", Node::Scalar("convicted".into())));
                }
            }
            sessions.push(s);
        }
        // One-off dates before the data's own date are history, not news for families.
        for (date, list) in &f.data.anomalous {
            let Ok(d) = Date::parse(date) else {
                notes.push(format!("{}: `{date}` is not a date; left out", f.stem));
                continue;
            };
            if d < as_of {
                continue;
            }
            for s in list {
                if let Some((start, end)) = slot(s) {
                    let mut e = vec![
                        field("date", Node::Scalar(d.to_string())),
                        field("start", Node::Scalar(start.to_string())),
                        field("end", Node::Scalar(end.to_string())),
                    ];
                    if let Some(l) = &label {
                        e.push(field("label", Node::Scalar(l.clone())));
                    }
                    extra.push(e);
                }
            }
        }
    }
    if !sessions.is_empty() {
        let mut t = vec![
            field("source", source_node(&timed)),
            field("sessions", Node::Seq(sessions)),
        ];
        if !extra.is_empty() {
            t.push(field("extra", Node::Seq(extra)));
        }
        groups.push(("visiting_times".to_string(), t));
    }

    // Dates with no visits, from the data's date on: earlier ones have passed.
    let mut dates: Vec<Date> = Vec::new();
    let mut dated: Vec<&Loaded> = Vec::new();
    for f in &open {
        let mine: Vec<Date> = f
            .data
            .unbookable
            .iter()
            .filter_map(|d| Date::parse(d.trim()).ok())
            .filter(|d| *d >= as_of)
            .collect();
        if !mine.is_empty() {
            dated.push(f);
        }
        dates.extend(mine);
    }
    dates.sort();
    dates.dedup();
    if !dates.is_empty() {
        groups.push((
            "days_without_visits".to_string(),
            vec![
                field("source", source_node(&dated)),
                field(
                    "dates",
                    Node::Flow(dates.iter().map(Date::to_string).collect()),
                ),
            ],
        ));
    }
    Imported {
        sources,
        groups,
        notes,
    }
}

/// The street lines, Welsh lines and town, checked against what the page has.
fn address_fields(
    files: &[Loaded],
    existing: Option<&Mapping>,
    notes: &mut Vec<String>,
) -> Option<(Fields, Vec<String>)> {
    let f = files.iter().find(|f| f.data.address.is_some())?;
    let town = existing
        .and_then(|m| m.get("town"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let lines_of = |raw: &str, town: Option<&str>| -> (Vec<String>, Option<String>) {
        let mut lines: Vec<String> = raw
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        let last = lines.last().cloned();
        let last_is_town = match (&last, town) {
            (Some(l), Some(t)) => l.eq_ignore_ascii_case(t),
            (Some(_), None) => lines.len() > 1,
            _ => false,
        };
        let t = if last_is_town { lines.pop() } else { None };
        (lines, t)
    };
    let (lines, _) = lines_of(f.data.address.as_deref().unwrap_or(""), town.as_deref());
    let mut out: Fields = Vec::new();
    if let (Some(pc), Some(have)) = (
        &f.data.postcode,
        existing
            .and_then(|m| m.get("postcode"))
            .and_then(Value::as_str),
    ) && let (Ok(a), Ok(b)) = (Postcode::parse(pc), Postcode::parse(have))
        && a != b
    {
        notes.push(format!("the booking data's postcode is {} but the page has {}; the address lines are not written", a.0, b.0));
        return None;
    }
    if !lines.is_empty() {
        out.push(field("lines", Node::Flow(lines)));
    }
    if let Some(cy) = f
        .data
        .translations
        .as_ref()
        .and_then(|t| t.cy.as_ref())
        .and_then(|c| c.address.as_deref())
    {
        let mut l: Vec<String> = cy
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        let t = if l.len() > 1 { l.pop() } else { None };
        if !l.is_empty() {
            out.push(field("lines_cy", Node::Flow(l)));
        }
        if let Some(t) = t {
            out.push(field("town_cy", Node::Scalar(t)));
        }
    }
    if out.is_empty() {
        return None;
    }
    out.push(field("source", Node::Scalar(format!("moj-{}", f.stem))));
    Some((out, vec![]))
}

/// Adds what the page lacks; returns whether the file changed.
fn import_one(page: &Path, files: &[Loaded], as_of: Date, base_url: &str) -> Result<bool, String> {
    let text = std::fs::read_to_string(page).map_err(|e| format!("cannot read it: {e}"))?;
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
    let have_ids: Vec<String> = existing
        .get("sources")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            s.get("id")
                .or_else(|| s.get("url"))
                .and_then(Value::as_str)
                .map(str::to_string)
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
    for s in &imp.sources {
        let id = match &s[0].1 {
            Node::Scalar(id) => id.clone(),
            _ => continue,
        };
        let url = match &s[2].1 {
            Node::Scalar(u) => u.clone(),
            _ => continue,
        };
        if have_ids.contains(&id) || have_ids.contains(&url) || !used.contains(&id) {
            continue;
        }
        let item = emit(&[field("sources", Node::Seq(vec![s.clone()]))]);
        let item: String = item.split_inclusive('\n').skip(1).collect();
        fm = insert_in_block(&fm, "sources", &item).ok_or("`sources:` is not a list written one item a line; add the booking data's source by hand")?;
        changed = true;
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
fn emit_fm(fields: &[(String, Node)]) -> String {
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

fn reread(key: &str, node: &Node) -> Option<Value> {
    let text = emit_fm(&[(key.to_string(), node.clone())]);
    serde_yaml::from_str::<Mapping>(&text)
        .ok()?
        .get(key)
        .cloned()
}

fn short(v: &Value) -> String {
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
fn insert_group(fm: &str, block: &str) -> String {
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

/// Adds lines at the end of the top-level block `key:`; `None` if the block is written
/// on one line.
fn insert_in_block(fm: &str, key: &str, lines: &str) -> Option<String> {
    let mut at = 0;
    let mut start = None;
    for line in fm.split_inclusive('\n') {
        if let Some(s) = start {
            let indented = line.starts_with(' ') || line.starts_with('-') || line.trim().is_empty();
            if !indented {
                let _ = s;
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
    fn slots_and_days() {
        assert_eq!(
            slot("1400-1530").map(|(a, b)| (a.to_string(), b.to_string())),
            Some(("14:00".into(), "15:30".into()))
        );
        assert!(slot("1530-1400").is_none());
        assert!(slot("14-15").is_none());
        assert_eq!(day("wed"), Some(Day::Wed));
        assert_eq!(day("xyz"), None);
    }

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
    }
}

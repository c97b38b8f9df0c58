//! What the booking data says about one prison, as front matter groups: only what the
//! files agree on, defaults only where the data's README says they are the service's own,
//! and nothing for a closed establishment but `online: none`.

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

use super::SOURCE_TITLE;
use super::data::Loaded;
use crate::commands::import::yaml::{Fields, Node, field};
use crate::model::fields::{Date, Phone, Postcode, Time};
use crate::model::prison::Day;

/// What the data says about one prison, as front matter groups, and the sources to list.
pub(super) struct Imported {
    pub(super) sources: Vec<Fields>,
    pub(super) groups: Vec<(String, Fields)>,
    /// Problems with the data itself, reported once per prison.
    pub(super) notes: Vec<String>,
}

fn clean_phone(raw: &Option<String>) -> Option<String> {
    let raw = raw.as_deref()?.trim();
    Phone::parse(raw).ok().map(|p| p.0)
}

fn clean_email(raw: &Option<String>) -> Option<String> {
    let raw = raw.as_deref()?.trim();
    (raw.contains('@') && !raw.contains(char::is_whitespace) && !old_network(raw))
        .then(|| raw.to_string())
}

/// Addresses on the government's old secure network (`...gsi.gov.uk`), which was retired:
/// a family writing to one may never get an answer, so such an address is not written
/// without a person checking it.
fn old_network(email: &str) -> bool {
    email.to_ascii_lowercase().ends_with("gsi.gov.uk")
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

/// One prison's files, sorted into the ones that matter for each group.
struct Files<'a> {
    all: Vec<&'a Loaded>,
    /// Files of an establishment the data does not mark closed.
    open: Vec<&'a Loaded>,
    /// Open files still on the older request service. An unreadable `enabled` is unknown:
    /// nothing that depends on that service is written for the file.
    enabled: Vec<&'a Loaded>,
    as_of: Date,
}

type Group = (String, Fields);

impl<'a> Files<'a> {
    fn new(files: &'a [Loaded], as_of: Date) -> Self {
        let all: Vec<&Loaded> = files.iter().collect();
        let open: Vec<&Loaded> = all.iter().copied().filter(|f| !f.data.closed).collect();
        let enabled = open
            .iter()
            .copied()
            .filter(|f| f.data.enabled && known(f, "enabled"))
            .collect();
        Files {
            all,
            open,
            enabled,
            as_of,
        }
    }

    fn source(fs: &[&Loaded]) -> Node {
        let ids: Vec<String> = fs.iter().map(|f| source_id(f)).collect();
        match ids.as_slice() {
            [one] => Node::Scalar(one.clone()),
            _ => Node::Flow(ids),
        }
    }

    /// The phone and email are the visits team's; notice and window are the request
    /// service's own settings (with its defaults), written only for prisons still on it.
    fn booking(&self, notes: &mut Vec<String>) -> Option<Group> {
        if self.open.is_empty() {
            // Every file says the establishment is closed: a dated official word that it
            // cannot be booked, so the page drops its online booking button.
            return Some((
                "booking".to_string(),
                vec![
                    field("source", Self::source(&self.all)),
                    field("online", Node::Scalar("none".into())),
                ],
            ));
        }
        for f in &self.open {
            if let Some(e) = f
                .data
                .email_address
                .as_deref()
                .filter(|e| old_network(e.trim()))
            {
                notes.push(format!(
                    "{}: the email {} is on the retired gsi.gov.uk network; it is not written: check the prison's official page and add the right address by hand",
                    f.stem,
                    e.trim()
                ));
            }
        }
        let phone = agreed(
            &self.open,
            "phone number",
            |f| clean_phone(&f.data.phone_no),
            notes,
        );
        let email = agreed(
            &self.open,
            "email address",
            |f| clean_email(&f.data.email_address),
            notes,
        );
        let lead = agreed(
            &self.enabled,
            "notice",
            |f| known(f, "lead_days").then(|| f.data.lead_days.unwrap_or(3).to_string()),
            notes,
        );
        let window = agreed(
            &self.enabled,
            "booking window",
            |f| known(f, "booking_window").then(|| f.data.booking_window.unwrap_or(28).to_string()),
            notes,
        );
        let with: Vec<&Loaded> = self
            .open
            .iter()
            .copied()
            .filter(|f| {
                clean_phone(&f.data.phone_no).is_some()
                    || clean_email(&f.data.email_address).is_some()
                    || self.enabled.iter().any(|e| std::ptr::eq(*e, *f))
            })
            .collect();
        if with.is_empty() {
            return None;
        }
        let mut booking = vec![field("source", Self::source(&with))];
        if !self.enabled.is_empty() {
            booking.push(field("online", Node::Scalar("national".into())));
        }
        let scalars = [
            ("phone", phone),
            ("email", email),
            ("notice_working_days", lead),
            ("book_up_to_days", window),
        ];
        for (key, value) in scalars {
            if let Some(v) = value {
                booking.push(field(key, Node::Scalar(v)));
            }
        }
        (booking.len() > 1).then(|| ("booking".to_string(), booking))
    }

    /// Who can come: the request service's rules, for prisons still on it.
    fn visitors(&self, notes: &mut Vec<String>) -> Option<Group> {
        if self.enabled.is_empty() {
            return None;
        }
        let age = agreed(
            &self.enabled,
            "adult age",
            |f| known(f, "adult_age").then(|| f.data.adult_age.unwrap_or(18).to_string()),
            notes,
        );
        let mut v = vec![
            field("source", Self::source(&self.enabled)),
            field("set_by", Node::Scalar("booking_service".into())),
            field("most_visitors", Node::Scalar("6".into())),
            field("most_adults", Node::Scalar("3".into())),
        ];
        if let Some(a) = age {
            v.push(field("adult_from_age", Node::Scalar(a)));
        }
        v.push(field("lead_visitor_min_age", Node::Scalar("18".into())));
        Some(("visitors".to_string(), v))
    }

    /// One session per distinct slot, with the days it runs on; several files become
    /// labelled groups. One-off dates before the data's own date are history.
    fn times(&self, notes: &mut Vec<String>) -> Option<Group> {
        let timed: Vec<&Loaded> = self
            .open
            .iter()
            .copied()
            .filter(|f| !f.data.recurring.is_empty())
            .collect();
        let mut sessions = Vec::new();
        let mut extra = Vec::new();
        for f in &timed {
            let label = (timed.len() > 1).then(|| label(f, &self.all));
            sessions.extend(weekly(f, label.as_deref(), notes));
            for (date, list) in &f.data.anomalous {
                let Ok(d) = Date::parse(date) else {
                    notes.push(format!("{}: `{date}` is not a date; left out", f.stem));
                    continue;
                };
                if d < self.as_of {
                    continue;
                }
                for (start, end) in list.iter().filter_map(|s| slot(s)) {
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
        if sessions.is_empty() {
            return None;
        }
        let mut t = vec![
            field("source", Self::source(&timed)),
            field("sessions", Node::Seq(sessions)),
        ];
        if !extra.is_empty() {
            t.push(field("extra", Node::Seq(extra)));
        }
        Some(("visiting_times".to_string(), t))
    }

    /// Dates with no visits, from the data's date on: earlier ones have passed.
    fn closures(&self) -> Option<Group> {
        let mut dates: Vec<Date> = Vec::new();
        let mut dated: Vec<&Loaded> = Vec::new();
        for f in &self.open {
            let mine: Vec<Date> = f
                .data
                .unbookable
                .iter()
                .filter_map(|d| Date::parse(d.trim()).ok())
                .filter(|d| *d >= self.as_of)
                .collect();
            if !mine.is_empty() {
                dated.push(f);
            }
            dates.extend(mine);
        }
        dates.sort();
        dates.dedup();
        (!dates.is_empty()).then(|| {
            (
                "days_without_visits".to_string(),
                vec![
                    field("source", Self::source(&dated)),
                    field(
                        "dates",
                        Node::Flow(dates.iter().map(Date::to_string).collect()),
                    ),
                ],
            )
        })
    }
}

/// Whether a field of the file could be read (a misspelt or mistyped one is unknown).
fn known(f: &Loaded, key: &str) -> bool {
    !f.broken.iter().any(|b| b == key)
}

fn source_id(f: &Loaded) -> String {
    format!("moj-{}", f.stem)
}

/// A file's weekly slots as sessions, one per distinct slot with the days it runs on.
fn weekly(f: &Loaded, label: Option<&str>, notes: &mut Vec<String>) -> Vec<Fields> {
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
    slots
        .into_iter()
        .map(|((start, end), mut days)| {
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
            if let Some(l) = label {
                s.push(field("label", Node::Scalar(l.to_string())));
                let lower = l.to_lowercase();
                if lower.contains("remand") {
                    s.push(field("held", Node::Scalar("remand".into())));
                } else if lower.contains("convicted") {
                    s.push(field("held", Node::Scalar("convicted".into())));
                }
            }
            s
        })
        .collect()
}

pub(super) fn imported(files: &[Loaded], as_of: Date, base_url: &str) -> Imported {
    let f = Files::new(files, as_of);
    let mut notes = Vec::new();
    if f.open.len() < f.all.len() {
        notes.push("the booking data marks this establishment as closed: no visiting times are written, and `booking.online: none`".to_string());
    }
    let sources = f
        .all
        .iter()
        .map(|l| {
            let name = l
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            vec![
                field("id", Node::Scalar(source_id(l))),
                field("title", Node::Scalar(SOURCE_TITLE.to_string())),
                field("url", Node::Scalar(format!("{base_url}{name}"))),
                field("date", Node::Scalar(as_of.to_string())),
            ]
        })
        .collect();
    let groups = [
        f.booking(&mut notes),
        f.visitors(&mut notes),
        f.times(&mut notes),
        f.closures(),
    ]
    .into_iter()
    .flatten()
    .collect();
    Imported {
        sources,
        groups,
        notes,
    }
}

/// The street lines, Welsh lines and town, checked against what the page has.
pub(super) fn address_fields(
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
}

//! A prison's visiting facts as families read them: times grouped by day the way official
//! pages write them ("Monday: 2pm to 3pm, 3:30pm to 4:30pm"), each group of facts with the
//! source and date it came from, dates with no visits shown before they happen, and a
//! warning when the newest source of the times or booking facts is old.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::facts::{Held, Online, Session, SourceRef};
use crate::model::fields::Date;
use crate::model::prison::{Day, Status};
use crate::model::{Prison, Source};
use crate::words::Words;

/// One source as the page shows it beside the facts.
#[derive(Debug, Serialize, Clone, PartialEq)]
pub struct SourceLine {
    pub title: String,
    pub url: String,
    /// "28 July 2026"
    pub date: Option<String>,
    pub date_iso: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DayTimes {
    pub day: String,
    /// "2pm to 3pm, 3:30pm to 4:30pm"
    pub times: String,
}

/// Sessions shown together: all of a prison's, or one labelled group of them.
#[derive(Debug, Clone, Serialize)]
pub struct TimesGroup {
    pub label: Option<String>,
    /// Who these sessions are for, in words ("for wings A to E, remand prisoners").
    pub who: Option<String>,
    pub days: Vec<DayTimes>,
    pub notes: Vec<String>,
}

/// Each group of facts' sources, by the group's name in the front matter.
#[derive(Debug, Clone, Serialize, Default)]
pub struct From {
    pub booking: Vec<SourceLine>,
    pub visitors: Vec<SourceLine>,
    pub visiting_times: Vec<SourceLine>,
    pub days_without_visits: Vec<SourceLine>,
    pub on_the_day: Vec<SourceLine>,
    pub getting_there: Vec<SourceLine>,
    pub visitors_centre: Vec<SourceLine>,
    pub video_calls: Vec<SourceLine>,
    pub contact: Vec<SourceLine>,
    pub address: Vec<SourceLine>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct FactsView {
    /// Family sessions by group and day.
    pub times: Vec<TimesGroup>,
    /// Legal and official visits, kept apart from the families' table.
    pub other_times: Vec<String>,
    /// Where each group's facts came from.
    pub from: From,
    /// The newest source of the times or booking facts is older than the site allows.
    pub stale: bool,
    /// `national`, `other`, `none` or `unknown` (the booking facts do not say: the national
    /// start page is shown, since it leads to whichever service the prison uses), `unlisted`
    /// (no booking facts at all: no button, only where to check), `closed` for a closed prison.
    pub online: &'static str,
    pub phone_hours: Option<String>,
    pub in_person_hours: Option<String>,
    pub contact_hours: Option<String>,
    /// Coming dates with no visits, "Friday 25 December 2026".
    pub no_visits: Vec<String>,
    /// Coming one-off extra sessions, "Tuesday 29 December 2026: 6pm to 6:45pm".
    pub extra_sessions: Vec<String>,
    /// The address as lines to print, town and postcode included.
    pub address: Vec<String>,
    pub address_cy: Vec<String>,
}

/// How many coming dates without visits a page lists: the next few matter, a year of bank
/// holidays is clutter.
const MAX_DATES: usize = 6;

/// The sources a group of facts names (`source:`), as the page shows them beside the facts.
pub(crate) fn source_lines(
    sources: &[Source],
    r: &Option<SourceRef>,
    w: &Words,
) -> Vec<SourceLine> {
    lines_from(sources, r, |i| source_line(&sources[i], w))
}

fn source_line(s: &Source, w: &Words) -> SourceLine {
    SourceLine {
        title: s.title.clone(),
        url: s.url.0.clone(),
        date: s.date.map(|d| w.source_date(d)),
        date_iso: s.date.map(|d| d.to_string()),
    }
}

/// [`source_lines`] with each source's line made by `line` (given its place in `sources`).
fn lines_from(
    sources: &[Source],
    r: &Option<SourceRef>,
    mut line: impl FnMut(usize) -> SourceLine,
) -> Vec<SourceLine> {
    let mut out: Vec<SourceLine> = Vec::new();
    for id in r.iter().flat_map(|r| &r.0) {
        if let Some(i) = sources
            .iter()
            .position(|s| s.id.as_deref() == Some(id.as_str()))
        {
            let line = line(i);
            // Several files of one data set read as one source on the page.
            if !out
                .iter()
                .any(|o| o.title == line.title && o.date == line.date)
            {
                out.push(line);
            }
        }
    }
    out
}

/// The facts in the language of `w`, the theme's words.
pub fn view(prison: &Prison, today: Date, stale_after_months: u32, w: &Words) -> FactsView {
    let closed = !prison.status.is_listed();
    let mut v = FactsView {
        online: match (
            prison.status,
            prison.booking.as_ref().and_then(|b| b.online),
        ) {
            (Status::Closed, _) => "closed",
            (_, Some(Online::National)) => "national",
            (_, Some(Online::Other)) => "other",
            (_, Some(Online::None)) => "none",
            // No booking facts at all: nothing says this prison can be booked online.
            (_, None) if prison.booking.is_none() => "unlisted",
            (_, None) => "unknown",
        },
        ..FactsView::default()
    };
    // Most groups name the same source or two: each source's line is made once, its date
    // written once.
    let made: Vec<std::cell::OnceCell<SourceLine>> =
        prison.sources.iter().map(|_| Default::default()).collect();
    let lines = |r: &Option<SourceRef>| {
        lines_from(&prison.sources, r, |i| {
            made[i]
                .get_or_init(|| source_line(&prison.sources[i], w))
                .clone()
        })
    };
    let get = |r: Option<&Option<SourceRef>>| r.map(&lines).unwrap_or_default();
    v.from = From {
        booking: get(prison.booking.as_ref().map(|g| &g.source)),
        visitors: get(prison.visitors.as_ref().map(|g| &g.source)),
        visiting_times: get(prison.visiting_times.as_ref().map(|g| &g.source)),
        days_without_visits: get(prison.days_without_visits.as_ref().map(|g| &g.source)),
        on_the_day: get(prison.on_the_day.as_ref().map(|g| &g.source)),
        getting_there: get(prison.getting_there.as_ref().map(|g| &g.source)),
        visitors_centre: get(prison.visitors_centre.as_ref().map(|g| &g.source)),
        video_calls: get(prison.video_calls.as_ref().map(|g| &g.source)),
        contact: get(prison.contact.as_ref().map(|g| &g.source)),
        address: get(prison.address.as_ref().map(|a| &a.source)),
    };
    v.stale = stale(prison, today, stale_after_months);
    if !closed {
        v.times = groups(prison.family_sessions(), w);
        v.other_times = prison
            .visiting_times
            .iter()
            .flat_map(|t| &t.sessions)
            .filter(|s| !s.kind.for_families() && !s.days.is_empty())
            .map(|s| {
                format!(
                    "{}: {}, {}",
                    w.visit_kind(s.kind),
                    w.days(&s.days),
                    w.time_range(s.start, s.end)
                )
            })
            .collect();
        if let Some(t) = &prison.visiting_times {
            let mut extra: Vec<_> = t.extra.iter().filter(|e| e.date >= today).collect();
            extra.sort_by_key(|e| (e.date, e.start));
            v.extra_sessions = extra
                .iter()
                .take(MAX_DATES)
                .map(|e| {
                    let mut s = format!(
                        "{}: {}",
                        w.day_and_date(e.date),
                        w.time_range(e.start, e.end)
                    );
                    if let Some(l) = &e.label {
                        s.push_str(&format!(" ({l})"));
                    }
                    s
                })
                .collect();
        }
        if let Some(d) = &prison.days_without_visits {
            let mut dates: Vec<Date> = d.dates.iter().copied().filter(|d| *d >= today).collect();
            dates.sort();
            dates.dedup();
            v.no_visits = dates
                .into_iter()
                .take(MAX_DATES)
                .map(|d| w.day_and_date(d))
                .collect();
        }
    }
    if let Some(b) = &prison.booking {
        v.phone_hours = Some(w.hours(&b.phone_hours)).filter(|s| !s.is_empty());
        v.in_person_hours = Some(w.hours(&b.in_person_hours)).filter(|s| !s.is_empty());
    }
    if let Some(c) = &prison.contact {
        v.contact_hours = Some(w.hours(&c.phone_hours)).filter(|s| !s.is_empty());
    }
    if let Some(a) = &prison.address {
        v.address = a
            .lines
            .iter()
            .cloned()
            .chain(a.town.clone())
            .chain(a.postcode.as_ref().map(|p| p.0.clone()))
            .collect();
        if !a.lines_cy.is_empty() || a.town_cy.is_some() {
            v.address_cy = a
                .lines_cy
                .iter()
                .cloned()
                .chain(a.town_cy.clone())
                .chain(a.postcode.as_ref().map(|p| p.0.clone()))
                .collect();
        }
    }
    v
}

/// Whether families should be told the times or booking facts may be out of date: the
/// newest dated source of either is older than the setting, or neither source has a date.
pub fn stale(prison: &Prison, today: Date, months: u32) -> bool {
    let refs = prison
        .visiting_times
        .iter()
        .filter(|t| !t.sessions.is_empty())
        .map(|t| &t.source)
        .chain(prison.booking.iter().map(|b| &b.source));
    let mut any = false;
    let mut newest: Option<Date> = None;
    for r in refs {
        any = true;
        for id in r.iter().flat_map(|r| &r.0) {
            if let Some(d) = prison.source(id).and_then(|s| s.date) {
                newest = newest.max(Some(d.first_day));
            }
        }
    }
    let limit = today.add_months(-i32::try_from(months).unwrap_or(i32::MAX / 24));
    any && newest.is_none_or(|d| d < limit)
}

fn who(s: &Session, w: &Words) -> Option<String> {
    let mut parts = Vec::new();
    if !s.wings.is_empty() {
        parts.push(w.fill("who_wings", &[("wings", &s.wings.join(", "))]));
    }
    // A label such as "Remand only" already says it.
    let label = s.label.as_deref().unwrap_or("").to_lowercase();
    match s.held {
        Some(Held::Remand) if !label.contains("remand") => {
            parts.push(w.get("who_remand").to_string())
        }
        Some(Held::Convicted) if !label.contains("convicted") => {
            parts.push(w.get("who_convicted").to_string())
        }
        _ => {}
    }
    if s.enhanced_only {
        parts.push(w.get("who_enhanced").to_string());
    }
    (!parts.is_empty()).then(|| w.fill("who_for", &[("parts", &parts.join(", "))]))
}

fn groups<'a>(sessions: impl Iterator<Item = &'a Session>, w: &Words) -> Vec<TimesGroup> {
    // Groups keep the order they first appear in, so the editor decides which comes first.
    let mut order: Vec<(Option<String>, Option<String>)> = Vec::new();
    let mut by: BTreeMap<(Option<String>, Option<String>), Vec<&Session>> = BTreeMap::new();
    for s in sessions {
        let key = (s.label.clone(), who(s, w));
        if !by.contains_key(&key) {
            order.push(key.clone());
        }
        by.entry(key).or_default().push(s);
    }
    order
        .into_iter()
        .map(|key| {
            let list = by.remove(&key).unwrap_or_default();
            let days = Day::ALL
                .iter()
                .filter_map(|day| {
                    let mut slots: Vec<&Session> = list
                        .iter()
                        .copied()
                        .filter(|s| s.days.contains(day))
                        .collect();
                    slots.sort_by_key(|s| (s.start, s.end));
                    slots.dedup_by_key(|s| (s.start, s.end));
                    (!slots.is_empty()).then(|| DayTimes {
                        day: w.day(*day).to_string(),
                        times: day_times(&slots, w),
                    })
                })
                .collect();
            let mut notes: Vec<String> = list.iter().filter_map(|s| s.notes.clone()).collect();
            notes.dedup();
            TimesGroup {
                label: key.0,
                who: key.1,
                days,
                notes,
            }
        })
        .collect()
}

/// One day's sessions: "2pm to 3pm, 6pm to 7pm (video call)".
fn day_times(slots: &[&Session], w: &Words) -> String {
    let mut times = String::new();
    for (k, s) in slots.iter().enumerate() {
        if k > 0 {
            times.push_str(", ");
        }
        times.push_str(&w.time_range(s.start, s.end));
        if s.kind != crate::model::facts::VisitKind::Social {
            times.push_str(" (");
            times.push_str(&w.visit_kind(s.kind).to_lowercase());
            times.push(')');
        }
    }
    times
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prison(yaml: &str) -> Prison {
        serde_yaml::from_str(&format!(
            "name: HMP Test\nregion: Wales\n{yaml}sources:\n  - id: moj\n    title: Booking data\n    url: https://example.org/\n    date: 2026-07-28\n"
        ))
        .unwrap()
    }

    #[test]
    fn times_read_by_day_in_groups_and_legal_visits_apart() {
        let p = prison(
            "visiting_times:\n  source: moj\n  sessions:\n    - {days: [mon, sat], start: \"15:30\", end: \"16:30\"}\n    - {days: [mon], start: \"14:00\", end: \"15:00\"}\n    - {days: [tue], start: \"09:00\", end: \"10:00\", label: Remand only, held: remand}\n    - {days: [wed], start: \"09:00\", end: \"11:00\", kind: legal}\n",
        );
        let today = Date::parse("2026-11-23").unwrap();
        let en = crate::words::shipped(crate::discover::Lang::En);
        let w = Words::new(crate::discover::Lang::En, &en);
        let v = view(&p, today, 6, &w);
        assert_eq!(v.times.len(), 2);
        assert_eq!(v.times[0].days[0].day, "Monday");
        assert_eq!(v.times[0].days[0].times, "2pm to 3pm, 3:30pm to 4:30pm");
        assert_eq!(v.times[1].label.as_deref(), Some("Remand only"));
        assert_eq!(v.times[1].who, None, "the label already says remand");
        assert_eq!(v.other_times, ["Legal visit: Wednesday, 9am to 11am"]);
        assert_eq!(
            v.from.visiting_times[0].date.as_deref(),
            Some("28 July 2026")
        );
        assert_eq!(
            v.online, "unlisted",
            "no booking group: nothing says it can be booked online"
        );
        assert!(!v.stale);
        assert!(view(&p, Date::parse("2027-01-29").unwrap(), 6, &w).stale);
        assert!(!view(&p, Date::parse("2027-01-28").unwrap(), 6, &w).stale);
    }

    #[test]
    fn only_coming_days_without_visits_are_shown() {
        let p = prison(
            "days_without_visits:\n  source: moj\n  dates: [2026-12-28, 2026-12-25, 2026-01-01]\n",
        );
        let en = crate::words::shipped(crate::discover::Lang::En);
        let w = Words::new(crate::discover::Lang::En, &en);
        let v = view(&p, Date::parse("2026-12-25").unwrap(), 6, &w);
        assert_eq!(
            v.no_visits,
            ["Friday 25 December 2026", "Monday 28 December 2026"]
        );
    }

    #[test]
    fn a_prisons_times_and_dates_read_in_welsh() {
        let p = prison(
            "visiting_times:\n  source: moj\n  sessions:\n    - {days: [mon, sat], start: \"15:30\", end: \"16:30\"}\n    - {days: [mon], start: \"09:00\", end: \"12:00\", held: remand}\n    - {days: [wed], start: \"09:00\", end: \"11:00\", kind: legal}\ndays_without_visits:\n  source: moj\n  dates: [2026-12-25]\n",
        );
        let cy = crate::words::shipped(crate::discover::Lang::Cy);
        let w = Words::new(crate::discover::Lang::Cy, &cy);
        let v = view(&p, Date::parse("2026-11-23").unwrap(), 6, &w);
        assert_eq!(v.times[0].days[0].day, "Dydd Llun");
        assert_eq!(v.times[0].days[0].times, "3:30yp i 4:30yp");
        assert_eq!(v.times[0].days[1].day, "Dydd Sadwrn");
        assert_eq!(v.times[1].who.as_deref(), Some("Ar gyfer pobl ar remand"));
        assert_eq!(v.times[1].days[0].times, "9yb i hanner dydd");
        assert_eq!(
            v.other_times,
            ["Ymweliad cyfreithiol: Dydd Mercher, 9yb i 11yb"]
        );
        assert_eq!(v.no_visits, ["Dydd Gwener 25 Rhagfyr 2026"]);
        assert_eq!(
            v.from.visiting_times[0].date.as_deref(),
            Some("28 Gorffennaf 2026")
        );
    }
}

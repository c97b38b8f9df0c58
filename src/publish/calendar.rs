//! Weekly family visiting sessions as iCalendar files (RFC 5545) in UK time, in English at
//! `prisons/<slug>/visiting.ics` and in Welsh at `cy/prisons/<slug>/visiting.ics`. Legal
//! and official visits are left out: the calendar is for families.

use std::collections::HashSet;

use crate::content::{Kind, Meta, Page, Site};
use crate::discover::Lang;
use crate::model::Prison;
use crate::model::fields::{Date, Time};
use crate::model::prison::Day;
use crate::output::OutputFile;
use crate::words::Words;

/// Whether a prison's page offers a calendar: it has family sessions and is open.
pub fn has_calendar(prison: &Prison) -> bool {
    prison.status.is_listed() && prison.family_sessions().next().is_some()
}

/// Europe/London as RFC 5545 wants it spelt out, so a phone set to another zone still puts
/// a 2pm visit at 2pm UK time, in summer and in winter.
const VTIMEZONE: [&str; 17] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// A prison's calendar in the language of `words`, or `None` when it has no family
/// sessions. Event titles and the reminder come from the theme's words; an editor's note on
/// a session is English, so on a Welsh calendar it is a `COMMENT` marked `LANGUAGE=en`
/// rather than mixed into the Welsh description.
pub(super) fn calendar(site: &Site, page: &Page, words: &Words) -> Option<OutputFile> {
    let Meta::Prison(prison) = &page.meta else {
        return None;
    };
    if !has_calendar(prison) {
        return None;
    }
    let Kind::Prison { slug } = &page.file.kind else {
        return None;
    };
    let lang = words.lang;
    let welsh = lang != Lang::En;
    let name = prison.name_in(lang);
    // On Welsh text properties: RFC 5545's LANGUAGE parameter. English calendars carry
    // none, as before Welsh ones existed.
    let tagged = |property: &str| match welsh {
        true => format!("{property};LANGUAGE={}", lang.code()),
        false => property.to_string(),
    };
    let stamp = format!(
        "{}{:02}{:02}T000000Z",
        site.today.year, site.today.month, site.today.day
    );
    let no_visits: Vec<Date> = prison
        .days_without_visits
        .iter()
        .flat_map(|d| &d.dates)
        .copied()
        .filter(|d| *d >= site.today)
        .collect();
    let mut ics = String::new();
    let mut line = |s: &str| ics.push_str(&fold_ical(s));
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//familyties//visiting times//EN");
    line("CALSCALE:GREGORIAN");
    line(&format!(
        "X-WR-CALNAME:{}",
        ical_text(&words.fill("calendar_name", &[("name", name)]))
    ));
    line("X-WR-TIMEZONE:Europe/London");
    for l in VTIMEZONE {
        line(l);
    }
    let mut uids = HashSet::new();
    for session in prison.family_sessions() {
        // First occurrence: the session's next day on or after the build date, in whatever
        // order the days are listed (a Monday, Wednesday and Friday session added on a
        // Tuesday starts that Wednesday).
        let Some(offset) = session
            .days
            .iter()
            .map(|d| (*d as usize + 7 - site.today.weekday()) % 7)
            .min()
        else {
            continue;
        };
        let day = Date::from_days(site.today.days() + offset as i64);
        let date = ical_date(day);
        let byday: Vec<&str> = session.days.iter().map(|d| d.ical()).collect();
        // The UID comes from what the session is, not where it is in the list, so moving
        // sessions around does not make calendars show them twice. The Welsh event is the
        // same session in another file: its own UID keeps a calendar app that has both
        // from replacing one with the other.
        let identity = format!(
            "{slug}|{}|{}|{}|{:?}|{}|{}|{:?}|{}",
            byday.join(","),
            session.start,
            session.end,
            session.kind,
            session.label.as_deref().unwrap_or(""),
            session.wings.join(","),
            session.held,
            session.enhanced_only
        );
        let suffix = if welsh {
            format!("-{}", lang.code())
        } else {
            String::new()
        };
        let uid = format!("{slug}-{:016x}{suffix}@familyties", fnv1a(&identity));
        if !uids.insert(uid.clone()) {
            continue;
        }
        let hhmm = |t: Time| format!("{:02}{:02}00", t.hour, t.minute);
        line("BEGIN:VEVENT");
        line(&format!("UID:{uid}"));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!(
            "DTSTART;TZID=Europe/London:{date}T{}",
            hhmm(session.start)
        ));
        line(&format!(
            "DTEND;TZID=Europe/London:{date}T{}",
            hhmm(session.end)
        ));
        line(&format!("RRULE:FREQ=WEEKLY;BYDAY={}", byday.join(",")));
        for d in no_visits
            .iter()
            .filter(|d| session.days.contains(&Day::ALL[d.weekday()]))
        {
            line(&format!(
                "EXDATE;TZID=Europe/London:{}T{}",
                ical_date(*d),
                hhmm(session.start)
            ));
        }
        let mut summary = words.fill(
            "calendar_event",
            &[("kind", words.visit_kind(session.kind)), ("name", name)],
        );
        if let Some(l) = &session.label {
            summary = format!("{summary} ({l})");
        }
        line(&format!("{}:{}", tagged("SUMMARY"), ical_text(&summary)));
        let check = words.get("calendar_check");
        match (&session.notes, welsh) {
            (Some(n), false) => line(&format!(
                "DESCRIPTION:{}",
                ical_text(&format!("{n} {check}"))
            )),
            (notes, _) => {
                line(&format!("{}:{}", tagged("DESCRIPTION"), ical_text(check)));
                if let Some(n) = notes {
                    line(&format!("COMMENT;LANGUAGE=en:{}", ical_text(n)));
                }
            }
        }
        if let Some(a) = &prison.address {
            let cy = welsh && (!a.lines_cy.is_empty() || a.town_cy.is_some());
            let (lines, town) = match cy {
                true => (&a.lines_cy, a.town_cy.as_deref()),
                false => (&a.lines, a.town.as_deref()),
            };
            let parts: Vec<&str> = lines
                .iter()
                .map(String::as_str)
                .chain(town)
                .chain(a.postcode.as_ref().map(|p| p.0.as_str()))
                .collect();
            let property = if cy {
                tagged("LOCATION")
            } else {
                "LOCATION".into()
            };
            line(&format!("{property}:{}", ical_text(&parts.join(", "))));
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    Some(OutputFile {
        path: format!(
            "{}{}visiting.ics",
            super::feed::dir(lang),
            page.url.trim_start_matches('/')
        ),
        bytes: ics.into_bytes(),
    })
}

fn ical_date(d: Date) -> String {
    format!("{}{:02}{:02}", d.year, d.month, d.day)
}

/// FNV-1a: a hash that is the same on every machine and Rust release, for UIDs.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Text for an iCalendar value. Every line break (CRLF, LF or a bare CR) becomes `\n`:
/// a bare CR left in would let a note start a calendar line of its own.
fn ical_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\r', '\n'], "\\n")
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

/// One content line, folded at 75 octets as RFC 5545 requires, ending in CRLF.
fn fold_ical(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut width = 0;
    for c in s.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ical_lines_are_folded_at_75_octets() {
        let long = format!("SUMMARY:{}", "ŵ".repeat(60));
        let folded = fold_ical(&long);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
    }

    #[test]
    fn ical_text_cannot_start_a_line_of_its_own() {
        assert_eq!(
            ical_text("a;b,c\\d\r\nEND:VEVENT\rx"),
            "a\\;b\\,c\\\\d\\nEND:VEVENT\\nx"
        );
    }
}

//! Checks on a prison's visiting facts that typing one field cannot make: every group of
//! facts names a source the page lists, times run forwards, notices end after they start,
//! and a closed prison offers no times or online booking.

use crate::content::Page;
use crate::diagnostics::Diagnostic;
use crate::model::facts::{Hours, Online, SourceRef};
use crate::model::prison::Status;
use crate::model::{Prison, Source};

/// Every problem with this prison's facts, each placed at the field it is about.
/// `today` and `stale_after_months` decide when the times and booking facts are old.
pub fn check(
    page: &Page,
    prison: &Prison,
    today: crate::model::fields::Date,
    stale_after_months: u32,
    report: &mut dyn FnMut(Diagnostic),
) {
    let mut at = |d: Diagnostic, key: &str| report(page.diagnostic_at_key(d, key));
    if crate::prison_facts::stale(prison, today, stale_after_months) {
        let key = if prison.visiting_times.is_some() {
            "visiting_times"
        } else {
            "booking"
        };
        at(
            Diagnostic::warning(format!(
                "the visiting times and booking facts come from sources more than {stale_after_months} months old (or undated), so the page tells families they may be out of date"
            ))
            .help("compare them with the prison's official page, correct them, and give their source the date you checked it"),
            key,
        );
    }
    let groups: [(&str, Option<&Option<SourceRef>>); 10] = [
        ("booking", prison.booking.as_ref().map(|g| &g.source)),
        ("visitors", prison.visitors.as_ref().map(|g| &g.source)),
        (
            "visiting_times",
            prison.visiting_times.as_ref().map(|g| &g.source),
        ),
        (
            "days_without_visits",
            prison.days_without_visits.as_ref().map(|g| &g.source),
        ),
        ("on_the_day", prison.on_the_day.as_ref().map(|g| &g.source)),
        (
            "getting_there",
            prison.getting_there.as_ref().map(|g| &g.source),
        ),
        (
            "visitors_centre",
            prison.visitors_centre.as_ref().map(|g| &g.source),
        ),
        (
            "video_calls",
            prison.video_calls.as_ref().map(|g| &g.source),
        ),
        ("contact", prison.contact.as_ref().map(|g| &g.source)),
        (
            "address",
            prison
                .address
                .as_ref()
                .filter(|a| !a.lines.is_empty())
                .map(|a| &a.source),
        ),
    ];
    group_sources(&groups, &prison.sources, &mut at);

    if let Some(times) = &prison.visiting_times {
        for (i, session) in times.sessions.iter().enumerate() {
            let problem = if session.days.is_empty() {
                Some("has no days".to_string())
            } else if session.start >= session.end {
                Some(format!(
                    "ends ({}) before it starts ({})",
                    session.end, session.start
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                at(
                    Diagnostic::error(format!("visiting session {} {problem}", i + 1))
                        .help("each session needs `days: [mon, ...]`, and a `start` before its `end`, e.g. start: \"14:00\", end: \"16:00\""),
                    "sessions",
                );
            }
        }
        for extra in &times.extra {
            if extra.start >= extra.end {
                at(
                    Diagnostic::error(format!(
                        "the extra session on {} ends ({}) before it starts ({})",
                        extra.date, extra.end, extra.start
                    ))
                    .help(
                        "write a `start` before its `end`, e.g. start: \"14:00\", end: \"16:00\"",
                    ),
                    "extra",
                );
            }
        }
        if !prison.status.is_listed() && !times.sessions.is_empty() {
            at(
                Diagnostic::error("this prison is closed but its page lists visiting times")
                    .help("remove `visiting_times:` (families cannot visit a closed prison), or change `status:` if it has reopened"),
                "visiting_times",
            );
        }
    }

    if let Some(b) = &prison.booking {
        hours_forwards(&b.phone_hours, "phone_hours", &mut at);
        hours_forwards(&b.in_person_hours, "in_person_hours", &mut at);
        match (b.online, &b.online_url) {
            (Some(Online::Other), None) => at(
                Diagnostic::error("`online: other` needs the address of that booking service")
                    .help("add `online_url: https://...` under `booking:`, or write `online: national` for GOV.UK's booking service"),
                "online",
            ),
            (Some(Online::National | Online::None) | None, Some(_)) => at(
                Diagnostic::error("`online_url` is only used with `online: other`")
                    .help("write `online: other` if this prison uses its own booking service, or remove `online_url`"),
                "online_url",
            ),
            _ => {}
        }
        if prison.status == Status::Closed
            && matches!(b.online, Some(Online::National | Online::Other))
        {
            at(
                Diagnostic::error("this prison is closed but its page offers online booking").help(
                    "write `online: none` under `booking:`, or change `status:` if it has reopened",
                ),
                "online",
            );
        }
        if let Some(e) = &b.email
            && !e.contains('@')
        {
            at(
                Diagnostic::error(format!("`{e}` is not an email address"))
                    .help("write the whole address, like socialvisits.leeds@justice.gov.uk, or remove the line"),
                "email",
            );
        }
    }
    if let Some(c) = &prison.contact {
        hours_forwards(&c.phone_hours, "phone_hours", &mut at);
    }

    for n in &prison.notices {
        if let (Some(s), Some(e)) = (n.starts, n.ends)
            && e < s
        {
            at(
                Diagnostic::error(format!(
                    "the notice \"{}\" ends ({e}) before it starts ({s}), so it would never show",
                    n.title
                ))
                .help("check the dates: `starts` is the first day it shows, `ends` the last"),
                "notices",
            );
        }
    }
}

fn hours_forwards(hours: &[Hours], key: &str, at: &mut dyn FnMut(Diagnostic, &str)) {
    for h in hours {
        if h.days.is_empty() || h.from >= h.to {
            at(
                Diagnostic::error(format!(
                    "opening hours from {} to {} need days and a `from` before `to`",
                    h.from, h.to
                ))
                .help("write them like `{days: [mon, tue, wed, thu, fri], from: \"09:00\", to: \"17:00\"}`"),
                key,
            );
        }
    }
}

/// Every group of facts names sources the page lists (`source: <id>`), and no two sources
/// share an id. `groups` are the groups present, by key, each with its `source:`; each
/// problem goes to `at` with the key to point at.
pub(crate) fn group_sources(
    groups: &[(&str, Option<&Option<SourceRef>>)],
    sources: &[Source],
    at: &mut dyn FnMut(Diagnostic, &str),
) {
    let ids: Vec<&str> = sources.iter().filter_map(|s| s.id.as_deref()).collect();
    for &(key, source) in groups {
        match source {
            None => {}
            // A street address without a source is allowed to lean on the page's sources:
            // the register gives town and postcode without street lines.
            Some(None) if key == "address" => {}
            Some(None) => at(
                Diagnostic::error(format!("the facts under `{key}:` do not say where they came from"))
                    .help(format!(
                        "add `source: <id>` under `{key}:`, naming the `id` of an entry in `sources:` (give that entry an `id:` if it has none), so families can see where and when the facts were found"
                    )),
                key,
            ),
            Some(Some(r)) => {
                if r.0.is_empty() {
                    at(
                        Diagnostic::error(format!("`{key}.source` lists no source"))
                            .help("write the `id` of one of the page's `sources:`"),
                        key,
                    );
                }
                for id in &r.0 {
                    if !ids.contains(&id.as_str()) {
                        let help = match crate::frontmatter::closest(id, &ids) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => format!(
                                "add an entry with `id: {id}` to `sources:` (title, url and date), or use one of: {}",
                                if ids.is_empty() { "(no source has an `id` yet)".to_string() } else { ids.join(", ") }
                            ),
                        };
                        at(
                            Diagnostic::error(format!(
                                "`{key}` says its facts came from `{id}`, but no source has that id"
                            ))
                            .help(help),
                            key,
                        );
                    }
                }
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for s in sources {
        if let Some(id) = &s.id
            && !seen.insert(id.as_str())
        {
            at(
                Diagnostic::error(format!("two sources have the id `{id}`"))
                    .help("give each source its own id"),
                "sources",
            );
        }
    }
}

/// A dated page (notice or family day) whose end is before its start.
pub fn dated_page(
    page: &Page,
    starts: Option<crate::model::fields::Date>,
    ends: Option<crate::model::fields::Date>,
    report: &mut dyn FnMut(Diagnostic),
) {
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        report(
            page.diagnostic_at_key(
                Diagnostic::error(format!(
                    "this page ends ({e}) before it starts ({s}), so it would never show"
                ))
                .help("check the dates: `starts` is the first day it shows, `ends` the last"),
                "ends",
            ),
        );
    }
}

//! The files a public site needs besides its pages, all from the same site model: sitemap,
//! robots.txt, Atom feeds of changes, open data (JSON and CSV), visiting-time calendars and
//! redirects for old addresses.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::{Kind, Lang};
use crate::highlight::escape;
use crate::model::Prison;
use crate::model::fields::Date;
use crate::model::prison::is_active;
use crate::output::OutputFile;
use crate::site::{Meta, Page, Site};

/// Bumped when a field of the open data changes meaning or is removed.
pub const OPEN_DATA_SCHEMA_VERSION: u32 = 2;

pub fn files(site: &Site, pages: &[String], diags: &Diagnostics) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let redirects = redirects(site, pages, diags, &mut out);
    out.extend(crate::sitemap::files(site, pages, &redirects));
    out.push(OutputFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
            site.config.base()
        )
        .into_bytes(),
    });
    out.push(feed(
        site,
        "updates.xml",
        &site.config.title,
        "/",
        site.pages.iter(),
    ));
    // Each prison's pages, gathered in one pass rather than one pass per prison.
    let mut by_prison: HashMap<&str, Vec<&Page>> = HashMap::new();
    for p in &site.pages {
        if let Kind::Prison { slug: prison } | Kind::PrisonPage { prison, .. } = &p.file.kind {
            by_prison.entry(prison).or_default().push(p);
        }
    }
    let prisons = site.prisons();
    let per_prison: Vec<Vec<OutputFile>> = prisons
        .par_iter()
        .map(|(page, _)| {
            let Kind::Prison { slug } = &page.file.kind else {
                return Vec::new();
            };
            let path = format!("{}updates.xml", page.url.trim_start_matches('/'));
            let title = format!("{}: {}", site.config.title, page.meta.title());
            let own = by_prison.get(slug.as_str()).into_iter().flatten().copied();
            let mut files = vec![feed(site, &path, &title, &page.url, own)];
            files.extend(calendar(site, page));
            files
        })
        .collect();
    out.extend(per_prison.into_iter().flatten());
    out.extend(open_data(site));
    out
}

/// What an edit to one prison's facts changes besides its pages, for `serve`: its own
/// feed and calendar, the site's feed and the open data. (The sitemap's dates wait for the
/// next full build; `serve` is a preview.)
pub fn after_prison_edit(site: &Site, prison: &Page) -> Vec<OutputFile> {
    let Kind::Prison { slug } = &prison.file.kind else {
        return Vec::new();
    };
    let own = site.pages.iter().filter(|p| match &p.file.kind {
        Kind::Prison { slug: s } | Kind::PrisonPage { prison: s, .. } => s == slug,
        _ => false,
    });
    let path = format!("{}updates.xml", prison.url.trim_start_matches('/'));
    let title = format!("{}: {}", site.config.title, prison.meta.title());
    let mut out = vec![
        feed(site, &path, &title, &prison.url, own),
        feed(
            site,
            "updates.xml",
            &site.config.title,
            "/",
            site.pages.iter(),
        ),
    ];
    out.extend(calendar(site, prison));
    out.extend(open_data(site));
    out
}

/// Old addresses (`aliases`) get a page that sends the visitor on, and a line in
/// `_redirects` for hosts that read one.
fn redirects(
    site: &Site,
    pages: &[String],
    diags: &Diagnostics,
    out: &mut Vec<OutputFile>,
) -> HashSet<String> {
    let taken: HashSet<&str> = pages.iter().map(String::as_str).collect();
    let mut lines = String::new();
    let mut made = HashSet::new();
    for page in &site.pages {
        let Meta::Prison(prison) = &page.meta else {
            continue;
        };
        for alias in &prison.aliases {
            let path = alias.trim();
            let valid = path.starts_with('/')
                && !path.split('/').any(|s| s == ".." || s == ".")
                && path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'));
            let file = if path.ends_with(".html") {
                path.trim_start_matches('/').to_string()
            } else {
                format!("{}/index.html", path.trim_matches('/'))
            };
            if !valid || path == "/" {
                diags.push(
                    page.diagnostic_at_key(
                        Diagnostic::error(format!("the alias `{alias}` is not a site address"))
                            .help(
                                "write the old address from the site root, e.g. /prisons/old-name/",
                            ),
                        "aliases",
                    ),
                    Some(&page.text),
                );
                continue;
            }
            if taken.contains(file.as_str()) || !made.insert(file.clone()) {
                diags.push(
                    page.diagnostic_at_key(
                        Diagnostic::error(format!(
                            "the alias `{alias}` is already the address of another page"
                        ))
                        .help("remove this alias, or move the other page"),
                        "aliases",
                    ),
                    Some(&page.text),
                );
                continue;
            }
            let target = format!("{}{}", site.config.base(), page.url);
            let title = escape(page.meta.title());
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title} has moved</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{t}\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n<main>\n<h1>{title} has moved</h1>\n<p><a href=\"{t}\">Go to the page for {title}</a>.</p>\n</main>\n</body>\n</html>\n",
                t = escape(&target)
            );
            lines.push_str(&format!("{path} {} 301\n", page.url));
            out.push(OutputFile {
                path: file,
                bytes: html.into_bytes(),
            });
        }
    }
    out.push(OutputFile {
        path: "_redirects".into(),
        bytes: lines.into_bytes(),
    });
    made
}

/// An Atom feed (RFC 4287) of the pages chosen by `include`, newest review first.
fn feed<'a>(
    site: &'a Site,
    path: &str,
    title: &str,
    home: &str,
    pages: impl Iterator<Item = &'a Page>,
) -> OutputFile {
    let base = site.config.base();
    let mut entries: Vec<(&Page, Date)> = pages
        .filter(|p| p.file.lang == Lang::En && p.output_path().is_some())
        .filter(|p| match &p.meta {
            Meta::PrisonPage(pp) => {
                is_active(pp.starts, pp.ends, site.today) || pp.ends.is_some_and(|e| e < site.today)
            }
            _ => true,
        })
        .filter_map(|p| {
            let date = match &p.meta {
                Meta::PrisonPage(pp) => pp.last_reviewed.or(pp.starts),
                m => m.last_reviewed(),
            }?;
            Some((p, date))
        })
        .collect();
    entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.url.cmp(&b.0.url)));
    entries.truncate(50);
    let updated = entries.first().map_or(site.today, |e| e.1);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{base}/{}\"/>\n<link rel=\"alternate\" href=\"{base}{}\"/>\n<updated>{updated}T00:00:00Z</updated>\n<author><name>{}</name></author>\n",
        escape(title),
        escape(&format!("{base}/{path}")),
        escape(path),
        escape(home),
        escape(&site.config.title)
    );
    for (page, date) in entries {
        let url = format!("{base}{}", page.url);
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<updated>{date}T00:00:00Z</updated>\n",
            escape(page.meta.title()),
            escape(&url),
            escape(&url)
        ));
        if let Some(summary) = page.meta.summary() {
            xml.push_str(&format!("<summary>{}</summary>\n", escape(summary)));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: path.to_string(),
        bytes: xml.into_bytes(),
    }
}

/// Whether a prison's page offers a calendar: it has family sessions and is open.
pub fn has_calendar(prison: &Prison) -> bool {
    prison.status.is_listed() && prison.family_sessions().next().is_some()
}

/// Europe/London as RFC 5545 wants it spelt out, so a phone set to another zone still puts
/// a 2pm visit at 2pm UK time, in summer and in winter.
const VTIMEZONE: [&str; 16] = [
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
];

/// Weekly family visiting sessions as an iCalendar file (RFC 5545) in UK time. Legal and
/// official visits are left out: the calendar is for families.
fn calendar(site: &Site, page: &Page) -> Option<OutputFile> {
    let Meta::Prison(prison) = &page.meta else {
        return None;
    };
    if !has_calendar(prison) {
        return None;
    }
    let Kind::Prison { slug } = &page.file.kind else {
        return None;
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
        ical_text(&format!("Visiting times: {}", prison.name))
    ));
    line("X-WR-TIMEZONE:Europe/London");
    for l in VTIMEZONE {
        line(l);
    }
    line("END:VTIMEZONE");
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
        // sessions around does not make calendars show them twice.
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
        let uid = format!("{slug}-{:016x}@familyties", fnv1a(&identity));
        if !uids.insert(uid.clone()) {
            continue;
        }
        let hhmm = |t: crate::model::fields::Time| format!("{:02}{:02}00", t.hour, t.minute);
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
        for d in no_visits.iter().filter(|d| {
            session
                .days
                .contains(&crate::model::prison::Day::ALL[d.weekday()])
        }) {
            line(&format!(
                "EXDATE;TZID=Europe/London:{}T{}",
                ical_date(*d),
                hhmm(session.start)
            ));
        }
        let mut summary = format!("{} at {}", session.kind.label(), prison.name);
        if let Some(l) = &session.label {
            summary = format!("{summary} ({l})");
        }
        line(&format!("SUMMARY:{}", ical_text(&summary)));
        let mut desc = String::from("Check with the prison before you travel.");
        if let Some(n) = &session.notes {
            desc = format!("{n} {desc}");
        }
        line(&format!("DESCRIPTION:{}", ical_text(&desc)));
        if let Some(a) = &prison.address {
            let parts: Vec<&str> = a
                .lines
                .iter()
                .map(String::as_str)
                .chain(a.town.as_deref())
                .chain(a.postcode.as_ref().map(|p| p.0.as_str()))
                .collect();
            line(&format!("LOCATION:{}", ical_text(&parts.join(", "))));
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    Some(OutputFile {
        path: format!("{}visiting.ics", page.url.trim_start_matches('/')),
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

#[derive(Serialize)]
struct OpenPrison<'a> {
    slug: &'a str,
    url: String,
    #[serde(flatten)]
    prison: &'a Prison,
}

#[derive(Serialize)]
struct OpenData<'a> {
    schema_version: u32,
    generated: String,
    licence_note: &'static str,
    prisons: Vec<OpenPrison<'a>>,
}

/// A CSV cell a spreadsheet will show as text: one starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return would be run as a formula, so it gets a leading `'` (OWASP's
/// advice for CSV injection).
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// `prisons.json` and `prisons.csv`: the same facts the pages show, for helplines and apps.
fn open_data(site: &Site) -> Vec<OutputFile> {
    let base = site.config.base();
    let prisons: Vec<OpenPrison> = site
        .prisons()
        .into_iter()
        .filter_map(|(p, prison)| match &p.file.kind {
            Kind::Prison { slug } => Some(OpenPrison {
                slug,
                url: format!("{base}{}", p.url),
                prison,
            }),
            _ => None,
        })
        .collect();
    let mut csv = csv::Writer::from_writer(Vec::new());
    let header = [
        "slug",
        "name",
        "name_cy",
        "other_names",
        "nomis_id",
        "types",
        "holds",
        "category",
        "operator",
        "sector",
        "region",
        "town",
        "county",
        "postcode",
        "official_page",
        "switchboard",
        "status",
        "last_reviewed",
        "url",
    ];
    let _ = csv.write_record(header);
    for o in &prisons {
        let p = o.prison;
        let a = p.address.as_ref();
        let record = [
            o.slug.to_string(),
            p.name.clone(),
            p.name_cy.clone().unwrap_or_default(),
            p.other_names.join("; "),
            p.nomis_id.clone().unwrap_or_default(),
            p.types
                .iter()
                .map(|t| t.code())
                .collect::<Vec<_>>()
                .join("+"),
            p.holds.clone().unwrap_or_default(),
            p.category.clone().unwrap_or_default(),
            p.operator.clone().unwrap_or_default(),
            p.sector
                .map_or(String::new(), |s| format!("{s:?}").to_lowercase()),
            p.region.name().to_string(),
            a.and_then(|a| a.town.clone()).unwrap_or_default(),
            a.and_then(|a| a.county.clone()).unwrap_or_default(),
            a.and_then(|a| a.postcode.as_ref())
                .map(|c| c.0.clone())
                .unwrap_or_default(),
            p.official_page
                .as_ref()
                .map(|u| u.0.clone())
                .unwrap_or_default(),
            p.contact
                .as_ref()
                .and_then(|c| c.phone.as_ref())
                .as_ref()
                .map(|s| s.0.clone())
                .unwrap_or_default(),
            serde_json::to_value(p.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            p.last_reviewed.map(|d| d.to_string()).unwrap_or_default(),
            o.url.clone(),
        ];
        let _ = csv.write_record(
            record
                .iter()
                .map(|cell| spreadsheet_safe(cell).into_owned()),
        );
    }
    let data = OpenData {
        schema_version: OPEN_DATA_SCHEMA_VERSION,
        generated: site.today.to_string(),
        licence_note: "Facts from the prison register, GOV.UK prison pages and the Ministry of Justice prison visit booking data (MIT licence, Crown copyright); each group of facts names its source and date. Check the official page before acting on them.",
        prisons,
    };
    vec![
        OutputFile {
            path: "prisons.json".into(),
            bytes: serde_json::to_vec_pretty(&data).unwrap_or_default(),
        },
        OutputFile {
            path: "prisons.csv".into(),
            bytes: csv.into_inner().unwrap_or_default(),
        },
    ]
}

/// schema.org JSON-LD for a page, safe to place inside `<script>`.
pub fn json_ld(site: &Site, page: &Page) -> Option<String> {
    let base = site.config.base();
    let value = match &page.meta {
        Meta::Prison(p) => {
            let hours: Vec<serde_json::Value> = p
                .family_sessions()
                .map(|s| {
                    serde_json::json!({
                        "@type": "OpeningHoursSpecification",
                        "dayOfWeek": s.days.iter().map(|d| format!("https://schema.org/{}", d.name())).collect::<Vec<_>>(),
                        "opens": s.start.to_string(),
                        "closes": s.end.to_string(),
                    })
                })
                .collect();
            let mut v = serde_json::json!({
                "@context": "https://schema.org",
                "@type": "GovernmentBuilding",
                "name": p.name,
                "url": format!("{base}{}", page.url),
            });
            if let Some(a) = &p.address {
                v["address"] = serde_json::json!({
                    "@type": "PostalAddress",
                    "streetAddress": a.lines.join(", "),
                    "addressLocality": a.town,
                    "addressRegion": a.county,
                    "postalCode": a.postcode.as_ref().map(|c| c.0.clone()),
                    "addressCountry": "GB",
                });
            }
            if let Some(t) = p.contact.as_ref().and_then(|c| c.phone.as_ref()) {
                v["telephone"] = serde_json::json!(t.0);
            }
            if !hours.is_empty() {
                v["openingHoursSpecification"] = serde_json::json!(hours);
            }
            if !p.other_names.is_empty() {
                v["alternateName"] = serde_json::json!(p.other_names);
            }
            v
        }
        Meta::Evidence(e) => serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Report",
            "name": e.title,
            "author": {"@type": "Organization", "name": e.author},
            "publisher": {"@type": "Organization", "name": e.publisher},
            "datePublished": e.published.map(|d| d.to_string()).or_else(|| e.year.map(|y| y.to_string())),
            "url": e.source_url.0,
            "abstract": e.summary,
        }),
        _ => return None,
    };
    // `</script>` or `<!--` inside a string must not end or change the script element
    // (and `<\!--` is not valid JSON, so every `<` is written as `\u003c`).
    serde_json::to_string(&value)
        .ok()
        .map(|s| script_safe_json(&s))
}

/// JSON text that cannot end or change an HTML `<script>` element it is placed in (or
/// inlined into later): `<`, `>` and `&` can only be inside strings, where `\u003c`,
/// `\u003e` and `\u0026` are the same characters, so the value is unchanged.
pub fn script_safe_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula() {
        for bad in ["=1+1", "+44 113", "-(0113)", "@SUM(A1)", "\tx", "\rx"] {
            assert!(spreadsheet_safe(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(spreadsheet_safe("HMP Leeds"), "HMP Leeds");
    }

    #[test]
    fn json_for_scripts_has_no_markup() {
        let json = serde_json::to_string("</script><!-- & >").unwrap();
        let safe = script_safe_json(&json);
        assert!(!safe.contains(['<', '>', '&']), "{safe}");
        assert_eq!(
            serde_json::from_str::<String>(&safe).unwrap(),
            "</script><!-- & >"
        );
    }

    #[test]
    fn ical_lines_are_folded_at_75_octets() {
        let long = format!("SUMMARY:{}", "ŵ".repeat(60));
        let folded = fold_ical(&long);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
    }
}

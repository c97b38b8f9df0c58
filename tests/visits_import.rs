//! `familyties import visits`: the booking-data fixture (tests/fixtures/moj-visits/) into a
//! small site, then the built pages, checklists and calendars.

mod common;

use std::collections::BTreeMap;

use common::{Run, Site, files_under, fixture_dir};

fn import(site: &Site) -> Run {
    let data = fixture_dir("moj-visits/data");
    site.run(&["import", "visits", data.to_str().expect("a UTF-8 path")])
}

fn imported() -> (Site, Run) {
    let site = Site::new("moj-visits/site");
    let run = import(&site);
    assert_eq!(run.code, 0, "{run:#?}");
    (site, run)
}

fn page(site: &Site, slug: &str) -> String {
    std::fs::read_to_string(site.path(&format!("content/prisons/{slug}/index.md"))).unwrap()
}

fn front_matter(site: &Site, slug: &str) -> serde_yaml::Value {
    let text = page(site, slug);
    let yaml = text.split("---\n").nth(1).unwrap();
    serde_yaml::from_str(yaml).unwrap()
}

fn built(site: &Site, date: &str, rel: &str) -> String {
    let run = site.build(&["--date", date]);
    assert_eq!(run.code, 0, "{run:#?}");
    std::fs::read_to_string(site.out().join(rel)).unwrap()
}

#[test]
fn several_files_for_one_prison_become_labelled_groups_with_their_sources() {
    let (site, _) = imported();
    let fm = front_matter(&site, "bullingdon");
    let sessions = fm["visiting_times"]["sessions"].as_sequence().unwrap();
    let labels: Vec<&str> = sessions
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["Convicted only", "Convicted only", "Remand only"],
        "{sessions:?}"
    );
    assert_eq!(sessions[2]["held"].as_str(), Some("remand"));
    assert_eq!(
        sessions[1]["days"],
        serde_yaml::from_str::<serde_yaml::Value>("[mon, wed, sat]").unwrap()
    );
    // Each file is a source with the data's date, named by the groups.
    let ids: Vec<&str> = fm["sources"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "moj-bni-bullingdon-convicted-only",
            "moj-bni-bullingdon-remand-only"
        ]
    );
    assert!(page(&site, "bullingdon").contains("    date: 2026-07-28\n"));
    // The files disagree on notice and window: neither is written.
    assert!(fm["booking"].get("notice_working_days").is_none());
    assert!(fm["booking"].get("book_up_to_days").is_none());

    let html = built(&site, "2026-12-01", "prisons/bullingdon/index.html");
    let times = section(&html, "visiting-times");
    assert!(times.contains("<h3>Convicted only</h3>"), "{times}");
    assert!(times.contains("<h3>Remand only</h3>"), "{times}");
    assert!(
        times.contains("<dt>Saturday</dt><dd>9:30am to 11:30am, 2pm to 4pm</dd>"),
        "times are grouped by day: {times}"
    );
    assert!(times.contains("Ministry of Justice prison visit booking data</a>, <time datetime=\"2026-07-28\">28 July 2026</time>"), "{times}");
    let book = section(&html, "book-a-visit");
    assert!(book.contains("href=\"tel:+441869353176\""), "{book}");
    assert!(book.contains("https://www.gov.uk/prison-visits"), "{book}");
    // The booking phone comes before the visiting times, and both before shared text.
    let phone = html.find("tel:+441869353176").unwrap();
    assert!(phone < html.find("id=\"visiting-times\"").unwrap());
    assert!(html.find("id=\"visiting-times\"").unwrap() < html.find("id=\"contact\"").unwrap());
}

#[test]
fn past_dates_are_left_out_and_coming_ones_show_before_they_happen() {
    let (site, _) = imported();
    let fm = front_matter(&site, "bullingdon");
    let dates: Vec<&str> = fm["days_without_visits"]["dates"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-12-25", "2026-12-28"], "2023-01-01 had passed");
    let extra = fm["visiting_times"]["extra"].as_sequence().unwrap();
    assert_eq!(
        extra.len(),
        1,
        "the 2022 one-off session is history: {extra:?}"
    );

    let html = built(&site, "2026-12-01", "prisons/bullingdon/index.html");
    let notices = section(&html, "notices");
    assert!(notices.contains("Friday 25 December 2026"), "{notices}");
    assert!(
        notices.contains("Tuesday 29 December 2026: 6pm to 7pm"),
        "{notices}"
    );
    let checklist =
        std::fs::read_to_string(site.out().join("prisons/bullingdon/checklist/index.html"))
            .unwrap();
    assert!(checklist.contains("Friday 25 December 2026"));

    let after = built(&site, "2026-12-26", "prisons/bullingdon/index.html");
    assert!(
        !after.contains("25 December 2026"),
        "a passed date is not shown"
    );
    assert!(after.contains("Monday 28 December 2026"));
}

#[test]
fn rerunning_the_import_changes_nothing() {
    let (site, _) = imported();
    let before: BTreeMap<String, Vec<u8>> = files_under(&site.path("content"));
    let again = import(&site);
    assert_eq!(again.code, 0, "{again:#?}");
    assert!(
        again.stderr.contains("0 prison pages completed"),
        "{}",
        again.stderr
    );
    assert_eq!(before, files_under(&site.path("content")));
}

#[test]
fn an_editors_value_is_kept_and_the_difference_named() {
    let (site, run) = imported();
    let fm = front_matter(&site, "leeds");
    assert_eq!(fm["booking"]["phone"].as_str(), Some("0113 203 2600"));
    assert_eq!(fm["booking"]["source"].as_str(), Some("gov-uk"));
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("booking.phone"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    for part in [
        "0113 203 2600",
        "0113 203 2570",
        "leeds/index.md",
        "LEI-leeds.yml",
    ] {
        assert!(warning.contains(part), "{part} in {warning}");
    }
}

#[test]
fn enabled_false_does_not_hide_online_booking_and_writes_no_service_rules() {
    let (site, _) = imported();
    let fm = front_matter(&site, "leeds");
    assert!(fm["booking"].get("online").is_none());
    assert!(
        fm.get("visitors").is_none(),
        "the older service's rules do not apply"
    );
    let html = built(&site, "2026-12-01", "prisons/leeds/index.html");
    let book = section(&html, "book-a-visit");
    assert!(
        book.contains("class=\"button-link\" href=\"https://www.gov.uk/prison-visits\""),
        "{book}"
    );
}

#[test]
fn a_closed_prison_gets_no_times_and_a_warning() {
    let (site, run) = imported();
    let fm = front_matter(&site, "dartmoor");
    assert!(fm.get("visiting_times").is_none());
    assert_eq!(fm["booking"]["online"].as_str(), Some("none"));
    assert!(fm["booking"].get("phone").is_none());
    let html = built(&site, "2026-12-01", "prisons/dartmoor/index.html");
    assert!(!section(&html, "book-a-visit").contains("class=\"button-link\""));
    assert!(
        run.stderr.contains("dartmoor/index.md: warning: the page says `status: open` but the booking data of 2026-07-28 marks it closed"),
        "{}",
        run.stderr
    );
}

#[test]
fn welsh_addresses_and_service_rules_are_imported() {
    let (site, _) = imported();
    let fm = front_matter(&site, "cardiff");
    assert_eq!(fm["address"]["lines"][0].as_str(), Some("Knox Road"));
    assert_eq!(fm["address"]["lines_cy"][0].as_str(), Some("Heol Knox"));
    assert_eq!(fm["address"]["town_cy"].as_str(), Some("Caerdydd"));
    assert_eq!(fm["visitors"]["adult_from_age"].as_u64(), Some(16));
    assert_eq!(fm["visitors"]["most_visitors"].as_u64(), Some(6));
    // Defaults of the service where the file is silent, as its README says.
    assert_eq!(fm["booking"]["notice_working_days"].as_u64(), Some(3));
    assert_eq!(fm["booking"]["book_up_to_days"].as_u64(), Some(28));
    assert!(
        fm["booking"].get("email").is_none(),
        "`Unavailable` is not an email"
    );
    let html = built(&site, "2026-12-01", "prisons/cardiff/index.html");
    assert!(
        html.contains("<p class=\"address\" lang=\"cy\">Heol Knox<br>Caerdydd<br>CF24 0UG</p>"),
        "{html}"
    );
    assert!(section(&html, "who-can-come").contains("The booking service allows"));
}

#[test]
fn a_misspelt_or_mistyped_field_is_unknown_not_defaulted() {
    let (site, run) = imported();
    assert!(
        run.stderr.contains("HLI-hull.yml:10:1: warning: `enabled`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("PVI-pentonville.yml:12:1: warning: `adult age` is not a field of the booking data (did you mean `adult_age`?)"));
    let hull = front_matter(&site, "hull");
    assert!(hull["booking"].get("online").is_none());
    assert_eq!(hull["booking"]["phone"].as_str(), Some("01482 282016"));
    // An address on the retired gsi.gov.uk network is left for a person to check.
    assert!(hull["booking"].get("email").is_none());
    assert!(run.stderr.contains("hull/index.md: warning: hli-hull: the email socialvisits.hull@hmps.gsi.gov.uk is on the retired gsi.gov.uk network"), "{}", run.stderr);
    let pentonville = front_matter(&site, "pentonville");
    assert!(
        pentonville["visitors"].get("adult_from_age").is_none(),
        "not 18 by default"
    );
    assert_eq!(pentonville["visitors"]["most_adults"].as_u64(), Some(3));
}

#[test]
fn the_calendar_is_in_uk_time_for_family_sessions_with_stable_ids() {
    let (site, _) = imported();
    let ics = built(&site, "2026-12-01", "prisons/bullingdon/visiting.ics");
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
    let events = parse_ics(&ics);
    assert_eq!(events.len(), 3, "{ics}");
    for e in &events {
        assert!(e["DTSTART;TZID=Europe/London"].ends_with("00"), "{e:?}");
        assert!(e["RRULE"].starts_with("FREQ=WEEKLY;BYDAY="));
    }
    let sat = events
        .iter()
        .find(|e| e["RRULE"].ends_with("BYDAY=SA"))
        .unwrap();
    assert_eq!(sat["DTSTART;TZID=Europe/London"], "20261205T093000");
    // No visits on 25 December: a Friday, so no session here, and 28 December is a Monday.
    let mon = events.iter().find(|e| e["RRULE"].contains("MO")).unwrap();
    assert_eq!(mon["EXDATE;TZID=Europe/London"], "20261228T140000");

    // Moving the sessions around does not change their UIDs.
    let uids = |ics: &str| {
        let mut u: Vec<String> = parse_ics(ics).iter().map(|e| e["UID"].clone()).collect();
        u.sort();
        u
    };
    let before = uids(&ics);
    site.edit("content/prisons/bullingdon/index.md", |t| {
        let start = t.find("    - days: [sat]").unwrap();
        let end = t.find("    - days: [mon, wed, sat]").unwrap();
        let first = t[start..end].to_string();
        let rest_end = t.find("  extra:").unwrap();
        format!(
            "{}{}{}{}",
            &t[..start],
            &t[end..rest_end],
            first,
            &t[rest_end..]
        )
    });
    let moved = built(&site, "2026-12-01", "prisons/bullingdon/visiting.ics");
    assert_ne!(moved, ics, "the order did change");
    assert_eq!(uids(&moved), before);
}

/// Each VEVENT as property (with parameters) → value, after unfolding.
fn parse_ics(ics: &str) -> Vec<BTreeMap<String, String>> {
    let unfolded = ics.replace("\r\n ", "");
    assert!(!unfolded.contains('\n') || unfolded.split("\r\n").all(|l| !l.contains(['\r', '\n'])));
    let mut events = Vec::new();
    let mut current: Option<BTreeMap<String, String>> = None;
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("not a content line: {line:?}"));
        match (name, value) {
            ("BEGIN", "VEVENT") => current = Some(BTreeMap::new()),
            ("END", "VEVENT") => events.extend(current.take()),
            _ => {
                if let Some(e) = current.as_mut() {
                    e.insert(name.to_string(), value.to_string());
                }
            }
        }
    }
    events
}

/// The HTML of `<section id="...">`.
pub fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

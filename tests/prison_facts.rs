//! A prison's sourced facts on the valid fixture: what `check` says about them, the
//! out-of-date warning, legal sessions kept apart, and the editor-trial fixes.

mod common;

use common::Site;

const LEEDS: &str = "content/prisons/leeds/index.md";

fn leeds_html(site: &Site, args: &[&str]) -> String {
    let run = site.build(args);
    assert_eq!(run.code, 0, "{run:#?}");
    std::fs::read_to_string(site.out().join("prisons/leeds/index.html")).unwrap()
}

/// The problems `check` reports, as (file:line, message).
fn problems(site: &Site) -> Vec<(String, String)> {
    let (_, list) = site.check_json(&[]);
    list.iter()
        .map(|p| {
            (
                format!("{}:{}", p["file"].as_str().unwrap_or(""), p["line"]),
                p["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn has(problems: &[(String, String)], at: &str, text: &str) -> bool {
    problems.iter().any(|(a, m)| a == at && m.contains(text))
}

#[test]
fn check_reports_facts_without_a_source_and_unknown_sources() {
    let site = Site::new("valid-site");
    site.edit(LEEDS, |t| {
        t.replace("getting_there:\n  source: gov-uk\n", "getting_there:\n")
            .replace(
                "on_the_day:\n  source: gov-uk\n",
                "on_the_day:\n  source: gov-ukk\n",
            )
    });
    let p = problems(&site);
    let line_of = |key: &str| {
        let text = std::fs::read_to_string(site.path(LEEDS)).unwrap();
        text.lines().position(|l| l.starts_with(key)).unwrap() + 1
    };
    assert!(
        has(
            &p,
            &format!("{LEEDS}:{}", line_of("getting_there:")),
            "the facts under `getting_there:` do not say where they came from"
        ),
        "{p:#?}"
    );
    assert!(
        has(
            &p,
            &format!("{LEEDS}:{}", line_of("on_the_day:")),
            "no source has that id"
        ),
        "{p:#?}"
    );
    let (run, _) = site.check_json(&[]);
    assert_ne!(run.code, 0);
}

#[test]
fn check_reports_impossible_dates_and_closed_prisons_with_times() {
    let site = Site::new("valid-site");
    site.edit(LEEDS, |t| {
        t.replace(
            "    starts: 2026-11-01\n    ends: 2026-12-01\n",
            "    starts: 2026-12-01\n    ends: 2026-11-01\n",
        )
        .replace("status: open", "status: closed\nreplaced_by: cardiff")
        .replace("  online: national\n", "  online: other\n")
    });
    site.edit("content/prisons/leeds/family-day.md", |t| {
        t.replace("ends: 2026-12-20", "ends: 2026-10-20")
    });
    let p = problems(&site);
    let msgs: Vec<&str> = p.iter().map(|(_, m)| m.as_str()).collect();
    for want in [
        "the notice \"Visits hall being repainted\" ends (2026-11-01) before it starts (2026-12-01)",
        "this page ends (2026-10-20) before it starts (2026-11-01)",
        "this prison is closed but its page lists visiting times",
        "`online: other` needs the address of that booking service",
    ] {
        assert!(msgs.iter().any(|m| m.contains(want)), "{want}: {msgs:#?}");
    }
}

#[test]
fn an_empty_online_address_says_how_to_remove_the_button() {
    let site = Site::new("valid-site");
    site.edit(LEEDS, |t| {
        t.replace("  online: national\n", "  online_url: \"\"\n")
    });
    let (_, list) = site.check_json(&[]);
    let text = serde_json::to_string(&list).unwrap();
    assert!(
        text.contains("write `online: none` under `booking:`"),
        "{text}"
    );

    site.edit(LEEDS, |t| {
        t.replace("  online_url: \"\"\n", "  online: none\n")
    });
    let html = leeds_html(&site, &[]);
    assert!(!html.contains("class=\"button-link\""), "no online button");
    assert!(html.contains("This prison does not take bookings online."));
}

#[test]
fn old_sources_make_the_page_say_check_with_the_prison() {
    let site = Site::new("valid-site");
    let fresh = leeds_html(&site, &[]);
    assert!(
        !fresh.contains("may-be-out-of-date"),
        "source of 2026-10-01, built 2026-11-23"
    );
    let stale = leeds_html(&site, &["--date", "2027-05-02"]);
    assert!(stale.contains("id=\"may-be-out-of-date\""));
    let checklist =
        std::fs::read_to_string(site.out().join("prisons/leeds/checklist/index.html")).unwrap();
    assert!(checklist.contains("This may be out of date: check with the prison"));
    // `check` tells the editor too, at the group.
    let (_, list) = site.check_json(&["--date", "2027-05-02"]);
    assert!(
        list.iter().any(|p| p["file"] == LEEDS
            && p["severity"] == "warning"
            && p["message"]
                .as_str()
                .unwrap_or("")
                .contains("more than 6 months old")),
        "{list:#?}"
    );
    site.edit("content/site.yaml", |t| {
        format!("{t}facts_stale_after_months: 12\n")
    });
    assert!(!leeds_html(&site, &["--date", "2027-05-02"]).contains("may-be-out-of-date"));
}

#[test]
fn legal_visits_stay_out_of_the_families_table_and_calendar() {
    let site = Site::new("valid-site");
    site.edit(LEEDS, |t| {
        t.replace(
            "  sessions:\n",
            "  sessions:\n    - days: [tue]\n      start: \"09:00\"\n      end: \"11:00\"\n      kind: legal\n",
        )
    });
    let html = leeds_html(&site, &[]);
    let times = html.split("id=\"visiting-times\"").nth(1).unwrap();
    let table = &times[..times.find("</dl>").unwrap()];
    assert!(!table.contains("Tuesday"), "{table}");
    assert!(times.contains("Legal visit: Tuesday, 9am to 11am"));
    let ics = std::fs::read_to_string(site.out().join("prisons/leeds/visiting.ics")).unwrap();
    assert!(!ics.contains("BYDAY=TU"), "{ics}");
}

#[test]
fn a_bare_carriage_return_in_a_note_cannot_start_a_calendar_line() {
    let site = Site::new("valid-site");
    site.edit(LEEDS, |t| {
        t.replace(
            "notes: Arrive 45 minutes early to get through security.",
            "notes: \"Arrive early.\\rBEGIN:VALARM\\rX: 1\"",
        )
    });
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let ics = std::fs::read_to_string(site.out().join("prisons/leeds/visiting.ics")).unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(!unfolded.replace("\r\n", "").contains('\r'), "{ics:?}");
    assert!(
        unfolded
            .split("\r\n")
            .all(|l| !l.starts_with("BEGIN:VALARM")),
        "{ics}"
    );
    assert!(unfolded.contains("Arrive early.\\nBEGIN:VALARM\\nX: 1"));
}

#[test]
fn a_family_day_is_announced_before_it_happens() {
    let site = Site::new("valid-site");
    site.edit("content/prisons/leeds/family-day.md", |t| {
        t.replace(
            "starts: 2026-11-01\nends: 2026-12-20",
            "starts: 2026-12-19\nends: 2026-12-19",
        )
    });
    let before = leeds_html(&site, &["--date", "2026-12-01"]);
    assert!(before.contains("Family day at HMP Leeds"));
    let after = leeds_html(&site, &["--date", "2026-12-20"]);
    assert!(!after.contains("Family day at HMP Leeds"));
}

#[test]
fn no_stray_space_after_a_phone_link_and_no_double_full_stop() {
    let site = Site::new("valid-site");
    site.edit(LEEDS, |t| {
        t.replace(
            "hours: from 8:30am on visit days",
            "hours: from 8:30am on visit days.",
        )
    });
    let html = leeds_html(&site, &[]);
    assert!(
        html.contains("Phone <a href=\"tel:+441132032691\">0113 203 2691</a>."),
        "{html}"
    );
    assert!(!html.contains("</a> ."));
    assert!(html.contains("Open from 8:30am on visit days. "));
    assert!(!html.contains(".."), "no double full stop");
}

#[test]
fn date_flags_have_help() {
    for cmd in ["check", "build"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_familyties"))
            .args([cmd, "--help"])
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        let line = help.lines().find(|l| l.contains("--date")).unwrap_or("");
        assert!(line.contains("as if today were"), "{cmd}: {help}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_familyties"))
        .args(["import", "prisons", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(!help.contains("data/README.md"), "{help}");
}

#[test]
fn the_checklist_carries_what_a_family_needs_at_the_gate() {
    let site = Site::new("valid-site");
    site.edit(LEEDS, |t| {
        t.replace(
            "  do_not_bring: [mobile phones, food and drink, cash over £20]\n",
            "  do_not_bring: [mobile phones, food and drink, cash over £20]\n  arrive_minutes_early: 45\n  dress_code: [no hoods, no vests]\n  lockers: Lockers are in the visitors' centre\n  locker_coin: a £1 coin\n",
        )
    });
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let checklist =
        std::fs::read_to_string(site.out().join("prisons/leeds/checklist/index.html")).unwrap();
    for want in [
        "Booking line: <a href=\"tel:+443000606601\">0300 060 6601</a>",
        "<dt>Saturday</dt><dd>9:30am to 11:30am</dd>",
        "2 Gloucester Terrace<br>Armley<br>Leeds<br>LS12 2TJ",
        "I will arrive 45 minutes before the visit starts.",
        "<li>no hoods</li>",
        "Lockers: Lockers are in the visitors&#39; centre. They take a £1 coin.",
    ] {
        assert!(checklist.contains(want), "{want}:\n{checklist}");
    }
}

/// The shipped prisons' front matter: how many have each group, and every group's source is
/// a dated entry of the page's sources.
#[test]
fn shipped_prisons_have_sourced_dated_times_and_booking_lines() {
    let dir = common::repo_root().join("content/prisons");
    let (mut times, mut phone, mut total) = (0, 0, 0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path().join("index.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let fm: serde_yaml::Value =
            serde_yaml::from_str(text.split("---\n").nth(1).unwrap()).unwrap();
        total += 1;
        let sources = fm["sources"].as_sequence().unwrap();
        for group in [
            "booking",
            "visitors",
            "visiting_times",
            "days_without_visits",
            "address",
        ] {
            let Some(source) = fm.get(group).and_then(|g| g.get("source")) else {
                continue;
            };
            let ids: Vec<&str> = match source {
                serde_yaml::Value::String(s) => vec![s.as_str()],
                v => v
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .filter_map(|s| s.as_str())
                    .collect(),
            };
            for id in ids {
                let s = sources
                    .iter()
                    .find(|s| s["id"].as_str() == Some(id))
                    .unwrap_or_else(|| panic!("{}: {group} names {id}", path.display()));
                assert!(
                    s["date"].as_str().is_some(),
                    "{}: {id} has no date",
                    path.display()
                );
            }
        }
        let has_times = fm["visiting_times"]["sessions"]
            .as_sequence()
            .is_some_and(|s| !s.is_empty());
        times += usize::from(has_times);
        phone += usize::from(has_times && fm["booking"]["phone"].as_str().is_some());
    }
    assert_eq!(total, 127);
    assert!(times >= 100, "{times} prisons with weekly times");
    assert!(
        phone >= 97,
        "{phone} prisons with times and a booking phone"
    );
}

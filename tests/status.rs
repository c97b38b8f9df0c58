//! `familyties status` and the editors' status page: which prisons' facts need checking.

mod common;

use common::*;

/// A prison whose times and booking come from a source dated `date`.
fn prison(name: &str, date: &str) -> String {
    format!(
        "---\nname: {name}\nregion: North West\n\
visiting_times:\n  source: visits\n  sessions:\n    - days: [mon]\n      start: \"14:00\"\n      end: \"15:00\"\n\
booking:\n  source: visits\n  phone: 0113 496 0000\n\
sources:\n  - id: visits\n    title: Visits booking data\n    url: https://example.org/visits\n    date: {date}\n---\n\n{name} text.\n"
    )
}

fn site() -> Site {
    let site = Site::new("valid-site");
    site.write(
        "content/prisons/fresh/index.md",
        &prison("HMP Fresh", "2026-10-01"),
    );
    site.write(
        "content/prisons/stale/index.md",
        &prison("HMP Stale", "2025-01-10"),
    );
    site.write(
        "content/prisons/bare/index.md",
        "---\nname: HMP Bare\nregion: North West\nsources:\n  - title: Register\n    url: https://example.org/register\n    date: 2026-08-01\n---\n\nBare.\n",
    );
    site
}

fn status(site: &Site, args: &[&str]) -> Run {
    let mut all = vec!["status", "--date", DATE];
    all.extend_from_slice(args);
    let run = site.run(&all);
    assert_eq!(run.code, 0, "{run:#?}");
    run
}

#[test]
fn text_lists_missing_first_then_oldest_with_totals() {
    let site = site();
    let run = status(&site, &[]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let first_missing = lines.iter().position(|l| l.contains("missing")).unwrap();
    let stale = lines
        .iter()
        .position(|l| l.starts_with("HMP Stale") && l.contains("visiting times"))
        .expect("the stale prison's times are listed");
    let fresh = lines
        .iter()
        .position(|l| l.starts_with("HMP Fresh") && l.contains("visiting times"))
        .expect("the fresh prison's times are listed");
    assert!(first_missing < stale && stale < fresh, "{}", run.stdout);
    assert!(
        lines[stale].contains(" old ") && lines[stale].contains("2025-01-10"),
        "{}",
        lines[stale]
    );
    assert!(
        lines[stale].contains("682"),
        "age in days: {}",
        lines[stale]
    );
    assert!(lines[fresh].contains("current"), "{}", lines[fresh]);
    assert!(
        lines.iter().any(|l| l.starts_with("HMP Bare")
            && l.contains("visiting times")
            && l.contains("missing")),
        "{}",
        run.stdout
    );
    let summary = lines.last().unwrap();
    assert!(summary.contains("have visiting times"), "{summary}");
    assert!(
        summary.contains("2 group(s) rest on a source older than 6 months"),
        "{summary}"
    );
}

#[test]
fn due_keeps_only_groups_older_than_the_limit() {
    let site = site();
    let run = status(&site, &["--due", "90", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(!rows.is_empty());
    let (undated, dated): (Vec<_>, Vec<_>) = rows.iter().partition(|r| &r[4] == "no dated source");
    for row in &dated {
        assert_eq!(&row[0], "HMP Stale", "{row:?}");
        assert!(row[8].parse::<i64>().unwrap() > 90, "{row:?}");
    }
    assert_eq!(dated.len(), 2, "times and booking: {dated:?}");
    // A source with no date has an unknown age: it is always due.
    assert!(
        undated.iter().all(|r| &r[4] == "no dated source"),
        "{undated:?}"
    );
}

#[test]
fn json_carries_every_row_and_the_totals() {
    let site = site();
    let run = status(&site, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let rows = report["rows"].as_array().unwrap();
    let open = report["open_prisons"].as_u64().unwrap() as usize;
    assert_eq!(rows.len(), open * 6, "six groups per open prison");
    let stale_times = rows
        .iter()
        .find(|r| r["prison"] == "HMP Stale" && r["group"] == "times")
        .unwrap();
    assert_eq!(stale_times["state"], "stale");
    assert_eq!(stale_times["source_date"], "2025-01-10");
    assert_eq!(stale_times["file"], "content/prisons/stale/index.md");
    let times = report["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["group"] == "times")
        .unwrap();
    assert!(times["have"].as_u64().unwrap() >= 2);
}

#[test]
fn the_status_page_is_built_noindex_and_out_of_the_sitemap() {
    let site = site();
    assert_eq!(site.build(&[]).code, 0);
    let page = std::fs::read_to_string(site.out().join("editors/status/index.html")).unwrap();
    assert!(page.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    assert!(page.contains("HMP Stale: visiting times"), "{page}");
    assert!(page.contains("HMP Bare"));
    let sitemap = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/editors/status/"));
    let home = std::fs::read_to_string(site.out().join("index.html")).unwrap();
    assert!(
        !home.contains("/editors/status/"),
        "not linked from families' pages"
    );
}

//! `check` catches the classes of fact mistake found by the fact-check of issue #14: pages
//! without sources, undated sources and sources that are a site's home page, phone numbers
//! that are not UK numbers (or are Ofcom's drama numbers on a real site), other names that
//! are not the prison's, `replaced_by` loops, nameless prisons and an example `base_url`.
//!
//! Each test copies the valid fixture (which checks clean), adds one mistake, and reads the
//! JSON diagnostics: what is reported, where (file, line, column) and how to fix it.

mod common;

use common::Site;
use serde_json::Value;

/// The problems `check` reports for the fixture after `change`, and its exit code.
fn check_after(change: impl FnOnce(&Site)) -> (i32, Vec<Value>) {
    let site = Site::new("valid-site");
    change(&site);
    let (run, problems) = site.check_json(&[]);
    (run.code, problems)
}

/// The one problem in `file` whose message contains `text`.
fn find<'a>(problems: &'a [Value], file: &str, text: &str) -> &'a Value {
    let found: Vec<&Value> = problems
        .iter()
        .filter(|p| p["file"] == file && p["message"].as_str().is_some_and(|m| m.contains(text)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one `{text}` in {file}, got {found:#?}\nall: {problems:#?}"
    );
    found[0]
}

fn at(p: &Value) -> (u64, u64) {
    (
        p["line"].as_u64().unwrap_or(0),
        p["column"].as_u64().unwrap_or(0),
    )
}

const PRISON_HEAD: &str = "---\nname: HMP Testtown\nregion: Yorkshire and the Humber\n";
const DATED_SOURCE: &str = "sources:\n  - title: Testtown Prison (GOV.UK)\n    url: https://www.gov.uk/guidance/testtown-prison\n    date: 2026-11-01\n";

fn prison(extra: &str) -> String {
    format!(
        "{PRISON_HEAD}{extra}last_reviewed: 2026-11-01\n{DATED_SOURCE}---\nVisits are in the afternoon.\n"
    )
}

#[test]
fn the_fixture_checks_clean() {
    let (code, problems) = check_after(|_| {});
    assert_eq!(code, 0);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn guide_policy_and_evidence_pages_without_sources_are_errors() {
    let guide = "---\ntitle: Parking\nsummary: Where to park.\nlast_reviewed: 2026-11-01\n---\nPark in the visitors' car park.\n";
    let policy = "---\ntitle: A rule\nsummary: What the rule says.\norder: 9\nlast_reviewed: 2026-11-01\n---\nThe rule says this.\n";
    let evidence = "---\ntitle: A study\nsummary: What it found.\nkind: finding\nauthor: A. Author\nyear: 2019\npublisher: A Publisher\nsource_url: https://www.gov.uk/government/publications/a-study\ntopics: [visits]\nlast_reviewed: 2026-11-01\n---\nIt found this.\n";
    let (code, problems) = check_after(|site| {
        site.write("content/guides/parking.md", guide);
        site.write("content/policy/a-rule.md", policy);
        site.write("content/evidence/a-study.md", evidence);
    });
    assert_eq!(code, 1, "{problems:#?}");
    for (file, kind) in [
        ("content/guides/parking.md", "guide"),
        ("content/policy/a-rule.md", "policy page"),
        ("content/evidence/a-study.md", "evidence page"),
    ] {
        let p = find(&problems, file, &format!("this {kind} lists no sources"));
        assert_eq!(p["severity"], "error");
        assert_eq!(at(p), (2, 1), "{p}");
        assert!(
            p["help"].as_str().unwrap().contains("date: YYYY-MM-DD"),
            "{p}"
        );
    }
}

#[test]
fn a_glossary_entry_without_sources_is_a_warning() {
    let (code, problems) = check_after(|site| {
        site.write(
            "content/glossary/lockers.md",
            "---\nterm: Locker\nmeaning: A small cupboard where you leave your things.\n---\n",
        );
    });
    assert_eq!(code, 0, "a warning does not fail check: {problems:#?}");
    let p = find(
        &problems,
        "content/glossary/lockers.md",
        "this glossary entry lists no sources",
    );
    assert_eq!(p["severity"], "warning");
    assert_eq!(at(p), (2, 1));
}

#[test]
fn a_source_without_a_date_is_reported_at_its_address() {
    let (code, problems) = check_after(|site| {
        site.write(
            "content/prisons/testtown/index.md",
            &prison("").replace("    date: 2026-11-01\n", ""),
        );
    });
    assert_eq!(code, 0, "{problems:#?}");
    let p = find(
        &problems,
        "content/prisons/testtown/index.md",
        "the source `Testtown Prison (GOV.UK)` has no date",
    );
    assert_eq!(p["severity"], "warning");
    assert_eq!(at(p), (7, 10), "the `url:` value of the source");
    assert!(p["help"].as_str().unwrap().contains("captured"), "{p}");
}

#[test]
fn a_source_that_is_a_home_page_is_an_error() {
    let (code, problems) = check_after(|site| {
        site.write(
            "content/guides/parking.md",
            "---\ntitle: Parking\nsummary: Where to park.\nlast_reviewed: 2026-11-01\nsources:\n  - title: GOV.UK\n    url: https://www.gov.uk/\n    date: 2026-11-01\n  - title: Clinks\n    url: https://www.clinks.org\n    date: 2026-11-01\n  - title: A real page\n    url: https://www.gov.uk/prison-visits\n    date: 2026-11-01\n---\nPark in the visitors' car park.\n",
        );
    });
    assert_eq!(code, 1, "{problems:#?}");
    let file = "content/guides/parking.md";
    let p = find(&problems, file, "the source `GOV.UK` is a site's home page");
    assert_eq!(at(p), (7, 10));
    let p = find(&problems, file, "the source `Clinks` is a site's home page");
    assert_eq!(at(p), (10, 10));
    assert!(
        !problems.iter().any(|p| p["message"]
            .as_str()
            .is_some_and(|m| m.contains("A real page"))),
        "{problems:#?}"
    );
}

#[test]
fn a_phone_number_that_is_not_a_uk_number_is_refused_where_it_is_written() {
    // `-(0113)-(2032600)` is refused too; the front matter's formula check reaches it
    // first (a value starting `-(`), and `Phone::parse` refuses it as well (unit tests).
    let (code, problems) = check_after(|site| {
        site.write(
            "content/prisons/testtown/index.md",
            &prison("contact:\n  phone: \"-(0113)-(2032600)\"\n"),
        );
    });
    assert_eq!(code, 1, "{problems:#?}");
    assert!(
        problems
            .iter()
            .any(|p| p["file"] == "content/prisons/testtown/index.md"
                && p["severity"] == "error"
                && p["line"] == 5),
        "{problems:#?}"
    );
    for (number, why) in [
        ("0113 203 26000", "12 digits"),
        ("0113 203 260", "10 digits"),
        ("0600 123 4567", "04 or 06"),
    ] {
        let (code, problems) = check_after(|site| {
            site.write(
                "content/prisons/testtown/index.md",
                &prison(&format!("contact:\n  phone: \"{number}\"\n")),
            );
        });
        assert_eq!(code, 1, "{number}: {problems:#?}");
        let p = find(
            &problems,
            "content/prisons/testtown/index.md",
            "is not a UK phone number",
        );
        assert_eq!(p["severity"], "error");
        assert_eq!(p["line"], 5, "{p}");
        let help = p["help"].as_str().unwrap_or_default();
        let message = p["message"].as_str().unwrap_or_default();
        assert!(help.contains(why) || message.contains(why), "{number}: {p}");
        assert!(help.contains("for example"), "{p}");
    }
}

/// A guide giving an Ofcom drama number (020 7946 0123) as if it were real.
fn guide_with_drama_number(site: &Site) {
    site.write(
        "content/guides/phone.md",
        "---\ntitle: Phone us\nsummary: Our number.\nlast_reviewed: 2026-11-01\nsources:\n  - title: Visit someone in prison (GOV.UK)\n    url: https://www.gov.uk/prison-visits\n    date: 2026-11-01\n---\nCall 020 7946 0123 to book. Write numbers like `020 7946 0000`.\n",
    );
}

#[test]
fn a_drama_number_is_an_error_on_a_real_site() {
    let (code, problems) = check_after(|site| {
        site.edit("content/site.yaml", |s| {
            s.replace("https://familyties.test", "https://visits.charity.org.uk")
        });
        guide_with_drama_number(site);
    });
    assert_eq!(code, 1, "{problems:#?}");
    let p = find(
        &problems,
        "content/guides/phone.md",
        "020 7946 0123 is one of Ofcom's numbers kept for TV and drama",
    );
    assert_eq!(p["severity"], "error");
    assert_eq!(at(p), (10, 6));
    // The same number in backticks is an example of how to write one, not a fact.
    assert!(
        !problems.iter().any(|p| p["message"]
            .as_str()
            .is_some_and(|m| m.contains("7946 0000"))),
        "{problems:#?}"
    );
}

#[test]
fn a_drama_number_is_a_warning_on_a_starter_site_and_fine_on_a_test_site() {
    let (code, problems) = check_after(|site| {
        site.edit("content/site.yaml", |s| {
            s.replace("https://familyties.test", "https://familyties.example.org")
        });
        guide_with_drama_number(site);
    });
    assert_eq!(code, 0, "{problems:#?}");
    let p = find(
        &problems,
        "content/guides/phone.md",
        "kept for TV and drama",
    );
    assert_eq!(p["severity"], "warning");

    let (code, problems) = check_after(guide_with_drama_number);
    assert_eq!(code, 0);
    assert!(
        problems.is_empty(),
        "a .test site may use them: {problems:#?}"
    );
}

#[test]
fn an_other_name_that_is_another_prisons_name_or_its_own_is_an_error() {
    let (code, problems) = check_after(|site| {
        site.write(
            "content/prisons/testtown/index.md",
            &prison("other_names: [Leeds, HMP Testtown, Armley Gaol]\n"),
        );
    });
    assert_eq!(code, 1, "{problems:#?}");
    let file = "content/prisons/testtown/index.md";
    let p = find(
        &problems,
        file,
        "`other_names` lists `Leeds`, which is the name of another prison (content/prisons/leeds/index.md)",
    );
    assert_eq!(at(p), (4, 1));
    assert!(p["help"].as_str().unwrap().contains("status_note"), "{p}");
    find(
        &problems,
        file,
        "`HMP Testtown`, which is the prison's own name",
    );
    assert!(
        !problems.iter().any(|p| p["message"]
            .as_str()
            .is_some_and(|m| m.contains("Armley Gaol"))),
        "a name no other prison has is fine: {problems:#?}"
    );
}

#[test]
fn replaced_by_itself_or_in_a_circle_is_an_error() {
    let (code, problems) = check_after(|site| {
        site.write(
            "content/prisons/testtown/index.md",
            &prison("status: closed\nreplaced_by: testtown\n"),
        );
        site.write(
            "content/prisons/first/index.md",
            &prison("status: closed\nreplaced_by: second\n").replace("Testtown", "First"),
        );
        site.write(
            "content/prisons/second/index.md",
            &prison("status: closed\nreplaced_by: first\n").replace("Testtown", "Second"),
        );
    });
    assert_eq!(code, 1, "{problems:#?}");
    let p = find(
        &problems,
        "content/prisons/testtown/index.md",
        "`replaced_by: testtown` points at this prison itself",
    );
    assert_eq!(at(p), (5, 1));
    find(
        &problems,
        "content/prisons/first/index.md",
        "`replaced_by` goes round in a circle: first → second → first",
    );
    find(
        &problems,
        "content/prisons/second/index.md",
        "`replaced_by` goes round in a circle: second → first → second",
    );
}

#[test]
fn a_prison_with_an_empty_name_or_a_tilde_is_an_error() {
    for name in ["\"\"", "\"~\"", "\"   \""] {
        let (code, problems) = check_after(|site| {
            site.write(
                "content/prisons/testtown/index.md",
                &prison("").replace("name: HMP Testtown", &format!("name: {name}")),
            );
        });
        assert_eq!(code, 1, "{name}: {problems:#?}");
        let p = find(
            &problems,
            "content/prisons/testtown/index.md",
            "the prison has no name",
        );
        assert_eq!(at(p), (2, 1), "{name}");
    }
    // A bare `~` is YAML for nothing: refused while the front matter is read.
    let (code, problems) = check_after(|site| {
        site.write(
            "content/prisons/testtown/index.md",
            &prison("").replace("name: HMP Testtown", "name: ~"),
        );
    });
    assert_eq!(code, 1, "{problems:#?}");
    let p = problems
        .iter()
        .find(|p| p["file"] == "content/prisons/testtown/index.md")
        .expect("the nameless prison is reported");
    assert_eq!(p["line"], 2, "{p}");
}

#[test]
fn an_example_base_url_is_a_warning_on_every_build_and_fails_strict() {
    let site = Site::new("valid-site");
    site.edit("content/site.yaml", |s| {
        s.replace("https://familyties.test", "https://familyties.example.org")
    });
    let (run, problems) = site.check_json(&[]);
    assert_eq!(run.code, 0, "{problems:#?}");
    let p = find(
        &problems,
        "content/site.yaml",
        "`base_url` is still the example address https://familyties.example.org",
    );
    assert_eq!(p["severity"], "warning");
    assert_eq!(at(p), (4, 11));
    assert!(p["help"].as_str().unwrap().contains("--strict"), "{p}");

    let build = site.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains("is still the example address"),
        "{}",
        build.stderr
    );
    assert!(build.stdout.contains("(1 warning(s))"), "{}", build.stdout);

    let strict = site.check(&["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);

    // Set to the real address, the warning goes.
    site.edit("content/site.yaml", |s| {
        s.replace(
            "https://familyties.example.org",
            "https://visits.charity.org.uk",
        )
    });
    let (run, problems) = site.check_json(&["--strict"]);
    assert_eq!(run.code, 0, "{problems:#?}");
}

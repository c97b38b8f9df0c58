//! Plain English for families: glossary links and the reading check.

mod common;

use common::Site;

const GUIDE: &str = "---
title: Booking tips
summary: How to book.
last_reviewed: 2026-11-23
sources:
  - title: Visit someone in prison
    url: https://www.gov.uk/prison-visits
---

## Your visiting order

You may hear about a visiting order. [A VO link](https://www.gov.uk/prison-visits) and `VO` in code.

A VO is a permission. Another visiting order is not linked twice.

Ask the OMU if you are unsure.
";

#[test]
fn a_term_is_linked_at_its_first_use_only_and_never_in_headings_links_or_code() {
    let site = Site::new("valid-site");
    site.write("content/guides/booking-tips.md", GUIDE);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let html = std::fs::read_to_string(site.out().join("guides/booking-tips/index.html")).unwrap();
    let main = common::main_of(&html);
    assert_eq!(
        main.matches("href=\"/glossary/#visiting-order\"").count(),
        1,
        "{main}"
    );
    assert!(
        main.contains(
            "about a <a class=\"term\" href=\"/glossary/#visiting-order\">visiting order</a>"
        ),
        "{main}"
    );
    assert!(
        main.contains("<h2 id=\"your-visiting-order\">Your visiting order</h2>"),
        "{main}"
    );
    assert!(main.contains("<code>VO</code>"), "{main}");
    assert!(main.contains(">A VO link</a>"), "{main}");
}

#[test]
fn glossary_links_can_be_turned_off_per_page() {
    let site = Site::new("valid-site");
    site.write(
        "content/guides/booking-tips.md",
        &GUIDE.replace("last_reviewed:", "glossary: false\nlast_reviewed:"),
    );
    assert_eq!(site.build(&[]).code, 0);
    let html = std::fs::read_to_string(site.out().join("guides/booking-tips/index.html")).unwrap();
    assert!(!common::main_of(&html).contains("class=\"term\""));
}

#[test]
fn jargon_without_a_glossary_entry_is_reported_with_its_line() {
    let site = Site::new("valid-site");
    site.write("content/guides/booking-tips.md", GUIDE);
    let (run, problems) = site.check_json(&[]);
    assert_eq!(run.code, 0, "warnings do not fail check: {run:#?}");
    let omu = problems
        .iter()
        .find(|p| p["message"].as_str().unwrap_or("").contains("`OMU`"))
        .unwrap_or_else(|| panic!("no OMU warning in {problems:#?}"));
    assert_eq!(omu["severity"], "warning");
    assert_eq!(omu["file"], "content/guides/booking-tips.md");
    assert_eq!(omu["line"], 16);
    assert_eq!(omu["column"], 9);
    // VO has a glossary entry, so it is not reported.
    assert!(
        !problems
            .iter()
            .any(|p| p["message"].as_str().unwrap_or("").contains("`VO`"))
    );
}

#[test]
fn a_hard_page_is_reported_above_the_target_grade() {
    let site = Site::new("valid-site");
    site.write(
        "content/guides/dense.md",
        "---\ntitle: Dense\nsummary: Dense text.\nlast_reviewed: 2026-11-23\nsources:\n  - title: x\n    url: https://www.gov.uk/prison-visits\n---\n\nEstablishments must implement comprehensive family engagement strategies incorporating evidence-based interventions, facilitating rehabilitation and reducing intergenerational offending across institutional environments.\n",
    );
    let run = site.check(&[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("content/guides/dense.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("is above the target of 9"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("reading grades (Flesch-Kincaid)"),
        "{}",
        run.stderr
    );
    assert_eq!(site.check(&["--strict"]).code, 1);
}

//! What a plain `familyties check` tells editors besides problems.

mod common;

use common::Site;

/// Every page has a Welsh page, so a page without Welsh text is not a fault; but editors
/// should see, without `--strict`, that its Welsh page shows English.
#[test]
fn plain_check_notes_pages_whose_welsh_page_shows_english() {
    let site = Site::new("valid-site");
    let plain = site.check(&[]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    let note = plain
        .stderr
        .lines()
        .find(|l| l.starts_with("note:") && l.contains("have no Welsh text yet"))
        .unwrap_or_else(|| panic!("no note in:\n{}", plain.stderr));
    assert!(note.contains("content/guides/how-visits-work.md"), "{note}");
    // A page with its own Welsh text is not named.
    assert!(
        !note.contains("content/guides/what-id-to-bring.md"),
        "{note}"
    );
    // It is a note, not a warning: the warning count is unchanged by it.
    assert!(plain.stderr.contains(" 0 warning(s)"), "{}", plain.stderr);

    // Under --strict it is the warning naming them all, and the note is not repeated.
    let strict = site.check(&["--strict"]);
    assert!(!strict.stderr.contains("note:"), "{}", strict.stderr);
    assert!(
        strict.stderr.contains("have no Welsh text yet"),
        "{}",
        strict.stderr
    );

    // With a Welsh text for each, the note goes.
    let pages = note
        .split_once("show the English: ")
        .map(|(_, list)| list.split(" (").next().unwrap_or(""))
        .unwrap_or("");
    for page in pages.split(", ").filter(|p| !p.contains(" and ")) {
        let cy = page.replace(".md", ".cy.md");
        let text = std::fs::read_to_string(site.path(page)).expect("the page");
        site.write(&cy, &text);
    }
    let after = site.check(&[]);
    assert!(!after.stderr.contains("note:"), "{}", after.stderr);
}

//! Find a prison without JavaScript and the data the search script matches against, on the
//! `valid-site` fixture (Cardiff, Leeds "Armley", and Northallerton, closed, whose visits
//! moved to Leeds). The matching itself runs in Chromium: tests/browser/check.mjs.

mod common;

use common::{build_ok, read};

/// The `<li>` of a list page that links to `href`, or None.
fn item_linking<'a>(html: &'a str, href: &str) -> Option<&'a str> {
    let at = html.find(&format!("<a href=\"{href}\">"))?;
    let start = html[..at].rfind("<li>")?;
    let end = at + html[at..].find("</li>")?;
    Some(&html[start..end])
}

#[test]
fn the_find_box_goes_to_a_page_that_says_it_cannot_read_the_query() {
    let built = build_ok("valid-site", &[]);
    let home = read(&built, "index.html");
    assert!(
        home.contains("action=\"/prisons/find/\""),
        "the home page's box does not go to /prisons/find/"
    );
    let landing = read(&built, "prisons/find/index.html");
    assert!(landing.contains("id=\"find-nojs\""), "{landing}");
    assert!(landing.contains("needs JavaScript"), "{landing}");
    // A letter for each first letter of a name, town or other name, and every postcode area.
    for href in [
        "/prisons/find/a/",
        "/prisons/find/c/",
        "/prisons/find/l/",
        "/prisons/find/n/",
        "/prisons/find/postcode/ls/",
        "/prisons/find/postcode/cf/",
    ] {
        assert!(
            landing.contains(&format!("href=\"{href}\"")),
            "no link to {href}"
        );
    }
    assert!(
        !landing.contains("href=\"/prisons/find/z/\""),
        "Z has no names"
    );
}

#[test]
fn a_letter_page_lists_other_names_and_welsh_names_with_the_prison_they_lead_to() {
    let built = build_ok("valid-site", &[]);
    let a = read(&built, "prisons/find/a/index.html");
    let armley = item_linking(&a, "/prisons/leeds/").expect("Armley is under A");
    assert!(armley.contains(">Armley</a>"), "{armley}");
    assert!(
        armley.contains("HMP Leeds – men aged 18 and over – Leeds"),
        "{armley}"
    );
    let c = read(&built, "prisons/find/c/index.html");
    assert!(c.contains(">Carchar Caerdydd</a>"), "{c}");
    assert!(c.contains(">Cardiff</a>"), "{c}");
    // The name typed is what the family looks for, so it is filed once per prison: the town
    // Cardiff and the prison Cardiff are one entry.
    assert_eq!(c.matches(">Cardiff</a>").count(), 1, "{c}");
}

#[test]
fn a_closed_prison_says_where_visits_moved_to_in_lists_and_in_the_index() {
    let built = build_ok("valid-site", &[]);
    let n = read(&built, "prisons/find/n/index.html");
    let item = item_linking(&n, "/prisons/northallerton/").expect("Northallerton under N");
    assert!(item.contains("closed: visits moved to HMP Leeds"), "{item}");
    let az = read(&built, "prisons/index.html");
    let item = item_linking(&az, "/prisons/northallerton/").expect("in the A to Z");
    assert!(item.contains("closed: visits moved to HMP Leeds"), "{item}");
    let index: serde_json::Value =
        serde_json::from_str(&read(&built, "search-index.json")).unwrap();
    let closed = index
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["url"] == "/prisons/northallerton/")
        .expect("Northallerton in the index");
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["moved_to"]["url"], "/prisons/leeds/");
    assert_eq!(closed["moved_to"]["name"], "HMP Leeds");
    assert_eq!(
        closed["holds"],
        "young men aged 18 to 21 and men serving short sentences"
    );
}

#[test]
fn a_postcode_page_lists_the_district_then_the_area_then_the_region() {
    let built = build_ok("valid-site", &[]);
    let ls = read(&built, "prisons/find/postcode/ls/index.html");
    let district = ls.find("id=\"district-ls12\"").expect("an LS12 heading");
    let leeds = ls.find("href=\"/prisons/leeds/\"").expect("Leeds listed");
    assert!(district < leeds, "Leeds is not under LS12");
    // Northallerton (DL, closed) is in the region but not listed as a place to visit.
    assert!(!ls.contains("/prisons/northallerton/"), "{ls}");
    // Cardiff is in Wales: not near LS.
    assert!(!ls.contains("/prisons/cardiff/"), "{ls}");
    // DL has no open prison: the page says who is nearby in the region instead.
    let dl = read(&built, "prisons/find/postcode/dl/index.html");
    let in_area = dl
        .find("/prisons/northallerton/")
        .expect("Northallerton is in DL");
    let region = dl
        .find("Elsewhere in Yorkshire and the Humber")
        .expect("the region follows");
    assert!(in_area < region);
    assert!(dl[region..].contains("/prisons/leeds/"), "{dl}");
    let areas: serde_json::Value =
        serde_json::from_str(&read(&built, "postcode-areas.json")).unwrap();
    assert_eq!(areas["LS"], "Yorkshire and the Humber");
    assert_eq!(areas["CF"], "Wales");
}

#[test]
fn site_search_has_the_glossary_and_ranks_editors_pages_last() {
    let site = common::Site::new("valid-site");
    site.write(
        "content/editors/index.md",
        "---\ntitle: Guide for editors\nsummary: How to change a page.\n---\n\nHow to add ID rules for a prison.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let text = std::fs::read_to_string(site.out().join("search-pages.json")).unwrap();
    let pages: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pages = pages.as_array().unwrap();
    let kinds: Vec<&str> = pages.iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.first(), Some(&"Guide"), "{kinds:?}");
    assert_eq!(kinds.last(), Some(&"For editors"), "{kinds:?}");
    let editors = pages.iter().find(|p| p["kind"] == "For editors").unwrap();
    assert_eq!(editors["url"], "/editors/");
    let words: Vec<&serde_json::Value> = pages
        .iter()
        .filter(|p| p["kind"] == "Prison word")
        .collect();
    assert!(!words.is_empty(), "no glossary terms in search-pages.json");
    for w in &words {
        let url = w["url"].as_str().unwrap();
        assert!(url.starts_with("/glossary/#"), "{url}");
    }
    // Two-letter words stay in the index: families search for "ID".
    assert!(
        pages.iter().any(|p| p["words"]
            .as_str()
            .unwrap_or("")
            .split(' ')
            .any(|w| w == "id")),
        "no page has the word \"id\" in its search words"
    );
    // The glossary page no longer shows the search spellings.
    let glossary = std::fs::read_to_string(site.out().join("glossary/index.html")).unwrap();
    assert!(!glossary.contains("(also:"), "{glossary}");
}

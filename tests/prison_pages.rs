//! Builds `tests/fixtures/valid-site` with the real binary and the shipped theme, and checks
//! the prison pages and lists families use to find a prison and plan a visit.

mod common;

use common::*;

const PRISONS: [(&str, &str); 3] = [
    ("cardiff", "HMP Cardiff"),
    ("leeds", "HMP Leeds"),
    ("northallerton", "HMP Northallerton"),
];

#[test]
fn every_prison_has_a_page_and_a_printable_checklist() {
    let built = build_ok("valid-site", &[]);
    for (slug, name) in PRISONS {
        let page = Page::new(&read(&built, &format!("prisons/{slug}/index.html")));
        let h1 = page.select("main h1");
        assert!(
            h1.len() == 1 && h1[0].starts_with(name),
            "{slug}: the heading is {h1:?}"
        );
        assert!(
            page.links("main")
                .contains(&format!("/prisons/{slug}/checklist/")),
            "{slug}: the page does not link to its checklist"
        );
        let checklist = Page::new(&read(
            &built,
            &format!("prisons/{slug}/checklist/index.html"),
        ));
        assert_eq!(
            checklist.select("main h1"),
            [format!("Visit checklist: {name}")]
        );
        assert!(
            checklist
                .links("main")
                .contains(&format!("/prisons/{slug}/")),
            "{slug}: checklist does not link back"
        );
    }
}

#[test]
fn prisons_a_to_z_lists_all_three_in_order() {
    let built = build_ok("valid-site", &[]);
    let page = Page::new(&read(&built, "prisons/index.html"));
    let slugs: Vec<String> = page
        .links("#az-list")
        .iter()
        .filter_map(|h| {
            h.strip_prefix("/prisons/")?
                .strip_suffix('/')
                .map(str::to_string)
        })
        .collect();
    assert_eq!(slugs, ["cardiff", "leeds", "northallerton"]);
    // Grouped by the letter of the name without "HMP" (so not everything under H), and
    // the letters at the top jump to them.
    assert_eq!(
        page.attr("#az-list h2", "id"),
        ["letter-c", "letter-l", "letter-n"]
    );
    assert_eq!(page.select("#az-list h2"), ["C", "L", "N"]);
    assert_eq!(
        page.links("nav.az"),
        ["#letter-c", "#letter-l", "#letter-n"]
    );
}

#[test]
fn each_region_lists_exactly_its_own_prisons() {
    let built = build_ok("valid-site", &[]);
    let yorkshire = read(&built, "prisons/region/yorkshire-and-the-humber/index.html");
    assert_eq!(prison_links(&yorkshire), ["leeds", "northallerton"]);
    let wales = read(&built, "prisons/region/wales/index.html");
    assert_eq!(prison_links(&wales), ["cardiff"]);
    let london = read(&built, "prisons/region/london/index.html");
    assert!(prison_links(&london).is_empty());
    assert!(
        select(&london, "main p").contains(&"There are no prisons in this list.".to_string()),
        "{}",
        main_of(&london)
    );
    // The home page and the A–Z offer every region.
    for page in ["index.html", "prisons/index.html"] {
        let regions = links(&read(&built, page), "main");
        for url in [
            "/prisons/region/yorkshire-and-the-humber/",
            "/prisons/region/wales/",
            "/prisons/region/london/",
        ] {
            assert!(regions.contains(&url.to_string()), "{page}: no {url}");
        }
    }
}

#[test]
fn type_lists_exist_for_the_types_in_use() {
    let built = build_ok("valid-site", &[]);
    let hmp = read(&built, "prisons/type/hmp/index.html");
    assert_eq!(prison_links(&hmp), ["cardiff", "leeds", "northallerton"]);
    let yoi = read(&built, "prisons/type/yoi/index.html");
    assert_eq!(prison_links(&yoi), ["northallerton"]);
    assert!(
        !built.out().join("prisons/type/ycs").exists(),
        "no list for a type nobody has"
    );
    let az = Page::new(&read(&built, "prisons/index.html"));
    let types: Vec<String> = az
        .links("main")
        .into_iter()
        .filter(|h| h.starts_with("/prisons/type/"))
        .collect();
    assert_eq!(types, ["/prisons/type/hmp/", "/prisons/type/yoi/"]);
}

#[test]
fn closed_prison_says_so_and_sends_families_to_its_replacement() {
    let built = build_ok("valid-site", &[]);
    let html = read(&built, "prisons/northallerton/index.html");
    let page = Page::new(&html);
    assert_eq!(
        page.select("main .warning p"),
        [
            "This prison has closed (31 December 2013). Everyone held here moved to other prisons in the region.",
            "Visits moved to HMP Leeds."
        ],
        "{}",
        main_of(&html)
    );
    assert_eq!(
        page.anchors("main .warning a"),
        [("/prisons/leeds/".to_string(), "HMP Leeds".to_string())]
    );
    // Lists say it is closed and where visits went, and open neighbours do not offer it.
    let az = Page::new(&read(&built, "prisons/index.html"));
    let entry = az.select("#az-list li");
    assert!(
        entry
            .iter()
            .any(|li| li.starts_with("HMP Northallerton closed: visits moved to HMP Leeds")),
        "{entry:?}"
    );
    let leeds = Page::new(&read(&built, "prisons/leeds/index.html"));
    assert!(
        !leeds.text("main").contains("Other prisons in"),
        "a closed prison is not a neighbour"
    );
    assert!(
        !leeds
            .links("main")
            .contains(&"/prisons/northallerton/".to_string())
    );
    // Its old address (`aliases`) still leads to the page.
    let old = Page::new(&read(&built, "prisons/hmp-northallerton/index.html"));
    assert_eq!(
        old.attr("meta[http-equiv=refresh]", "content"),
        ["0; url=https://familyties.test/prisons/northallerton/"]
    );
    assert_eq!(
        old.links("main"),
        ["https://familyties.test/prisons/northallerton/"]
    );
    let redirects = read(&built, "_redirects");
    assert!(
        redirects
            .lines()
            .any(|l| l == "/prisons/hmp-northallerton/ /prisons/northallerton/ 301"),
        "{redirects}"
    );
}

#[test]
fn notices_show_only_between_their_dates() {
    let built = build_ok("valid-site", &[]);
    let html = read(&built, "prisons/leeds/index.html");
    let page = Page::new(&html);
    assert!(
        page.text("#notices")
            .contains("Visits hall being repainted"),
        "the active notice is missing"
    );
    // Nowhere on the page, in any element or attribute.
    assert!(
        !html.contains("Christmas visits 2025"),
        "the expired notice shows"
    );
    assert!(
        !html.contains("New booking line from January"),
        "the future notice shows early"
    );
    // The family day page (kind: family_day, until 2026-12-20) is a notice too.
    assert_eq!(
        page.anchors("#notices a"),
        [(
            "/prisons/leeds/family-day/".to_string(),
            "Family day at HMP Leeds".to_string()
        )]
    );

    // On the future notice's first day it shows, and the others have ended.
    let later = build_ok("valid-site", &["--date", "2027-01-04"]);
    let html = read(&later, "prisons/leeds/index.html");
    let page = Page::new(&html);
    assert!(
        page.text("#notices")
            .contains("New booking line from January")
    );
    assert!(!html.contains("Visits hall being repainted"));
    assert!(
        !page
            .links("#notices")
            .contains(&"/prisons/leeds/family-day/".to_string()),
        "the family day is over"
    );
    assert!(!page.has("#pages"), "no current pages of its own to list");
}

#[test]
fn a_notice_shows_on_its_last_day_and_not_the_day_after() {
    let notices = |built: &Built| Page::new(&read(built, "prisons/leeds/index.html")).text("main");
    let last_day = build_ok("valid-site", &["--date", "2026-12-01"]);
    assert!(notices(&last_day).contains("Visits hall being repainted"));
    let day_after = build_ok("valid-site", &["--date", "2026-12-02"]);
    assert!(!notices(&day_after).contains("Visits hall being repainted"));
}

#[test]
fn search_index_has_one_entry_per_prison_with_other_names() {
    let built = build_ok("valid-site", &[]);
    let index: serde_json::Value =
        serde_json::from_str(&read(&built, "search-index.json")).unwrap();
    let entries = index.as_array().expect("an array");
    assert_eq!(entries.len(), 3, "{index:#}");
    for ((slug, name), entry) in PRISONS.iter().zip(entries) {
        assert_eq!(entry["name"], *name);
        assert_eq!(entry["url"], format!("/prisons/{slug}/"));
        assert!(entry["other_names"].is_array(), "{entry}");
    }
    let leeds = &entries[1];
    assert_eq!(leeds["other_names"], serde_json::json!(["Armley"]));
    assert_eq!(leeds["postcode"], "LS12 2TJ");
    assert_eq!(entries[2]["status"], "closed");
    assert_eq!(entries[0]["name_cy"], "Carchar Caerdydd");
}

#[test]
fn a_prison_page_shows_its_facts() {
    let built = build_ok("valid-site", &[]);
    let html = read(&built, "prisons/leeds/index.html");
    let page = Page::new(&html);
    let text = page.text("main");
    assert!(text.contains("Also known as Armley."));
    // Times by day, as official pages write them.
    assert_eq!(
        page.select("main dl.times dt"),
        ["Monday", "Wednesday", "Friday", "Saturday", "Sunday"],
        "{}",
        main_of(&html)
    );
    assert_eq!(
        page.select("main dl.times dd"),
        [
            "2pm to 4pm",
            "2pm to 4pm",
            "2pm to 4pm",
            "9:30am to 11:30am",
            "9:30am to 11:30am"
        ]
    );
    assert!(
        page.anchors("main a")
            .contains(&("tel:+441132032600".to_string(), "0113 203 2600".to_string()))
    );
    assert!(text.contains("at least 24 hours before the visit"));
    let links = page.links("main");
    assert!(links.contains(&"/prisons/leeds/visiting.ics".to_string()));
    // The shared "how visits work" guidance is summed up and linked on every prison page,
    // not repeated in full.
    assert!(text.contains("How visits work in every prison"));
    assert!(links.contains(&"/guides/how-visits-work/".to_string()));
    let cardiff = Page::new(&read(&built, "prisons/cardiff/index.html")).text("main");
    assert!(cardiff.contains("How visits work in every prison"));
    assert!(cardiff.contains("We do not have checked visiting times for this prison."));
}

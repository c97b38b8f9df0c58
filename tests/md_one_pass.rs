//! The build parses each body for its headings and links first, then checks it and makes
//! its HTML in one more pass, chunk by chunk as its pages are rendered. These tests build
//! real sites to show that nothing is lost by that: the links are known before any page
//! shows who links to it, every body is checked (also those with no page of their own),
//! problems are reported once, and a body's errors still stop the build before anything
//! is published.

mod common;

use common::{Page, Site, files_under};

/// A guide's front matter, valid for the `valid-site` fixture.
fn guide(title: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: A page for this test.\nlast_reviewed: 2026-11-01\nsources:\n  - title: Test source\n    url: https://www.gov.uk/prison-visits\n    date: 2026-11-01\n---\n\n{body}"
    )
}

#[test]
fn links_headings_and_code_of_a_body_reach_every_page() {
    let site = Site::new("valid-site");
    site.write(
        "content/guides/zz-getting-to-leeds.md",
        &guide(
            "Getting to Leeds",
            "## Getting there\n\nSee [the prison](../prisons/leeds/index.md) and [the way there](#getting-there).\n\n## Getting there\n\n```rust\nfn main() {}\n```\n",
        ),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let read = |path: &str| {
        std::fs::read_to_string(site.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let guide = Page::new(&read("guides/zz-getting-to-leeds/index.html"));
    assert_eq!(
        guide.attr("main h2[id^=\"getting-there\"]", "id"),
        ["getting-there", "getting-there-1"]
    );
    let links = guide.links("main");
    assert!(links.iter().any(|l| l == "/prisons/leeds/"), "{links:?}");
    assert!(links.iter().any(|l| l == "#getting-there"), "{links:?}");
    assert!(
        !guide.select("main pre code [class^=\"hl-\"]").is_empty(),
        "the code is highlighted"
    );
    // The prison's page lists the guide among the pages that mention it, though the guide
    // is checked after the prison's page in the build's order.
    let leeds = Page::new(&read("prisons/leeds/index.html"));
    let mentions = leeds.links("section[aria-labelledby=\"mentions-title\"]");
    assert!(
        mentions.iter().any(|l| l == "/guides/zz-getting-to-leeds/"),
        "{mentions:?}"
    );
}

#[test]
fn every_body_is_checked_and_each_problem_reported_once() {
    let site = Site::new("valid-site");
    // A glossary entry has no page of its own: its body is still checked.
    site.edit("content/glossary/booking-reference.md", |text| {
        format!("{text}\nSee [the rules](../guides/no-such-guide.md).\n")
    });
    let long = "x".repeat(2_100);
    site.write(
        "content/guides/long-code.md",
        &guide(
            "Long code",
            &format!("Some code:\n\n```js\nvar x = '{long}';\n```\n\n![](../pictures/none.png)\n"),
        ),
    );
    let (run, problems) = site.check_json(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    let at = |file: &str, what: &str| -> Vec<(u64, u64, String)> {
        problems
            .iter()
            .filter(|p| p["file"] == file && p["message"].as_str().unwrap_or("").contains(what))
            .map(|p| {
                (
                    p["line"].as_u64().unwrap_or(0),
                    p["column"].as_u64().unwrap_or(0),
                    p["severity"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let glossary = at("content/glossary/booking-reference.md", "does not exist");
    assert_eq!(glossary.len(), 1, "{problems:#?}");
    assert_eq!(glossary[0].2, "error");
    let long_line = at("content/guides/long-code.md", "without colours");
    assert_eq!(long_line, [(13, 1, "warning".to_string())], "{problems:#?}");
    let alt = at("content/guides/long-code.md", "no alt text");
    assert_eq!(alt, [(17, 1, "error".to_string())], "{problems:#?}");
    // The human form counts each once too.
    let human = site.check(&[]);
    assert!(
        human.stderr.contains("3 error(s), 1 warning(s)"),
        "{}",
        human.stderr
    );
}

#[test]
fn an_error_in_a_body_stops_the_build_before_anything_is_published() {
    let site = Site::new("valid-site");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let published = files_under(&site.out());
    // Pages are rendered as their bodies are checked: the broken link is found after
    // other pages were made, and none of them may reach the published site.
    site.write(
        "content/guides/zz-broken.md",
        &guide("Broken", "A [broken link](../guides/nowhere.md).\n"),
    );
    site.edit("content/guides/how-visits-work.md", |text| {
        format!("{text}\nA changed line that must not be published.\n")
    });
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stderr.contains("nowhere.md"), "{}", run.stderr);
    assert!(run.stderr.contains("was not changed"), "{}", run.stderr);
    assert_eq!(files_under(&site.out()), published);
}

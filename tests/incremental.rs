//! `serve` rebuilds only what an edit changes: these check that the pages it rebuilds are
//! exactly the ones a full build would change, and byte-identical to them.

mod common;

use std::collections::BTreeMap;

use common::Site;
use familyties::diagnostics::Diagnostics;
use familyties::model::fields::Date;
use familyties::pipeline::{self, Options, Update};

fn options(site: &Site) -> Options {
    Options {
        root: site.root(),
        today: Date::parse("2026-11-23").unwrap(),
        strict: false,
    }
}

fn full(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let diags = Diagnostics::new();
    let built = pipeline::run(&options(site), &diags).expect("builds");
    built.files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Applies `edit`, rebuilds incrementally, and compares with a full build of the result.
fn check_edit(file: &str, edit: impl FnOnce(String) -> String) -> Vec<String> {
    let site = Site::new("valid-site");
    let diags = Diagnostics::new();
    let (before, mut state) = pipeline::run_keeping(&options(&site), &diags).expect("builds");
    let before: BTreeMap<String, Vec<u8>> = before
        .files
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect();
    site.edit(file, edit);
    let diags = Diagnostics::new();
    let Update::Files(changed) = pipeline::update(&mut state, &[site.path(file)], &diags) else {
        panic!("expected an incremental update");
    };
    assert!(!diags.has_errors(), "{}", diags.render_human());
    let after = full(&site);
    // Every file the update wrote is what the full build wrote...
    for f in &changed {
        assert_eq!(Some(&f.bytes), after.get(&f.path), "{}", f.path);
    }
    // ...and every page the full build changed is among them (the sitemap's dates wait
    // for a full build).
    let written: Vec<&str> = changed.iter().map(|f| f.path.as_str()).collect();
    for (path, bytes) in &after {
        if before.get(path) != Some(bytes) && path != "sitemap.xml" {
            assert!(
                written.contains(&path.as_str()),
                "{path} changed but was not rebuilt"
            );
        }
    }
    written.iter().map(|s| s.to_string()).collect()
}

#[test]
fn editing_a_guides_text_rebuilds_that_page_and_the_search_index() {
    let written = check_edit("content/guides/what-id-to-bring.md", |t| {
        format!("{t}\nOne more plain sentence for families.\n")
    });
    assert_eq!(
        written,
        [
            "guides/what-id-to-bring/index.html",
            "search-pages.json",
            "cy/search-pages.json"
        ]
    );
}

#[test]
fn changing_a_prisons_visiting_times_rebuilds_its_pages_and_data_only() {
    let written = check_edit("content/prisons/leeds/index.md", |t| {
        t.replace("start: \"14:00\"", "start: \"13:30\"")
    });
    assert!(
        written.contains(&"prisons/leeds/index.html".to_string()),
        "{written:?}"
    );
    assert!(
        written.contains(&"prisons/leeds/visiting.ics".to_string()),
        "{written:?}"
    );
    assert!(written.contains(&"prisons.json".to_string()), "{written:?}");
    assert!(
        !written.iter().any(|p| p.starts_with("prisons/cardiff/")),
        "{written:?}"
    );
}

#[test]
fn renaming_a_prison_needs_a_full_build() {
    let site = Site::new("valid-site");
    let diags = Diagnostics::new();
    let (_, mut state) = pipeline::run_keeping(&options(&site), &diags).expect("builds");
    site.edit("content/prisons/leeds/index.md", |t| {
        t.replace("name: HMP Leeds", "name: HMP Leeds (Armley)")
    });
    let file = site.path("content/prisons/leeds/index.md");
    assert!(matches!(
        pipeline::update(&mut state, &[file], &diags),
        Update::Full
    ));
}

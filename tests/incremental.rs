//! `serve` rebuilds only what an edit changes: these check that the pages it rebuilds are
//! exactly the ones a full build would change, and byte-identical to them.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::Site;
use familyties::diagnostics::Diagnostics;
use familyties::model::fields::Date;
use familyties::pipeline::{self, Options, Update};

fn options(root: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        today: Date::parse("2026-11-23").unwrap(),
        strict: false,
    }
}

fn files_of(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let diags = Diagnostics::new();
    let built = pipeline::run(&options(root), &diags).expect("builds");
    built.files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Builds the site at `root`, applies `edit` to `file`, rebuilds incrementally, and
/// compares with a full build of the result: returns the paths the update wrote.
fn check_edit_in(root: &Path, file: &str, edit: impl FnOnce(String) -> String) -> Vec<String> {
    let diags = Diagnostics::new();
    let (before, mut state) = pipeline::run_keeping(&options(root), &diags).expect("builds");
    let before: BTreeMap<String, Vec<u8>> = before
        .files
        .into_iter()
        .map(|f| (f.path, f.bytes))
        .collect();
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(text.clone());
    assert_ne!(text, edited, "the edit changed nothing in {file}");
    std::fs::write(&path, edited).unwrap();
    let diags = Diagnostics::new();
    let Update::Files(mut changed) = pipeline::update(&mut state, &[path], &diags) else {
        panic!("expected an incremental update");
    };
    assert!(!diags.has_errors(), "{}", diags.render_human());
    let held = state.unfinished_files();
    // What `serve` makes after the pages: the union of both is checked below.
    let Update::Files(rest) = pipeline::finish(&mut state, &diags) else {
        panic!("expected the rest of the update to follow the edit too");
    };
    assert!(!diags.has_errors(), "{}", diags.render_human());
    assert!(!state.unfinished(), "finish left work behind");
    let first: Vec<&str> = changed.iter().map(|f| f.path.as_str()).collect();
    assert!(
        rest.iter().all(|f| !first.contains(&f.path.as_str())),
        "a file made twice"
    );
    // The content pages come first; everything after them is among the files `serve`
    // holds requests for until they are made.
    assert!(first.iter().all(|p| p.ends_with(".html")), "{first:?}");
    for f in &rest {
        assert!(held.contains(&f.path), "{} made without being held", f.path);
    }
    changed.extend(rest);
    let after = files_of(root);
    let added: Vec<&String> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    let removed: Vec<&String> = before.keys().filter(|p| !after.contains_key(*p)).collect();
    assert!(
        added.is_empty() && removed.is_empty(),
        "an edit the update follows never adds or removes a file: added {added:?}, removed {removed:?}"
    );
    // Every file the update wrote is what the full build wrote...
    for f in &changed {
        assert_eq!(Some(&f.bytes), after.get(&f.path), "{}", f.path);
    }
    // ...and every file the full build changed is among them.
    let written: Vec<&str> = changed.iter().map(|f| f.path.as_str()).collect();
    for (path, bytes) in &after {
        if before.get(path) != Some(bytes) {
            assert!(
                written.contains(&path.as_str()),
                "{path} changed but was not rebuilt"
            );
        }
    }
    let mut written: Vec<String> = written.iter().map(|s| s.to_string()).collect();
    written.sort();
    written
}

fn check_edit(file: &str, edit: impl FnOnce(String) -> String) -> Vec<String> {
    let site = Site::new("valid-site");
    check_edit_in(&site.root(), file, edit)
}

/// A copy of the shipped site (content and theme), where regions have a dozen prisons
/// or more, so a rename moves a prison among its neighbours.
fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        common::copy_dir(&common::repo_root().join(part), &dir.path().join(part));
    }
    dir
}

#[test]
fn editing_a_guides_text_rebuilds_that_page_and_the_search_index() {
    let written = check_edit("content/guides/what-id-to-bring.md", |t| {
        format!("{t}\nOne more plain sentence for families.\n")
    });
    assert_eq!(
        written,
        [
            "cy/search-pages.json",
            "guides/what-id-to-bring/index.html",
            "search-pages.json",
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

/// The update must be a full build: `file` edited by `edit`.
fn needs_full_build(file: &str, edit: impl FnOnce(String) -> String) {
    let site = Site::new("valid-site");
    let diags = Diagnostics::new();
    let (_, mut state) = pipeline::run_keeping(&options(&site.root()), &diags).expect("builds");
    site.edit(file, edit);
    let path = site.path(file);
    assert!(matches!(
        pipeline::update(&mut state, &[path], &diags),
        Update::Full
    ));
}

#[test]
fn renaming_a_prison_rebuilds_the_pages_lists_and_indexes_that_show_its_name() {
    let site = shipped_copy();
    // "Yeeds" moves it from the middle of its region's A–Z to the end, so the prisons
    // beside it before and after show different neighbours.
    let written = check_edit_in(site.path(), "content/prisons/leeds/index.md", |t| {
        t.replace("name: HMP Leeds", "name: HMP Yeeds")
    });
    for path in [
        "prisons/leeds/index.html",
        "prisons/leeds/checklist/index.html",
        "cy/prisons/leeds/index.html",
        "prisons/index.html",
        "prisons/region/yorkshire-and-the-humber/index.html",
        "search-index.json",
        "prisons.json",
        "prisons/leeds/visiting.ics",
    ] {
        assert!(written.contains(&path.to_string()), "{path}: {written:?}");
    }
    // Of the prisons' own pages, only those that show its name: its own, its neighbours
    // in the region before and after the move, and the prisons its page links to.
    let prison_pages: Vec<&String> = written
        .iter()
        .filter(|p| {
            p.starts_with("prisons/")
                && p.ends_with("/index.html")
                && p.matches('/').count() == 2
                && !p.starts_with("prisons/find/")
        })
        .collect();
    assert!(
        prison_pages.len() <= 20,
        "{} prison pages rebuilt: {prison_pages:?}",
        prison_pages.len()
    );
    assert!(
        !written.iter().any(|p| p.starts_with("prisons/cardiff/")),
        "{written:?}"
    );
}

#[test]
fn moving_a_prison_to_another_town_rebuilds_what_shows_the_town() {
    let site = shipped_copy();
    let written = check_edit_in(site.path(), "content/prisons/wakefield/index.md", |t| {
        t.replacen("  town: Wakefield", "  town: Wakefield West", 1)
    });
    assert!(written.contains(&"prisons/wakefield/index.html".to_string()));
    assert!(written.contains(&"prisons/index.html".to_string()));
}

#[test]
fn retitling_a_guide_rebuilds_the_lists_and_the_pages_it_links_to() {
    let site = shipped_copy();
    let written = check_edit_in(site.path(), "content/guides/what-id-to-bring.md", |t| {
        let title = t
            .lines()
            .find(|l| l.starts_with("title:"))
            .expect("the guide has a title")
            .to_string();
        t.replacen(&title, "title: Which ID to bring on the day", 1)
    });
    assert!(written.contains(&"guides/what-id-to-bring/index.html".to_string()));
    assert!(written.contains(&"guides/index.html".to_string()));
    assert!(written.contains(&"search-pages.json".to_string()));
}

#[test]
fn retitling_a_support_organisation_rebuilds_the_prisons_it_serves() {
    let site = shipped_copy();
    let written = check_edit_in(site.path(), "content/support/pops.md", |t| {
        t.replacen("name: POPS", "name: The charity POPS", 1)
    });
    assert!(
        written.contains(&"prisons/manchester/index.html".to_string()),
        "{written:?}"
    );
}

#[test]
fn renaming_a_prison_that_replaced_a_closed_one_rebuilds_the_lists_naming_it() {
    // Northallerton is closed, its visits moved to Leeds: its notes in the lists say so.
    let written = check_edit("content/prisons/leeds/index.md", |t| {
        t.replace("name: HMP Leeds", "name: HMP Leeds Armley")
    });
    assert!(
        written.contains(&"prisons/northallerton/index.html".to_string()),
        "{written:?}"
    );
}

#[test]
fn renaming_a_prison_with_an_old_address_rebuilds_the_page_that_sends_families_on() {
    let written = check_edit("content/prisons/northallerton/index.md", |t| {
        t.replace("name: HMP Northallerton", "name: HMP Northallerton (old)")
    });
    assert!(
        written.contains(&"prisons/hmp-northallerton/index.html".to_string()),
        "{written:?}"
    );
    assert!(!written.contains(&"_redirects".to_string()), "{written:?}");
}

#[test]
fn moving_a_prison_to_another_postcode_area_rebuilds_both_area_pages() {
    let site = shipped_copy();
    let written = check_edit_in(site.path(), "content/prisons/leeds/index.md", |t| {
        t.replace("postcode: LS12 2TJ", "postcode: WF2 9AG")
    });
    for path in [
        "prisons/find/postcode/ls/index.html",
        "prisons/find/postcode/wf/index.html",
    ] {
        assert!(written.contains(&path.to_string()), "{path}: {written:?}");
    }
}

#[test]
fn a_new_date_for_a_prisons_source_rebuilds_the_editors_report() {
    let site = shipped_copy();
    let written = check_edit_in(site.path(), "content/prisons/leeds/index.md", |t| {
        t.replace("date: 2026-07-28", "date: 2026-07-29")
    });
    assert!(
        written.contains(&"editors/status/index.html".to_string()),
        "{written:?}"
    );
    // What lists show of it did not change: no other list is made again.
    assert!(!written.contains(&"prisons/index.html".to_string()));
}

#[test]
fn a_name_that_opens_a_new_find_a_prison_letter_needs_a_full_build() {
    needs_full_build("content/prisons/leeds/index.md", |t| {
        t.replace("name: HMP Leeds", "name: HMP Zeeds")
    });
}

#[test]
fn moving_a_prison_to_another_region_needs_a_full_build() {
    needs_full_build("content/prisons/leeds/index.md", |t| {
        t.replace("region: Yorkshire and the Humber", "region: North West")
    });
}

#[test]
fn changing_a_guides_summary_needs_a_full_build() {
    needs_full_build("content/guides/what-id-to-bring.md", |t| {
        t.replacen("summary: Which documents", "summary: The documents", 1)
    });
}

#[test]
fn renaming_a_prison_to_another_prisons_other_name_is_an_error() {
    // Leeds was known as Armley: a second prison named so is reported on Leeds's file,
    // which the edit did not touch, as a full build reports it.
    let site = Site::new("valid-site");
    let (_, mut state) =
        pipeline::run_keeping(&options(&site.root()), &Diagnostics::new()).expect("builds");
    site.edit("content/prisons/cardiff/index.md", |t| {
        t.replacen("name: HMP Cardiff", "name: HMP Armley", 1)
    });
    let diags = Diagnostics::new();
    let update = pipeline::update(
        &mut state,
        &[site.path("content/prisons/cardiff/index.md")],
        &diags,
    );
    assert!(matches!(update, Update::Files(files) if files.is_empty()));
    let shown = diags.render_human();
    assert!(diags.has_errors(), "{shown}");
    assert!(shown.contains("content/prisons/leeds/index.md"), "{shown}");
    assert!(shown.contains("is the name of another prison"), "{shown}");
    let full = Diagnostics::new();
    assert!(pipeline::run(&options(&site.root()), &full).is_none());
    assert!(
        full.render_human()
            .contains("is the name of another prison")
    );
}

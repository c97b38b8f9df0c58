//! One list of outputs (`familyties::outputs`): the addresses the link check accepts are
//! exactly the files the build makes, so a link to a feed or a calendar passes and a link
//! to a list that is not made fails.

mod common;

use std::collections::BTreeMap;

use common::Site;
use familyties::diagnostics::Diagnostics;
use familyties::model::fields::Date;
use familyties::outputs;
use familyties::pipeline::{self, Options};

fn options(site: &Site) -> Options {
    Options {
        root: site.root(),
        today: Date::parse("2026-11-23").unwrap(),
        strict: false,
    }
}

#[test]
fn every_address_the_outputs_claim_is_a_file_the_build_makes_and_the_reverse() {
    let site = Site::new("valid-site");
    let diags = Diagnostics::new();
    let (built, state) = pipeline::run_keeping(&options(&site), &diags).expect("builds");
    let files: BTreeMap<String, Vec<u8>> =
        built.files.into_iter().map(|f| (f.path, f.bytes)).collect();
    let claimed = outputs::files_of(&state.addresses());
    for path in &claimed {
        assert!(files.contains_key(path), "claimed but not made: {path}");
    }
    // What is not claimed is a content page's own: its page, or its Welsh twin.
    let pages: Vec<String> = state
        .site
        .pages
        .iter()
        .flat_map(|p| {
            let path = format!("{}index.html", p.url.trim_start_matches('/'));
            [format!("cy/{path}"), path]
        })
        .collect();
    for path in files.keys() {
        assert!(
            claimed.contains(path) || pages.contains(path),
            "made but in no output's list: {path}"
        );
    }
}

#[test]
fn links_to_what_the_build_makes_pass_and_to_what_it_does_not_fail() {
    let site = Site::new("valid-site");
    site.edit("content/guides/how-visits-work.md", |t| {
        format!(
            "{t}\n[Leeds visiting calendar](/prisons/leeds/visiting.ics), \
             [news from Leeds](/prisons/leeds/updates.xml), \
             [prisons by first letter](/prisons/find/l/), \
             [the data](/prisons.csv).\n"
        )
    });
    let run = site.check(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    site.edit("content/guides/how-visits-work.md", |t| {
        format!("{t}\n[secure training centres](/prisons/type/stc/)\n")
    });
    let run = site.check(&[]);
    assert_ne!(run.code, 0, "no prison here is a secure training centre");
    assert!(
        run.stderr
            .contains("there is no page at /prisons/type/stc/"),
        "{}",
        run.stderr
    );
}

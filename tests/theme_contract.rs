//! The theme's contract (`theme.yaml`): missing templates are errors naming them, and the
//! ids the link checker keeps free are the ids the templates really use.

mod common;

use std::collections::BTreeSet;

use common::*;

#[test]
fn a_theme_without_a_template_the_build_needs_is_an_error_naming_it() {
    let site = Site::new("valid-site");
    std::fs::remove_file(site.path("themes/default/templates/guide_list.html")).unwrap();
    let (run, problems) = site.check_json(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    let messages: Vec<&str> = problems
        .iter()
        .filter_map(|p| p["message"].as_str())
        .collect();
    assert!(
        messages
            .contains(&"the theme lists the template `guide_list.html` but there is no such file"),
        "{messages:#?}"
    );
    assert_eq!(site.build(&[]).code, 1);
    assert!(!site.out().exists(), "nothing was built");
}

#[test]
fn a_manifest_that_leaves_out_a_needed_template_is_an_error() {
    let site = Site::new("valid-site");
    site.edit("themes/default/theme.yaml", |t| {
        t.replace("  - search.html\n", "")
    });
    let (run, problems) = site.check_json(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        problems.iter().any(|p| p["message"]
            == "the theme does not provide `search.html`, which the build needs to make its pages"
            && p["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("theme.yaml"))),
        "{problems:#?}"
    );
}

#[test]
fn every_id_the_templates_write_is_declared_in_the_manifest() {
    let theme = repo_root().join("themes/default");
    let manifest = familyties::theme_manifest::Manifest::read(&theme).unwrap();
    let declared: BTreeSet<&str> = manifest
        .ids
        .every_page
        .iter()
        .chain(&manifest.ids.prison_page)
        .chain(&manifest.ids.prison_sections)
        .map(String::as_str)
        .collect();
    let mut used = BTreeSet::new();
    for entry in walkdir::WalkDir::new(theme.join("templates")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for part in text.split(" id=\"").skip(1) {
            let id = part.split('"').next().unwrap_or_default();
            // Ids made from data (`{{ g.id }}`) are the page's own, not the theme's.
            if !id.contains("{{") && !id.contains("{%") {
                used.insert(id.to_string());
            }
        }
    }
    let undeclared: Vec<&String> = used
        .iter()
        .filter(|id| !declared.contains(id.as_str()))
        .collect();
    assert!(
        undeclared.is_empty(),
        "ids in templates but not in theme.yaml: {undeclared:?}"
    );
}

#[test]
fn a_heading_never_takes_a_theme_id() {
    let site = Site::new("valid-site");
    site.write(
        "content/guides/ids.md",
        "---\ntitle: Ids\nsummary: Headings named like the theme's own elements.\nsources:\n  - title: GOV.UK\n    url: https://www.gov.uk/prison-visits\n    date: 2026-11-01\n---\n\n## Main\n\nText.\n\n## Find prison\n\nText.\n",
    );
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{built:#?}");
    let page = std::fs::read_to_string(site.out().join("guides/ids/index.html")).unwrap();
    assert_eq!(page.matches("id=\"main\"").count(), 1, "{page}");
    assert!(!page.contains("<h2 id=\"find-prison\""), "{page}");
    assert!(
        page.contains("<h2 id=\"main-"),
        "the heading gets a free id: {page}"
    );
}

/// Each kind kept as a folder of pages renders with templates of its own (`support.html`,
/// `support_list.html`...): the shipped theme declares every one of them.
#[test]
fn the_shipped_theme_declares_every_template_a_kind_renders() {
    let manifest = familyties::theme_manifest::Manifest::read(&repo_root().join("themes/default"))
        .expect("the shipped theme.yaml");
    let declared: BTreeSet<&str> = manifest.templates.iter().map(String::as_str).collect();
    let missing: Vec<&str> = familyties::kinds::templates()
        .filter(|t| !declared.contains(t))
        .collect();
    assert!(missing.is_empty(), "not in theme.yaml: {missing:?}");
    assert!(familyties::kinds::templates().any(|t| t == "support_list.html"));
}

#[test]
fn a_theme_reads_a_prisons_front_matter_as_written_on_all_four_of_its_pages() {
    let site = Site::new("valid-site");
    let line = r#"<p class="raw-data">{{ page.prison.data.nomis_id }} {% if page.prison.data.visiting_times %}{{ page.prison.data.visiting_times.sessions | length }}{% endif %} {{ page.prison.data.region }}</p>"#;
    for template in ["prison.html", "checklist.html"] {
        site.edit(&format!("themes/default/templates/{template}"), |t| {
            t.replacen("{% block main %}", &format!("{{% block main %}}{line}"), 1)
        });
    }
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let leeds = std::fs::read_to_string(site.path("content/prisons/leeds/index.md")).unwrap();
    let sessions = leeds.matches("\n    - days:").count();
    assert!(sessions > 0, "the fixture's Leeds has visiting sessions");
    for page in [
        "prisons/leeds/index.html",
        "prisons/leeds/checklist/index.html",
        "cy/prisons/leeds/index.html",
        "cy/prisons/leeds/checklist/index.html",
    ] {
        let html = std::fs::read_to_string(site.out().join(page)).unwrap();
        assert!(
            html.contains(&format!(
                r#"<p class="raw-data">LMI {sessions} Yorkshire and the Humber</p>"#
            )),
            "{page}: {}",
            html.lines()
                .find(|l| l.contains("raw-data"))
                .unwrap_or("no raw line")
        );
    }
}

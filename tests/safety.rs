//! Issue #13: the tool never destroys an editor's files and its outputs are never broken.
//! Every test builds a real site copy with the real binary and looks at what is on disk.

mod common;

use std::path::Path;

use common::{Site, files_under};

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn refused(run: &common::Run, words: &str) {
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.stderr.contains(words), "{run:#?}");
    assert!(run.stderr.contains("help:"), "{run:#?}");
}

#[test]
fn out_content_is_refused_and_the_markdown_survives() {
    let site = Site::new("valid-site");
    let before = files_under(&site.path("content"));
    let run = site.build_into(&site.path("content"), &[]);
    refused(&run, "content");
    assert_eq!(files_under(&site.path("content")), before);
}

#[test]
fn out_site_root_with_git_is_refused() {
    let site = Site::new("valid-site");
    std::fs::create_dir_all(site.path(".git")).unwrap();
    std::fs::write(site.path(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let run = site.build_into(&site.root(), &[]);
    refused(&run, "contains the site's own folder");
    assert!(site.path(".git/HEAD").is_file());
    assert!(site.path("content/index.md").is_file());
    // `--out .` from inside the site means the same.
    let run = site.build_into(Path::new("."), &[]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(site.path("content/index.md").is_file());
}

#[test]
fn out_folder_above_the_site_is_refused() {
    let site = Site::new("valid-site");
    // Like `--out ~/` with the site somewhere under the home folder.
    let run = site.build_into(site.dir.path(), &[]);
    refused(&run, "contains the site's own folder");
    assert!(site.path("content/index.md").is_file());
}

#[test]
fn out_folder_of_someone_elses_files_is_refused() {
    let site = Site::new("valid-site");
    let documents = site.dir.path().join("Documents");
    std::fs::create_dir_all(&documents).unwrap();
    std::fs::write(documents.join("letter.docx"), "dear").unwrap();
    let run = site.build_into(&documents, &[]);
    refused(&run, "did not write");
    assert_eq!(names_in(&documents), ["letter.docx"]);
    assert!(!run.stderr.contains("was left as it was"), "{run:#?}");
}

#[test]
fn out_file_is_refused_and_kept() {
    let site = Site::new("valid-site");
    let readme = site.dir.path().join("README.md");
    std::fs::write(&readme, "# notes").unwrap();
    let run = site.build_into(&readme, &[]);
    refused(&run, "is a file");
    assert_eq!(std::fs::read_to_string(&readme).unwrap(), "# notes");
}

#[test]
fn empty_folder_and_earlier_builds_are_replaced() {
    let site = Site::new("valid-site");
    std::fs::create_dir_all(site.out()).unwrap();
    let first = site.build(&[]);
    assert_eq!(first.code, 0, "{first:#?}");
    assert!(site.out().join(".familyties-build").is_file());
    std::fs::write(site.out().join("stale.html"), "old").unwrap();
    let second = site.build(&[]);
    assert_eq!(second.code, 0, "{second:#?}");
    assert!(!site.out().join("stale.html").exists());
    assert!(site.out().join("index.html").is_file());
}

#[test]
fn leftovers_of_killed_builds_are_removed_by_the_next_build() {
    let site = Site::new("valid-site");
    let parent = site.dir.path();
    for name in [".public-building-4242", ".public-old-77"] {
        std::fs::create_dir_all(parent.join(name).join("prisons")).unwrap();
        std::fs::write(parent.join(name).join("prisons/index.html"), "x").unwrap();
    }
    // Not ours: a name that only looks similar is left alone.
    std::fs::create_dir_all(parent.join(".public-building-notes")).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        names_in(parent),
        [".public-building-notes", "public", "site"]
    );
}

#[test]
fn two_builds_at_once_both_succeed() {
    let site = Site::new("valid-site");
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_familyties"))
            .args(["--root", site.root().to_str().unwrap(), "build", "--out"])
            .arg(site.out())
            .args(["--date", common::DATE])
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap(), b.join().unwrap())
    });
    for run in [&a, &b] {
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    assert_eq!(names_in(site.dir.path()), ["public", "site"]);
    assert!(site.out().join("index.html").is_file());
}

/// A guide page with `yaml` added to its front matter and `body` as its text.
fn guide(extra_yaml: &str, body: &str) -> String {
    format!(
        "---\ntitle: Hostile guide\nsummary: A page made to stress the build.\n{extra_yaml}sources:\n  - title: Visit someone in prison (GOV.UK)\n    url: https://www.gov.uk/prison-visits\n    date: 2026-11-01\n---\n\n{body}"
    )
}

fn timed_check(site: &Site) -> (common::Run, std::time::Duration) {
    let started = std::time::Instant::now();
    let run = site.check(&[]);
    (run, started.elapsed())
}

#[test]
fn yaml_alias_bomb_is_refused_quickly_with_its_place() {
    let site = Site::new("valid-site");
    let mut yaml = format!("aliases: &big \"{}\"\n", "x".repeat(100_000));
    yaml.push_str("tags: [");
    yaml.push_str(&vec!["*big"; 5000].join(", "));
    yaml.push_str("]\n");
    site.write("content/guides/bomb.md", &guide(&yaml, "Text.\n"));
    let (run, took) = timed_check(&site);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr
            .contains("YAML anchors (`&name`) are not allowed in front matter"),
        "{}",
        &run.stderr[..run.stderr.len().min(4000)]
    );
    assert!(run.stderr.contains("content/guides/bomb.md:4:10"));
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");
}

#[test]
fn control_characters_are_refused_with_field_and_place() {
    let site = Site::new("valid-site");
    site.edit("content/guides/how-visits-work.md", |t| {
        t.replacen("title: How visits work", "title: How visits\u{1} work", 1)
    });
    site.edit("content/site.yaml", |t| {
        t.replacen("title: Family Ties", "title: Family\u{1}Ties", 1)
    });
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    for place in [
        "content/guides/how-visits-work.md:2:18",
        "content/site.yaml:1:14",
    ] {
        assert!(run.stderr.contains(place), "{place}: {}", run.stderr);
    }
    assert!(run.stderr.contains("(U+0001) in `title`"), "{}", run.stderr);
    assert!(!site.out().exists());
}

#[test]
fn a_field_written_twice_is_reported_at_the_second() {
    let site = Site::new("valid-site");
    site.edit("content/guides/how-visits-work.md", |t| {
        t.replacen("order: 1\n", "order: 1\ntitle: Again\n", 1)
    });
    let run = site.check(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr.contains("content/guides/how-visits-work.md:5:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("the field `title` is written twice"));
}

#[test]
fn long_code_lines_build_quickly_with_a_warning() {
    let site = Site::new("valid-site");
    let line = "h1. a *b* _c_ @d@ \"e\":f ".repeat(10_000);
    site.write(
        "content/guides/code.md",
        &guide("", &format!("```textile\n{line}\n```\n")),
    );
    let (run, took) = timed_check(&site);
    assert!(
        run.stderr.contains("shown without colours"),
        "{}",
        &run.stderr[..run.stderr.len().min(3000)]
    );
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");
}

#[test]
fn broken_anchor_help_is_short_and_quick() {
    let site = Site::new("valid-site");
    let mut body = String::new();
    for i in 0..3000 {
        body.push_str(&format!(
            "## Heading {i} {}\n\nText.\n\n",
            "long words ".repeat(40)
        ));
    }
    for i in 0..100 {
        body.push_str(&format!("[link {i}](#no-such-heading-{i})\n\n"));
    }
    site.write("content/guides/anchors.md", &guide("", &body));
    let (run, took) = timed_check(&site);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr.matches("has no heading with the anchor").count(),
        100
    );
    assert!(
        run.stderr.contains("and 2995 more"),
        "{}",
        &run.stderr[..3000]
    );
    assert!(
        run.stderr.len() < 1_000_000,
        "{} bytes of diagnostics",
        run.stderr.len()
    );
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");
}

const IMPORT_HEADER: &str = "nomis_id,register_name,welsh_name,establishment_types,gender,age_group,category_or_function,category_source,operator,public_or_private,town,county,postcode,country,region,region_source,govuk_page,status_note,operator_note,source";

fn import_row(nomis: &str, name: &str, town: &str) -> String {
    format!(
        "{nomis},{name},,HMP,men,adults,Cat B,register,HM Prison Service,public,{town},,LS12 2TJ,England,Yorkshire and the Humber,derived,https://www.gov.uk/guidance/{}-prison,,,register snapshot",
        nomis.to_lowercase()
    )
}

fn import(site: &Site, rows: &[String]) -> std::process::Output {
    let csv = site.dir.path().join("prisons.csv");
    let mut text = vec![IMPORT_HEADER.to_string()];
    text.extend(rows.iter().cloned());
    std::fs::write(&csv, text.join("\n") + "\n").unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_familyties"))
        .args(["--root", site.root().to_str().unwrap(), "import", "prisons"])
        .arg(&csv)
        .output()
        .unwrap()
}

#[test]
fn import_names_the_right_line_and_keeps_formulas_out() {
    let site = Site::new("valid-site");
    let out = import(
        &site,
        &[
            import_row("AAA", "Alpha", "Leeds"),
            import_row("", "Nobody", "Leeds"),
            import_row("CCC", "=HYPERLINK(\"http://x\")", "Leeds"),
            import_row("DDD", "Delta", "@SUM(A1)"),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The header is line 1, so the empty id is on line 3.
    assert!(
        stderr.contains("prisons.csv:3: `nomis_id` is empty"),
        "{stderr}"
    );
    assert!(stderr.contains("prisons.csv:4:"), "{stderr}");
    assert!(stderr.contains("prisons.csv:5:"), "{stderr}");
    assert!(stderr.contains("formula"), "{stderr}");
    let content = files_under(&site.path("content/prisons"));
    assert!(
        content
            .values()
            .all(|b| !b.windows(10).any(|w| w == b"=HYPERLINK")),
        "a formula was imported"
    );
    assert!(
        content.keys().all(|k| !k.contains("ddd")),
        "{:?}",
        content.keys()
    );
}

#[test]
fn import_line_numbers_are_right_in_windows_files() {
    let site = Site::new("valid-site");
    let csv = site.dir.path().join("prisons.csv");
    let rows = [
        IMPORT_HEADER.to_string(),
        import_row("AAA", "Alpha", "Leeds"),
        String::new(),
        "BBB,Beta,too,few".to_string(),
    ];
    std::fs::write(&csv, rows.join("\r\n") + "\r\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_familyties"))
        .args(["--root", site.root().to_str().unwrap(), "import", "prisons"])
        .arg(&csv)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("prisons.csv:4: this row has 4 fields"),
        "{stderr}"
    );
}

#[test]
fn only_safe_file_types_are_published_from_content() {
    let site = Site::new("valid-site");
    for name in [
        "feed.xht",
        "schema.xsd",
        "data.rdf",
        "news.atom",
        "map.kml",
        "_headers",
    ] {
        site.write(
            &format!("content/{name}"),
            "<x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script>",
        );
    }
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    for name in [
        "feed.xht",
        "schema.xsd",
        "data.rdf",
        "news.atom",
        "map.kml",
        "_headers",
    ] {
        assert!(
            run.stderr.contains(&format!("content/{name}")),
            "{name}: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("changes how the whole site is served"),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists());
}

#[test]
fn upper_case_markdown_is_a_page_not_a_copy() {
    let site = Site::new("valid-site");
    site.write(
        "content/guides/Loud.MD",
        &guide("", "Some text for the page.\n"),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(!site.out().join("guides/Loud.MD").exists(), "copied raw");
    let page = std::fs::read_to_string(site.out().join("guides/loud/index.html")).unwrap();
    assert!(page.contains("Hostile guide"));
    assert!(!page.contains("summary: A page made"));
}

#[test]
fn new_prison_with_a_very_long_name_says_what_to_do() {
    let site = Site::new("valid-site");
    let name = format!("HMP {}", "Long".repeat(125));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_familyties"))
        .args(["--root", site.root().to_str().unwrap(), "new", "prison"])
        .arg(&name)
        .args(["--region", "Wales"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("504 characters long"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert!(!stderr.contains("File name too long"), "{stderr}");
}

#[test]
fn a_bare_carriage_return_cannot_reach_the_calendar() {
    let site = Site::new("valid-site");
    site.edit("content/prisons/leeds/index.md", |t| {
        t.replacen(
            "notes: Arrive 45 minutes early",
            "notes: Arrive\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Fake 45 minutes early",
            1,
        )
    });
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(
        run.stderr.contains("content/prisons/leeds/index.md:40:20"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(U+000D) in `visiting_times`"),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists());
}

#[test]
fn a_build_killed_while_writing_leaves_a_whole_site_and_the_next_cleans_up() {
    let site = Site::new("valid-site");
    assert_eq!(site.build(&[]).code, 0);
    let before = files_under(&site.out());
    site.edit("content/index.md", |t| t + "\nA new line.\n");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_familyties"))
        .args(["--root", site.root().to_str().unwrap(), "build", "--out"])
        .arg(site.out())
        .args(["--date", common::DATE])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // SIGKILL as soon as the hidden staging folder appears, while the files are written.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while std::time::Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        if names_in(site.dir.path())
            .iter()
            .any(|n| n.starts_with(".public-building-"))
        {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let now = files_under(&site.out());
    assert!(now.contains_key("index.html"), "no site at the output");
    let after = site.build(&[]);
    assert_eq!(after.code, 0, "{after:#?}");
    let rebuilt = files_under(&site.out());
    assert!(
        now == before || now == rebuilt,
        "neither the old site nor the new one"
    );
    assert_eq!(names_in(site.dir.path()), ["public", "site"]);
}

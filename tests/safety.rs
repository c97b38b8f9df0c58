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

//! The shipped starter site in content/: it must build with no errors and no warnings, and
//! hold together as a family would use it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Builds the shipped site once for all the tests in this file.
fn site() -> &'static (PathBuf, String) {
    static SITE: OnceLock<(PathBuf, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = root.join("target").join("tmp").join("shipped-site");
        let _ = std::fs::remove_dir_all(&out);
        let output = Command::new(env!("CARGO_BIN_EXE_familyties"))
            // Every warning in full, so one of an unexpected kind cannot hide in the count.
            .args(["build", "--all", "--date", "2026-11-23", "--out"])
            .arg(&out)
            .arg("--root")
            .arg(root)
            .output()
            .expect("run familyties");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "build failed:\n{stderr}");
        (out, stderr)
    })
}

fn pages(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walk(dir) {
        if entry.extension().is_some_and(|e| e == "html") {
            let rel = entry
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read_to_string(&entry).unwrap());
        }
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else {
            files.push(p);
        }
    }
    files
}

fn prison_slugs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/prisons");
    let mut slugs: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    slugs.sort();
    slugs
}

/// Warnings the starter site is known to have, each a task for its editors rather than a
/// mistake: the example `base_url` they must set before publishing, sources whose date is
/// still being researched, and glossary entries still without sources.
const KNOWN_WARNINGS: [&str; 3] = [
    "is still the example address",
    "has no date",
    "this glossary entry lists no sources",
];

#[test]
fn builds_with_no_errors_and_only_known_warnings() {
    let (_, stderr) = site();
    assert!(!stderr.contains("error:"), "{stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    for w in &warnings {
        assert!(
            KNOWN_WARNINGS.iter().any(|k| w.contains(k)),
            "unexpected warning on the shipped site: {w}\n{stderr}"
        );
    }
    // The example address is reported once, on every build, until an editor sets it.
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.contains("is still the example address"))
            .count(),
        1,
        "{stderr}"
    );
}

#[test]
fn every_prison_in_the_register_has_a_page() {
    let (out, _) = site();
    let slugs = prison_slugs();
    assert_eq!(slugs.len(), 127, "one folder per row of prisons.csv");
    for slug in &slugs {
        assert!(
            out.join("prisons").join(slug).join("index.html").is_file(),
            "{slug}"
        );
        assert!(
            out.join("prisons")
                .join(slug)
                .join("checklist/index.html")
                .is_file(),
            "{slug}"
        );
    }
}

#[test]
fn every_prison_is_in_the_a_to_z_and_in_exactly_one_region() {
    let (out, _) = site();
    let all = pages(out);
    let az = &all["prisons/index.html"];
    let regions: Vec<&String> = all
        .iter()
        .filter(|(k, _)| k.starts_with("prisons/region/"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(regions.len(), 10);
    for slug in prison_slugs() {
        let href = format!("href=\"/prisons/{slug}/\"");
        assert!(az.contains(&href), "{slug} missing from the A-Z");
        let n = regions.iter().filter(|r| r.contains(&href)).count();
        assert_eq!(n, 1, "{slug} is in {n} region lists");
    }
}

#[test]
fn prison_pages_send_families_to_official_booking_and_id_guidance() {
    let (out, _) = site();
    for slug in prison_slugs() {
        let html =
            std::fs::read_to_string(out.join("prisons").join(&slug).join("index.html")).unwrap();
        // A closed prison, or one a dated official source says cannot be booked, says so.
        assert!(
            html.contains("https://www.gov.uk/prison-visits")
                || html.contains("This prison does not take bookings online.")
                || html.contains("You cannot book visits at this prison."),
            "{slug}: national booking"
        );
        assert!(
            html.contains("href=\"/guides/what-id-to-bring/\""),
            "{slug}: ID guidance"
        );
        let csv_row_has_page =
            !html.contains("We could not confirm") || html.contains("gov.uk/guidance/");
        assert!(
            csv_row_has_page || html.contains("Ask the person you are visiting"),
            "{slug}: somewhere to check"
        );
    }
    // No source says these can be booked online, so they get no button that says they can.
    for slug in ["oakhill", "parc-yoi"] {
        let html =
            std::fs::read_to_string(out.join("prisons").join(slug).join("index.html")).unwrap();
        assert!(!html.contains(">Book a visit online<"), "{slug}");
        assert!(
            html.contains("We have no source that says whether this prison takes bookings online."),
            "{slug}"
        );
    }
    // Every prison with an official page links to it.
    let with_page = prison_slugs()
        .into_iter()
        .filter(|s| {
            std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("content/prisons")
                    .join(s)
                    .join("index.md"),
            )
            .unwrap()
            .contains("official_page:")
        })
        .count();
    assert!(with_page >= 120, "{with_page}");
}

#[test]
fn evidence_pages_link_to_their_source() {
    let (out, _) = site();
    let all = pages(out);
    let evidence: Vec<_> = all
        .iter()
        .filter(|(k, _)| k.starts_with("evidence/") && *k != "evidence/index.html")
        .collect();
    assert!(evidence.len() >= 10);
    for (path, html) in evidence {
        assert!(html.contains("Read the original"), "{path}");
    }
}

#[test]
fn no_placeholder_or_unverified_words() {
    let (out, _) = site();
    for (path, html) in pages(out) {
        let lower = html.to_lowercase();
        for word in ["unverified", "todo", "lorem"] {
            assert!(!lower.contains(word), "{path} contains {word}");
        }
    }
}

#[test]
fn every_page_with_its_css_fits_in_14_kb_gzipped() {
    let (out, _) = site();
    let gz = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).unwrap();
        e.finish().unwrap().len()
    };
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let stylesheet = home
        .split("<link rel=\"stylesheet\" href=\"/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the home page links its stylesheet");
    let css = gz(&std::fs::read(out.join(stylesheet)).unwrap());
    let mut largest = (0, String::new());
    for (path, html) in pages(out) {
        let size = gz(html.as_bytes()) + css;
        if size > largest.0 {
            largest = (size, path.clone());
        }
        assert!(
            size <= 14 * 1024,
            "{path}: {size} bytes gzipped with its CSS"
        );
    }
    println!(
        "largest page: {} ({} bytes gzipped with CSS)",
        largest.1, largest.0
    );
}

#[test]
fn builds_are_byte_identical() {
    let (out, _) = site();
    let again = out.with_file_name("shipped-site-again");
    let status = Command::new(env!("CARGO_BIN_EXE_familyties"))
        .args(["build", "--date", "2026-11-23", "--out"])
        .arg(&again)
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(status.status.success());
    let a = walk(out);
    let b = walk(&again);
    assert_eq!(a.len(), b.len());
    for f in a {
        let rel = f.strip_prefix(out).unwrap();
        assert_eq!(
            std::fs::read(&f).unwrap(),
            std::fs::read(again.join(rel)).unwrap(),
            "{}",
            rel.display()
        );
    }
}

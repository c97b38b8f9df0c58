//! The shipped starter site in content/: it must build with no errors and no warnings, and
//! hold together as a family would use it.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{Page, attr, links};

/// Builds the shipped site once for all the tests in this file.
fn site() -> &'static (PathBuf, String) {
    static SITE: OnceLock<(PathBuf, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = root.join("target").join("tmp").join("shipped-site");
        let _ = std::fs::remove_dir_all(&out);
        let output = Command::new(env!("CARGO_BIN_EXE_familyties"))
            // Every warning in full, so one of an unexpected kind cannot hide in the count.
            .args(["build", "--all", "--date", "2026-12-02", "--out"])
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
    let az = links(&all["prisons/index.html"], "#az-list");
    let regions: Vec<Vec<String>> = all
        .iter()
        .filter(|(k, _)| k.starts_with("prisons/region/"))
        .map(|(_, v)| links(v, "main"))
        .collect();
    assert_eq!(regions.len(), 10);
    for slug in prison_slugs() {
        let href = format!("/prisons/{slug}/");
        assert!(az.contains(&href), "{slug} missing from the A-Z");
        let n = regions.iter().filter(|r| r.contains(&href)).count();
        assert_eq!(n, 1, "{slug} is in {n} region lists");
    }
}

#[test]
fn prison_pages_send_families_to_official_booking_and_id_guidance() {
    let (out, _) = site();
    let prison_page = |slug: &str| {
        Page::new(
            &std::fs::read_to_string(out.join("prisons").join(slug).join("index.html")).unwrap(),
        )
    };
    for slug in prison_slugs() {
        let page = prison_page(&slug);
        let (text, links) = (page.text("main"), page.links("main"));
        let has = |url: &str| links.iter().any(|l| l == url);
        // A closed prison, or one a dated official source says cannot be booked, says so.
        assert!(
            has("https://www.gov.uk/prison-visits")
                || text.contains("This prison does not take bookings online.")
                || text.contains("You cannot book visits at this prison."),
            "{slug}: national booking"
        );
        assert!(has("/guides/what-id-to-bring/"), "{slug}: ID guidance");
        let csv_row_has_page = !text.contains("We could not confirm")
            || links
                .iter()
                .any(|l| l.starts_with("https://www.gov.uk/guidance/"));
        assert!(
            csv_row_has_page || text.contains("Ask the person you are visiting"),
            "{slug}: somewhere to check"
        );
    }
    // No source says these can be booked online, so they get no button that says they can.
    for slug in ["oakhill", "parc-yoi"] {
        let page = prison_page(slug);
        assert!(
            !page
                .select("main a")
                .iter()
                .any(|a| a == "Book a visit online"),
            "{slug}"
        );
        assert!(
            page.text("#book-a-visit")
                .contains("We have no source that says whether this prison takes bookings online."),
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
        let page = Page::new(html);
        assert_eq!(
            page.select("main h2[id=read-the-original]"),
            ["Read the original"],
            "{path}"
        );
        // The heading is followed by the link to the source itself.
        let source = page.links("main h2[id=read-the-original] + p");
        assert!(
            source.iter().any(|l| l.starts_with("https://")),
            "{path}: no link to the original after its heading: {source:?}"
        );
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
    let sheets = attr(&home, "link[rel=stylesheet]", "href");
    let stylesheet = sheets
        .first()
        .and_then(|h| h.strip_prefix('/'))
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
        .args(["build", "--date", "2026-12-02", "--out"])
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

/// The text a reader meets in `html` outside elements marked `lang="en"` (and outside
/// scripts, styles and the title): what must be Welsh on a Welsh page.
fn welsh_text(html: &str) -> String {
    fn walk(element: scraper::ElementRef, out: &mut String) {
        for child in element.children() {
            if let Some(text) = child.value().as_text() {
                out.push_str(text);
                out.push(' ');
            } else if let Some(inner) = scraper::ElementRef::wrap(child) {
                let e = inner.value();
                let hidden = e.attr("lang") == Some("en")
                    || matches!(e.name(), "script" | "style" | "title");
                if !hidden {
                    walk(inner, out);
                }
            }
        }
    }
    let doc = scraper::Html::parse_document(html);
    let mut out = String::new();
    walk(doc.root_element(), &mut out);
    out
}

#[test]
fn every_page_has_a_welsh_twin_and_every_welsh_page_an_english_one() {
    let (out, _) = site();
    let all = pages(out);
    for path in all.keys() {
        // The editors' to-do list is for editors, who work in English.
        if path == "404.html" || path.starts_with("cy/") || path.starts_with("editors/status/") {
            continue;
        }
        let twin = format!("cy/{path}");
        assert!(all.contains_key(&twin), "{path} has no Welsh twin");
        let welsh = Page::new(&all[&twin]);
        assert_eq!(welsh.attr("html", "lang"), ["cy"], "{twin}");
        let url = format!("/{}", path.trim_end_matches("index.html"));
        assert_eq!(
            welsh.attr("a[hreflang=en]", "href"),
            [url.as_str()],
            "{twin} does not switch to {url}"
        );
        assert_eq!(
            attr(&all[path], "a[hreflang=cy]", "href"),
            [format!("/cy{url}")],
            "{path} does not switch to its Welsh twin"
        );
    }
    for path in all.keys().filter(|p| p.starts_with("cy/")) {
        let english = &path["cy/".len()..];
        assert!(all.contains_key(english), "{path} has no English page");
    }
}

#[test]
fn welsh_pages_meet_no_english_theme_words_or_month_and_day_names() {
    let (out, _) = site();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    let read = |f: &str| -> BTreeMap<String, String> {
        serde_yaml::from_str(&std::fs::read_to_string(root.join(f)).unwrap()).unwrap()
    };
    let (en, cy) = (read("en.yaml"), read("cy.yaml"));
    // Phrases of two words or more, with their `{…}` places cut out: a single English word
    // may also be a name ("Parc").
    let mut phrases: Vec<String> = Vec::new();
    for (key, english) in &en {
        if cy.get(key) == Some(english) {
            continue;
        }
        for part in english.split(['{', '}']).step_by(2) {
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            if part.split_whitespace().count() >= 2 {
                phrases.push(part.to_string());
            }
        }
    }
    let days = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    // A month counts beside a number ("1 March", "March 2026"): March is also a town.
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut problems = Vec::new();
    for (path, html) in pages(out).iter().filter(|(p, _)| p.starts_with("cy/")) {
        let text = welsh_text(html);
        for phrase in &phrases {
            if text.contains(phrase.as_str()) {
                problems.push(format!("{path}: \"{phrase}\""));
            }
        }
        let words: Vec<&str> = text
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        let number = |w: Option<&&str>| w.is_some_and(|w| w.parse::<u32>().is_ok());
        for (i, word) in words.iter().enumerate() {
            let dated =
                number(words.get(i + 1)) || number(i.checked_sub(1).and_then(|i| words.get(i)));
            if days.contains(word) || (months.contains(word) && dated) {
                problems.push(format!("{path}: {word}"));
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} English words on Welsh pages, e.g.:\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_welsh_prison_page_and_checklist_read_in_welsh() {
    let (out, _) = site();
    let page =
        Page::new(&std::fs::read_to_string(out.join("cy/prisons/cardiff/index.html")).unwrap());
    let h1 = page.select("main h1");
    assert!(
        h1.len() == 1 && h1[0].starts_with("Carchar Caerdydd"),
        "named in Welsh: {h1:?}"
    );
    let days = page.select("main dl.times dt");
    let times = page.select("main dl.times dd");
    let saturday = days.iter().position(|d| d == "Dydd Sadwrn");
    assert_eq!(
        saturday.map(|i| times[i].as_str()),
        Some("9:30yb i 11yb, 2yp i 3:30yp"),
        "{days:?} {times:?}"
    );
    assert!(
        page.anchors("main a")
            .contains(&("/cy/prisons/region/wales/".to_string(), "Cymru".to_string()))
    );
    assert!(page.text("main").contains("28 Gorffennaf 2026"));
    assert!(
        page.links("main")
            .contains(&"/cy/prisons/cardiff/checklist/".to_string())
    );
    let checklist = Page::new(
        &std::fs::read_to_string(out.join("cy/prisons/cardiff/checklist/index.html")).unwrap(),
    );
    assert_eq!(
        checklist.select("main h1"),
        ["Rhestr wirio ymweliad: Carchar Caerdydd"]
    );
    let address = checklist.inner("main p.address");
    assert!(
        address.len() == 1 && address[0].ends_with("Knox Road<br>Caerdydd<br>CF24 0UG"),
        "one line each: {address:?}"
    );
    // The Welsh find-a-prison leads to Welsh pages and knows both names.
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("cy/search-index.json")).unwrap())
            .unwrap();
    let cardiff = index
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["url"] == "/cy/prisons/cardiff/")
        .expect("Cardiff in the Welsh index");
    assert_eq!(cardiff["name"], "Carchar Caerdydd");
    assert_eq!(cardiff["name_cy"], "HMP & YOI Cardiff");
}

#[test]
fn english_text_on_a_welsh_page_is_marked_and_said_to_be_untranslated() {
    let (out, _) = site();
    let about = Page::new(&std::fs::read_to_string(out.join("cy/about/index.html")).unwrap());
    // In the order a reader meets them: the Welsh line first, then the English text.
    let parts = about.select("main p.untranslated, main div[lang=en]");
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert!(
        parts[0].starts_with("Nid yw'r dudalen hon"),
        "a Welsh line says the page is not translated: {parts:?}"
    );
    assert_eq!(
        about.select("main div[lang=en]"),
        [parts[1].clone()],
        "the text is marked English"
    );
}

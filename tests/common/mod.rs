//! Helpers for the integration tests: copy a fixture site (plus the shipped theme) into a
//! temporary folder, run the real `familyties` binary on it and read what it wrote.
//!
//! ```ignore
//! let built = build("valid-site");
//! assert_eq!(built.code, 0);
//! let html = read(&built, "prisons/leeds/index.html");
//! ```
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The date every build is for unless a test says otherwise, so notices and review ages
/// do not depend on when the tests run.
pub const DATE: &str = "2026-11-23";

pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture_dir(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// The names of the fixtures under `tests/fixtures/invalid/`.
pub fn invalid_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture_dir("invalid"))
        .expect("tests/fixtures/invalid exists")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A temporary copy of a fixture: `<tmp>/site/` (the fixture with `themes/default`
/// copied in from the repository) and `<tmp>/public/` (where builds go).
pub struct Site {
    pub dir: TempDir,
}

impl Site {
    /// Copies `tests/fixtures/<fixture>` (e.g. `valid-site` or `invalid/bad-time`).
    pub fn new(fixture: &str) -> Site {
        let dir = tempfile::Builder::new()
            .prefix("familyties-test-")
            .tempdir()
            .expect("make a temporary folder");
        let root = dir.path().join("site");
        copy_dir(&fixture_dir(fixture), &root);
        copy_dir(
            &repo_root().join("themes/default"),
            &root.join("themes/default"),
        );
        Site { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// A file of the site copy, relative to its root (`content/...` or `themes/...`).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Rewrites a file of the site copy.
    pub fn edit(&self, rel: &str, change: impl FnOnce(String) -> String) {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        std::fs::write(path, change(text)).unwrap();
    }

    /// `familyties build --root <site> --out <tmp>/public --date DATE`, plus `args`
    /// (a later `--date` wins).
    pub fn build(&self, args: &[&str]) -> Run {
        self.build_into(&self.out(), args)
    }

    pub fn build_into(&self, out: &Path, args: &[&str]) -> Run {
        let mut all = vec!["build", "--out", out.to_str().unwrap()];
        all.extend(with_date(args));
        self.run(&all)
    }

    /// `familyties check --root <site> --date DATE`, plus `args`.
    pub fn check(&self, args: &[&str]) -> Run {
        let mut all = vec!["check"];
        all.extend(with_date(args));
        self.run(&all)
    }

    /// `check --format json`, parsed: one object per problem.
    pub fn check_json(&self, args: &[&str]) -> (Run, Vec<serde_json::Value>) {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let run = self.check(&all);
        let value: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}):\n{run:#?}"));
        let list = value.as_array().expect("a JSON array").clone();
        (run, list)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_familyties"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("FAMILYTIES_DATE")
            .env_remove("CI")
            .output()
            .expect("run familyties");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

fn with_date<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = Vec::new();
    if !args.contains(&"--date") {
        all.extend(["--date", DATE]);
    }
    all.extend_from_slice(args);
    all
}

/// A site that has been built once.
pub struct Built {
    pub site: Site,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Built {
    pub fn out(&self) -> PathBuf {
        self.site.out()
    }

    /// Every file of the output, path (with `/`) → bytes.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        files_under(&self.out())
    }

    /// Every `.html` file of the output, path → text.
    pub fn html_files(&self) -> BTreeMap<String, String> {
        self.files()
            .into_iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p, String::from_utf8(b).expect("HTML is UTF-8")))
            .collect()
    }
}

/// Builds a fixture for [`DATE`] and checks nothing: the test decides what success means.
pub fn build(fixture: &str) -> Built {
    build_with(fixture, &[])
}

pub fn build_with(fixture: &str, args: &[&str]) -> Built {
    let site = Site::new(fixture);
    let run = site.build(args);
    Built {
        site,
        code: run.code,
        stdout: run.stdout,
        stderr: run.stderr,
    }
}

/// Builds a fixture that must build; panics with the binary's output otherwise.
pub fn build_ok(fixture: &str, args: &[&str]) -> Built {
    let built = build_with(fixture, args);
    assert_eq!(
        built.code, 0,
        "building {fixture} failed:\n{}{}",
        built.stdout, built.stderr
    );
    built
}

/// A file of the built site, as text.
pub fn read(built: &Built, path: &str) -> String {
    let full = built.out().join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| {
        let list: Vec<String> = built.files().into_keys().collect();
        panic!("cannot read {path} from the built site ({e}); it has:\n{list:#?}")
    })
}

/// `familyties check` on a fixture.
pub fn check(fixture: &str, args: &[&str]) -> Run {
    Site::new(fixture).check(args)
}

/// `familyties check --format json` on a fixture: the problems it reports.
pub fn check_json(fixture: &str) -> Vec<serde_json::Value> {
    Site::new(fixture).check_json(&[]).1
}

pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    collect(dir, dir, &mut out);
    out
}

fn collect(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(base, &path, out);
        } else {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(&path).unwrap());
        }
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

// ---- Reading HTML through a parser ----
//
// Assertions about a page's structure (an element's text, an attribute, where a link goes)
// go through scraper, so they hold however the markup is spaced or its attributes ordered,
// and fail when the element itself is missing.

/// A parsed page, for several questions about one page without parsing it again.
pub struct Page(scraper::Html);

impl Page {
    pub fn new(html: &str) -> Page {
        Page(scraper::Html::parse_document(html))
    }

    fn matches<'a>(&'a self, css: &str) -> impl Iterator<Item = scraper::ElementRef<'a>> {
        let selector = scraper::Selector::parse(css)
            .unwrap_or_else(|e| panic!("{css:?} is not a CSS selector: {e}"));
        self.0.select(&selector).collect::<Vec<_>>().into_iter()
    }

    /// The text of each element `css` matches, entities decoded and white space runs made
    /// one space.
    pub fn select(&self, css: &str) -> Vec<String> {
        self.matches(css).map(|e| normalise(e.text())).collect()
    }

    /// The text of every element `css` matches, as one string (empty when none does).
    pub fn text(&self, css: &str) -> String {
        self.select(css).join(" ")
    }

    /// Attribute `name` of each element `css` matches that has it.
    pub fn attr(&self, css: &str, name: &str) -> Vec<String> {
        self.matches(css)
            .filter_map(|e| e.value().attr(name).map(str::to_string))
            .collect()
    }

    /// Where the links inside the elements `css` matches go, in order.
    pub fn links(&self, css: &str) -> Vec<String> {
        self.matches(css)
            .flat_map(|e| {
                let inside = scraper::Selector::parse("a[href]").unwrap();
                e.select(&inside)
                    .filter_map(|a| a.value().attr("href").map(str::to_string))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The inner HTML of each element `css` matches, as the parser writes it back.
    pub fn inner(&self, css: &str) -> Vec<String> {
        self.matches(css).map(|e| e.inner_html()).collect()
    }

    /// The `(href, text)` of each link `css` matches.
    pub fn anchors(&self, css: &str) -> Vec<(String, String)> {
        self.matches(css)
            .filter_map(|e| Some((e.value().attr("href")?.to_string(), normalise(e.text()))))
            .collect()
    }

    pub fn count(&self, css: &str) -> usize {
        self.matches(css).count()
    }

    pub fn has(&self, css: &str) -> bool {
        self.count(css) > 0
    }
}

fn normalise<'a>(text: impl Iterator<Item = &'a str>) -> String {
    text.collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`Page::select`] on `html`: `select(html, "main h1")` is the page's heading.
pub fn select(html: &str, css: &str) -> Vec<String> {
    Page::new(html).select(css)
}

/// [`Page::attr`] on `html`.
pub fn attr(html: &str, css: &str, name: &str) -> Vec<String> {
    Page::new(html).attr(css, name)
}

/// [`Page::links`] on `html`.
pub fn links(html: &str, css: &str) -> Vec<String> {
    Page::new(html).links(css)
}

// ---- Reading HTML without a parser, for the byte-level checks other tests make (and
// for raw text such as `_redirects`) ----

/// The text between `<main` and `</main>`, where a page's own content is.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("the page has a <main>");
    let end = html[start..].find("</main>").expect("</main>") + start;
    &html[start..end]
}

/// Values of every `attr="..."` in `html`, in order.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let end = after.find('"').expect("attribute is closed");
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

pub fn hrefs(html: &str) -> Vec<&str> {
    attr_values(html, "href")
}

/// The prisons a list page links to (`/prisons/<slug>/` links in its `<main>`), in order.
pub fn prison_links(html: &str) -> Vec<String> {
    links(html, "main")
        .into_iter()
        .filter_map(|h| {
            h.strip_prefix("/prisons/")?
                .strip_suffix('/')
                .map(str::to_string)
        })
        .filter(|slug| !slug.is_empty() && !slug.contains('/'))
        .collect()
}

/// How many times `needle` occurs in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

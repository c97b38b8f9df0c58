//! Hostile and broken input, through the real binary: whatever an editor (or an attacker
//! with commit access) puts in `content/`, `familyties check` and `familyties build` must
//! finish quickly with a clear message naming the file, never panic (exit code 101), never
//! write outside the output folder and never put script into a family's browser.
//!
//! Each test builds its own small site in a temporary folder: a copy of the repository's
//! `themes/default`, a minimal `content/site.yaml` and `content/index.md`, and the file under
//! test. The end of the file replays the fuzzers' crash inputs (`tests/regressions/`).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

#[path = "../fuzz/harness.rs"]
mod harness;

const DATE: &str = "2026-11-23";

/// No run of the binary on these small sites may take longer (a debug build on a busy
/// machine takes a few seconds; a hang or an exponential blow-up takes forever).
const TIME_LIMIT: Duration = Duration::from_secs(90);

/// Address space for the runs that feed YAML bombs: far above what a build needs, far
/// below what expanding a billion-laughs document would take.
const MEMORY_LIMIT_KB: u64 = 4 * 1024 * 1024;

const SITE_YAML: &str = "title: Family Ties\nbase_url: https://familyties.test\n";
const INDEX_MD: &str = "---\ntitle: Visiting someone in prison\n---\nStart here.\n";

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One run of the binary.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Run {
    /// The problems `check --format json` printed.
    fn problems(&self) -> Vec<serde_json::Value> {
        let value: serde_json::Value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}):\n{self:#?}"));
        value.as_array().expect("a JSON array").clone()
    }
}

/// A problem of `problems` in `file` whose message contains `words`.
fn find(problems: &[serde_json::Value], file: &str, words: &str) -> serde_json::Value {
    problems
        .iter()
        .find(|p| {
            p["file"].as_str() == Some(file)
                && p["message"].as_str().is_some_and(|m| m.contains(words))
        })
        .cloned()
        .unwrap_or_else(|| panic!("no problem in {file} saying {words:?}; got:\n{problems:#?}"))
}

/// A temporary site: `<tmp>/site/` and `<tmp>/public/`.
struct Site {
    dir: TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::Builder::new()
            .prefix("familyties-hostile-")
            .tempdir()
            .expect("make a temporary folder");
        let site = Site { dir };
        harness::copy_dir(
            &repo_root().join("themes/default"),
            &site.path("themes/default"),
        );
        site.write("content/site.yaml", SITE_YAML);
        site.write("content/index.md", INDEX_MD);
        site
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("make the folder");
        std::fs::write(path, bytes).expect("write the file");
    }

    /// `familyties check --root <site> --format json --date DATE`.
    fn check(&self) -> Run {
        self.run(&["check", "--format", "json", "--date", DATE], None)
    }

    /// `familyties check --root <site> --date DATE`: the messages as an editor reads them.
    fn check_human(&self) -> Run {
        self.run(&["check", "--date", DATE], None)
    }

    /// The same as `check`, with the address space limited to `MEMORY_LIMIT_KB`.
    fn check_limited(&self) -> Run {
        self.run(
            &["check", "--format", "json", "--date", DATE],
            Some(MEMORY_LIMIT_KB),
        )
    }

    /// `familyties build --root <site> --out <tmp>/public --date DATE`.
    /// When it succeeds, every page it wrote is checked for script that is not the theme's
    /// (the same check the `site_build` fuzzer makes).
    fn build(&self) -> Run {
        let out = self.out();
        let run = self.run(
            &[
                "build",
                "--out",
                out.to_str().expect("a UTF-8 path"),
                "--date",
                DATE,
            ],
            None,
        );
        if run.code == 0 {
            for (path, bytes) in self.built_files() {
                if path.ends_with(".html") {
                    harness::assert_safe_page(
                        &path,
                        &String::from_utf8(bytes).expect("UTF-8 pages"),
                    );
                }
            }
        }
        run
    }

    /// Runs the binary, killing it after `TIME_LIMIT`; panics on a panic (exit code 101),
    /// a signal or any exit code but 0 and 1.
    fn run(&self, args: &[&str], memory_kb: Option<u64>) -> Run {
        let exe = env!("CARGO_BIN_EXE_familyties");
        let mut command = match memory_kb {
            Some(kb) => {
                let mut c = Command::new("/bin/sh");
                c.arg("-c")
                    .arg(format!("ulimit -v {kb} && exec \"$0\" \"$@\""))
                    .arg(exe);
                c
            }
            None => Command::new(exe),
        };
        command
            .arg("--root")
            .arg(self.root())
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("FAMILYTIES_DATE")
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let started = Instant::now();
        let mut child = command.spawn().expect("start familyties");
        let mut out_pipe = child.stdout.take().expect("stdout");
        let mut err_pipe = child.stderr.take().expect("stderr");
        let out_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = out_pipe.read_to_end(&mut buf);
            buf
        });
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err_pipe.read_to_end(&mut buf);
            buf
        });
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for familyties") {
                break status;
            }
            if started.elapsed() > TIME_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("familyties {args:?} did not finish within {TIME_LIMIT:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let took = started.elapsed();
        let run = Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out_reader.join().expect("stdout reader"))
                .into_owned(),
            stderr: String::from_utf8_lossy(&err_reader.join().expect("stderr reader"))
                .into_owned(),
            took,
        };
        assert_ne!(run.code, 101, "familyties panicked:\n{run:#?}");
        assert!(
            matches!(run.code, 0 | 1),
            "familyties {args:?} ended with {status}:\n{run:#?}"
        );
        run
    }

    /// Every file of the last build: path with `/` → bytes.
    fn built_files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        collect(&self.out(), &self.out(), &mut files);
        files
    }

    /// The text of a built file.
    fn built(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel))
            .unwrap_or_else(|e| panic!("{rel} was not built: {e}"))
    }
}

fn collect(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("read the output") {
        let entry = entry.expect("an entry");
        let path = entry.path();
        if entry.file_type().expect("a file type").is_dir() {
            collect(base, &path, out);
        } else {
            let rel = path
                .strip_prefix(base)
                .expect("under the output")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(&path).expect("read a built file"));
        }
    }
}

/// A guide that builds, with `title` and `summary` as given (already YAML-quoted).
fn guide(title: &str, summary: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: {summary}\nlast_reviewed: {DATE}\nsources:\n  - title: Visit someone in prison (GOV.UK)\n    url: https://www.gov.uk/prison-visits\n---\n{body}"
    )
}

/// A prison guide that builds, with `extra` front matter lines.
fn prison(name: &str, extra: &str) -> String {
    format!(
        "---\nname: {name}\nregion: Yorkshire and the Humber\n{extra}last_reviewed: {DATE}\nsources:\n  - id: gov-uk\n    title: GOV.UK\n    url: https://www.gov.uk/guidance/leeds-prison\n    date: 2026-11-01\n---\nVisits are in the afternoon.\n"
    )
}

#[test]
fn empty_file() {
    let site = Site::new();
    site.write("content/guides/empty.md", "");
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let p = find(
        &run.problems(),
        "content/guides/empty.md",
        "this file is empty",
    );
    assert_eq!(p["severity"], "error");
    assert!(p["help"].as_str().unwrap().contains("---"), "{p}");
    let run = site.check_human();
    assert!(run.stderr.contains("error: this file is empty"), "{run:#?}");
    assert!(run.stderr.contains("content/guides/empty.md"), "{run:#?}");
    assert_eq!(site.build().code, 1);
}

#[test]
fn front_matter_never_closed() {
    let site = Site::new();
    site.write(
        "content/guides/first-visit.md",
        "---\ntitle: Your first visit\nsummary: What happens.\n\n# Your first visit\n\nBring ID.\n",
    );
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let p = find(
        &run.problems(),
        "content/guides/first-visit.md",
        "the front matter is never closed",
    );
    assert_eq!(p["line"], 1, "{p}");
    assert_eq!(site.build().code, 1);
}

#[test]
fn front_matter_only_is_a_valid_page() {
    let site = Site::new();
    // No body, with and without the last newline.
    site.write("content/about.md", "---\ntitle: About this site\n---");
    site.write(
        "content/guides/first-visit.md",
        guide("Your first visit", "What happens.", ""),
    );
    let run = site.check();
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        run.problems().iter().all(|p| p["severity"] != "error"),
        "{run:#?}"
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(site.built("about/index.html").contains("About this site"));
    assert!(
        site.built("guides/first-visit/index.html")
            .contains("Your first visit")
    );
}

#[test]
fn byte_order_mark_is_ignored() {
    let site = Site::new();
    site.write(
        "content/guides/first-visit.md",
        format!(
            "\u{feff}{}",
            guide("Your first visit", "What happens.", "Bring ID.\n")
        ),
    );
    let run = site.check();
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(site.build().code, 0);
    let html = site.built("guides/first-visit/index.html");
    assert!(
        html.contains("Your first visit") && !html.contains('\u{feff}'),
        "{html}"
    );
}

#[test]
fn crlf_line_endings_build_and_errors_point_at_the_right_line() {
    let site = Site::new();
    let good = guide(
        "Your first visit",
        "What happens.",
        "## What to bring\n\nBring ID.\n",
    )
    .replace('\n', "\r\n");
    site.write("content/guides/first-visit.md", &good);
    assert_eq!(site.check().code, 0);
    assert_eq!(site.build().code, 0);
    let html = site.built("guides/first-visit/index.html");
    assert!(html.contains("id=\"what-to-bring\""), "{html}");
    assert!(!html.contains('\r'), "a carriage return reached the page");

    // A bad date on line 4, and in another file a misspelt field on line 3.
    site.write(
        "content/guides/what-id-to-bring.md",
        "---\r\ntitle: What ID to bring\r\nsummary: The ID you need.\r\nlast_reviewed: 2026-13-45\r\n---\r\nText.\r\n",
    );
    site.write(
        "content/guides/travel.md",
        "---\r\ntitle: Travel\r\nsumary: Getting there.\r\n---\r\nText.\r\n",
    );
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let problems = run.problems();
    let p = find(
        &problems,
        "content/guides/what-id-to-bring.md",
        "`2026-13-45` is not a real date",
    );
    assert_eq!(p["line"], 4, "{p}");
    let p = find(
        &problems,
        "content/guides/travel.md",
        "unknown field `sumary`",
    );
    assert_eq!(
        (p["line"].as_u64(), p["column"].as_u64()),
        (Some(3), Some(1)),
        "{p}"
    );
    for p in &problems {
        assert!(!p["message"].as_str().unwrap().contains('\r'), "{p}");
    }
}

#[test]
fn non_utf8_bytes() {
    let site = Site::new();
    // "café" in Latin-1, on line 3.
    site.write(
        "content/guides/cafe.md",
        b"---\ntitle: Visits\nsummary: The caf\xe9 is open.\n---\nText.\n".as_slice(),
    );
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let p = find(
        &run.problems(),
        "content/guides/cafe.md",
        "not saved as UTF-8",
    );
    assert_eq!(
        (p["line"].as_u64(), p["column"].as_u64()),
        (Some(3), Some(17)),
        "{p}"
    );
    assert_eq!(site.build().code, 1);
}

#[test]
fn fifty_megabyte_file() {
    let site = Site::new();
    let mut big = guide("Big", "Big.", "").into_bytes();
    big.resize(50 * 1024 * 1024, b'a');
    site.write("content/guides/big.md", &big);
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let p = find(
        &run.problems(),
        "content/guides/big.md",
        "this file is 50 MB",
    );
    assert!(
        p["message"].as_str().unwrap().contains("at most 5 MB"),
        "{p}"
    );
    // Refused from its size, without reading it.
    assert!(run.took < Duration::from_secs(30), "{run:#?}");
    assert_eq!(site.build().code, 1);
}

#[test]
fn binary_file_with_an_md_name() {
    let site = Site::new();
    let mut png =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    png.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    site.write("content/guides/photo.md", &png);
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    find(
        &run.problems(),
        "content/guides/photo.md",
        "not a text file",
    );
    assert_eq!(site.build().code, 1);
}

#[test]
fn billion_laughs_is_refused_quickly_with_bounded_memory() {
    let site = Site::new();
    let mut yaml = String::from("---\n");
    yaml.push_str(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in "abcdefghi".chars().zip("bcdefghij".chars()) {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    site.write(
        "content/guides/laughs.md",
        format!("{yaml}title: x\nsummary: x\n---\nText.\n"),
    );
    // The anchors inside a field the page has, and the bomb used by another.
    let mut in_field = String::from(
        "---\nsources:\n  - &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in "abcdefghi".chars().zip("bcdefghij".chars()) {
        in_field.push_str(&format!(
            "  - &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    site.write(
        "content/guides/laughs-in-a-field.md",
        format!("{in_field}title: *j\nsummary: *j\n---\nText.\n"),
    );
    let prison_bomb = yaml
        .replacen("---\n", "---\nname: HMP Laughs\nregion: Wales\n", 1)
        .replace("a: &a", "other_names: &a");
    site.write(
        "content/prisons/laughs/index.md",
        format!("{prison_bomb}sources: *j\n---\n"),
    );
    let run = site.check_limited();
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.took < Duration::from_secs(30), "{run:#?}");
    let problems = run.problems();
    for file in [
        "content/guides/laughs.md",
        "content/guides/laughs-in-a-field.md",
        "content/prisons/laughs/index.md",
    ] {
        let p = find(&problems, file, "");
        assert_eq!(p["severity"], "error", "{p}");
    }
}

#[test]
fn deeply_nested_yaml() {
    let site = Site::new();
    let depth = 10_000;
    let seqs = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let maps = format!("{}x{}", "{a: ".repeat(depth), "}".repeat(depth));
    site.write(
        "content/guides/nested.md",
        format!("---\ntitle: {seqs}\nsummary: x\n---\n"),
    );
    site.write(
        "content/guides/nested-maps.md",
        format!("---\ntitle: x\nsummary: x\nsources: {maps}\n---\n"),
    );
    site.write(
        "content/prisons/nested/index.md",
        format!("---\nname: x\nregion: Wales\nsources: [{seqs}]\n---\n"),
    );
    // Nested Markdown too: block quotes and lists 10,000 deep.
    site.write(
        "content/guides/nested-markdown.md",
        guide(
            "Nested",
            "Nested.",
            &format!("{}x\n\n{}y\n", "> ".repeat(depth), "- ".repeat(depth)),
        ),
    );
    let run = site.check_limited();
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.took < Duration::from_secs(30), "{run:#?}");
    let problems = run.problems();
    for file in [
        "content/guides/nested.md",
        "content/guides/nested-maps.md",
        "content/prisons/nested/index.md",
    ] {
        let p = find(&problems, file, "");
        assert_eq!(p["severity"], "error", "{p}");
    }
    assert!(
        !problems
            .iter()
            .any(|p| p["file"] == "content/guides/nested-markdown.md" && p["severity"] == "error"),
        "{problems:#?}"
    );
}

#[test]
fn many_headings_with_the_same_name() {
    // Each heading took one more try than the last to find a free anchor: quadratic.
    let site = Site::new();
    let body = "## Visiting times\n\nText.\n\n".repeat(50_000);
    site.write(
        "content/guides/first-visit.md",
        guide("Your first visit", "What happens.", &body),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(run.took < Duration::from_secs(60), "{run:#?}");
    let html = site.built("guides/first-visit/index.html");
    assert!(
        html.contains("id=\"visiting-times-49999\""),
        "the last heading has its own anchor"
    );
}

#[test]
fn thousands_of_broken_links() {
    // Every broken link was looked up with a suggestion from every heading of the page,
    // and placed by counting lines from the start of the file: quadratic twice over.
    let site = Site::new();
    let headings: String = (0..20_000).map(|i| format!("## Part {i}\n\n")).collect();
    let links = "[back](#nowhere) [gone](missing.md)\n\n".repeat(20_000);
    site.write(
        "content/guides/first-visit.md",
        guide(
            "Your first visit",
            "What happens.",
            &format!("{headings}{links}"),
        ),
    );
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    assert!(run.took < Duration::from_secs(60), "{run:#?}");
    let problems = run.problems();
    let file = "content/guides/first-visit.md";
    let shown = problems
        .iter()
        .filter(|p| p["file"] == file && p["severity"] == "error")
        .count();
    assert_eq!(shown, 101, "errors shown for one page");
    let p = find(&problems, file, "has no heading with the anchor `#nowhere`");
    assert_eq!(p["line"], 40_009, "{p}");
    find(
        &problems,
        file,
        "this page has more than 100 problems; the rest are not shown",
    );
}

#[test]
fn symlink_loop_in_content() {
    let site = Site::new();
    site.write(
        "content/guides/first-visit.md",
        guide("Your first visit", "What happens.", "Bring ID.\n"),
    );
    std::os::unix::fs::symlink("..", site.path("content/guides/loop")).unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("content/content")).unwrap();
    std::os::unix::fs::symlink("self.md", site.path("content/guides/self.md")).unwrap();
    // A link that would read a file outside the site.
    std::os::unix::fs::symlink("/etc/passwd", site.path("content/passwd.md")).unwrap();
    let run = site.check();
    assert_eq!(run.code, 0, "{run:#?}");
    let problems = run.problems();
    for file in [
        "content/guides/loop",
        "content/content",
        "content/guides/self.md",
        "content/passwd.md",
    ] {
        let p = find(&problems, file, "symbolic links are not followed");
        assert_eq!(p["severity"], "warning", "{p}");
    }
    let run = site.build();
    assert_eq!(run.code, 0, "{run:#?}");
    let files = site.built_files();
    assert!(files.contains_key("guides/first-visit/index.html"));
    assert!(
        !files
            .keys()
            .any(|f| f.contains("passwd") || f.contains("loop")),
        "{:?}",
        files.keys()
    );
    assert!(
        !files
            .values()
            .any(|b| b.windows(9).any(|w| w == b"root:x:0:")),
        "/etc/passwd leaked"
    );
}

#[test]
fn files_in_content_that_would_run_script_or_replace_a_page() {
    let site = Site::new();
    site.write(
        "content/guides/first-visit.md",
        guide("Your first visit", "What happens.", "Bring ID.\n"),
    );
    site.write("content/index.html", "<script>alert(1)</script>");
    site.write(
        "content/maps/leeds.SVG",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
    );
    site.write(
        "content/guides/first-visit/index.htm",
        "<script>alert(1)</script>",
    );
    site.write("content/leaflets/visiting.pdf", "%PDF-1.4\n");
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let problems = run.problems();
    find(
        &problems,
        "content/index.html",
        "`.html` files cannot be published from content/",
    );
    find(
        &problems,
        "content/maps/leeds.SVG",
        "`.svg` files cannot be published from content/",
    );
    find(
        &problems,
        "content/guides/first-visit/index.htm",
        "`.htm` files cannot be published",
    );
    assert!(
        !problems
            .iter()
            .any(|p| p["file"] == "content/leaflets/visiting.pdf"),
        "{problems:#?}"
    );
    assert_eq!(site.build().code, 1);
    assert!(!site.out().exists(), "a failed build wrote a site");

    // A file (or an old address) that takes the path of something the build makes.
    let site = Site::new();
    site.write("content/robots.txt", "User-agent: *\nDisallow: /\n");
    site.write("content/search.md", "---\ntitle: My own search page\n---\n");
    site.write(
        "content/prisons/leeds/index.md",
        prison("HMP Leeds", "aliases: [/prisons.json/]\n"),
    );
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let problems = run.problems();
    find(
        &problems,
        "content/robots.txt",
        "two files would be published at /robots.txt",
    );
    let messages: Vec<&str> = problems
        .iter()
        .filter_map(|p| p["message"].as_str())
        .collect();
    find(
        &problems,
        "content/search.md",
        "two files would be published at /search/index.html",
    );
    assert!(
        messages.contains(
            &"/prisons.json would be both a file and the folder of /prisons.json/index.html"
        ),
        "{messages:#?}"
    );
    assert_eq!(site.build().code, 1);
}

#[test]
fn duplicate_slugs_that_differ_only_in_case() {
    let site = Site::new();
    site.write(
        "content/guides/Guide.md",
        guide("Guide one", "One.", "One.\n"),
    );
    site.write(
        "content/guides/guide.md",
        guide("Guide two", "Two.", "Two.\n"),
    );
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let problems = run.problems();
    let p = problems
        .iter()
        .find(|p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("would have the same address (/guides/guide/)"))
        })
        .unwrap_or_else(|| panic!("{problems:#?}"));
    let (file, message) = (p["file"].as_str().unwrap(), p["message"].as_str().unwrap());
    assert!(
        (file == "content/guides/guide.md" && message.contains("content/guides/Guide.md"))
            || (file == "content/guides/Guide.md" && message.contains("content/guides/guide.md")),
        "{p}"
    );
    assert_eq!(site.build().code, 1);
}

#[test]
fn references_with_dot_dot_or_slash() {
    // `replaced_by`, evidence references and a template name that try to leave their folder.
    let site = Site::new();
    site.write(
        "content/prisons/leeds/index.md",
        prison("HMP Leeds", "status: closed\nreplaced_by: ../../etc\n"),
    );
    site.write(
        "content/prisons/hull/index.md",
        prison("HMP Hull", "status: closed\nreplaced_by: /etc/passwd\n"),
    );
    site.write(
        "content/evidence/farmer.md",
        format!("---\ntitle: The Farmer Review\nsummary: A review.\nkind: report\nauthor: Lord Farmer\nyear: 2017\npublisher: MoJ\nsource_url: https://www.gov.uk/farmer\ntopics: [visits]\nprisons: [../leeds]\nguides: [../../../etc/passwd]\nlast_reviewed: {DATE}\n---\n"),
    );
    site.write("content/about.md", "---\ntitle: About\ntemplate: ../../../../etc/passwd\n---\nSee [the passwords](../../etc/passwd), [home](/../index.md) and [odd](/guides/%ŵ.md).\n");
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let problems = run.problems();
    let p = find(
        &problems,
        "content/prisons/leeds/index.md",
        "`replaced_by: ../../etc` names a prison that does not exist",
    );
    assert_eq!(p["line"], 5, "{p}");
    find(
        &problems,
        "content/prisons/hull/index.md",
        "`replaced_by: /etc/passwd` names a prison that does not exist",
    );
    find(
        &problems,
        "content/evidence/farmer.md",
        "`prisons` lists `../leeds`, which does not exist",
    );
    find(
        &problems,
        "content/evidence/farmer.md",
        "`guides` lists `../../../etc/passwd`, which does not exist",
    );
    find(
        &problems,
        "content/about.md",
        "the link `../../etc/passwd` points outside the content folder",
    );
    find(
        &problems,
        "content/about.md",
        "the link `/../index.md` points outside the content folder",
    );
    // A `%` before a character of several bytes once cut the character in two (a panic).
    find(
        &problems,
        "content/about.md",
        "this link points to content/guides/%ŵ.md, which does not exist",
    );
    assert!(!run.stdout.contains("root:x:0"), "/etc/passwd leaked");
    assert_eq!(site.build().code, 1);
    assert!(!site.out().exists(), "a failed build wrote a site");

    // An old address with `..` in it (checked once everything else is right).
    let site = Site::new();
    site.write(
        "content/prisons/leeds/index.md",
        prison(
            "HMP Leeds",
            "aliases: [/../x, /prisons/../../../tmp/x/, /ok/]\n",
        ),
    );
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let problems = run.problems();
    find(
        &problems,
        "content/prisons/leeds/index.md",
        "the alias `/../x` is not a site address",
    );
    find(
        &problems,
        "content/prisons/leeds/index.md",
        "the alias `/prisons/../../../tmp/x/` is not a site address",
    );
    assert_eq!(site.build().code, 1);
    assert!(!site.dir.path().join("x").exists() && !Path::new("/tmp/x/index.html").exists());
}

#[test]
fn file_names_with_spaces_and_welsh_letters() {
    let site = Site::new();
    site.write(
        "content/guides/Ymweliad ŵyr ŷd.md",
        guide("Ymweliad", "Ymweliad.", "Testun.\n"),
    );
    site.write(
        "content/guides/My first visit.md",
        guide(
            "My first visit",
            "What happens.",
            "See [the other](Ymweliad%20ŵyr%20ŷd.md).\n",
        ),
    );
    let run = site.check();
    assert_eq!(run.code, 0, "{run:#?}");
    let run = site.build();
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(
        site.built("guides/ymweliad-wyr-yd/index.html")
            .contains("Ymweliad")
    );
    let html = site.built("guides/my-first-visit/index.html");
    assert!(html.contains("href=\"/guides/ymweliad-wyr-yd/\""), "{html}");
}

const XSS: &str = "<script>alert(1)</script> \"double\" 'single'";

#[test]
fn front_matter_strings_are_html_escaped() {
    let site = Site::new();
    let quoted = serde_json::to_string(XSS).unwrap(); // a valid YAML double-quoted string
    site.write(
        "content/guides/first-visit.md",
        guide(&quoted, &quoted, "Bring ID.\n"),
    );
    site.write(
        "content/prisons/leeds/index.md",
        prison(
            &quoted,
            // An other name is a different name from the prison's own (`check` refuses
            // the same name twice), so the hostile text is varied.
            &format!(
                "holds: {quoted}\nother_names: [{}]\n",
                serde_json::to_string(&format!("Old {XSS}")).unwrap()
            ),
        ),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{run:#?}");
    let files = site.built_files();
    let guide_html = site.built("guides/first-visit/index.html");
    let prison_html = site.built("prisons/leeds/index.html");
    for html in [&guide_html, &prison_html] {
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
                || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("&quot;double&quot;"), "{html}");
        assert!(
            html.contains("&#x27;single&#x27;") || html.contains("&#39;single&#39;"),
            "{html}"
        );
    }
    // The summary is shown in the page and in its description.
    assert!(
        guide_html.contains("<meta name=\"description\" content=\"&lt;script&gt;"),
        "{guide_html}"
    );
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") || path.ends_with(".xml") {
            assert!(
                !text.contains("<script>alert"),
                "{path} has a script tag from the front matter"
            );
            assert!(
                !text.contains("\"double\""),
                "{path} has an unescaped quote"
            );
        }
    }
}

#[test]
fn javascript_urls_are_rejected() {
    let site = Site::new();
    site.write(
        "content/prisons/leeds/index.md",
        prison("HMP Leeds", "official_page: javascript:alert(1)\n"),
    );
    site.write(
        "content/guides/first-visit.md",
        "---\ntitle: Your first visit\nsummary: What happens.\nsources:\n  - title: GOV.UK\n    url: \" JavaScript:alert(1)\"\n---\nText.\n",
    );
    site.write(
        "content/guides/links.md",
        guide(
            "Links",
            "Links.",
            "[one](javascript:alert(1))\n\n[two](JaVaScRiPt:alert(1))\n\n[three](&#106;avascript:alert(1))\n\n<javascript:alert(1)>\n\n![four](data:text/html;base64,PHNjcmlwdD4=)\n\n[five][ref]\n\n[ref]: vbscript:msgbox(1)\n",
        ),
    );
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let problems = run.problems();
    let p = find(
        &problems,
        "content/prisons/leeds/index.md",
        "`javascript:alert(1)` is not a web address",
    );
    assert_eq!(p["line"], 4, "{p}");
    let p = find(
        &problems,
        "content/guides/first-visit.md",
        "is not a web address",
    );
    assert_eq!(p["line"], 6, "{p}");
    let links: Vec<u64> = problems
        .iter()
        .filter(|p| p["file"] == "content/guides/links.md" && p["severity"] == "error")
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    for line in [9, 11, 13, 15, 17, 19] {
        assert!(
            links.contains(&line),
            "the link on line {line} was not rejected: {problems:#?}"
        );
    }
    find(
        &problems,
        "content/guides/links.md",
        "links starting `javascript:` are not allowed",
    );
    find(
        &problems,
        "content/guides/links.md",
        "links starting `data:` are not allowed",
    );
    find(
        &problems,
        "content/guides/links.md",
        "links starting `vbscript:` are not allowed",
    );
    assert_eq!(site.build().code, 1);
}

const RAW_HTML: &str = "Before.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\nInline <b onclick=\"alert(1)\">bold</b> text.\n\n<!-- a note for editors -->\n\n## Heading {onmouseover=alert(1)}\n";

#[test]
fn raw_html_is_escaped_by_default() {
    let site = Site::new();
    site.write(
        "content/guides/first-visit.md",
        guide("Your first visit", "What happens.", RAW_HTML),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{run:#?}");
    let html = site.built("guides/first-visit/index.html");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;b onclick=\"alert(1)\"&gt;bold&lt;/b&gt;"),
        "{html}"
    );
    assert!(
        !html.contains("<script>alert")
            && !html.contains("<img src=x")
            && !html.contains("<b onclick"),
        "{html}"
    );
    assert!(
        !html.contains("onmouseover"),
        "a heading attribute reached the page: {html}"
    );
    assert!(!html.contains("a note for editors"), "{html}");
}

#[test]
fn raw_html_is_rejected_when_site_says_so() {
    let site = Site::new();
    site.write(
        "content/site.yaml",
        format!("{SITE_YAML}raw_html: reject\n"),
    );
    site.write(
        "content/guides/first-visit.md",
        guide("Your first visit", "What happens.", RAW_HTML),
    );
    let run = site.check();
    assert_eq!(run.code, 1, "{run:#?}");
    let problems = run.problems();
    let lines: Vec<u64> = problems
        .iter()
        .filter(|p| {
            p["file"] == "content/guides/first-visit.md"
                && p["message"] == "raw HTML is not allowed in content"
        })
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    // The script on line 11, the picture on 13 and the inline tags on 15 (the front matter
    // is 8 lines).
    for line in [11, 13, 15] {
        assert!(
            lines.contains(&line),
            "raw HTML on line {line} not reported: {problems:#?}"
        );
    }
    assert!(
        !lines.contains(&17),
        "an HTML comment is a note, not HTML: {problems:#?}"
    );
    assert_eq!(site.build().code, 1);
}

const BREAKOUT: &str = "HMP </script><script>alert(1)</script> <!-- x";

/// The contents of every `<script type="application/ld+json">` block of `html`.
fn json_ld_blocks(html: &str) -> Vec<&str> {
    let open = "<script type=\"application/ld+json\">";
    html.match_indices(open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            // The HTML parser ends the script at the first `</script` in any case.
            let end = rest
                .to_ascii_lowercase()
                .find("</script")
                .expect("a closed script");
            &rest[..end]
        })
        .collect()
}

fn breakout_site() -> Site {
    let site = Site::new();
    let name = serde_json::to_string(BREAKOUT).unwrap();
    let other = serde_json::to_string(&format!("Old {BREAKOUT}")).unwrap();
    site.write(
        "content/prisons/leeds/index.md",
        prison(&name, &format!("other_names: [{other}, \"</SCRIPT>\"]\naddress: {{lines: [{name}], town: {name}, postcode: LS12 2TJ}}\nvisiting_times:\n  source: gov-uk\n  sessions:\n    - {{days: [mon], start: \"14:00\", end: \"16:00\"}}\n")),
    );
    site.write(
        "content/evidence/farmer.md",
        format!("---\ntitle: {name}\nsummary: {name}\nkind: report\nauthor: {name}\nyear: 2017\npublisher: {name}\nsource_url: https://www.gov.uk/farmer?a=</script>\ntopics: [visits]\nlast_reviewed: {DATE}\nsources:\n  - title: {name}\n    url: https://www.gov.uk/farmer?a=</script>\n    date: 2017-08-10\n---\n"),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{run:#?}");
    site
}

#[test]
fn json_ld_and_search_index_never_contain_a_closing_script_tag() {
    let site = breakout_site();
    let files = site.built_files();
    let index = String::from_utf8(files["search-index.json"].clone()).unwrap();
    assert!(!index.to_ascii_lowercase().contains("</script"), "{index}");
    let entries: serde_json::Value =
        serde_json::from_str(&index).expect("search-index.json is JSON");
    assert_eq!(entries[0]["name"], BREAKOUT, "{index}");
    let mut blocks = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for block in json_ld_blocks(&html) {
            blocks += 1;
            assert!(!block.contains("<!--"), "{path}: {block}");
            serde_json::from_str::<serde_json::Value>(block)
                .unwrap_or_else(|e| panic!("{path}: JSON-LD cut short ({e}): {block}"));
        }
    }
    assert!(blocks >= 2, "the prison and evidence pages have JSON-LD");
}

#[test]
fn prison_name_does_not_break_out_of_json_ld() {
    let site = breakout_site();
    for page in ["prisons/leeds/index.html", "evidence/farmer/index.html"] {
        let html = site.built(page);
        let blocks = json_ld_blocks(&html);
        assert_eq!(blocks.len(), 1, "{html}");
        let value: serde_json::Value =
            serde_json::from_str(blocks[0]).expect("the whole JSON-LD is in its block");
        assert_eq!(value["name"], BREAKOUT, "{value}");
        assert!(!html.contains("<script>alert"), "{page}: {html}");
        // The only script elements are the theme's own.
        let scripts = html.matches("<script").count();
        let theme_scripts = html.matches("<script src=").count()
            + html
                .matches("<script type=\"application/ld+json\">")
                .count();
        assert_eq!(scripts, theme_scripts, "{html}");
    }
}

#[test]
fn the_fuzzers_script_checks_catch_script() {
    let fails = |f: &dyn Fn()| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err();
    let page = |body: &str| {
        format!(
            "<!DOCTYPE html>\n<html><head><script src=\"/a.js\" defer></script></head><body>{body}</body></html>"
        )
    };
    for bad in [
        "<h2 id=\"x\" onclick=\"alert(1)\">x</h2>",
        "<script>alert(1)</script>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<script type=\"application/ld+json\">{\"name\":\"<\\/script><\\!--\"}</script>",
        "<iframe src=\"/x\"></iframe>",
    ] {
        assert!(
            fails(&|| harness::assert_safe_page("x.html", &page(bad))),
            "not caught: {bad}"
        );
    }
    let good = "<h2 id=\"x\">a &lt;script&gt; b</h2><a href=\"https://www.gov.uk/\">x</a><script type=\"application/ld+json\">{\"name\":\"\\u003c/script\\u003e\"}</script><input type=checkbox disabled>";
    harness::assert_safe_page("x.html", &page(good));
    assert!(fails(&|| harness::assert_safe_html(
        "<h2 onmouseover=\"alert(1)\">x</h2>"
    )));
    harness::assert_safe_html("<h2 id=\"x\" class=\"note\">x</h2>\n<p>&lt;b onclick=\"x\"&gt;</p>");
}

/// Every file of `tests/regressions/<target>/`.
fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = repo_root().join("tests/regressions").join(target);
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("an entry").path())
                .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
                .map(|p| {
                    let bytes = std::fs::read(&p).expect("read a regression input");
                    (p, bytes)
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs `f` on every input, reporting all that panic at once.
fn replay(target: &str, f: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    let failed: Vec<String> = regressions(target)
        .into_iter()
        .filter_map(|(path, bytes)| {
            std::panic::catch_unwind(|| f(&bytes)).err().map(|e| {
                let why = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                format!("{}: {why}", path.display())
            })
        })
        .collect();
    assert!(
        failed.is_empty(),
        "regression inputs that still fail:\n{}",
        failed.join("\n")
    );
}

#[test]
fn regressions_front_matter() {
    replay("front_matter", harness::front_matter);
}

#[test]
fn regressions_markdown() {
    replay("markdown", harness::markdown);
}

#[test]
fn regressions_site_build() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = harness::BuildSite::new(dir.path(), &repo_root().join("themes/default"));
    replay("site_build", |data| harness::site_build(&site, data));
}

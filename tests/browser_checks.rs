//! Builds the shipped site (content/ with themes/default/) and checks it in a real browser and
//! with the Nu HTML Checker:
//!
//! - `tests/browser/check.mjs`: axe-core (WCAG 2.2 AA) on a page of every kind, find-a-prison
//!   (a table of queries each with the prison it must put first, with and without
//!   JavaScript), site search ranking, the glossary's jump links, a prison page saved for use
//!   offline, the Welsh/English switch, 360px screenshots (into target/screenshots/) and a
//!   one-page A4 print checklist;
//! - `tests/browser/vnu.sh`: every .html file is valid HTML.
//!
//! These need Debian's chromium, java, node and `npm ci` in tests/browser. `build.rs` looks
//! for them: where they are missing (outside CI) the checks are listed as ignored, with what
//! they need, rather than passing unchecked; where they are here, or under CI=true, they run
//! in a plain `cargo test`, and a check whose tools are missing fails, naming them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const CHROMIUM: &str = "/usr/bin/chromium";
const BUILD_DATE: &str = "2026-11-23";

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn browser_dir() -> PathBuf {
    repo_root().join("tests/browser")
}

/// Cargo's scratch folder for integration tests: `<target>/tmp`.
fn target_tmp() -> &'static Path {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn in_ci() -> bool {
    matches!(std::env::var("CI").as_deref(), Ok("true") | Ok("1"))
}

/// Fails the check when something it needs is missing: it was asked for, so a missing tool
/// must not look like a pass.
fn require(what: &str, missing: &[&str]) {
    if missing.is_empty() {
        return;
    }
    let missing = missing.join(", ");
    let how = if in_ci() {
        ".ci/run installs them; see its output above"
    } else {
        "install them as .ci/run does, or run cargo test without --include-ignored to leave the browser checks out"
    };
    panic!("{what} cannot run: missing {missing} ({how})");
}

/// Builds the site once; both tests run in this one process and share it.
fn built_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = target_tmp().join("browser-checks-site");
        if out.exists() {
            std::fs::remove_dir_all(&out).expect("remove the previous browser-checks site");
        }
        let output = Command::new(env!("CARGO_BIN_EXE_familyties"))
            .arg("build")
            .arg("--root")
            .arg(repo_root())
            .arg("--out")
            .arg(&out)
            .arg("--date")
            .arg(BUILD_DATE)
            .output()
            .expect("run familyties build");
        assert!(
            output.status.success(),
            "familyties build failed ({}):\n{}",
            output.status,
            text(&output)
        );
        out
    })
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
#[cfg_attr(
    not(browser_tools),
    ignore = "needs chromium, node and npm ci in tests/browser: cargo test -- --include-ignored (.ci/run does)"
)]
fn shipped_site_passes_browser_checks() {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push(CHROMIUM);
    }
    if !runs("node", "--version") {
        missing.push("node");
    }
    if !browser_dir().join("node_modules/playwright-core").is_dir()
        || !browser_dir().join("node_modules/axe-core").is_dir()
    {
        missing.push("tests/browser/node_modules (run npm ci in tests/browser)");
    }
    require("browser checks", &missing);

    let site = built_site();
    let screenshots = target_tmp()
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target>/tmp")
        .join("screenshots");
    let output = Command::new("node")
        .arg(browser_dir().join("check.mjs"))
        .arg(site)
        .arg(&screenshots)
        .current_dir(repo_root())
        .output()
        .expect("run node tests/browser/check.mjs");
    println!("{}", text(&output));
    assert!(
        output.status.success(),
        "browser checks failed ({}); output above",
        output.status
    );
}

#[test]
#[cfg_attr(
    not(browser_tools),
    ignore = "needs java and npm ci in tests/browser: cargo test -- --include-ignored (.ci/run does)"
)]
fn shipped_site_is_valid_html() {
    let mut missing = Vec::new();
    if !runs("java", "-version") {
        missing.push("java");
    }
    if !browser_dir()
        .join("node_modules/vnu-jar/build/dist/vnu.jar")
        .is_file()
    {
        missing.push("tests/browser/node_modules/vnu-jar (run npm ci in tests/browser)");
    }
    require("Nu HTML Checker", &missing);

    let site = built_site();
    let output = Command::new("bash")
        .arg(browser_dir().join("vnu.sh"))
        .arg(site)
        .current_dir(repo_root())
        .output()
        .expect("run tests/browser/vnu.sh");
    println!("{}", text(&output));
    assert!(
        output.status.success(),
        "Nu HTML Checker found errors ({}); output above",
        output.status
    );
}

#[test]
#[cfg_attr(
    not(browser_tools),
    ignore = "needs chromium, node and npm ci in tests/browser: cargo test -- --include-ignored (.ci/run does)"
)]
fn shipped_site_passes_its_content_security_policy() {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push(CHROMIUM);
    }
    if !browser_dir().join("node_modules/playwright-core").is_dir() {
        missing.push("tests/browser/node_modules (run npm ci in tests/browser)");
    }
    require("Content-Security-Policy check", &missing);
    let output = Command::new("node")
        .arg(browser_dir().join("csp.mjs"))
        .arg(built_site())
        .current_dir(repo_root())
        .output()
        .expect("run node tests/browser/csp.mjs");
    println!("{}", text(&output));
    assert!(
        output.status.success(),
        "pages break the Content-Security-Policy in _headers ({}); output above",
        output.status
    );
}

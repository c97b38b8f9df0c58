//! Decides whether the browser checks (tests/browser_checks.rs) run in a plain `cargo test`.
//! They need Chromium, Java, Node and `npm ci` in tests/browser. Where those are here, or
//! under CI=true (where a missing tool must fail, never pass), the checks run; elsewhere
//! they are listed as ignored with what they need, instead of passing without checking.

use std::path::Path;
use std::process::Command;

fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(browser_tools)");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-changed=tests/browser/node_modules");
    println!("cargo::rerun-if-changed=build.rs");
    let ci = matches!(std::env::var("CI").as_deref(), Ok("true") | Ok("1"));
    let tools = Path::new("tests/browser/node_modules").is_dir()
        && (runs("chromium") || Path::new("/usr/bin/chromium").exists())
        && runs("node")
        && Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
    if ci || tools {
        println!("cargo::rustc-cfg=browser_tools");
    }
}

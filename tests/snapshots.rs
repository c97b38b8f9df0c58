//! One page of each kind, as a reader meets it: the `<main>` element of each, written out as
//! an outline (one line per block, its text with links as `[text](href)`), and compared with
//! the snapshot kept in tests/snapshots/. A change to a template, the words or the Markdown
//! shows as a readable diff of what families see, not of markup or hashed file names.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test --test snapshots` (or
//! `cargo insta review`), then read and commit the changed `.snap` files. With CI=true (or
//! INSTA_UPDATE=no) no snapshot is ever written, so a missing or different one fails.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Selector};

/// The valid-site fixture built once for [`common::DATE`] into `<target>/tmp`, so every test
/// reads the same build and nothing is left in the system's temporary folder.
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snapshots-site");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("remove the previous snapshots site");
        }
        let (root, out) = (dir.join("site"), dir.join("public"));
        common::copy_dir(&common::fixture_dir("valid-site"), &root);
        common::copy_dir(
            &common::fixture_dir("support"),
            &root.join("content/support"),
        );
        common::copy_dir(
            &common::repo_root().join("themes/default"),
            &root.join("themes/default"),
        );
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_familyties"))
            .args(["build", "--date", common::DATE, "--root"])
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .env_remove("FAMILYTIES_DATE")
            .output()
            .expect("run familyties build");
        assert!(
            output.status.success(),
            "building the valid site failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        out
    })
}

/// The outline of the `<main>` of the page at `path` in the output.
fn main_outline(path: &str) -> String {
    let file = built().join(path);
    let html = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let doc = Html::parse_document(&html);
    let main = doc
        .select(&Selector::parse("main").unwrap())
        .next()
        .unwrap_or_else(|| panic!("{path} has no <main>"));
    let mut out = String::new();
    outline(main, 0, &mut out);
    out
}

/// Elements that start a line of the outline; everything else is read inline.
const BLOCKS: [&str; 33] = [
    "main",
    "section",
    "article",
    "aside",
    "nav",
    "header",
    "footer",
    "div",
    "form",
    "fieldset",
    "details",
    "summary",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "pre",
    "blockquote",
];

fn is_block(e: &ElementRef) -> bool {
    BLOCKS.contains(&e.value().name()) || matches!(e.value().name(), "noscript" | "figure")
}

/// `tag#id.class[lang=..]`: enough to tell the blocks apart and see their ids change.
fn label(e: &ElementRef) -> String {
    let v = e.value();
    let mut s = v.name().to_string();
    if let Some(id) = v.attr("id") {
        s.push('#');
        s.push_str(id);
    }
    for class in v.classes() {
        s.push('.');
        s.push_str(class);
    }
    for name in ["lang", "hreflang", "role"] {
        if let Some(value) = v.attr(name) {
            s.push_str(&format!("[{name}={value}]"));
        }
    }
    s
}

fn outline(e: ElementRef, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    let has_blocks = e.children().filter_map(ElementRef::wrap).any(|c| {
        is_block(&c)
            || c.descendants()
                .filter_map(ElementRef::wrap)
                .any(|d| is_block(&d))
    });
    if !has_blocks {
        let text = inline(e);
        if text.is_empty() {
            out.push_str(&format!("{indent}{}\n", label(&e)));
        } else {
            out.push_str(&format!("{indent}{}: {text}\n", label(&e)));
        }
        return;
    }
    out.push_str(&format!("{indent}{}\n", label(&e)));
    // Text and inline elements between blocks are a line of their own.
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let text = collapse(run);
        if !text.is_empty() {
            out.push_str(&format!("{indent}  | {text}\n"));
        }
        run.clear();
    };
    for child in e.children() {
        if let Some(text) = child.value().as_text() {
            run.push_str(text);
        } else if let Some(c) = ElementRef::wrap(child) {
            if c.value().name() == "noscript" {
                // Parsed as a browser with scripting on does: its content is text, which is
                // read here as the markup it is for readers without JavaScript.
                flush(&mut run, out);
                out.push_str(&format!("{indent}  {}\n", label(&c)));
                let inner = Html::parse_fragment(&c.text().collect::<String>());
                for part in inner.root_element().children().filter_map(ElementRef::wrap) {
                    outline(part, depth + 2, out);
                }
            } else if matches!(c.value().name(), "script" | "style" | "template") {
                flush(&mut run, out);
                if let Some(src) = c.value().attr("src") {
                    out.push_str(&format!("{indent}  script {}\n", unhashed(src)));
                }
            } else if is_block(&c)
                || c.descendants()
                    .filter_map(ElementRef::wrap)
                    .any(|d| is_block(&d))
            {
                flush(&mut run, out);
                outline(c, depth + 1, out);
            } else {
                run.push_str(&inline(c));
            }
        }
    }
    flush(&mut run, out);
}

/// The text of an element with its links, images and line breaks shown.
fn inline(e: ElementRef) -> String {
    let mut s = String::new();
    for child in e.children() {
        if let Some(text) = child.value().as_text() {
            s.push_str(text);
        } else if let Some(c) = ElementRef::wrap(child) {
            let v = c.value();
            match v.name() {
                "br" => s.push_str(" / "),
                "script" | "style" | "template" => {}
                "img" => s.push_str(&format!(
                    "![{}]({})",
                    v.attr("alt").unwrap_or(""),
                    unhashed(v.attr("src").unwrap_or(""))
                )),
                "input" | "select" | "textarea" | "button" => {
                    s.push_str(&format!(" <{}> ", label(&c)));
                    s.push_str(&inline(c));
                }
                "a" => match v.attr("href") {
                    Some(href) => {
                        s.push_str(&format!("[{}]({})", inline(c).trim(), unhashed(href)))
                    }
                    None => s.push_str(&inline(c)),
                },
                _ => s.push_str(&inline(c)),
            }
        }
    }
    collapse(&s)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `/assets/style.0123456789.css` → `/assets/style.[hash].css`: the hash changes with every
/// edit to the file, which is not a change to the page.
fn unhashed(url: &str) -> String {
    let Some(file) = url.strip_prefix("/assets/") else {
        return url.to_string();
    };
    let parts: Vec<&str> = file.split('.').collect();
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| {
            if p.len() >= 8 && p.bytes().all(|b| b.is_ascii_hexdigit()) {
                "[hash]"
            } else {
                p
            }
        })
        .collect();
    format!("/assets/{}", parts.join("."))
}

macro_rules! snapshot_tests {
    ($($name:ident: $path:literal,)*) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), main_outline($path), $path);
        }
    )*};
}

snapshot_tests! {
    home: "index.html",
    prison: "prisons/leeds/index.html",
    prison_checklist: "prisons/leeds/checklist/index.html",
    prison_sub_page: "prisons/leeds/family-day/index.html",
    closed_prison: "prisons/northallerton/index.html",
    guide: "guides/what-id-to-bring/index.html",
    policy: "policy/why-family-ties-matter/index.html",
    evidence: "evidence/farmer-review-2017/index.html",
    glossary: "glossary/index.html",
    region_list: "prisons/region/yorkshire-and-the-humber/index.html",
    prisons_a_to_z: "prisons/index.html",
    welsh_guide: "cy/guides/what-id-to-bring/index.html",
    welsh_untranslated: "cy/guides/how-visits-work/index.html",
    welsh_prison: "cy/prisons/cardiff/index.html",
    support: "support/leeds-family-centre/index.html",
    support_list: "support/index.html",
}

#[test]
fn hashed_asset_names_are_left_out() {
    assert_eq!(
        unhashed("/assets/search.945434da1d.js"),
        "/assets/search.[hash].js"
    );
    assert_eq!(unhashed("/guides/a.b/"), "/guides/a.b/");
}

//! The raw floor for a Markdown site generator: find every `.md` file under
//! `ROOT/content`, read it, split off the front matter and render the body with
//! pulldown-cmark, in parallel (rayon). With `--out DIR` each page's HTML is also written
//! to `DIR/<path>/index.html`, so the floor includes the output's disk work too.
//!
//! With `--same-files` (and `--out`) it writes as many files per page as familyties does:
//! each page's HTML in English and under `cy/`, and for each prison also its checklist,
//! a calendar-sized `visiting.ics` and a feed-sized `updates.xml` in both languages. That
//! is the least any generator making this site must do: at 10,000 prisons it is some
//! 80,000 files, and the kernel's cost of creating them is most of the floor.
//!
//! ```text
//! cargo run --release --example floor -- /dev/shm/corpus-1000 [--out /dev/shm/floor-out [--same-files]]
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;

/// Average sizes of a prison's calendar and feed in a familyties build of the corpus.
const CALENDAR_BYTES: usize = 1_900;
const FEED_BYTES: usize = 950;

/// What extra files a page gets: a prison has a checklist and a feed, and a calendar
/// when it has visiting times (a closed prison has none).
#[derive(Clone, Copy)]
struct Extras {
    prison: bool,
    calendar: bool,
}

/// A page's HTML and its extra files.
fn render(path: &Path) -> std::io::Result<(String, Extras)> {
    let text = std::fs::read_to_string(path)?;
    let (yaml, body) = match familyties::frontmatter::split(&text) {
        Ok(split) => (&text[split.yaml], &text[split.body]),
        Err(_) => ("", text.as_str()),
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(body, familyties::markdown::options()),
    );
    let extras = Extras {
        prison: yaml.lines().any(|l| l.starts_with("nomis_id:")),
        calendar: yaml.lines().any(|l| l.starts_with("visiting_times:")),
    };
    Ok((html, extras))
}

fn write(dir: &Path, name: &str, text: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(name), text)
}

/// Writes one page's files under `out`; returns how many.
fn write_page(
    out: &Path,
    rel: &Path,
    html: &str,
    extras: Extras,
    same_files: bool,
) -> std::io::Result<usize> {
    // `prisons/x/index.md` and `guides/y.md` become `prisons/x/` and `guides/y/`.
    let rel = if rel.file_stem().is_some_and(|s| s == "index") {
        rel.parent().unwrap_or(Path::new("")).to_path_buf()
    } else {
        rel.with_extension("")
    };
    if !same_files {
        write(&out.join(&rel), "index.html", html.as_bytes())?;
        return Ok(1);
    }
    let mut n = 0;
    for lang in [out.to_path_buf(), out.join("cy")] {
        let dir = lang.join(&rel);
        write(&dir, "index.html", html.as_bytes())?;
        n += 1;
        if extras.prison {
            write(&dir.join("checklist"), "index.html", html.as_bytes())?;
            write(&dir, "updates.xml", &[b'x'; FEED_BYTES])?;
            n += 2;
        }
        if extras.calendar {
            write(&dir, "visiting.ics", &[b'x'; CALENDAR_BYTES])?;
            n += 1;
        }
    }
    Ok(n)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: floor ROOT [--out DIR [--same-files]]");
        return ExitCode::from(2);
    };
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let same_files = args.iter().any(|a| a == "--same-files");
    if same_files && out.is_none() {
        eprintln!("error: --same-files needs --out DIR");
        return ExitCode::from(2);
    }
    let started = Instant::now();
    let content = root.join("content");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    if files.is_empty() {
        eprintln!("error: no .md files under {}", content.display());
        return ExitCode::FAILURE;
    }
    let result: std::io::Result<(usize, usize)> = files
        .par_iter()
        .map(|path| {
            let (html, extras) = render(path)?;
            let mut written = 0;
            if let Some(out) = &out {
                let rel = path.strip_prefix(&content).map_err(std::io::Error::other)?;
                written = write_page(out, rel, &html, extras, same_files)?;
            }
            Ok((html.len(), written))
        })
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)));
    match result {
        Ok((bytes, written)) => {
            println!(
                "rendered {} files ({:.1} MB of HTML), wrote {written} files, in {} ms",
                files.len(),
                bytes as f64 / 1e6,
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

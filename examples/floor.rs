//! The raw floor for a Markdown site generator: find every `.md` file under
//! `ROOT/content`, read it, split off the front matter and render the body with
//! pulldown-cmark, in parallel (rayon). With `--out DIR` each page's HTML is also written
//! to `DIR/<path>/index.html`, so the floor includes the output's disk work too.
//!
//! ```text
//! cargo run --release --example floor -- /dev/shm/corpus-1000 [--out /dev/shm/floor-out]
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;

fn render(path: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    let body = match familyties::frontmatter::split(&text) {
        Ok(split) => &text[split.body],
        Err(_) => text.as_str(),
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(body, familyties::markdown::options()),
    );
    Ok(html)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: floor ROOT [--out DIR]");
        return ExitCode::from(2);
    };
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
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
    let result: std::io::Result<usize> = files
        .par_iter()
        .map(|path| {
            let html = render(path)?;
            if let Some(out) = &out {
                let rel = path
                    .strip_prefix(&content)
                    .map_err(std::io::Error::other)?
                    .with_extension("");
                let dir = out.join(rel);
                std::fs::create_dir_all(&dir)?;
                std::fs::write(dir.join("index.html"), &html)?;
            }
            Ok(html.len())
        })
        .sum();
    match result {
        Ok(bytes) => {
            println!(
                "rendered {} files ({:.1} MB of HTML) in {} ms",
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

//! Writes a generated benchmark site (see `familyties::corpus`).
//!
//! ```text
//! cargo run --release --example corpus -- 1000 /dev/shm/corpus-1000
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(pages), Some(out)) = (
        args.first().and_then(|s| s.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: corpus PAGES OUT_DIR   (for example: corpus 1000 /dev/shm/corpus-1000)");
        return ExitCode::from(2);
    };
    let out = PathBuf::from(out);
    match familyties::corpus::generate(pages, &out) {
        Ok(s) => {
            println!(
                "wrote {} Markdown files ({} prisons, {} guides, {} policy parts, {} evidence items, {} glossary entries, {} other), {:.1} MB, {} body words, into {}; build it with --date {}",
                s.markdown_files,
                s.prisons,
                s.guides,
                s.policy,
                s.evidence,
                s.glossary,
                s.other,
                s.markdown_bytes as f64 / 1e6,
                s.body_words,
                out.display(),
                familyties::corpus::BUILD_DATE
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the corpus to {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

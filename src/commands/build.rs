//! `familyties build` and `familyties check`.

use std::path::Path;
use std::time::Instant;

use super::Error;
use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, Options};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// How many warnings are shown in full without `--all`; the rest are counted by kind.
pub(crate) const SHOWN_WARNINGS: usize = 20;

/// Prints the diagnostics and the summary; returns whether the run failed. Without `all`
/// the human form shows the first [`SHOWN_WARNINGS`] warnings; JSON always has every one.
fn report(diags: &Diagnostics, format: Format, strict: bool, all: bool) -> bool {
    let (errors, warnings) = diags.counts();
    match format {
        Format::Json => println!("{}", diags.render_json()),
        Format::Human => {
            let text = diags.render_human_limited(if all { usize::MAX } else { SHOWN_WARNINGS });
            if !text.is_empty() {
                eprint!("{text}");
            }
        }
    }
    errors > 0 || (strict && warnings > 0)
}

/// Builds the site into `out`; on failure the problems have been printed.
pub fn build(options: &Options, out: &Path, verbose: bool, all: bool) -> Result<(), Error> {
    let started = Instant::now();
    let diags = Diagnostics::new();
    // The lock is the folder that holds the output (`output::swap`), so the other build
    // may be writing a different site beside this one: say which folder, not which site.
    let waiting = || {
        let folder = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        eprintln!(
            "another build is writing a site in {} (one build at a time per folder); waiting for it to finish",
            folder.display()
        )
    };
    // Each file goes into the staging folder as it is made; a build with errors gives
    // `None`, and the staging folder is removed with the published site left as it was.
    let made = crate::output::build_site(out, &[&options.root], waiting, |sink| {
        let built = pipeline::run_into(options, &diags, sink).map(|(built, _)| built);
        built.filter(|_| !diags.has_errors())
    });
    let failed = report(&diags, Format::Human, false, all);
    let (errors, warnings) = diags.counts();
    let built = match made {
        Ok(Some((built, written))) if !failed => {
            for w in &written.warnings {
                eprintln!("warning: {w}");
            }
            built
        }
        Ok(_) => {
            eprintln!(
                "build failed: {errors} error(s), {warnings} warning(s); the site in {} was not changed",
                out.display()
            );
            return Err(Error::Reported);
        }
        Err(e) => return Err(Error::Failed(e.to_string())),
    };
    if verbose {
        println!("stages:");
        for (stage, t) in &built.stages {
            println!("  {stage:<32} {:>8.1} ms", t.as_secs_f64() * 1000.0);
        }
        println!("templates (summed over threads):");
        let mut times: Vec<_> = built.template_times.iter().collect();
        times.sort_by(|a, b| b.1.cmp(a.1));
        for (template, t) in times {
            println!("  {template:<24} {:>8.1} ms", t.as_secs_f64() * 1000.0);
        }
    }
    println!(
        "built {} pages, {} files into {} in {} ms ({warnings} warning(s))",
        built.pages,
        // The folder also holds the build's mark (see output::MARKER).
        built.paths.len() + 1,
        out.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// Runs every stage except writing and reports every problem; fails on errors (and with
/// `strict`, on warnings).
pub fn check(options: &Options, strict: bool, format: Format, all: bool) -> Result<(), Error> {
    let started = Instant::now();
    let diags = Diagnostics::new();
    // Nothing is written, so the files need not be kept: only their paths, for the checks.
    let built = pipeline::run_into(options, &diags, &crate::output::Sink::discard())
        .map(|(built, _)| built);
    let failed = report(&diags, format, strict, all);
    let (errors, warnings) = diags.counts();
    if format == Format::Human {
        if let Some(b) = &built {
            print_reading(&b.reading);
            if !strict {
                print_untranslated(&b.untranslated);
            }
        }
        let pages = built.map_or_else(String::new, |b| format!("{} pages ", b.pages));
        eprintln!(
            "checked {pages}in {} ms: {errors} error(s), {warnings} warning(s)",
            started.elapsed().as_millis()
        );
    }
    if failed { Err(Error::Reported) } else { Ok(()) }
}

/// How many pages the Welsh site shows in English, naming the first few: a note, not a
/// warning, because every page has a Welsh page (`--strict` makes it a warning naming all).
fn print_untranslated(paths: &[String]) {
    const NAMED: usize = 5;
    if paths.is_empty() {
        return;
    }
    let first = &paths[..paths.len().min(NAMED)];
    let more = match paths.len() - first.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    eprintln!(
        "note: {} page(s) have no Welsh text yet, so their Welsh pages show the English: {}{more} (`check --strict` lists them all)",
        paths.len(),
        first.join(", ")
    );
}

/// Every checked page's reading grade, then one summary line.
fn print_reading(grades: &[(String, f64)]) {
    if grades.is_empty() {
        return;
    }
    let mut sorted: Vec<&(String, f64)> = grades.iter().collect();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    eprintln!("reading grades (Flesch-Kincaid), hardest first:");
    for (file, grade) in &sorted {
        eprintln!("  {grade:>5.1}  {file}");
    }
    let (worst_file, worst) = (&sorted[0].0, sorted[0].1);
    let mean = grades.iter().map(|g| g.1).sum::<f64>() / grades.len() as f64;
    eprintln!(
        "reading: {} pages, mean grade {mean:.1}, hardest {worst:.1} ({worst_file})",
        grades.len()
    );
}

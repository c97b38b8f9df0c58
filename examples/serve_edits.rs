//! How long `serve` takes to follow one edit on a generated corpus, by kind of edit:
//! a prison's text, its visiting times, its name, its town; medians of `RUNS` edits.
//!
//! `cargo run --release --example serve_edits -- CORPUS [RUNS]`, CORPUS from
//! `familyties bench-corpus --pages N --out CORPUS` (the corpus is edited and put back).
//! Each update is timed from reading the edited file to having the pages in memory, which
//! is when `serve` swaps them in and tells the browser to reload ("reload"), and to having
//! every changed file, the editors' report, indexes and data files included ("every
//! file"); a full build of the edited corpus is compared with the update's files at the
//! end, so a fast wrong answer cannot pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use familyties::corpus;
use familyties::diagnostics::Diagnostics;
use familyties::model::fields::Date;
use familyties::pipeline::{self, Options, Update};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: serve_edits CORPUS [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(7);
    let options = Options {
        root: root.clone(),
        today: Date::parse(corpus::BUILD_DATE).expect("date"),
        strict: false,
    };
    let diags = Diagnostics::new();
    let started = Instant::now();
    let (built, mut state) = pipeline::run_keeping(&options, &diags).expect("the corpus builds");
    eprintln!(
        "full build: {} files in {:.2} s",
        built.files.len(),
        started.elapsed().as_secs_f64()
    );
    let mut site: BTreeMap<String, Vec<u8>> =
        built.files.into_iter().map(|f| (f.path, f.bytes)).collect();
    let prisons = count_prisons(&root);
    let file = corpus::prison_file(&root, prisons / 2 + 1);
    let original = std::fs::read_to_string(&file).expect("read the prison");
    let name = field(&original, "name: ");
    let town = field(&original, "  town: ");
    let start = field(&original, "      start: ");
    type Edit<'a> = (&'a str, Box<dyn Fn(usize) -> String + 'a>);
    let edits: Vec<Edit> = vec![
        (
            "text",
            Box::new(|n| format!("{original}\nA new note for families, number {n}.\n")),
        ),
        (
            "visiting time",
            Box::new(|n| {
                let to = if n % 2 == 0 { "\"08:15\"" } else { "\"08:45\"" };
                original.replacen(&format!("start: {start}"), &format!("start: {to}"), 1)
            }),
        ),
        (
            "name",
            Box::new(|n| {
                let to = format!(
                    "{} {}\"",
                    name.trim_end_matches('"'),
                    ["East", "West"][n % 2]
                );
                original.replacen(&format!("name: {name}"), &format!("name: {to}"), 1)
            }),
        ),
        (
            "town",
            Box::new(|n| {
                let to = format!(
                    "{} {}\"",
                    town.trim_end_matches('"'),
                    ["Upper", "Lower"][n % 2]
                );
                original.replacen(&format!("town: {town}"), &format!("town: {to}"), 1)
            }),
        ),
    ];
    for (label, edit) in &edits {
        let mut times = Vec::new();
        let mut reloads = Vec::new();
        let mut files = 0;
        for n in 0..runs {
            std::fs::write(&file, edit(n)).expect("edit the prison");
            let diags = Diagnostics::new();
            let started = Instant::now();
            let update = pipeline::update(&mut state, std::slice::from_ref(&file), &diags);
            let shown = started.elapsed();
            let Update::Files(mut changed) = update else {
                panic!("the {label} edit needed a full build");
            };
            let Update::Files(rest) = pipeline::finish(&mut state, &diags) else {
                panic!("the rest of the {label} edit needed a full build");
            };
            changed.extend(rest);
            let took = started.elapsed();
            assert!(!diags.has_errors(), "{}", diags.render_human());
            files = changed.len();
            if n == 0 && std::env::var_os("SERVE_EDITS_FILES").is_some() {
                // What kinds of file the edit made again, by folder.
                let mut by_folder: BTreeMap<String, usize> = BTreeMap::new();
                for f in &changed {
                    let folder: Vec<&str> = f.path.rsplitn(2, '/').collect();
                    let folder = folder.get(1).map_or("", |f| f);
                    let key = folder.split('/').take(3).collect::<Vec<_>>().join("/");
                    *by_folder.entry(key).or_default() += 1;
                }
                eprintln!("{label}: {by_folder:?}");
            }
            site.extend(changed.into_iter().map(|f| (f.path, f.bytes)));
            times.push(took);
            reloads.push(shown);
        }
        println!(
            "{label:>14}: reload median {}; every file median {}; {files} files",
            summary(&mut reloads),
            summary(&mut times),
        );
    }
    let full = pipeline::run(&options, &Diagnostics::new()).expect("the edited corpus builds");
    let full: BTreeMap<String, Vec<u8>> =
        full.files.into_iter().map(|f| (f.path, f.bytes)).collect();
    std::fs::write(&file, &original).expect("put the prison back");
    let differ: Vec<&String> = full
        .iter()
        .filter(|(p, b)| site.get(*p) != Some(b))
        .map(|(p, _)| p)
        .collect();
    assert!(differ.is_empty(), "differs from a full build: {differ:?}");
    println!("equal to a full build: {} files", full.len());
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// "median (min, max)" of `times`, in milliseconds.
fn summary(times: &mut [Duration]) -> String {
    times.sort();
    format!(
        "{:>6.1} ms (min {:.1}, max {:.1})",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
    )
}

fn field(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .unwrap_or_else(|| panic!("the corpus prison has no `{key}`"))
        .to_string()
}

fn count_prisons(root: &Path) -> usize {
    std::fs::read_dir(root.join("content").join("prisons"))
        .expect("the corpus has prisons")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("index.md").is_file())
        .count()
}

//! How long a build takes at scale, on a generated corpus (`familyties::corpus`).
//!
//! `cargo bench --bench build` measures 1,000 prison pages; with
//! `FAMILYTIES_BENCH_LARGE=1` it measures 10,000 as well. For each size:
//!
//! - `cold`: the whole pipeline (`pipeline::run_into`) writing each file into the staging
//!   folder as it is made (`output::build_site`), for an output folder that does not exist;
//! - `noop`: the same again with nothing changed and the previous output in place;
//! - `one_edit`: one prison's body edited, then the same;
//! - `one_edit_incremental`: the same edit through `pipeline::update` (what `serve` does),
//!   writing only the files it returns;
//! - `floor_serial` / `floor_rayon`: the least any Markdown site generator must do:
//!   find the `.md` files, read them, split off the front matter and run
//!   `pulldown_cmark::html::push_html` on each body (one thread, then rayon).
//!
//! Everything is on tmpfs (`/dev/shm`), or the system's temporary folder when there is no
//! `/dev/shm`. Sample counts are small: a run at 1,000 pages takes a few minutes.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

use familyties::corpus;
use familyties::diagnostics::Diagnostics;
use familyties::model::fields::Date;
use familyties::pipeline::{self, Options, Update};

fn scratch() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    base.join(format!("familyties-bench-{}", std::process::id()))
}

fn sizes() -> Vec<usize> {
    let mut sizes = vec![1_000];
    if std::env::var("FAMILYTIES_BENCH_LARGE").is_ok_and(|v| v == "1") {
        sizes.push(10_000);
    }
    sizes
}

/// One full build of `root` into `out`, streamed into the staging folder as `build` does
/// it; panics on any error, since a failed build would be measured as a fast one.
fn build(options: &Options, out: &Path) -> usize {
    let diags = Diagnostics::new();
    let made = familyties::output::build_site(
        out,
        &[],
        || {},
        |sink| {
            pipeline::run_into(options, &diags, sink)
                .map(|(built, _)| built)
                .filter(|_| !diags.has_errors())
        },
    )
    .expect("write the site");
    let Some((built, _)) = made else {
        panic!("the corpus did not build:\n{}", diags.render_human());
    };
    built.paths.len()
}

fn markdown_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect()
}

/// Reads one file and renders its body: the floor's work for one page.
fn floor_one(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).expect("read");
    let body = match familyties::frontmatter::split(&text) {
        Ok(split) => &text[split.body],
        Err(_) => text.as_str(),
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let parser = pulldown_cmark::Parser::new_ext(body, familyties::markdown::options());
    pulldown_cmark::html::push_html(&mut html, parser);
    html.len()
}

fn bench_size(c: &mut Criterion, base: &Path, pages: usize) {
    let root = base.join(format!("corpus-{pages}"));
    let stats = corpus::generate(pages, &root).expect("generate the corpus");
    let out = base.join(format!("out-{pages}"));
    let options = Options {
        root: root.clone(),
        today: Date::parse(corpus::BUILD_DATE).expect("date"),
        strict: false,
    };
    // A first build, outside the measurements: checks the corpus and warms the page cache.
    let files = build(&options, &out);
    eprintln!(
        "corpus of {pages} prisons: {} Markdown files, {:.1} MB, {} body words; {files} output files",
        stats.markdown_files,
        stats.markdown_bytes as f64 / 1e6,
        stats.body_words
    );

    let mut group = c.benchmark_group(format!("build/{pages}"));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(if pages > 1_000 { 60 } else { 15 }));
    group.throughput(Throughput::Elements(stats.markdown_files as u64));

    group.bench_function("cold", |b| {
        b.iter_batched(
            || {
                if out.exists() {
                    std::fs::remove_dir_all(&out).expect("remove the output");
                }
            },
            |()| black_box(build(&options, &out)),
            BatchSize::PerIteration,
        )
    });

    group.bench_function("noop", |b| b.iter(|| black_box(build(&options, &out))));

    let edited = corpus::prison_file(&root, pages / 2);
    let original = std::fs::read_to_string(&edited).expect("read the page to edit");
    let mut n = 0u64;
    group.bench_function("one_edit", |b| {
        b.iter_batched(
            || {
                n += 1;
                let text = format!("{original}\nA new note for families, number {n}. Visits are running as normal.\n");
                std::fs::write(&edited, text).expect("edit the page");
            },
            |()| black_box(build(&options, &out)),
            BatchSize::PerIteration,
        )
    });

    // The same edit through `pipeline::update`, as `serve` does it: only the edited page
    // is rendered again and written.
    let diags = Diagnostics::new();
    let (_, mut state) = pipeline::run_keeping(&options, &diags).expect("the corpus builds");
    let changed = [edited.clone()];
    group.throughput(Throughput::Elements(1));
    group.bench_function("one_edit_incremental", |b| {
        b.iter_batched(
            || {
                n += 1;
                let text = format!("{original}\nA new note for families, number {n}. Visits are running as normal.\n");
                std::fs::write(&edited, text).expect("edit the page");
            },
            |()| {
                let diags = Diagnostics::new();
                match pipeline::update(&mut state, &changed, &diags) {
                    Update::Files(files) => {
                        assert!(!diags.has_errors(), "{}", diags.render_human());
                        for f in &files {
                            std::fs::write(out.join(&f.path), &f.bytes).expect("write a page");
                        }
                        black_box(files.len())
                    }
                    Update::Full => panic!("an edit of a body's text should not need a full build"),
                }
            },
            BatchSize::PerIteration,
        )
    });
    drop(state);
    group.throughput(Throughput::Elements(stats.markdown_files as u64));
    std::fs::write(&edited, &original).expect("restore the page");

    group.bench_function("floor_serial", |b| {
        b.iter(|| {
            let files = markdown_files(&root);
            black_box(files.iter().map(|p| floor_one(p)).sum::<usize>())
        })
    });
    group.bench_function("floor_rayon", |b| {
        b.iter(|| {
            let files = markdown_files(&root);
            black_box(files.par_iter().map(|p| floor_one(p)).sum::<usize>())
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let base = scratch();
    for pages in sizes() {
        bench_size(c, &base, pages);
    }
    let _ = std::fs::remove_dir_all(&base);
}

criterion_group!(build_benches, benches);
criterion_main!(build_benches);

//! The views stage: each page and list turned into a [`PageView`] and rendered with the
//! theme's templates, plus the files that are not pages (theme files, the find-a-prison
//! index, the content folder's own files).

mod ctx;
mod globals;
mod lists;
mod page;
mod prison;
mod welsh;

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::Lang;
use crate::markdown::Body;
use crate::output::{OutputFile, Sink};
use crate::site::{Meta, Site};
use crate::templates::Theme;
use crate::views::PageView;

pub(crate) use ctx::Ctx;
pub(crate) use globals::site_globals;

/// The template a page was made with and how long it took.
pub(crate) type Rendered = (String, Duration);

struct Job<'a> {
    template: String,
    path: String,
    lang: Lang,
    view: PageView<'a>,
    /// The content file, for error messages.
    from: String,
}

/// Renders every page and list, or with `only`, just those pages (an edit in `serve`),
/// putting each into `sink` on the thread that rendered it.
pub(crate) fn render_pages(
    site: &Site,
    theme: &Theme,
    bodies: &[Body],
    diags: &Diagnostics,
    only: Option<&HashSet<usize>>,
    sink: &Sink,
) -> Vec<Rendered> {
    let ctx = Ctx::new(site, theme, bodies);
    let render = |job: Job| {
        let started = Instant::now();
        match theme.render(&job.template, &job.view, job.lang, &job.from) {
            Ok(html) => {
                // The view borrows from the site; dropping it before the write keeps at
                // most one page's worth of it per thread.
                drop(job.view);
                let took = started.elapsed();
                sink.put(job.path, html.into_bytes());
                Some((job.template, took))
            }
            Err(d) => {
                theme.report(d, diags);
                None
            }
        }
    };
    // Views are made inside the parallel loop too: at ten thousand pages making them one
    // after another costs as much as rendering them.
    let mut rendered: Vec<Rendered> = site
        .pages
        .par_iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|only| only.contains(i)))
        .flat_map_iter(|(i, page)| {
            let mut jobs = ctx.page_jobs(i, page, page.file.lang);
            if ctx.needs_welsh_twin(page) {
                jobs.extend(ctx.page_jobs(i, page, Lang::Cy));
            }
            jobs
        })
        .filter_map(render)
        .collect();
    if only.is_none() {
        rendered.extend(
            [Lang::En, Lang::Cy]
                .into_iter()
                .flat_map(|lang| ctx.list_jobs(lang))
                .collect::<Vec<_>>()
                .into_par_iter()
                .filter_map(render)
                .collect::<Vec<_>>(),
        );
    }
    rendered
}

/// What templates see as `page.kind`.
fn kind_name(page: &crate::site::Page) -> &'static str {
    match &page.meta {
        Meta::Home(_) => "home",
        Meta::Prison(_) => "prison",
        Meta::PrisonPage(_) => "prison_page",
        Meta::Plain(_) => "page",
        _ => page.file.kind.def().map_or("page", |d| d.name),
    }
}

/// Files besides the pages: the theme's static files, the code stylesheet, the
/// find-a-prison index and the content folder's own files.
pub(crate) fn extra_files(site: &Site, theme: &Theme, diags: &Diagnostics) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = theme
        .assets
        .files
        .iter()
        .map(|f| OutputFile {
            path: f.path.clone(),
            bytes: f.bytes.clone(),
        })
        .collect();
    match crate::find::index_files(site) {
        Ok(index) => files.extend(index),
        Err(d) => diags.push(d, None),
    }
    for asset in &site.assets {
        match std::fs::read(&asset.abs) {
            Ok(bytes) => files.push(OutputFile {
                path: asset.content_path.clone(),
                bytes,
            }),
            Err(e) => diags.push(
                Diagnostic::error(format!("cannot read this file: {e}"))
                    .in_file(PathBuf::from("content").join(&asset.content_path)),
                None,
            ),
        }
    }
    files
}

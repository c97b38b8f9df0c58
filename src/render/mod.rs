//! The views stage: each page and list turned into a [`PageView`] and rendered with the
//! theme's templates, plus the files that are not pages (theme files, the find-a-prison
//! index, the content folder's own files).

mod ctx;
mod globals;
mod lists;
mod page;
mod prison;
mod welsh;

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::{Meta, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::Lang;
use crate::markdown::{self, Body, Markdown};
use crate::output::{OutputFile, Sink};
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
/// putting each into `sink` on the thread that rendered it. Pages go in chunks of
/// [`markdown::CHUNK`]: each chunk's bodies are made into HTML, its pages rendered, and
/// the HTML dropped before the next, so the site's HTML is never all held at once.
pub(crate) fn render_pages(
    site: &Site,
    theme: &Theme,
    bodies: &mut [Body],
    markdown: &Markdown,
    diags: &Diagnostics,
    only: Option<&HashSet<usize>>,
    sink: &Sink,
) -> Vec<Rendered> {
    thread_local! {
        // One page's bytes at a time per thread, reused across pages.
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let render = |job: Job| {
        let started = Instant::now();
        let done = BUFFER.with_borrow_mut(|buffer| {
            theme
                .render_into(&job.template, &job.view, job.lang, &job.from, buffer)
                .map(|()| sink.put_slice(job.path, buffer))
        });
        match done {
            Ok(()) => Some((job.template, started.elapsed())),
            Err(d) => {
                theme.report(d, diags);
                None
            }
        }
    };
    let wanted = |i: usize, page: &crate::content::Page| {
        only.is_none_or(|only| only.contains(&i)) && page.output_path().is_some()
    };
    let ids = &theme.manifest.ids;
    let mut rendered: Vec<Rendered> = Vec::new();
    for start in (0..site.pages.len()).step_by(markdown::CHUNK) {
        let end = (start + markdown::CHUNK).min(site.pages.len());
        if !(start..end).any(|i| wanted(i, &site.pages[i])) {
            continue;
        }
        bodies[start..end]
            .par_iter_mut()
            .zip(&site.pages[start..end])
            .enumerate()
            .filter(|(k, (_, page))| wanted(start + k, page))
            .for_each(|(_, (body, page))| body.html = markdown.html(page, ids));
        let ctx = Ctx::new(site, theme, bodies);
        // Views are made inside the parallel loop too: at ten thousand pages making them
        // one after another costs as much as rendering them.
        rendered.extend(
            site.pages[start..end]
                .par_iter()
                .enumerate()
                .map(|(k, page)| (start + k, page))
                .filter(|&(i, page)| wanted(i, page))
                .flat_map_iter(|(i, page)| {
                    let mut jobs = ctx.page_jobs(i, page, page.file.lang);
                    if ctx.needs_welsh_twin(page) {
                        jobs.extend(ctx.page_jobs(i, page, Lang::Cy));
                    }
                    jobs
                })
                .filter_map(render)
                .collect::<Vec<_>>(),
        );
        drop(ctx);
        for body in &mut bodies[start..end] {
            body.html = String::new();
        }
    }
    if only.is_none() {
        let ctx = Ctx::new(site, theme, bodies);
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
fn kind_name(page: &crate::content::Page) -> &'static str {
    match &page.meta {
        Meta::Home(_) => "home",
        Meta::Prison(_) => "prison",
        Meta::PrisonPage(_) => "prison_page",
        Meta::Plain(_) => "page",
        _ => crate::kinds::def(&page.file.kind).map_or("page", |d| d.name),
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

//! The views stage: each page and list turned into a [`PageView`] and rendered with the
//! theme's templates, plus the files that are not pages (theme files, the find-a-prison
//! index, the content folder's own files).

mod ctx;
mod globals;
mod lists;
mod page;
mod prison;
mod reach;
mod welsh;

use std::cell::RefCell;
use std::collections::HashSet;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::{Meta, Site};
use crate::diagnostics::Diagnostics;
use crate::discover::Lang;
use crate::markdown::{self, Body, Markdown};
use crate::output::Sink;
use crate::templates::Theme;
use crate::views::PageView;

pub(crate) use ctx::{Ctx, Lookups};
pub(crate) use globals::site_globals;
pub(crate) use reach::{lists_showing, pages_showing};

/// A page made: its path in the output, its template and how long it took.
pub(crate) struct Rendered {
    pub(crate) path: String,
    pub(crate) template: String,
    pub(crate) took: Duration,
}

struct Job<'a> {
    template: String,
    path: String,
    lang: Lang,
    view: PageView<'a>,
    /// The content file, for error messages.
    from: String,
}

/// Renders every content page (with its Welsh twin and a prison's checklist), or with
/// `only`, just those pages (an edit in `serve`),
/// putting each into `sink` on the thread that rendered it. Pages go in chunks of
/// [`markdown::CHUNK`]: each chunk's bodies are made into HTML, its pages rendered, and
/// the HTML dropped before the next, so the site's HTML is never all held at once. The
/// lookups every view shares ([`Ctx`]) are made once, or taken from `lookups`.
///
/// With `checking` (the build), every body is also checked as its HTML is made, from the
/// same parse ([`Markdown::make_page`]), and what the check leaves is kept there;
/// without, the bodies were checked before (an edit in `serve`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_pages(
    site: &Site,
    theme: &Theme,
    bodies: &[Body],
    markdown: &Markdown,
    diags: &Diagnostics,
    only: Option<&HashSet<usize>>,
    lookups: Option<&Lookups>,
    sink: &Sink,
    mut checking: Option<&mut markdown::Checking>,
) -> Vec<Rendered> {
    let render = |job: Job| render_job(theme, diags, sink, job);
    let wanted = |i: usize, page: &crate::content::Page| {
        only.is_none_or(|only| only.contains(&i)) && page.output_path().is_some()
    };
    let ids = &theme.manifest.ids;
    let ctx = Ctx::new(site, theme, bodies, lookups);
    let mut rendered: Vec<Rendered> = Vec::new();
    for start in (0..site.pages.len()).step_by(markdown::CHUNK) {
        let end = (start + markdown::CHUNK).min(site.pages.len());
        let reading = checking.as_deref().map(|c| &c.reading);
        if reading.is_none() && !(start..end).any(|i| wanted(i, &site.pages[i])) {
            continue;
        }
        let mut made: Vec<markdown::Made> = site.pages[start..end]
            .par_iter()
            .enumerate()
            .map(|(k, page)| {
                let wanted = wanted(start + k, page);
                if let Some(reading) = reading {
                    // Every body is checked, also those of pages with no page of their own.
                    let toc = &bodies[start + k].toc;
                    return markdown.make_page(page, ids, toc, reading, wanted, diags);
                }
                if !wanted {
                    return markdown::Made::default();
                }
                // The build let the files' text go after the Markdown stage: read again.
                let html = page
                    .source_or_report(diags)
                    .map_or_else(String::new, |text| {
                        let body = text.get(page.split.body.clone()).unwrap_or_default();
                        markdown.html(page, body, ids)
                    });
                markdown::Made {
                    html,
                    ..Default::default()
                }
            })
            .collect();
        if let Some(checking) = checking.as_deref_mut() {
            checking.keep(&mut made);
        }
        // Views are made inside the parallel loop too: at ten thousand pages making them
        // one after another costs as much as rendering them.
        rendered.extend(
            site.pages[start..end]
                .par_iter()
                .zip(&made)
                .enumerate()
                .map(|(k, (page, made))| (start + k, page, &made.html))
                .filter(|&(i, page, _)| wanted(i, page))
                .flat_map_iter(|(i, page, html)| {
                    let data = Ctx::prison_data(page);
                    let mut jobs = ctx.page_jobs(i, page, page.file.lang, html, data.as_ref());
                    if ctx.needs_welsh_twin(page) {
                        jobs.extend(ctx.page_jobs(i, page, Lang::Cy, html, data.as_ref()));
                    }
                    jobs
                })
                .filter_map(render)
                .collect::<Vec<_>>(),
        );
    }
    rendered
}

/// Renders the lists the build makes (prisons A–Z, by region and type, each kind's list,
/// search, the find pages, 404 and the editors' report), in both languages; with `only`,
/// just those at these English addresses (an edit in `serve`, which keeps `lookups`).
pub(crate) fn render_lists(
    site: &Site,
    theme: &Theme,
    bodies: &[Body],
    diags: &Diagnostics,
    only: Option<&HashSet<String>>,
    lookups: Option<&Lookups>,
    sink: &Sink,
) -> Vec<Rendered> {
    let wanted = |url: &str| only.is_none_or(|only| only.contains(url));
    let ctx = Ctx::new(site, theme, bodies, lookups);
    // Each language's lists made on a thread of its own: at thousands of prisons the
    // lists' views cost as much as rendering them. Each list is rendered as soon as its
    // view is made and let go: at 100,000 prisons every list's view held at once (each
    // names every prison) was a gigabyte.
    [Lang::En, Lang::Cy]
        .into_par_iter()
        .flat_map_iter(|lang| {
            let mut rendered = Vec::new();
            ctx.list_jobs(lang, &wanted, &mut |job| {
                rendered.extend(render_job(theme, diags, sink, job));
            });
            rendered
        })
        .collect()
}

/// Renders one page into this thread's buffer and puts it into `sink`.
fn render_job(theme: &Theme, diags: &Diagnostics, sink: &Sink, job: Job) -> Option<Rendered> {
    thread_local! {
        // One page's bytes at a time per thread, reused across pages.
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let started = Instant::now();
    let done = BUFFER.with_borrow_mut(|buffer| {
        theme
            .render_into(&job.template, &job.view, job.lang, &job.from, buffer)
            .map(|()| sink.put_slice(job.path.clone(), buffer))
    });
    match done {
        Ok(()) => Some(Rendered {
            path: job.path,
            template: job.template,
            took: started.elapsed(),
        }),
        Err(d) => {
            theme.report(d, diags);
            None
        }
    }
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

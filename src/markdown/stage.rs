//! The Markdown stage over the whole site, in two passes over the bodies. The first,
//! [`index_all`], parses each for its headings' ids and the pages it links to: every page
//! shows who links to it, so all the links are needed before any page is rendered. The
//! second, [`Markdown::make_page`], runs chunk by chunk where the pages are rendered:
//! each body is parsed once more, checked (links resolved, problems reported, reading
//! check, search words) and made into HTML.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::content::{Page, Site};
use crate::diagnostics::Diagnostics;
use crate::discover::Lang;
use crate::glossary::{GlossaryLinker, Term};
use crate::links::{LinkIndex, Resolved};
use crate::reading::Reading;
use crate::templates::Theme;
use crate::theme_manifest::Ids;

use super::{Heading, Prepared};
use crate::links::LinkResolver;

/// What the build keeps of a page's Markdown. Only the small parts are kept for the whole
/// build; the HTML and the plain text are made while they are needed and let go, so the
/// site's bodies are never all held at once.
#[derive(Default)]
pub struct Body {
    /// The body as HTML, from [`render_page`] only: the build makes each chunk's HTML
    /// just before rendering its pages and hands it to their views.
    pub html: String,
    pub toc: Vec<Heading>,
    /// Plain text: from [`Markdown::check_page`] (for the reading check of an edit in
    /// `serve`, which empties it again) and [`render_page`]; the build's pages have none.
    pub text: String,
    /// Content paths of the pages it links to.
    pub links: Vec<String>,
    /// The page's words for the site search, for the pages it indexes.
    pub search_words: Option<String>,
}

impl crate::search::Indexed for Body {
    fn headings(&self) -> Vec<&str> {
        self.toc.iter().map(|h| h.text.as_str()).collect()
    }

    fn search_words(&self) -> Option<&str> {
        self.search_words.as_deref()
    }
}

/// The pages (content paths, sorted, once each) that the page at `from` links to, from its
/// links' addresses as written ([`Prepared::page_links`]): those that resolve to a page.
/// A page with more problems than are reported still has all its links here, though the
/// rest of its links are not checked: it cannot be published anyway.
fn linked_pages(index: &LinkIndex, from: &str, dests: &[String]) -> Vec<String> {
    let resolver = index.for_page(from);
    let mut links: Vec<String> = dests
        .iter()
        .filter_map(|dest| {
            let target = crate::links::join(from, dest.split('#').next().unwrap_or(""))?;
            // The page must exist before resolving: a broken link's suggestions cost time,
            // and it is reported where the body is checked.
            index.url_of(&target)?;
            match resolver.resolve(dest) {
                Ok(Resolved::Url(_)) => Some(target),
                _ => None,
            }
        })
        .collect();
    links.sort();
    links.dedup();
    links
}

/// Pages handled at once where a page's HTML is held: enough to keep both cores busy, few
/// enough that a large site's bodies never all sit in memory.
pub(crate) const CHUNK: usize = 2048;

/// What checking and rendering the bodies needs after the first pass: the link index
/// (every page's anchors) and the glossary. Kept for the whole build, and by `serve`.
pub(crate) struct Markdown {
    pub(crate) index: LinkIndex,
    pub(crate) glossary: GlossaryLinker,
    raw_html: crate::config::RawHtml,
}

/// One body of the build's second pass ([`Markdown::make_page`]).
#[derive(Default)]
pub(crate) struct Made {
    /// Empty when no HTML was asked for.
    pub(crate) html: String,
    pub(crate) search_words: Option<String>,
    /// The page's file and reading grade, for the pages the reading check is for.
    pub(crate) grade: Option<(String, f64)>,
}

/// What the build's second pass keeps of the bodies until every page is made.
pub(crate) struct Checking {
    pub(crate) reading: Reading,
    /// Each page's search words, in the order of `site.pages`.
    pub(crate) words: Vec<Option<String>>,
    /// Each page the reading check is for, with its grade, in the order of `site.pages`.
    pub(crate) grades: Vec<(String, f64)>,
}

impl Checking {
    pub(crate) fn new(site: &Site) -> Self {
        Checking {
            reading: Reading::new(site),
            words: Vec::with_capacity(site.pages.len()),
            grades: Vec::new(),
        }
    }

    /// Keeps what the pages of a chunk, in order, left.
    pub(crate) fn keep(&mut self, made: &mut [Made]) {
        for m in made {
            self.words.push(m.search_words.take());
            self.grades.extend(m.grade.take());
        }
    }

    /// Gives the bodies their search words once every page is made.
    pub(crate) fn fill(&mut self, bodies: &mut [Body]) {
        debug_assert_eq!(self.words.len(), bodies.len());
        for (body, words) in bodies.iter_mut().zip(self.words.drain(..)) {
            body.search_words = words;
        }
    }
}

impl Markdown {
    /// A page's body as HTML, for a page made again after an edit in `serve`: the same
    /// bytes the build makes ([`Markdown::check_page`] reported its problems).
    /// `page`'s body, `body` (its text may have been let go), as HTML.
    pub(crate) fn html(&self, page: &Page, body: &str, ids: &Ids) -> String {
        let prepared = super::prepare(body, &ids.reserved(&page.meta));
        let resolver = self.index.for_page(&page.file.content_path);
        let linker = Some(&self.glossary).filter(|_| page.meta.glossary_links());
        super::rewrite(prepared, &resolver, self.raw_html).html(linker)
    }

    /// One page's body in the build's second pass, from one parse (its headings, `toc`,
    /// known from the first): its problems go to `diags` and its reading check is done
    /// (with `reading`); the result has its search words, reading grade and, with `html`,
    /// its HTML.
    pub(crate) fn make_page(
        &self,
        page: &Page,
        ids: &Ids,
        toc: &[Heading],
        reading: &Reading,
        html: bool,
        diags: &Diagnostics,
    ) -> Made {
        let Some(text) = page.source_or_report(diags) else {
            return Made::default();
        };
        let body = text.get(page.split.body.clone()).unwrap_or_default();
        let prepared = super::prepare_known(body, &ids.reserved(&page.meta), toc);
        let resolver = self.index.for_page(&page.file.content_path);
        let (html, problems, plain) = if html {
            let linker = Some(&self.glossary).filter(|_| page.meta.glossary_links());
            let r = super::render(prepared, &resolver, self.raw_html, linker);
            (r.html, r.problems, r.text)
        } else {
            let c = super::check(prepared, &resolver, self.raw_html);
            (String::new(), c.problems, c.text)
        };
        report(page, &text, &problems, diags);
        Made {
            html,
            search_words: crate::search::words(page, &plain),
            grade: reading.page(page, &plain, Some(&text), diags),
        }
    }

    /// One page's body checked after an edit in `serve`: its problems go to `diags`; the
    /// result has its links, headings, search words and plain text, but no HTML.
    pub(crate) fn check_page(&self, page: &Page, ids: &Ids, diags: &Diagnostics) -> Body {
        let Some(text) = page.source_or_report(diags) else {
            return Body::default();
        };
        let body = text.get(page.split.body.clone()).unwrap_or_default();
        let prepared = super::prepare(body, &ids.reserved(&page.meta));
        let toc = prepared.headings.clone();
        let from = &page.file.content_path;
        let links = linked_pages(&self.index, from, &prepared.page_links());
        let checked = super::check(prepared, &self.index.for_page(from), self.raw_html);
        report(page, &text, &checked.problems, diags);
        Body {
            html: String::new(),
            toc,
            search_words: crate::search::words(page, &checked.text),
            text: checked.text,
            links,
        }
    }
}

/// The build's first pass over the bodies: each page's headings with their ids and the
/// pages it links to (links resolved against the pages and `made`, the addresses the build
/// makes besides them). Returns the bodies, with those only, and what checking and
/// rendering them needs ([`Markdown::make_page`]). A page that cannot be read has none:
/// it is reported there.
pub(crate) fn index_all(
    site: &Site,
    theme: &Theme,
    made: HashSet<String>,
) -> (Vec<Body>, Markdown) {
    let ids = &theme.manifest.ids;
    // Only the anchors and links' addresses: every page's parsed events at once were most
    // of the build's peak memory.
    let found: Vec<(Vec<Heading>, Vec<String>)> = site
        .pages
        .par_iter()
        .map(|p| {
            let text = p.source().unwrap_or_default();
            let body = text.get(p.split.body.clone()).unwrap_or_default();
            super::scan(body, &ids.reserved(&p.meta))
        })
        .collect();
    let anchors = found
        .iter()
        .map(|(toc, _)| toc.iter().map(|h| h.id.clone()).collect())
        .collect();
    let index = LinkIndex::new(site, anchors, made, &ids.prison_sections);
    let bodies = site
        .pages
        .par_iter()
        .zip(found)
        .map(|(page, (toc, dests))| Body {
            toc,
            links: linked_pages(&index, &page.file.content_path, &dests),
            ..Body::default()
        })
        .collect();
    let markdown = Markdown {
        index,
        glossary: GlossaryLinker::new(glossary_terms(site)),
        raw_html: site.config.raw_html,
    };
    (bodies, markdown)
}

/// Each page's body parsed once, with its headings' ids (never one the theme reserves).
pub fn prepare_all<'s>(site: &'s Site, ids: &Ids) -> Vec<Prepared<'s>> {
    site.pages
        .par_iter()
        .map(|p| super::prepare(p.body(), &ids.reserved(&p.meta)))
        .collect()
}

/// Where every page and heading is, and the addresses the build makes besides (`made`,
/// from `outputs::addresses`), for resolving links.
pub fn link_index(
    site: &Site,
    prepared: &[Prepared],
    ids: &Ids,
    made: HashSet<String>,
) -> LinkIndex {
    let anchors = prepared.iter().map(Prepared::anchors).collect();
    LinkIndex::new(site, anchors, made, &ids.prison_sections)
}

/// One page's body rendered: links resolved through `index` (and recorded), glossary terms
/// linked with `glossary` where the page allows it; problems go to `diags`.
pub fn render_page(
    page: &Page,
    prepared: Prepared<'_>,
    index: &LinkIndex,
    glossary: Option<&GlossaryLinker>,
    raw_html: crate::config::RawHtml,
    diags: &Diagnostics,
) -> Body {
    let toc = prepared.headings.clone();
    let from = &page.file.content_path;
    let links = linked_pages(index, from, &prepared.page_links());
    let linker = glossary.filter(|_| page.meta.glossary_links());
    let rendered = super::render(prepared, &index.for_page(from), raw_html, linker);
    let text = page.source().unwrap_or_default();
    report(page, &text, &rendered.problems, diags);
    Body {
        html: rendered.html,
        toc,
        search_words: crate::search::words(page, &rendered.text),
        text: rendered.text,
        links,
    }
}

/// The glossary's terms (each with its other spellings), to link where pages use them.
pub fn glossary_terms(site: &Site) -> Vec<Term> {
    site.pages
        .iter()
        .filter(|p| p.file.lang == Lang::En)
        .filter_map(|p| {
            let g = p.meta.entry::<crate::model::GlossaryEntry>()?;
            let mut forms: Vec<String> = std::iter::once(&g.term).chain(&g.also).cloned().collect();
            forms.sort();
            forms.dedup();
            Some(Term {
                forms,
                url: p.url.clone(),
            })
        })
        .collect()
}

/// Reports a body's problems; `text` is the page's file.
fn report(page: &Page, text: &str, problems: &[super::Problem], diags: &Diagnostics) {
    for problem in problems {
        diags.push(body_diagnostic(page, text, problem), Some(text));
    }
}

/// A problem the Markdown stage found in a page's body, placed in the whole file.
fn body_diagnostic(
    page: &Page,
    text: &str,
    problem: &super::Problem,
) -> crate::diagnostics::Diagnostic {
    let offset = page.split.body.start;
    crate::diagnostics::Diagnostic {
        severity: problem.severity,
        ..crate::diagnostics::Diagnostic::error(problem.message.clone())
    }
    .in_file(&page.file.shown)
    .at(text, offset + problem.span.start..offset + problem.span.end)
    .label(problem.label.clone())
    .help(problem.help.clone())
}

//! The Markdown stage over the whole site: every page's body prepared (headings and their
//! ids), the link index built from them, then each body rendered with its links resolved
//! and glossary terms linked.

use std::cell::RefCell;
use std::collections::HashSet;

use rayon::prelude::*;

use crate::content::{Page, Site};
use crate::diagnostics::Diagnostics;
use crate::discover::Lang;
use crate::glossary::{GlossaryLinker, Term};
use crate::links::{LinkIndex, PageLinks};
use crate::templates::Theme;
use crate::theme_manifest::Ids;

use super::{Heading, Prepared};
use crate::links::{LinkResolver, Resolved};

/// What the build keeps of a page's Markdown. Only the small parts are kept for the whole
/// build; the HTML and the plain text are filled while they are needed (the text for the
/// reading check, the HTML while the page is rendered) and emptied again, so the site's
/// bodies are never all held at once.
#[derive(Default)]
pub struct Body {
    /// The body as HTML, from [`render_page`] only: the build makes each chunk's HTML
    /// just before rendering its pages and hands it to their views.
    pub html: String,
    pub toc: Vec<Heading>,
    /// Plain text: empty but while the reading check runs (and from [`render_page`]).
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

/// Records the pages a page links to while resolving, for the "mentioned by" lists.
struct Recording<'a> {
    inner: PageLinks<'a>,
    index: &'a LinkIndex,
    from: &'a str,
    seen: RefCell<Vec<String>>,
}

impl LinkResolver for Recording<'_> {
    fn resolve(&self, dest: &str) -> Result<Resolved, (String, String)> {
        let r = self.inner.resolve(dest)?;
        if let Resolved::Url(_) = &r
            && let Some(target) =
                crate::links::join(self.from, dest.split('#').next().unwrap_or(""))
            && self.index.url_of(&target).is_some()
        {
            self.seen.borrow_mut().push(target);
        }
        Ok(r)
    }
}

/// Pages handled at once where a page's HTML or plain text is held: enough to keep both
/// cores busy, few enough that a large site's bodies never all sit in memory.
pub(crate) const CHUNK: usize = 2048;

/// What rendering a body again needs: the link index (every page's anchors) and the
/// glossary. Kept for the whole build, and by `serve`.
pub(crate) struct Markdown {
    pub(crate) index: LinkIndex,
    pub(crate) glossary: GlossaryLinker,
    raw_html: crate::config::RawHtml,
}

impl Markdown {
    /// A page's body as HTML, made again where the page is rendered: the same bytes the
    /// checking pass would have made (its problems were reported then).
    /// `page`'s body, `body` (its text may have been let go), as HTML.
    pub(crate) fn html(&self, page: &Page, body: &str, ids: &Ids) -> String {
        let prepared = super::prepare(body, &ids.reserved(&page.meta));
        let resolver = self.index.for_page(&page.file.content_path);
        let linker = Some(&self.glossary).filter(|_| page.meta.glossary_links());
        super::rewrite(prepared, &resolver, self.raw_html).html(linker)
    }

    /// One page's body checked: its problems go to `diags`; the result has its links,
    /// headings, search words and plain text, but no HTML.
    pub(crate) fn check_page(&self, page: &Page, ids: &Ids, diags: &Diagnostics) -> Body {
        let text = match page.source() {
            Ok(text) => text,
            Err(d) => {
                diags.push(d, None);
                return Body::default();
            }
        };
        let body = text.get(page.split.body.clone()).unwrap_or_default();
        let prepared = super::prepare(body, &ids.reserved(&page.meta));
        let toc = prepared.headings.clone();
        let resolver = Recording {
            inner: self.index.for_page(&page.file.content_path),
            index: &self.index,
            from: &page.file.content_path,
            seen: RefCell::new(Vec::new()),
        };
        let rewritten = super::rewrite(prepared, &resolver, self.raw_html);
        let links = reported(page, &text, &rewritten.problems, resolver, diags);
        Body {
            html: String::new(),
            toc,
            search_words: crate::search::words(page, &rewritten.text),
            text: rewritten.text,
            links,
        }
    }
}

/// Every page's body checked (links resolved against the pages and `made`, the addresses
/// the build makes besides them; problems reported), in chunks of [`CHUNK`]
/// pages: `each_chunk` is called with the bodies (in the order of `site.pages`) and the
/// pages of the chunk, whose plain text is filled until it returns. Returns the bodies,
/// without their HTML or text, and what rendering them later needs.
pub(crate) fn check_all(
    site: &Site,
    theme: &Theme,
    made: HashSet<String>,
    diags: &Diagnostics,
    mut each_chunk: impl FnMut(&[Body], &HashSet<usize>),
) -> (Vec<Body>, Markdown) {
    let ids = &theme.manifest.ids;
    // Only the anchors first: every page's parsed events at once were most of the
    // build's peak memory.
    let tocs: Vec<Vec<Heading>> = site
        .pages
        .par_iter()
        .map(|p| {
            // A file that cannot be read again is reported by `check_page`.
            let text = p.source().unwrap_or_default();
            let body = text.get(p.split.body.clone()).unwrap_or_default();
            super::prepare(body, &ids.reserved(&p.meta)).headings
        })
        .collect();
    let anchors = tocs
        .iter()
        .map(|toc| toc.iter().map(|h| h.id.clone()).collect())
        .collect();
    let index = LinkIndex::new(site, anchors, made, &ids.prison_sections);
    let markdown = Markdown {
        index,
        glossary: GlossaryLinker::new(glossary_terms(site)),
        raw_html: site.config.raw_html,
    };
    let mut bodies: Vec<Body> = tocs
        .into_iter()
        .map(|toc| Body {
            toc,
            ..Body::default()
        })
        .collect();
    for start in (0..bodies.len()).step_by(CHUNK) {
        let end = (start + CHUNK).min(bodies.len());
        bodies[start..end]
            .par_iter_mut()
            .zip(&site.pages[start..end])
            .for_each(|(body, page)| *body = markdown.check_page(page, ids, diags));
        each_chunk(&bodies, &(start..end).collect());
        for body in &mut bodies[start..end] {
            body.text = String::new();
        }
    }
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
    let resolver = Recording {
        inner: index.for_page(&page.file.content_path),
        index,
        from: &page.file.content_path,
        seen: RefCell::new(Vec::new()),
    };
    let linker = glossary.filter(|_| page.meta.glossary_links());
    let rendered = super::render(prepared, &resolver, raw_html, linker);
    let text = page.source().unwrap_or_default();
    let links = reported(page, &text, &rendered.problems, resolver, diags);
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

/// Addresses of the pages the build makes itself (lists), which editors may link to.
/// Reports a body's problems and returns the pages it links to, once each, sorted.
fn reported(
    page: &Page,
    text: &str,
    problems: &[super::Problem],
    resolver: Recording,
    diags: &Diagnostics,
) -> Vec<String> {
    for problem in problems {
        diags.push(body_diagnostic(page, text, problem), Some(text));
    }
    let mut links = resolver.seen.into_inner();
    links.sort();
    links.dedup();
    links
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

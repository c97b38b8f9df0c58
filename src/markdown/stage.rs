//! The Markdown stage over the whole site: every page's body prepared (headings and their
//! ids), the link index built from them, then each body rendered with its links resolved
//! and glossary terms linked.

use std::cell::RefCell;
use std::collections::HashSet;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::discover::Lang;
use crate::glossary::{GlossaryLinker, Term};
use crate::links::{LinkIndex, PageLinks};
use crate::model::prison::{EstablishmentType, Region};
use crate::site::{Page, Site};
use crate::templates::Theme;
use crate::theme_manifest::Ids;

use super::{Heading, LinkResolver, Prepared, Resolved};

/// A page's Markdown turned into HTML, with what it links to.
pub struct Body {
    pub html: String,
    pub toc: Vec<Heading>,
    pub text: String,
    /// Content paths of the pages it links to.
    pub links: Vec<String>,
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

/// Every page rendered: the bodies (in the order of `site.pages`), the link index they
/// were resolved with and the glossary linker, both kept by `serve` to render an edited
/// page again.
pub(crate) fn render_all(
    site: &Site,
    theme: &Theme,
    diags: &Diagnostics,
) -> (Vec<Body>, LinkIndex, GlossaryLinker) {
    let ids = &theme.manifest.ids;
    let prepared = prepare_all(site, ids);
    let index = link_index(site, &prepared, ids);
    let glossary = GlossaryLinker::new(glossary_terms(site));
    let raw_html = site.config.raw_html;
    let bodies = site
        .pages
        .par_iter()
        .zip(prepared.into_par_iter())
        .map(|(page, prepared)| {
            render_page(page, prepared, &index, Some(&glossary), raw_html, diags)
        })
        .collect();
    (bodies, index, glossary)
}

/// Each page's body parsed once, with its headings' ids (never one the theme reserves).
pub fn prepare_all<'s>(site: &'s Site, ids: &Ids) -> Vec<Prepared<'s>> {
    site.pages
        .par_iter()
        .map(|p| super::prepare(p.body(), &ids.reserved(&p.meta)))
        .collect()
}

/// Where every page, heading and page the build makes is, for resolving links.
pub fn link_index(site: &Site, prepared: &[Prepared], ids: &Ids) -> LinkIndex {
    let anchors = prepared.iter().map(Prepared::anchors).collect();
    LinkIndex::new(site, anchors, generated_urls(site), &ids.prison_sections)
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
    for problem in &rendered.problems {
        diags.push(page.body_diagnostic(problem), Some(&page.text));
    }
    let mut links = resolver.seen.into_inner();
    links.sort();
    links.dedup();
    Body {
        html: rendered.html,
        toc,
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
fn generated_urls(site: &Site) -> HashSet<String> {
    let mut urls: HashSet<String> = [
        "/",
        "/prisons.json",
        "/prisons.csv",
        "/updates.xml",
        "/sitemap.xml",
        "/search-index.json",
        crate::kinds::prison::LIST_URL,
        "/search/",
    ]
    .into_iter()
    .chain(crate::kinds::list_urls())
    .map(str::to_string)
    .collect();
    for r in Region::ALL {
        urls.insert(format!("/prisons/region/{}/", r.slug()));
    }
    for t in EstablishmentType::ALL {
        urls.insert(format!("/prisons/type/{}/", t.slug()));
    }
    for (p, _) in site.prisons() {
        urls.insert(format!("{}checklist/", p.url));
    }
    urls
}

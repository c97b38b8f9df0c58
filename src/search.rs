//! Full-text search without a server: a small JSON index of every guide, policy part,
//! evidence item and page (title, summary, headings and words), searched by a 2 KB script
//! on `/search/`. Prisons are found by name, town and postcode from `search-index.json`.
//!
//! Chosen over Pagefind: the whole index for this site is a few tens of KB gzipped, needs
//! no WebAssembly (which some cheap phones' browsers handle badly) and adds no build
//! dependencies; Pagefind becomes worth it when the text runs to megabytes.

use serde::Serialize;

use crate::discover::Lang;
use crate::output::OutputFile;
use crate::pipeline::Body;
use crate::site::{Meta, Site};
use crate::words::Words;

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    kind: &'static str,
    summary: Option<&'a str>,
    headings: Vec<&'a str>,
    /// `kind` in the index's language, as results show it.
    kind_name: &'a str,
    /// The page's words, de-duplicated and lower-cased, to keep the index small.
    words: String,
}

/// The site-search index for pages in `lang` (`search-pages.json`, `cy/search-pages.json`):
/// the Welsh one leads to the Welsh pages (a `.cy.md` text where there is one, else the
/// twin) and names each kind of page in Welsh.
pub fn index(site: &Site, bodies: &[Body], lang: Lang, w: &Words) -> OutputFile {
    let mut entries = Vec::new();
    for (page, body) in site.pages.iter().zip(bodies) {
        let kind = match page.meta {
            Meta::Guide(_) => "Guide",
            Meta::Policy(_) => "Policy",
            Meta::Evidence(_) => "Evidence",
            Meta::Plain(_) => "Page",
            Meta::PrisonPage(_) => "Prison notice",
            _ => continue,
        };
        if page.file.lang != Lang::En {
            continue;
        }
        let shown = match lang {
            Lang::En => page,
            Lang::Cy => site.translation_of(page).unwrap_or(page),
        };
        let url = match (lang, shown.file.lang) {
            (Lang::Cy, Lang::En) => format!("/cy{}", page.url),
            _ => shown.url.clone(),
        };
        let mut words: Vec<String> = body
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(crate::slug::fold_for_search)
            .collect();
        words.sort();
        words.dedup();
        entries.push(Entry {
            title: shown.meta.title(),
            url,
            kind,
            kind_name: w.get(kind_key(kind)),
            summary: shown.meta.summary(),
            headings: body.toc.iter().map(|h| h.text.as_str()).collect(),
            words: words.join(" "),
        });
    }
    // Families' guides first: results keep this order among equally good matches.
    let rank = |kind: &str| {
        ["Guide", "Prison notice", "Policy", "Evidence", "Page"]
            .iter()
            .position(|k| *k == kind)
    };
    entries.sort_by_key(|e| rank(e.kind));
    OutputFile {
        path: match lang {
            Lang::En => "search-pages.json".into(),
            Lang::Cy => "cy/search-pages.json".into(),
        },
        bytes: serde_json::to_vec(&entries).unwrap_or_default(),
    }
}

fn kind_key(kind: &str) -> &'static str {
    match kind {
        "Guide" => "kind_guide",
        "Policy" => "kind_policy",
        "Evidence" => "kind_evidence",
        "Prison notice" => "kind_prison_notice",
        _ => "kind_page",
    }
}

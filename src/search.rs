//! Full-text search without a server: a small JSON index of every guide, policy part,
//! evidence item, page and glossary term (title, summary, headings and words), searched by
//! `search.js` (about 5 KB gzipped) on `/search/`. Prisons are found by name, other names,
//! town and postcode from `search-index.json`, written by [`crate::find`].
//!
//! Chosen over Pagefind: the whole index for this site is a few tens of KB gzipped, needs
//! no WebAssembly (which some cheap phones' browsers handle badly) and adds no build
//! dependencies; Pagefind becomes worth it when the text runs to megabytes.

use serde::Serialize;

use crate::content::{Meta, Page, Site};
use crate::model::Lang;
use crate::output::OutputFile;
use crate::words::Words;

/// Pages about running the site and its data, which families do not need in their results.
fn for_editors(url: &str) -> bool {
    ["/editors/", "/open-data/"]
        .iter()
        .any(|prefix| url.starts_with(prefix))
}

fn fold_words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(crate::slug::fold_for_search)
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    kind: &'static str,
    /// Its kind's tier in the results (`kinds::SearchRank`), which `search.js` ranks by.
    rank: u8,
    summary: Option<&'a str>,
    headings: Vec<&'a str>,
    /// `kind` in the index's language, as results show it.
    kind_name: &'a str,
    /// The page's words, de-duplicated and lower-cased, to keep the index small.
    words: &'a str,
}

/// How the index names a page's kind (in English, and the theme word for it), for the
/// pages it lists whole; glossary entries are listed per term instead.
fn kind_of(page: &Page) -> Option<(&'static str, &'static str)> {
    if page.file.lang != Lang::En {
        return None;
    }
    match &page.meta {
        Meta::Plain(_) if for_editors(&page.url) => Some(("For editors", "kind_for_editors")),
        Meta::Plain(_) => Some(("Page", "kind_page")),
        Meta::PrisonPage(_) => Some(("Prison notice", "kind_prison_notice")),
        meta if meta.entry::<crate::model::GlossaryEntry>().is_some() => None,
        _ => crate::kinds::def(&page.file.kind).and_then(|d| d.search),
    }
}

/// A page's words as its index entry holds them (folded, sorted, each once), for the
/// pages the index lists: made while the body's text is at hand, so the text itself need
/// not be kept until the index is written.
pub(crate) fn words(page: &Page, text: &str) -> Option<String> {
    kind_of(page)?;
    // Two-letter words stay: families search for "ID".
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(crate::slug::fold_for_search)
        .collect();
    words.sort();
    words.dedup();
    Some(words.join(" "))
}

/// What the index needs of a page's body: the Markdown stage provides it, so the search
/// stage does not depend on that stage's types (and the stages do not import each other).
pub(crate) trait Indexed {
    fn headings(&self) -> Vec<&str>;
    fn search_words(&self) -> Option<&str>;
}

/// The site-search index for pages in `lang` (`search-pages.json`, `cy/search-pages.json`):
/// the Welsh one leads to the Welsh pages (a `.cy.md` text where there is one, else the
/// twin) and names each kind of page in Welsh.
pub fn index(
    site: &Site,
    bodies: &[impl Indexed],
    lang: Lang,
    w: &Words,
) -> Result<OutputFile, crate::diagnostics::Diagnostic> {
    let mut entries = Vec::new();
    let mut glossary = Vec::new();
    for (page, body) in site.pages.iter().zip(bodies) {
        if page.file.lang != Lang::En {
            continue;
        }
        if let Some(g) = page.meta.entry::<crate::model::GlossaryEntry>() {
            // One entry per term, found by its other spellings too, which the glossary
            // page no longer shows.
            let Some(slug) = page.file.kind.slug() else {
                continue;
            };
            let mut words: Vec<String> = g.also.iter().map(|a| fold_words(a)).collect();
            words.sort();
            words.dedup();
            let words = words.join(" ");
            glossary.push((format!("/glossary/#{slug}"), &g.term, &g.meaning, words));
            continue;
        }
        let Some((kind, kind_key)) = kind_of(page) else {
            continue;
        };
        let shown = match lang {
            Lang::En => page,
            Lang::Cy => site.translation_of(page).unwrap_or(page),
        };
        let url = match (lang, shown.file.lang) {
            (Lang::Cy, Lang::En) => format!("/cy{}", page.url),
            _ => shown.url.clone(),
        };
        entries.push(Entry {
            title: shown.meta.title(),
            url,
            kind,
            rank: crate::kinds::search_rank(kind).0,
            kind_name: w.get(kind_key),
            summary: shown.meta.summary(),
            headings: body.headings(),
            words: body.search_words().unwrap_or_default(),
        });
    }
    for (url, term, meaning, words) in &glossary {
        entries.push(Entry {
            title: term,
            url: format!("{}{url}", lang.prefix()),
            kind: "Prison word",
            rank: crate::kinds::search_rank("Prison word").0,
            kind_name: w.get("kind_prison_word"),
            summary: Some(meaning),
            headings: Vec::new(),
            words,
        });
    }
    // Families' pages first, editors' last: results keep this order among equally good
    // matches of one tier.
    entries.sort_by_key(|e| crate::kinds::search_rank(e.kind));
    let path: String = match lang {
        Lang::En => "search-pages.json".into(),
        Lang::Cy => "cy/search-pages.json".into(),
    };
    match serde_json::to_vec(&entries) {
        Ok(bytes) => Ok(OutputFile { path, bytes }),
        Err(e) => Err(crate::diagnostics::Diagnostic::error(format!(
            "cannot write the site search index {path}: {e}"
        ))
        .help("this is a bug in familyties: please report it with the page that was added last")),
    }
}

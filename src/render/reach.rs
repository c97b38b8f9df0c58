//! Which content pages show what other pages show of one page (its title, or a prison's
//! name, town and who it holds), so that `serve` renders only those after such an edit.

use std::collections::HashSet;

use crate::content::Kind;
use crate::content::{Meta, Site};
use crate::kinds::prison::LIST_URL;
use crate::markdown::Body;
use crate::model::Evidence;

use super::ctx::{Lookups, Regions};

/// The pages (indexes into `site.pages`) whose views show page `i`'s title or listing:
/// the page itself and its other language, a prison's own pages, the pages it links to
/// (each lists who links to it), the prisons it serves or names, the prisons that name
/// it (replaced by it, served or named by it) and its neighbours in the region. Called
/// before and after an edit, as a rename moves a prison among its neighbours.
pub(crate) fn pages_showing(
    site: &Site,
    bodies: &[Body],
    lookups: &Lookups,
    i: usize,
) -> HashSet<usize> {
    let page = &site.pages[i];
    let index = |content_path: &str| site.by_path.get(content_path).copied();
    let mut shown = HashSet::from([i]);
    let twin = site
        .pages
        .iter()
        .position(|p| p.url == page.url && p.file.lang != page.file.lang);
    shown.extend(twin);
    shown.extend(bodies[i].links.iter().filter_map(|t| index(t)));
    let own_prison = match &page.file.kind {
        Kind::Prison { slug } | Kind::PrisonPage { prison: slug, .. } => Some(slug.as_str()),
        _ => None,
    };
    let prisons_named: Vec<&str> = {
        let served = crate::kinds::def(&page.file.kind)
            .and_then(|d| d.serves.as_ref())
            .map(|s| (s.prisons)(&page.meta))
            .unwrap_or_default()
            .iter()
            .map(String::as_str);
        let evidence: Vec<&str> = page
            .meta
            .entry::<Evidence>()
            .map(|e| e.prisons.iter().map(String::as_str).collect())
            .unwrap_or_default();
        served.into_iter().chain(evidence).collect()
    };
    for slug in own_prison.into_iter().chain(prisons_named) {
        shown.extend(index(&format!("prisons/{slug}/index.md")));
    }
    if let Some(slug) = own_prison {
        // Its own pages, and the English pages that serve or name it.
        for map in [&lookups.own_pages, &lookups.serving, &lookups.evidence_for] {
            shown.extend(Lookups::get(map, slug));
        }
    }
    if let (Meta::Prison(prison), Kind::Prison { slug }) = (&page.meta, &page.file.kind) {
        let regions = Regions::new(site);
        for (k, p) in site.pages.iter().enumerate() {
            if let Meta::Prison(other) = &p.meta {
                let replaced = other.replaced_by.as_deref() == Some(slug.as_str());
                let beside = other.region == prison.region
                    && regions
                        .neighbours(p, other.region)
                        .any(|(n, _)| n.url == page.url);
                if replaced || beside {
                    shown.insert(k);
                }
            }
        }
    }
    shown
}

/// The lists (by English address) that show page `i`'s title or listing: a prison's A–Z,
/// region and type lists, the find pages that name it, the editors' report, and the same
/// for the prisons it replaced (their notes name it); another page's kind's list and the
/// search page. Called before and after an edit, as a new name files a prison under
/// another letter.
pub(crate) fn lists_showing(site: &Site, i: usize) -> HashSet<String> {
    let page = &site.pages[i];
    let mut urls = HashSet::new();
    if let (Meta::Prison(prison), Kind::Prison { slug }) = (&page.meta, &page.file.kind) {
        let replaced = site
            .prisons()
            .into_iter()
            .filter_map(|(_, p)| (p.replaced_by.as_deref() == Some(slug.as_str())).then_some(p));
        for p in std::iter::once(prison.as_ref()).chain(replaced) {
            urls.insert(LIST_URL.to_string());
            urls.insert(crate::status::PAGE_URL.to_string());
            urls.insert(format!("/prisons/region/{}/", p.region.slug()));
            urls.extend(
                p.types
                    .iter()
                    .map(|t| format!("/prisons/type/{}/", t.slug())),
            );
            urls.extend(crate::find::urls_showing(site, p));
        }
    } else if let Some(def) = crate::kinds::def(&page.file.kind) {
        urls.insert(def.list.url.to_string());
        if def.on_search_page {
            urls.insert("/search/".to_string());
        }
    }
    urls
}

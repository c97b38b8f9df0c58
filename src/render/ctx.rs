//! What every view looks up: the site, the theme's words, who links to what, each
//! prison's own pages, and how a page is linked from a page in either language.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::content::{Kind, Meta, Page, Site};
use crate::discover::Lang;
use crate::markdown::Body;
use crate::model::Evidence;
use crate::model::prison::Region;
use crate::templates::Theme;
use crate::views::Link;
use crate::words::Words;

/// Lookups shared by all the views.
pub(crate) struct Ctx<'a> {
    pub(crate) site: &'a Site,
    pub(crate) theme: &'a Theme,
    pub(crate) bodies: &'a [Body],
    /// Who links to what, each prison's own pages and who names it: made for a build,
    /// kept by `serve` between edits.
    pub(crate) lookups: Cow<'a, Lookups>,
    /// The open prisons of each region, in A–Z order.
    pub(crate) regions: Regions<'a>,
    /// The shared "how visits work" guide, ready to place in every prison page.
    pub(crate) shared_guidance: String,
}

/// The lookups of [`Ctx`] made from what no edit `serve` follows can change (the pages a
/// page links to, the kind and folder of each page, the prisons a page serves or names,
/// which files there are): at ten thousand prisons they take longer to make than the
/// pages an edit reaches take to render, so `serve` keeps them between edits. Pages are
/// indexes into `site.pages`.
#[derive(Clone, Default)]
pub(crate) struct Lookups {
    /// content path → pages that link to it
    pub(crate) backlinks: HashMap<String, Vec<usize>>,
    /// prison slug → its own pages (notices, family days, longer guides)
    pub(crate) own_pages: HashMap<String, Vec<usize>>,
    /// prison slug → the English pages of kinds that serve prisons (`KindDef::serves`)
    /// naming it, in the order of `site.pages`
    pub(crate) serving: HashMap<String, Vec<usize>>,
    /// prison slug → evidence items that name it in `prisons:`
    pub(crate) evidence_for: HashMap<String, Vec<usize>>,
    /// English addresses of the pages with a Welsh text of their own (`.cy.md`).
    pub(crate) welsh_texts: HashSet<String>,
}

impl Lookups {
    pub(crate) fn new(site: &Site, bodies: &[Body]) -> Self {
        let mut backlinks: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, body) in bodies.iter().enumerate() {
            for target in &body.links {
                match backlinks.get_mut(target.as_str()) {
                    Some(from) => from.push(i),
                    None => {
                        backlinks.insert(target.clone(), vec![i]);
                    }
                }
            }
        }
        let mut own_pages: HashMap<String, Vec<usize>> = HashMap::new();
        let mut evidence_for: HashMap<String, Vec<usize>> = HashMap::new();
        let mut serving: HashMap<String, Vec<usize>> = HashMap::new();
        let add =
            |map: &mut HashMap<String, Vec<usize>>, slug: &str, i: usize| match map.get_mut(slug) {
                Some(pages) => pages.push(i),
                None => {
                    map.insert(slug.to_string(), vec![i]);
                }
            };
        for (i, p) in site.pages.iter().enumerate() {
            match (&p.file.kind, &p.meta) {
                (Kind::PrisonPage { prison, .. }, _) => add(&mut own_pages, prison, i),
                (kind, meta) => {
                    if let Some(e) = meta.entry::<Evidence>() {
                        for slug in &e.prisons {
                            add(&mut evidence_for, slug, i);
                        }
                    }
                    let serves = crate::kinds::def(kind).and_then(|d| d.serves.as_ref());
                    if let Some(serves) = serves.filter(|_| p.file.lang == Lang::En) {
                        for slug in (serves.prisons)(meta) {
                            add(&mut serving, slug, i);
                        }
                    }
                }
            }
        }
        let welsh_texts = site
            .pages
            .iter()
            .filter(|p| p.file.lang == Lang::En && site.translation_of(p).is_some())
            .map(|p| p.url.clone())
            .collect();
        Lookups {
            backlinks,
            own_pages,
            serving,
            evidence_for,
            welsh_texts,
        }
    }

    /// The pages listed under `key` in `map`.
    pub(crate) fn get<'m>(map: &'m HashMap<String, Vec<usize>>, key: &str) -> &'m [usize] {
        map.get(key).map_or(&[], Vec::as_slice)
    }
}

impl<'a> Ctx<'a> {
    /// The lookups for `site`: those kept from before an edit (`lookups`), or made now.
    pub(crate) fn new(
        site: &'a Site,
        theme: &'a Theme,
        bodies: &'a [Body],
        lookups: Option<&'a Lookups>,
    ) -> Self {
        let lookups = match lookups {
            Some(kept) => Cow::Borrowed(kept),
            None => Cow::Owned(Lookups::new(site, bodies)),
        };
        // A summary and a link: the whole guide on 127 pages would bury each prison's own
        // facts and make every page long on a phone.
        let shared_guidance = site
            .by_path
            .get("guides/how-visits-work.md")
            .and_then(|&i| site.pages[i].meta.summary())
            .map_or_else(String::new, str::to_string);
        Ctx {
            site,
            theme,
            bodies,
            lookups,
            regions: Regions::new(site),
            shared_guidance,
        }
    }

    pub(crate) fn words(&self, lang: Lang) -> Words<'a> {
        static EMPTY: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
        let map = self
            .theme
            .words
            .get(&lang)
            .unwrap_or_else(|| EMPTY.get_or_init(BTreeMap::new));
        Words::new(lang, map)
    }

    /// An English page with no `.cy.md` text gets a Welsh twin at `/cy/...`, so the Welsh
    /// site has every page; its editor-written text stays in English, marked as such.
    pub(crate) fn needs_welsh_twin(&self, page: &Page) -> bool {
        page.file.lang == Lang::En
            && page.output_path().is_some()
            && self.site.translation_of(page).is_none()
    }

    /// A site address as seen from a page in `lang`: Welsh pages link to Welsh pages.
    pub(crate) fn url(&self, lang: Lang, url: &str) -> String {
        match lang {
            Lang::Cy if !url.starts_with("/cy/") => format!("/cy{url}"),
            _ => url.to_string(),
        }
    }

    /// Free text from a fixed set the theme may translate (who a prison holds, its
    /// category); text the theme has no words for stays as written, marked English.
    pub(crate) fn phrase(&self, lang: Lang, group: &str, text: &str) -> Link {
        let translated = match lang {
            Lang::En => None,
            Lang::Cy => self
                .theme
                .words
                .get(&lang)
                .and_then(|w| w.get(&format!("{group}:{text}"))),
        };
        match (lang, translated) {
            (Lang::En, _) => Link::new(text, ""),
            (_, Some(t)) => Link::new(t.as_str(), ""),
            (_, None) => Link::new(text, "").in_lang(Some("en")),
        }
    }

    pub(crate) fn word(&self, lang: Lang, key: &str, fallback: &str) -> String {
        self.theme
            .words
            .get(&lang)
            .and_then(|w| w.get(key))
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    }

    pub(crate) fn canonical(&self, url: &str) -> String {
        format!("{}{url}", self.site.config.base())
    }

    /// A link to `page` from a page in `lang`: to its text in that language where there is
    /// one, else to its twin, with the title marked as English.
    pub(crate) fn link_to(&self, lang: Lang, page: &Page) -> Link {
        let shown = if page.file.lang == lang {
            page
        } else {
            self.site
                .translation_of(page)
                .filter(|t| t.file.lang == lang)
                .unwrap_or(page)
        };
        // A prison is named in the reader's language (its facts are, whatever its body is).
        let (title, text_lang) = match &shown.meta {
            Meta::Prison(p) => (p.name_in(lang), None),
            _ => (
                shown.meta.title(),
                (shown.file.lang != lang).then_some(shown.file.lang.code()),
            ),
        };
        Link::new(title, self.url(lang, &shown.url))
            .with_note(shown.meta.summary().map(str::to_string))
            .in_lang(text_lang)
    }
}

impl<'a> crate::kinds::Lookups<'a> for Ctx<'a> {
    fn site(&self) -> &'a Site {
        self.site
    }
    fn words(&self, lang: Lang) -> Words<'a> {
        Ctx::words(self, lang)
    }
    fn link_to(&self, lang: Lang, page: &Page) -> Link {
        Ctx::link_to(self, lang, page)
    }
}

/// How many other prisons of its region a prison page lists.
const MAX_NEIGHBOURS: usize = 12;

/// The open prisons of each region in A–Z order, and each one's place in its region.
pub(crate) struct Regions<'a> {
    by_region: HashMap<Region, Vec<(&'a Page, &'a crate::model::Prison)>>,
    /// A listed prison's address → its place in its region's list, so a prison's
    /// neighbours are found without a scan of its region (quadratic in all).
    place: HashMap<&'a str, usize>,
}

impl<'a> Regions<'a> {
    pub(crate) fn new(site: &'a Site) -> Self {
        let mut by_region: HashMap<Region, Vec<_>> = HashMap::new();
        for (p, prison) in site.prisons() {
            if prison.status.is_listed() {
                by_region
                    .entry(prison.region)
                    .or_default()
                    .push((p, prison));
            }
        }
        let place = by_region
            .values()
            .flat_map(|list| {
                list.iter()
                    .enumerate()
                    .map(|(k, (p, _))| (p.url.as_str(), k))
            })
            .collect();
        Regions { by_region, place }
    }

    /// The prisons a prison page lists beside it: at most a dozen, the ones beside it in
    /// its region's A–Z (a real region has about twenty prisons, and the region's own
    /// list has them all).
    pub(crate) fn neighbours(
        &self,
        page: &Page,
        region: Region,
    ) -> impl Iterator<Item = &(&'a Page, &'a crate::model::Prison)> {
        let region = self.by_region.get(&region).map_or(&[][..], Vec::as_slice);
        let here = self.place.get(page.url.as_str()).copied().unwrap_or(0);
        let from = here
            .saturating_sub(MAX_NEIGHBOURS / 2)
            .min(region.len().saturating_sub(MAX_NEIGHBOURS + 1));
        let url = page.url.clone();
        region
            .iter()
            .skip(from)
            .filter(move |(p, _)| p.url != url)
            .take(MAX_NEIGHBOURS)
    }
}

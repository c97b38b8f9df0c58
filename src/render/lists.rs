//! The pages the build makes itself: the prison lists (A–Z, by region, by type), the
//! guides, policy, evidence and glossary lists, search, the find pages, 404 and the
//! editors' status page.

use std::collections::BTreeMap;

use crate::content::{Meta, Page};
use crate::discover::Lang;
use crate::model::prison::{EstablishmentType, Region};
use crate::views::{Group, Link, PageView};

use super::Job;
use super::ctx::Ctx;
use crate::kinds::{Items, prison};

impl<'a> Ctx<'a> {
    /// A page the build makes (a list), in `lang`, at the English address `url`.
    fn list_view(&self, lang: Lang, kind: &'static str, url: &str, title: String) -> PageView<'a> {
        let other = match lang {
            Lang::En => Lang::Cy,
            Lang::Cy => Lang::En,
        };
        PageView {
            kind,
            canonical: self.canonical(&self.url(lang, url)),
            url: self.url(lang, url),
            title,
            lang: lang.code(),
            translation: Some(
                Link::new("", self.url(other, url)).with_note(Some(other.code().to_string())),
            ),
            breadcrumbs: vec![Link::new(
                self.word(lang, "home", "Home"),
                self.url(lang, "/"),
            )],
            ..PageView::default()
        }
    }

    /// The lists in `lang` whose English address `wanted` lets through.
    pub(super) fn list_jobs(
        &self,
        lang: Lang,
        wanted: &dyn Fn(&str) -> bool,
        emit: &mut dyn FnMut(Job<'a>),
    ) {
        let words = self.words(lang);
        let prisons = self.site.prisons();
        // Who it holds and the town tell apart prisons with one name (the two Felthams).
        let prison_link = |p: &Page, prison: &crate::model::Prison| {
            let note = crate::find::details_in(self.site, prison, &words);
            Link::new(prison.name_in(lang), self.url(lang, &p.url)).with_note(note)
        };
        let job = |template: &str, view: PageView<'a>| Job {
            template: template.to_string(),
            path: format!("{}index.html", view.url.trim_start_matches('/')),
            lang,
            from: format!("the list at {}", view.url),
            view,
        };
        // A–Z
        if wanted(prison::LIST_URL) {
            let mut letters: BTreeMap<String, Vec<Link>> = BTreeMap::new();
            for (p, prison) in &prisons {
                let letter = prison
                    .sort_name()
                    .chars()
                    .next()
                    .map_or("#".to_string(), |c| c.to_uppercase().to_string());
                letters
                    .entry(letter)
                    .or_default()
                    .push(prison_link(p, prison));
            }
            let mut az = self.list_view(
                lang,
                "prisons",
                prison::LIST_URL,
                self.word(lang, prison::LIST_TITLE.0, prison::LIST_TITLE.1),
            );
            // Every prison is in a letter's group; a second, flat list of them all was a
            // copy the A–Z page never showed (30 MB at 30,000 prisons).
            az.groups = Group::by_letter(letters);
            emit(job(prison::LIST_TEMPLATE, az));
        }
        let prisons_crumb = Link::new(
            self.word(lang, prison::CRUMB.0, prison::CRUMB.1),
            self.url(lang, prison::LIST_URL),
        );
        for region in Region::ALL {
            let url = format!("/prisons/region/{}/", region.slug());
            if !wanted(&url) {
                continue;
            }
            let items: Vec<Link> = prisons
                .iter()
                .filter(|(_, p)| p.region == region)
                .map(|(p, prison)| prison_link(p, prison))
                .collect();
            let mut v = self.list_view(
                lang,
                "region",
                &url,
                words.fill("prisons_in", &[("region", words.region(region))]),
            );
            v.breadcrumbs.push(prisons_crumb.clone());
            v.items = items;
            emit(job(prison::LIST_TEMPLATE, v));
        }
        for t in EstablishmentType::ALL {
            let url = format!("/prisons/type/{}/", t.slug());
            if !wanted(&url) {
                continue;
            }
            let items: Vec<Link> = prisons
                .iter()
                .filter(|(_, p)| p.types.contains(&t))
                .map(|(p, prison)| prison_link(p, prison))
                .collect();
            if items.is_empty() {
                continue;
            }
            let mut v = self.list_view(lang, "type", &url, words.establishment_type(t).to_string());
            v.breadcrumbs.push(prisons_crumb.clone());
            v.items = items;
            emit(job(prison::LIST_TEMPLATE, v));
        }
        // The lists of the folder-of-pages kinds (guides, policy, evidence, glossary...).
        for def in crate::kinds::ALL {
            let list = &def.list;
            if !wanted(list.url) {
                continue;
            }
            let (key, fallback) = list.title;
            let mut view = self.list_view(
                lang,
                list.view_kind,
                list.url,
                self.word(lang, key, fallback),
            );
            match list.items {
                Items::Ordered(order) => view.items = self.ordered(lang, order),
                Items::Custom(fill) => fill(self, lang, &mut view),
            }
            emit(job(list.template, view));
        }
        if wanted("/search/") {
            let mut search = self.list_view(
                lang,
                "search",
                "/search/",
                self.word(lang, "search_title", "Search this site"),
            );
            search.items = self
                .site
                .pages
                .iter()
                .filter(|p| {
                    p.file.lang == Lang::En
                        && crate::kinds::def(&p.file.kind).is_some_and(|d| d.on_search_page)
                })
                .map(|p| self.link_to(lang, p))
                .collect();
            emit(job("search.html", search));
        }
        crate::find::pages_in(self.site, &words, wanted, &mut |f| {
            let mut v = self.list_view(lang, f.kind, &f.url, f.title);
            v.summary = f.summary;
            v.breadcrumbs.push(prisons_crumb.clone());
            v.items = f.items;
            v.groups = f.groups;
            emit(job("find.html", v));
        });
        if wanted("/404.html") {
            let mut not_found = self.list_view(
                lang,
                "not_found",
                "/404.html",
                self.word(lang, "not_found_title", "Page not found"),
            );
            not_found.breadcrumbs.clear();
            not_found.translation = None;
            emit(Job {
                template: "404.html".to_string(),
                path: not_found.url.trim_start_matches('/').to_string(),
                lang,
                from: "the 404 page".to_string(),
                view: not_found,
            });
        }
        // The editors' to-do list is for editors, who work in English.
        if lang == Lang::En && wanted(crate::status::PAGE_URL) {
            let mut status = self.list_view(
                lang,
                "editors_status",
                crate::status::PAGE_URL,
                "What to check next".into(),
            );
            status.translation = None;
            emit(job(
                "editors_status.html",
                crate::status::page_view(
                    &crate::status::report(self.site, crate::status::Keep::NeedsCheck),
                    status,
                ),
            ));
        }
    }

    /// A kind's English pages in the order `order` gives them (then by title), each linked
    /// in `lang`.
    fn ordered(&self, lang: Lang, order: fn(&Meta) -> Option<i64>) -> Vec<Link> {
        let mut list: Vec<(Option<i64>, &Page)> = self
            .site
            .pages
            .iter()
            .filter(|p| p.file.lang == Lang::En)
            .filter_map(|p| Some((order(&p.meta)?, p)))
            .map(|(o, p)| (Some(o), p))
            .collect();
        list.sort_by(|a, b| (a.0, a.1.meta.title()).cmp(&(b.0, b.1.meta.title())));
        list.into_iter()
            .map(|(_, p)| self.link_to(lang, p))
            .collect()
    }
}

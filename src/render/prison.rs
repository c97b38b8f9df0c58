//! A prison page's own view: its facts, notices, pages, the evidence and guides that
//! name it, and its neighbours in the region.

use crate::content::{Kind, Meta, Page};
use crate::discover::Lang;
use crate::model::prison::is_active;
use crate::model::{Evidence, PolicyPart, PrisonPageKind};
use crate::views::{Link, PrisonView, ServedBy, ServedLink};

use super::ctx::{Ctx, Lookups};

impl<'a> Ctx<'a> {
    /// A prison's front matter as a template value, made once for all its pages; `None`
    /// for any other page.
    pub(super) fn prison_data(page: &Page) -> Option<tera::Value> {
        let Meta::Prison(prison) = &page.meta else {
            return None;
        };
        // A prison's front matter is plain data (strings, numbers, lists, maps with
        // string keys), which always serialises.
        Some(tera::Value::try_from_serializable(&**prison).unwrap_or_else(|_| tera::Value::none()))
    }

    /// `data`: the prison's front matter as a template value ([`Ctx::prison_data`]).
    pub(super) fn prison_view(
        &self,
        page: &'a Page,
        lang: Lang,
        data: &tera::Value,
    ) -> Option<PrisonView<'a>> {
        let words = self.words(lang);
        let Meta::Prison(prison) = &page.meta else {
            return None;
        };
        let Kind::Prison { slug } = &page.file.kind else {
            return None;
        };
        let today = self.site.today;
        let own_prefix = format!("prisons/{slug}/");
        let mut pages = Vec::new();
        let mut page_notices = Vec::new();
        let own_pages = Lookups::get(&self.lookups.own_pages, slug);
        for p in own_pages.iter().map(|&k| &self.site.pages[k]) {
            if let Meta::PrisonPage(pp) = &p.meta {
                if p.file.lang != Lang::En || !pp.shows_on(today) {
                    continue;
                }
                let link = self.link_to(lang, p);
                if pp.kind == PrisonPageKind::Page {
                    pages.push(link);
                } else {
                    page_notices.push(link.clone());
                    pages.push(link);
                }
            }
        }
        let mentioned: Vec<&Page> = Lookups::get(&self.lookups.backlinks, &page.file.content_path)
            .iter()
            .map(|&i| &self.site.pages[i])
            .collect();
        let mut evidence: Vec<Link> = Lookups::get(&self.lookups.evidence_for, slug)
            .iter()
            .map(|&k| &self.site.pages[k])
            .chain(
                mentioned
                    .iter()
                    .copied()
                    .filter(|p| p.meta.entry::<Evidence>().is_some()),
            )
            .map(|p| self.link_to(lang, p))
            .collect();
        evidence.sort();
        evidence.dedup();
        let policy = mentioned
            .iter()
            .filter(|p| p.meta.entry::<PolicyPart>().is_some())
            .map(|p| self.link_to(lang, p))
            .collect();
        let mentioned_by = mentioned
            .iter()
            .filter(|p| {
                p.meta.entry::<PolicyPart>().is_none()
                    && p.meta.entry::<Evidence>().is_none()
                    && !p.file.content_path.starts_with(&own_prefix)
            })
            .map(|p| self.link_to(lang, p))
            .collect();
        let neighbours = self
            .regions
            .neighbours(page, prison.region)
            .map(|(p, other)| {
                Link::new(other.name_in(lang), self.url(lang, &p.url))
                    .with_note(other.town().map(str::to_string))
            })
            .collect();
        let replaced_by = prison.replaced_by.as_ref().and_then(|s| {
            self.site
                .page(&format!("prisons/{s}/index.md"))
                .map(|p| self.link_to(lang, p))
        });
        let shared = self.site.by_path.get("guides/how-visits-work.md").copied();
        Some(PrisonView {
            slug,
            data: data.clone(),
            region: words.region(prison.region).to_string(),
            region_url: self.url(lang, &format!("/prisons/region/{}/", prison.region.slug())),
            holds: prison
                .holds
                .as_deref()
                .map(|h| self.phrase(lang, "holds", h)),
            category: prison
                .category
                .as_deref()
                .map(|c| self.phrase(lang, "category", c)),
            name: prison.name_in(lang).to_string(),
            types: prison
                .types
                .iter()
                .map(|t| {
                    Link::new(
                        t.code(),
                        self.url(lang, &format!("/prisons/type/{}/", t.slug())),
                    )
                    .with_note(Some(words.establishment_type(*t).to_string()))
                })
                .collect(),
            facts: crate::prison_facts::view(
                prison,
                today,
                self.site.config.facts_stale_after_months,
                &words,
            ),
            notices: prison
                .notices
                .iter()
                .filter(|n| is_active(n.starts, n.ends, today))
                .collect(),
            page_notices,
            pages,
            evidence,
            policy,
            mentioned_by,
            neighbours,
            served_by: self.served_by(slug, lang),
            replaced_by,
            status: match prison.status {
                crate::model::prison::Status::Open => "open",
                crate::model::prison::Status::Closed => "closed",
                crate::model::prison::Status::TemporarilyClosed => "temporarily_closed",
                crate::model::prison::Status::ReRoled => "re_roled",
            },
            closed_on: prison.closed_on.map(|d| words.date(d)),
            checklist_url: self.url(lang, &format!("{}checklist/", page.url)),
            guide_url: self.url(lang, &page.url),
            shared_guidance: self.shared_guidance.clone(),
            shared_guidance_url: shared.map(|i| self.link_to(lang, &self.site.pages[i]).url),
            id_guide_url: self
                .site
                .page("guides/what-id-to-bring.md")
                .map(|p| self.link_to(lang, p).url),
            postcode_area: prison.postcode().map(|p| p.outward()),
        })
    }

    /// The pages of each kind that serve the prison `slug` (`KindDef::serves`): a section
    /// per kind, in the order of `kinds::ALL`, its pages A–Z.
    fn served_by(&self, slug: &str, lang: Lang) -> Vec<ServedBy> {
        let words = self.words(lang);
        let pages: Vec<&Page> = Lookups::get(&self.lookups.serving, slug)
            .iter()
            .map(|&k| &self.site.pages[k])
            .collect();
        crate::kinds::ALL
            .iter()
            .filter_map(|&def| {
                let serves = def.serves.as_ref()?;
                let mut items: Vec<ServedLink> = pages
                    .iter()
                    .filter(|p| crate::kinds::def(&p.file.kind) == Some(def))
                    .map(|p| ServedLink {
                        link: self.link_to(lang, p),
                        from: (serves.from)(&p.meta, &words),
                    })
                    .collect();
                if items.is_empty() {
                    return None;
                }
                items.sort_by(|a, b| a.link.title.cmp(&b.link.title));
                let (key, fallback) = serves.title;
                let (more, more_fallback) = serves.more;
                Some(ServedBy {
                    id: serves.id,
                    title: self.word(lang, key, fallback),
                    items,
                    more: Link::new(
                        self.word(lang, more, more_fallback),
                        self.url(lang, def.list.url),
                    ),
                })
            })
            .collect()
    }
}

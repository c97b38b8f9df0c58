//! What every template sees as `site`: the title, the browse lists with their counts.

use std::collections::BTreeMap;

use crate::content::Site;
use crate::discover::Lang;
use crate::model::prison::{EstablishmentType, Region};
use crate::templates::Theme;
use crate::views::Link;
use crate::words::Words;

#[derive(serde::Serialize)]
pub(crate) struct SiteGlobals<'a> {
    title: &'a str,
    title_cy: Option<&'a str>,
    description: Option<&'a str>,
    base_url: &'a str,
    build_date: String,
    /// Regions and types with their counts, per language code (`site.lists[lang]`).
    lists: BTreeMap<&'static str, Browse>,
    prison_count: usize,
    /// Whether there is a Welsh home page to link Welsh pages to.
    welsh_home: bool,
    /// The helpline the footer and checklists show (`helpline` in site.yaml), per language
    /// code; empty when the site names none.
    helpline: BTreeMap<&'static str, Helpline<'a>>,
}

/// A phone line with where the number comes from, as its organisation's page shows it.
#[derive(serde::Serialize)]
struct Helpline<'a> {
    name: &'a str,
    /// Its organisation's page, in the page's language.
    url: String,
    phone: &'a str,
    free_to_call: bool,
    /// The first source its contact facts name: the one the number is taken from (all of
    /// them are on its own page).
    source: Option<crate::prison_facts::SourceLine>,
}

#[derive(serde::Serialize)]
struct Browse {
    regions: Vec<Link>,
    types: Vec<Link>,
}

pub(crate) fn site_globals<'s>(site: &'s Site, theme: &Theme) -> SiteGlobals<'s> {
    let prisons = site.prisons();
    let mut lists = BTreeMap::new();
    for lang in [Lang::En, Lang::Cy] {
        let Some(map) = theme.words.get(&lang) else {
            continue;
        };
        let words = Words::new(lang, map);
        let p = lang.prefix();
        let regions = Region::ALL
            .iter()
            .map(|r| {
                let n = prisons.iter().filter(|(_, p)| p.region == *r).count();
                Link::new(
                    words.region(*r),
                    format!("{p}/prisons/region/{}/", r.slug()),
                )
                .with_note(Some(n.to_string()))
            })
            .collect();
        let types = EstablishmentType::ALL
            .iter()
            .filter_map(|t| {
                let n = prisons.iter().filter(|(_, p)| p.types.contains(t)).count();
                (n > 0).then(|| {
                    Link::new(
                        words.establishment_type(*t),
                        format!("{p}/prisons/type/{}/", t.slug()),
                    )
                    .with_note(Some(n.to_string()))
                })
            })
            .collect();
        lists.insert(lang.code(), Browse { regions, types });
    }
    SiteGlobals {
        title: &site.config.title,
        title_cy: site.config.title_cy.as_deref(),
        description: site.config.description.as_deref(),
        base_url: site.config.base(),
        build_date: site.today.to_string(),
        lists,
        prison_count: prisons.iter().filter(|(_, p)| p.status.is_listed()).count(),
        welsh_home: site.page("index.cy.md").is_some(),
        helpline: helpline(site, theme),
    }
}

/// The site's helpline in each language, when `helpline` names an organisation with a
/// phone number (the checks report it otherwise).
fn helpline<'s>(site: &'s Site, theme: &Theme) -> BTreeMap<&'static str, Helpline<'s>> {
    let mut out = BTreeMap::new();
    let Some(name) = &site.config.helpline else {
        return out;
    };
    let Some(page) = site.page(&format!("support/{name}.md")) else {
        return out;
    };
    let Some(org) = page.meta.entry::<crate::model::support::Support>() else {
        return out;
    };
    let Some((contact, phone)) = org
        .contact
        .as_ref()
        .and_then(|c| Some((c, c.phone.as_ref()?)))
    else {
        return out;
    };
    for lang in [Lang::En, Lang::Cy] {
        let Some(map) = theme.words.get(&lang) else {
            continue;
        };
        let words = Words::new(lang, map);
        let source = crate::prison_facts::source_lines(&org.sources, &contact.source, &words)
            .into_iter()
            .next();
        out.insert(
            lang.code(),
            Helpline {
                name: &org.name,
                url: format!("{}{}", lang.prefix(), page.url),
                phone: &phone.0,
                free_to_call: contact.free_to_call == Some(true),
                source,
            },
        );
    }
    out
}

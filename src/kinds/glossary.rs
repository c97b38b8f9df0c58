//! Prison words explained (`content/glossary/`): no page each, but one list at
//! `/glossary/` with an entry at `#<slug>`, linked from the first use on other pages.

use std::collections::BTreeMap;

use super::{Items, KindDef, ListDef, Lookups};
use crate::content::Page;
use crate::diagnostics::Severity;
use crate::model::GlossaryEntry;
use crate::model::Lang;
use crate::views::{Group, Link, PageView};

pub(crate) static DEF: KindDef = KindDef {
    name: "glossary",
    folder: "glossary",
    template: None,
    parse: super::parse::<GlossaryEntry>,
    list: ListDef {
        url: "/glossary/",
        template: "glossary.html",
        view_kind: "glossary",
        title: ("glossary_title", "Prison words explained"),
        crumb: None,
        items: Items::Custom(list),
    },
    // A glossary entry explains a word; it is reported, but does not stop a build.
    needs_sources: Some(("glossary entry", Severity::Warning)),
    reviewed: false,
    reading_check: false,
    wants_welsh: false,
    // Each term is in the search index in its own way (see `search`).
    search: None,
    // Unused: its terms are ranked as "Prison word" (`search_rank`).
    search_rank: (1, 1),
    on_search_page: false,
    view: None,
    serves: None,
    validate: None,
    new_page: None,
};

/// The terms A–Z, grouped by letter.
fn list<'a>(ctx: &dyn Lookups<'a>, lang: Lang, glossary: &mut PageView<'a>) {
    let mut entries: Vec<(&Page, &GlossaryEntry)> = ctx
        .site()
        .pages
        .iter()
        .filter_map(|p| Some((p, p.meta.entry::<GlossaryEntry>()?)))
        .collect();
    entries.sort_by_key(|(_, g)| g.term.to_lowercase());
    glossary.items = entries
        .iter()
        .map(|(p, g)| {
            let id = p.file.kind.slug().unwrap_or_default().to_string();
            // The other spellings (`also`) are for search and linking, not for reading.
            // Terms and meanings are written in English only, so far.
            Link::new(&g.term, id)
                .with_note(Some(g.meaning.clone()))
                .in_lang((lang != Lang::En).then_some("en"))
        })
        .collect();
    let mut by_letter: BTreeMap<String, Vec<Link>> = BTreeMap::new();
    for item in &glossary.items {
        let letter = crate::slug::slugify(&item.title)
            .chars()
            .next()
            .map_or("#".to_string(), |c| c.to_ascii_uppercase().to_string());
        by_letter.entry(letter).or_default().push(item.clone());
    }
    glossary.groups = Group::by_letter(by_letter);
}

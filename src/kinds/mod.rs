//! One definition per content kind that is a folder of pages (`content/<folder>/<slug>.md`):
//! its folder, how its front matter is typed, its template and address, how it is listed,
//! and what the checks, search and `familyties new` need to know of it. Discovery, loading,
//! validation, the views, the search index and the list pages all read `ALL`.
//!
//! Adding a kind touches only its own files and two lists:
//! - its front matter type, `model/<kind>.rs` (with `FrontMatter`; any such type is a
//!   `Meta::Entry`, read back with `meta.entry::<T>()`), and its `pub mod` line in `model/`;
//! - its `KindDef` in `kinds/<kind>.rs`, with its `mod` line and its line in `ALL` here:
//!   list, search place, view (its facts reach templates as `page.<name>`), checks, the
//!   prisons it serves (listed on each prison's page through the theme's one
//!   `partials/served_by.html`) and the text `familyties new` starts a page with;
//! - its templates, listed in the theme's `theme.yaml` (with `<id>-title` if it serves
//!   prisons), and its words in the theme's `i18n/`;
//! - its docs and its test.
//!
//! A page names its kind (`content::Kind::Entry`) and `def` looks the definition up: the
//! definitions take pages, so the pages sit below the kinds and cannot hold them.
//!
//! The home page, prisons (a folder each, with their own pages) and free-standing pages
//! have shapes of their own (`content::Kind`, `discover::classify`); the prison's rich
//! views stay in `render::prison`.

mod evidence;
mod glossary;
mod guide;
mod policy;
pub mod prison;
pub(crate) mod support;

use crate::content::{Kind, Meta, Page, Site};
use crate::diagnostics::{Diagnostic, Severity};
use crate::frontmatter::Split;
use crate::model::EntryMeta;
use crate::model::Lang;
use crate::model::fields::Date;
use crate::prison_facts::SourceLine;
use crate::views::{Link, PageView};
use crate::words::Words;

/// Every folder-of-pages kind, in the order their lists are made.
pub(crate) static ALL: &[&KindDef] = &[
    &guide::DEF,
    &policy::DEF,
    &evidence::DEF,
    &glossary::DEF,
    &support::DEF,
];

/// What a kind's view and list need from the views stage, which provides them
/// (`render::Ctx`): the kinds depend on this, not on the stage that reads them.
pub(crate) trait Lookups<'a> {
    fn site(&self) -> &'a Site;
    /// The theme's words in `lang`.
    fn words(&self, lang: Lang) -> Words<'a>;
    /// A link to `page` from a page in `lang` (to its text in that language where there
    /// is one).
    fn link_to(&self, lang: Lang, page: &Page) -> Link;
}

/// What a page of a kind adds to its view.
pub(crate) type AddToView = for<'a> fn(&dyn Lookups<'a>, &'a Page, Lang, &mut PageView<'a>);

/// Checks a page of a kind against the rest of the site, reporting each problem.
pub(crate) type Validate = fn(&Site, &Page, &dyn Fn(Diagnostic));

/// A kind of page kept as a folder of Markdown files.
pub struct KindDef {
    /// What templates see as `page.kind`.
    pub name: &'static str,
    /// Its folder under `content/`.
    pub folder: &'static str,
    /// The template of each page; `None` when its pages have no address of their own
    /// (glossary entries are shown on the list, each at `#<slug>`).
    pub template: Option<&'static str>,
    /// Types a file's front matter.
    pub(crate) parse: fn(&str, &Split) -> Result<Meta, Diagnostic>,
    pub(crate) list: ListDef,
    /// What a page without `sources:` is called, and how bad that is.
    pub(crate) needs_sources: Option<(&'static str, Severity)>,
    /// Whether a page warns when it has no `last_reviewed` date or an old one.
    pub(crate) reviewed: bool,
    /// Whether its English pages get the reading check (grade, jargon).
    pub(crate) reading_check: bool,
    /// Whether families read it, so a missing Welsh text is on the translators' list.
    pub(crate) wants_welsh: bool,
    /// In the site search: the kind as results name it in English, and the theme's word
    /// for it; `None` when its pages are not in the index this way.
    pub(crate) search: Option<(&'static str, &'static str)>,
    /// Where its results come in the site search (see [`SearchRank`]; [`search_rank`]
    /// places the kinds that are not in `ALL` too).
    pub(crate) search_rank: SearchRank,
    /// Whether its pages are listed on `/search/` for readers without JavaScript.
    pub(crate) on_search_page: bool,
    /// What a page of this kind adds to its view (links to related pages, its facts).
    pub(crate) view: Option<AddToView>,
    /// The prisons its pages serve, each of which lists them; `None` for most kinds.
    pub(crate) serves: Option<Serves>,
    /// Checks across files (references to other pages, sources of its facts).
    pub(crate) validate: Option<Validate>,
    /// The text `familyties new <name> "<Name>"` starts a page with (every field listed and
    /// explained), given the name already written as a YAML scalar; `None` when `new` does
    /// not make this kind.
    pub(crate) new_page: Option<fn(&str, Date) -> String>,
}

/// The page that lists a kind's pages.
pub(crate) struct ListDef {
    pub url: &'static str,
    pub template: &'static str,
    /// What the list's template sees as `page.kind`.
    pub view_kind: &'static str,
    /// The theme's word for the list's title, and the English to use without one.
    pub title: (&'static str, &'static str),
    /// The word and English for the breadcrumb back to the list from each page; `None`
    /// when its pages have none (they have no page of their own).
    pub crumb: Option<(&'static str, &'static str)>,
    pub items: Items,
}

/// Pages that name the prisons they serve (the organisations that run a visitors' centre):
/// each of those prisons' pages lists them in a section of its own, A–Z, each with the
/// sources that say so and a link to the kind's list.
pub(crate) struct Serves {
    /// The prisons (folder names under `content/prisons/`) a page names.
    pub prisons: fn(&Meta) -> &[String],
    /// Where the fact that it serves them came from, in the reader's language.
    pub from: fn(&Meta, &Words) -> Vec<SourceLine>,
    /// The section's id on the prison page (its heading is `<id>-title`, one of the ids
    /// the theme declares in `theme.yaml`).
    pub id: &'static str,
    /// The theme's word for the section's heading, and the English without one.
    pub title: (&'static str, &'static str),
    /// The word and English for the link to the kind's list.
    pub more: (&'static str, &'static str),
}

/// Types a file's front matter as `T`, a kind's own type (`parse: super::parse::<Guide>`).
pub(crate) fn parse<T>(text: &str, split: &Split) -> Result<Meta, Diagnostic>
where
    T: EntryMeta + serde::de::DeserializeOwned,
{
    Ok(Meta::Entry(Box::new(crate::frontmatter::parse::<T>(
        text, split,
    )?)))
}

/// How a list is filled.
pub(crate) enum Items {
    /// Each English page in order of this key, then title.
    Ordered(fn(&Meta) -> Option<i64>),
    /// Made by the kind itself (groups by topic and year, an A–Z of terms).
    Custom(for<'a> fn(&dyn Lookups<'a>, Lang, &mut PageView<'a>)),
}

impl KindDef {
    /// The address of the page `slug` of this kind, for pages in `lang`.
    pub fn url(&self, lang: Lang, slug: &str) -> String {
        let p = lang.prefix();
        match self.template {
            Some(_) => format!("{p}/{}/{slug}/", self.folder),
            None => format!("{p}{}#{slug}", self.list.url),
        }
    }
}

// A kind is one of the statics in `ALL`: two are the same kind when they have the same
// name.
impl PartialEq for KindDef {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for KindDef {}

impl std::fmt::Debug for KindDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// The definition of a page's kind, for the folder-of-pages kinds; `None` for the home
/// page, prisons and their pages, and free-standing pages.
pub(crate) fn def(kind: &Kind) -> Option<&'static KindDef> {
    match kind {
        Kind::Entry { kind, .. } => Some(named(kind)),
        _ => None,
    }
}

/// The kind a page of a folder-of-pages kind names (`Kind::Entry { kind, .. }`).
pub(crate) fn named(name: &str) -> &'static KindDef {
    // Only `discover` makes entries, naming a kind it found in `ALL` by its folder.
    by_name(name).expect("a page's kind is one of `kinds::ALL`")
}

/// The kind templates and `familyties new` call `name`.
pub(crate) fn by_name(name: &str) -> Option<&'static KindDef> {
    ALL.iter().copied().find(|k| k.name == name)
}

/// The kind kept in `content/<folder>/`.
pub(crate) fn by_folder(folder: &str) -> Option<&'static KindDef> {
    ALL.iter().copied().find(|k| k.folder == folder)
}

/// The templates the kinds render with (pages and lists, prisons' included), for the
/// theme's contract.
pub fn templates() -> impl Iterator<Item = &'static str> {
    [
        prison::TEMPLATE,
        prison::CHECKLIST_TEMPLATE,
        prison::PAGE_TEMPLATE,
        prison::LIST_TEMPLATE,
    ]
    .into_iter()
    .chain(
        ALL.iter()
            .flat_map(|k| k.template.into_iter().chain([k.list.template])),
    )
}

/// Where a kind's results come in the site search, which the index gives each entry
/// (`search.js` ranks by it): `(tier, order)`. Results come by tier first, lower first,
/// and within a tier by how well each matches (one with the words only in its text drops
/// one and a half tiers); among equally good matches of one tier, the lower order first.
pub(crate) type SearchRank = (u8, u8);

/// Where free-standing pages come, and any kind of result without a place of its own.
const PAGE_SEARCH_RANK: SearchRank = (3, 0);

/// The search results of kinds that are not in `ALL`, placed among theirs.
const OTHER_SEARCH_RANKS: &[(&str, SearchRank)] = &[
    ("Prison notice", (0, 1)),
    ("Prison word", (1, 1)),
    ("Page", PAGE_SEARCH_RANK),
    ("For editors", (5, 0)),
];

/// Where results of the kind that results name `label` ("Guide", "Prison notice") come:
/// families' pages first, editors' last.
pub(crate) fn search_rank(label: &str) -> SearchRank {
    ALL.iter()
        .find(|k| k.search.is_some_and(|(l, _)| l == label))
        .map(|k| k.search_rank)
        .or_else(|| {
            OTHER_SEARCH_RANKS
                .iter()
                .find(|(l, _)| *l == label)
                .map(|(_, r)| *r)
        })
        .unwrap_or(PAGE_SEARCH_RANK)
}

/// The addresses of their lists, which editors may link to.
pub(crate) fn list_urls() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|k| k.list.url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_results_of_every_kind_have_a_place_families_pages_first() {
        let labels = [
            "Guide",
            "Prison notice",
            "Support",
            "Prison word",
            "Policy",
            "Evidence",
            "Page",
            "For editors",
        ];
        // A label without a place would rank as a page, out of this order.
        let ranks: Vec<SearchRank> = labels.iter().map(|l| search_rank(l)).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
    }

    #[test]
    fn no_two_kinds_of_result_share_a_place() {
        let mut places: Vec<SearchRank> = ALL
            .iter()
            .filter(|k| k.search.is_some())
            .map(|k| k.search_rank)
            .chain(OTHER_SEARCH_RANKS.iter().map(|(_, r)| *r))
            .collect();
        let all = places.len();
        places.sort();
        places.dedup();
        assert_eq!(places.len(), all);
    }

    #[test]
    fn a_kind_that_serves_prisons_has_its_heading_id_in_the_theme() {
        let theme = include_str!("../../themes/default/theme.yaml");
        for serves in ALL.iter().filter_map(|k| k.serves.as_ref()) {
            assert!(
                theme.contains(&format!("- {}-title\n", serves.id)),
                "theme.yaml does not declare {}-title",
                serves.id
            );
        }
    }

    #[test]
    fn kinds_have_distinct_names_folders_and_addresses() {
        let mut seen = std::collections::HashSet::new();
        for k in ALL {
            assert!(seen.insert(k.name), "{}", k.name);
            assert!(seen.insert(k.list.url), "{}", k.list.url);
            assert_eq!(by_folder(k.folder), Some(*k));
            assert_eq!(by_name(k.name), Some(*k));
        }
    }
}

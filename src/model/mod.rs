//! The typed front matter of every content kind. The folder a file is in decides its kind
//! (see `discover`), and each kind rejects fields it does not know, so a typo is an error
//! rather than a fact silently missing from a family's page.

/// `FrontMatter` for a kind whose front matter has the usual fields (`summary`, `sources`,
/// `last_reviewed`, `glossary`), the title in the named field (`optional summary` where
/// the summary may be left out); kind-specific methods follow.
macro_rules! usual_front_matter {
    ($kind:ty, $title:ident, optional summary) => {
        usual_front_matter!(@impl $kind, $title, self => self.summary.as_deref());
    };
    ($kind:ty, $title:ident $(, $extra:item)*) => {
        usual_front_matter!(@impl $kind, $title, self => Some(&self.summary) $(, $extra)*);
    };
    (@impl $kind:ty, $title:ident, $s:ident => $summary:expr $(, $extra:item)*) => {
        impl $crate::model::FrontMatter for $kind {
            fn title(&self) -> &str {
                &self.$title
            }
            fn summary(&$s) -> Option<&str> {
                $summary
            }
            fn sources(&self) -> &[$crate::model::Source] {
                &self.sources
            }
            fn last_reviewed(&self) -> Option<$crate::model::fields::Date> {
                self.last_reviewed
            }
            fn glossary(&self) -> Option<bool> {
                self.glossary
            }
            $($extra)*
        }
    };
}

pub mod facts;
pub mod fields;
mod lang;
pub mod prison;
pub mod support;

use serde::{Deserialize, Serialize};

use fields::{Date, Url};
pub use lang::Lang;
pub use prison::Prison;

/// What the front matter of every kind has, for lists, links, page footers and checks.
pub trait FrontMatter {
    /// The page's heading (a prison's or an organisation's name, a glossary term).
    fn title(&self) -> &str;
    /// One sentence shown in lists and search results.
    fn summary(&self) -> Option<&str> {
        None
    }
    fn sources(&self) -> &[Source];
    fn last_reviewed(&self) -> Option<Date> {
        None
    }
    /// `glossary: false` turns glossary links off on the page; `None` leaves them on.
    fn glossary(&self) -> Option<bool> {
        None
    }
    /// A Welsh text still waiting for a Welsh speaker's check: the page says so.
    fn translation_pending(&self) -> bool {
        false
    }
}

/// The front matter of a page of a folder-of-pages kind (`kinds::ALL`): what every kind
/// has, with the kind's own type behind it, which the kind's code gets back with
/// `Meta::entry::<T>()`. A new kind's type implements `FrontMatter` and is one of these
/// without any line elsewhere.
pub trait EntryMeta: FrontMatter + std::any::Any + std::fmt::Debug + Send + Sync {
    /// A copy behind a new box (`Meta` is `Clone`).
    fn clone_box(&self) -> Box<dyn EntryMeta>;
}

impl<T> EntryMeta for T
where
    T: FrontMatter + std::any::Any + std::fmt::Debug + Clone + Send + Sync,
{
    fn clone_box(&self) -> Box<dyn EntryMeta> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn EntryMeta> {
    fn clone(&self) -> Self {
        (**self).clone_box()
    }
}

/// Where a fact came from, listed on the page so families and editors can check it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// A short name the page's groups of facts use to say they came from here
    /// (`source: moj-leeds`).
    pub id: Option<String>,
    pub title: String,
    pub url: Url,
    /// The day the source was published, or the day the copy we read was captured:
    /// families judge how fresh a fact is by it.
    pub date: Option<fields::SourceDate>,
}

/// General guidance (`content/guides/`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    pub title: String,
    pub summary: String,
    pub order: Option<i64>,
    pub last_reviewed: Option<Date>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub sources: Vec<Source>,
    /// Turns glossary links off for this page.
    pub glossary: Option<bool>,
    /// For a Welsh text: `pending` until a Welsh speaker has checked it; the page then
    /// says so, so it never claims a review it has not had.
    pub translation_review: Option<TranslationReview>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationReview {
    Pending,
    Reviewed,
}

/// One part of the policy framework summary (`content/policy/`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyPart {
    pub title: String,
    pub summary: String,
    pub order: i64,
    pub last_reviewed: Option<Date>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub sources: Vec<Source>,
    pub glossary: Option<bool>,
}

/// One source or finding in the evidence library (`content/evidence/`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub title: String,
    pub summary: String,
    pub kind: EvidenceKind,
    pub author: String,
    /// The year the source came out. Leave it out when no source gives it: the page then
    /// says the year is not known rather than guessing.
    pub year: Option<i32>,
    pub publisher: String,
    pub published: Option<Date>,
    pub source_url: Url,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub key_figures: Vec<KeyFigure>,
    pub topics: Vec<String>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub policy: Vec<String>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub guides: Vec<String>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub prisons: Vec<String>,
    pub last_reviewed: Option<Date>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub sources: Vec<Source>,
    pub glossary: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    Report,
    Finding,
    Statistic,
    Inspection,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    pub figure: String,
    pub meaning: String,
}

/// A glossary entry (`content/glossary/`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    pub meaning: String,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub also: Vec<String>,
    pub term_cy: Option<String>,
    pub meaning_cy: Option<String>,
    /// Where the meaning was checked, like every other page that states facts.
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub sources: Vec<Source>,
}

/// A prison's own page: a notice, a family day, a longer guide
/// (`content/prisons/<slug>/<name>.md`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrisonPage {
    pub title: String,
    pub summary: Option<String>,
    #[serde(default)]
    pub kind: PrisonPageKind,
    pub starts: Option<Date>,
    pub ends: Option<Date>,
    pub last_reviewed: Option<Date>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub sources: Vec<Source>,
    pub glossary: Option<bool>,
}

impl PrisonPage {
    /// Whether the page is listed on its prison's page on `today`. A family day is
    /// announced ahead: it shows from when it is written until its last day (`ends`, or
    /// `starts` for a one-day event), not only while it is on.
    pub fn shows_on(&self, today: Date) -> bool {
        match self.kind {
            PrisonPageKind::FamilyDay => self.ends.or(self.starts).is_none_or(|e| today <= e),
            _ => prison::is_active(self.starts, self.ends, today),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrisonPageKind {
    Notice,
    FamilyDay,
    #[default]
    Page,
}

/// Any other page (`content/about.md`, the home page).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlainPage {
    pub title: String,
    pub summary: Option<String>,
    pub last_reviewed: Option<Date>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub sources: Vec<Source>,
    /// A template of the theme (or the site's `templates/`) to use instead of `page.html`.
    pub template: Option<String>,
    pub glossary: Option<bool>,
}

usual_front_matter!(
    Guide,
    title,
    fn translation_pending(&self) -> bool {
        self.translation_review == Some(TranslationReview::Pending)
    }
);

usual_front_matter!(PolicyPart, title);

usual_front_matter!(Evidence, title);

impl FrontMatter for GlossaryEntry {
    fn title(&self) -> &str {
        &self.term
    }
    fn sources(&self) -> &[Source] {
        &self.sources
    }
    // A term's own explanation would link to itself.
    fn glossary(&self) -> Option<bool> {
        Some(false)
    }
}

usual_front_matter!(PrisonPage, title, optional summary);

usual_front_matter!(PlainPage, title, optional summary);

/// A list from the front matter, holding no more room than it has items. YAML gives no
/// length before a list is read, so a list grows as it is read and keeps up to four
/// times the room it needs (a list of one source kept room for four): a quarter of a
/// prison's typed front matter, which every page holds for the whole build.
pub(crate) fn exact<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let mut list = Vec::<T>::deserialize(d)?;
    list.shrink_to_fit();
    Ok(list)
}

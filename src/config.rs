//! Site settings from `content/site.yaml`.

use serde::{Deserialize, Serialize};

use crate::model::fields::Url;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub title_cy: Option<String>,
    pub description: Option<String>,
    pub description_cy: Option<String>,
    pub base_url: Url,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// A page whose `last_reviewed` is older than this gets a warning.
    #[serde(default = "default_review_age")]
    pub review_max_age_days: u32,
    /// When the newest source of a prison's visiting times or booking facts is older than
    /// this many months, its page and checklist tell families to check with the prison.
    #[serde(default = "default_stale_months")]
    pub facts_stale_after_months: u32,
    /// Flesch–Kincaid grade a page should stay at or below.
    #[serde(default = "default_grade")]
    pub reading_grade_target: f64,
    /// What to do with raw HTML written inside Markdown.
    #[serde(default)]
    pub raw_html: RawHtml,
    /// Words families may not know; used without a glossary entry they are reported.
    #[serde(default)]
    pub jargon: Vec<String>,
    /// The support organisation (`content/support/<name>.md`) whose phone line the footer
    /// of every page and each printable checklist show, with where the number comes from
    /// (the first source its `contact` names) and the date of that source. Without it,
    /// the footer links to the list of organisations only: a number is never shown
    /// without its source.
    #[serde(default)]
    pub helpline: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Show it as text: nothing an editor pastes can run in a family's browser.
    #[default]
    Escape,
    /// Refuse to build, naming the line.
    Reject,
}

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_review_age() -> u32 {
    365
}

fn default_stale_months() -> u32 {
    6
}

fn default_grade() -> f64 {
    9.0
}

impl SiteConfig {
    /// `base_url` without its trailing slash, for joining with site paths.
    pub fn base(&self) -> &str {
        self.base_url.0.trim_end_matches('/')
    }
}

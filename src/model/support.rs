//! A support organisation (`content/support/<slug>.md`): a charity or helpline that helps
//! families, how to reach it and the prisons where it runs the visitors' centre. Each group
//! of facts names the source it came from, like a prison's.

use serde::{Deserialize, Serialize};

use super::Source;
use super::facts::{Hours, SourceRef};
use super::fields::{Date, Phone, Url};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// The organisation's name.
    pub name: String,
    /// One plain sentence: what it does for families.
    pub summary: String,
    /// Where it works ("England and Wales").
    pub covers: Option<String>,
    pub contact: Option<SupportContact>,
    pub visitors_centres: Option<VisitorsCentres>,
    pub last_reviewed: Option<Date>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub sources: Vec<Source>,
    /// Turns glossary links off for this page.
    pub glossary: Option<bool>,
}

/// How families reach it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupportContact {
    pub source: Option<SourceRef>,
    pub phone: Option<Phone>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub phone_hours: Vec<Hours>,
    pub email: Option<String>,
    pub website: Option<Url>,
    pub free_to_call: Option<bool>,
}

/// The prisons where it runs the visitors' centre or family services.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VisitorsCentres {
    pub source: Option<SourceRef>,
    /// Prison folder names (`content/prisons/<slug>/`).
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub prisons: Vec<String>,
}

impl Support {
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id.as_deref() == Some(id))
    }
}

usual_front_matter!(Support, name);

//! The languages pages are written and published in.

/// A page's language: English, or Welsh (`.cy.md`, published under `/cy/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Cy,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    /// The URL prefix of pages in this language.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Cy => "/cy",
        }
    }
}

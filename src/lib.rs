//! familyties: a static site generator for the website families use to visit someone in
//! prison in England and Wales.
//!
//! The stages, in the order a page goes through them: [`discover`] (find the files) →
//! [`frontmatter`] (split and type the YAML, see [`model`]) → `validate` (checks across
//! files) → [`markdown`] (with `links`, [`glossary`] and [`highlight`]) → `render` (the
//! views) and `templates` (tera) → [`output`] (atomic write). [`pipeline`] runs them; the
//! commands in [`commands`] sit on top. Each kind kept as a folder of pages (guides,
//! evidence, support organisations...) is defined once in [`kinds`], and every stage
//! reads it from there. The pages as loaded (each with its kind, text and typed front
//! matter, and the site of them all) are [`content`], below every stage.

// Diagnostics are large, but they are made only on the error path, where boxing them
// would add noise for no measurable gain.
#![allow(clippy::result_large_err)]

pub(crate) mod assets;
pub(crate) mod checks;
pub mod commands;
pub mod config;
pub mod content;
pub mod corpus;
pub mod diagnostics;
pub mod discover;
pub(crate) mod find;
pub mod frontmatter;
pub mod glossary;
pub mod headers;
pub mod highlight;
pub mod kinds;
pub(crate) mod links;
pub mod markdown;
pub(crate) mod memory;
pub mod model;
pub mod output;
pub mod outputs;
pub mod pipeline;
pub(crate) mod prison_checks;
pub mod prison_facts;
pub mod publish;
pub mod reading;
pub(crate) mod render;
pub(crate) mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub(crate) mod sitemap;
pub mod slug;
pub(crate) mod status;
pub(crate) mod templates;
pub mod theme_manifest;
pub(crate) mod validate;
pub(crate) mod views;
pub mod words;
pub(crate) mod xml_text;

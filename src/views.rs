//! What templates see: borrowed views of the site model, built per page, so no page clones
//! the whole site into its context.

use serde::Serialize;

use crate::model::Source;
use crate::model::prison::Notice;
use crate::prison_facts::SourceLine;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub title: String,
    pub url: String,
    pub note: Option<String>,
    /// The title's language when it differs from the page's (an English title on a Welsh
    /// page, for pages not yet translated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'static str>,
}

impl Link {
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> Self {
        Link {
            title: title.into(),
            url: url.into(),
            note: None,
            lang: None,
        }
    }

    pub fn in_lang(mut self, lang: Option<&'static str>) -> Self {
        self.lang = lang;
        self
    }

    pub fn with_note(mut self, note: Option<String>) -> Self {
        self.note = note;
        self
    }
}

/// A heading of a page's text, for its table of contents (made by the Markdown stage).
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A titled group of links: a letter of the A–Z, a region, a topic, a year.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub title: String,
    pub id: String,
    pub items: Vec<Link>,
}

impl Group {
    /// A–Z groups from links by first letter, each with the id its jump link targets.
    pub(crate) fn by_letter(letters: std::collections::BTreeMap<String, Vec<Link>>) -> Vec<Group> {
        letters
            .into_iter()
            .map(|(title, items)| Group {
                id: format!("letter-{}", title.to_lowercase()),
                title,
                items,
            })
            .collect()
    }
}

/// Everything a template gets as `page`. Fields a kind does not use are left empty.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub url: String,
    pub canonical: String,
    pub title: String,
    pub summary: Option<String>,
    pub lang: &'static str,
    /// A Welsh text still waiting for a Welsh speaker's check.
    pub translation_pending: bool,
    /// `en` on a Welsh page whose title and text exist only in English.
    pub text_lang: Option<&'static str>,
    pub content: std::borrow::Cow<'a, str>,
    pub toc: Vec<&'a Heading>,
    pub last_reviewed: Option<String>,
    pub last_reviewed_iso: Option<String>,
    pub sources: &'a [Source],
    /// The same page in the other language.
    pub translation: Option<Link>,
    pub breadcrumbs: Vec<Link>,
    /// A prison's [`PrisonView`], made into a template value once for the page and its
    /// checklist.
    pub prison: Option<tera::Value>,
    /// A kind's own facts, under its own name (`page.evidence`, `page.support`).
    #[serde(flatten)]
    pub kind_fields: Option<KindFields>,
    /// Pages this one relates to (evidence → policy and guides, and back).
    pub related: Vec<Link>,
    pub items: Vec<Link>,
    pub groups: Vec<Group>,
    pub second_groups: Vec<Group>,
    pub has_code: bool,
    /// schema.org JSON-LD, already made safe for a `<script>` element.
    pub jsonld: Option<String>,
    /// This page's own Atom feed, if it has one.
    pub feed: Option<String>,
    /// The visiting-times calendar, when the prison has times.
    pub calendar: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrisonView<'a> {
    pub slug: &'a str,
    /// The prison's front matter as written, for themes (`page.prison.data.nomis_id`):
    /// made into a template value once for the prison's four pages (English and Welsh,
    /// page and checklist), which share it.
    pub data: tera::Value,
    pub region: String,
    pub region_url: String,
    /// Who it holds and its category, in the page's language where the theme has the
    /// words; else as written, with `lang` saying so.
    pub holds: Option<Link>,
    pub category: Option<Link>,
    /// The name to head the page with (the Welsh name on Welsh pages, where there is one).
    pub name: String,
    pub types: Vec<Link>,
    /// The visiting facts as families read them, with their sources.
    pub facts: crate::prison_facts::FactsView,
    pub notices: Vec<&'a Notice>,
    /// The prison's own pages that are notices or family days showing now.
    pub page_notices: Vec<Link>,
    pub pages: Vec<Link>,
    pub evidence: Vec<Link>,
    pub policy: Vec<Link>,
    pub mentioned_by: Vec<Link>,
    pub neighbours: Vec<Link>,
    /// The pages of each kind that serve this prison (the organisations that run its
    /// visitors' centre), a section each (`partials/served_by.html`).
    pub served_by: Vec<ServedBy>,
    pub replaced_by: Option<Link>,
    pub status: &'static str,
    pub closed_on: Option<String>,
    pub checklist_url: String,
    pub guide_url: String,
    /// The summary of the shared "how visits work" guide, written once in
    /// `content/guides/`; the page links to the guide rather than repeating it.
    pub shared_guidance: String,
    pub shared_guidance_url: Option<String>,
    pub id_guide_url: Option<String>,
    pub postcode_area: Option<&'a str>,
}

/// What a page of one kind adds to its view, which templates see under the name the kind
/// gives it (`page.support`): any kind's own facts without a field here for each. Made
/// into the template engine's value once, so a view holds no kind's types.
#[derive(Debug, Clone)]
pub struct KindFields {
    name: &'static str,
    value: tera::Value,
}

impl KindFields {
    pub fn new<T: Serialize + ?Sized>(name: &'static str, fields: &T) -> Self {
        KindFields {
            name,
            value: tera::Value::from_serializable(fields),
        }
    }
}

impl Serialize for KindFields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(self.name, &self.value)?;
        map.end()
    }
}

/// The pages of one kind that serve a prison, under the kind's heading, with a link to the
/// kind's list.
#[derive(Debug, Clone, Serialize)]
pub struct ServedBy {
    /// The section's id: its heading is `<id>-title`.
    pub id: &'static str,
    pub title: String,
    pub items: Vec<ServedLink>,
    pub more: Link,
}

/// One page that serves a prison, and where the fact that it does came from.
#[derive(Debug, Clone, Serialize)]
pub struct ServedLink {
    #[serde(flatten)]
    pub link: Link,
    pub from: Vec<SourceLine>,
}

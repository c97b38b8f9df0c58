//! General guidance for families (`content/guides/`), listed at `/guides/` in their order.

use super::{Items, KindDef, ListDef};
use crate::diagnostics::Severity;
use crate::model::Guide;
use crate::model::fields::Date;

pub(crate) static DEF: KindDef = KindDef {
    name: "guide",
    folder: "guides",
    template: Some("guide.html"),
    parse: super::parse::<Guide>,
    list: ListDef {
        url: "/guides/",
        template: "guide_list.html",
        view_kind: "guides",
        title: ("guides_title", "Guides for families"),
        crumb: Some(("guides", "Guides")),
        items: Items::Ordered(|m| m.entry::<Guide>().map(|g| g.order.unwrap_or(i64::MAX))),
    },
    needs_sources: Some(("guide", Severity::Error)),
    reviewed: true,
    reading_check: true,
    wants_welsh: true,
    search: Some(("Guide", "kind_guide")),
    search_rank: (0, 0),
    on_search_page: true,
    view: None,
    serves: None,
    validate: None,
    new_page: Some(new_text),
};

/// The start of a new page, for `familyties new` (`name_v`: the name, already safe YAML).
fn new_text(name_v: &str, today: Date) -> String {
    format!(
        r##"---
# A guide for families. Lines that start with # are notes: they are not published. To use
# a field, delete the "# " at the start of its line and change the example.

title: {name_v}    # required: the page's heading
summary: Replace this with one plain sentence about the page.    # required: shown in lists and search results
# order: 1    # where the guide comes in the list of guides (1 is first)
last_reviewed: {today}    # required: the day someone last checked the facts
sources:    # required: where the facts came from
  - title: Visit someone in prison (GOV.UK)
    url: https://www.gov.uk/prison-visits
    date: {today}    # the day it was published, or the day you read the copy you checked
# glossary: false    # stops words on this page linking to the glossary
---

Write the guide here. Use short sentences and everyday words.
"##
    )
}

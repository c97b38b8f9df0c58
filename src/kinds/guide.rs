//! General guidance for families (`content/guides/`), listed at `/guides/` in their order.

use super::{Items, KindDef, ListDef};
use crate::diagnostics::Severity;
use crate::model::Guide;

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
    search_rank: 10,
    on_search_page: true,
    view: None,
    serves: None,
    validate: None,
    new_page: Some(crate::commands::new::guide_text),
};

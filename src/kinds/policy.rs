//! The parts of the family ties policy framework (`content/policy/`), listed at `/policy/`
//! in their order; each links to the evidence that supports it.

use super::{Items, KindDef, ListDef};
use crate::diagnostics::Severity;
use crate::model::{Evidence, PolicyPart};

pub(crate) static DEF: KindDef = KindDef {
    name: "policy",
    folder: "policy",
    template: Some("policy.html"),
    parse: super::parse::<PolicyPart>,
    list: ListDef {
        url: "/policy/",
        template: "policy_list.html",
        view_kind: "policy_list",
        title: ("policy_title", "The family ties policy framework"),
        crumb: Some(("policy", "Policy")),
        items: Items::Ordered(|m| m.entry::<PolicyPart>().map(|p| p.order)),
    },
    needs_sources: Some(("policy page", Severity::Error)),
    reviewed: true,
    reading_check: false,
    wants_welsh: false,
    search: Some(("Policy", "kind_policy")),
    search_rank: (2, 0),
    on_search_page: true,
    // The evidence that names it.
    view: Some(|ctx, page, lang, view| {
        view.related = ctx
            .site()
            .pages
            .iter()
            .filter(|p| {
                p.meta.entry::<Evidence>().is_some_and(|e| {
                    e.policy
                        .iter()
                        .any(|s| page.file.content_path == format!("policy/{s}.md"))
                })
            })
            .map(|p| ctx.link_to(lang, p))
            .collect();
    }),
    serves: None,
    validate: None,
    new_page: None,
};

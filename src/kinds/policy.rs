//! The parts of the family ties policy framework (`content/policy/`), listed at `/policy/`
//! in their order; each links to the evidence that supports it.

use super::{Items, KindDef, ListDef};
use crate::diagnostics::Severity;
use crate::frontmatter;
use crate::site::Meta;

pub(crate) static DEF: KindDef = KindDef {
    name: "policy",
    folder: "policy",
    template: Some("policy.html"),
    parse: |text, split| Ok(Meta::Policy(frontmatter::parse(text, split)?)),
    list: ListDef {
        url: "/policy/",
        template: "policy_list.html",
        view_kind: "policy_list",
        title: ("policy_title", "The family ties policy framework"),
        crumb: Some(("policy", "Policy")),
        items: Items::Ordered(|m| match m {
            Meta::Policy(p) => Some(p.order),
            _ => None,
        }),
    },
    needs_sources: Some(("policy page", Severity::Error)),
    reviewed: true,
    reading_check: false,
    wants_welsh: false,
    search: Some(("Policy", "kind_policy")),
    on_search_page: true,
    view: Some(|ctx, page, lang, view| {
        view.related = ctx.evidence_linking(lang, |e| {
            e.policy
                .iter()
                .any(|s| page.file.content_path == format!("policy/{s}.md"))
        });
    }),
    validate: None,
    new_page: None,
};

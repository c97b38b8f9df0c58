//! The evidence library (`content/evidence/`): reports, findings and statistics, listed at
//! `/evidence/` by topic and by year, each linked to the policy, guides and prisons it is
//! about.

use std::collections::BTreeMap;

use super::{Items, KindDef, ListDef, Lookups};
use crate::content::{Page, Site};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Evidence;
use crate::model::Lang;
use crate::model::fields::Date;
use crate::views::{Group, KindFields, Link, PageView};

pub(crate) static DEF: KindDef = KindDef {
    name: "evidence",
    folder: "evidence",
    template: Some("evidence.html"),
    parse: super::parse::<Evidence>,
    list: ListDef {
        url: "/evidence/",
        template: "evidence_list.html",
        view_kind: "evidence_list",
        title: ("evidence_title", "Evidence library"),
        crumb: Some(("evidence", "Evidence")),
        items: Items::Custom(list),
    },
    needs_sources: Some(("evidence page", Severity::Error)),
    reviewed: true,
    reading_check: false,
    wants_welsh: false,
    search: Some(("Evidence", "kind_evidence")),
    search_rank: (2, 1),
    on_search_page: true,
    view: Some(view),
    serves: None,
    validate: Some(validate),
    new_page: Some(new_text),
};

fn view<'a>(ctx: &dyn Lookups<'a>, page: &'a Page, lang: Lang, view: &mut PageView<'a>) {
    let Some(e) = page.meta.entry::<Evidence>() else {
        return;
    };
    view.kind_fields = Some(KindFields::new(DEF.name, e));
    let mut related: Vec<Link> = e
        .policy
        .iter()
        .map(|s| format!("policy/{s}.md"))
        .chain(e.guides.iter().map(|s| format!("guides/{s}.md")))
        .chain(e.prisons.iter().map(|s| format!("prisons/{s}/index.md")))
        .filter_map(|p| ctx.site().page(&p))
        .map(|p| ctx.link_to(lang, p))
        .collect();
    related.dedup();
    view.related = related;
}

/// By topic, then by year (newest first).
fn list<'a>(ctx: &dyn Lookups<'a>, lang: Lang, evidence: &mut PageView<'a>) {
    let mut by_topic: BTreeMap<String, Vec<Link>> = BTreeMap::new();
    let mut by_year: BTreeMap<std::cmp::Reverse<i32>, Vec<Link>> = BTreeMap::new();
    for p in &ctx.site().pages {
        if let Some(e) = p.meta.entry::<Evidence>() {
            for t in &e.topics {
                by_topic
                    .entry(t.clone())
                    .or_default()
                    .push(ctx.link_to(lang, p));
            }
            if let Some(year) = e.year {
                by_year
                    .entry(std::cmp::Reverse(year))
                    .or_default()
                    .push(ctx.link_to(lang, p));
            }
        }
    }
    evidence.groups = by_topic
        .into_iter()
        .map(|(t, mut items)| {
            items.sort();
            Group {
                id: format!("topic-{}", crate::slug::slugify(&t)),
                title: topic_title(&t),
                items,
            }
        })
        .collect();
    evidence.second_groups = by_year
        .into_iter()
        .map(|(y, mut items)| {
            items.sort();
            Group {
                id: format!("year-{}", y.0),
                title: y.0.to_string(),
                items,
            }
        })
        .collect();
}

fn topic_title(topic: &str) -> String {
    let t = topic.replace('-', " ");
    let mut c = t.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// The policy parts, guides and prisons it names exist; its address is a real one.
fn validate(site: &Site, page: &Page, report: &dyn Fn(Diagnostic)) {
    let Some(e) = page.meta.entry::<Evidence>() else {
        return;
    };
    if is_placeholder(&e.source_url.0) {
        report(
            page.diagnostic_at_key(
                Diagnostic::warning("`source_url` is still the example address")
                    .help("put the address where readers can check this source"),
                "source_url",
            ),
        );
    }
    for slug in &e.policy {
        if !site.exists(&format!("policy/{slug}.md")) {
            report(missing_ref(page, "policy", slug, "content/policy/"));
        }
    }
    for slug in &e.guides {
        if !site.exists(&format!("guides/{slug}.md")) {
            report(missing_ref(page, "guides", slug, "content/guides/"));
        }
    }
    for slug in &e.prisons {
        if !site.prison_slug_exists(slug) {
            report(missing_ref(page, "prisons", slug, "content/prisons/"));
        }
    }
}

/// Addresses reserved for examples (RFC 2606), as written by `familyties new`.
fn is_placeholder(url: &str) -> bool {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split('/')
        .next()
        .unwrap_or("");
    ["example.org", "example.com", "example.net"]
        .iter()
        .any(|e| host == *e || host.ends_with(&format!(".{e}")))
}

fn missing_ref(page: &Page, key: &str, slug: &str, folder: &str) -> Diagnostic {
    page.diagnostic_at_key(
        Diagnostic::error(format!("`{key}` lists `{slug}`, which does not exist")).help(format!(
            "use the file name (without .md) of a page in {folder}"
        )),
        key,
    )
}

/// The start of a new page, for `familyties new` (`name_v`: the name, already safe YAML).
fn new_text(name_v: &str, today: Date) -> String {
    let year = today.year;
    format!(
        r##"---
# One source in the evidence library. Lines that start with # are notes: they are not
# published. To use a field, delete the "# " at the start of its line and change the
# example. Replace every value below with the facts from the source itself.

# ---- What it is ----
title: {name_v}    # required: the source's title and year, e.g. The Farmer Review (2017)
summary: Replace this with one plain sentence about what it found.    # required: shown in lists
kind: report    # required: report, finding, statistic or inspection
author: Replace with the author    # required: a person or an organisation
year: {year}    # required: the year it was published (change it)
publisher: Replace with the publisher    # required: who published it
# published: {today}    # the exact day it was published, if you know it
source_url: https://www.example.org/replace-with-the-real-address    # required: where readers can check it

# ---- What it says ----
# key_figures:
#   - figure: "1 in 4"    # in quotes
#     meaning: what the figure counts, in plain words
topics: [visits]    # required: one or more lower-case words, e.g. visits, children, reoffending

# ---- Links to other pages ----
# policy: [why-family-ties-matter]    # file names (without .md) of policy parts it supports
# guides: [first-visit]    # file names (without .md) of guides it supports
# prisons: [example]    # folder names of prisons it is about

# ---- Checking ----
last_reviewed: {today}    # the day someone last checked it against the source
sources:    # required: the page itself, and any other place that reports it
  - title: Replace with the source's title
    url: https://www.example.org/replace-with-the-real-address
    date: {today}    # the day it was published, or the day you read the copy you checked
# glossary: false    # stops words on this page linking to the glossary
---

Say here what the source found and what it means for families, in plain words.
"##
    )
}

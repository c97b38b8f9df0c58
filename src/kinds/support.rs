//! Support organisations (`content/support/<slug>.md`): the charities and helplines that
//! help families, how to reach them and the prisons where they run the visitors' centre.
//! Listed A–Z at `/support/`; each prison they serve lists them under "Help for families".

use serde::Serialize;

use super::{Items, KindDef, ListDef, Lookups, Serves};
use crate::content::{Page, Site};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Lang;
use crate::model::fields::{Date, Phone};
use crate::model::support::Support;
use crate::prison_facts::{SourceLine, source_lines};
use crate::views::{KindFields, Link, PageView};

pub(crate) static DEF: KindDef = KindDef {
    name: "support",
    folder: "support",
    template: Some("support.html"),
    parse: super::parse::<Support>,
    list: ListDef {
        url: "/support/",
        template: "support_list.html",
        view_kind: "support_list",
        title: ("support_title", "Organisations that help families"),
        crumb: Some(("support", "Support")),
        // A–Z by name: every organisation has the same place in the order.
        items: Items::Ordered(|m| m.entry::<Support>().map(|_| 0)),
    },
    needs_sources: Some(("support organisation", Severity::Error)),
    reviewed: true,
    reading_check: true,
    wants_welsh: true,
    search: Some(("Support", "kind_support")),
    search_rank: (1, 0),
    on_search_page: true,
    view: Some(view),
    serves: Some(Serves {
        prisons: |m| {
            m.entry::<Support>()
                .and_then(|s| s.visitors_centres.as_ref())
                .map_or(&[], |c| c.prisons.as_slice())
        },
        from: |m, words| {
            m.entry::<Support>()
                .and_then(|s| Some((s, s.visitors_centres.as_ref()?)))
                .map_or_else(Vec::new, |(s, c)| {
                    source_lines(&s.sources, &c.source, words)
                })
        },
        id: "help",
        title: ("help_for_families", "Help for families"),
        more: ("support_more", "More organisations that help families"),
    }),
    validate: Some(validate),
    new_page: Some(new_text),
};

/// An organisation's facts as its page shows them (`page.support`: a kind's own view is
/// under its name).
#[derive(Debug, Serialize)]
struct SupportView<'a> {
    pub covers: Option<&'a str>,
    pub phone: Option<&'a Phone>,
    /// "Monday to Friday, 9am to 8pm", in the page's language.
    pub phone_hours: Option<String>,
    pub email: Option<&'a str>,
    pub website: Option<&'a str>,
    pub free_to_call: Option<bool>,
    pub contact_from: Vec<SourceLine>,
    /// The prisons where it runs the visitors' centre or family services.
    pub prisons: Vec<Link>,
    pub prisons_from: Vec<SourceLine>,
}

fn view<'a>(ctx: &dyn Lookups<'a>, page: &'a Page, lang: Lang, view: &mut PageView<'a>) {
    let Some(s) = page.meta.entry::<Support>() else {
        return;
    };
    let words = ctx.words(lang);
    let contact = s.contact.as_ref();
    let centres = s.visitors_centres.as_ref();
    view.kind_fields = Some(KindFields::new(
        DEF.name,
        &SupportView {
            covers: s.covers.as_deref(),
            phone: contact.and_then(|c| c.phone.as_ref()),
            phone_hours: contact
                .map(|c| words.hours(&c.phone_hours))
                .filter(|h| !h.is_empty()),
            email: contact.and_then(|c| c.email.as_deref()),
            website: contact
                .and_then(|c| c.website.as_ref())
                .map(|u| u.0.as_str()),
            free_to_call: contact.and_then(|c| c.free_to_call),
            contact_from: contact
                .map_or_else(Vec::new, |c| source_lines(&s.sources, &c.source, &words)),
            prisons: centres
                .into_iter()
                .flat_map(|c| &c.prisons)
                .filter_map(|slug| ctx.site().page(&format!("prisons/{slug}/index.md")))
                .map(|p| ctx.link_to(lang, p).with_note(None))
                .collect(),
            prisons_from: centres
                .map_or_else(Vec::new, |c| source_lines(&s.sources, &c.source, &words)),
        },
    ));
}

/// Each group of facts names a source the page lists; each prison named exists.
fn validate(site: &Site, page: &Page, report: &dyn Fn(Diagnostic)) {
    let Some(s) = page.meta.entry::<Support>() else {
        return;
    };
    let mut at = |d: Diagnostic, key: &str| report(page.diagnostic_at_key(d, key));
    let groups = [
        ("contact", s.contact.as_ref().map(|g| &g.source)),
        (
            "visitors_centres",
            s.visitors_centres.as_ref().map(|g| &g.source),
        ),
    ];
    crate::prison_checks::group_sources(&groups, &s.sources, &mut at);
    let Some(centres) = &s.visitors_centres else {
        return;
    };
    let unknown: Vec<&String> = centres
        .prisons
        .iter()
        .filter(|slug| !site.prison_slug_exists(slug))
        .collect();
    if unknown.is_empty() {
        return;
    }
    let slugs: Vec<&str> = site
        .prisons()
        .into_iter()
        .filter_map(|(p, _)| p.file.kind.slug())
        .collect();
    for slug in unknown {
        let help = match crate::frontmatter::closest(slug, &slugs) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "use the folder name of a prison in content/prisons/ (content/prisons/<folder>/index.md)".to_string(),
        };
        at(
            Diagnostic::error(format!(
                "`visitors_centres.prisons` lists `{slug}`, but there is no such prison"
            ))
            .help(help),
            "prisons",
        );
    }
}

/// The start of a new organisation's page, for `familyties new support "<Name>"`
/// (`name_v`: the name, already safe YAML).
fn new_text(name_v: &str, today: Date) -> String {
    format!(
        r##"---
# An organisation that helps families: a charity, a helpline, the people who run a visitors'
# centre. Families act on what this page says, so write only facts you have checked.
#
# Lines that start with # are notes: they are not published. To fill in a field, delete the
# "# " at the start of its line (and of the lines under it) and write the checked fact in
# place of the example.

name: {name_v}    # required: the organisation's name
summary: Replace this with one plain sentence about how it helps families.    # required: shown in lists, search results and on prison pages
# covers: England and Wales    # where it works, in plain words

# ---- How to reach them ---- `source:` is the `id` of an entry in `sources:` at the end.
# Phone numbers in quotes, with the area code. Times on the 24-hour clock, in quotes.
# contact:
#   source: their-website
#   phone: "0300 000 0000"
#   phone_hours:    # when the phone line is open
#     - {{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}}
#   email: help@example.org
#   website: https://www.example.org/
#   free_to_call: true    # only if the organisation says calls are free

# ---- Where they work ---- The prisons where they run the visitors' centre or family
# services, by folder name (content/prisons/<folder>/). Each of those prison pages then
# lists this organisation under "Help for families".
# visitors_centres:
#   source: their-website
#   prisons: [example]

last_reviewed: {today}    # the day someone last checked the facts
sources:    # required: where the facts came from
  - id: their-website
    title: Replace with the page's title
    url: https://www.example.org/replace-with-the-real-address
    date: {today}    # the day it was published, or the day you read the copy you checked
# glossary: false    # stops words on this page linking to the glossary
---

Say here what they do for families, in plain words. Use short sentences.
"##
    )
}

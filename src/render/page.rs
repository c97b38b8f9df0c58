//! The view of one content page, and the files it makes (a prison also makes its
//! printable checklist).

use crate::content::{Kind, Meta, Page};
use crate::discover::Lang;
use crate::kinds::prison::{CHECKLIST_TEMPLATE, CRUMB, LIST_URL, PAGE_TEMPLATE, TEMPLATE};
use crate::views::{Link, PageView};

use super::ctx::Ctx;
use super::welsh::{untranslated, welsh_links};
use super::{Job, kind_name};

impl<'a> Ctx<'a> {
    /// The view of `page` in `lang` without its body, which [`Ctx::with_body`] adds.
    fn base_view(&self, i: usize, page: &'a Page, lang: Lang) -> PageView<'a> {
        let body = &self.bodies[i];
        let twin = lang != page.file.lang;
        let url = self.url(lang, &page.url);
        // A glossary entry's sources are listed on the glossary page, beside the entry (a
        // kind without a template of its own is shown on its list).
        let sources: &'a [crate::model::Source] =
            if crate::kinds::def(&page.file.kind).is_some_and(|d| d.template.is_none()) {
                &[]
            } else {
                page.meta.sources()
            };
        let crumb = |key: &str, fallback: &str, url: &str| {
            Link::new(self.word(lang, key, fallback), self.url(lang, url))
        };
        let mut crumbs = vec![crumb("home", "Home", "/")];
        match &page.file.kind {
            Kind::Prison { .. } => crumbs.push(crumb(CRUMB.0, CRUMB.1, LIST_URL)),
            Kind::PrisonPage { prison, .. } => {
                crumbs.push(crumb(CRUMB.0, CRUMB.1, LIST_URL));
                if let Some(p) = self.site.page(&format!("prisons/{prison}/index.md")) {
                    crumbs.push(self.link_to(lang, p).with_note(None));
                }
            }
            Kind::Entry { kind, .. } => {
                let def = crate::kinds::named(kind);
                if let Some((key, fallback)) = def.list.crumb {
                    crumbs.push(crumb(key, fallback, def.list.url));
                }
            }
            _ => {}
        }
        if matches!(page.file.kind, Kind::Home) {
            crumbs.clear();
        }
        // The language switch: a `.cy.md` text, else the Welsh twin, else (on a twin) the
        // English page it was made from.
        let translation = match (twin, self.site.translation_of(page)) {
            (true, _) => {
                Some(Link::new(page.meta.title(), page.url.clone()).with_note(Some("en".into())))
            }
            (false, Some(t)) => Some(
                Link::new(t.meta.title(), t.url.clone())
                    .with_note(Some(t.file.lang.code().to_string())),
            ),
            (false, None) if self.needs_welsh_twin(page) => Some(
                Link::new(page.meta.title(), self.url(Lang::Cy, &page.url))
                    .with_note(Some("cy".into())),
            ),
            (false, None) => None,
        };
        let words = self.words(lang);
        PageView {
            kind: kind_name(page),
            canonical: self.canonical(&url),
            url,
            title: page.meta.title().to_string(),
            summary: page.meta.summary().map(str::to_string),
            lang: lang.code(),
            text_lang: twin.then_some("en"),
            translation_pending: page.meta.translation_pending(),
            toc: body.toc.iter().filter(|h| h.level == 2).collect(),
            last_reviewed: page.meta.last_reviewed().map(|d| words.date(d)),
            last_reviewed_iso: page.meta.last_reviewed().map(|d| d.to_string()),
            sources,
            translation,
            breadcrumbs: crumbs,
            jsonld: crate::publish::json_ld_in(self.site, page, lang),
            feed: matches!(page.meta, Meta::Prison(_))
                .then(|| format!("{}updates.xml", self.url(lang, &page.url))),
            calendar: matches!(&page.meta, Meta::Prison(p) if crate::publish::has_calendar(p))
                .then(|| format!("{}visiting.ics", self.url(lang, &page.url))),
            ..PageView::default()
        }
    }

    /// `view` with the page's body, `html`, in the view's language. The HTML lives only
    /// while its chunk of pages is rendered, so the view may live no longer.
    fn with_body<'h>(
        &self,
        mut view: PageView<'h>,
        page: &Page,
        lang: Lang,
        html: &'h str,
    ) -> PageView<'h>
    where
        'a: 'h,
    {
        view.has_code = html.contains("<pre class=\"code\"");
        view.content = if lang != page.file.lang {
            std::borrow::Cow::Owned(untranslated(
                &self.word(lang, "not_translated", ""),
                html,
                &self.lookups.welsh_texts,
            ))
        } else if lang == Lang::Cy {
            // A Welsh text's links to site pages go to their Welsh pages, which all exist.
            std::borrow::Cow::Owned(welsh_links(html, &self.lookups.welsh_texts))
        } else {
            std::borrow::Cow::Borrowed(html)
        };
        view
    }

    /// The files `page` makes in `lang`, its body being `html`.
    /// `data`: a prison's front matter as a template value ([`Ctx::prison_data`]).
    pub(super) fn page_jobs<'h>(
        &self,
        i: usize,
        page: &'a Page,
        lang: Lang,
        html: &'h str,
        data: Option<&tera::Value>,
    ) -> Vec<Job<'h>>
    where
        'a: 'h,
    {
        let Some(path) = page.output_path() else {
            return Vec::new();
        };
        let path = if lang == page.file.lang {
            path
        } else {
            format!("{}/{path}", lang.code())
        };
        let from = page.file.shown.display().to_string();
        let mut view = self.base_view(i, page, lang);
        let template = match &page.meta {
            Meta::Home(_) => "home.html".to_string(),
            Meta::Plain(p) => p
                .template
                .clone()
                .unwrap_or_else(|| "page.html".to_string()),
            Meta::PrisonPage(_) => PAGE_TEMPLATE.to_string(),
            Meta::Prison(_) => {
                let mut jobs = Vec::new();
                // The checklist starts as the page's view (the same page in the same
                // language), less the JSON-LD, which only the page carries.
                let jsonld = view.jsonld.take();
                let mut checklist = view.clone();
                view.jsonld = jsonld;
                checklist.kind = "checklist";
                checklist.url = format!("{}checklist/", checklist.url);
                checklist.canonical = self.canonical(&checklist.url);
                checklist.translation = checklist.translation.map(|mut t| {
                    t.url = format!("{}checklist/", t.url);
                    t
                });
                checklist
                    .breadcrumbs
                    .push(self.link_to(lang, page).with_note(None));
                checklist.has_code = html.contains("<pre class=\"code\"");
                checklist.toc.clear();
                // Made into a template value once for the page and its checklist, which
                // prints only the prison's own facts.
                let prison = data
                    .and_then(|data| self.prison_view(page, lang, data))
                    .map(|v| tera::Value::from_serializable(&v));
                checklist.prison = prison.as_ref().map(checklist_prison);
                jobs.push(Job {
                    template: CHECKLIST_TEMPLATE.to_string(),
                    path: format!("{}index.html", checklist.url.trim_start_matches('/')),
                    lang,
                    view: checklist,
                    from: from.clone(),
                });
                view.prison = prison;
                jobs.push(Job {
                    template: TEMPLATE.to_string(),
                    path,
                    lang,
                    view: self.with_body(view, page, lang, html),
                    from,
                });
                return jobs;
            }
            _ => {
                let Some(def) = crate::kinds::def(&page.file.kind) else {
                    return Vec::new();
                };
                let Some(template) = def.template else {
                    return Vec::new();
                };
                if let Some(add) = def.view {
                    add(self, page, lang, &mut view);
                }
                template.to_string()
            }
        };
        vec![Job {
            template,
            path,
            lang,
            view: self.with_body(view, page, lang, html),
            from,
        }]
    }
}

/// A prison's view (as a template value) as its checklist sees it: the same, less what the
/// checklist does not print (the shared guidance, neighbours, evidence, policy, the pages
/// that mention it and its own pages), left empty so a theme reads them as on any page.
fn checklist_prison(prison: &tera::Value) -> tera::Value {
    let Some(mut map) = prison.clone().into_map() else {
        return prison.clone();
    };
    map.insert("shared_guidance".into(), tera::Value::from(""));
    for key in ["neighbours", "evidence", "policy", "mentioned_by", "pages"] {
        map.insert(key.into(), tera::Value::from(Vec::<tera::Value>::new()));
    }
    tera::Value::from(map)
}

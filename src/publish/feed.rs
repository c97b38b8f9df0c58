//! Atom feeds (RFC 4287) of what changed, one for the site and one per prison, in English
//! and in Welsh, rendered from the theme's `atom.xml` so a theme can change them.

use serde::Serialize;

use crate::content::{Meta, Page, Site};
use crate::diagnostics::Diagnostic;
use crate::discover::Lang;
use crate::model::fields::Date;
use crate::model::prison::is_active;
use crate::output::OutputFile;
use crate::templates::Theme;
use crate::words::Words;

use super::{clean_text, render};

/// The most entries a feed holds: readers poll it, so it stays small.
const MAX_ENTRIES: usize = 50;

/// What `atom.xml` gets as `page`. Text is plain (the template escapes it); a `*_lang` is
/// set where that text is not in the feed's language (English on a Welsh feed).
#[derive(Serialize)]
struct FeedView {
    /// The feed's own language, for `xml:lang`; `None` on English feeds, which say nothing
    /// so that they stay as they were before Welsh feeds existed.
    xml_lang: Option<&'static str>,
    title: String,
    subtitle: Option<String>,
    id: String,
    self_url: String,
    /// The page(s) the feed is about: one in its own language, and on Welsh feeds the
    /// English page too (`hreflang` tells them apart, as RFC 4287 asks).
    alternates: Vec<Alternate>,
    updated: String,
    author: String,
    entries: Vec<EntryView>,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: Option<&'static str>,
    href: String,
}

#[derive(Serialize)]
struct EntryView {
    title: String,
    title_lang: Option<&'static str>,
    id: String,
    alternates: Vec<Alternate>,
    updated: String,
    summary: Option<String>,
    summary_lang: Option<&'static str>,
}

/// The site's feed in `lang`.
pub(super) fn site_feed(site: &Site, theme: &Theme, lang: Lang) -> Result<OutputFile, Diagnostic> {
    let words = super::words(theme, lang);
    let title = site_title(site, lang).to_string();
    let subtitle = (lang != Lang::En).then(|| words.get("feed_subtitle").to_string());
    feed(
        site,
        theme,
        &words,
        Spec {
            path: format!("{}updates.xml", dir(lang)),
            title,
            subtitle,
            home: "/",
        },
        site.pages.iter(),
    )
}

/// A prison's own feed in `lang`: its guide and its pages (notices, family days).
pub(super) fn prison_feed<'a>(
    site: &'a Site,
    theme: &Theme,
    lang: Lang,
    prison: &'a Page,
    own: impl Iterator<Item = &'a Page>,
) -> Result<OutputFile, Diagnostic> {
    let words = super::words(theme, lang);
    let name = match &prison.meta {
        Meta::Prison(p) => p.name_in(lang),
        m => m.title(),
    };
    let site_title = site_title(site, lang);
    let title = words.fill("feed_prison_title", &[("site", site_title), ("name", name)]);
    let subtitle =
        (lang != Lang::En).then(|| words.fill("feed_prison_subtitle", &[("name", name)]));
    feed(
        site,
        theme,
        &words,
        Spec {
            path: format!(
                "{}{}updates.xml",
                dir(lang),
                prison.url.trim_start_matches('/')
            ),
            title,
            subtitle,
            home: &prison.url,
        },
        own,
    )
}

/// The site's name in `lang`.
pub(super) fn site_title(site: &Site, lang: Lang) -> &str {
    match lang {
        Lang::Cy => site
            .config
            .title_cy
            .as_deref()
            .unwrap_or(&site.config.title),
        Lang::En => &site.config.title,
    }
}

/// The folder a language's files go in: `` or `cy/`.
pub(super) fn dir(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "",
        Lang::Cy => "cy/",
    }
}

struct Spec<'h> {
    path: String,
    title: String,
    subtitle: Option<String>,
    /// The English address of the page the feed is about.
    home: &'h str,
}

/// A feed of `pages` (English pages; a Welsh feed shows their Welsh text or twin), newest
/// review first.
fn feed<'a>(
    site: &'a Site,
    theme: &Theme,
    words: &Words,
    spec: Spec,
    pages: impl Iterator<Item = &'a Page>,
) -> Result<OutputFile, Diagnostic> {
    let lang = words.lang;
    let base = site.config.base();
    let mut entries: Vec<(&Page, Date)> = pages
        .filter(|p| p.file.lang == Lang::En && p.output_path().is_some())
        .filter(|p| match &p.meta {
            Meta::PrisonPage(pp) => {
                is_active(pp.starts, pp.ends, site.today) || pp.ends.is_some_and(|e| e < site.today)
            }
            _ => true,
        })
        .filter_map(|p| {
            let date = match &p.meta {
                Meta::PrisonPage(pp) => pp.last_reviewed.or(pp.starts),
                m => m.last_reviewed(),
            }?;
            Some((p, date))
        })
        .collect();
    entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.url.cmp(&b.0.url)));
    entries.truncate(MAX_ENTRIES);
    let updated = entries.first().map_or(site.today, |e| e.1);
    let in_lang = |url: &str| match lang {
        Lang::En => url.to_string(),
        Lang::Cy => format!("/cy{url}"),
    };
    let alternates = |url: &str| match lang {
        Lang::En => vec![Alternate {
            hreflang: None,
            href: format!("{base}{url}"),
        }],
        Lang::Cy => vec![
            Alternate {
                hreflang: Some("cy"),
                href: format!("{base}{}", in_lang(url)),
            },
            Alternate {
                hreflang: Some("en"),
                href: format!("{base}{url}"),
            },
        ],
    };
    let view = FeedView {
        xml_lang: (lang != Lang::En).then_some(lang.code()),
        title: clean_text(&spec.title),
        subtitle: spec.subtitle.as_deref().map(clean_text),
        id: format!("{base}/{}", spec.path),
        self_url: format!("{base}/{}", spec.path),
        alternates: alternates(spec.home),
        updated: format!("{updated}T00:00:00Z"),
        author: clean_text(site_title(site, lang)),
        entries: entries
            .into_iter()
            .map(|(page, date)| {
                let (title, summary, text_lang) = entry_text(site, page, lang);
                let other = (text_lang != lang).then_some(text_lang.code());
                EntryView {
                    title: clean_text(title),
                    title_lang: other,
                    id: format!("{base}{}", in_lang(&page.url)),
                    alternates: alternates(&page.url),
                    updated: format!("{date}T00:00:00Z"),
                    summary: summary.map(clean_text),
                    summary_lang: other,
                }
            })
            .collect(),
    };
    let xml = render(theme, "atom.xml", &view, lang, &spec.path)?;
    Ok(OutputFile {
        path: spec.path,
        bytes: xml.into_bytes(),
    })
}

/// An entry's title and summary in `lang` where there is a text in it, and the language
/// they are in.
fn entry_text<'a>(site: &'a Site, page: &'a Page, lang: Lang) -> (&'a str, Option<&'a str>, Lang) {
    if lang == Lang::En {
        return (page.meta.title(), page.meta.summary(), Lang::En);
    }
    if let Some(t) = site.translation_of(page).filter(|t| t.file.lang == lang) {
        return (t.meta.title(), t.meta.summary(), lang);
    }
    match &page.meta {
        // A prison is named in the reader's language, as everywhere on the site.
        Meta::Prison(p) => (p.name_in(lang), None, lang),
        m => (m.title(), m.summary(), Lang::En),
    }
}

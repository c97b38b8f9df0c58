//! The files a public site needs besides its pages, all from the same site model: sitemap,
//! robots.txt, Atom feeds of changes, open data (JSON and CSV), visiting-time calendars and
//! redirects for old addresses. Feeds, sitemaps and redirect pages are rendered from the
//! theme's templates (`atom.xml`, `sitemap.xml`, `sitemap_index.xml`, `redirect.html`), as
//! Zola does, so a theme changes them without a change to familyties. Feeds and calendars
//! come in English and in Welsh (`cy/…`), their words from the theme's i18n files.

mod calendar;
mod feed;
mod open_data;

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::content::{Kind, Meta, Page, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::Lang;
use crate::output::{OutputFile, Sink};
use crate::templates::Theme;
use crate::words::Words;
pub(crate) use crate::xml_text::clean_text;

pub use calendar::has_calendar;
pub use open_data::spreadsheet_safe;

/// Bumped when a field of the open data changes meaning or is removed.
pub const OPEN_DATA_SCHEMA_VERSION: u32 = 2;

/// The templates the outputs besides pages are rendered from; a theme must provide each.
pub const OUTPUT_TEMPLATES: &[&str] = &[
    "atom.xml",
    "sitemap.xml",
    "sitemap_index.xml",
    "redirect.html",
];

/// The languages feeds and calendars are published in.
const LANGS: [Lang; 2] = [Lang::En, Lang::Cy];

/// Puts a made file into `sink`, or reports why it could not be made.
fn put(theme: &Theme, diags: &Diagnostics, sink: &Sink, result: Result<OutputFile, Diagnostic>) {
    match result {
        Ok(file) => sink.put_file(file),
        Err(d) => theme.report(d, diags),
    }
}

/// `robots.txt`, naming the sitemap.
pub(crate) fn robots(site: &Site, sink: &Sink) {
    sink.put(
        "robots.txt".into(),
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
            site.config.base()
        )
        .into_bytes(),
    );
}

/// The sitemap file(s) of a site whose files so far are `paths`, leaving out the redirect
/// pages `redirects`.
pub(crate) fn sitemaps(
    site: &Site,
    theme: &Theme,
    paths: &[String],
    redirects: &HashSet<String>,
    diags: &Diagnostics,
    sink: &Sink,
) {
    match crate::sitemap::files(site, theme, paths, redirects) {
        Ok(files) => files.into_iter().for_each(|f| sink.put_file(f)),
        Err(d) => theme.report(d, diags),
    }
}

/// The site's feed of changes, in each language.
pub(crate) fn site_feeds(site: &Site, theme: &Theme, diags: &Diagnostics, sink: &Sink) {
    for lang in LANGS {
        put(theme, diags, sink, feed::site_feed(site, theme, lang));
    }
}

/// Each prison's feeds and calendars, in each language; with `only`, just those prisons'
/// (indexes into `site.pages`).
pub(crate) fn prison_files(
    site: &Site,
    theme: &Theme,
    only: Option<&HashSet<usize>>,
    diags: &Diagnostics,
    sink: &Sink,
) {
    // Each prison's pages, gathered in one pass rather than one pass per prison.
    let mut by_prison: HashMap<&str, Vec<&Page>> = HashMap::new();
    for p in &site.pages {
        if let Kind::Prison { slug: prison } | Kind::PrisonPage { prison, .. } = &p.file.kind {
            by_prison.entry(prison).or_default().push(p);
        }
    }
    let wanted: Vec<&Page> = match only {
        None => site.prisons().into_iter().map(|(p, _)| p).collect(),
        Some(only) => {
            let mut wanted: Vec<usize> = only.iter().copied().collect();
            wanted.sort_unstable();
            wanted.into_iter().map(|i| &site.pages[i]).collect()
        }
    };
    let problems = Mutex::new(Vec::new());
    wanted.par_iter().for_each(|page| {
        let Kind::Prison { slug } = &page.file.kind else {
            return;
        };
        let own = by_prison.get(slug.as_str()).map_or(&[][..], Vec::as_slice);
        for lang in LANGS {
            let feed = feed::prison_feed(site, theme, lang, page, own.iter().copied());
            match feed {
                Ok(file) => sink.put_file(file),
                Err(d) => lock(&problems).push(d),
            }
            if let Some(file) = calendar::calendar(site, page, &words(theme, lang)) {
                sink.put_file(file);
            }
        }
    });
    for d in problems.into_inner().unwrap_or_else(|e| e.into_inner()) {
        theme.report(d, diags);
    }
}

/// `prisons.json` and `prisons.csv`.
pub(crate) fn open_data(site: &Site, diags: &Diagnostics, sink: &Sink) {
    if let Err(d) = open_data::put(site, sink) {
        diags.push(d, None);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether the theme has every output template; each missing one is an error naming it.
pub(crate) fn has_output_templates(theme: &Theme, diags: &Diagnostics) -> bool {
    let mut all = true;
    for name in OUTPUT_TEMPLATES {
        if !theme.has(name) {
            all = false;
            diags.push(
                Diagnostic::error(format!(
                    "the theme has no template `{name}`, which the build renders the feeds, sitemap and redirect pages from"
                ))
                .help(format!(
                    "copy themes/default/templates/{name} into your theme's templates/ folder (or the site's templates/), and list it under `templates:` in its theme.yaml"
                )),
                None,
            );
        }
    }
    all
}

/// The theme's words for `lang`, English where the theme has none.
fn words(theme: &Theme, lang: Lang) -> Words<'_> {
    static EMPTY: std::sync::OnceLock<std::collections::BTreeMap<String, String>> =
        std::sync::OnceLock::new();
    let map = theme
        .words
        .get(&lang)
        .or_else(|| theme.words.get(&Lang::En))
        .unwrap_or_else(|| EMPTY.get_or_init(Default::default));
    Words::new(lang, map)
}

/// Renders one of the output templates with `view` as `page`.
fn render<T: serde::Serialize>(
    theme: &Theme,
    template: &str,
    view: &T,
    lang: Lang,
    path: &str,
) -> Result<String, Diagnostic> {
    theme.render(template, view, lang, &format!("/{path}"))
}

/// What `redirect.html` gets as `page`.
#[derive(serde::Serialize)]
struct RedirectView {
    /// The page's title, as the old address is sent to it.
    title: String,
    /// The page's full new address.
    target: String,
}

/// Old addresses (`aliases`) get a page that sends the visitor on, and a line in
/// `_redirects` for hosts that read one.
///
/// With `only` (an edit in `serve`), only those prisons' redirect pages are made again:
/// their title is the prison's name; `_redirects` changes only with an alias, which is a
/// full build.
pub(crate) fn redirects(
    site: &Site,
    theme: &Theme,
    pages: &[String],
    only: Option<&HashSet<usize>>,
    diags: &Diagnostics,
    sink: &Sink,
) -> HashSet<String> {
    let taken: HashSet<&str> = pages.iter().map(String::as_str).collect();
    let mut lines = String::new();
    let mut made = HashSet::new();
    for (i, page) in site.pages.iter().enumerate() {
        let wanted = only.is_none_or(|only| only.contains(&i));
        let Meta::Prison(prison) = &page.meta else {
            continue;
        };
        for alias in &prison.aliases {
            let path = alias.trim();
            let valid = path.starts_with('/')
                && !path.split('/').any(|s| s == ".." || s == ".")
                && path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'));
            let file = if path.ends_with(".html") {
                path.trim_start_matches('/').to_string()
            } else {
                format!("{}/index.html", path.trim_matches('/'))
            };
            if !valid || path == "/" {
                diags.push(
                    page.diagnostic_at_key(
                        Diagnostic::error(format!("the alias `{alias}` is not a site address"))
                            .help(
                                "write the old address from the site root, e.g. /prisons/old-name/",
                            ),
                        "aliases",
                    ),
                    page.source().ok().as_deref(),
                );
                continue;
            }
            if taken.contains(file.as_str()) || !made.insert(file.clone()) {
                diags.push(
                    page.diagnostic_at_key(
                        Diagnostic::error(format!(
                            "the alias `{alias}` is already the address of another page"
                        ))
                        .help("remove this alias, or move the other page"),
                        "aliases",
                    ),
                    page.source().ok().as_deref(),
                );
                continue;
            }
            lines.push_str(&format!("{path} {} 301\n", page.url));
            if !wanted {
                continue;
            }
            let view = RedirectView {
                title: clean_text(page.meta.title()),
                target: format!("{}{}", site.config.base(), page.url),
            };
            // Old addresses are English addresses, so the page sending families on is too.
            match render(theme, "redirect.html", &view, Lang::En, &file) {
                Ok(html) => sink.put(file, html.into_bytes()),
                Err(d) => theme.report(d, diags),
            }
        }
    }
    if only.is_none() {
        sink.put("_redirects".into(), lines.into_bytes());
    }
    made
}

/// [`json_ld_in`] in the page's own language.
pub fn json_ld(site: &Site, page: &Page) -> Option<String> {
    json_ld_in(site, page, page.file.lang)
}

/// schema.org JSON-LD for a page shown in `lang` (a Welsh twin is the English page shown
/// in Welsh), safe to place inside `<script>`. A prison is named as the page names it,
/// with its other names as `alternateName`; `mainEntityOfPage` says which page describes
/// it and in which language (`inLanguage`), so search engines pair the Welsh page with
/// Welsh searches.
pub fn json_ld_in(site: &Site, page: &Page, lang: Lang) -> Option<String> {
    let base = site.config.base();
    let url = match lang {
        Lang::En => format!("{base}{}", page.url),
        _ if page.url.starts_with(&format!("{}/", lang.prefix())) => format!("{base}{}", page.url),
        _ => format!("{base}{}{}", lang.prefix(), page.url),
    };
    let value = match &page.meta {
        Meta::Prison(p) => return prison_json_ld(p, lang, &url),
        meta if let Some(e) = meta.entry::<crate::model::Evidence>() => serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Report",
            "name": e.title,
            "author": {"@type": "Organization", "name": e.author},
            "publisher": {"@type": "Organization", "name": e.publisher},
            "datePublished": e.published.map(|d| d.to_string()).or_else(|| e.year.map(|y| y.to_string())),
            "url": e.source_url.0,
            "abstract": e.summary,
            "mainEntityOfPage": WebPage::new(&url, lang),
        }),
        _ => return None,
    };
    // `</script>` or `<!--` inside a string must not end or change the script element
    // (and `<\!--` is not valid JSON, so every `<` is written as `\u003c`).
    // A `Value` always serialises (its keys are strings), so `Display` is used rather
    // than a fallible call whose error would have to be dropped.
    Some(script_safe_json(&value.to_string()))
}

/// A prison's JSON-LD, written from typed fields rather than built as a `serde_json::Value`
/// (two a prison, thousands a build). The fields are in the order a `Value`'s sorted keys
/// put them, and empty ones are left out or written `null` as before, so the text is the
/// same.
fn prison_json_ld(p: &crate::model::Prison, lang: Lang, url: &str) -> Option<String> {
    let name = p.name_in(lang);
    let building = Building {
        context: "https://schema.org",
        kind: "GovernmentBuilding",
        address: p.address.as_ref().map(|a| {
            let welsh = lang == Lang::Cy && (!a.lines_cy.is_empty() || a.town_cy.is_some());
            let (lines, town) = match welsh {
                true => (&a.lines_cy, &a.town_cy),
                false => (&a.lines, &a.town),
            };
            PostalAddress {
                kind: "PostalAddress",
                country: "GB",
                locality: town.as_deref(),
                region: a.county.as_deref(),
                postal_code: a.postcode.as_ref().map(|c| c.0.as_str()),
                street: lines.join(", "),
            }
        }),
        alternate_name: std::iter::once(p.name.as_str())
            .filter(|n| *n != name)
            .chain(p.other_names.iter().map(String::as_str))
            .collect(),
        main_entity_of_page: WebPage::new(url, lang),
        name,
        opening_hours: p
            .family_sessions()
            .map(|s| OpeningHours {
                kind: "OpeningHoursSpecification",
                closes: s.end.to_string(),
                day_of_week: s
                    .days
                    .iter()
                    .map(|d| format!("https://schema.org/{}", d.name()))
                    .collect(),
                opens: s.start.to_string(),
            })
            .collect(),
        telephone: p
            .contact
            .as_ref()
            .and_then(|c| c.phone.as_ref())
            .map(|t| t.0.as_str()),
        url,
    };
    // Strings, lists and maps with fixed keys: serialising cannot fail.
    serde_json::to_string(&building)
        .ok()
        .map(|json| script_safe_json(&json))
}

/// Which page describes a thing, in which language.
#[derive(serde::Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "inLanguage")]
    in_language: &'static str,
}

impl<'a> WebPage<'a> {
    fn new(url: &'a str, lang: Lang) -> Self {
        WebPage {
            id: url,
            kind: "WebPage",
            in_language: lang.code(),
        }
    }
}

#[derive(serde::Serialize)]
struct Building<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<PostalAddress<'a>>,
    #[serde(rename = "alternateName", skip_serializing_if = "Vec::is_empty")]
    alternate_name: Vec<&'a str>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: WebPage<'a>,
    name: &'a str,
    #[serde(
        rename = "openingHoursSpecification",
        skip_serializing_if = "Vec::is_empty"
    )]
    opening_hours: Vec<OpeningHours>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telephone: Option<&'a str>,
    url: &'a str,
}

#[derive(serde::Serialize)]
struct PostalAddress<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "addressCountry")]
    country: &'static str,
    #[serde(rename = "addressLocality")]
    locality: Option<&'a str>,
    #[serde(rename = "addressRegion")]
    region: Option<&'a str>,
    #[serde(rename = "postalCode")]
    postal_code: Option<&'a str>,
    #[serde(rename = "streetAddress")]
    street: String,
}

#[derive(serde::Serialize)]
struct OpeningHours {
    #[serde(rename = "@type")]
    kind: &'static str,
    closes: String,
    #[serde(rename = "dayOfWeek")]
    day_of_week: Vec<String>,
    opens: String,
}

/// JSON text that cannot end or change an HTML `<script>` element it is placed in (or
/// inlined into later): `<`, `>` and `&` can only be inside strings, where `\u003c`,
/// `\u003e` and `\u0026` are the same characters, so the value is unchanged.
pub fn script_safe_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON-LD a prison had when it was built as a `serde_json::Value`.
    fn as_value_gave(p: &crate::model::Prison, lang: Lang, url: &str) -> String {
        let name = p.name_in(lang);
        let mut v = serde_json::json!({
            "@context": "https://schema.org", "@type": "GovernmentBuilding", "name": name, "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url, "inLanguage": lang.code()},
        });
        if let Some(a) = &p.address {
            let welsh = lang == Lang::Cy && (!a.lines_cy.is_empty() || a.town_cy.is_some());
            let (lines, town) = if welsh {
                (&a.lines_cy, &a.town_cy)
            } else {
                (&a.lines, &a.town)
            };
            v["address"] = serde_json::json!({
                "@type": "PostalAddress", "streetAddress": lines.join(", "), "addressLocality": town,
                "addressRegion": a.county, "addressCountry": "GB",
                "postalCode": a.postcode.as_ref().map(|c| c.0.clone()),
            });
        }
        if let Some(t) = p.contact.as_ref().and_then(|c| c.phone.as_ref()) {
            v["telephone"] = serde_json::json!(t.0);
        }
        let hours: Vec<serde_json::Value> = p
            .family_sessions()
            .map(|s| serde_json::json!({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": s.days.iter().map(|d| format!("https://schema.org/{}", d.name())).collect::<Vec<_>>(),
                "opens": s.start.to_string(), "closes": s.end.to_string(),
            }))
            .collect();
        if !hours.is_empty() {
            v["openingHoursSpecification"] = serde_json::json!(hours);
        }
        let others: Vec<&str> = std::iter::once(p.name.as_str())
            .filter(|n| *n != name)
            .chain(p.other_names.iter().map(String::as_str))
            .collect();
        if !others.is_empty() {
            v["alternateName"] = serde_json::json!(others);
        }
        script_safe_json(&v.to_string())
    }

    #[test]
    fn a_prisons_json_ld_reads_as_when_it_was_a_json_value() {
        let yamls = [
            "name: HMP Test\nregion: Wales\n",
            "name: HMP Test <&>\nname_cy: Carchar Prawf\nother_names: [Old Test]\nregion: Wales\n\
             address:\n  lines: [1 Road]\n  county: Testshire\n  lines_cy: [1 Heol]\n\
             contact:\n  phone: 01632 960 000\n\
             visiting_times:\n  sessions:\n    - {days: [mon, sat], start: \"14:00\", end: \"15:30\"}\n    - {days: [tue], start: \"09:00\", end: \"10:00\", kind: legal}\n",
            "name: HMP Test\nregion: Wales\naddress:\n  lines: [1 Road, Town End]\n  town: Testing\n  postcode: CF10 1AA\n",
        ];
        for yaml in yamls {
            let yaml = format!(
                "{yaml}sources:\n  - id: moj\n    title: Booking data\n    url: https://example.org/\n"
            );
            let p: crate::model::Prison = serde_yaml::from_str(&yaml).expect("a test prison");
            for lang in [Lang::En, Lang::Cy] {
                let url = "https://example.org/prisons/test/";
                assert_eq!(
                    prison_json_ld(&p, lang, url).as_deref(),
                    Some(as_value_gave(&p, lang, url).as_str()),
                    "{yaml}"
                );
            }
        }
    }

    #[test]
    fn json_for_scripts_has_no_markup() {
        let json = serde_json::to_string("</script><!-- & >").unwrap();
        let safe = script_safe_json(&json);
        assert!(!safe.contains(['<', '>', '&']), "{safe}");
        assert_eq!(
            serde_json::from_str::<String>(&safe).unwrap(),
            "</script><!-- & >"
        );
    }

    #[test]
    fn text_for_xml_keeps_line_breaks_and_drops_what_xml_forbids() {
        assert_eq!(clean_text("a\u{1}b\tc\nd\u{FFFE}\u{7f}"), "ab\tc\nd");
    }
}

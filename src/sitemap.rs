//! `sitemap.xml`: every page search engines should know, with the day a person last checked
//! it. A sitemap file may list at most 50,000 addresses (sitemaps.org), so a larger site gets
//! `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`, … .

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::model::Lang;
use crate::model::fields::Date;
use crate::output::OutputFile;
use crate::templates::Theme;

/// The most addresses one sitemap file may hold.
pub const MAX_URLS: usize = 50_000;

/// What `sitemap.xml` (one file of addresses) gets as `page`.
#[derive(Serialize)]
struct UrlSet<'a> {
    urls: Vec<Entry<'a>>,
}

/// What `sitemap_index.xml` (the list of numbered files, on a large site) gets as `page`.
#[derive(Serialize)]
struct Index {
    sitemaps: Vec<Entry<'static>>,
}

/// An address and the day it was last checked, for either template.
#[derive(Serialize)]
struct Entry<'a> {
    loc: std::borrow::Cow<'a, str>,
    lastmod: Option<String>,
    /// The page in each language, itself included, when it has a page in the other
    /// (`<xhtml:link rel="alternate" hreflang>`, so a search shows a Welsh reader the
    /// Welsh page).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternates: Vec<Alternate>,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: &'static str,
    href: String,
}

/// An address's English and Welsh addresses: `/cy/x/` and `/x/` are each other's.
fn pair(url: &str) -> (String, String) {
    match url.strip_prefix("/cy/") {
        Some(rest) => (format!("/{rest}"), url.to_string()),
        None => (url.to_string(), format!("/cy{url}")),
    }
}

/// The sitemap file(s) of a site made of `pages` (paths inside the output), rendered
/// with the theme's `sitemap.xml` and `sitemap_index.xml`.
pub fn files(
    site: &Site,
    theme: &Theme,
    pages: &[String],
    redirects: &HashSet<String>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    // A page's Welsh twin (made from the English page) was reviewed when the page was.
    let lastmod: BTreeMap<String, Date> = site
        .pages
        .iter()
        .filter_map(|p| Some((p, p.meta.last_reviewed()?)))
        .flat_map(|(p, d)| {
            let twin = (p.file.lang == Lang::En && site.translation_of(p).is_none())
                .then(|| (format!("/cy{}", p.url), d));
            std::iter::once((p.url.clone(), d)).chain(twin)
        })
        .collect();
    let mut urls: Vec<(String, Option<Date>)> = pages
        .iter()
        .filter(|p| p.ends_with("index.html") && !redirects.contains(*p))
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        // The editors' report is for the team, not for search engines.
        .filter(|url| url != crate::status::PAGE_URL)
        .map(|url| {
            let date = lastmod.get(url.as_str()).copied();
            (url, date)
        })
        .collect();
    urls.sort();
    let listed: HashSet<&str> = urls.iter().map(|(u, _)| u.as_str()).collect();
    let twins: HashSet<String> = urls
        .iter()
        .filter(|(u, _)| {
            let (en, cy) = pair(u);
            listed.contains(en.as_str()) && listed.contains(cy.as_str())
        })
        .map(|(u, _)| u.clone())
        .collect();
    split(theme, site.config.base(), &urls, &twins, MAX_URLS)
}

/// One `urlset` file when the addresses fit, else an index and numbered files of at most
/// `limit` addresses each.
fn split(
    theme: &Theme,
    base: &str,
    urls: &[(String, Option<Date>)],
    twins: &HashSet<String>,
    limit: usize,
) -> Result<Vec<OutputFile>, Diagnostic> {
    if urls.len() <= limit {
        return Ok(vec![urlset(
            theme,
            "sitemap.xml".into(),
            base,
            urls,
            twins,
        )?]);
    }
    let mut out = Vec::new();
    let mut sitemaps = Vec::new();
    for (n, chunk) in urls.chunks(limit.max(1)).enumerate() {
        let path = format!("sitemap-{}.xml", n + 1);
        sitemaps.push(Entry {
            loc: format!("{base}/{path}").into(),
            lastmod: chunk
                .iter()
                .filter_map(|(_, d)| *d)
                .max()
                .map(|d| d.to_string()),
            alternates: Vec::new(),
        });
        out.push(urlset(theme, path, base, chunk, twins)?);
    }
    let xml = theme.render(
        "sitemap_index.xml",
        &Index { sitemaps },
        Lang::En,
        "/sitemap.xml",
    )?;
    out.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    });
    Ok(out)
}

fn urlset(
    theme: &Theme,
    path: String,
    base: &str,
    urls: &[(String, Option<Date>)],
    twins: &HashSet<String>,
) -> Result<OutputFile, Diagnostic> {
    let full = |url: &str| format!("{base}{}", crate::xml_text::clean_text(url));
    let view = UrlSet {
        urls: urls
            .iter()
            .map(|(url, date)| Entry {
                loc: full(url).into(),
                lastmod: date.map(|d| d.to_string()),
                alternates: if twins.contains(url) {
                    let (en, cy) = pair(url);
                    vec![
                        Alternate {
                            hreflang: "en",
                            href: full(&en),
                        },
                        Alternate {
                            hreflang: "cy",
                            href: full(&cy),
                        },
                    ]
                } else {
                    Vec::new()
                },
            })
            .collect(),
    };
    let xml = theme.render("sitemap.xml", &view, Lang::En, &format!("/{path}"))?;
    Ok(OutputFile {
        path,
        bytes: xml.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme() -> Theme {
        let diags = crate::diagnostics::Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::templates::load(root, "default", &diags).expect("the default theme loads")
    }

    fn urls(n: usize) -> Vec<(String, Option<Date>)> {
        (0..n)
            .map(|i| (format!("/prisons/p{i:05}/"), Date::parse("2026-11-01").ok()))
            .collect()
    }

    #[test]
    fn a_small_site_has_one_sitemap() {
        let files = split(
            &theme(),
            "https://example.org",
            &urls(3),
            &HashSet::new(),
            3,
        )
        .unwrap();
        assert_eq!(files.len(), 1);
        let xml = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(xml.contains("<urlset"));
        assert_eq!(xml.matches("<url>").count(), 3);
        assert!(xml.contains(
            "<loc>https://example.org/prisons/p00000/</loc><lastmod>2026-11-01</lastmod>"
        ));
    }

    #[test]
    fn a_large_site_gets_an_index_of_files_within_the_limit() {
        let files = split(
            &theme(),
            "https://example.org",
            &urls(7),
            &HashSet::new(),
            3,
        )
        .unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let index = String::from_utf8(files[3].bytes.clone()).unwrap();
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<sitemap><loc>https://example.org/sitemap-3.xml</loc><lastmod>2026-11-01</lastmod></sitemap>"));
        let counts: Vec<usize> = files[..3]
            .iter()
            .map(|f| String::from_utf8_lossy(&f.bytes).matches("<url>").count())
            .collect();
        assert_eq!(counts, [3, 3, 1]);
    }
}

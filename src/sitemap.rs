//! `sitemap.xml`: every page search engines should know, with the day a person last checked
//! it. A sitemap file may list at most 50,000 addresses (sitemaps.org), so a larger site gets
//! `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`, … .

use std::collections::{BTreeMap, HashSet};

use crate::highlight::escape;
use crate::model::fields::Date;
use crate::output::OutputFile;
use crate::site::Site;

/// The most addresses one sitemap file may hold.
pub const MAX_URLS: usize = 50_000;

pub fn files(site: &Site, pages: &[String], redirects: &HashSet<String>) -> Vec<OutputFile> {
    let lastmod: BTreeMap<&str, Date> = site
        .pages
        .iter()
        .filter_map(|p| Some((p.url.as_str(), p.meta.last_reviewed()?)))
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
    split(site.config.base(), &urls, MAX_URLS)
}

/// One `urlset` file when the addresses fit, else an index and numbered files of at most
/// `limit` addresses each.
fn split(base: &str, urls: &[(String, Option<Date>)], limit: usize) -> Vec<OutputFile> {
    let base = escape(base);
    if urls.len() <= limit {
        return vec![urlset("sitemap.xml".into(), &base, urls)];
    }
    let mut out = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in urls.chunks(limit.max(1)).enumerate() {
        let path = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!("<sitemap><loc>{base}/{path}</loc>"));
        if let Some(newest) = chunk.iter().filter_map(|(_, d)| *d).max() {
            index.push_str(&format!("<lastmod>{newest}</lastmod>"));
        }
        index.push_str("</sitemap>\n");
        out.push(urlset(path, &base, chunk));
    }
    index.push_str("</sitemapindex>\n");
    out.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: index.into_bytes(),
    });
    out
}

fn urlset(path: String, base: &str, urls: &[(String, Option<Date>)]) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, date) in urls {
        xml.push_str(&format!("<url><loc>{base}{}</loc>", escape(url)));
        if let Some(d) = date {
            xml.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path,
        bytes: xml.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(n: usize) -> Vec<(String, Option<Date>)> {
        (0..n)
            .map(|i| (format!("/prisons/p{i:05}/"), Date::parse("2026-11-01").ok()))
            .collect()
    }

    #[test]
    fn a_small_site_has_one_sitemap() {
        let files = split("https://example.org", &urls(3), 3);
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
        let files = split("https://example.org", &urls(7), 3);
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

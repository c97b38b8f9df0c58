//! The files a site publishes besides its pages, read the way the programs that use them
//! read them: the sitemap and feeds as XML (and the feeds with a feed reader's parser),
//! prisons.json against its published JSON Schema, prisons.csv with a CSV reader, the
//! visiting-time calendars with an iCalendar parser, plus redirects for old addresses,
//! canonical links and JSON-LD. Each check runs on the valid fixture and, where the shipped
//! content has the file, on the shipped site.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use familyties::model::fields::Date;
use serde_json::Value;

/// The fixture's `base_url`.
const BASE: &str = "https://familyties.test";

/// The valid fixture, built once for [`DATE`] and shared by the tests that only read it.
fn valid() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_ok("valid-site", &[]))
}

fn text(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path))
        .unwrap_or_else(|e| panic!("cannot read {path} from {}: {e}", out.display()))
}

/// The published JSON Schema for prisons.json: the one file, in content/, that the site
/// copies to /prisons.schema.json.
fn schema() -> Value {
    let path = repo_root().join("content/prisons.schema.json");
    let text = std::fs::read_to_string(&path).expect("content/prisons.schema.json exists");
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// The schema with `"additionalProperties": false` added to every object it describes:
/// the published schema lets new keys appear (so old copies of it keep working), but every
/// key the site writes must be documented in it.
fn strict(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: serde_json::Map<String, Value> = map
                .iter()
                .map(|(k, v)| {
                    // `properties` maps key names to schemas: walk the schemas, not the map.
                    let v = match (k.as_str(), v) {
                        ("properties" | "$defs", Value::Object(m)) => {
                            Value::Object(m.iter().map(|(k, v)| (k.clone(), strict(v))).collect())
                        }
                        _ => strict(v),
                    };
                    (k.clone(), v)
                })
                .collect();
            if out.contains_key("properties") {
                out.insert("additionalProperties".into(), Value::Bool(false));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(strict).collect()),
        other => other.clone(),
    }
}

/// A validator for the strict schema, checking formats (dates) too.
fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&strict(&schema()))
        .expect("the schema compiles")
}

/// Output path of a page → its address (`prisons/leeds/index.html` → `/prisons/leeds/`).
fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{path}"),
    }
}

/// Address → the output file that serves it, if it is a page of this build.
fn file_of(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The lines of `_redirects`: (old address, new address).
fn redirect_lines(out: &Path) -> Vec<(String, String)> {
    text(out, "_redirects")
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(
                fields.len(),
                3,
                "a _redirects line is `old new 301`: {line:?}"
            );
            assert_eq!(fields[2], "301", "{line}");
            (fields[0].to_string(), fields[1].to_string())
        })
        .collect()
}

/// The output files of the redirect pages (one per line of `_redirects`).
fn redirect_pages(out: &Path) -> BTreeSet<String> {
    redirect_lines(out)
        .iter()
        .map(|(from, _)| file_of(from))
        .collect()
}

/// The `href` of the first `<link>` in `html` with all of `attrs` (e.g. `rel="canonical"`).
fn link_hrefs<'a>(html: &'a str, attrs: &[&str]) -> Vec<&'a str> {
    html.match_indices("<link ")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>').expect("a closed <link>")];
            attrs.iter().all(|a| tag.contains(a)).then(|| {
                attr_values(tag, "href")
                    .first()
                    .copied()
                    .expect("a <link> with an href")
            })
        })
        .collect()
}

/// The contents of every `<script type="application/ld+json">` element of `html`.
fn json_ld_blocks(html: &str) -> Vec<&str> {
    let open = "<script type=\"application/ld+json\">";
    html.match_indices(open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let end = rest
                .to_ascii_lowercase()
                .find("</script")
                .expect("a closed script");
            &rest[..end]
        })
        .collect()
}

/// `YYYY-MM-DDTHH:MM:SS` plus `Z` or an offset: the date-time form RFC 4287 requires.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.into_iter().all(|i| b[i].is_ascii_digit());
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && Date::parse(&s[..10]).is_ok()
        && (s.ends_with('Z') || s[19..].contains(['+', '-']))
}

// ---- Sitemap and robots.txt ----

/// Checks sitemap.xml against the pages of the build; returns its addresses.
fn check_sitemap(out: &Path, base: &str) -> BTreeMap<String, Option<String>> {
    let xml = text(out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut listed = BTreeMap::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url");
        let child = |name: &str| {
            url.children()
                .find(|n| n.has_tag_name(name))
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        let loc = child("loc").expect("every <url> has a <loc>");
        let path = loc
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{loc} is not an absolute address on {base}"));
        assert!(path.starts_with('/'), "{loc}");
        let lastmod = child("lastmod");
        if let Some(d) = &lastmod {
            assert!(
                Date::parse(d).is_ok(),
                "{loc}: lastmod {d} is not YYYY-MM-DD"
            );
        }
        assert!(
            listed.insert(path.to_string(), lastmod).is_none(),
            "{loc} is listed twice"
        );
    }
    // Every page, except the 404 page, the pages that only send visitors on and pages
    // that ask search engines to leave them out (the editors' status report).
    let redirects = redirect_pages(out);
    let pages: BTreeSet<String> = files_under(out)
        .into_iter()
        .filter(|(p, bytes)| {
            p.ends_with(".html")
                && p != "404.html"
                && p != "cy/404.html"
                && !redirects.contains(p)
                && !String::from_utf8_lossy(bytes)
                    .contains("<meta name=\"robots\" content=\"noindex")
        })
        .map(|(p, _)| url_of(&p))
        .collect();
    assert_eq!(
        listed.keys().cloned().collect::<BTreeSet<_>>(),
        pages,
        "the sitemap lists exactly the site's pages"
    );
    // lastmod is the review date the page itself shows, and only where it shows one.
    for (url, lastmod) in &listed {
        let html = text(out, &file_of(url));
        let shown = html
            .find("class=\"page-meta\"")
            .and_then(|i| attr_values(&html[i..], "datetime").first().copied());
        assert_eq!(
            lastmod.as_deref(),
            shown,
            "{url}: lastmod vs the page's review date"
        );
    }
    let robots = text(out, "robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {base}/sitemap.xml")),
        "robots.txt points at the sitemap:\n{robots}"
    );
    assert!(robots.contains("User-agent: *"), "{robots}");
    listed
}

#[test]
fn sitemap_pairs_each_page_with_its_page_in_the_other_language() {
    let built = valid();
    let listed = check_sitemap(&built.out(), BASE);
    let xml = text(&built.out(), "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let mut paired = 0;
    for url in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("url"))
    {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .and_then(|n| n.text())
            .unwrap();
        let alternates: BTreeMap<&str, &str> = url
            .children()
            .filter(|n| {
                n.tag_name().name() == "link"
                    && n.tag_name().namespace() == Some("http://www.w3.org/1999/xhtml")
            })
            .map(|n| {
                (
                    n.attribute("hreflang").unwrap(),
                    n.attribute("href").unwrap(),
                )
            })
            .collect();
        if alternates.is_empty() {
            continue;
        }
        paired += 1;
        assert_eq!(
            alternates.keys().copied().collect::<Vec<_>>(),
            ["cy", "en"],
            "{loc}"
        );
        // Itself among them, and the other is a page the sitemap lists too.
        assert!(alternates.values().any(|h| *h == loc), "{loc}");
        for href in alternates.values() {
            let path = href.strip_prefix(BASE).unwrap();
            assert!(listed.contains_key(path), "{loc}: {href} is not listed");
        }
        let (en, cy) = (alternates["en"], alternates["cy"]);
        assert_eq!(cy, en.replacen(BASE, &format!("{BASE}/cy"), 1), "{loc}");
    }
    assert!(paired > 10, "English and Welsh pages are paired ({paired})");
    let home = xml
        .lines()
        .find(|l| l.contains(&format!("<loc>{BASE}/</loc>")))
        .unwrap();
    assert!(
        home.contains(&format!("hreflang=\"cy\" href=\"{BASE}/cy/\"")),
        "{home}"
    );
}

#[test]
fn sitemap_lists_every_page_with_its_review_date() {
    let built = valid();
    let listed = check_sitemap(&built.out(), BASE);
    let lastmod = |url: &str| listed[url].as_deref();
    assert_eq!(lastmod("/prisons/leeds/"), Some("2026-11-01"));
    assert_eq!(lastmod("/prisons/cardiff/"), Some("2026-10-15"));
    assert_eq!(lastmod("/prisons/northallerton/"), Some("2026-09-01"));
    assert_eq!(lastmod("/prisons/"), None, "a list has no review date");
    assert!(listed.contains_key("/"));
    assert!(listed.contains_key("/cy/"), "Welsh pages are listed too");
    assert!(!listed.contains_key("/404.html"));
    assert!(
        !listed.contains_key("/prisons/hmp-northallerton/"),
        "an old address is not a page to index"
    );
}

#[test]
fn every_page_names_its_canonical_address() {
    let built = valid();
    let redirects: BTreeMap<String, String> = redirect_lines(&built.out())
        .into_iter()
        .map(|(from, to)| (file_of(&from), to))
        .collect();
    let pages = built.html_files();
    assert!(pages.len() > 30);
    for (path, html) in &pages {
        let canonical = link_hrefs(html, &["rel=\"canonical\""]);
        assert_eq!(canonical.len(), 1, "{path}: one canonical link");
        let expected = match redirects.get(path) {
            Some(to) => format!("{BASE}{to}"),
            None => format!("{BASE}{}", url_of(path)),
        };
        assert_eq!(canonical[0], expected, "{path}");
    }
}

// ---- Atom feeds ----

/// What a feed says, for comparing builds.
#[derive(Debug, PartialEq)]
struct FeedSummary {
    id: String,
    /// (entry id, link, updated), in the feed's order.
    entries: Vec<(String, String, String)>,
}

/// Checks one feed against RFC 4287 (with an XML parser) and reads it with a feed reader's
/// parser; `path` is the feed's path in the output.
fn check_feed(out: &Path, path: &str, base: &str) -> FeedSummary {
    let xml = text(out, path);
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    let doc = roxmltree::Document::parse(&xml)
        .unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed", "{path}");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM), "{path}");
    let children = |n: roxmltree::Node<'_, '_>, name: &str| -> Vec<String> {
        n.children()
            .filter(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(ATOM))
            .map(|c| c.text().unwrap_or("").to_string())
            .collect()
    };
    let one = |n: roxmltree::Node<'_, '_>, name: &str, what: &str| -> String {
        let found = children(n, name);
        assert_eq!(found.len(), 1, "{path}: {what} has exactly one <{name}>");
        assert!(
            !found[0].trim().is_empty(),
            "{path}: {what}'s <{name}> is empty"
        );
        found[0].clone()
    };
    let links = |n: roxmltree::Node<'_, '_>| -> Vec<(String, String)> {
        n.children()
            .filter(|c| c.has_tag_name((ATOM, "link")))
            .map(|c| {
                (
                    c.attribute("rel").unwrap_or("alternate").to_string(),
                    c.attribute("href").expect("atom:link has href").to_string(),
                )
            })
            .collect()
    };
    // atom:feed: exactly one id, title and updated; a self link; an author.
    let id = one(feed, "id", "the feed");
    assert!(
        id.starts_with(base),
        "{path}: feed id {id} is an absolute IRI"
    );
    one(feed, "title", "the feed");
    let updated = one(feed, "updated", "the feed");
    assert!(is_rfc3339(&updated), "{path}: updated {updated}");
    assert!(
        links(feed).contains(&("self".to_string(), format!("{base}/{path}"))),
        "{path}: the feed links to itself"
    );
    let feed_has_author = feed.children().any(|c| c.has_tag_name((ATOM, "author")));
    let entries: Vec<roxmltree::Node> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    let mut summary = FeedSummary {
        id: id.clone(),
        entries: Vec::new(),
    };
    for entry in &entries {
        let entry_id = one(*entry, "id", "an entry");
        one(*entry, "title", "an entry");
        let entry_updated = one(*entry, "updated", "an entry");
        assert!(is_rfc3339(&entry_updated), "{path}: {entry_updated}");
        assert!(
            feed_has_author || entry.children().any(|c| c.has_tag_name((ATOM, "author"))),
            "{path}: {entry_id} has an author (its own or the feed's)"
        );
        // No atom:content, so at least one alternate link (RFC 4287 4.1.2).
        let alternate: Vec<String> = links(*entry)
            .into_iter()
            .filter(|(rel, _)| rel == "alternate")
            .map(|(_, href)| href)
            .collect();
        assert!(
            !alternate.is_empty(),
            "{path}: {entry_id} has no alternate link"
        );
        let link = alternate[0].clone();
        let page = link
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{path}: {link} is not on {base}"));
        assert!(
            out.join(file_of(page)).is_file(),
            "{path}: {link} is not a page of the site"
        );
        summary.entries.push((entry_id, link, entry_updated));
    }
    let ids: BTreeSet<&String> = summary.entries.iter().map(|e| &e.0).collect();
    assert_eq!(ids.len(), entries.len(), "{path}: entry ids are unique");
    // Newest first, and the feed was updated when its newest entry was.
    for pair in summary.entries.windows(2) {
        assert!(pair[0].2 >= pair[1].2, "{path}: not newest first: {pair:?}");
    }
    if let Some(first) = summary.entries.first() {
        assert_eq!(updated, first.2, "{path}: feed updated = newest entry");
    }

    // A feed reader's parser sees the same feed; missing ids would show as "MISSING".
    let parsed = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| "MISSING".to_string())
        .build()
        .parse(xml.as_bytes())
        .unwrap_or_else(|e| panic!("{path}: feed-rs cannot read it: {e}"));
    assert_eq!(parsed.feed_type, feed_rs::model::FeedType::Atom, "{path}");
    assert_eq!(parsed.id, id, "{path}");
    assert!(
        parsed.title.is_some_and(|t| !t.content.is_empty()),
        "{path}"
    );
    let feed_updated = parsed.updated.expect("the feed's updated parses as a date");
    assert_eq!(parsed.entries.len(), entries.len(), "{path}");
    for (e, (entry_id, link, _)) in parsed.entries.iter().zip(&summary.entries) {
        assert_eq!(&e.id, entry_id, "{path}");
        assert!(e.title.as_ref().is_some_and(|t| !t.content.is_empty()));
        let when = e.updated.expect("an entry's updated parses as a date");
        assert!(
            when <= feed_updated,
            "{path}: {entry_id} is newer than the feed"
        );
        assert!(
            e.links.iter().any(|l| &l.href == link),
            "{path}: {entry_id}"
        );
    }
    for pair in parsed.entries.windows(2) {
        assert!(pair[0].updated >= pair[1].updated, "{path}: newest first");
    }
    summary
}

/// The site's feed and every prison's.
fn feed_paths(out: &Path) -> Vec<String> {
    let mut paths = vec!["updates.xml".to_string()];
    let mut prisons: Vec<String> = files_under(&out.join("prisons"))
        .into_keys()
        .filter(|p| p.ends_with("/updates.xml"))
        .map(|p| format!("prisons/{p}"))
        .collect();
    prisons.sort();
    paths.extend(prisons);
    paths
}

#[test]
fn feeds_are_atom_with_ids_titles_dates_and_links_newest_first() {
    let out = valid().out();
    let paths = feed_paths(&out);
    assert_eq!(
        paths,
        [
            "updates.xml",
            "prisons/cardiff/updates.xml",
            "prisons/leeds/updates.xml",
            "prisons/northallerton/updates.xml",
        ]
    );
    let feeds: BTreeMap<&str, FeedSummary> = paths
        .iter()
        .map(|p| (p.as_str(), check_feed(&out, p, BASE)))
        .collect();
    let links = |path: &str| -> Vec<String> {
        feeds[path]
            .entries
            .iter()
            .map(|e| e.1.trim_start_matches(BASE).to_string())
            .collect()
    };
    assert_eq!(
        links("prisons/leeds/updates.xml"),
        ["/prisons/leeds/", "/prisons/leeds/family-day/"],
        "a prison's feed has its guide and its own pages"
    );
    assert_eq!(
        links("prisons/northallerton/updates.xml"),
        ["/prisons/northallerton/"]
    );
    let site = links("updates.xml");
    for url in [
        "/prisons/cardiff/",
        "/prisons/leeds/",
        "/prisons/leeds/family-day/",
        "/guides/how-visits-work/",
    ] {
        assert!(site.iter().any(|u| u == url), "{url} missing from {site:?}");
    }
    assert!(
        !site.iter().any(|u| u.starts_with("/cy/")),
        "the English feed has no Welsh pages: {site:?}"
    );
    // The newest review is first: Leeds (2026-11-01) before Cardiff (2026-10-15) before
    // Northallerton (2026-09-01).
    let pos = |url: &str| site.iter().position(|u| u == url).unwrap();
    assert!(pos("/prisons/leeds/") < pos("/prisons/cardiff/"));
    assert!(pos("/prisons/cardiff/") < pos("/prisons/northallerton/"));
    let first = &feeds["updates.xml"].entries[0];
    assert_eq!(first.2, "2026-11-01T00:00:00Z");
    // Each feed has a Welsh twin, as valid, with the same entries at Welsh addresses.
    for path in &paths {
        let welsh = check_feed(&out, &format!("cy/{path}"), BASE);
        let english = &feeds[path.as_str()];
        let cy_links: Vec<String> = welsh.entries.iter().map(|e| e.1.clone()).collect();
        let en_links: Vec<String> = english
            .entries
            .iter()
            .map(|e| e.1.replacen(BASE, &format!("{BASE}/cy"), 1))
            .collect();
        assert_eq!(cy_links, en_links, "cy/{path}");
    }
}

#[test]
fn feed_and_entry_ids_stay_the_same_on_a_later_build() {
    let site = Site::new("valid-site");
    let first = site.dir.path().join("first");
    let later = site.dir.path().join("later");
    assert_eq!(site.build_into(&first, &[]).code, 0);
    assert_eq!(site.build_into(&later, &["--date", "2026-12-10"]).code, 0);
    for path in feed_paths(&first) {
        let a = check_feed(&first, &path, BASE);
        let b = check_feed(&later, &path, BASE);
        assert_eq!(a.id, b.id, "{path}: the feed id changed");
        let ids = |f: &FeedSummary| -> BTreeMap<String, String> {
            f.entries
                .iter()
                .map(|(id, link, _)| (link.clone(), id.clone()))
                .collect()
        };
        let (a, b) = (ids(&a), ids(&b));
        for (link, id) in &a {
            if let Some(other) = b.get(link) {
                assert_eq!(id, other, "{path}: the entry for {link} got a new id");
            }
        }
    }
}

#[test]
fn pages_link_the_site_feed_and_prison_pages_their_own() {
    let built = valid();
    let redirects = redirect_pages(&built.out());
    for (path, html) in built.html_files() {
        if redirects.contains(&path) {
            continue;
        }
        let feeds = link_hrefs(
            &html,
            &["rel=\"alternate\"", "type=\"application/atom+xml\""],
        );
        // A Welsh page links the Welsh feed (the English one until base.html says `lp`).
        let site_feed =
            |f: &&str| *f == "/updates.xml" || (path.starts_with("cy/") && *f == "/cy/updates.xml");
        assert!(feeds.iter().any(site_feed), "{path}: {feeds:?}");
        for href in &feeds {
            assert!(
                built.out().join(href.trim_start_matches('/')).is_file(),
                "{path} links the feed {href}, which was not built"
            );
        }
    }
    for slug in ["cardiff", "leeds", "northallerton"] {
        let html = read(built, &format!("prisons/{slug}/index.html"));
        let feeds = link_hrefs(&html, &["type=\"application/atom+xml\""]);
        assert!(
            feeds.contains(&format!("/prisons/{slug}/updates.xml").as_str()),
            "{slug}: {feeds:?}"
        );
    }
}

// ---- Open data: prisons.json and prisons.csv ----

/// Validates prisons.json against the published schema; returns it.
fn check_json(out: &Path) -> Value {
    let schema = schema();
    jsonschema::meta::validate(&schema)
        .unwrap_or_else(|e| panic!("content/prisons.schema.json is not a valid schema: {e}"));
    let validator = validator();
    let data: Value = serde_json::from_str(&text(out, "prisons.json")).expect("prisons.json");
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "prisons.json does not match content/prisons.schema.json:\n{}",
        errors.join("\n")
    );
    data
}

/// The CSV's header, as documented in content/open-data.md.
const CSV_HEADER: [&str; 19] = [
    "slug",
    "name",
    "name_cy",
    "other_names",
    "nomis_id",
    "types",
    "holds",
    "category",
    "operator",
    "sector",
    "region",
    "town",
    "county",
    "postcode",
    "official_page",
    "switchboard",
    "status",
    "last_reviewed",
    "url",
];

/// Reads prisons.csv with a CSV reader and checks each row against the JSON entry for the
/// same prison; returns the rows as column → value.
fn check_csv(out: &Path, json: &Value) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(out.join("prisons.csv")).expect("prisons.csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, CSV_HEADER);
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            let r = r.expect("every row parses and has as many fields as the header");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect();
    let prisons = json["prisons"].as_array().unwrap();
    assert_eq!(rows.len(), prisons.len(), "one row per prison");
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let joined = |v: &Value, sep: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect::<Vec<_>>()
            .join(sep)
    };
    for (row, p) in rows.iter().zip(prisons) {
        let slug = &row["slug"];
        let expected: BTreeMap<&str, String> = [
            ("slug", s(&p["slug"])),
            ("name", s(&p["name"])),
            ("name_cy", s(&p["name_cy"])),
            ("other_names", joined(&p["other_names"], "; ")),
            ("nomis_id", s(&p["nomis_id"])),
            ("types", joined(&p["types"], "+")),
            ("holds", s(&p["holds"])),
            ("category", s(&p["category"])),
            ("operator", s(&p["operator"])),
            ("sector", s(&p["sector"])),
            ("region", s(&p["region"])),
            ("town", s(&p["address"]["town"])),
            ("county", s(&p["address"]["county"])),
            ("postcode", s(&p["address"]["postcode"])),
            ("official_page", s(&p["official_page"])),
            ("switchboard", s(&p["contact"]["phone"])),
            ("status", s(&p["status"])),
            ("last_reviewed", s(&p["last_reviewed"])),
            ("url", s(&p["url"])),
        ]
        .into_iter()
        .collect();
        for (column, value) in expected {
            assert_eq!(&row[column], &value, "{slug}: column {column}");
        }
    }
    rows
}

#[test]
fn prisons_json_matches_its_published_schema_with_one_entry_per_prison() {
    let out = valid().out();
    let data = check_json(&out);
    assert_eq!(
        data["schema_version"],
        familyties::publish::OPEN_DATA_SCHEMA_VERSION,
        "bump the schema's const with the version"
    );
    assert_eq!(schema()["properties"]["schema_version"]["const"], 2);
    assert_eq!(data["generated"], DATE);
    let prisons = data["prisons"].as_array().unwrap();
    let slugs: Vec<&str> = prisons
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["cardiff", "leeds", "northallerton"]);
    for p in prisons {
        let url = p["url"].as_str().unwrap();
        assert_eq!(
            url,
            format!("{BASE}/prisons/{}/", p["slug"].as_str().unwrap())
        );
        assert!(out.join(file_of(&url[BASE.len()..])).is_file(), "{url}");
    }
    let leeds = &prisons[1];
    assert_eq!(
        leeds["visiting_times"]["sessions"][1]["days"],
        serde_json::json!(["sat", "sun"])
    );
    assert_eq!(leeds["visiting_times"]["sessions"][1]["start"], "09:30");
    // Each group names its source, and the source carries its id and date.
    assert_eq!(leeds["visiting_times"]["source"], "gov-uk");
    assert_eq!(leeds["sources"][0]["id"], "gov-uk");
    assert_eq!(leeds["sources"][0]["date"], "2026-10-01");
    assert_eq!(leeds["last_reviewed"], "2026-11-01");
    assert_eq!(
        prisons[0]["nomis_id"],
        Value::Null,
        "unknown facts are null"
    );
    let closed = &prisons[2];
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["closed_on"], "2013-12-31");
    assert_eq!(closed["replaced_by"], "leeds");
}

#[test]
fn the_schema_rejects_output_that_breaks_it() {
    let out = valid().out();
    let data = check_json(&out);
    let validator = validator();
    let published = jsonschema::options().build(&schema()).unwrap();
    let mut extra = data.clone();
    extra["prisons"][0]["a_new_field"] = Value::Bool(true);
    assert!(
        published.is_valid(&extra),
        "the published schema lets a new field be added without a version change"
    );
    // (what, JSON pointer, new value or None to remove the key)
    let broken: [(&str, &str, Option<Value>); 11] = [
        ("a missing key", "/prisons/0/region", None),
        (
            "an undocumented key",
            "/prisons/0/visits",
            Some(true.into()),
        ),
        (
            "an undocumented nested key",
            "/prisons/1/contact/fax",
            Some("0113 203 2600".into()),
        ),
        ("a number for text", "/prisons/1/holds", Some(5.into())),
        (
            "an unknown region",
            "/prisons/1/region",
            Some("Scotland".into()),
        ),
        (
            "a date not in ISO 8601",
            "/prisons/1/last_reviewed",
            Some("1/11/2026".into()),
        ),
        (
            "an impossible date",
            "/generated",
            Some("2026-02-30".into()),
        ),
        (
            "a 12-hour time",
            "/prisons/1/visiting_times/sessions/0/start",
            Some("2pm".into()),
        ),
        (
            "an unknown day",
            "/prisons/1/visiting_times/sessions/0/days/0",
            Some("monday".into()),
        ),
        ("a new schema version", "/schema_version", Some(3.into())),
        (
            "a postcode in lower case",
            "/prisons/1/address/postcode",
            Some("ls12 2tj".into()),
        ),
    ];
    for (what, pointer, value) in broken {
        let mut v = data.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        match (v.pointer_mut(parent).expect(pointer), value) {
            (Value::Object(m), Some(x)) => {
                m.insert(key.to_string(), x);
            }
            (Value::Object(m), None) => {
                m.remove(key).expect(pointer);
            }
            (Value::Array(a), Some(x)) => a[key.parse::<usize>().unwrap()] = x,
            _ => panic!("{pointer}"),
        }
        assert!(!validator.is_valid(&v), "the schema accepts {what}");
    }
}

#[test]
fn prisons_csv_has_a_header_and_one_row_per_prison_agreeing_with_the_json() {
    let out = valid().out();
    let json = check_json(&out);
    let rows = check_csv(&out, &json);
    assert_eq!(rows.len(), 3);
    let cardiff = &rows[0];
    assert_eq!(
        cardiff["holds"], "men aged 18 and over <script>alert(1)</script> \"on remand\"",
        "quotes and commas survive the round trip"
    );
    assert_eq!(rows[1]["other_names"], "Armley");
    assert_eq!(rows[2]["types"], "HMP+YOI");
    assert_eq!(rows[2]["status"], "closed");
}

// ---- Calendars ----

/// The weekday of a date, 0 = Monday.
fn weekday(d: Date) -> i64 {
    (d.days() + 3).rem_euclid(7)
}

const DAYS: [(&str, &str); 7] = [
    ("mon", "MO"),
    ("tue", "TU"),
    ("wed", "WE"),
    ("thu", "TH"),
    ("fri", "FR"),
    ("sat", "SA"),
    ("sun", "SU"),
];

/// Checks a prison's visiting.ics against its sessions in prisons.json (RFC 5545 line
/// rules by hand, the rest with an iCalendar parser); returns each event's first date.
fn check_ics(out: &Path, prison: &Value, today: Date) -> Vec<String> {
    let slug = prison["slug"].as_str().unwrap();
    let path = format!("prisons/{slug}/visiting.ics");
    let ics = text(out, &path);
    // Every line ends in CRLF and is at most 75 octets; folded lines start with a space.
    assert!(ics.ends_with("\r\n"), "{path}");
    for (n, line) in ics.trim_end_matches("\r\n").split("\r\n").enumerate() {
        assert!(!line.contains(['\r', '\n']), "{path}:{n}: a bare CR or LF");
        assert!(
            line.len() <= 75,
            "{path}:{n}: {} octets: {line:?}",
            line.len()
        );
        assert!(!line.is_empty(), "{path}:{n}: an empty line");
    }
    // The plain parser: one VCALENDAR with VERSION and PRODID.
    let unfolded = icalendar::parser::unfold(&ics);
    let raw = icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
    let prop = |name: &str| {
        raw.properties
            .iter()
            .find(|p| p.name.as_str() == name)
            .map(|p| p.val.as_str().to_string())
    };
    assert_eq!(prop("VERSION").as_deref(), Some("2.0"), "{path}");
    assert!(prop("PRODID").is_some(), "{path}");
    assert!(
        raw.components
            .iter()
            .all(|c| matches!(c.name.as_str(), "VEVENT" | "VTIMEZONE")),
        "{path}"
    );
    assert_eq!(
        raw.components
            .iter()
            .filter(|c| c.name.as_str() == "VTIMEZONE")
            .count(),
        1,
        "{path}: Europe/London spelt out once"
    );
    // The typed parser: one weekly event per session, at the session's days and times.
    let calendar: icalendar::Calendar = ics
        .parse()
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
    use icalendar::{CalendarDateTime, Component, DatePerhapsTime};
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    // Families' sessions only: legal and official visits are not in their calendar.
    let sessions: Vec<&Value> = prison["visiting_times"]["sessions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| !matches!(s["kind"].as_str(), Some("legal" | "official")))
        .collect();
    assert_eq!(
        events.len(),
        sessions.len(),
        "{path}: one event per session"
    );
    let mut uids = BTreeSet::new();
    let mut firsts = Vec::new();
    for (event, session) in events.iter().zip(sessions.iter().copied()) {
        let uid = event.get_uid().expect("every event has a UID");
        assert!(uids.insert(uid.to_string()), "{path}: UID {uid} twice");
        assert!(event.get_summary().is_some_and(|s| !s.is_empty()));
        assert!(event.get_timestamp().is_some(), "{path}: DTSTAMP");
        // UK time, named: a phone set to another zone still shows a 2pm visit at 2pm.
        let floating = |d: Option<DatePerhapsTime>| match d {
            Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) => {
                assert_eq!(tzid, "Europe/London", "{path}");
                date_time.to_string()
            }
            other => panic!("{path}: expected a date and time in Europe/London, got {other:?}"),
        };
        let start = floating(event.get_start());
        let end = floating(event.get_end());
        let (date, start_time) = start.split_once(' ').unwrap();
        let (end_date, end_time) = end.split_once(' ').unwrap();
        assert_eq!(date, end_date, "{path}: a session ends on its day");
        assert_eq!(
            &start_time[..5],
            session["start"].as_str().unwrap(),
            "{path}: {uid}"
        );
        assert_eq!(&end_time[..5], session["end"].as_str().unwrap());
        let rrule = event.property_value("RRULE").expect("a weekly rule");
        let parts: BTreeMap<&str, &str> = rrule
            .split(';')
            .map(|p| p.split_once('=').expect("NAME=VALUE"))
            .collect();
        assert_eq!(parts.get("FREQ"), Some(&"WEEKLY"), "{path}: {rrule}");
        let byday: BTreeSet<&str> = parts["BYDAY"].split(',').collect();
        let days: BTreeSet<&str> = session["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let d = d.as_str().unwrap();
                DAYS.iter().find(|(name, _)| *name == d).unwrap().1
            })
            .collect();
        assert_eq!(byday, days, "{path}: {uid}");
        // The first occurrence is the session's next day on or after the build date.
        let first = Date::parse(date).unwrap();
        let ahead = first.days() - today.days();
        assert!((0..7).contains(&ahead), "{path}: {uid} starts {date}");
        let code = DAYS[weekday(first) as usize].1;
        assert!(
            byday.contains(code),
            "{path}: {date} is not one of {byday:?}"
        );
        for earlier in 0..ahead {
            let d = Date::from_days(today.days() + earlier);
            let code = DAYS[weekday(d) as usize].1;
            assert!(!byday.contains(code), "{path}: {uid} skips {d}");
        }
        firsts.push(date.to_string());
    }
    firsts
}

#[test]
fn a_prison_with_visiting_times_has_a_calendar_with_one_weekly_event_per_session() {
    let built = valid();
    let out = built.out();
    let json = check_json(&out);
    let leeds = &json["prisons"][1];
    assert_eq!(
        leeds["visiting_times"]["sessions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let today = Date::parse(DATE).unwrap();
    let firsts = check_ics(&out, leeds, today);
    // DATE is a Monday: the Monday, Wednesday and Friday session starts that day.
    assert_eq!(firsts, ["2026-11-23", "2026-11-28"]);
    let html = read(built, "prisons/leeds/index.html");
    assert!(html.contains("href=\"/prisons/leeds/visiting.ics\""));
    // Prisons without checked times have no calendar, and no link to one.
    for slug in ["cardiff", "northallerton"] {
        assert!(
            !out.join(format!("prisons/{slug}/visiting.ics")).exists(),
            "{slug}"
        );
        let html = read(built, &format!("prisons/{slug}/index.html"));
        assert!(!html.contains("visiting.ics"), "{slug} links a calendar");
    }
    let calendars: Vec<String> = built
        .files()
        .into_keys()
        .filter(|p| p.ends_with(".ics"))
        .collect();
    // The Welsh twin of the calendar, for the Welsh pages.
    assert_eq!(
        calendars,
        [
            "cy/prisons/leeds/visiting.ics",
            "prisons/leeds/visiting.ics"
        ]
    );
}

#[test]
fn a_calendar_starts_each_session_on_its_next_day_not_its_first_listed_day() {
    // 2026-11-24 is a Tuesday: the Monday, Wednesday and Friday session next falls on
    // Wednesday 25th, not Monday 30th.
    let site = Site::new("valid-site");
    assert_eq!(site.build(&["--date", "2026-11-24"]).code, 0);
    let out = site.out();
    let json: Value = serde_json::from_str(&text(&out, "prisons.json")).unwrap();
    let firsts = check_ics(
        &out,
        &json["prisons"][1],
        Date::parse("2026-11-24").unwrap(),
    );
    assert_eq!(firsts, ["2026-11-25", "2026-11-28"]);
}

#[test]
fn a_session_with_no_days_or_ending_before_it_starts_is_an_error() {
    // Such a session cannot go in a calendar or a table; the editor is told where it is
    // rather than the session quietly disappearing.
    let site = Site::new("valid-site");
    site.edit("content/prisons/leeds/index.md", |t| {
        t.replace(
            "  sessions:\n",
            "  sessions:\n    - days: []\n      start: \"18:00\"\n      end: \"19:00\"\n    - days: [sat]\n      start: \"18:00\"\n      end: \"17:00\"\n",
        )
    });
    let (run, problems) = site.check_json(&[]);
    assert_eq!(run.code, 1, "{run:#?}");
    let messages: Vec<&str> = problems
        .iter()
        .filter(|p| p["file"] == "content/prisons/leeds/index.md")
        .filter_map(|p| p["message"].as_str())
        .collect();
    assert!(
        messages.contains(&"visiting session 1 has no days"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"visiting session 2 ends (17:00) before it starts (18:00)"),
        "{messages:?}"
    );
}

// ---- Old addresses and closed prisons ----

#[test]
fn an_old_address_sends_visitors_to_the_new_page() {
    let built = valid();
    let out = built.out();
    let lines = redirect_lines(&out);
    assert_eq!(
        lines,
        [(
            "/prisons/hmp-northallerton/".to_string(),
            "/prisons/northallerton/".to_string()
        )]
    );
    assert_eq!(
        text(&out, "_redirects"),
        "/prisons/hmp-northallerton/ /prisons/northallerton/ 301\n"
    );
    for (from, to) in &lines {
        assert!(out.join(file_of(to)).is_file(), "{to} is a page");
        let html = text(&out, &file_of(from));
        let target = format!("{BASE}{to}");
        assert!(
            html.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
            )),
            "{html}"
        );
        assert!(html.contains(&format!("<a href=\"{target}\">")), "{html}");
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{html}"
        );
        assert_eq!(link_hrefs(&html, &["rel=\"canonical\""]), [target.as_str()]);
        assert!(html.contains("HMP Northallerton has moved"), "{html}");
    }
}

#[test]
fn a_closed_prison_says_so_and_links_where_visits_moved() {
    let built = valid();
    let html = read(built, "prisons/northallerton/index.html");
    let main = main_of(&html);
    assert!(main.contains("This prison has closed"), "{main}");
    assert!(main.contains("31 December 2013"), "{main}");
    assert!(
        main.contains("Visits moved to <a href=\"/prisons/leeds/\">HMP Leeds</a>"),
        "{main}"
    );
}

#[test]
fn a_closed_prison_is_not_offered_as_another_prison_in_the_region() {
    // A second open prison in Yorkshire, so Leeds has a list of other prisons there.
    let site = Site::new("valid-site");
    site.write(
        "content/prisons/wakefield/index.md",
        "---\nname: HMP Wakefield\nregion: Yorkshire and the Humber\nlast_reviewed: 2026-11-01\nsources:\n  - title: Wakefield Prison (GOV.UK)\n    url: https://www.gov.uk/guidance/wakefield-prison\n---\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{run:#?}");
    let html = std::fs::read_to_string(site.out().join("prisons/leeds/index.html")).unwrap();
    let start = html
        .find("id=\"near-title\">Other prisons in Yorkshire and the Humber")
        .expect("Leeds lists the other prisons in its region");
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    assert!(
        section.contains("href=\"/prisons/wakefield/\""),
        "{section}"
    );
    assert!(!section.contains("/prisons/northallerton/"), "{section}");
    // The closed prison's own page still points families at the open ones.
    let closed =
        std::fs::read_to_string(site.out().join("prisons/northallerton/index.html")).unwrap();
    let start = closed
        .find("id=\"near-title\"")
        .expect("a list of open prisons");
    assert!(closed[start..].contains("href=\"/prisons/leeds/\""));
}

// ---- Structured data ----

#[test]
fn json_ld_parses_and_describes_the_prison_and_its_visiting_hours() {
    let built = valid();
    let mut blocks = 0;
    for (path, html) in built.html_files() {
        for block in json_ld_blocks(&html) {
            blocks += 1;
            assert!(!block.to_ascii_lowercase().contains("</script"), "{path}");
            assert!(!block.contains("<!--"), "{path}");
            let v: Value = serde_json::from_str(block)
                .unwrap_or_else(|e| panic!("{path}: JSON-LD is not JSON ({e}): {block}"));
            assert_eq!(v["@context"], "https://schema.org", "{path}");
            assert!(v["@type"].is_string(), "{path}");
        }
    }
    assert!(blocks >= 5, "prison and evidence pages have JSON-LD");
    let json = check_json(&built.out());
    let prisons: BTreeMap<&str, &Value> = json["prisons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["slug"].as_str().unwrap(), p))
        .collect();
    let full_day = |d: &str| match d {
        "mon" => "Monday",
        "tue" => "Tuesday",
        "wed" => "Wednesday",
        "thu" => "Thursday",
        "fri" => "Friday",
        "sat" => "Saturday",
        _ => "Sunday",
    };
    for (slug, prison) in prisons {
        let html = read(built, &format!("prisons/{slug}/index.html"));
        let found = json_ld_blocks(&html);
        assert_eq!(found.len(), 1, "{slug}");
        let v: Value = serde_json::from_str(found[0]).unwrap();
        assert_eq!(v["@type"], "GovernmentBuilding", "{slug}");
        assert_eq!(v["name"], prison["name"]);
        assert_eq!(v["url"], prison["url"]);
        let address = &v["address"];
        assert_eq!(address["@type"], "PostalAddress", "{slug}");
        assert_eq!(address["postalCode"], prison["address"]["postcode"]);
        assert_eq!(address["addressLocality"], prison["address"]["town"]);
        assert_eq!(address["addressCountry"], "GB");
        // Families' sessions only: legal and official visits are not in their calendar.
        let sessions: Vec<&Value> = prison["visiting_times"]["sessions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| !matches!(s["kind"].as_str(), Some("legal" | "official")))
            .collect();
        if sessions.is_empty() {
            assert!(v.get("openingHoursSpecification").is_none(), "{slug}: {v}");
            continue;
        }
        let hours = v["openingHoursSpecification"].as_array().unwrap();
        assert_eq!(hours.len(), sessions.len(), "{slug}");
        for (h, s) in hours.iter().zip(sessions) {
            assert_eq!(h["@type"], "OpeningHoursSpecification");
            assert_eq!(h["opens"], s["start"]);
            assert_eq!(h["closes"], s["end"]);
            let days: Vec<String> = s["days"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| format!("https://schema.org/{}", full_day(d.as_str().unwrap())))
                .collect();
            assert_eq!(h["dayOfWeek"], serde_json::json!(days), "{slug}");
        }
    }
}

// ---- Determinism ----

/// The published files of a build (everything but the ordinary pages), path → bytes.
fn published(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let redirects = redirect_pages(out);
    files_under(out)
        .into_iter()
        .filter(|(p, _)| {
            [".xml", ".json", ".csv", ".ics", ".txt", "_redirects"]
                .iter()
                .any(|ext| p.ends_with(ext))
                || redirects.contains(p)
        })
        .collect()
}

#[test]
fn two_builds_publish_byte_identical_files() {
    let site = Site::new("valid-site");
    let a = site.dir.path().join("a");
    let b = site.dir.path().join("b");
    assert_eq!(site.build_into(&a, &[]).code, 0);
    assert_eq!(site.build_into(&b, &[]).code, 0);
    let (a_files, b_files) = (published(&a), published(&b));
    let names: Vec<&String> = a_files.keys().collect();
    for expected in [
        "sitemap.xml",
        "robots.txt",
        "_redirects",
        "updates.xml",
        "prisons/leeds/updates.xml",
        "prisons.json",
        "prisons.csv",
        "prisons/leeds/visiting.ics",
        "prisons/hmp-northallerton/index.html",
    ] {
        assert!(
            names.iter().any(|n| *n == expected),
            "{expected}: {names:?}"
        );
    }
    assert_eq!(names, b_files.keys().collect::<Vec<_>>());
    for (path, bytes) in &a_files {
        assert!(bytes == &b_files[path], "{path} differs between two builds");
    }
    // And the JSON-LD of every page.
    for (path, html) in files_under(&a)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let other = std::fs::read(b.join(&path)).unwrap();
        let (x, y) = (
            String::from_utf8(html).unwrap(),
            String::from_utf8(other).unwrap(),
        );
        assert_eq!(json_ld_blocks(&x), json_ld_blocks(&y), "{path}");
    }
}

// ---- The shipped site ----

/// `base_url` from a site's content/site.yaml, without a trailing slash.
fn base_url_of(root: &Path) -> String {
    let yaml = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    yaml.lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .expect("site.yaml has base_url")
        .trim()
        .trim_matches('"')
        .trim_end_matches('/')
        .to_string()
}

#[test]
fn the_shipped_site_publishes_all_of_these_files_and_they_parse() {
    let root = repo_root();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let output = Command::new(env!("CARGO_BIN_EXE_familyties"))
        .arg("--root")
        .arg(root)
        .args(["build", "--date", DATE, "--out"])
        .arg(&out)
        .env_remove("FAMILYTIES_DATE")
        .output()
        .expect("run familyties");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let base = base_url_of(root);
    let listed = check_sitemap(&out, &base);
    assert!(
        listed.contains_key("/open-data/"),
        "the open data page is built"
    );
    let feeds = feed_paths(&out);
    assert_eq!(feeds.len(), 1 + 127, "the site's feed and one per prison");
    for path in &feeds {
        check_feed(&out, path, &base);
        check_feed(&out, &format!("cy/{path}"), &base);
    }
    let json = check_json(&out);
    assert_eq!(
        text(&out, "prisons.schema.json"),
        std::fs::read_to_string(root.join("content/prisons.schema.json")).unwrap(),
        "the site publishes the schema as it is"
    );
    let prisons = json["prisons"].as_array().unwrap();
    assert_eq!(prisons.len(), 127, "one entry per prison");
    let rows = check_csv(&out, &json);
    assert_eq!(rows.len(), 127, "one row per prison");
    let today = Date::parse(DATE).unwrap();
    for p in prisons {
        let slug = p["slug"].as_str().unwrap();
        let ics = out.join(format!("prisons/{slug}/visiting.ics"));
        let has_times = p["visiting_times"]["sessions"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
            && p["status"] != "closed";
        assert_eq!(
            ics.is_file(),
            has_times,
            "{slug}: a calendar only with times"
        );
        if has_times {
            let firsts = check_ics(&out, p, today);
            // The Welsh twin: the same events, valid too.
            let path = format!("cy/prisons/{slug}/visiting.ics");
            let ics = text(&out, &path);
            assert!(
                ics.split("\r\n").all(|l| l.len() <= 75),
                "{path}: a line over 75 octets"
            );
            let calendar: icalendar::Calendar = ics
                .parse()
                .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
            assert_eq!(calendar.events().count(), firsts.len(), "{path}");
        }
    }
    for (from, to) in redirect_lines(&out) {
        assert!(out.join(file_of(&from)).is_file(), "{from}");
        assert!(out.join(file_of(&to)).is_file(), "{to}");
    }
}

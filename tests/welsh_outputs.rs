//! The Welsh site's own outputs besides its pages: Atom feeds with Welsh titles leading to
//! Welsh pages, calendars whose events are named in Welsh, find-a-prison pages with no
//! English theme text, JSON-LD in Welsh; and the outputs a theme renders from templates
//! (`atom.xml`, `sitemap.xml`, `redirect.html`), so a theme that overrides one changes the
//! file. Each test builds a fixture in a temporary folder and reads what was written.

mod common;

use std::collections::BTreeMap;

use common::*;

/// The fixture's `base_url`.
const BASE: &str = "https://familyties.test";

fn words(lang: &str) -> BTreeMap<String, String> {
    let path = repo_root().join(format!("themes/default/i18n/{lang}.yaml"));
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The English theme phrases a Welsh reader must not meet: every English phrase of two
/// words or more whose Welsh differs, with its `{…}` places cut out (as the shipped-site
/// scan does).
fn english_phrases() -> Vec<String> {
    let (en, cy) = (words("en"), words("cy"));
    let mut phrases = Vec::new();
    for (key, english) in &en {
        if cy.get(key) == Some(english) {
            continue;
        }
        for part in english.split(['{', '}']).step_by(2) {
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            if part.split_whitespace().count() >= 2 {
                phrases.push(part.to_string());
            }
        }
    }
    phrases
}

/// A feed as a feed reader reads it.
fn parse_feed(xml: &str, path: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(xml.as_bytes())
        .unwrap_or_else(|e| panic!("{path}: feed-rs cannot read it: {e}"))
}

#[test]
fn the_welsh_site_has_its_own_feeds_with_welsh_titles_leading_to_welsh_pages() {
    let built = build_ok("valid-site", &[]);
    let cy = words("cy");

    let path = "cy/updates.xml";
    let xml = read(&built, path);
    let feed = parse_feed(&xml, path);
    assert_eq!(feed.id, format!("{BASE}/cy/updates.xml"));
    assert_eq!(feed.title.unwrap().content, "Cysylltiadau Teulu");
    assert_eq!(
        feed.description.map(|d| d.content).as_deref(),
        Some(cy["feed_subtitle"].as_str()),
        "the subtitle is the theme's Welsh"
    );
    assert!(!feed.entries.is_empty());
    for e in &feed.entries {
        assert!(
            e.links[0].href.starts_with(&format!("{BASE}/cy/")),
            "{path}: {} leads to {}",
            e.id,
            e.links[0].href
        );
        assert!(built.out().join(file_of(&e.links[0].href)).is_file());
        assert!(e.id.starts_with(&format!("{BASE}/cy/")), "{}", e.id);
    }
    // The feed and each entry name the Welsh page and the English one, told apart by
    // hreflang; a title still in English says so with xml:lang.
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(
        root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("cy")
    );
    let alternates: Vec<(Option<&str>, &str)> = root
        .children()
        .filter(|n| n.has_tag_name("link") && n.attribute("rel") == Some("alternate"))
        .map(|n| (n.attribute("hreflang"), n.attribute("href").unwrap()))
        .collect();
    assert_eq!(
        alternates,
        [
            (Some("cy"), format!("{BASE}/cy/").as_str()),
            (Some("en"), format!("{BASE}/").as_str())
        ]
    );
    let cardiff = feed
        .entries
        .iter()
        .find(|e| e.links[0].href == format!("{BASE}/cy/prisons/cardiff/"))
        .expect("Cardiff in the Welsh feed");
    assert_eq!(
        cardiff.title.as_ref().unwrap().content,
        "Carchar Caerdydd",
        "a prison is named in Welsh"
    );
    assert!(xml.contains("<title xml:lang=\"en\">How visits work</title>"));

    // A prison's Welsh feed, titled from the theme's Welsh words.
    let path = "cy/prisons/cardiff/updates.xml";
    let feed = parse_feed(&read(&built, path), path);
    assert_eq!(
        feed.title.unwrap().content,
        "Cysylltiadau Teulu: Carchar Caerdydd"
    );
    assert_eq!(
        feed.entries[0].links[0].href,
        format!("{BASE}/cy/prisons/cardiff/")
    );

    // The English feed has no Welsh in it.
    let english = read(&built, "updates.xml");
    assert!(!english.contains("/cy/") && !english.contains("xml:lang"));
    assert_eq!(
        parse_feed(&english, "updates.xml").title.unwrap().content,
        "Family Ties"
    );
}

/// The file a site address is served from.
fn file_of(url: &str) -> String {
    let path = url.trim_start_matches(BASE).trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The SUMMARY of every event in an iCalendar file, checked with the typed parser.
fn summaries(ics: &str, path: &str) -> Vec<String> {
    for (n, line) in ics.trim_end_matches("\r\n").split("\r\n").enumerate() {
        assert!(line.len() <= 75, "{path}:{n}: {line:?}");
        assert!(!line.contains(['\r', '\n']), "{path}:{n}");
    }
    let calendar: icalendar::Calendar = ics
        .parse()
        .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
    use icalendar::Component;
    calendar
        .events()
        .map(|e| {
            e.get_summary()
                .expect("every event has a summary")
                .to_string()
        })
        .collect()
}

#[test]
fn a_welsh_calendar_parses_and_names_its_events_in_welsh() {
    let site = Site::new("valid-site");
    site.edit("content/prisons/leeds/index.md", |t| {
        t.replacen(
            "name: HMP Leeds\n",
            "name: HMP Leeds\nname_cy: CEF Leeds\n",
            1,
        )
    });
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.out();
    let text = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();

    let welsh = summaries(
        &text("cy/prisons/leeds/visiting.ics"),
        "cy/.../visiting.ics",
    );
    assert!(!welsh.is_empty());
    for s in &welsh {
        assert!(s.starts_with("Ymweliad cymdeithasol – CEF Leeds"), "{s}");
    }
    let english = summaries(&text("prisons/leeds/visiting.ics"), "visiting.ics");
    assert_eq!(english.len(), welsh.len(), "the same sessions");
    for s in &english {
        assert!(s.starts_with("Social visit at HMP Leeds"), "{s}");
    }
    let ics = text("cy/prisons/leeds/visiting.ics");
    assert!(ics.contains("X-WR-CALNAME:Amseroedd ymweld: CEF Leeds\r\n"));
    assert!(ics.contains("DESCRIPTION;LANGUAGE=cy:Holwch y carchar cyn i chi deithio.\r\n"));
    // An editor's English note stays English, and is marked so, not mixed into the Welsh.
    assert!(ics.contains("COMMENT;LANGUAGE=en:Arrive 45 minutes early"));
    assert!(!text("prisons/leeds/visiting.ics").contains("LANGUAGE="));
    // Welsh events are the same sessions in another file, under UIDs of their own.
    let uids = |ics: &str| -> Vec<String> {
        ics.lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(str::to_string)
            .collect()
    };
    for uid in uids(&ics) {
        assert!(!uids(&text("prisons/leeds/visiting.ics")).contains(&uid));
    }
    // The Welsh checklist offers the Welsh calendar; the English one the English.
    let checklist = text("cy/prisons/leeds/checklist/index.html");
    assert!(
        checklist.contains("href=\"/cy/prisons/leeds/visiting.ics\""),
        "the Welsh checklist links its calendar"
    );
    assert!(
        text("prisons/leeds/checklist/index.html").contains("href=\"/prisons/leeds/visiting.ics\"")
    );
}

/// The text a reader meets on a find page: its title, summary, group headings and the
/// notes beside each prison, with every prison link's address.
struct FindPage {
    texts: Vec<String>,
    links: Vec<String>,
}

fn find_page(html: &str) -> FindPage {
    let page = Page::new(html);
    let mut texts = page.select("main h1, main h2, main p, main li");
    texts.retain(|t| !t.trim().is_empty());
    FindPage {
        texts,
        links: page.links("main li a"),
    }
}

#[test]
fn welsh_find_pages_meet_no_english_theme_phrase_and_lead_to_welsh_pages() {
    let built = build_ok("valid-site", &[]);
    let html = built.html_files();
    let welsh: Vec<(&String, &String)> = html
        .iter()
        .filter(|(path, _)| path.starts_with("cy/prisons/find/"))
        .collect();
    assert!(
        welsh.len() > 100,
        "the landing page, letters and postcode areas: {}",
        welsh.len()
    );
    let phrases = english_phrases();
    let mut problems = Vec::new();
    for (path, html) in &welsh {
        let page = find_page(html);
        for link in &page.links {
            if link.starts_with("/prisons/") {
                problems.push(format!("{path}: links the English page {link}"));
            }
        }
        for text in &page.texts {
            for phrase in &phrases {
                if text.contains(phrase.as_str()) {
                    problems.push(format!("{path}: {text:?} has {phrase:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    let landing = Page::new(&read(&built, "cy/prisons/find/index.html"));
    assert_eq!(landing.text("main h1"), "Dod o hyd i garchar");
    let cf = Page::new(&read(&built, "cy/prisons/find/postcode/cf/index.html"));
    assert_eq!(cf.text("main h1"), "Carchardai ger codau post CF");
    assert!(
        cf.text("main").contains("CF yw ardal cod post Caerdydd."),
        "{}",
        cf.text("main")
    );
    assert!(cf.select("main h2").iter().any(|h| h == "Yn CF24"));
    assert!(
        cf.anchors("main li a")
            .iter()
            .any(|(href, text)| text == "Carchar Caerdydd" && href == "/cy/prisons/cardiff/"),
        "{:?}",
        cf.anchors("main li a")
    );
    // The English pages read as they always have.
    let en = Page::new(&read(&built, "prisons/find/index.html"));
    assert_eq!(en.text("main h1"), "Find a prison");
    let cf = Page::new(&read(&built, "prisons/find/postcode/cf/index.html"));
    assert_eq!(cf.text("main h1"), "Prisons near postcodes starting CF");
    assert!(
        cf.text("main")
            .contains("CF is the postcode area of Cardiff.")
    );
}

/// The JSON-LD a page carries, parsed.
fn json_ld(built: &Built, path: &str) -> serde_json::Value {
    let page = Page::new(&read(built, path));
    let text = page
        .inner("script[type=\"application/ld+json\"]")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{path} has no JSON-LD"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn json_ld_on_a_welsh_page_names_the_prison_in_welsh_and_says_the_page_is_welsh() {
    let built = build_ok("valid-site", &[]);
    let v = json_ld(&built, "cy/prisons/cardiff/index.html");
    assert_eq!(v["name"], "Carchar Caerdydd");
    assert_eq!(v["url"], format!("{BASE}/cy/prisons/cardiff/"));
    assert_eq!(v["mainEntityOfPage"]["inLanguage"], "cy");
    assert!(
        v["alternateName"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains("Cardiff"))),
        "the English name still matches: {v}"
    );
    let v = json_ld(&built, "prisons/cardiff/index.html");
    assert_eq!(v["url"], format!("{BASE}/prisons/cardiff/"));
    assert_eq!(v["mainEntityOfPage"]["inLanguage"], "en");
}

#[test]
fn a_theme_that_overrides_an_output_template_changes_that_file() {
    let site = Site::new("valid-site");
    let theme = "themes/default/templates";
    site.edit(&format!("{theme}/atom.xml"), |t| {
        t.replacen(
            "<title>{{ page.title }}</title>",
            "<title>{{ page.title }}</title>\n<rights>Share freely</rights>",
            1,
        )
    });
    site.edit(&format!("{theme}/sitemap.xml"), |t| {
        t.replacen("<urlset", "<!-- made by the theme -->\n<urlset", 1)
    });
    site.edit(&format!("{theme}/redirect.html"), |t| {
        t.replacen("<main>", "<main class=\"moved\">", 1)
    });
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = site.out();
    let text = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    for path in ["updates.xml", "cy/updates.xml", "prisons/leeds/updates.xml"] {
        let xml = text(path);
        assert!(xml.contains("<rights>Share freely</rights>"), "{path}");
        let feed = parse_feed(&xml, path);
        assert_eq!(
            feed.rights.map(|r| r.content).as_deref(),
            Some("Share freely")
        );
    }
    let sitemap = text("sitemap.xml");
    assert!(sitemap.contains("<!-- made by the theme -->"));
    roxmltree::Document::parse(&sitemap).expect("still XML");
    assert!(text("prisons/hmp-northallerton/index.html").contains("<main class=\"moved\">"));
}

#[test]
fn a_site_template_overrides_the_themes_feed_and_a_missing_one_is_an_error() {
    // The site's own templates/ folder wins over the theme's, as for pages.
    let site = Site::new("valid-site");
    let shipped =
        std::fs::read_to_string(repo_root().join("themes/default/templates/atom.xml")).unwrap();
    site.write(
        "templates/atom.xml",
        &shipped.replacen("<author>", "<generator>familyties</generator>\n<author>", 1),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let feed = std::fs::read_to_string(site.out().join("updates.xml")).unwrap();
    assert!(feed.contains("<generator>familyties</generator>"));

    // A theme that lacks a template the build renders outputs from fails, naming it.
    let site = Site::new("valid-site");
    std::fs::remove_file(site.path("themes/default/templates/sitemap_index.xml")).unwrap();
    site.edit("themes/default/theme.yaml", |t| {
        t.replace("  - sitemap_index.xml\n", "")
    });
    let run = site.build(&[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("sitemap_index.xml"),
        "the error names the template:\n{}",
        run.stderr
    );
    assert!(
        !site.out().join("sitemap.xml").exists(),
        "nothing was published"
    );
}

#[test]
fn english_outputs_are_unchanged_by_the_templates() {
    // The English feed, sitemap and redirect page as the code wrote them before they
    // were templates: the same bytes.
    let built = build_ok("valid-site", &[]);
    let feed = read(&built, "prisons/northallerton/updates.xml");
    assert_eq!(
        feed,
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Family Ties: HMP Northallerton</title>\n<id>{BASE}/prisons/northallerton/updates.xml</id>\n<link rel=\"self\" href=\"{BASE}/prisons/northallerton/updates.xml\"/>\n<link rel=\"alternate\" href=\"{BASE}/prisons/northallerton/\"/>\n<updated>2026-09-01T00:00:00Z</updated>\n<author><name>Family Ties</name></author>\n<entry>\n<title>HMP Northallerton</title>\n<id>{BASE}/prisons/northallerton/</id>\n<link rel=\"alternate\" href=\"{BASE}/prisons/northallerton/\"/>\n<updated>2026-09-01T00:00:00Z</updated>\n</entry>\n</feed>\n"
        )
    );
    let redirect = read(&built, "prisons/hmp-northallerton/index.html");
    let t = format!("{BASE}/prisons/northallerton/");
    assert_eq!(
        redirect,
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>HMP Northallerton has moved</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{t}\">\n<meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n<main>\n<h1>HMP Northallerton has moved</h1>\n<p><a href=\"{t}\">Go to the page for HMP Northallerton</a>.</p>\n</main>\n</body>\n</html>\n"
        )
    );
    let sitemap = read(&built, "sitemap.xml");
    // The sitemap as it was, and since then each page's English and Welsh addresses.
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n<url><loc>"));
    assert!(sitemap.ends_with("</url>\n</urlset>\n"));
    assert!(sitemap.contains(&format!(
        "<url><loc>{BASE}/prisons/leeds/</loc><lastmod>2026-11-01</lastmod><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{BASE}/prisons/leeds/\"/><xhtml:link rel=\"alternate\" hreflang=\"cy\" href=\"{BASE}/cy/prisons/leeds/\"/></url>\n"
    )));
}

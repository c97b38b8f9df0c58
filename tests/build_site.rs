//! Builds `tests/fixtures/valid-site` with the real binary and the shipped theme, and checks
//! the pages families will see (the prison pages and lists are in tests/prison_pages.rs).

mod common;

use std::collections::BTreeSet;

use common::*;

#[test]
fn valid_site_builds_and_prints_a_summary() {
    let built = build("valid-site");
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    assert!(
        built.stderr.trim().is_empty(),
        "the valid site should build without a single warning:\n{}",
        built.stderr
    );
    let summary = built.stdout.lines().last().unwrap_or_default();
    let files = built.files();
    let redirects = built
        .html_files()
        .values()
        .filter(|h| Page::new(h).has("meta[http-equiv=refresh]"))
        .count();
    let pages = built.html_files().len() - redirects;
    let expected_start = format!("built {pages} pages, {} files into ", files.len());
    assert!(
        summary.starts_with(&expected_start),
        "summary {summary:?} should start {expected_start:?}"
    );
    assert!(
        summary.contains(&built.out().display().to_string()),
        "{summary}"
    );
    assert!(summary.ends_with("(0 warning(s))"), "{summary}");
}

#[test]
fn markdown_links_to_md_files_become_site_addresses_with_anchors() {
    let built = build_ok("valid-site", &[]);
    let links_of = |page: &str| links(&read(&built, page), "main");
    let id_guide = Page::new(&read(&built, "guides/what-id-to-bring/index.html"));
    assert!(
        id_guide
            .links("main")
            .contains(&"/prisons/leeds/#visiting-times".to_string()),
        "{:?}",
        id_guide.links("main")
    );
    assert!(
        id_guide
            .anchors("main a")
            .contains(&("/prisons/leeds/".to_string(), "HMP Leeds".to_string()))
    );
    for (page, url) in [
        // index.md#... from a page in the same prison folder
        (
            "prisons/leeds/family-day/index.html",
            "/prisons/leeds/#visiting-times",
        ),
        // from the content root (leading /) and from a sub-folder
        ("index.html", "/guides/what-id-to-bring/"),
        ("index.html", "/guides/how-visits-work/"),
        ("about/index.html", "/guides/how-visits-work/#on-the-day"),
        (
            "evidence/visits-and-reoffending/index.html",
            "/prisons/cardiff/#getting-there",
        ),
        // A Welsh page links to the Welsh version it names.
        ("cy/index.html", "/cy/guides/what-id-to-bring/"),
    ] {
        assert!(
            links_of(page).contains(&url.to_string()),
            "{page} does not link to {url}"
        );
    }

    for (path, html) in built.html_files() {
        for href in attr(&html, "[href]", "href")
            .into_iter()
            .filter(|h| !h.contains("://"))
        {
            assert!(
                !href.contains(".md"),
                "{path} still links to a Markdown file: {href}"
            );
        }
    }
}

#[test]
fn every_internal_link_and_anchor_in_the_output_exists() {
    let built = build_ok("valid-site", &[]);
    let pages = built.html_files();
    let files = built.files();
    let ids = |html: &str| -> BTreeSet<String> { attr(html, "[id]", "id").into_iter().collect() };
    let mut broken = Vec::new();
    for (path, html) in &pages {
        let page = Page::new(html);
        for href in page
            .attr("[href]", "href")
            .into_iter()
            .chain(page.attr("[src]", "src"))
        {
            let href = href.as_str();
            if href.starts_with("//") || href.contains(':') && !href.starts_with('/') {
                continue; // another site, mailto:, tel:
            }
            let (target, anchor) = match href.split_once('#') {
                Some((t, a)) => (t, Some(a)),
                None => (href, None),
            };
            let target_file = if target.is_empty() {
                path.clone()
            } else if let Some(dir) = target
                .strip_prefix('/')
                .filter(|t| t.is_empty() || t.ends_with('/'))
            {
                format!("{dir}index.html")
            } else {
                target.trim_start_matches('/').to_string()
            };
            if !files.contains_key(&target_file) {
                broken.push(format!("{path}: {href} (no {target_file})"));
                continue;
            }
            if let (Some(anchor), Some(html)) = (anchor, pages.get(&target_file))
                && !ids(html).contains(anchor)
            {
                broken.push(format!(
                    "{path}: {href} (no id=\"{anchor}\" in {target_file})"
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "broken links in the built site:\n{}",
        broken.join("\n")
    );
}

#[test]
fn no_page_uses_an_id_twice() {
    let built = build_ok("valid-site", &[]);
    for (path, html) in built.html_files() {
        let mut seen = BTreeSet::new();
        for id in attr(&html, "[id]", "id") {
            assert!(seen.insert(id.clone()), "{path} has id=\"{id}\" twice");
        }
    }
}

#[test]
fn headings_get_anchors() {
    let built = build_ok("valid-site", &[]);
    let heading =
        |page: &str, id: &str| select(&read(&built, page), &format!("main h2[id=\"{id}\"]"));
    let guide = "guides/what-id-to-bring/index.html";
    assert_eq!(heading(guide, "photo-id"), ["Photo ID"]);
    assert_eq!(
        heading(guide, "if-you-do-not-have-id"),
        ["If you do not have ID"]
    );
    assert_eq!(
        heading("about/index.html", "how-a-prison-page-is-written").len(),
        1
    );
    assert_eq!(heading("about/index.html", "what-we-check").len(), 1);
    // Every heading written in the fixture's Markdown has its anchor on its page.
    let content = fixture_dir("valid-site").join("content");
    let mut checked = 0;
    for (file, bytes) in files_under(&content) {
        let Some(page) = output_of(&file) else {
            continue;
        };
        let html = Page::new(&read(&built, &page));
        let text = String::from_utf8(bytes).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        let mut in_code = false;
        for line in body.lines() {
            in_code ^= line.starts_with("```");
            let Some(heading) = line.strip_prefix("## ").filter(|_| !in_code) else {
                continue;
            };
            let id = anchor(heading);
            assert_eq!(
                html.select(&format!("h2[id=\"{id}\"]")),
                [heading],
                "{page} has no <h2 id=\"{id}\">{heading}</h2>"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} headings were checked");
}

/// The output file of a content file (`guides/a.cy.md` → `cy/guides/a/index.html`).
fn output_of(content_path: &str) -> Option<String> {
    let stem = content_path.strip_suffix(".md")?;
    if stem.starts_with("glossary/") {
        return None;
    }
    let (stem, prefix) = match stem.strip_suffix(".cy") {
        Some(s) => (s, "cy/"),
        None => (stem, ""),
    };
    let dir = stem
        .strip_suffix("index")
        .unwrap_or(&format!("{stem}/"))
        .to_string();
    Some(format!("{prefix}{dir}index.html"))
}

/// The anchor of a heading, as the content model describes it.
fn anchor(heading: &str) -> String {
    let mut out = String::new();
    for word in heading
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
    {
        if !word.is_empty() {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(word);
        }
    }
    out
}

#[test]
fn code_blocks_are_highlighted_with_classes_not_inline_styles() {
    let built = build_ok("valid-site", &[]);
    let about = Page::new(&read(&built, "about/index.html"));
    assert_eq!(
        about.count("main pre > code.language-yaml"),
        1,
        "the yaml block"
    );
    assert!(
        about.has("main pre [class^=\"hl-\"]"),
        "{:?}",
        about.inner("main pre")
    );
    assert!(
        about
            .select("main pre span")
            .contains(&"visiting_times".to_string()),
        "the YAML keys are marked up: {:?}",
        about.inner("main pre")
    );
    assert!(!about.has("[style]"), "inline styles in the page");
    let href = about
        .attr("link[rel=stylesheet]", "href")
        .into_iter()
        .find_map(|h| {
            h.strip_prefix('/')
                .filter(|h| h.starts_with("assets/highlight."))
                .map(str::to_string)
        })
        .expect("a page with code links the highlighting stylesheet");
    let css = read(&built, &href);
    assert!(
        css.contains(".hl-"),
        "the stylesheet for the classes is written"
    );
}

#[test]
fn tables_and_footnotes_render() {
    let built = build_ok("valid-site", &[]);
    let html = read(&built, "about/index.html");
    let about = Page::new(&html);
    assert_eq!(
        about.select("main table thead th"),
        ["Fact", "How often"],
        "{}",
        main_of(&html)
    );
    let cells = about.select("main table tbody td");
    assert!(
        cells
            .windows(2)
            .any(|row| row == ["Visiting times", "Monthly"]),
        "{cells:?}"
    );
    assert_eq!(about.select("main sup.footnote-reference"), ["1"]);
    let note = about.attr("main sup.footnote-reference a", "href");
    assert_eq!(note.len(), 1);
    let id = note[0].trim_start_matches('#');
    assert!(
        about
            .text(&format!(".footnote-definition[id=\"{id}\"]"))
            .contains("The facts come from GOV.UK and the prisons themselves."),
        "the footnote's text is where its link goes"
    );
}

#[test]
fn welsh_page_is_marked_welsh_and_linked_both_ways() {
    let built = build_ok("valid-site", &[]);
    let base = "https://familyties.test";
    let alternate = |page: &Page, lang: &str| {
        page.attr(&format!("link[rel=alternate][hreflang={lang}]"), "href")
    };
    let switch = |page: &Page, lang: &str| page.attr(&format!("a[hreflang={lang}]"), "href");
    let cy = Page::new(&read(&built, "cy/guides/what-id-to-bring/index.html"));
    assert_eq!(cy.attr("html", "lang"), ["cy"]);
    assert_eq!(
        alternate(&cy, "en"),
        [format!("{base}/guides/what-id-to-bring/")]
    );
    assert_eq!(
        alternate(&cy, "cy"),
        [format!("{base}/cy/guides/what-id-to-bring/")]
    );
    assert_eq!(
        switch(&cy, "en"),
        ["/guides/what-id-to-bring/"],
        "a visible switch to English"
    );
    let en = Page::new(&read(&built, "guides/what-id-to-bring/index.html"));
    assert_eq!(en.attr("html", "lang"), ["en"]);
    assert_eq!(
        alternate(&en, "cy"),
        [format!("{base}/cy/guides/what-id-to-bring/")]
    );
    assert_eq!(
        alternate(&en, "en"),
        [format!("{base}/guides/what-id-to-bring/")]
    );
    assert_eq!(
        switch(&en, "cy"),
        ["/cy/guides/what-id-to-bring/"],
        "a visible switch to Welsh"
    );
    // A page with no Welsh text has a Welsh page all the same: the English text, marked
    // English, after a Welsh line saying it is not translated yet.
    let other = Page::new(&read(&built, "guides/how-visits-work/index.html"));
    assert_eq!(switch(&other, "cy"), ["/cy/guides/how-visits-work/"]);
    let twin = Page::new(&read(&built, "cy/guides/how-visits-work/index.html"));
    assert_eq!(twin.attr("html", "lang"), ["cy"]);
    let notice = twin.select("main p.untranslated");
    assert!(
        notice.len() == 1 && notice[0].starts_with("Nid yw'r dudalen hon wedi'i chyfieithu"),
        "{notice:?}"
    );
    assert!(
        twin.text("main div[lang=en]").contains("visiting order"),
        "the English text is marked English"
    );
    assert_eq!(switch(&twin, "en"), ["/guides/how-visits-work/"]);
}

#[test]
fn glossary_terms_are_linked_at_first_use_only_and_never_in_headings() {
    let built = build_ok("valid-site", &[]);
    let html = read(&built, "guides/how-visits-work/index.html");
    let guide = Page::new(&html);
    let terms = guide.anchors("main a.term");
    let to = |id: &str| {
        terms
            .iter()
            .filter(|(href, _)| *href == format!("/glossary/#{id}"))
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        to("visiting-order"),
        ["visiting order"],
        "\"visiting order\", \"VO\" and \"visiting order\" again: only the first is linked\n{}",
        main_of(&html)
    );
    assert!(
        guide
            .select("main p")
            .iter()
            .any(|p| p.contains("send a visiting order.")),
        "{}",
        main_of(&html)
    );
    assert_eq!(
        guide.select("main h2[id=your-visiting-order]"),
        ["Your visiting order"]
    );
    assert!(!guide.has("main h2 a, main h3 a"), "a link in a heading");
    assert_eq!(to("booking-reference").len(), 1);
    // The entries the links point at exist.
    let glossary = attr(&read(&built, "glossary/index.html"), "dt[id]", "id");
    for id in ["visiting-order", "booking-reference", "enhanced-level"] {
        assert!(glossary.contains(&id.to_string()), "no glossary entry {id}");
    }
}

#[test]
fn text_from_front_matter_is_escaped() {
    let built = build_ok("valid-site", &[]);
    // Read as a browser would: the markup shows as text, and no script element holds it.
    let html = read(&built, "prisons/cardiff/index.html");
    let cardiff = Page::new(&html);
    assert!(
        cardiff
            .text("main")
            .contains("men aged 18 and over <script>alert(1)</script> \"on remand\""),
        "{}",
        main_of(&html)
    );
    let guide = Page::new(&read(&built, "guides/what-id-to-bring/index.html"));
    assert_eq!(
        guide.attr("meta[name=description]", "content"),
        ["Which documents prove who you are <script>alert(1)</script> and \"what counts\" as ID."]
    );
    for page in [&cardiff, &guide] {
        assert!(
            page.select("script").iter().all(|s| !s.contains("alert")),
            "a script element from the content"
        );
    }
    // And byte by byte, in every file a browser or feed reader parses.
    for (path, bytes) in built.files() {
        if path.ends_with(".html") || path.ends_with(".xml") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                !text.contains("<script>alert"),
                "{path} has a live script from the content"
            );
            assert!(
                !text.contains("\"what counts\""),
                "{path} has unescaped quotes"
            );
        }
    }
}

#[test]
fn raw_html_in_markdown_is_shown_as_text() {
    let built = build_ok("valid-site", &[]);
    let about = read(&built, "about/index.html");
    let page = Page::new(&about);
    assert!(
        page.text("main")
            .contains("paste HTML like <b>this</b> or a script"),
        "{}",
        main_of(&about)
    );
    assert!(page.text("main").contains("<script>alert("));
    assert!(!page.select("main b").contains(&"this".to_string()));
    assert!(page.select("script").iter().all(|s| !s.contains("alert")));
    assert!(!about.contains("<script>alert"));
}

#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    let first = build_ok("valid-site", &[]);
    let second = build_ok("valid-site", &[]);
    let a = first.files();
    let b = second.files();
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the two builds wrote different files"
    );
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{path} differs between two builds of the same content"
        );
    }
}

#[test]
fn a_failed_build_leaves_the_published_site_as_it_was() {
    let site = Site::new("valid-site");
    let first = site.build(&[]);
    assert_eq!(first.code, 0, "{first:?}");
    let before = files_under(&site.out());
    assert!(before.contains_key("prisons/leeds/index.html"));

    // A broken template.
    site.edit("themes/default/templates/prison.html", |t| {
        t.replace("{% if f.stale %}", "{% if f.stale %")
    });
    let broken = site.build(&[]);
    assert_eq!(broken.code, 1, "{broken:?}");
    assert!(
        broken
            .stderr
            .contains("themes/default/templates/prison.html:"),
        "{}",
        broken.stderr
    );
    assert!(
        broken.stderr.contains("was not changed"),
        "{}",
        broken.stderr
    );
    assert_eq!(
        files_under(&site.out()),
        before,
        "the published site changed"
    );

    // A broken content file, with the template mended.
    site.edit("themes/default/templates/prison.html", |t| {
        t.replace("{% if f.stale %", "{% if f.stale %}")
    });
    site.edit("content/prisons/leeds/index.md", |t| {
        t.replace("region:", "regoin:")
    });
    let broken = site.build(&[]);
    assert_eq!(broken.code, 1, "{broken:?}");
    assert!(
        broken
            .stderr
            .contains("content/prisons/leeds/index.md:10:1"),
        "{}",
        broken.stderr
    );
    assert_eq!(
        files_under(&site.out()),
        before,
        "the published site changed"
    );

    // Nothing but the site and its output is left beside them (no half-written folders).
    let mut left: Vec<String> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["public", "site"]);
}

#[test]
fn evidence_policy_and_prisons_link_to_each_other() {
    let built = build_ok("valid-site", &[]);
    let policy = Page::new(&read(&built, "policy/why-family-ties-matter/index.html"));
    assert!(
        policy
            .select("main h2")
            .contains(&"Evidence behind this part".to_string())
    );
    assert!(
        policy
            .links("main")
            .contains(&"/evidence/farmer-review-2017/".to_string())
    );
    let leeds = Page::new(&read(&built, "prisons/leeds/index.html"));
    assert_eq!(
        leeds.select("#mentions-title"),
        ["Pages that mention HMP Leeds"]
    );
    assert_eq!(
        leeds.links("section[aria-labelledby=mentions-title]"),
        [
            "/evidence/farmer-review-2017/",
            "/policy/what-prisons-must-do/",
            "/guides/what-id-to-bring/",
        ]
    );
    let listed = links(&read(&built, "policy/index.html"), "main");
    let at = |url: &str| {
        listed
            .iter()
            .position(|l| l == url)
            .unwrap_or_else(|| panic!("{url} not listed"))
    };
    assert!(
        at("/policy/why-family-ties-matter/") < at("/policy/what-prisons-must-do/"),
        "policy parts are listed by `order`"
    );
    let evidence = attr(&read(&built, "evidence/index.html"), "main h3", "id");
    assert!(
        evidence.contains(&"topic-reoffending".to_string()),
        "{evidence:?}"
    );
    assert!(evidence.contains(&"year-2017".to_string()), "{evidence:?}");
}

#[test]
fn stylesheets_get_content_hashed_names_that_change_with_the_file() {
    let linked = |built: &Built| {
        let sheets = attr(&read(built, "index.html"), "link[rel=stylesheet]", "href");
        sheets
            .first()
            .and_then(|h| h.strip_prefix('/'))
            .expect("the home page links its stylesheet")
            .to_string()
    };
    let site = Site::new("valid-site");
    assert_eq!(site.build(&[]).code, 0);
    let first = Built {
        site,
        code: 0,
        stdout: String::new(),
        stderr: String::new(),
    };
    let before = linked(&first);
    assert!(
        before.starts_with("assets/style.") && before.ends_with(".css"),
        "{before}"
    );
    assert!(first.out().join(&before).is_file(), "{before} is written");
    assert!(!first.out().join("style.css").exists(), "no unhashed copy");
    let headers = read(&first, "_headers");
    assert!(headers.contains("/assets/*\n  Cache-Control: public, max-age=31536000, immutable"));
    assert!(headers.contains("Content-Security-Policy: default-src 'self'"));
    assert!(headers.contains("X-Content-Type-Options: nosniff"));

    let css = first.site.root().join("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.new-rule { color: #000; }\n");
    std::fs::write(&css, text).unwrap();
    assert_eq!(first.site.build(&[]).code, 0);
    let after = linked(&first);
    assert_ne!(before, after, "a changed stylesheet gets a new name");
    assert!(first.out().join(&after).is_file());
    assert!(!first.out().join(&before).exists(), "the old name is gone");
}

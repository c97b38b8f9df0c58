//! Builds `tests/fixtures/valid-site` with the real binary and the shipped theme, and checks
//! the pages families will see.

mod common;

use std::collections::BTreeSet;

use common::*;

const PRISONS: [(&str, &str); 3] = [
    ("cardiff", "HMP Cardiff"),
    ("leeds", "HMP Leeds"),
    ("northallerton", "HMP Northallerton"),
];

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
        .filter(|h| h.contains("http-equiv=\"refresh\""))
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
fn every_prison_has_a_page_and_a_printable_checklist() {
    let built = build_ok("valid-site", &[]);
    for (slug, name) in PRISONS {
        let page = read(&built, &format!("prisons/{slug}/index.html"));
        assert!(
            page.contains(&format!("<h1>{name}")),
            "{slug}: no <h1>{name}"
        );
        assert!(
            page.contains(&format!("href=\"/prisons/{slug}/checklist/\"")),
            "{slug}: the page does not link to its checklist"
        );
        let checklist = read(&built, &format!("prisons/{slug}/checklist/index.html"));
        assert!(
            checklist.contains(&format!("<h1>Visit checklist: {name}</h1>")),
            "{checklist}"
        );
        assert!(
            checklist.contains(&format!("href=\"/prisons/{slug}/\"")),
            "{slug}: checklist does not link back"
        );
    }
}

#[test]
fn prisons_a_to_z_lists_all_three_in_order() {
    let built = build_ok("valid-site", &[]);
    let html = read(&built, "prisons/index.html");
    let az = &html[html.find("id=\"az-list\"").expect("the A–Z list")..];
    let az = &az[..az.find("</div>").unwrap()];
    let slugs: Vec<String> = hrefs(az)
        .iter()
        .filter_map(|h| {
            h.strip_prefix("/prisons/")?
                .strip_suffix('/')
                .map(str::to_string)
        })
        .collect();
    assert_eq!(slugs, ["cardiff", "leeds", "northallerton"]);
    // Grouped by the letter of the name without "HMP".
    for letter in ["c", "l", "n"] {
        assert!(
            html.contains(&format!("<h2 id=\"letter-{letter}\">")),
            "no letter {letter}"
        );
    }
    assert!(
        !html.contains("id=\"letter-h\""),
        "HMP should not file everything under H"
    );
}

#[test]
fn each_region_lists_exactly_its_own_prisons() {
    let built = build_ok("valid-site", &[]);
    let yorkshire = read(&built, "prisons/region/yorkshire-and-the-humber/index.html");
    assert_eq!(prison_links(&yorkshire), ["leeds", "northallerton"]);
    let wales = read(&built, "prisons/region/wales/index.html");
    assert_eq!(prison_links(&wales), ["cardiff"]);
    let london = read(&built, "prisons/region/london/index.html");
    assert!(prison_links(&london).is_empty());
    assert!(london.contains("There are no prisons in this list."));
    // The home page and the A–Z offer every region.
    let home = read(&built, "index.html");
    assert!(home.contains("href=\"/prisons/region/yorkshire-and-the-humber/\""));
    assert!(home.contains("href=\"/prisons/region/wales/\""));
}

#[test]
fn type_lists_exist_for_the_types_in_use() {
    let built = build_ok("valid-site", &[]);
    let hmp = read(&built, "prisons/type/hmp/index.html");
    assert_eq!(prison_links(&hmp), ["cardiff", "leeds", "northallerton"]);
    let yoi = read(&built, "prisons/type/yoi/index.html");
    assert_eq!(prison_links(&yoi), ["northallerton"]);
    assert!(
        !built.out().join("prisons/type/ycs").exists(),
        "no list for a type nobody has"
    );
    let az = read(&built, "prisons/index.html");
    assert!(az.contains("href=\"/prisons/type/hmp/\""));
    assert!(az.contains("href=\"/prisons/type/yoi/\""));
    assert!(!az.contains("href=\"/prisons/type/ycs/\""));
}

#[test]
fn closed_prison_says_so_and_sends_families_to_its_replacement() {
    let built = build_ok("valid-site", &[]);
    let page = read(&built, "prisons/northallerton/index.html");
    assert!(
        page.contains("This prison has closed (31 December 2013)."),
        "{}",
        main_of(&page)
    );
    assert!(
        page.contains("Visits moved to <a href=\"/prisons/leeds/\">HMP Leeds</a>."),
        "{}",
        main_of(&page)
    );
    // Lists say it is closed and where visits went, and open neighbours do not offer it.
    let az = read(&built, "prisons/index.html");
    assert!(az.contains("closed: visits moved to HMP Leeds"), "{az}");
    let leeds = read(&built, "prisons/leeds/index.html");
    assert!(
        !main_of(&leeds).contains("Other prisons in"),
        "a closed prison is not a neighbour"
    );
    // Its old address (`aliases`) still leads to the page.
    let old = read(&built, "prisons/hmp-northallerton/index.html");
    assert!(
        old.contains("url=https://familyties.test/prisons/northallerton/"),
        "{old}"
    );
    let redirects = read(&built, "_redirects");
    assert!(
        redirects.contains("/prisons/hmp-northallerton/ /prisons/northallerton/ 301"),
        "{redirects}"
    );
}

fn notices_section(html: &str) -> &str {
    match html.find("<section id=\"notices\"") {
        Some(start) => {
            let end = html[start..].find("</section>").unwrap() + start;
            &html[start..end]
        }
        None => "",
    }
}

#[test]
fn notices_show_only_between_their_dates() {
    let built = build_ok("valid-site", &[]);
    let html = read(&built, "prisons/leeds/index.html");
    let notices = notices_section(&html);
    assert!(
        notices.contains("Visits hall being repainted"),
        "the active notice is missing"
    );
    assert!(
        !html.contains("Christmas visits 2025"),
        "the expired notice shows"
    );
    assert!(
        !html.contains("New booking line from January"),
        "the future notice shows early"
    );
    // The family day page (kind: family_day, until 2026-12-20) is a notice too.
    assert!(
        notices.contains("href=\"/prisons/leeds/family-day/\""),
        "{notices}"
    );

    // On the future notice's first day it shows, and the others have ended.
    let later = build_ok("valid-site", &["--date", "2027-01-04"]);
    let html = read(&later, "prisons/leeds/index.html");
    assert!(notices_section(&html).contains("New booking line from January"));
    assert!(!html.contains("Visits hall being repainted"));
    assert!(
        !notices_section(&html).contains("/prisons/leeds/family-day/"),
        "the family day is over"
    );
    assert!(
        !html.contains("id=\"pages\""),
        "no current pages of its own to list"
    );
}

#[test]
fn a_notice_shows_on_its_last_day_and_not_the_day_after() {
    let last_day = build_ok("valid-site", &["--date", "2026-12-01"]);
    assert!(read(&last_day, "prisons/leeds/index.html").contains("Visits hall being repainted"));
    let day_after = build_ok("valid-site", &["--date", "2026-12-02"]);
    assert!(!read(&day_after, "prisons/leeds/index.html").contains("Visits hall being repainted"));
}

#[test]
fn markdown_links_to_md_files_become_site_addresses_with_anchors() {
    let built = build_ok("valid-site", &[]);
    let id_guide = read(&built, "guides/what-id-to-bring/index.html");
    assert!(
        id_guide.contains("href=\"/prisons/leeds/#visiting-times\""),
        "{}",
        main_of(&id_guide)
    );
    assert!(id_guide.contains("<a href=\"/prisons/leeds/\">HMP Leeds</a>"));
    // index.md#... from a page in the same prison folder
    let family_day = read(&built, "prisons/leeds/family-day/index.html");
    assert!(family_day.contains("href=\"/prisons/leeds/#visiting-times\""));
    // from the content root (leading /) and from a sub-folder
    let home = read(&built, "index.html");
    assert!(home.contains("href=\"/guides/what-id-to-bring/\""));
    assert!(home.contains("href=\"/guides/how-visits-work/\""));
    let about = read(&built, "about/index.html");
    assert!(about.contains("href=\"/guides/how-visits-work/#on-the-day\""));
    let evidence = read(&built, "evidence/visits-and-reoffending/index.html");
    assert!(evidence.contains("href=\"/prisons/cardiff/#getting-there\""));
    // A Welsh page links to the Welsh version it names.
    let welsh_home = read(&built, "cy/index.html");
    assert!(welsh_home.contains("href=\"/cy/guides/what-id-to-bring/\""));

    for (path, html) in built.html_files() {
        for href in hrefs(&html).into_iter().filter(|h| !h.contains("://")) {
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
    let ids = |html: &str| -> BTreeSet<String> {
        attr_values(html, "id")
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    let mut broken = Vec::new();
    for (path, html) in &pages {
        for href in hrefs(html).into_iter().chain(attr_values(html, "src")) {
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
        for id in attr_values(&html, "id") {
            assert!(seen.insert(id), "{path} has id=\"{id}\" twice");
        }
    }
}

#[test]
fn headings_get_anchors() {
    let built = build_ok("valid-site", &[]);
    let guide = read(&built, "guides/what-id-to-bring/index.html");
    assert!(
        guide.contains("<h2 id=\"photo-id\">Photo ID</h2>"),
        "{}",
        main_of(&guide)
    );
    assert!(guide.contains("<h2 id=\"if-you-do-not-have-id\">If you do not have ID</h2>"));
    let about = read(&built, "about/index.html");
    assert!(about.contains("<h2 id=\"how-a-prison-page-is-written\">"));
    assert!(about.contains("<h2 id=\"what-we-check\">"));
    // Every heading written in the fixture's Markdown has its anchor on its page.
    let content = fixture_dir("valid-site").join("content");
    let mut checked = 0;
    for (file, bytes) in files_under(&content) {
        let Some(page) = output_of(&file) else {
            continue;
        };
        let html = read(&built, &page);
        let text = String::from_utf8(bytes).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        let mut in_code = false;
        for line in body.lines() {
            in_code ^= line.starts_with("```");
            let Some(heading) = line.strip_prefix("## ").filter(|_| !in_code) else {
                continue;
            };
            let expected = format!("<h2 id=\"{}\">{heading}</h2>", anchor(heading));
            assert!(html.contains(&expected), "{page} has no {expected}");
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
    let about = read(&built, "about/index.html");
    let start = about.find("<pre").expect("the yaml block");
    let pre = &about[start..start + about[start..].find("</pre>").unwrap()];
    assert!(pre.contains("<code class=\"language-yaml\">"), "{pre}");
    assert!(pre.contains("class=\"hl-"), "{pre}");
    assert!(
        pre.contains(">visiting_times</span>"),
        "the YAML keys are marked up: {pre}"
    );
    assert!(!about.contains("style="), "inline styles in {about}");
    let href = about
        .split("<link rel=\"stylesheet\" href=\"/")
        .find(|rest| rest.starts_with("assets/highlight."))
        .and_then(|rest| rest.split('"').next())
        .expect("a page with code links the highlighting stylesheet");
    let css = read(&built, href);
    assert!(
        css.contains(".hl-"),
        "the stylesheet for the classes is written"
    );
}

#[test]
fn tables_and_footnotes_render() {
    let built = build_ok("valid-site", &[]);
    let about = read(&built, "about/index.html");
    assert!(
        about.contains("<table><thead><tr><th>Fact</th><th>How often</th></tr></thead>"),
        "{}",
        main_of(&about)
    );
    assert!(about.contains("<td>Visiting times</td><td>Monthly</td>"));
    assert!(about.contains("class=\"footnote-reference\""));
    assert!(about.contains("The facts come from GOV.UK and the prisons themselves."));
}

#[test]
fn welsh_page_is_marked_welsh_and_linked_both_ways() {
    let built = build_ok("valid-site", &[]);
    let base = "https://familyties.test";
    let cy = read(&built, "cy/guides/what-id-to-bring/index.html");
    assert!(cy.contains("<html lang=\"cy\">"));
    assert!(
        cy.contains(&format!(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"{base}/guides/what-id-to-bring/\">"
        )),
        "{cy}"
    );
    assert!(cy.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"cy\" href=\"{base}/cy/guides/what-id-to-bring/\">"
    )));
    assert!(
        cy.contains("href=\"/guides/what-id-to-bring/\" hreflang=\"en\""),
        "a visible switch to English"
    );
    let en = read(&built, "guides/what-id-to-bring/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(
        en.contains(&format!(
            "<link rel=\"alternate\" hreflang=\"cy\" href=\"{base}/cy/guides/what-id-to-bring/\">"
        )),
        "{en}"
    );
    assert!(en.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"{base}/guides/what-id-to-bring/\">"
    )));
    assert!(
        en.contains("href=\"/cy/guides/what-id-to-bring/\" hreflang=\"cy\""),
        "a visible switch to Welsh"
    );
    // A page with no translation claims none.
    let other = read(&built, "guides/how-visits-work/index.html");
    assert!(!other.contains("hreflang"));
}

#[test]
fn glossary_terms_are_linked_at_first_use_only_and_never_in_headings() {
    let built = build_ok("valid-site", &[]);
    let guide = read(&built, "guides/how-visits-work/index.html");
    let main = main_of(&guide);
    assert_eq!(
        count(main, "href=\"/glossary/#visiting-order\""),
        1,
        "\"visiting order\", \"VO\" and \"visiting order\" again: only the first is linked\n{main}"
    );
    assert!(
        main.contains(
            "send a <a class=\"term\" href=\"/glossary/#visiting-order\">visiting order</a>."
        ),
        "{main}"
    );
    assert!(
        main.contains("<h2 id=\"your-visiting-order\">Your visiting order</h2>"),
        "{main}"
    );
    assert_eq!(count(main, "href=\"/glossary/#booking-reference\""), 1);
    // The entries the links point at exist.
    let glossary = read(&built, "glossary/index.html");
    for id in ["visiting-order", "booking-reference", "enhanced-level"] {
        assert!(
            glossary.contains(&format!("<dt id=\"{id}\">")),
            "no glossary entry {id}"
        );
    }
}

#[test]
fn text_from_front_matter_is_escaped() {
    let built = build_ok("valid-site", &[]);
    let cardiff = read(&built, "prisons/cardiff/index.html");
    assert!(
        cardiff.contains(
            "men aged 18 and over &lt;script&gt;alert(1)&lt;/script&gt; &quot;on remand&quot;"
        ),
        "{}",
        main_of(&cardiff)
    );
    let guide = read(&built, "guides/what-id-to-bring/index.html");
    assert!(guide.contains(
        "<meta name=\"description\" content=\"Which documents prove who you are &lt;script&gt;alert(1)&lt;/script&gt; and &quot;what counts&quot; as ID.\">"
    ));
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
    assert!(
        about.contains("paste HTML like &lt;b&gt;this&lt;/b&gt; or a script"),
        "{}",
        main_of(&about)
    );
    assert!(about.contains("&lt;script&gt;alert("));
    assert!(!about.contains("<b>this</b>"));
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
        t.replace("{% if d.name_cy %}", "{% if d.name_cy %")
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
        t.replace("{% if d.name_cy %", "{% if d.name_cy %}")
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
fn search_index_has_one_entry_per_prison_with_other_names() {
    let built = build_ok("valid-site", &[]);
    let index: serde_json::Value =
        serde_json::from_str(&read(&built, "search-index.json")).unwrap();
    let entries = index.as_array().expect("an array");
    assert_eq!(entries.len(), 3, "{index:#}");
    for ((slug, name), entry) in PRISONS.iter().zip(entries) {
        assert_eq!(entry["name"], *name);
        assert_eq!(entry["url"], format!("/prisons/{slug}/"));
        assert!(entry["other_names"].is_array(), "{entry}");
    }
    let leeds = &entries[1];
    assert_eq!(leeds["other_names"], serde_json::json!(["Armley"]));
    assert_eq!(leeds["postcode"], "LS12 2TJ");
    assert_eq!(entries[2]["status"], "closed");
    assert_eq!(entries[0]["name_cy"], "Carchar Caerdydd");
}

#[test]
fn a_prison_page_shows_its_facts() {
    let built = build_ok("valid-site", &[]);
    let html = read(&built, "prisons/leeds/index.html");
    let main = main_of(&html);
    assert!(main.contains("Also known as Armley."));
    // Times by day, as official pages write them.
    assert!(
        main.contains("<dt>Monday</dt><dd>2pm to 4pm</dd><dt>Wednesday</dt><dd>2pm to 4pm</dd>"),
        "{main}"
    );
    assert!(main.contains("<dt>Sunday</dt><dd>9:30am to 11:30am</dd>"));
    assert!(main.contains("<a href=\"tel:+441132032600\">0113 203 2600</a>"));
    assert!(main.contains("at least 24 hours before the visit"));
    assert!(main.contains("href=\"/prisons/leeds/visiting.ics\""));
    // The shared "how visits work" guidance is summed up and linked on every prison page,
    // not repeated in full.
    assert!(main.contains("How visits work in every prison"));
    assert!(main.contains("href=\"/guides/how-visits-work/\""));
    let cardiff = read(&built, "prisons/cardiff/index.html");
    assert!(cardiff.contains("How visits work in every prison"));
    assert!(cardiff.contains("We do not have checked visiting times for this prison."));
}

#[test]
fn evidence_policy_and_prisons_link_to_each_other() {
    let built = build_ok("valid-site", &[]);
    let policy = read(&built, "policy/why-family-ties-matter/index.html");
    assert!(policy.contains("Evidence behind this part"));
    assert!(policy.contains("href=\"/evidence/farmer-review-2017/\""));
    let leeds = read(&built, "prisons/leeds/index.html");
    let mentions = &leeds[leeds
        .find("Pages that mention HMP Leeds")
        .expect("a mentions list")..];
    for url in [
        "/evidence/farmer-review-2017/",
        "/policy/what-prisons-must-do/",
        "/guides/what-id-to-bring/",
    ] {
        assert!(
            mentions.contains(&format!("href=\"{url}\"")),
            "{url} is not listed:\n{mentions}"
        );
    }
    let policy_list = read(&built, "policy/index.html");
    let first = policy_list.find("/policy/why-family-ties-matter/").unwrap();
    let second = policy_list.find("/policy/what-prisons-must-do/").unwrap();
    assert!(first < second, "policy parts are listed by `order`");
    let evidence = read(&built, "evidence/index.html");
    assert!(evidence.contains("<h3 id=\"topic-reoffending\">"));
    assert!(evidence.contains("<h3 id=\"year-2017\">"));
}

#[test]
fn stylesheets_get_content_hashed_names_that_change_with_the_file() {
    let linked = |built: &Built| {
        let home = read(built, "index.html");
        home.split("<link rel=\"stylesheet\" href=\"/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
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

//! The support-organisation kind (`content/support/<slug>.md`), as families and editors
//! meet it: its page, the `/support/` list, the "Help for families" list on the prisons it
//! serves, its Welsh twin, the search index and sitemap, `new support`, and the mistakes
//! `check` names at their line and column.

mod common;

use common::{Site, files_under, repo_root};
use serde_json::Value;

const HELPLINE: &str = "support/prisoners-families-helpline.md";
const CENTRE: &str = "support/leeds-family-centre.md";

/// The shared valid site with the two organisations of tests/fixtures/support/.
fn site() -> Site {
    let site = Site::new("valid-site");
    for page in [HELPLINE, CENTRE] {
        let text = std::fs::read_to_string(repo_root().join("tests/fixtures").join(page))
            .expect("the fixture");
        site.write(&format!("content/{page}"), &text);
    }
    site
}

fn read(site: &Site, path: &str) -> String {
    std::fs::read_to_string(site.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn built() -> Site {
    let site = site();
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

#[test]
fn an_organisation_has_a_page_with_how_to_reach_it_and_where_that_came_from() {
    let site = built();
    let html = read(&site, "support/prisoners-families-helpline/index.html");
    assert!(
        html.contains("<h1>Prisoners&#39; Families Helpline</h1>"),
        "{html}"
    );
    assert!(html.contains(r#"<a href="tel:+448088082003">0808 808 2003</a> (free to call). Monday to Friday, 9am to 8pm"#), "{html}");
    assert!(
        html.contains(
            r#"<a href="https://www.prisonersfamilieshelpline.org.uk/">Their website</a>"#
        ),
        "{html}"
    );
    // The contact facts say where they came from, with the source's date.
    assert!(html.contains(r#"Where this comes from: <a href="https://www.prisonersfamilieshelpline.org.uk/contact-us/">Prisoners&#39; Families Helpline, contact us</a>, <time datetime="2026-10-14">14 October 2026</time>"#), "{html}");
    assert!(
        html.contains("Where they help: <span>England and Wales</span>"),
        "{html}"
    );
    assert!(
        html.contains("<strong>anything</strong>"),
        "the Markdown body: {html}"
    );
    // Back to the list, and the list is in the menu of every page.
    assert!(
        html.contains(r#"<a href="/support/">Support</a>"#),
        "{html}"
    );
    let home = read(&site, "index.html");
    assert!(
        home.contains(r#"<li><a href="/support/">Support</a></li>"#),
        "{home}"
    );
}

#[test]
fn the_list_has_every_organisation_a_to_z() {
    let site = built();
    let list = read(&site, "support/index.html");
    let airedale = list
        .find(r#"<a href="/support/leeds-family-centre/">Airedale Family Visits Trust</a>"#)
        .expect("the trust is listed");
    let helpline = list
        .find(r#"<a href="/support/prisoners-families-helpline/">Prisoners&#39; Families Helpline</a>"#)
        .expect("the helpline is listed");
    assert!(airedale < helpline, "A–Z by name: {list}");
    assert!(
        list.contains("Runs the visitors&#39; centre at Leeds"),
        "summaries: {list}"
    );
}

#[test]
fn a_prison_lists_the_organisations_that_run_its_visitors_centre() {
    let site = built();
    let leeds = read(&site, "prisons/leeds/index.html");
    let at = leeds
        .find(r#"<h2 id="help-title">Help for families</h2>"#)
        .expect("a Help for families list");
    let section = &leeds[at..leeds[at..]
        .find("</section>")
        .map_or(leeds.len(), |e| at + e)];
    assert!(
        section.contains(
            r#"<a href="/support/leeds-family-centre/">Airedale Family Visits Trust</a>"#
        ),
        "{section}"
    );
    assert!(
        section.contains(r#"<time datetime="2026-09">September 2026</time>"#),
        "the source date: {section}"
    );
    // The helpline names no prison, so it is not in the list.
    assert!(
        !section.contains("Prisoners&#39; Families Helpline</a>"),
        "{section}"
    );
    // A prison no organisation names has no such list.
    let cardiff = read(&site, "prisons/cardiff/index.html");
    assert!(!cardiff.contains("help-title"), "{cardiff}");
}

#[test]
fn welsh_pages_come_from_the_welsh_machinery() {
    let site = built();
    let twin = read(&site, "cy/support/prisoners-families-helpline/index.html");
    assert!(twin.contains(r#"<html lang="cy""#), "{twin}");
    assert!(
        twin.contains("Sut i gysylltu â nhw"),
        "the theme's Welsh words: {twin}"
    );
    assert!(
        twin.contains("Dydd Llun i ddydd Gwener"),
        "Welsh days: {twin}"
    );
    // The editor's text is English, marked so, with the notice that it is.
    assert!(twin.contains("<div lang=\"en\">"), "{twin}");
    let list = read(&site, "cy/support/index.html");
    assert!(
        list.contains(r#"<a href="/cy/support/leeds-family-centre/">"#),
        "{list}"
    );
    let leeds = read(&site, "cy/prisons/leeds/index.html");
    assert!(leeds.contains("Help i deuluoedd"), "{leeds}");
    assert!(
        leeds.contains(r#"<a href="/cy/support/leeds-family-centre/">"#),
        "{leeds}"
    );
}

#[test]
fn organisations_are_in_the_search_index_and_the_sitemap() {
    let site = built();
    let index: Vec<Value> = serde_json::from_str(&read(&site, "search-pages.json")).expect("JSON");
    let entry = index
        .iter()
        .find(|e| e["url"] == "/support/prisoners-families-helpline/")
        .unwrap_or_else(|| panic!("not in the index: {index:#?}"));
    assert_eq!(entry["kind"], "Support");
    assert_eq!(entry["kind_name"], "Support");
    let welsh: Vec<Value> =
        serde_json::from_str(&read(&site, "cy/search-pages.json")).expect("JSON");
    assert!(
        welsh
            .iter()
            .any(|e| e["url"] == "/cy/support/prisoners-families-helpline/"
                && e["kind_name"] == "Cymorth"),
        "{welsh:#?}"
    );
    let files = files_under(&site.out());
    let sitemap: String = files
        .iter()
        .filter(|(p, _)| p.starts_with("sitemap"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    for url in [
        "/support/</loc>",
        "/support/leeds-family-centre/</loc>",
        "/cy/support/</loc>",
    ] {
        assert!(sitemap.contains(url), "{url} not in the sitemap");
    }
}

fn problems(site: &Site) -> Vec<Value> {
    let (run, problems) = site.check_json(&[]);
    assert_eq!(run.code, 1, "{problems:#?}");
    problems
}

fn one<'a>(problems: &'a [Value], text: &str) -> &'a Value {
    let found: Vec<&Value> = problems
        .iter()
        .filter(|p| p["message"].as_str().is_some_and(|m| m.contains(text)))
        .collect();
    assert_eq!(found.len(), 1, "one `{text}` in {problems:#?}");
    found[0]
}

fn at(p: &Value) -> (&str, u64, u64) {
    (
        p["file"].as_str().unwrap_or(""),
        p["line"].as_u64().unwrap_or(0),
        p["column"].as_u64().unwrap_or(0),
    )
}

#[test]
fn a_group_without_a_source_is_an_error_at_the_group() {
    let site = site();
    site.edit(&format!("content/{CENTRE}"), |t| {
        t.replace("  source: trust-centres\n", "")
    });
    let problems = problems(&site);
    let p = one(
        &problems,
        "the facts under `visitors_centres:` do not say where they came from",
    );
    assert_eq!(p["severity"], "error");
    assert_eq!(at(p), ("content/support/leeds-family-centre.md", 4, 1));
}

#[test]
fn an_unknown_source_id_is_an_error_with_a_did_you_mean() {
    let site = site();
    site.edit(&format!("content/{HELPLINE}"), |t| {
        t.replace("source: pfh-contact", "source: pfh-contcat")
    });
    let problems = problems(&site);
    let p = one(
        &problems,
        "`contact` says its facts came from `pfh-contcat`, but no source has that id",
    );
    assert_eq!(
        at(p),
        ("content/support/prisoners-families-helpline.md", 5, 1)
    );
    assert!(
        p["help"]
            .as_str()
            .is_some_and(|h| h.contains("did you mean `pfh-contact`?")),
        "{p}"
    );
}

#[test]
fn an_unknown_prison_is_an_error_with_a_did_you_mean() {
    let site = site();
    site.edit(&format!("content/{CENTRE}"), |t| {
        t.replace("prisons: [leeds]", "prisons: [leds]")
    });
    let problems = problems(&site);
    let p = one(
        &problems,
        "`visitors_centres.prisons` lists `leds`, but there is no such prison",
    );
    assert_eq!(at(p), ("content/support/leeds-family-centre.md", 6, 3));
    assert!(
        p["help"]
            .as_str()
            .is_some_and(|h| h.contains("did you mean `leeds`?")),
        "{p}"
    );
}

#[test]
fn an_unknown_field_is_an_error_at_its_line() {
    let site = site();
    site.edit(&format!("content/{HELPLINE}"), |t| {
        t.replace("covers: England and Wales", "coverz: England and Wales")
    });
    let problems = problems(&site);
    let p = one(&problems, "coverz");
    assert_eq!(at(p).0, "content/support/prisoners-families-helpline.md");
    assert_eq!(at(p).1, 4);
}

#[test]
fn new_support_starts_a_page_that_checks_clean() {
    let site = Site::new("valid-site");
    let run = site.run(&["new", "support", "Example Families Trust"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("wrote content/support/example-families-trust.md"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(site.path("content/support/example-families-trust.md"))
        .expect("the page");
    assert!(text.contains("name: Example Families Trust"), "{text}");
    let (check, problems) = site.check_json(&["--date", &today()]);
    assert_eq!(check.code, 0, "{problems:#?}");
    assert!(
        !problems
            .iter()
            .any(|p| p["file"] == "content/support/example-families-trust.md"
                && p["severity"] == "error"),
        "{problems:#?}"
    );
    // Never over an existing page.
    let again = site.run(&["new", "support", "Example Families Trust"]);
    assert_eq!(again.code, 1, "{}", again.stderr);
}

/// `new` dates the page today; the check must be for today too.
fn today() -> String {
    familyties::model::fields::Date::today().to_string()
}

/// The valid site with the helpline named in site.yaml as `helpline: NAME`.
fn with_helpline(name: &str) -> Site {
    let site = site();
    site.edit("content/site.yaml", |t| format!("{t}helpline: {name}\n"));
    site
}

#[test]
fn the_helpline_named_in_site_yaml_is_in_every_footer_and_checklist_with_its_source() {
    let site = with_helpline("prisoners-families-helpline");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, page_lang) in [("index.html", "en"), ("cy/index.html", "cy")] {
        let page = common::Page::new(&read(&site, path));
        let footer = page.text("footer");
        assert!(footer.contains("Prisoners' Families Helpline"), "{footer}");
        assert!(
            page.attr("footer a[href^='tel:']", "href") == ["tel:+448088082003"],
            "{path}: {footer}"
        );
        let prefix = if page_lang == "cy" { "/cy" } else { "" };
        assert!(
            page.links("footer")
                .contains(&format!("{prefix}/support/prisoners-families-helpline/")),
            "{path}: the name leads to the organisation's page with all its sources"
        );
        // Where the number comes from, and the date of that source.
        assert_eq!(page.attr("footer .from time", "datetime"), ["2026-10-14"]);
    }
    let checklist = common::Page::new(&read(&site, "prisons/leeds/checklist/index.html"));
    let line = checklist
        .select("main li")
        .into_iter()
        .find(|li| li.contains("0808 808 2003"))
        .expect("the checklist has the helpline");
    assert!(line.contains("Prisoners' Families Helpline"), "{line}");
    assert!(line.contains("14 October 2026"), "{line}");
}

#[test]
fn without_a_helpline_in_site_yaml_no_number_is_shown() {
    let site = built();
    let page = common::Page::new(&read(&site, "index.html"));
    assert!(page.select("footer a[href^='tel:']").is_empty());
    assert_eq!(
        page.attr("footer a[href='/support/']", "href"),
        ["/support/"]
    );
    let checklist = read(&site, "prisons/leeds/checklist/index.html");
    assert!(!checklist.contains("0808 808 2003"));
}

#[test]
fn a_helpline_that_names_no_organisation_is_an_error_with_a_did_you_mean() {
    let site = with_helpline("prisoners-family-helpline");
    let run = site.check(&[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("`helpline: prisoners-family-helpline` names no page in content/support/"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/site.yaml:7:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("did you mean `prisoners-families-helpline`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_helpline_without_a_phone_number_is_an_error() {
    let site = with_helpline("leeds-family-centre");
    site.edit(&format!("content/{CENTRE}"), |t| {
        t.lines()
            .filter(|l| !l.trim_start().starts_with("phone:"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
    let run = site.check(&[]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("`helpline: leeds-family-centre` names an organisation with no phone number"),
        "{}",
        run.stderr
    );
}

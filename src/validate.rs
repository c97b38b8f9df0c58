//! Checks across files that typing one file cannot make: duplicate addresses, references
//! to prisons, guides and policy parts that do not exist, reviews that are out of date.

use std::collections::HashMap;

use crate::content::{Kind, LazySource, Meta, Page, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Lang;
use crate::model::fields::Phone;
use crate::model::prison::{Prison, Status};

pub fn check(site: &Site, diags: &Diagnostics) {
    duplicate_urls(site, diags);
    base_url(site, diags);
    helpline(site, diags);
    replaced_by_chains(site, diags);
    let use_of_example_numbers = example_numbers(site);
    // Every prison's bare name, once: looking each other name up by scanning (and sorting)
    // all prisons made this check quadratic, hours at 100,000 prisons.
    let mut by_bare_name: HashMap<String, Vec<&Page>> = HashMap::new();
    for (p, o) in site.prisons() {
        by_bare_name.entry(bare_name(&o.name)).or_default().push(p);
    }
    for page in &site.pages {
        let text = page.lazy_source();
        let report = |d: Diagnostic| diags.push(d, Some(text.get()));
        page_sources(page, &text, &report);
        drama_numbers(page, &text, use_of_example_numbers, &report);
        match &page.meta {
            Meta::Prison(prison) => {
                prison_names(&by_bare_name, page, prison, &report);
                if let Some(slug) = &prison.replaced_by
                    && !site.prison_slug_exists(slug)
                {
                    {
                        let names: Vec<String> = site
                            .prisons()
                            .iter()
                            .filter_map(|(p, _)| prison_slug(p).map(str::to_string))
                            .collect();
                        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                        let help = match crate::frontmatter::closest(slug, &refs) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => "use the folder name of the prison that visits moved to (content/prisons/<folder>/)".to_string(),
                        };
                        report(
                            text.at_key(
                                Diagnostic::error(format!(
                                    "`replaced_by: {slug}` names a prison that does not exist"
                                ))
                                .help(help),
                                "replaced_by",
                            ),
                        );
                    }
                }
                if prison.status == Status::Closed
                    && prison.replaced_by.is_none()
                    && prison.status_note.is_none()
                {
                    report(text.at_key(
                        Diagnostic::warning("this prison is closed but the page does not say where visits moved")
                            .help("add `replaced_by: <prison folder>` so families are sent to the right place, or a `status_note` saying what families should do instead"),
                        "status",
                    ));
                }
                crate::prison_checks::check(
                    page,
                    prison,
                    site.today,
                    site.config.facts_stale_after_months,
                    &mut |d| report(d),
                );
                if prison.sources.is_empty() {
                    report(text.at_key(
                        Diagnostic::error("a prison guide needs at least one source")
                            .help("list where the facts came from under `sources:`, e.g. the prison's GOV.UK page"),
                        "sources",
                    ));
                }
            }
            Meta::PrisonPage(pp) => {
                crate::prison_checks::dated_page(page, pp.starts, pp.ends, &mut |d| report(d));
                if let Kind::PrisonPage { prison, .. } = &page.file.kind
                    && !site.prison_slug_exists(prison)
                {
                    {
                        report(
                            Diagnostic::error(format!("the folder content/prisons/{prison}/ has no index.md"))
                                .in_file(&page.file.shown)
                                .help("every prison folder needs an index.md with the prison's visiting guide"),
                        );
                    }
                }
            }
            _ => {}
        }
        if let Some(check) = crate::kinds::def(&page.file.kind).and_then(|d| d.validate) {
            check(site, page, &report);
        }
        review_age(site, page, &text, diags);
        if page.file.lang == Lang::Cy && site.translation_of(page).is_none() {
            diags.push(
                Diagnostic::warning("this Welsh page has no English page beside it")
                    .in_file(&page.file.shown)
                    .help("add the English version with the same name without `.cy`, so the language switch works"),
                None,
            );
        }
    }
}

fn prison_slug(page: &Page) -> Option<&str> {
    match &page.file.kind {
        Kind::Prison { slug } => Some(slug),
        _ => None,
    }
}

fn review_age(site: &Site, page: &Page, text: &LazySource, diags: &Diagnostics) {
    let needs_review = matches!(page.meta, Meta::Prison(_))
        || crate::kinds::def(&page.file.kind).is_some_and(|d| d.reviewed);
    if !needs_review {
        return;
    }
    match page.meta.last_reviewed() {
        None => diags.push(
            Diagnostic::warning("this page has no `last_reviewed` date")
                .in_file(&page.file.shown)
                .help(
                    "add `last_reviewed: YYYY-MM-DD` with the date someone last checked its facts",
                ),
            None,
        ),
        Some(date) => {
            let age = site.today.days() - date.days();
            let max = i64::from(site.config.review_max_age_days);
            if age > max {
                diags.push(
                    text.at_key(
                        Diagnostic::warning(format!(
                            "this page was last reviewed {age} days ago (more than {max})"
                        ))
                        .help("check its facts against the sources, then update `last_reviewed`"),
                        "last_reviewed",
                    ),
                    Some(text.get()),
                );
            } else if age < 0 {
                diags.push(
                    text.at_key(
                        Diagnostic::warning(format!(
                            "`last_reviewed` is {} days in the future",
                            -age
                        ))
                        .help("use the date the page was actually reviewed"),
                        "last_reviewed",
                    ),
                    Some(text.get()),
                );
            }
        }
    }
}

/// Two files that would be published at the same address (names differing only in case,
/// spaces or accents count as the same).
fn duplicate_urls(site: &Site, diags: &Diagnostics) {
    let mut seen: HashMap<String, &Page> = HashMap::new();
    for page in &site.pages {
        let key = page.url.to_lowercase();
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(format!(
                    "this page would have the same address ({}) as {}",
                    page.url,
                    first.file.shown.display()
                ))
                .in_file(&page.file.shown)
                .help("rename one of the two files so their names differ by more than capital letters, spaces or accents"),
                None,
            );
        } else {
            seen.insert(key, page);
        }
    }
}

/// Every page that states facts lists its sources; each source has a date and is the page
/// the facts are on, not a site's home page.
fn page_sources(page: &Page, text: &LazySource, report: &dyn Fn(Diagnostic)) {
    let sources = page.meta.sources();
    let kind = crate::kinds::def(&page.file.kind).and_then(|d| d.needs_sources);
    if let Some((kind, severity)) = kind
        && sources.is_empty()
    {
        let d = Diagnostic::error(format!("this {kind} lists no sources"));
        report(
            Diagnostic { severity, ..d }
                .in_file(&page.file.shown)
                .at(text.get(), page.split.yaml.start..page.split.yaml.start)
                .help("add `sources:` with each place its facts came from: `- title: ...`, `url: ...` (the page itself) and `date: YYYY-MM-DD` (when it was published, or when you read the copy)"),
        );
    }
    for source in sources {
        let at = || source_span(page, text.get(), &source.url.0);
        if is_home_page(&source.url.0) {
            report(
                Diagnostic::error(format!(
                    "the source `{}` is a site's home page ({}), not the page the facts are on",
                    source.title, source.url.0
                ))
                .in_file(&page.file.shown)
                .at(text.get(), at())
                .help("give the address of the page that states the facts, so a reader can check them there"),
            );
        }
        if source.date.is_none() {
            report(
                Diagnostic::warning(format!("the source `{}` has no date", source.title))
                    .in_file(&page.file.shown)
                    .at(text.get(), at())
                    .help("add `date: YYYY-MM-DD` under it: the day it was published, or the day the copy you read was captured, so families can tell how fresh the fact is"),
            );
        }
    }
}

/// Where a source's address is written in the front matter (or the front matter's start).
fn source_span(page: &Page, text: &str, url: &str) -> std::ops::Range<usize> {
    let yaml = page.split.yaml.clone();
    match text.get(yaml.clone()).and_then(|y| y.find(url)) {
        Some(i) => yaml.start + i..yaml.start + i + url.len(),
        None => page.key_span("sources"),
    }
}

/// `https://www.gov.uk/` or `https://example.org` and nothing after the host.
fn is_home_page(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split('#').next().unwrap_or("");
    // A query names a page on sites that address pages that way (`/?p=83200`).
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = rest.split_once('/').map_or("", |(_, p)| p);
    path.trim_matches('/').is_empty() && query.is_empty()
}

/// How a site may use Ofcom's drama numbers, from where it is published: a test site
/// (`.test`, `.invalid`, `.localhost`) uses them freely, a starter site still at an
/// example address is warned, and a real site must not show them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ExampleNumbers {
    Allowed,
    Warned,
    Refused,
}

fn host_of(url: &str) -> String {
    url.split_once("://")
        .map_or(url, |(_, r)| r)
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn is_test_host(host: &str) -> bool {
    ["test", "invalid", "localhost"]
        .iter()
        .any(|tld| host == *tld || host.ends_with(&format!(".{tld}")))
}

fn is_example_host(host: &str) -> bool {
    ["example.org", "example.com", "example.net", "example"]
        .iter()
        .any(|e| host == *e || host.ends_with(&format!(".{e}")))
}

fn example_numbers(site: &Site) -> ExampleNumbers {
    let host = host_of(&site.config.base_url.0);
    if is_test_host(&host) {
        ExampleNumbers::Allowed
    } else if is_example_host(&host) {
        ExampleNumbers::Warned
    } else {
        ExampleNumbers::Refused
    }
}

/// Phone numbers anywhere in a page (front matter or text) that are in Ofcom's drama
/// ranges: they look real but reach no one.
fn drama_numbers(
    page: &Page,
    text: &LazySource,
    rule: ExampleNumbers,
    report: &dyn Fn(Diagnostic),
) {
    if rule == ExampleNumbers::Allowed {
        return;
    }
    let text = text.get();
    for span in phone_like(text) {
        if in_code_span(text, span.start) {
            // `0113 496 0000` in backticks is an example of how to write a number.
            continue;
        }
        let Ok(phone) = Phone::parse(&text[span.clone()]) else {
            continue;
        };
        if !phone.is_drama() {
            continue;
        }
        let message = format!(
            "{} is one of Ofcom's numbers kept for TV and drama: it reaches no one",
            phone.0
        );
        let d = match rule {
            ExampleNumbers::Refused => Diagnostic::error(message),
            _ => Diagnostic::warning(message),
        };
        report(
            d.in_file(&page.file.shown)
                .at(text, span)
                .help("put the real number from the official source here, or leave the number out and send families to the official page"),
        );
    }
}

/// Stretches of text that could be a written UK phone number: from a `0`, `(0` or `+44`
/// that does not follow a digit, over digits, spaces, hyphens and brackets.
fn phone_like(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = (bytes[i] == b'0'
            || (bytes[i] == b'(' && bytes.get(i + 1) == Some(&b'0'))
            || bytes[i..].starts_with(b"+44"))
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit() || matches!(bytes[end], b' ' | b'-' | b'(' | b')'))
        {
            end += 1;
        }
        let candidate = text[i..end].trim_end_matches([' ', '-', '(']);
        let digits = candidate.bytes().filter(u8::is_ascii_digit).count();
        if (10..=13).contains(&digits) {
            found.push(i..i + candidate.len());
        }
        i = end.max(i + 1);
    }
    found
}

/// `base_url` still at an example address: every canonical link, the sitemap and the
/// feeds point there. A warning on every build (so `--strict` fails).
fn base_url(site: &Site, diags: &Diagnostics) {
    let url = &site.config.base_url.0;
    if !is_example_host(&host_of(url)) {
        return;
    }
    let text =
        std::fs::read_to_string(site.root.join("content").join("site.yaml")).unwrap_or_default();
    let at = text.find(url.as_str()).map_or(0..0, |i| i..i + url.len());
    diags.push(
        Diagnostic::warning(format!(
            "`base_url` is still the example address {url}: every canonical link, the sitemap and the feeds point there"
        ))
        .in_file("content/site.yaml")
        .at(&text, at)
        .help("set `base_url` in content/site.yaml to the address the site is published at, e.g. https://www.your-charity.org.uk/visits (`check --strict` fails until you do)"),
        Some(&text),
    );
}

/// `helpline` in site.yaml names a support organisation with a phone number: the footer
/// and the checklists show that number with its source.
fn helpline(site: &Site, diags: &Diagnostics) {
    let Some(name) = &site.config.helpline else {
        return;
    };
    let page = site.page(&format!("support/{name}.md"));
    let has_phone = page
        .and_then(|p| p.meta.entry::<crate::model::support::Support>())
        .and_then(|s| s.contact.as_ref())
        .is_some_and(|c| c.phone.is_some());
    if has_phone {
        return;
    }
    let text =
        std::fs::read_to_string(site.root.join("content").join("site.yaml")).unwrap_or_default();
    let at = text
        .find("helpline:")
        .and_then(|k| text[k..].find(name.as_str()).map(|i| k + i))
        .map_or(0..0, |i| i..i + name.len());
    let (message, help) = if page.is_some() {
        (
            format!("`helpline: {name}` names an organisation with no phone number"),
            format!(
                "add `contact: {{phone: ..., source: ...}}` to content/support/{name}.md, or name another organisation"
            ),
        )
    } else {
        let names: Vec<String> = site
            .pages
            .iter()
            .filter_map(|p| p.file.content_path.strip_prefix("support/"))
            .filter_map(|p| p.strip_suffix(".md"))
            .filter(|p| !p.contains('.'))
            .map(str::to_string)
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let help = match crate::frontmatter::closest(name, &refs) {
            Some(near) => format!("did you mean `{near}`? It is the file name in content/support/, without .md"),
            None => "write the file name of a page in content/support/, without .md, or remove `helpline`".to_string(),
        };
        (
            format!("`helpline: {name}` names no page in content/support/"),
            help,
        )
    };
    diags.push(
        Diagnostic::error(message)
            .in_file("content/site.yaml")
            .at(&text, at)
            .help(help),
        Some(&text),
    );
}

/// A name the editor can compare with other prisons' names: no "HMP", "YOI", "prison"
/// or punctuation, lower case.
fn bare_name(name: &str) -> String {
    let lower = name.to_lowercase().replace('&', " ");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            !w.is_empty()
                && ![
                    "hmp",
                    "hmyoi",
                    "hmp/yoi",
                    "yoi",
                    "prison",
                    "and",
                    "young",
                    "offender",
                    "institution",
                    "stc",
                    "secure",
                    "training",
                    "centre",
                ]
                .contains(w)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The prison's name is there, and each of its other names is a name it has had: not
/// empty, not its own name again, and not another prison's name.
fn prison_names(
    by_bare_name: &HashMap<String, Vec<&Page>>,
    page: &Page,
    prison: &Prison,
    report: &dyn Fn(Diagnostic),
) {
    let name = prison.name.trim();
    if name.is_empty() || name == "~" {
        report(
            page.diagnostic_at_key(
                Diagnostic::error("the prison has no name").help(
                    "write its name as the official register gives it, e.g. `name: HMP Leeds`",
                ),
                "name",
            ),
        );
    }
    let own = bare_name(name);
    for other in &prison.other_names {
        let bare = bare_name(other);
        let problem = if other.trim().is_empty() || other.trim() == "~" {
            Some("is empty".to_string())
        } else if bare == own {
            Some("is the prison's own name".to_string())
        } else {
            by_bare_name
                .get(&bare)
                .into_iter()
                .flatten()
                .find(|p| p.file.shown != page.file.shown)
                .map(|p| format!("is the name of another prison ({})", p.file.shown.display()))
        };
        if let Some(problem) = problem {
            report(page.diagnostic_at_key(
                Diagnostic::error(format!("`other_names` lists `{other}`, which {problem}"))
                    .help("list only names this prison itself has been known by; if it was built on another prison's site or took over its visits, say so in `status_note`"),
                "other_names",
            ));
        }
    }
}

/// `replaced_by` that points at the prison itself, or round in a circle, never reaches a
/// prison families can visit.
fn replaced_by_chains(site: &Site, diags: &Diagnostics) {
    let next: HashMap<&str, &str> = site
        .prisons()
        .into_iter()
        .filter_map(|(p, o)| Some((prison_slug(p)?, o.replaced_by.as_deref()?)))
        .collect();
    for (page, prison) in site.prisons() {
        let (Some(start), Some(first)) = (prison_slug(page), prison.replaced_by.as_deref()) else {
            continue;
        };
        let mut path = vec![start];
        let mut at = first;
        let circle = loop {
            if at == start {
                break true;
            }
            if path.contains(&at) {
                // A circle further on; it is reported from a prison inside it.
                break false;
            }
            path.push(at);
            match next.get(at) {
                Some(n) => at = n,
                None => break false,
            }
        };
        if !circle {
            continue;
        }
        let message = if first == start {
            format!("`replaced_by: {start}` points at this prison itself")
        } else {
            path.push(start);
            format!("`replaced_by` goes round in a circle: {}", path.join(" → "))
        };
        let text = page.lazy_source();
        diags.push(
            text.at_key(
                Diagnostic::error(message)
                    .help("`replaced_by` names the open prison that visits moved to; remove it from the prison that is still open"),
                "replaced_by",
            ),
            Some(text.get()),
        );
    }
}

/// Whether a position is inside an inline code span (`...`) of its line.
fn in_code_span(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at].matches('`').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::is_home_page;

    #[test]
    fn a_home_page_is_a_site_address_with_no_path_or_query() {
        for home in [
            "https://www.example.org",
            "https://www.example.org/",
            "https://www.example.org/#contact",
        ] {
            assert!(is_home_page(home), "{home}");
        }
        for page in [
            "https://www.example.org/visits/",
            "https://familytoolbox.co.uk/?p=83200",
            "https://www.example.org/visits#times",
        ] {
            assert!(!is_home_page(page), "{page}");
        }
    }
}

//! Checks across files that typing one file cannot make: duplicate addresses, references
//! to prisons, guides and policy parts that do not exist, reviews that are out of date.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::{Kind, Lang};
use crate::model::prison::Status;
use crate::site::{Meta, Page, Site};

pub fn check(site: &Site, diags: &Diagnostics) {
    duplicate_urls(site, diags);
    for page in &site.pages {
        let report = |d: Diagnostic| diags.push(d, Some(&page.text));
        match &page.meta {
            Meta::Prison(prison) => {
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
                            page.diagnostic_at_key(
                                Diagnostic::error(format!(
                                    "`replaced_by: {slug}` names a prison that does not exist"
                                ))
                                .help(help),
                                "replaced_by",
                            ),
                        );
                    }
                }
                if prison.status == Status::Closed && prison.replaced_by.is_none() {
                    report(page.diagnostic_at_key(
                        Diagnostic::warning("this prison is closed but the page does not say where visits moved")
                            .help("add `replaced_by: <prison folder>` so families are sent to the right place"),
                        "status",
                    ));
                }
                crate::prison_checks::check(page, prison, &mut |d| report(d));
                if prison.sources.is_empty() {
                    report(page.diagnostic_at_key(
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
            Meta::Evidence(e) => {
                if is_placeholder(&e.source_url.0) {
                    report(
                        page.diagnostic_at_key(
                            Diagnostic::warning("`source_url` is still the example address")
                                .help("put the address where readers can check this source"),
                            "source_url",
                        ),
                    );
                }
                for slug in &e.policy {
                    if !site.exists(&format!("policy/{slug}.md")) {
                        report(missing_ref(page, "policy", slug, "content/policy/"));
                    }
                }
                for slug in &e.guides {
                    if !site.exists(&format!("guides/{slug}.md")) {
                        report(missing_ref(page, "guides", slug, "content/guides/"));
                    }
                }
                for slug in &e.prisons {
                    if !site.prison_slug_exists(slug) {
                        report(missing_ref(page, "prisons", slug, "content/prisons/"));
                    }
                }
            }
            _ => {}
        }
        review_age(site, page, diags);
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

/// Addresses reserved for examples (RFC 2606), as written by `familyties new`.
fn is_placeholder(url: &str) -> bool {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split('/')
        .next()
        .unwrap_or("");
    ["example.org", "example.com", "example.net"]
        .iter()
        .any(|e| host == *e || host.ends_with(&format!(".{e}")))
}

fn prison_slug(page: &Page) -> Option<&str> {
    match &page.file.kind {
        Kind::Prison { slug } => Some(slug),
        _ => None,
    }
}

fn missing_ref(page: &Page, key: &str, slug: &str, folder: &str) -> Diagnostic {
    page.diagnostic_at_key(
        Diagnostic::error(format!("`{key}` lists `{slug}`, which does not exist")).help(format!(
            "use the file name (without .md) of a page in {folder}"
        )),
        key,
    )
}

fn review_age(site: &Site, page: &Page, diags: &Diagnostics) {
    let needs_review = matches!(
        page.meta,
        Meta::Prison(_) | Meta::Guide(_) | Meta::Policy(_) | Meta::Evidence(_)
    );
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
                    page.diagnostic_at_key(
                        Diagnostic::warning(format!(
                            "this page was last reviewed {age} days ago (more than {max})"
                        ))
                        .help("check its facts against the sources, then update `last_reviewed`"),
                        "last_reviewed",
                    ),
                    Some(&page.text),
                );
            } else if age < 0 {
                diags.push(
                    page.diagnostic_at_key(
                        Diagnostic::warning(format!(
                            "`last_reviewed` is {} days in the future",
                            -age
                        ))
                        .help("use the date the page was actually reviewed"),
                        "last_reviewed",
                    ),
                    Some(&page.text),
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

//! Checks across the whole build's output: two files at one address, and pages whose
//! Welsh page shows English.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::content::{Meta, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::Lang;

/// Two outputs at one path (a file in `content/` named like a page the build makes, such
/// as `content/index.html`), or a file where another needs a folder: one would silently
/// replace the other, so the build stops and names the file.
pub(crate) fn collisions(site: &Site, paths: &[String], diags: &Diagnostics) {
    let set: HashSet<&str> = paths.iter().map(String::as_str).collect();
    let mut problems: Vec<(String, &str, &str)> = Vec::new();
    for pair in paths.windows(2) {
        if pair[0] == pair[1] {
            let message = format!("two files would be published at /{}", pair[0]);
            problems.push((message, &pair[0], &pair[0]));
        }
    }
    for path in paths {
        let mut dir = path.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if set.contains(parent) {
                let message = format!("/{parent} would be both a file and the folder of /{path}");
                problems.push((message, parent, path));
            }
            dir = parent;
        }
    }
    problems.sort();
    problems.dedup();
    for (message, one, other) in problems {
        let from_content = |path: &str| {
            site.assets
                .iter()
                .find(|a| a.content_path == path)
                .map(|a| PathBuf::from("content").join(&a.content_path))
                .or_else(|| {
                    site.pages
                        .iter()
                        .find(|p| p.output_path().as_deref() == Some(path))
                        .map(|p| p.file.shown.clone())
                })
        };
        let file = from_content(one).or_else(|| from_content(other));
        let d = Diagnostic::error(message).help(
            "rename or move the file in content/ (or the prison's alias) so it does not take the address of something the site builds",
        );
        let d = match file {
            Some(f) => d.in_file(f),
            None => d,
        };
        diags.push(d, None);
    }
}

/// Pages families read whose Welsh page shows the English text (no `.cy.md` beside
/// them), as shown to editors. Prison pages are left out: their facts are Welsh from the
/// theme's words.
pub(crate) fn untranslated(site: &Site) -> Vec<String> {
    site.pages
        .iter()
        .filter(|p| {
            p.file.lang == Lang::En
                && (matches!(p.meta, Meta::Home(_) | Meta::Plain(_))
                    || crate::kinds::def(&p.file.kind).is_some_and(|d| d.wants_welsh))
                && !p.file.content_path.starts_with("editors/")
                && site.translation_of(p).is_none()
        })
        .map(|p| p.file.shown.display().to_string())
        .collect()
}

/// The pages of [`untranslated`] as one warning naming them all, for `check --strict`
/// only: every page has a Welsh page, so this is a to-do list for translators, not a fault
/// in the site (a plain `check` prints it as a note).
pub(crate) fn welsh(missing: &[String], diags: &Diagnostics) {
    if missing.is_empty() {
        return;
    }
    diags.push(
        Diagnostic::warning(format!(
            "{} pages have no Welsh text yet, so their Welsh pages show the English: {}",
            missing.len(),
            missing.join(", ")
        ))
        .help("add a `.cy.md` file beside each with its Welsh text, and `translation_review: pending` until a Welsh speaker has checked it"),
        None,
    );
}

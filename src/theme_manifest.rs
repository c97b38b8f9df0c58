//! The theme's contract (`themes/<name>/theme.yaml`): the templates it provides and the ids
//! its templates give their own elements. The build checks the templates exist before it
//! renders anything, and the link checker takes the ids from here, so a theme can change
//! its sections without a change to familyties.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use crate::content::Meta;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The templates the build renders besides each content kind's own; a theme must provide
/// every one.
pub const BUILD_TEMPLATES: &[&str] = &[
    "404.html",
    "editors_status.html",
    "home.html",
    "page.html",
    "search.html",
    "find.html",
    "atom.xml",
    "sitemap.xml",
    "sitemap_index.xml",
    "redirect.html",
];

/// Every template the build renders: the fixed ones above and each content kind's own
/// (from its definition in `kinds`), so a new kind's template is required without a
/// second list to keep in step.
fn required_templates() -> impl Iterator<Item = &'static str> {
    BUILD_TEMPLATES
        .iter()
        .copied()
        .chain(crate::kinds::templates())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub templates: Vec<String>,
    #[serde(default)]
    pub ids: Ids,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ids {
    #[serde(default)]
    pub every_page: Vec<String>,
    #[serde(default)]
    pub prison_page: Vec<String>,
    #[serde(default)]
    pub prison_sections: Vec<String>,
}

impl Ids {
    /// Ids a page's headings must leave free.
    pub fn reserved(&self, meta: &Meta) -> Vec<&str> {
        let mut ids: Vec<&str> = self.every_page.iter().map(String::as_str).collect();
        if matches!(meta, Meta::Prison(_)) {
            ids.extend(self.prison_sections.iter().map(String::as_str));
            ids.extend(self.prison_page.iter().map(String::as_str));
        }
        ids
    }
}

impl Manifest {
    /// Reads and types `theme.yaml` in `theme_dir`.
    pub fn read(theme_dir: &Path) -> Result<Manifest, String> {
        let path = theme_dir.join("theme.yaml");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read it: {e}"))?;
        serde_yaml::from_str(&text).map_err(|e| e.to_string())
    }

    /// Reads the manifest and checks that the theme (with the site's own `templates/`)
    /// has every template it lists and every template the build needs.
    pub fn load(
        root: &Path,
        theme_dir: &Path,
        available: &BTreeSet<&str>,
        diags: &Diagnostics,
    ) -> Option<Manifest> {
        let shown = crate::diagnostics::display_path(root, &theme_dir.join("theme.yaml"));
        let manifest = match Manifest::read(theme_dir) {
            Ok(m) => m,
            Err(e) => {
                diags.push(
                    Diagnostic::error(format!("the theme's manifest cannot be used: {e}"))
                        .in_file(shown)
                        .help("a theme lists its templates and element ids in theme.yaml; copy themes/default/theme.yaml and adjust it"),
                    None,
                );
                return None;
            }
        };
        let mut ok = true;
        for t in &manifest.templates {
            if !available.contains(t.as_str()) {
                ok = false;
                diags.push(
                    Diagnostic::error(format!(
                        "the theme lists the template `{t}` but there is no such file"
                    ))
                    .in_file(shown.clone())
                    .help(format!(
                        "add templates/{t} to the theme (or to the site's templates/ folder), or take it out of theme.yaml"
                    )),
                    None,
                );
            }
        }
        for t in required_templates() {
            if !manifest.templates.iter().any(|m| m == t) {
                ok = false;
                diags.push(
                    Diagnostic::error(format!(
                        "the theme does not provide `{t}`, which the build needs to make its pages"
                    ))
                    .in_file(shown.clone())
                    .help(format!(
                        "add templates/{t} to the theme and list it under `templates:`"
                    )),
                    None,
                );
            }
        }
        ok.then_some(manifest)
    }
}

//! The theme: tera templates (the theme's, overridden by the site's own `templates/`), its
//! static files and its translated words. Tera 2 is used because its errors carry the
//! template's line and column, which editors need to fix a template.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Lang;

pub struct Theme {
    pub tera: Tera,
    /// Template name → (path shown to editors, source), for error messages.
    sources: BTreeMap<String, (PathBuf, String)>,
    pub static_dir: PathBuf,
    /// What the theme declares it provides (`theme.yaml`).
    pub manifest: crate::theme_manifest::Manifest,
    /// The static files, stylesheets and scripts under content-hashed names.
    pub assets: std::sync::Arc<crate::assets::Assets>,
    /// The theme's words per language, English filled in where Welsh is missing.
    pub words: BTreeMap<Lang, BTreeMap<String, String>>,
    /// The same, converted for tera once rather than for every page.
    words_value: BTreeMap<Lang, tera::Value>,
}

pub fn load(root: &Path, theme_name: &str, diags: &Diagnostics) -> Option<Theme> {
    let theme_dir = root.join("themes").join(theme_name);
    if !theme_dir.is_dir() {
        diags.push(
            Diagnostic::error(format!("the theme `{theme_name}` does not exist"))
                .in_file("content/site.yaml")
                .help(format!(
                    "create themes/{theme_name}/ or set `theme: default` in content/site.yaml"
                )),
            None,
        );
        return None;
    }
    let mut sources = BTreeMap::new();
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        collect_templates(root, &dir, &mut sources);
    }
    let available = sources.keys().map(String::as_str).collect();
    let manifest = crate::theme_manifest::Manifest::load(root, &theme_dir, &available, diags)?;
    let generated = vec![crate::output::OutputFile {
        path: "highlight.css".into(),
        bytes: crate::highlight::stylesheet().into_bytes(),
    }];
    let assets = match crate::assets::Assets::load(&theme_dir.join("static"), generated) {
        Ok(a) => std::sync::Arc::new(a),
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("cannot read the theme's static files: {e}"))
                    .in_file(crate::diagnostics::display_path(
                        root,
                        &theme_dir.join("static"),
                    ))
                    .help("check the folder and its files can be read"),
                None,
            );
            return None;
        }
    };
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let lookup = std::sync::Arc::clone(&assets);
    tera.register_function("asset", move |kwargs: Kwargs, _: &State| {
        let path: &str = kwargs.must_get("path")?;
        lookup.url(path).map(str::to_string).ok_or_else(|| {
            let known: Vec<&str> = lookup.names().collect();
            tera::Error::message(format!(
                "the theme has no static file `{path}` (it has: {})",
                known.join(", ")
            ))
        })
    });
    tera.register_filter("tel", |s: &str, _: Kwargs, _: &State| {
        crate::model::fields::Phone::parse(s).map_or_else(|_| s.to_string(), |p| p.tel())
    });
    // A field written as a sentence may already end with a full stop; the template adds one
    // only when it does not, so pages never show "..".
    tera.register_filter("sentence", |s: &str, _: Kwargs, _: &State| {
        let t = s.trim_end();
        if t.ends_with(['.', '!', '?']) {
            t.to_string()
        } else {
            format!("{t}.")
        }
    });
    let words = load_words(root, &theme_dir, diags);
    // "28 July 2026" ("28 Gorffennaf 2026" with `lang="cy"`) for a date written 2026-07-28;
    // anything else is shown as written.
    let months = std::sync::Arc::new(words.clone());
    tera.register_filter("long_date", move |s: &str, kwargs: Kwargs, _: &State| {
        let lang = match kwargs.get::<&str>("lang").ok().flatten() {
            Some("cy") => Lang::Cy,
            _ => Lang::En,
        };
        let Ok(date) = crate::model::fields::Date::parse(s) else {
            return s.to_string();
        };
        match months.get(&lang) {
            Some(map) => crate::words::Words::new(lang, map).date(date),
            None => date.long(),
        }
    });
    let raw: Vec<(String, String)> = sources
        .iter()
        .map(|(name, (_, src))| (name.clone(), src.clone()))
        .collect();
    let words_value = words
        .iter()
        .map(|(lang, w)| (*lang, tera::Value::from_serializable(w)))
        .collect();
    let theme = Theme {
        tera: Tera::new(),
        sources,
        static_dir: theme_dir.join("static"),
        manifest,
        assets,
        words,
        words_value,
    };
    if let Err(e) = tera.add_raw_templates(raw) {
        theme.report(theme.template_error(&e, None), diags);
        return None;
    }
    Some(Theme { tera, ..theme })
}

fn collect_templates(root: &Path, dir: &Path, out: &mut BTreeMap<String, (PathBuf, String)>) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        if let Ok(src) = std::fs::read_to_string(entry.path()) {
            out.insert(
                name,
                (crate::diagnostics::display_path(root, entry.path()), src),
            );
        }
    }
}

fn load_words(
    root: &Path,
    theme_dir: &Path,
    diags: &Diagnostics,
) -> BTreeMap<Lang, BTreeMap<String, String>> {
    let mut words = BTreeMap::new();
    for lang in [Lang::En, Lang::Cy] {
        let path = theme_dir.join("i18n").join(format!("{}.yaml", lang.code()));
        let shown = crate::diagnostics::display_path(root, &path);
        let map = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let whole = crate::frontmatter::Split {
                    yaml: 0..text.len(),
                    body: text.len()..text.len(),
                };
                match crate::frontmatter::parse::<BTreeMap<String, String>>(&text, &whole) {
                    Ok(m) => m,
                    Err(d) => {
                        diags.push(d.in_file(shown), Some(&text));
                        BTreeMap::new()
                    }
                }
            }
            Err(_) => BTreeMap::new(),
        };
        words.insert(lang, map);
    }
    let english = words.get(&Lang::En).cloned().unwrap_or_default();
    if let Some(welsh) = words.get_mut(&Lang::Cy) {
        let mut missing = Vec::new();
        for (k, v) in &english {
            if !welsh.contains_key(k) {
                missing.push(k.clone());
                welsh.insert(k.clone(), v.clone());
            }
        }
        if !missing.is_empty() {
            diags.push(
                Diagnostic::warning(format!(
                    "{} of the theme's words have no Welsh translation, so Welsh pages show them in English: {}",
                    missing.len(),
                    missing.join(", ")
                ))
                .in_file(crate::diagnostics::display_path(
                    root,
                    &theme_dir.join("i18n").join("cy.yaml"),
                ))
                .help("add each missing key to cy.yaml with its Welsh text"),
                None,
            );
        }
    }
    words
}

impl Theme {
    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders `template` for the page at `page` (shown in errors as the page being built).
    pub fn render<T: Serialize>(
        &self,
        template: &str,
        view: &T,
        lang: Lang,
        page: &str,
    ) -> Result<String, Diagnostic> {
        let context = self.context(view, lang);
        self.tera
            .render(template, &context)
            .map_err(|e| self.template_error(&e, Some(page)))
    }

    /// As [`Theme::render`], into `out` (emptied first): a caller that writes each page out
    /// at once ([`crate::output::Sink::put_slice`]) can keep one buffer per thread, with
    /// neither a fresh allocation per page nor a UTF-8 check of every page's bytes.
    pub fn render_into<T: Serialize>(
        &self,
        template: &str,
        view: &T,
        lang: Lang,
        page: &str,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        out.clear();
        let context = self.context(view, lang);
        self.tera
            .render_to(template, &context, &mut *out)
            .map_err(|e| self.template_error(&e, Some(page)))
    }

    fn context<T: Serialize>(&self, view: &T, lang: Lang) -> Context {
        let mut context = Context::new();
        context.insert("page", view);
        if let Some(words) = self.words_value.get(&lang) {
            context.insert_value("t", words.clone());
        }
        context.insert("lang", lang.code());
        // The prefix of site addresses in this language: templates write `{{ lp }}/guides/`.
        context.insert("lp", lang.prefix());
        context
    }

    pub fn set_globals<T: Serialize>(&mut self, key: &'static str, value: &T) {
        self.tera.global_context().insert(key, value);
    }

    /// A tera error as a diagnostic pointing into the template file.
    fn template_error(&self, e: &tera::Error, page: Option<&str>) -> Diagnostic {
        let during = page
            .map(|p| format!(" (while building {p})"))
            .unwrap_or_default();
        let report = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        let Some(report) = report else {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            return Diagnostic::error(format!("template problem{during}: {message}"))
                .help("check the theme's templates (themes/<theme>/templates/) and the site's templates/ folder");
        };
        let span = report.span();
        let d = Diagnostic::error(format!("template problem{during}: {}", report.message()))
            .help("fix the template at this line; templates use the tera language (https://keats.github.io/tera/)");
        match self.sources.get(report.filename()) {
            Some((path, src)) => d
                .in_file(path.clone())
                .at(src, span.range.clone())
                .label("here"),
            None => d.in_file(report.filename().to_string()),
        }
    }

    /// Records a template diagnostic with the template's text, so its line can be shown.
    pub fn report(&self, d: Diagnostic, diags: &Diagnostics) {
        let src = d.file.as_ref().and_then(|f| {
            self.sources
                .values()
                .find(|(p, _)| p == f)
                .map(|(_, s)| s.as_str())
        });
        diags.push(d, src);
    }
}

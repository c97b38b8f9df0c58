//! Loading the site: settings, every content file read and typed (by its kind's
//! definition in `kinds`), in parallel, into the types of `content`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::{Kind, Meta, Page, Site, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::{self, discover};
use crate::frontmatter::{self, Split};
use crate::kinds;
use crate::model::fields::Date;

/// Larger files are refused: no real page comes close, and a huge file is a mistake.
pub(crate) const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Reads `content/site.yaml`.
pub(crate) fn load_config(root: &Path, diags: &Diagnostics) -> Option<SiteConfig> {
    let path = root.join("content").join("site.yaml");
    let shown = PathBuf::from("content/site.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let help = if root.join("content").is_dir() {
                "create content/site.yaml with at least `title:` and `base_url:`".to_string()
            } else {
                format!(
                    "no content/ folder in {}: run familyties in your site's folder or pass --root",
                    root.display()
                )
            };
            diags.push(
                Diagnostic::error(format!("cannot read the site settings: {e}"))
                    .in_file(shown)
                    .help(help),
                None,
            );
            return None;
        }
    };
    let whole = Split {
        yaml: 0..text.len(),
        body: text.len()..text.len(),
    };
    match frontmatter::parse::<SiteConfig>(&text, &whole) {
        Ok(c) => Some(c),
        Err(d) => {
            diags.push(d.in_file(shown), Some(&text));
            None
        }
    }
}

/// Reads and types every content file; problems go to `diags` and the file is left out.
/// With `keep_text`, each page keeps its file's text (`serve` compares edits with it);
/// otherwise the text is let go as soon as the page is typed and read again where a later
/// stage needs it ([`Page::source`]): at 100,000 prisons the files' text held together
/// was most of a build's peak memory.
pub(crate) fn load(root: &Path, today: Date, diags: &Diagnostics, keep_text: bool) -> Option<Site> {
    let config = load_config(root, diags);
    let found = discover(root);
    for p in found.problems {
        diags.push(p, None);
    }
    let read: Vec<Result<Page, (String, String)>> = found
        .files
        .into_par_iter()
        .map(|file| {
            let (path, url) = (file.content_path.clone(), discover::url(&file));
            let mut page = read_page(file).map_err(|(d, text)| {
                diags.push(d, text.as_deref());
                (path, url)
            })?;
            if !keep_text {
                page.let_text_go();
            }
            Ok(page)
        })
        .collect();
    let mut pages = Vec::with_capacity(read.len());
    let mut unreadable = HashMap::new();
    for r in read {
        match r {
            Ok(page) => pages.push(page),
            Err((path, url)) => {
                unreadable.insert(path, url);
            }
        }
    }
    let mut site = Site::new(root, config?, pages, found.assets, today);
    site.unreadable = unreadable;
    Some(site)
}

/// Reads one file; on failure returns the diagnostic and the text, when there is text.
pub fn read_page(file: SourceFile) -> Result<Page, (Diagnostic, Option<String>)> {
    let fail = |d: Diagnostic| (d.in_file(&file.shown), None);
    let size = std::fs::metadata(&file.abs)
        .map_err(|e| fail(Diagnostic::error(format!("cannot read this file: {e}"))))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(fail(
            Diagnostic::error(format!(
                "this file is {} MB; pages can be at most {} MB",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ))
            .help("split it into smaller pages, or check it is really a Markdown page"),
        ));
    }
    let bytes = std::fs::read(&file.abs)
        .map_err(|e| fail(Diagnostic::error(format!("cannot read this file: {e}"))))?;
    if bytes.contains(&0) {
        return Err(fail(
            Diagnostic::error("this is not a text file (it contains binary data)")
                .help("Markdown pages must be plain text; if this is a picture or document, give it its real extension (.jpg, .pdf)"),
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = Diagnostic::error("this file is not saved as UTF-8 text")
                .in_file(&file.shown)
                .at(&lossy, valid..valid + 1)
                .label("this character is not UTF-8")
                .help("save the file as UTF-8 (in most editors: Save As, then Encoding: UTF-8)");
            return Err((d, Some(lossy)));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(d) => return Err((d.in_file(&file.shown), Some(text))),
    };
    let meta = match parse_meta(&file.kind, &text, &split) {
        Ok(m) => m,
        Err(d) => return Err((d.in_file(&file.shown), Some(text))),
    };
    let url = discover::url(&file);
    Ok(Page {
        file,
        read_as: crate::content::text_hash(&text),
        text,
        split,
        meta,
        url,
    })
}

/// Types a file's front matter as the kind its folder says it is.
pub fn parse_meta(kind: &Kind, text: &str, split: &Split) -> Result<Meta, Diagnostic> {
    Ok(match kind {
        Kind::Home => Meta::Home(frontmatter::parse(text, split)?),
        Kind::Prison { .. } => Meta::Prison(Box::new(frontmatter::parse(text, split)?)),
        Kind::PrisonPage { .. } => Meta::PrisonPage(frontmatter::parse(text, split)?),
        Kind::Entry { kind, .. } => (kinds::named(kind).parse)(text, split)?,
        Kind::Plain { .. } => Meta::Plain(frontmatter::parse(text, split)?),
    })
}

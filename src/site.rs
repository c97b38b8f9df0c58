//! Loading the site: settings, every content file read and typed, in parallel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::{Asset, Kind, Lang, SourceFile, discover};
use crate::frontmatter::{self, Split};
use crate::model::fields::Date;
use crate::model::{EntryMeta, FrontMatter, PlainPage, Prison, PrisonPage};

/// Larger files are refused: no real page comes close, and a huge file is a mistake.
pub(crate) const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

#[derive(Debug, Clone)]
pub enum Meta {
    Home(PlainPage),
    Prison(Box<Prison>),
    PrisonPage(PrisonPage),
    /// A page of one of the folder-of-pages kinds (guides, policy, evidence, glossary,
    /// support organisations...), typed by its kind's definition in [`crate::kinds`]: a
    /// new kind needs no variant here.
    Entry(Box<dyn EntryMeta>),
    Plain(PlainPage),
}

impl Meta {
    /// What every kind's front matter has.
    fn front(&self) -> &dyn FrontMatter {
        match self {
            Meta::Home(p) | Meta::Plain(p) => p,
            Meta::Prison(p) => p.as_ref(),
            Meta::PrisonPage(p) => p,
            Meta::Entry(e) => e.as_ref(),
        }
    }

    /// The front matter of a folder-of-pages kind, as its own type `T` (a `Guide`, a
    /// `Support`...); `None` for a page of another kind.
    pub fn entry<T: EntryMeta>(&self) -> Option<&T> {
        match self {
            Meta::Entry(e) => {
                let any: &dyn std::any::Any = e.as_ref();
                any.downcast_ref()
            }
            _ => None,
        }
    }

    /// A Welsh text still waiting for a Welsh speaker's check.
    pub fn translation_pending(&self) -> bool {
        self.front().translation_pending()
    }

    /// The sources a page lists, whatever its kind.
    pub fn sources(&self) -> &[crate::model::Source] {
        self.front().sources()
    }

    pub fn title(&self) -> &str {
        self.front().title()
    }

    pub fn summary(&self) -> Option<&str> {
        self.front().summary()
    }

    pub fn last_reviewed(&self) -> Option<Date> {
        self.front().last_reviewed()
    }

    /// Whether glossary terms are linked on this page (on unless the page says not).
    pub fn glossary_links(&self) -> bool {
        self.front().glossary().unwrap_or(true)
    }
}

/// One content file, read and typed.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: SourceFile,
    pub text: String,
    pub split: Split,
    pub meta: Meta,
    pub url: String,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.text[self.split.body.clone()]
    }

    /// The output file, relative to the output folder.
    pub(crate) fn output_path(&self) -> Option<String> {
        // A kind without a template of its own (glossary entries) is shown on its list.
        if self.file.kind.def().is_some_and(|d| d.template.is_none()) {
            return None;
        }
        Some(format!("{}index.html", self.url.trim_start_matches('/')))
    }

    /// Byte range of a front matter key's line, for pointing at a field in a diagnostic.
    pub fn key_span(&self, key: &str) -> std::ops::Range<usize> {
        let yaml = self.split.yaml.clone();
        let mut pos = yaml.start;
        for line in self.text[yaml.clone()].split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with(':') {
                let start = pos + (line.len() - trimmed.len());
                return start..start + key.len();
            }
            pos += line.len();
        }
        0..3
    }

    pub fn diagnostic_at_key(&self, d: Diagnostic, key: &str) -> Diagnostic {
        d.in_file(&self.file.shown)
            .at(&self.text, self.key_span(key))
    }
}

pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Path inside `content/` → index into `pages`.
    pub by_path: HashMap<String, usize>,
    /// The date notices are shown for and review ages are measured from.
    pub today: Date,
    /// Files that could not be read or typed (already reported): content path → address.
    /// Links to them are not reported again as links to missing files.
    pub unreadable: HashMap<String, String>,
    /// Indexes of the English prison guides in A–Z order, made on first use: `prisons()`
    /// is called a dozen times a build. Reset by `pages_changed`.
    prison_order: std::sync::OnceLock<Vec<usize>>,
}

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
pub(crate) fn load(root: &Path, today: Date, diags: &Diagnostics) -> Option<Site> {
    let config = load_config(root, diags);
    let found = discover(root);
    for p in found.problems {
        diags.push(p, None);
    }
    let read: Vec<Result<Page, (String, String)>> = found
        .files
        .into_par_iter()
        .map(|file| {
            let (path, url) = (file.content_path.clone(), file.url());
            read_page(file).map_err(|(d, text)| {
                diags.push(d, text.as_deref());
                (path, url)
            })
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
    let url = file.url();
    Ok(Page {
        file,
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
        Kind::Entry { def, .. } => (def.parse)(text, split)?,
        Kind::Plain { .. } => Meta::Plain(frontmatter::parse(text, split)?),
    })
}

impl Site {
    /// A site of pages already read (the fuzz harness makes one in memory).
    pub fn new(
        root: &Path,
        config: SiteConfig,
        pages: Vec<Page>,
        assets: Vec<Asset>,
        today: Date,
    ) -> Site {
        let by_path = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.file.content_path.clone(), i))
            .collect();
        Site {
            root: root.to_path_buf(),
            config,
            pages,
            assets,
            by_path,
            today,
            unreadable: HashMap::new(),
            prison_order: std::sync::OnceLock::new(),
        }
    }

    pub fn page(&self, content_path: &str) -> Option<&Page> {
        self.by_path.get(content_path).map(|&i| &self.pages[i])
    }

    /// The prison guides, in A–Z order.
    pub fn prisons(&self) -> Vec<(&Page, &Prison)> {
        let prison = |i: usize| match &self.pages[i].meta {
            Meta::Prison(prison) if self.pages[i].file.lang == Lang::En => Some(prison.as_ref()),
            _ => None,
        };
        let order = self.prison_order.get_or_init(|| {
            let mut list: Vec<usize> = (0..self.pages.len())
                .filter(|&i| prison(i).is_some())
                .collect();
            list.sort_by_cached_key(|&i| {
                let name = prison(i).map(Prison::sort_name).unwrap_or_default();
                (name, self.pages[i].url.clone())
            });
            list
        });
        order
            .iter()
            .filter_map(|&i| Some((&self.pages[i], prison(i)?)))
            .collect()
    }

    /// Call after replacing pages in `pages`: names, and so the A–Z, may have changed.
    pub fn pages_changed(&mut self) {
        self.prison_order = std::sync::OnceLock::new();
    }

    pub(crate) fn prison_slug_exists(&self, slug: &str) -> bool {
        self.exists(&format!("prisons/{slug}/index.md"))
    }

    /// Whether a content file is there, read or not (an unreadable one is reported once,
    /// not again by everything that refers to it).
    pub fn exists(&self, content_path: &str) -> bool {
        self.by_path.contains_key(content_path) || self.unreadable.contains_key(content_path)
    }

    /// The same page in the other language, if there is one.
    pub(crate) fn translation_of(&self, page: &Page) -> Option<&Page> {
        let path = &page.file.content_path;
        let other = match page.file.lang {
            Lang::En => {
                let stem = path.strip_suffix(".md")?;
                format!("{stem}.cy.md")
            }
            Lang::Cy => format!("{}.md", path.strip_suffix(".cy.md")?),
        };
        self.page(&other)
    }
}

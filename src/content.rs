//! The site's content as loaded: each file found under `content/` (its kind, language and
//! place), each page's text and typed front matter, and the site that holds them all.
//!
//! Only types and their small accessors live here, below every stage that reads pages
//! (the kinds, the views, the checks, the Markdown stage): finding the files (`discover`)
//! and reading them (`site`) need the kinds' definitions, so they sit above the kinds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::Split;
use crate::model::fields::Date;
use crate::model::{EntryMeta, FrontMatter, Lang, PlainPage, Prison, PrisonPage, Source};

/// What kind of page a file is, which `discover` decides from the folder it is in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Home,
    Prison {
        slug: String,
    },
    PrisonPage {
        prison: String,
        slug: String,
    },
    /// A page of one of the folder-of-pages kinds (guides, policy, evidence, glossary,
    /// support organisations), each defined once in `kinds`.
    Entry {
        /// Its kind's name (`guide`, `support`), by which `kinds::def` finds the kind's
        /// definition. A name rather than the definition: the definition's functions take
        /// pages, so a page holding it would make the kinds and the pages depend on each
        /// other.
        kind: &'static str,
        slug: String,
    },
    Plain {
        path: String,
    },
}

impl Kind {
    /// The page's own name in its folder (its file name), where it has one.
    pub fn slug(&self) -> Option<&str> {
        match self {
            Kind::Prison { slug } | Kind::PrisonPage { slug, .. } | Kind::Entry { slug, .. } => {
                Some(slug)
            }
            Kind::Home | Kind::Plain { .. } => None,
        }
    }
}

/// A Markdown file found under `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub abs: PathBuf,
    /// Path shown to editors (relative to the site root, e.g. `content/guides/first-visit.md`).
    pub shown: PathBuf,
    /// Path inside `content/` with `/` separators, used to resolve links (`guides/first-visit.md`).
    pub content_path: String,
    pub kind: Kind,
    pub lang: Lang,
}

/// A file under `content/` that is not Markdown (an image, a PDF): copied as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub abs: PathBuf,
    pub content_path: String,
}

/// A page's front matter, typed as its kind says.
#[derive(Debug, Clone)]
pub enum Meta {
    Home(PlainPage),
    Prison(Box<Prison>),
    PrisonPage(PrisonPage),
    /// A page of one of the folder-of-pages kinds (guides, policy, evidence, glossary,
    /// support organisations...), typed by its kind's definition in `kinds`: a new kind
    /// needs no variant here.
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
    pub fn sources(&self) -> &[Source] {
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
    /// The file's text; empty once a build has let it go ([`Page::let_text_go`]).
    pub text: String,
    pub split: Split,
    pub meta: Meta,
    pub url: String,
    /// A hash of the text as it was read, to tell whether the file changed before it is
    /// read again.
    pub read_as: u64,
}

/// The hash [`Page::read_as`] holds.
pub fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl Page {
    /// The Markdown after the front matter (empty once the text was let go: see
    /// [`Page::source`]).
    pub fn body(&self) -> &str {
        self.text.get(self.split.body.clone()).unwrap_or_default()
    }

    /// Frees the text once the page is typed: at 100,000 prisons the
    /// files' text is most of a build's memory. [`Page::source`] reads it again.
    pub fn let_text_go(&mut self) {
        self.text = String::new();
    }

    /// [`Page::source`], with a file that cannot be read again reported to `diags`.
    pub fn source_or_report(
        &self,
        diags: &crate::diagnostics::Diagnostics,
    ) -> Option<std::borrow::Cow<'_, str>> {
        self.source().map_err(|d| diags.push(d, None)).ok()
    }

    /// The file's text as it was read: kept, or read again. A file that changed since is
    /// an error (the build would otherwise mix two versions of it).
    pub fn source(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        if !self.text.is_empty() {
            return Ok(std::borrow::Cow::Borrowed(&self.text));
        }
        let changed = || {
            Diagnostic::error("this file changed while the site was being built")
                .in_file(&self.file.shown)
                .help("build again: nothing was published")
        };
        let text = std::fs::read_to_string(&self.file.abs).map_err(|_| changed())?;
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        if text_hash(&text) != self.read_as {
            return Err(changed());
        }
        Ok(std::borrow::Cow::Owned(text))
    }

    /// The output file, relative to the output folder; `None` for a page shown on another
    /// page: a kind without a template of its own (glossary entries) is shown on its list,
    /// and its pages' addresses are places on that list (`/glossary/#visiting-order`).
    pub(crate) fn output_path(&self) -> Option<String> {
        if self.url.contains('#') {
            return None;
        }
        Some(format!("{}index.html", self.url.trim_start_matches('/')))
    }

    /// Byte range of a front matter key's line, for pointing at a field in a diagnostic.
    /// The file's text, read again on first use only: most pages need it only to point a
    /// diagnostic at a line, and most pages have none.
    pub fn lazy_source(&self) -> LazySource<'_> {
        LazySource {
            page: self,
            text: std::cell::OnceCell::new(),
        }
    }

    pub fn key_span(&self, key: &str) -> std::ops::Range<usize> {
        self.key_span_in(&self.source().unwrap_or_default(), key)
    }

    /// [`Page::key_span`] in `text`, the page's text already at hand.
    fn key_span_in(&self, text: &str, key: &str) -> std::ops::Range<usize> {
        let yaml = self.split.yaml.clone();
        let mut pos = yaml.start;
        for line in text
            .get(yaml.clone())
            .unwrap_or_default()
            .split_inclusive('\n')
        {
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
        let text = self.source().unwrap_or_default();
        let span = self.key_span_in(&text, key);
        d.in_file(&self.file.shown).at(&text, span)
    }
}

/// A page's text, fetched by [`Page::source`] the first time it is asked for. A file that
/// changed since it was read gives no text: the Markdown stage reports the change.
pub struct LazySource<'a> {
    page: &'a Page,
    text: std::cell::OnceCell<std::borrow::Cow<'a, str>>,
}

impl LazySource<'_> {
    pub fn get(&self) -> &str {
        self.text
            .get_or_init(|| self.page.source().unwrap_or_default())
    }

    /// [`Page::diagnostic_at_key`] from this text: the file is read once for all of a
    /// page's messages, not once per message and again to show it.
    pub fn at_key(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let text = self.get();
        let span = self.page.key_span_in(text, key);
        d.in_file(&self.page.file.shown).at(text, span)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page_in(dir: &std::path::Path, text: &str) -> Page {
        let content_path = "guides/first-visit.md";
        let abs = dir.join(content_path);
        std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
        std::fs::write(&abs, text).unwrap();
        let (kind, lang) = crate::discover::classify(content_path).unwrap();
        let file = SourceFile {
            abs,
            shown: std::path::PathBuf::from("content").join(content_path),
            content_path: content_path.to_string(),
            kind,
            lang,
        };
        crate::site::read_page(file).map_err(|(d, _)| d).unwrap()
    }

    const TEXT: &str = "---\ntitle: First visit\nsummary: What happens.\nlast_reviewed: 2026-11-01\nsources:\n  - title: GOV.UK\n    url: https://www.gov.uk/\n    date: 2026-11-01\n---\nBring ID.\n";

    #[test]
    fn a_page_whose_text_was_let_go_reads_it_again_and_points_at_its_fields() {
        let dir = tempfile::tempdir().unwrap();
        let mut page = page_in(dir.path(), TEXT);
        let span = page.key_span("summary");
        page.let_text_go();
        assert!(page.text.is_empty());
        assert_eq!(page.source().unwrap(), TEXT);
        assert_eq!(page.key_span("summary"), span);
        let d = page.diagnostic_at_key(Diagnostic::error("x"), "summary");
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_an_error_not_a_mix_of_two_versions() {
        let dir = tempfile::tempdir().unwrap();
        let mut page = page_in(dir.path(), TEXT);
        page.let_text_go();
        std::fs::write(&page.file.abs, TEXT.replace("Bring ID.", "Bring your ID.")).unwrap();
        let d = page.source().unwrap_err();
        assert!(
            d.message.contains("changed while the site was being built"),
            "{}",
            d.message
        );
    }
}

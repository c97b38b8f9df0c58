//! Every kind of file a build publishes, listed once. The build makes each in this order;
//! `serve` makes again only those an edit reaches ([`Reach`]); the link check takes the
//! addresses a Markdown link may point to from here. A new output is a new variant: the
//! compiler then asks for what it shows, how it is made and which addresses it holds.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use crate::content::{Meta, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::Lang;
use crate::markdown::{Body, Checking, Markdown};
use crate::model::prison::{EstablishmentType, Region};
use crate::output::Sink;
use crate::render::{self, Lookups, Rendered};
use crate::templates::Theme;
use crate::words::Words;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A page for each content file, its Welsh twin where it has no `.cy.md`, and each
    /// prison's checklist.
    ContentPages,
    /// The lists the build makes: prisons A–Z, by region and by type, each kind's list,
    /// search, the find-a-prison pages, 404 and the editors' report.
    Lists,
    /// The theme's static files and the code stylesheet.
    ThemeFiles,
    /// Pictures, documents and other files kept beside the content.
    ContentFiles,
    /// The find-a-prison index the search box reads (`search-index.json`).
    FindIndex,
    /// The index of every page's words (`search-pages.json`).
    SearchIndex,
    /// Pages that send an old address (`aliases`) on, and `_redirects`.
    Redirects,
    /// `sitemap.xml` (an index of numbered files on a large site).
    Sitemaps,
    Robots,
    /// The site's feed of changes, in each language.
    SiteFeeds,
    /// Each prison's feed of changes and visiting calendar, in each language.
    PrisonFiles,
    /// `prisons.json` and `prisons.csv`.
    OpenData,
    /// `_headers`, naming every file: it comes last.
    Headers,
}

impl Output {
    /// In the order the build makes them: the sitemap and `_headers` list the files made
    /// before them.
    pub const ALL: [Output; 13] = [
        Output::ContentPages,
        Output::Lists,
        Output::ThemeFiles,
        Output::ContentFiles,
        Output::FindIndex,
        Output::SearchIndex,
        Output::Redirects,
        Output::Sitemaps,
        Output::Robots,
        Output::SiteFeeds,
        Output::PrisonFiles,
        Output::OpenData,
        Output::Headers,
    ];

    /// Whether an edit that reaches `reach` changes this output. Those it does not reach
    /// change only with a new or deleted file, a theme or the site's settings, which
    /// `serve` builds in full.
    pub fn reached_by(self, reach: &Reach) -> bool {
        match self {
            Output::ContentPages => !reach.pages.is_empty(),
            Output::Lists => !reach.lists.is_empty(),
            Output::FindIndex | Output::Redirects => reach.listing,
            Output::SearchIndex => reach.listing || reach.words,
            Output::SiteFeeds | Output::OpenData => reach.listing || !reach.prisons.is_empty(),
            Output::Sitemaps => reach.dates,
            Output::PrisonFiles => !reach.prisons.is_empty(),
            Output::ThemeFiles | Output::ContentFiles | Output::Robots | Output::Headers => false,
        }
    }

    /// Makes this output into `sink`: all of it, or with `reach`, what an edit reaches.
    /// Returns the pages rendered and how long each took.
    pub(crate) fn make(self, m: &mut Making, reach: Option<&Reach>) -> Vec<Rendered> {
        self.make_with(m, reach, None)
    }

    /// [`Output::make`], with the views' lookups `serve` keeps between edits.
    pub(crate) fn make_with(
        self,
        m: &mut Making,
        reach: Option<&Reach>,
        lookups: Option<&Lookups>,
    ) -> Vec<Rendered> {
        let (site, theme, diags, sink) = (m.site, m.theme, m.diags, m.sink);
        match self {
            Output::ContentPages => {
                let only = reach.map(|r| &r.pages);
                let (bodies, markdown) = (&*m.bodies, m.markdown);
                let checking = m.checking.as_mut();
                let rendered = render::render_pages(
                    site, theme, bodies, markdown, diags, only, lookups, sink, checking,
                );
                if let Some(checking) = &mut m.checking {
                    checking.fill(m.bodies);
                }
                return rendered;
            }
            Output::Lists => {
                let only = reach.map(|r| &r.lists);
                let lists = render::render_lists(site, theme, m.bodies, diags, only, lookups, sink);
                m.lists = lists.iter().map(|r| r.path.clone()).collect();
                m.lists.sort();
                return lists;
            }
            Output::ThemeFiles => {
                for f in &theme.assets.files {
                    sink.put_slice(f.path.clone(), &f.bytes);
                }
            }
            Output::ContentFiles => {
                for asset in &site.assets {
                    match std::fs::read(&asset.abs) {
                        Ok(bytes) => sink.put(asset.content_path.clone(), bytes),
                        Err(e) => diags.push(
                            Diagnostic::error(format!("cannot read this file: {e}"))
                                .in_file(PathBuf::from("content").join(&asset.content_path)),
                            None,
                        ),
                    }
                }
            }
            Output::FindIndex => {
                if let Err(d) = crate::find::index_files(site, &mut |f| sink.put_file(f)) {
                    diags.push(d, None);
                }
            }
            Output::SearchIndex => {
                for lang in [Lang::En, Lang::Cy] {
                    if let Some(words) = theme.words.get(&lang) {
                        let words = Words::new(lang, words);
                        match crate::search::index(site, m.bodies, lang, &words) {
                            Ok(file) => sink.put_file(file),
                            Err(d) => diags.push(d, None),
                        }
                    }
                }
            }
            // The outputs made from the theme's output templates: each missing one is
            // reported once, before the first of them.
            Output::Redirects => {
                m.output_templates = crate::publish::has_output_templates(theme, diags);
                if m.output_templates {
                    let only = reach.map(|r| &r.prisons);
                    m.redirects =
                        crate::publish::redirects(site, theme, m.paths(), only, diags, sink);
                }
            }
            Output::Sitemaps if m.output_templates => {
                // Borrowed, not copied: at 100,000 prisons the paths are 800,000 strings.
                m.paths();
                let paths = m.paths.as_deref().unwrap_or_default();
                crate::publish::sitemaps(site, theme, paths, &m.redirects, diags, sink);
            }
            Output::Robots => crate::publish::robots(site, sink),
            Output::SiteFeeds if m.output_templates => {
                crate::publish::site_feeds(site, theme, diags, sink)
            }
            Output::PrisonFiles if m.output_templates => {
                let only = reach.map(|r| &r.prisons);
                crate::publish::prison_files(site, theme, only, diags, sink)
            }
            Output::Sitemaps | Output::SiteFeeds | Output::PrisonFiles => {}
            Output::OpenData => crate::publish::open_data(site, diags, sink),
            Output::Headers => sink.put_file(crate::headers::file(&sink.sorted_paths())),
        }
        Vec::new()
    }

    /// The addresses of this output that a Markdown link may point to. The content pages'
    /// own addresses are known to the link check from their files; what is listed here is
    /// what the build makes besides.
    pub fn addresses(self, site: &Site, theme: &Theme) -> Vec<String> {
        let prisons = site.prisons();
        let both = |url: String| [format!("/cy{url}"), url];
        match self {
            Output::ContentPages => prisons
                .iter()
                .flat_map(|(p, _)| both(format!("{}checklist/", p.url)))
                .collect(),
            Output::Lists => {
                let mut urls: Vec<String> = [crate::kinds::prison::LIST_URL, "/search/"]
                    .into_iter()
                    .chain(crate::kinds::list_urls())
                    .map(str::to_string)
                    .collect();
                urls.extend(
                    Region::ALL
                        .iter()
                        .map(|r| format!("/prisons/region/{}/", r.slug())),
                );
                urls.extend(
                    EstablishmentType::ALL
                        .iter()
                        .filter(|t| prisons.iter().any(|(_, p)| p.types.contains(t)))
                        .map(|t| format!("/prisons/type/{}/", t.slug())),
                );
                urls.extend(crate::find::page_urls(site));
                let mut urls: Vec<String> = urls.into_iter().flat_map(both).collect();
                urls.push("/404.html".into());
                urls.push("/cy/404.html".into());
                urls.push(crate::status::PAGE_URL.to_string());
                urls
            }
            Output::ThemeFiles => theme
                .assets
                .files
                .iter()
                .map(|f| format!("/{}", f.path))
                .collect(),
            Output::ContentFiles => site
                .assets
                .iter()
                .map(|a| format!("/{}", a.content_path))
                .collect(),
            Output::FindIndex => {
                let mut urls = both("/search-index.json".into()).to_vec();
                urls.push("/postcode-areas.json".into());
                urls
            }
            Output::SearchIndex => both("/search-pages.json".into()).into(),
            Output::Redirects => {
                let mut urls = vec!["/_redirects".to_string()];
                for page in &site.pages {
                    if let Meta::Prison(prison) = &page.meta {
                        urls.extend(prison.aliases.iter().map(|a| a.trim().to_string()));
                    }
                }
                urls
            }
            Output::Sitemaps => vec!["/sitemap.xml".into()],
            Output::Robots => vec!["/robots.txt".into()],
            Output::SiteFeeds => both("/updates.xml".into()).into(),
            Output::PrisonFiles => prisons
                .iter()
                .flat_map(|(p, prison)| {
                    let mut urls = both(format!("{}updates.xml", p.url)).to_vec();
                    if crate::publish::has_calendar(prison) {
                        urls.extend(both(format!("{}visiting.ics", p.url)));
                    }
                    urls
                })
                .collect(),
            Output::OpenData => vec!["/prisons.json".into(), "/prisons.csv".into()],
            Output::Headers => vec!["/_headers".into()],
        }
    }
}

/// Every address the build makes besides the content pages' own, for the link check.
pub fn addresses(site: &Site, theme: &Theme) -> HashSet<String> {
    Output::ALL
        .iter()
        .flat_map(|o| o.addresses(site, theme))
        .collect()
}

/// What an edit in `serve` reaches, found by comparing the page before and after it.
#[derive(Debug, Default)]
pub struct Reach {
    /// The content pages to render again (indexes into `site.pages`).
    pub pages: HashSet<usize>,
    /// What other pages show of a page changed: a title, or a prison's name or town.
    pub listing: bool,
    /// The words of a page the site search indexes changed.
    pub words: bool,
    /// The lists to render again, by English address.
    pub lists: HashSet<String>,
    /// A page's `last_reviewed` changed (the sitemap's dates).
    pub dates: bool,
    /// The prisons whose own feeds and calendars change (indexes into `site.pages`).
    pub prisons: HashSet<usize>,
}

impl Reach {
    /// Takes out of this reach all but the content pages: `serve` makes those first, the
    /// ones an editor has open, tells the browser to reload, then makes the rest (lists,
    /// the editors' report, indexes, feeds, data files).
    pub fn split_late(&mut self) -> Reach {
        let pages = std::mem::take(&mut self.pages);
        let late = std::mem::take(self);
        self.pages = pages;
        late
    }

    /// The files the outputs this reach reaches may write besides the content pages (more
    /// rather than fewer), so that `serve` can hold a request for one until it is made.
    pub fn files(&self, site: &Site, theme: &Theme) -> HashSet<String> {
        let both = |url: String| [format!("/cy{url}"), url];
        let mut urls: HashSet<String> = HashSet::new();
        for output in Output::ALL {
            if output == Output::ContentPages || !output.reached_by(self) {
                continue;
            }
            match output {
                Output::Lists => urls.extend(self.lists.iter().cloned().flat_map(both)),
                Output::PrisonFiles => {
                    for &i in &self.prisons {
                        let url = &site.pages[i].url;
                        urls.extend(both(format!("{url}updates.xml")));
                        urls.extend(both(format!("{url}visiting.ics")));
                    }
                }
                Output::Sitemaps => {
                    // The numbered files of a site too large for one (50,000 addresses).
                    let files = site.pages.len() * 3 / crate::sitemap::MAX_URLS + 2;
                    urls.extend((1..=files).map(|n| format!("/sitemap-{n}.xml")));
                    urls.extend(output.addresses(site, theme));
                }
                _ => urls.extend(output.addresses(site, theme)),
            }
        }
        files_of(&urls).into_iter().collect()
    }

    /// Adds what `other` reaches.
    pub fn merge(&mut self, other: Reach) {
        self.pages.extend(other.pages);
        self.listing |= other.listing;
        self.words |= other.words;
        self.lists.extend(other.lists);
        self.dates |= other.dates;
        self.prisons.extend(other.prisons);
    }

    /// Whether it reaches nothing.
    pub fn is_empty(&self) -> bool {
        Output::ALL.iter().all(|o| !o.reached_by(self))
    }
}

/// What the outputs are made from, and what one leaves for those after it.
pub(crate) struct Making<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub bodies: &'a mut [Body],
    pub markdown: &'a Markdown,
    /// The build's check of the bodies, made as the content pages are (and what it
    /// leaves); `None` after an edit in `serve`, whose bodies were checked before.
    pub checking: Option<Checking>,
    pub diags: &'a Diagnostics,
    pub sink: &'a Sink,
    /// The files made so far, sorted; kept from the build for an edit in `serve`.
    pub paths: Option<Vec<String>>,
    /// The redirect pages, which the sitemap leaves out.
    pub redirects: HashSet<String>,
    /// Whether the theme has the output templates.
    pub output_templates: bool,
    /// The paths of the lists made, sorted: an edit that adds or removes one (a
    /// find-a-prison letter no prison had before) is built in full.
    pub lists: Vec<String>,
}

impl Making<'_> {
    fn paths(&mut self) -> &[String] {
        self.paths.get_or_insert_with(|| self.sink.sorted_paths())
    }
}

/// The addresses in `addresses` as paths of files in the output.
pub fn files_of(addresses: &HashSet<String>) -> BTreeSet<String> {
    addresses
        .iter()
        .map(|url| {
            let path = url.trim_start_matches('/');
            if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            }
        })
        .collect()
}

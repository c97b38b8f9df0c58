//! The whole build, stage by stage: load → validate → Markdown → views → templates →
//! output files. `build` writes them; `check` stops before writing.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::{Kind, Lang};
use crate::glossary::{GlossaryLinker, Term};
use crate::links::{LinkIndex, PageLinks};
use crate::markdown::{self, Heading, LinkResolver, Resolved};
use crate::model::prison::{EstablishmentType, Region, is_active};
use crate::model::{PrisonPageKind, fields::Date};
use crate::output::{OutputFile, Sink};
use crate::site::{self, Meta, Page, Site};
use crate::templates::{self, Theme};
use crate::views::{Group, Link, PageView, PrisonView};
use crate::words::Words;

pub struct Options {
    pub root: PathBuf,
    pub today: Date,
    /// `check --strict`: also report pages families read that have no Welsh text yet
    /// (their Welsh pages show the English), so a strict run fails until each has one.
    pub strict: bool,
}

pub struct Built {
    /// The files, sorted by path, when the build was made into [`Sink::memory`] (as by
    /// [`run`]); empty when they were streamed elsewhere.
    pub files: Vec<OutputFile>,
    /// The path of every file, sorted.
    pub paths: Vec<String>,
    pub pages: usize,
    /// Time spent per template, for `--verbose`.
    pub template_times: BTreeMap<String, Duration>,
    /// Reading grade of each guide and prison page (file shown to editors, grade).
    pub reading: Vec<(String, f64)>,
    /// Time spent in each stage, for `--verbose`.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Times the stages of a build as they finish.
struct Stages {
    last: Instant,
    done: Vec<(&'static str, Duration)>,
}

impl Default for Stages {
    fn default() -> Self {
        Stages {
            last: Instant::now(),
            done: Vec::new(),
        }
    }
}

impl Stages {
    fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.done.push((stage, now - self.last));
        self.last = now;
    }
}

/// What a build made, kept by `serve` so that one edited page can be rebuilt alone.
pub struct State {
    pub site: Site,
    pub theme: Theme,
    pub bodies: Vec<Body>,
    links: LinkIndex,
    glossary: GlossaryLinker,
}

/// Runs every stage; the files are returned only when there were no errors.
pub fn run(options: &Options, diags: &Diagnostics) -> Option<Built> {
    run_keeping(options, diags).map(|(built, _)| built)
}

/// Like [`run`], and also returns what [`update`] needs to rebuild one page later.
pub fn run_keeping(options: &Options, diags: &Diagnostics) -> Option<(Built, State)> {
    let sink = Sink::memory();
    let (mut built, state) = run_into(options, diags, &sink)?;
    built.files = sink.take_files();
    Some((built, state))
}

/// Runs every stage, putting each file into `sink` as soon as it is made, so that only
/// the paths and what later stages need are held until the end. The result is `None`
/// when there were errors; the sink may then hold some files, which the caller discards.
pub fn run_into(options: &Options, diags: &Diagnostics, sink: &Sink) -> Option<(Built, State)> {
    let mut stages = Stages::default();
    let site = site::load(&options.root, options.today, diags)?;
    stages.mark("load and type the content");
    crate::validate::check(&site, diags);
    stages.mark("validate");
    let mut theme = templates::load(&options.root, &site.config.theme, diags)?;
    stages.mark("load the theme");
    let (bodies, links, glossary) = render_markdown(&site, &theme, diags);
    stages.mark("render Markdown");
    let reading = check_reading(&site, &bodies, diags, None);
    if options.strict {
        check_welsh(&site, diags);
    }
    stages.mark("reading check");
    theme.set_globals("site", &site_globals(&site, &theme));
    let outputs = render_pages(&site, &theme, &bodies, diags, None, sink);
    stages.mark("render and write templates");
    if diags.has_errors() {
        return None;
    }
    let mut template_times = BTreeMap::new();
    for (template, t) in &outputs {
        *template_times
            .entry(template.clone())
            .or_insert(Duration::ZERO) += *t;
    }
    let pages = outputs.len();
    drop(outputs);
    for file in extra_files(&site, &theme, diags) {
        sink.put_file(file);
    }
    for lang in [Lang::En, Lang::Cy] {
        if let Some(words) = theme.words.get(&lang) {
            let words = Words::new(lang, words);
            sink.put_file(crate::search::index(&site, &bodies, lang, &words));
        }
    }
    for file in crate::publish::files(&site, &sink.sorted_paths(), diags) {
        sink.put_file(file);
    }
    sink.put_file(crate::headers::file(&sink.sorted_paths()));
    let paths = sink.sorted_paths();
    check_collisions(&site, &paths, diags);
    stages.mark("feeds, data files, search index");
    if diags.has_errors() {
        return None;
    }
    let built = Built {
        files: Vec::new(),
        paths,
        pages,
        template_times,
        reading,
        stages: stages.done,
    };
    let state = State {
        site,
        theme,
        bodies,
        links,
        glossary,
    };
    Some((built, state))
}

/// What other pages show of a prison: its entry in lists, searches and neighbours.
fn listing(p: &crate::model::Prison) -> impl PartialEq + '_ {
    (
        (&p.name, &p.name_cy, &p.other_names, p.region, &p.types),
        (p.town(), p.postcode(), p.status, &p.replaced_by, &p.aliases),
    )
}

/// What [`update`] found it could do.
pub enum Update {
    /// The files that changed (pages and the search index); nothing else did.
    Files(Vec<OutputFile>),
    /// The change reaches beyond the pages edited (front matter, headings, links, a new
    /// or deleted file): build the whole site again.
    Full,
}

/// Rebuilds only the pages whose Markdown text changed, when nothing other pages show of
/// them did: same front matter, same headings, same links. That is the common edit in
/// `serve`, and it then costs one page, not the whole site. Errors go to `diags`, and the
/// state keeps the last good version of the page.
pub fn update(state: &mut State, changed: &[PathBuf], diags: &Diagnostics) -> Update {
    let mut touched = HashSet::new();
    let mut facts_changed = Vec::new();
    for path in changed {
        let Some(i) = state.site.pages.iter().position(|p| &p.file.abs == path) else {
            return Update::Full;
        };
        let old = &state.site.pages[i];
        let page = match site::read_page(old.file.clone()) {
            Ok(page) => page,
            Err((d, text)) => {
                diags.push(d, text.as_deref());
                return Update::Files(Vec::new());
            }
        };
        let same_front_matter =
            page.text[page.split.yaml.clone()] == old.text[old.split.yaml.clone()];
        // A prison's visiting times, phones, notices or rules show only on its own pages
        // and in the data files; what other pages show of it (name, town, region...) must
        // be unchanged for that to hold.
        let prison_facts_only = match (&old.meta, &page.meta) {
            (Meta::Prison(a), Meta::Prison(b)) => listing(a) == listing(b),
            _ => false,
        };
        if !same_front_matter && !prison_facts_only {
            return Update::Full;
        }
        if !same_front_matter {
            facts_changed.push(i);
        }
        let reserved = state.theme.manifest.ids.reserved(&page.meta);
        let prepared = markdown::prepare(page.body(), &reserved);
        let same_anchors = prepared
            .headings
            .iter()
            .map(|h| &h.id)
            .eq(state.bodies[i].toc.iter().map(|h| &h.id));
        if !same_anchors {
            return Update::Full;
        }
        let body = render_body(
            &page,
            prepared,
            &state.links,
            &state.glossary,
            state.site.config.raw_html,
            diags,
        );
        if body.links != state.bodies[i].links {
            return Update::Full;
        }
        if diags.has_errors() {
            return Update::Files(Vec::new());
        }
        state.site.pages[i] = page;
        state.bodies[i] = body;
        touched.insert(i);
    }
    if !facts_changed.is_empty() {
        crate::validate::check(&state.site, diags);
        if diags.has_errors() {
            return Update::Files(Vec::new());
        }
    }
    check_reading(&state.site, &state.bodies, diags, Some(&touched));
    let sink = Sink::memory();
    render_pages(
        &state.site,
        &state.theme,
        &state.bodies,
        diags,
        Some(&touched),
        &sink,
    );
    let mut files = sink.take_files();
    for &i in &facts_changed {
        files.extend(crate::publish::after_prison_edit(
            &state.site,
            &state.site.pages[i],
        ));
    }
    if touched
        .iter()
        .any(|&i| !matches!(state.site.pages[i].meta, Meta::Prison(_)))
    {
        for lang in [Lang::En, Lang::Cy] {
            if let Some(words) = state.theme.words.get(&lang) {
                let words = Words::new(lang, words);
                files.push(crate::search::index(
                    &state.site,
                    &state.bodies,
                    lang,
                    &words,
                ));
            }
        }
    }
    Update::Files(files)
}

/// Two outputs at one path (a file in `content/` named like a page the build makes, such
/// as `content/index.html`), or a file where another needs a folder: one would silently
/// replace the other, so the build stops and names the file.
fn check_collisions(site: &Site, paths: &[String], diags: &Diagnostics) {
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

/// Pages families read whose Welsh page shows the English text (no `.cy.md` beside them):
/// one warning naming them all, for `check --strict` only (every page has a Welsh page, so
/// this is a to-do list for translators, not a fault in the site). Prison pages are left
/// out: their facts are Welsh from the theme's words.
fn check_welsh(site: &Site, diags: &Diagnostics) {
    let missing: Vec<String> = site
        .pages
        .iter()
        .filter(|p| {
            p.file.lang == Lang::En
                && matches!(p.meta, Meta::Home(_) | Meta::Guide(_) | Meta::Plain(_))
                && !p.file.content_path.starts_with("editors/")
                && site.translation_of(p).is_none()
        })
        .map(|p| p.file.shown.display().to_string())
        .collect();
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

/// Words families may not know, checked when `site.yaml` gives no list of its own.
const DEFAULT_JARGON: &[&str] = &[
    "VO",
    "IEP",
    "ROTL",
    "OMU",
    "OMiC",
    "canteen",
    "remand",
    "enhanced",
    "adjudication",
    "PIN",
    "NOMIS",
    "HMPPS",
    "OASys",
    "lead visitor",
    "legal visit",
    "social visit",
    "category A",
    "basic regime",
    "segregation",
    "MBU",
    "PSI",
    "PSO",
];

/// Reading grade, long sentences and unexplained jargon for guides and prison pages.
fn check_reading(
    site: &Site,
    bodies: &[Body],
    diags: &Diagnostics,
    only: Option<&HashSet<usize>>,
) -> Vec<(String, f64)> {
    let target = site.config.reading_grade_target;
    let jargon: Vec<String> = if site.config.jargon.is_empty() {
        DEFAULT_JARGON.iter().map(|s| s.to_string()).collect()
    } else {
        site.config.jargon.clone()
    };
    let jargon = crate::reading::Jargon::new(&jargon);
    let glossary: Vec<String> = site
        .pages
        .iter()
        .filter_map(|p| match &p.meta {
            Meta::Glossary(g) => Some(
                std::iter::once(&g.term)
                    .chain(&g.also)
                    .map(|t| t.to_lowercase())
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .flatten()
        .collect();
    let check = |(i, (page, body)): (usize, (&Page, &Body))| -> Option<(String, f64)> {
        if only.is_some_and(|only| !only.contains(&i)) {
            return None;
        }
        if page.file.lang != Lang::En || !matches!(page.meta, Meta::Guide(_) | Meta::Prison(_)) {
            return None;
        }
        let stats = crate::reading::stats(&body.text);
        let grade = stats.grade();
        if grade > target {
            let longest: Vec<String> = crate::reading::longest_sentences(&body.text, 3)
                .into_iter()
                .map(|(n, s)| format!("{n} words: \"{s}\""))
                .collect();
            let first = longest.first().map(|s| s.as_str()).unwrap_or("");
            let at = first.find('"').map(|i| &first[i + 1..]).and_then(|s| {
                s.split_whitespace()
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into()
            });
            let d = Diagnostic::warning(format!(
                "reading grade {grade:.1} is above the target of {target:.0}"
            ))
            .help(format!(
                "use shorter sentences and everyday words; the longest are: {}",
                longest.join("; ")
            ));
            let d = match at.as_deref().and_then(|a| page.text.find(a)) {
                Some(i) => d
                    .in_file(&page.file.shown)
                    .at(&page.text, i..i + 1)
                    .label("the longest sentence starts here"),
                None => d.in_file(&page.file.shown),
            };
            diags.push(d, Some(&page.text));
        }
        // Lower-cased once per page, not once per warning: with a long jargon list a page
        // can have many.
        let mut lower: Option<String> = None;
        let body_range = page.split.body.clone();
        for word in jargon.used(&body.text) {
            let w = word.to_lowercase();
            if glossary
                .iter()
                .any(|g| g == &w || g.split_whitespace().any(|part| part == w))
            {
                continue;
            }
            // Look in the body only (the word may also be in the front matter); ASCII
            // lower-casing keeps byte offsets the same.
            let body = body_range.clone();
            let lower = lower.get_or_insert_with(|| page.text[body.clone()].to_ascii_lowercase());
            let d =
                Diagnostic::warning(format!("`{word}` is prison jargon with no glossary entry"))
                    .help(format!(
                        "explain it in plain words, or add content/glossary/{}.md so it is linked",
                        crate::slug::slugify(word)
                    ));
            let d = match lower.find(&word.to_ascii_lowercase()) {
                Some(i) => d
                    .in_file(&page.file.shown)
                    .at(&page.text, body.start + i..body.start + i + word.len()),
                None => d.in_file(&page.file.shown),
            };
            diags.push(d, Some(&page.text));
        }
        Some((page.file.shown.display().to_string(), grade))
    };
    site.pages
        .par_iter()
        .zip(bodies)
        .enumerate()
        .filter_map(check)
        .collect()
}

/// A page's Markdown turned into HTML, with what it links to.
pub struct Body {
    pub html: String,
    pub toc: Vec<Heading>,
    pub text: String,
    /// Content paths of the pages it links to.
    pub links: Vec<String>,
}

/// Records the pages a page links to while resolving, for the "mentioned by" lists.
struct Recording<'a> {
    inner: PageLinks<'a>,
    index: &'a LinkIndex,
    from: &'a str,
    seen: RefCell<Vec<String>>,
}

impl LinkResolver for Recording<'_> {
    fn resolve(&self, dest: &str) -> Result<Resolved, (String, String)> {
        let r = self.inner.resolve(dest)?;
        if let Resolved::Url(_) = &r
            && let Some(target) =
                crate::links::join(self.from, dest.split('#').next().unwrap_or(""))
            && self.index.url_of(&target).is_some()
        {
            self.seen.borrow_mut().push(target);
        }
        Ok(r)
    }
}

fn render_markdown(
    site: &Site,
    theme: &Theme,
    diags: &Diagnostics,
) -> (Vec<Body>, LinkIndex, GlossaryLinker) {
    let ids = &theme.manifest.ids;
    let prepared: Vec<markdown::Prepared> = site
        .pages
        .par_iter()
        .map(|p| markdown::prepare(p.body(), &ids.reserved(&p.meta)))
        .collect();
    let anchors = prepared.iter().map(markdown::Prepared::anchors).collect();
    let index = LinkIndex::new(site, anchors, generated_urls(site), &ids.prison_sections);
    let glossary = glossary_linker(site);
    let raw_html = site.config.raw_html;
    let bodies = site
        .pages
        .par_iter()
        .zip(prepared.into_par_iter())
        .map(|(page, prepared)| render_body(page, prepared, &index, &glossary, raw_html, diags))
        .collect();
    (bodies, index, glossary)
}

fn render_body(
    page: &Page,
    prepared: markdown::Prepared<'_>,
    index: &LinkIndex,
    glossary: &GlossaryLinker,
    raw_html: crate::config::RawHtml,
    diags: &Diagnostics,
) -> Body {
    let toc = prepared.headings.clone();
    let resolver = Recording {
        inner: index.for_page(&page.file.content_path),
        index,
        from: &page.file.content_path,
        seen: RefCell::new(Vec::new()),
    };
    let linker = page.meta.glossary_links().then_some(glossary);
    let rendered = markdown::render(prepared, &resolver, raw_html, linker);
    for problem in &rendered.problems {
        diags.push(page.body_diagnostic(problem), Some(&page.text));
    }
    let mut links = resolver.seen.into_inner();
    links.sort();
    links.dedup();
    Body {
        html: rendered.html,
        toc,
        text: rendered.text,
        links,
    }
}

fn glossary_linker(site: &Site) -> GlossaryLinker {
    let terms = site
        .pages
        .iter()
        .filter(|p| p.file.lang == Lang::En)
        .filter_map(|p| match &p.meta {
            Meta::Glossary(g) => {
                let mut forms: Vec<String> =
                    std::iter::once(&g.term).chain(&g.also).cloned().collect();
                forms.sort();
                forms.dedup();
                Some(Term {
                    forms,
                    url: p.url.clone(),
                })
            }
            _ => None,
        })
        .collect();
    GlossaryLinker::new(terms)
}

/// Addresses of the pages the build makes itself (lists), which editors may link to.
fn generated_urls(site: &Site) -> HashSet<String> {
    let mut urls: HashSet<String> = [
        "/",
        "/prisons.json",
        "/prisons.csv",
        "/updates.xml",
        "/sitemap.xml",
        "/search-index.json",
        "/prisons/",
        "/guides/",
        "/policy/",
        "/evidence/",
        "/glossary/",
        "/search/",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for r in Region::ALL {
        urls.insert(format!("/prisons/region/{}/", r.slug()));
    }
    for t in EstablishmentType::ALL {
        urls.insert(format!("/prisons/type/{}/", t.slug()));
    }
    for (p, _) in site.prisons() {
        urls.insert(format!("{}checklist/", p.url));
    }
    urls
}

#[derive(serde::Serialize)]
struct SiteGlobals<'a> {
    title: &'a str,
    title_cy: Option<&'a str>,
    description: Option<&'a str>,
    base_url: &'a str,
    build_date: String,
    /// Regions and types with their counts, per language code (`site.lists[lang]`).
    lists: BTreeMap<&'static str, Browse>,
    prison_count: usize,
    /// Whether there is a Welsh home page to link Welsh pages to.
    welsh_home: bool,
}

#[derive(serde::Serialize)]
struct Browse {
    regions: Vec<Link>,
    types: Vec<Link>,
}

fn site_globals<'s>(site: &'s Site, theme: &Theme) -> SiteGlobals<'s> {
    let prisons = site.prisons();
    let mut lists = BTreeMap::new();
    for lang in [Lang::En, Lang::Cy] {
        let Some(map) = theme.words.get(&lang) else {
            continue;
        };
        let words = Words::new(lang, map);
        let p = lang.prefix();
        let regions = Region::ALL
            .iter()
            .map(|r| {
                let n = prisons.iter().filter(|(_, p)| p.region == *r).count();
                Link::new(
                    words.region(*r),
                    format!("{p}/prisons/region/{}/", r.slug()),
                )
                .with_note(Some(n.to_string()))
            })
            .collect();
        let types = EstablishmentType::ALL
            .iter()
            .filter_map(|t| {
                let n = prisons.iter().filter(|(_, p)| p.types.contains(t)).count();
                (n > 0).then(|| {
                    Link::new(
                        words.establishment_type(*t),
                        format!("{p}/prisons/type/{}/", t.slug()),
                    )
                    .with_note(Some(n.to_string()))
                })
            })
            .collect();
        lists.insert(lang.code(), Browse { regions, types });
    }
    SiteGlobals {
        title: &site.config.title,
        title_cy: site.config.title_cy.as_deref(),
        description: site.config.description.as_deref(),
        base_url: site.config.base(),
        build_date: site.today.to_string(),
        lists,
        prison_count: prisons.iter().filter(|(_, p)| p.status.is_listed()).count(),
        welsh_home: site.page("index.cy.md").is_some(),
    }
}

/// The template a page was made with and how long it took.
type Rendered = (String, Duration);

struct Job<'a> {
    template: String,
    path: String,
    lang: Lang,
    view: PageView<'a>,
    /// The content file, for error messages.
    from: String,
}

/// Renders every page and list, or with `only`, just those pages (an edit in `serve`),
/// putting each into `sink` on the thread that rendered it.
fn render_pages(
    site: &Site,
    theme: &Theme,
    bodies: &[Body],
    diags: &Diagnostics,
    only: Option<&HashSet<usize>>,
    sink: &Sink,
) -> Vec<Rendered> {
    let ctx = Ctx::new(site, theme, bodies);
    let render = |job: Job| {
        let started = Instant::now();
        match theme.render(&job.template, &job.view, job.lang, &job.from) {
            Ok(html) => {
                // The view borrows from the site; dropping it before the write keeps at
                // most one page's worth of it per thread.
                drop(job.view);
                let took = started.elapsed();
                sink.put(job.path, html.into_bytes());
                Some((job.template, took))
            }
            Err(d) => {
                theme.report(d, diags);
                None
            }
        }
    };
    // Views are made inside the parallel loop too: at ten thousand pages making them one
    // after another costs as much as rendering them.
    let mut rendered: Vec<Rendered> = site
        .pages
        .par_iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|only| only.contains(i)))
        .flat_map_iter(|(i, page)| {
            let mut jobs = ctx.page_jobs(i, page, page.file.lang);
            if ctx.needs_welsh_twin(page) {
                jobs.extend(ctx.page_jobs(i, page, Lang::Cy));
            }
            jobs
        })
        .filter_map(render)
        .collect();
    if only.is_none() {
        rendered.extend(
            [Lang::En, Lang::Cy]
                .into_iter()
                .flat_map(|lang| ctx.list_jobs(lang))
                .collect::<Vec<_>>()
                .into_par_iter()
                .filter_map(render)
                .collect::<Vec<_>>(),
        );
    }
    rendered
}

/// How many other prisons of its region a prison page lists.
const MAX_NEIGHBOURS: usize = 12;

/// Lookups shared by all the views.
struct Ctx<'a> {
    site: &'a Site,
    theme: &'a Theme,
    bodies: &'a [Body],
    /// content path → pages (indexes) that link to it
    backlinks: HashMap<&'a str, Vec<usize>>,
    /// prison slug → its own pages (notices, family days, longer guides)
    own_pages: HashMap<&'a str, Vec<&'a Page>>,
    /// prison slug → evidence items that name it in `prisons:`
    evidence_for: HashMap<&'a str, Vec<&'a Page>>,
    /// The open prisons of each region, in A–Z order.
    by_region: HashMap<Region, Vec<(&'a Page, &'a crate::model::Prison)>>,
    /// The shared "how visits work" guide, ready to place in every prison page.
    shared_guidance: String,
    /// English addresses of the pages with a Welsh text of their own (`.cy.md`).
    welsh_texts: HashSet<String>,
}

impl<'a> Ctx<'a> {
    fn new(site: &'a Site, theme: &'a Theme, bodies: &'a [Body]) -> Self {
        let mut backlinks: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, body) in bodies.iter().enumerate() {
            for target in &body.links {
                backlinks.entry(target.as_str()).or_default().push(i);
            }
        }
        let mut own_pages: HashMap<&str, Vec<&Page>> = HashMap::new();
        let mut evidence_for: HashMap<&str, Vec<&Page>> = HashMap::new();
        for p in &site.pages {
            match (&p.file.kind, &p.meta) {
                (Kind::PrisonPage { prison, .. }, _) => {
                    own_pages.entry(prison).or_default().push(p)
                }
                (_, Meta::Evidence(e)) => {
                    for slug in &e.prisons {
                        evidence_for.entry(slug).or_default().push(p);
                    }
                }
                _ => {}
            }
        }
        let mut by_region: HashMap<Region, Vec<_>> = HashMap::new();
        for (p, prison) in site.prisons() {
            if prison.status.is_listed() {
                by_region
                    .entry(prison.region)
                    .or_default()
                    .push((p, prison));
            }
        }
        // A summary and a link: the whole guide on 127 pages would bury each prison's own
        // facts and make every page long on a phone.
        let shared_guidance = site
            .by_path
            .get("guides/how-visits-work.md")
            .and_then(|&i| site.pages[i].meta.summary())
            .map_or_else(String::new, str::to_string);
        let welsh_texts = site
            .pages
            .iter()
            .filter(|p| p.file.lang == Lang::En && site.translation_of(p).is_some())
            .map(|p| p.url.clone())
            .collect();
        Ctx {
            site,
            theme,
            bodies,
            backlinks,
            own_pages,
            evidence_for,
            by_region,
            shared_guidance,
            welsh_texts,
        }
    }

    fn words(&self, lang: Lang) -> Words<'a> {
        static EMPTY: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
        let map = self
            .theme
            .words
            .get(&lang)
            .unwrap_or_else(|| EMPTY.get_or_init(BTreeMap::new));
        Words::new(lang, map)
    }

    /// An English page with no `.cy.md` text gets a Welsh twin at `/cy/...`, so the Welsh
    /// site has every page; its editor-written text stays in English, marked as such.
    fn needs_welsh_twin(&self, page: &Page) -> bool {
        page.file.lang == Lang::En
            && page.output_path().is_some()
            && self.site.translation_of(page).is_none()
    }

    /// A site address as seen from a page in `lang`: Welsh pages link to Welsh pages.
    fn url(&self, lang: Lang, url: &str) -> String {
        match lang {
            Lang::Cy if !url.starts_with("/cy/") => format!("/cy{url}"),
            _ => url.to_string(),
        }
    }

    /// Free text from a fixed set the theme may translate (who a prison holds, its
    /// category); text the theme has no words for stays as written, marked English.
    fn phrase(&self, lang: Lang, group: &str, text: &str) -> Link {
        let translated = match lang {
            Lang::En => None,
            Lang::Cy => self
                .theme
                .words
                .get(&lang)
                .and_then(|w| w.get(&format!("{group}:{text}"))),
        };
        match (lang, translated) {
            (Lang::En, _) => Link::new(text, ""),
            (_, Some(t)) => Link::new(t.as_str(), ""),
            (_, None) => Link::new(text, "").in_lang(Some("en")),
        }
    }

    /// What Welsh lists say beside a prison: closed, who it holds (where the theme has the
    /// Welsh), its town in Welsh where there is one.
    fn details_cy(&self, prison: &crate::model::Prison) -> Option<String> {
        let words = self.words(Lang::Cy);
        let mut parts = Vec::new();
        if !prison.status.is_listed() {
            parts.push(words.get("closed").to_string());
        }
        if let Some(h) = prison.holds.as_deref() {
            let held = self.phrase(Lang::Cy, "holds", h);
            if held.lang.is_none() {
                parts.push(held.title);
            }
        }
        let town = prison
            .address
            .as_ref()
            .and_then(|a| a.town_cy.as_deref())
            .or(prison.town());
        parts.extend(town.map(str::to_string));
        (!parts.is_empty()).then(|| parts.join(" – "))
    }

    fn word(&self, lang: Lang, key: &str, fallback: &str) -> String {
        self.theme
            .words
            .get(&lang)
            .and_then(|w| w.get(key))
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    }

    fn canonical(&self, url: &str) -> String {
        format!("{}{url}", self.site.config.base())
    }

    /// A link to `page` from a page in `lang`: to its text in that language where there is
    /// one, else to its twin, with the title marked as English.
    fn link_to(&self, lang: Lang, page: &Page) -> Link {
        let shown = if page.file.lang == lang {
            page
        } else {
            self.site
                .translation_of(page)
                .filter(|t| t.file.lang == lang)
                .unwrap_or(page)
        };
        // A prison is named in the reader's language (its facts are, whatever its body is).
        let (title, text_lang) = match &shown.meta {
            Meta::Prison(p) => (p.name_in(lang), None),
            _ => (
                shown.meta.title(),
                (shown.file.lang != lang).then_some(shown.file.lang.code()),
            ),
        };
        Link::new(title, self.url(lang, &shown.url))
            .with_note(shown.meta.summary().map(str::to_string))
            .in_lang(text_lang)
    }

    fn base_view(&self, i: usize, page: &'a Page, lang: Lang) -> PageView<'a> {
        let body = &self.bodies[i];
        let twin = lang != page.file.lang;
        let url = self.url(lang, &page.url);
        // A glossary entry's sources are listed on the glossary page, beside the entry.
        let sources: &'a [crate::model::Source] = match &page.meta {
            Meta::Glossary(_) => &[],
            meta => meta.sources(),
        };
        let crumb = |key: &str, fallback: &str, url: &str| {
            Link::new(self.word(lang, key, fallback), self.url(lang, url))
        };
        let mut crumbs = vec![crumb("home", "Home", "/")];
        match &page.file.kind {
            Kind::Prison { .. } => crumbs.push(crumb("prisons", "Prisons", "/prisons/")),
            Kind::PrisonPage { prison, .. } => {
                crumbs.push(crumb("prisons", "Prisons", "/prisons/"));
                if let Some(p) = self.site.page(&format!("prisons/{prison}/index.md")) {
                    crumbs.push(self.link_to(lang, p).with_note(None));
                }
            }
            Kind::Guide { .. } => crumbs.push(crumb("guides", "Guides", "/guides/")),
            Kind::Policy { .. } => crumbs.push(crumb("policy", "Policy", "/policy/")),
            Kind::Evidence { .. } => crumbs.push(crumb("evidence", "Evidence", "/evidence/")),
            _ => {}
        }
        if matches!(page.file.kind, Kind::Home) {
            crumbs.clear();
        }
        let content = if twin {
            std::borrow::Cow::Owned(untranslated(
                &self.word(lang, "not_translated", ""),
                &body.html,
                &self.welsh_texts,
            ))
        } else if lang == Lang::Cy {
            // A Welsh text's links to site pages go to their Welsh pages, which all exist.
            std::borrow::Cow::Owned(welsh_links(&body.html, &self.welsh_texts))
        } else {
            std::borrow::Cow::Borrowed(body.html.as_str())
        };
        // The language switch: a `.cy.md` text, else the Welsh twin, else (on a twin) the
        // English page it was made from.
        let translation = match (twin, self.site.translation_of(page)) {
            (true, _) => {
                Some(Link::new(page.meta.title(), page.url.clone()).with_note(Some("en".into())))
            }
            (false, Some(t)) => Some(
                Link::new(t.meta.title(), t.url.clone())
                    .with_note(Some(t.file.lang.code().to_string())),
            ),
            (false, None) if self.needs_welsh_twin(page) => Some(
                Link::new(page.meta.title(), self.url(Lang::Cy, &page.url))
                    .with_note(Some("cy".into())),
            ),
            (false, None) => None,
        };
        let words = self.words(lang);
        PageView {
            kind: kind_name(&page.meta),
            canonical: self.canonical(&url),
            url,
            title: page.meta.title().to_string(),
            summary: page.meta.summary().map(str::to_string),
            lang: lang.code(),
            text_lang: twin.then_some("en"),
            translation_pending: matches!(
                &page.meta,
                Meta::Guide(g) if g.translation_review == Some(crate::model::TranslationReview::Pending)
            ),
            content,
            has_code: body.html.contains("<pre class=\"code\""),
            toc: body.toc.iter().filter(|h| h.level == 2).collect(),
            last_reviewed: page.meta.last_reviewed().map(|d| words.date(d)),
            last_reviewed_iso: page.meta.last_reviewed().map(|d| d.to_string()),
            sources,
            translation,
            breadcrumbs: crumbs,
            jsonld: crate::publish::json_ld(self.site, page),
            feed: matches!(page.meta, Meta::Prison(_)).then(|| format!("{}updates.xml", page.url)),
            calendar: matches!(&page.meta, Meta::Prison(p) if crate::publish::has_calendar(p))
                .then(|| format!("{}visiting.ics", page.url)),
            ..PageView::default()
        }
    }

    fn page_jobs(&self, i: usize, page: &'a Page, lang: Lang) -> Vec<Job<'a>> {
        let Some(path) = page.output_path() else {
            return Vec::new();
        };
        let path = if lang == page.file.lang {
            path
        } else {
            format!("{}/{path}", lang.code())
        };
        let from = page.file.shown.display().to_string();
        let mut view = self.base_view(i, page, lang);
        let template = match &page.meta {
            Meta::Home(_) => "home.html".to_string(),
            Meta::Plain(p) => p
                .template
                .clone()
                .unwrap_or_else(|| "page.html".to_string()),
            Meta::Guide(_) => "guide.html".to_string(),
            Meta::Policy(_) => {
                view.related = self.evidence_linking(lang, |e| {
                    e.policy
                        .iter()
                        .any(|s| page.file.content_path == format!("policy/{s}.md"))
                });
                "policy.html".to_string()
            }
            Meta::Evidence(e) => {
                view.evidence = Some(e);
                let mut related: Vec<Link> = e
                    .policy
                    .iter()
                    .map(|s| format!("policy/{s}.md"))
                    .chain(e.guides.iter().map(|s| format!("guides/{s}.md")))
                    .chain(e.prisons.iter().map(|s| format!("prisons/{s}/index.md")))
                    .filter_map(|p| self.site.page(&p))
                    .map(|p| self.link_to(lang, p))
                    .collect();
                related.dedup();
                view.related = related;
                "evidence.html".to_string()
            }
            Meta::PrisonPage(_) => "prison_page.html".to_string(),
            Meta::Prison(_) => {
                let mut jobs = Vec::new();
                let mut checklist = self.base_view(i, page, lang);
                checklist.kind = "checklist";
                checklist.url = format!("{}checklist/", checklist.url);
                checklist.canonical = self.canonical(&checklist.url);
                checklist.translation = checklist.translation.map(|mut t| {
                    t.url = format!("{}checklist/", t.url);
                    t
                });
                checklist
                    .breadcrumbs
                    .push(self.link_to(lang, page).with_note(None));
                // The checklist prints only the prison's own facts.
                checklist.content = std::borrow::Cow::Borrowed("");
                checklist.toc.clear();
                checklist.jsonld = None;
                checklist.prison = self.prison_view(page, lang).map(|mut v| {
                    v.shared_guidance.clear();
                    v.neighbours.clear();
                    v.evidence.clear();
                    v.policy.clear();
                    v.mentioned_by.clear();
                    v.pages.clear();
                    v
                });
                jobs.push(Job {
                    template: "checklist.html".to_string(),
                    path: format!("{}index.html", checklist.url.trim_start_matches('/')),
                    lang,
                    view: checklist,
                    from: from.clone(),
                });
                view.prison = self.prison_view(page, lang);
                jobs.push(Job {
                    template: "prison.html".to_string(),
                    path,
                    lang,
                    view,
                    from,
                });
                return jobs;
            }
            Meta::Glossary(_) => return Vec::new(),
        };
        vec![Job {
            template,
            path,
            lang,
            view,
            from,
        }]
    }

    fn evidence_linking(
        &self,
        lang: Lang,
        pred: impl Fn(&crate::model::Evidence) -> bool,
    ) -> Vec<Link> {
        self.site
            .pages
            .iter()
            .filter(|p| matches!(&p.meta, Meta::Evidence(e) if pred(e)))
            .map(|p| self.link_to(lang, p))
            .collect()
    }

    fn prison_view(&self, page: &'a Page, lang: Lang) -> Option<PrisonView<'a>> {
        let words = self.words(lang);
        let Meta::Prison(prison) = &page.meta else {
            return None;
        };
        let Kind::Prison { slug } = &page.file.kind else {
            return None;
        };
        let today = self.site.today;
        let own_prefix = format!("prisons/{slug}/");
        let mut pages = Vec::new();
        let mut page_notices = Vec::new();
        for p in self.own_pages.get(slug.as_str()).into_iter().flatten() {
            if let Meta::PrisonPage(pp) = &p.meta {
                if p.file.lang != Lang::En || !pp.shows_on(today) {
                    continue;
                }
                let link = self.link_to(lang, p);
                if pp.kind == PrisonPageKind::Page {
                    pages.push(link);
                } else {
                    page_notices.push(link.clone());
                    pages.push(link);
                }
            }
        }
        let mentioned: Vec<&Page> = self
            .backlinks
            .get(page.file.content_path.as_str())
            .map(|v| v.iter().map(|&i| &self.site.pages[i]).collect())
            .unwrap_or_default();
        let mut evidence: Vec<Link> = self
            .evidence_for
            .get(slug.as_str())
            .into_iter()
            .flatten()
            .copied()
            .chain(
                mentioned
                    .iter()
                    .copied()
                    .filter(|p| matches!(p.meta, Meta::Evidence(_))),
            )
            .map(|p| self.link_to(lang, p))
            .collect();
        evidence.sort();
        evidence.dedup();
        let policy = mentioned
            .iter()
            .filter(|p| matches!(p.meta, Meta::Policy(_)))
            .map(|p| self.link_to(lang, p))
            .collect();
        let mentioned_by = mentioned
            .iter()
            .filter(|p| {
                !matches!(p.meta, Meta::Policy(_) | Meta::Evidence(_))
                    && !p.file.content_path.starts_with(&own_prefix)
            })
            .map(|p| self.link_to(lang, p))
            .collect();
        // At most a dozen, the ones beside this prison in the A–Z: a real region has about
        // twenty prisons, and the region's own list has them all.
        let region = self
            .by_region
            .get(&prison.region)
            .map_or(&[][..], Vec::as_slice);
        let here = region
            .iter()
            .position(|(p, _)| p.url == page.url)
            .unwrap_or(0);
        let from = here
            .saturating_sub(MAX_NEIGHBOURS / 2)
            .min(region.len().saturating_sub(MAX_NEIGHBOURS + 1));
        let neighbours = region
            .iter()
            .skip(from)
            .filter(|(p, _)| p.url != page.url)
            .take(MAX_NEIGHBOURS)
            .map(|(p, other)| {
                Link::new(other.name_in(lang), self.url(lang, &p.url))
                    .with_note(other.town().map(str::to_string))
            })
            .collect();
        let replaced_by = prison.replaced_by.as_ref().and_then(|s| {
            self.site
                .page(&format!("prisons/{s}/index.md"))
                .map(|p| self.link_to(lang, p))
        });
        let shared = self.site.by_path.get("guides/how-visits-work.md").copied();
        Some(PrisonView {
            slug,
            data: prison,
            region: words.region(prison.region).to_string(),
            region_url: self.url(lang, &format!("/prisons/region/{}/", prison.region.slug())),
            holds: prison
                .holds
                .as_deref()
                .map(|h| self.phrase(lang, "holds", h)),
            category: prison
                .category
                .as_deref()
                .map(|c| self.phrase(lang, "category", c)),
            name: prison.name_in(lang).to_string(),
            types: prison
                .types
                .iter()
                .map(|t| {
                    Link::new(
                        t.code(),
                        self.url(lang, &format!("/prisons/type/{}/", t.slug())),
                    )
                    .with_note(Some(words.establishment_type(*t).to_string()))
                })
                .collect(),
            facts: crate::prison_facts::view(
                prison,
                today,
                self.site.config.facts_stale_after_months,
                &words,
            ),
            notices: prison
                .notices
                .iter()
                .filter(|n| is_active(n.starts, n.ends, today))
                .collect(),
            page_notices,
            pages,
            evidence,
            policy,
            mentioned_by,
            neighbours,
            replaced_by,
            status: match prison.status {
                crate::model::prison::Status::Open => "open",
                crate::model::prison::Status::Closed => "closed",
                crate::model::prison::Status::TemporarilyClosed => "temporarily_closed",
                crate::model::prison::Status::ReRoled => "re_roled",
            },
            closed_on: prison.closed_on.map(|d| words.date(d)),
            checklist_url: self.url(lang, &format!("{}checklist/", page.url)),
            guide_url: self.url(lang, &page.url),
            shared_guidance: self.shared_guidance.clone(),
            shared_guidance_url: shared.map(|i| self.link_to(lang, &self.site.pages[i]).url),
            id_guide_url: self
                .site
                .page("guides/what-id-to-bring.md")
                .map(|p| self.link_to(lang, p).url),
            postcode_area: prison.postcode().map(|p| p.outward()),
        })
    }

    /// A page the build makes (a list), in `lang`, at the English address `url`.
    fn list_view(&self, lang: Lang, kind: &'static str, url: &str, title: String) -> PageView<'a> {
        let other = match lang {
            Lang::En => Lang::Cy,
            Lang::Cy => Lang::En,
        };
        PageView {
            kind,
            canonical: self.canonical(&self.url(lang, url)),
            url: self.url(lang, url),
            title,
            lang: lang.code(),
            translation: Some(
                Link::new("", self.url(other, url)).with_note(Some(other.code().to_string())),
            ),
            breadcrumbs: vec![Link::new(
                self.word(lang, "home", "Home"),
                self.url(lang, "/"),
            )],
            ..PageView::default()
        }
    }

    fn list_jobs(&self, lang: Lang) -> Vec<Job<'a>> {
        let mut jobs = Vec::new();
        let words = self.words(lang);
        let prisons = self.site.prisons();
        // Who it holds and the town tell apart prisons with one name (the two Felthams).
        let prison_link = |p: &Page, prison: &crate::model::Prison| {
            let note = match lang {
                Lang::En => crate::find::details(self.site, prison),
                Lang::Cy => self.details_cy(prison),
            };
            Link::new(prison.name_in(lang), self.url(lang, &p.url)).with_note(note)
        };
        let job = |template: &str, view: PageView<'a>| Job {
            template: template.to_string(),
            path: format!("{}index.html", view.url.trim_start_matches('/')),
            lang,
            from: format!("the list at {}", view.url),
            view,
        };
        // A–Z
        let mut letters: BTreeMap<String, Vec<Link>> = BTreeMap::new();
        for (p, prison) in &prisons {
            let letter = prison
                .sort_name()
                .chars()
                .next()
                .map_or("#".to_string(), |c| c.to_uppercase().to_string());
            letters
                .entry(letter)
                .or_default()
                .push(prison_link(p, prison));
        }
        let mut az = self.list_view(
            lang,
            "prisons",
            "/prisons/",
            self.word(lang, "prisons_title", "Find a prison"),
        );
        az.groups = letters
            .into_iter()
            .map(|(title, items)| Group {
                id: format!("letter-{}", title.to_lowercase()),
                title,
                items,
            })
            .collect();
        az.items = prisons
            .iter()
            .map(|(p, prison)| prison_link(p, prison))
            .collect();
        jobs.push(job("prison_list.html", az));
        let prisons_crumb = Link::new(
            self.word(lang, "prisons", "Prisons"),
            self.url(lang, "/prisons/"),
        );
        for region in Region::ALL {
            let items: Vec<Link> = prisons
                .iter()
                .filter(|(_, p)| p.region == region)
                .map(|(p, prison)| prison_link(p, prison))
                .collect();
            let mut v = self.list_view(
                lang,
                "region",
                &format!("/prisons/region/{}/", region.slug()),
                words.fill("prisons_in", &[("region", words.region(region))]),
            );
            v.breadcrumbs.push(prisons_crumb.clone());
            v.items = items;
            jobs.push(job("prison_list.html", v));
        }
        for t in EstablishmentType::ALL {
            let items: Vec<Link> = prisons
                .iter()
                .filter(|(_, p)| p.types.contains(&t))
                .map(|(p, prison)| prison_link(p, prison))
                .collect();
            if items.is_empty() {
                continue;
            }
            let mut v = self.list_view(
                lang,
                "type",
                &format!("/prisons/type/{}/", t.slug()),
                words.establishment_type(t).to_string(),
            );
            v.breadcrumbs.push(prisons_crumb.clone());
            v.items = items;
            jobs.push(job("prison_list.html", v));
        }
        // Guides, policy, evidence, glossary.
        let en = |m: fn(&Meta) -> Option<i64>| {
            let mut list: Vec<(Option<i64>, &Page)> = self
                .site
                .pages
                .iter()
                .filter(|p| p.file.lang == Lang::En)
                .filter_map(|p| Some((m(&p.meta)?, p)))
                .map(|(o, p)| (Some(o), p))
                .collect();
            list.sort_by(|a, b| (a.0, a.1.meta.title()).cmp(&(b.0, b.1.meta.title())));
            list.into_iter()
                .map(|(_, p)| self.link_to(lang, p))
                .collect::<Vec<_>>()
        };
        let mut guides = self.list_view(
            lang,
            "guides",
            "/guides/",
            self.word(lang, "guides_title", "Guides for families"),
        );
        guides.items = en(|m| match m {
            Meta::Guide(g) => Some(g.order.unwrap_or(i64::MAX)),
            _ => None,
        });
        jobs.push(job("guide_list.html", guides));
        let mut policy = self.list_view(
            lang,
            "policy_list",
            "/policy/",
            self.word(lang, "policy_title", "The family ties policy framework"),
        );
        policy.items = en(|m| match m {
            Meta::Policy(p) => Some(p.order),
            _ => None,
        });
        jobs.push(job("policy_list.html", policy));
        let mut evidence = self.list_view(
            lang,
            "evidence_list",
            "/evidence/",
            self.word(lang, "evidence_title", "Evidence library"),
        );
        let mut by_topic: BTreeMap<String, Vec<Link>> = BTreeMap::new();
        let mut by_year: BTreeMap<std::cmp::Reverse<i32>, Vec<Link>> = BTreeMap::new();
        for p in &self.site.pages {
            if let Meta::Evidence(e) = &p.meta {
                for t in &e.topics {
                    by_topic
                        .entry(t.clone())
                        .or_default()
                        .push(self.link_to(lang, p));
                }
                if let Some(year) = e.year {
                    by_year
                        .entry(std::cmp::Reverse(year))
                        .or_default()
                        .push(self.link_to(lang, p));
                }
            }
        }
        evidence.groups = by_topic
            .into_iter()
            .map(|(t, mut items)| {
                items.sort();
                Group {
                    id: format!("topic-{}", crate::slug::slugify(&t)),
                    title: topic_title(&t),
                    items,
                }
            })
            .collect();
        evidence.second_groups = by_year
            .into_iter()
            .map(|(y, mut items)| {
                items.sort();
                Group {
                    id: format!("year-{}", y.0),
                    title: y.0.to_string(),
                    items,
                }
            })
            .collect();
        jobs.push(job("evidence_list.html", evidence));
        let mut glossary = self.list_view(
            lang,
            "glossary",
            "/glossary/",
            self.word(lang, "glossary_title", "Prison words explained"),
        );
        let mut entries: Vec<(&Page, &crate::model::GlossaryEntry)> = self
            .site
            .pages
            .iter()
            .filter_map(|p| match &p.meta {
                Meta::Glossary(g) => Some((p, g)),
                _ => None,
            })
            .collect();
        entries.sort_by_key(|(_, g)| g.term.to_lowercase());
        glossary.items = entries
            .iter()
            .map(|(p, g)| {
                let id = match &p.file.kind {
                    Kind::Glossary { slug } => slug.clone(),
                    _ => String::new(),
                };
                // The other spellings (`also`) are for search and linking, not for reading.
                // Terms and meanings are written in English only, so far.
                Link::new(&g.term, id)
                    .with_note(Some(g.meaning.clone()))
                    .in_lang((lang != Lang::En).then_some("en"))
            })
            .collect();
        let mut by_letter: BTreeMap<String, Vec<Link>> = BTreeMap::new();
        for item in &glossary.items {
            let letter = crate::slug::slugify(&item.title)
                .chars()
                .next()
                .map_or("#".to_string(), |c| c.to_ascii_uppercase().to_string());
            by_letter.entry(letter).or_default().push(item.clone());
        }
        glossary.groups = by_letter
            .into_iter()
            .map(|(title, items)| Group {
                id: format!("letter-{}", title.to_lowercase()),
                title,
                items,
            })
            .collect();
        jobs.push(job("glossary.html", glossary));
        let mut search = self.list_view(
            lang,
            "search",
            "/search/",
            self.word(lang, "search_title", "Search this site"),
        );
        search.items = self
            .site
            .pages
            .iter()
            .filter(|p| {
                p.file.lang == Lang::En
                    && matches!(p.meta, Meta::Guide(_) | Meta::Policy(_) | Meta::Evidence(_))
            })
            .map(|p| self.link_to(lang, p))
            .collect();
        jobs.push(job("search.html", search));
        for f in crate::find::pages(self.site) {
            let mut v = self.list_view(lang, f.kind, &f.url, f.title);
            v.summary = f.summary;
            v.breadcrumbs.push(prisons_crumb.clone());
            // The find pages' titles and notes are written in English so far: on Welsh pages
            // they are marked so, and their links lead to Welsh pages.
            let to_lang = |mut l: Link| {
                l.url = self.url(lang, &l.url);
                if lang != Lang::En {
                    l.lang = Some("en");
                }
                l
            };
            if lang != Lang::En {
                v.text_lang = Some("en");
            }
            v.items = f.items.into_iter().map(to_lang).collect();
            v.groups = f
                .groups
                .into_iter()
                .map(|mut g| {
                    g.items = g.items.into_iter().map(to_lang).collect();
                    g
                })
                .collect();
            jobs.push(job("find.html", v));
        }
        let mut not_found = self.list_view(
            lang,
            "not_found",
            "/404.html",
            self.word(lang, "not_found_title", "Page not found"),
        );
        not_found.breadcrumbs.clear();
        not_found.translation = None;
        jobs.push(Job {
            template: "404.html".to_string(),
            path: not_found.url.trim_start_matches('/').to_string(),
            lang,
            from: "the 404 page".to_string(),
            view: not_found,
        });
        // The editors' to-do list is for editors, who work in English.
        if lang == Lang::En {
            let mut status = self.list_view(
                lang,
                "editors_status",
                crate::status::PAGE_URL,
                "What to check next".into(),
            );
            status.translation = None;
            jobs.push(job(
                "editors_status.html",
                crate::status::page_view(&crate::status::report(self.site), status),
            ));
        }
        jobs
    }
}

/// The find-a-prison index for Welsh pages: results lead to Welsh pages, and a prison with
/// a Welsh name shows it first while its English name still matches (in `name_cy`'s place).
fn welsh_prison_index(english: &OutputFile) -> Option<OutputFile> {
    let mut entries: Vec<serde_json::Value> = serde_json::from_slice(&english.bytes).ok()?;
    for e in &mut entries {
        let Some(obj) = e.as_object_mut() else {
            continue;
        };
        if let Some(cy) = obj.get("name_cy").cloned().filter(|v| v.is_string()) {
            let en = obj.insert("name".into(), cy).unwrap_or_default();
            obj.insert("name_cy".into(), en);
        }
        let to_welsh = |url: Option<&mut serde_json::Value>| {
            if let Some(url) = url
                && let Some(u) = url.as_str().filter(|u| u.starts_with('/'))
            {
                *url = serde_json::Value::String(format!("/cy{u}"));
            }
        };
        to_welsh(obj.get_mut("url"));
        to_welsh(obj.get_mut("moved_to").and_then(|m| m.get_mut("url")));
    }
    let text = serde_json::to_string(&entries).ok()?;
    Some(OutputFile {
        path: "cy/search-index.json".into(),
        bytes: crate::publish::script_safe_json(&text).into_bytes(),
    })
}

/// A page's English text on its Welsh twin: a Welsh line saying so, then the text marked
/// `lang="en"` (for screen readers and translation tools), its links to site pages sent to
/// their Welsh twins.
fn untranslated(notice: &str, html: &str, welsh_texts: &HashSet<String>) -> String {
    let mut out = String::with_capacity(html.len() + 200);
    if !notice.is_empty() {
        out.push_str("<p class=\"untranslated\">");
        out.push_str(notice);
        out.push_str("</p>\n");
    }
    out.push_str("<div lang=\"en\">\n");
    out.push_str(&welsh_links(html, welsh_texts));
    out.push_str("</div>\n");
    out
}

/// Sends links to site pages (`/guides/x/`, `/glossary/#x`) to their `/cy/` twins; files
/// (`/prisons.json`, images) have one address for both languages and are left alone, as is
/// the editors' English-only status page.
/// A page with its own Welsh text (`welsh_texts`, by English address) has headings, and so
/// anchors, of its own: a link to a part of the English page goes to the top of it.
fn welsh_links(html: &str, welsh_texts: &HashSet<String>) -> String {
    const HREF: &str = "href=\"/";
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(HREF) {
        let (before, from) = rest.split_at(at + HREF.len() - 1);
        out.push_str(before);
        let end = from.find('"').unwrap_or(from.len());
        let path = from[..end].split(['#', '?']).next().unwrap_or("");
        let is_page = path.ends_with('/')
            && !path.starts_with("/cy/")
            && !path.starts_with("//")
            && path != crate::status::PAGE_URL;
        if is_page {
            out.push_str("/cy");
            if welsh_texts.contains(path) && from[..end].contains('#') {
                out.push_str(path);
                rest = &from[end..];
                continue;
            }
        }
        rest = from;
    }
    out.push_str(rest);
    out
}

fn topic_title(topic: &str) -> String {
    let t = topic.replace('-', " ");
    let mut c = t.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn kind_name(meta: &Meta) -> &'static str {
    match meta {
        Meta::Home(_) => "home",
        Meta::Prison(_) => "prison",
        Meta::PrisonPage(_) => "prison_page",
        Meta::Guide(_) => "guide",
        Meta::Policy(_) => "policy",
        Meta::Evidence(_) => "evidence",
        Meta::Glossary(_) => "glossary",
        Meta::Plain(_) => "page",
    }
}

/// Files besides the pages: the theme's static files, the code stylesheet, the
/// find-a-prison index and the content folder's own files.
fn extra_files(site: &Site, theme: &Theme, diags: &Diagnostics) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = theme
        .assets
        .files
        .iter()
        .map(|f| OutputFile {
            path: f.path.clone(),
            bytes: f.bytes.clone(),
        })
        .collect();
    let english = crate::find::prison_index(site);
    let welsh = welsh_prison_index(&english);
    files.push(english);
    files.extend(welsh);
    files.push(crate::find::postcode_areas_file());
    for asset in &site.assets {
        match std::fs::read(&asset.abs) {
            Ok(bytes) => files.push(OutputFile {
                path: asset.content_path.clone(),
                bytes,
            }),
            Err(e) => diags.push(
                Diagnostic::error(format!("cannot read this file: {e}"))
                    .in_file(PathBuf::from("content").join(&asset.content_path)),
                None,
            ),
        }
    }
    files
}

/// The date the build is for: `--date`, else `FAMILYTIES_DATE`, else today.
pub fn build_date(flag: Option<&str>) -> Result<Date, String> {
    match flag
        .map(str::to_string)
        .or_else(|| std::env::var("FAMILYTIES_DATE").ok())
    {
        Some(s) => Date::parse(&s),
        None => Ok(Date::today()),
    }
}

pub fn default_root() -> PathBuf {
    Path::new(".").to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::welsh_links;
    use std::collections::HashSet;

    #[test]
    fn welsh_pages_link_to_welsh_pages_and_leave_files_alone() {
        let none = HashSet::new();
        let html = r#"<a href="/guides/a/">a</a> <a href="/glossary/#vo">vo</a> <a href="/prisons.json">data</a> <a href="/cy/guides/b/">b</a> <a href="https://x.org/">x</a> <a href="/editors/status/">s</a> <a href="//cdn.example/">c</a>"#;
        assert_eq!(
            welsh_links(html, &none),
            r#"<a href="/cy/guides/a/">a</a> <a href="/cy/glossary/#vo">vo</a> <a href="/prisons.json">data</a> <a href="/cy/guides/b/">b</a> <a href="https://x.org/">x</a> <a href="/editors/status/">s</a> <a href="//cdn.example/">c</a>"#
        );
    }

    #[test]
    fn a_link_into_a_page_with_its_own_welsh_text_goes_to_its_top() {
        let texts: HashSet<String> = ["/guides/id/".to_string()].into();
        assert_eq!(
            welsh_links(
                r#"<a href="/guides/id/#photo-id">id</a> <a href="/guides/b/#x">b</a>"#,
                &texts
            ),
            r#"<a href="/cy/guides/id/">id</a> <a href="/cy/guides/b/#x">b</a>"#
        );
    }
}

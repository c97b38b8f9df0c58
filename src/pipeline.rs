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

pub struct Options {
    pub root: PathBuf,
    pub today: Date,
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
    stages.mark("reading check");
    theme.set_globals("site", &site_globals(&site));
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
    sink.put_file(crate::search::index(&site, &bodies));
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
        files.push(crate::search::index(&state.site, &state.bodies));
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
    regions: Vec<Link>,
    types: Vec<Link>,
    prison_count: usize,
    /// Whether there is a Welsh home page to link Welsh pages to.
    welsh_home: bool,
}

fn site_globals(site: &Site) -> SiteGlobals<'_> {
    let prisons = site.prisons();
    let regions = Region::ALL
        .iter()
        .map(|r| {
            let n = prisons.iter().filter(|(_, p)| p.region == *r).count();
            Link::new(r.name(), format!("/prisons/region/{}/", r.slug()))
                .with_note(Some(n.to_string()))
        })
        .collect();
    let types = EstablishmentType::ALL
        .iter()
        .filter_map(|t| {
            let n = prisons.iter().filter(|(_, p)| p.types.contains(t)).count();
            (n > 0).then(|| {
                Link::new(t.label(), format!("/prisons/type/{}/", t.slug()))
                    .with_note(Some(n.to_string()))
            })
        })
        .collect();
    SiteGlobals {
        title: &site.config.title,
        title_cy: site.config.title_cy.as_deref(),
        description: site.config.description.as_deref(),
        base_url: site.config.base(),
        build_date: site.today.to_string(),
        regions,
        types,
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
        .flat_map_iter(|(i, page)| ctx.page_jobs(i, page))
        .filter_map(render)
        .collect();
    if only.is_none() {
        rendered.extend(
            ctx.list_jobs()
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
        Ctx {
            site,
            theme,
            bodies,
            backlinks,
            own_pages,
            evidence_for,
            by_region,
            shared_guidance,
        }
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

    fn link_to(&self, page: &Page) -> Link {
        Link::new(page.meta.title(), page.url.clone())
            .with_note(page.meta.summary().map(str::to_string))
    }

    fn base_view(&self, i: usize, page: &'a Page) -> PageView<'a> {
        let body = &self.bodies[i];
        let lang = page.file.lang;
        let sources: &'a [crate::model::Source] = match &page.meta {
            Meta::Home(p) | Meta::Plain(p) => &p.sources,
            Meta::Prison(p) => &p.sources,
            Meta::PrisonPage(p) => &p.sources,
            Meta::Guide(g) => &g.sources,
            Meta::Policy(p) => &p.sources,
            Meta::Evidence(e) => &e.sources,
            Meta::Glossary(_) => &[],
        };
        let home = if lang == Lang::Cy && self.site.page("index.cy.md").is_some() {
            "/cy/"
        } else {
            "/"
        };
        let mut crumbs = vec![Link::new(self.word(lang, "home", "Home"), home)];
        match &page.file.kind {
            Kind::Prison { .. } => crumbs.push(Link::new(
                self.word(lang, "prisons", "Prisons"),
                "/prisons/",
            )),
            Kind::PrisonPage { prison, .. } => {
                crumbs.push(Link::new(
                    self.word(lang, "prisons", "Prisons"),
                    "/prisons/",
                ));
                if let Some(p) = self.site.page(&format!("prisons/{prison}/index.md")) {
                    crumbs.push(Link::new(p.meta.title(), p.url.clone()));
                }
            }
            Kind::Guide { .. } => {
                crumbs.push(Link::new(self.word(lang, "guides", "Guides"), "/guides/"))
            }
            Kind::Policy { .. } => {
                crumbs.push(Link::new(self.word(lang, "policy", "Policy"), "/policy/"))
            }
            Kind::Evidence { .. } => crumbs.push(Link::new(
                self.word(lang, "evidence", "Evidence"),
                "/evidence/",
            )),
            _ => {}
        }
        if matches!(page.file.kind, Kind::Home) {
            crumbs.clear();
        }
        PageView {
            kind: kind_name(&page.meta),
            url: page.url.clone(),
            canonical: self.canonical(&page.url),
            title: page.meta.title().to_string(),
            summary: page.meta.summary().map(str::to_string),
            lang: lang.code(),
            content: &body.html,
            has_code: body.html.contains("<pre class=\"code\""),
            toc: body.toc.iter().filter(|h| h.level == 2).collect(),
            last_reviewed: page.meta.last_reviewed().map(|d| d.long()),
            last_reviewed_iso: page.meta.last_reviewed().map(|d| d.to_string()),
            sources,
            translation: self.site.translation_of(page).map(|t| {
                Link::new(t.meta.title(), t.url.clone())
                    .with_note(Some(t.file.lang.code().to_string()))
            }),
            breadcrumbs: crumbs,
            jsonld: crate::publish::json_ld(self.site, page),
            feed: matches!(page.meta, Meta::Prison(_)).then(|| format!("{}updates.xml", page.url)),
            calendar: matches!(&page.meta, Meta::Prison(p) if crate::publish::has_calendar(p))
                .then(|| format!("{}visiting.ics", page.url)),
            ..PageView::default()
        }
    }

    fn page_jobs(&self, i: usize, page: &'a Page) -> Vec<Job<'a>> {
        let Some(path) = page.output_path() else {
            return Vec::new();
        };
        let from = page.file.shown.display().to_string();
        let mut view = self.base_view(i, page);
        let template = match &page.meta {
            Meta::Home(_) => "home.html".to_string(),
            Meta::Plain(p) => p
                .template
                .clone()
                .unwrap_or_else(|| "page.html".to_string()),
            Meta::Guide(_) => "guide.html".to_string(),
            Meta::Policy(_) => {
                view.related = self.evidence_linking(|e| {
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
                    .map(|p| self.link_to(p))
                    .collect();
                related.dedup();
                view.related = related;
                "evidence.html".to_string()
            }
            Meta::PrisonPage(_) => "prison_page.html".to_string(),
            Meta::Prison(_) => {
                let mut jobs = Vec::new();
                let mut checklist = self.base_view(i, page);
                checklist.kind = "checklist";
                checklist.url = format!("{}checklist/", page.url);
                checklist.canonical = self.canonical(&checklist.url);
                checklist
                    .breadcrumbs
                    .push(Link::new(page.meta.title(), page.url.clone()));
                // The checklist prints only the prison's own facts.
                checklist.content = "";
                checklist.toc.clear();
                checklist.jsonld = None;
                checklist.prison = self.prison_view(page).map(|mut v| {
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
                    path: format!("{}checklist/index.html", page.url.trim_start_matches('/')),
                    lang: page.file.lang,
                    view: checklist,
                    from: from.clone(),
                });
                view.prison = self.prison_view(page);
                jobs.push(Job {
                    template: "prison.html".to_string(),
                    path,
                    lang: page.file.lang,
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
            lang: page.file.lang,
            view,
            from,
        }]
    }

    fn evidence_linking(&self, pred: impl Fn(&crate::model::Evidence) -> bool) -> Vec<Link> {
        self.site
            .pages
            .iter()
            .filter(|p| matches!(&p.meta, Meta::Evidence(e) if pred(e)))
            .map(|p| self.link_to(p))
            .collect()
    }

    fn prison_view(&self, page: &'a Page) -> Option<PrisonView<'a>> {
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
                let link = self.link_to(p);
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
            .map(|p| self.link_to(p))
            .collect();
        evidence.sort();
        evidence.dedup();
        let policy = mentioned
            .iter()
            .filter(|p| matches!(p.meta, Meta::Policy(_)))
            .map(|p| self.link_to(p))
            .collect();
        let mentioned_by = mentioned
            .iter()
            .filter(|p| {
                !matches!(p.meta, Meta::Policy(_) | Meta::Evidence(_))
                    && !p.file.content_path.starts_with(&own_prefix)
            })
            .map(|p| self.link_to(p))
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
                Link::new(&other.name, p.url.clone()).with_note(other.town().map(str::to_string))
            })
            .collect();
        let replaced_by = prison.replaced_by.as_ref().and_then(|s| {
            self.site
                .page(&format!("prisons/{s}/index.md"))
                .map(|p| self.link_to(p))
        });
        let shared = self.site.by_path.get("guides/how-visits-work.md").copied();
        Some(PrisonView {
            slug,
            data: prison,
            region: prison.region.name(),
            region_url: format!("/prisons/region/{}/", prison.region.slug()),
            types: prison
                .types
                .iter()
                .map(|t| {
                    Link::new(t.code(), format!("/prisons/type/{}/", t.slug()))
                        .with_note(Some(t.label().to_string()))
                })
                .collect(),
            facts: crate::prison_facts::view(
                prison,
                today,
                self.site.config.facts_stale_after_months,
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
            closed_on: prison.closed_on.map(|d| d.long()),
            checklist_url: format!("{}checklist/", page.url),
            guide_url: page.url.clone(),
            shared_guidance: self.shared_guidance.clone(),
            shared_guidance_url: shared.map(|i| self.site.pages[i].url.clone()),
            id_guide_url: self
                .site
                .page("guides/what-id-to-bring.md")
                .map(|p| p.url.clone()),
            postcode_area: prison.postcode().map(|p| p.outward()),
        })
    }

    fn list_view(
        &self,
        kind: &'static str,
        url: String,
        title: String,
        summary: Option<String>,
    ) -> PageView<'a> {
        PageView {
            kind,
            canonical: self.canonical(&url),
            url,
            title,
            summary,
            lang: "en",
            breadcrumbs: vec![Link::new(self.word(Lang::En, "home", "Home"), "/")],
            ..PageView::default()
        }
    }

    fn list_jobs(&self) -> Vec<Job<'a>> {
        let mut jobs = Vec::new();
        let prisons = self.site.prisons();
        // Who it holds and the town tell apart prisons with one name (the two Felthams).
        let prison_link = |p: &Page, prison: &crate::model::Prison| {
            Link::new(&prison.name, p.url.clone())
                .with_note(crate::find::details(self.site, prison))
        };
        let job = |template: &str, view: PageView<'a>| Job {
            template: template.to_string(),
            path: format!("{}index.html", view.url.trim_start_matches('/')),
            lang: Lang::En,
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
            "prisons",
            "/prisons/".into(),
            self.word(Lang::En, "prisons_title", "Find a prison"),
            None,
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
        let prisons_crumb = Link::new(self.word(Lang::En, "prisons", "Prisons"), "/prisons/");
        for region in Region::ALL {
            let items: Vec<Link> = prisons
                .iter()
                .filter(|(_, p)| p.region == region)
                .map(|(p, prison)| prison_link(p, prison))
                .collect();
            let mut v = self.list_view(
                "region",
                format!("/prisons/region/{}/", region.slug()),
                format!("Prisons in {}", region.name()),
                None,
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
                "type",
                format!("/prisons/type/{}/", t.slug()),
                t.label().to_string(),
                None,
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
                .map(|(_, p)| self.link_to(p))
                .collect::<Vec<_>>()
        };
        let mut guides = self.list_view(
            "guides",
            "/guides/".into(),
            self.word(Lang::En, "guides_title", "Guides for families"),
            None,
        );
        guides.items = en(|m| match m {
            Meta::Guide(g) => Some(g.order.unwrap_or(i64::MAX)),
            _ => None,
        });
        jobs.push(job("guide_list.html", guides));
        let mut policy = self.list_view(
            "policy_list",
            "/policy/".into(),
            self.word(Lang::En, "policy_title", "The family ties policy framework"),
            None,
        );
        policy.items = en(|m| match m {
            Meta::Policy(p) => Some(p.order),
            _ => None,
        });
        jobs.push(job("policy_list.html", policy));
        let mut evidence = self.list_view(
            "evidence_list",
            "/evidence/".into(),
            self.word(Lang::En, "evidence_title", "Evidence library"),
            None,
        );
        let mut by_topic: BTreeMap<String, Vec<Link>> = BTreeMap::new();
        let mut by_year: BTreeMap<std::cmp::Reverse<i32>, Vec<Link>> = BTreeMap::new();
        for p in &self.site.pages {
            if let Meta::Evidence(e) = &p.meta {
                for t in &e.topics {
                    by_topic.entry(t.clone()).or_default().push(self.link_to(p));
                }
                if let Some(year) = e.year {
                    by_year
                        .entry(std::cmp::Reverse(year))
                        .or_default()
                        .push(self.link_to(p));
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
            "glossary",
            "/glossary/".into(),
            self.word(Lang::En, "glossary_title", "Prison words explained"),
            None,
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
                Link::new(&g.term, id).with_note(Some(g.meaning.clone()))
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
            "search",
            "/search/".into(),
            self.word(Lang::En, "search_title", "Search this site"),
            None,
        );
        search.items = self
            .site
            .pages
            .iter()
            .filter(|p| {
                p.file.lang == Lang::En
                    && matches!(p.meta, Meta::Guide(_) | Meta::Policy(_) | Meta::Evidence(_))
            })
            .map(|p| self.link_to(p))
            .collect();
        jobs.push(job("search.html", search));
        for f in crate::find::pages(self.site) {
            let mut v = self.list_view(f.kind, f.url, f.title, f.summary);
            v.breadcrumbs.push(prisons_crumb.clone());
            v.items = f.items;
            v.groups = f.groups;
            jobs.push(job("find.html", v));
        }
        let mut not_found = self.list_view(
            "not_found",
            "/404.html".into(),
            self.word(Lang::En, "not_found_title", "Page not found"),
            None,
        );
        not_found.breadcrumbs.clear();
        jobs.push(Job {
            template: "404.html".to_string(),
            path: "404.html".to_string(),
            lang: Lang::En,
            from: "the 404 page".to_string(),
            view: not_found,
        });
        let status = self.list_view(
            "editors_status",
            crate::status::PAGE_URL.into(),
            "What to check next".into(),
            None,
        );
        jobs.push(job(
            "editors_status.html",
            crate::status::page_view(&crate::status::report(self.site), status),
        ));
        jobs
    }
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
    files.push(crate::find::prison_index(site));
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

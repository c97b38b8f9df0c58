//! The whole build, stage by stage: load → validate → Markdown → views → templates →
//! output files. `build` writes them; `check` stops before writing.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::content::{Meta, Site};
use crate::diagnostics::Diagnostics;
use crate::discover::Lang;
use crate::markdown::{self, Body, Markdown};
use crate::model::fields::Date;
use crate::output::{OutputFile, Sink};
use crate::render;
use crate::site;
use crate::templates::{self, Theme};
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
    /// Pages whose Welsh page shows their English text (no `.cy.md` yet), as shown to
    /// editors: a plain `check` prints a note, `check --strict` a warning.
    pub untranslated: Vec<String>,
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
    markdown: Markdown,
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
    let mut reading = Vec::new();
    let (mut bodies, markdown) = markdown::check_all(&site, &theme, diags, |bodies, chunk| {
        reading.extend(crate::reading::check(&site, bodies, diags, Some(chunk)));
    });
    stages.mark("Markdown and reading check");
    let untranslated = crate::checks::untranslated(&site);
    if options.strict {
        crate::checks::welsh(&untranslated, diags);
    }
    theme.set_globals("site", &render::site_globals(&site, &theme));
    let outputs = render::render_pages(&site, &theme, &mut bodies, &markdown, diags, None, sink);
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
    for file in render::extra_files(&site, &theme, diags) {
        sink.put_file(file);
    }
    for lang in [Lang::En, Lang::Cy] {
        if let Some(words) = theme.words.get(&lang) {
            let words = Words::new(lang, words);
            match crate::search::index(&site, &bodies, lang, &words) {
                Ok(file) => sink.put_file(file),
                Err(d) => diags.push(d, None),
            }
        }
    }
    crate::publish::files(&site, &theme, &sink.sorted_paths(), diags, sink);
    sink.put_file(crate::headers::file(&sink.sorted_paths()));
    let paths = sink.sorted_paths();
    crate::checks::collisions(&site, &paths, diags);
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
        untranslated,
    };
    let state = State {
        site,
        theme,
        bodies,
        markdown,
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
        let ids = &state.theme.manifest.ids;
        let prepared = markdown::prepare(page.body(), &ids.reserved(&page.meta));
        let same_anchors = prepared
            .headings
            .iter()
            .map(|h| &h.id)
            .eq(state.bodies[i].toc.iter().map(|h| &h.id));
        if !same_anchors {
            return Update::Full;
        }
        let body = state.markdown.check_page(&page, ids, diags);
        if body.links != state.bodies[i].links {
            return Update::Full;
        }
        if diags.has_errors() {
            return Update::Files(Vec::new());
        }
        state.site.pages[i] = page;
        state.site.pages_changed();
        state.bodies[i] = body;
        touched.insert(i);
    }
    if !facts_changed.is_empty() {
        crate::validate::check(&state.site, diags);
        if diags.has_errors() {
            return Update::Files(Vec::new());
        }
    }
    crate::reading::check(&state.site, &state.bodies, diags, Some(&touched));
    for &i in &touched {
        state.bodies[i].text = String::new();
    }
    let sink = Sink::memory();
    render::render_pages(
        &state.site,
        &state.theme,
        &mut state.bodies,
        &state.markdown,
        diags,
        Some(&touched),
        &sink,
    );
    let mut files = sink.take_files();
    for &i in &facts_changed {
        files.extend(crate::publish::after_prison_edit(
            &state.site,
            &state.theme,
            &state.site.pages[i],
            diags,
        ));
    }
    if touched
        .iter()
        .any(|&i| !matches!(state.site.pages[i].meta, Meta::Prison(_)))
    {
        for lang in [Lang::En, Lang::Cy] {
            if let Some(words) = state.theme.words.get(&lang) {
                let words = Words::new(lang, words);
                match crate::search::index(&state.site, &state.bodies, lang, &words) {
                    Ok(file) => files.push(file),
                    Err(d) => diags.push(d, None),
                }
            }
        }
    }
    Update::Files(files)
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

//! The whole build, stage by stage: load → validate → Markdown → views → templates →
//! output files. `build` writes them; `check` stops before writing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::content::{Meta, Page, Site};
use crate::diagnostics::Diagnostics;
use crate::discover::Lang;
use crate::markdown::{self, Body, Markdown};
use crate::model::fields::Date;
use crate::output::{OutputFile, Sink};
use crate::outputs::{Making, Output, Reach};
use crate::render;
use crate::site;
use crate::templates::{self, Theme};

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
    made: Made,
    edits: Edits,
}

/// What `serve` keeps between edits.
#[derive(Default)]
struct Edits {
    /// What the edits since the last [`finish`] reach besides the content pages (the
    /// lists, the editors' report, indexes, feeds, open data): made by `finish`.
    late: Reach,
    /// The views' lookups no edit [`update`] follows can change, made at the first.
    lookups: Option<render::Lookups>,
    /// How many prisons each find-a-prison letter lists, in English and in Welsh: a
    /// letter whose count leaves or reaches zero adds or removes a page.
    letters: [HashMap<char, usize>; 2],
}

impl Edits {
    /// Counts the letters of a prison that was `from` and is now `to` (a new prison: no
    /// `from`); returns whether a letter's page appeared or went.
    fn count_letters(
        &mut self,
        from: Option<&crate::model::Prison>,
        to: &crate::model::Prison,
    ) -> bool {
        let mut moved = false;
        for (counts, lang) in self.letters.iter_mut().zip([Lang::En, Lang::Cy]) {
            let before = from
                .map(|p| crate::find::letters_of(p, lang))
                .unwrap_or_default();
            let after = crate::find::letters_of(to, lang);
            for c in before.difference(&after) {
                let n = counts.entry(*c).or_default();
                *n = n.saturating_sub(1);
                moved |= *n == 0;
            }
            for c in after.difference(&before) {
                let n = counts.entry(*c).or_default();
                moved |= *n == 0;
                *n += 1;
            }
        }
        moved
    }
}

/// What the outputs of a build left for the outputs after them, which an edit may make
/// again.
struct Made {
    /// The files made before the redirects.
    paths: Vec<String>,
    redirects: HashSet<String>,
    output_templates: bool,
    /// The paths of the lists, sorted.
    lists: Vec<String>,
}

/// Runs every stage; the files are returned only when there were no errors.
pub fn run(options: &Options, diags: &Diagnostics) -> Option<Built> {
    run_keeping(options, diags).map(|(built, _)| built)
}

/// Like [`run`], and also returns what [`update`] needs to rebuild one page later.
pub fn run_keeping(options: &Options, diags: &Diagnostics) -> Option<(Built, State)> {
    let sink = Sink::memory();
    let (mut built, state) = run_stages(options, diags, &sink, true)?;
    built.files = sink.take_files();
    Some((built, state))
}

/// Runs every stage, putting each file into `sink` as soon as it is made, so that only
/// the paths and what later stages need are held until the end. The result is `None`
/// when there were errors; the sink may then hold some files, which the caller discards.
pub fn run_into(options: &Options, diags: &Diagnostics, sink: &Sink) -> Option<(Built, State)> {
    run_stages(options, diags, sink, false)
}

/// [`run_into`]; with `keep_text`, each file's text is kept for the whole build (`serve`
/// compares an edited file with it), otherwise it is let go once the file is typed and
/// read again where a later stage needs it.
fn run_stages(
    options: &Options,
    diags: &Diagnostics,
    sink: &Sink,
    keep_text: bool,
) -> Option<(Built, State)> {
    let mut stages = Stages::default();
    let site = site::load(&options.root, options.today, diags, keep_text)?;
    stages.mark("load and type the content");
    crate::validate::check(&site, diags);
    stages.mark("validate");
    let mut theme = templates::load(&options.root, &site.config.theme, diags)?;
    stages.mark("load the theme");
    let made = crate::outputs::addresses(&site, &theme);
    // The headings and links only: the bodies are checked and made into HTML with their
    // pages, below.
    let (mut bodies, markdown) = markdown::index_all(&site, &theme, made);
    stages.mark("Markdown: headings and links");
    let untranslated = crate::checks::untranslated(&site);
    if options.strict {
        crate::checks::welsh(&untranslated, diags);
    }
    theme.set_globals("site", &render::site_globals(&site, &theme));
    let mut making = Making {
        site: &site,
        theme: &theme,
        bodies: &mut bodies,
        markdown: &markdown,
        checking: Some(markdown::Checking::new(&site)),
        diags,
        sink,
        paths: None,
        redirects: HashSet::new(),
        output_templates: false,
        lists: Vec::new(),
    };
    let mut template_times = BTreeMap::new();
    let mut pages = 0;
    for output in Output::ALL {
        for page in output.make(&mut making, None) {
            pages += 1;
            *template_times
                .entry(page.template)
                .or_insert(Duration::ZERO) += page.took;
        }
        crate::memory::release();
        if output == Output::Lists {
            stages.mark("check the bodies, render and write templates");
            // The pages failed: nothing after them is worth making.
            if diags.has_errors() {
                return None;
            }
        }
    }
    let reading = making.checking.take().map(|c| c.grades).unwrap_or_default();
    let made = Made {
        paths: making.paths.take().unwrap_or_default(),
        redirects: std::mem::take(&mut making.redirects),
        output_templates: making.output_templates,
        lists: std::mem::take(&mut making.lists),
    };
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
        made,
        edits: Edits::default(),
    };
    Some((built, state))
}

/// What other pages, lists and indexes show of a prison: its entry in lists, searches,
/// the find-a-prison index and its neighbours' pages.
fn listing(p: &crate::model::Prison) -> impl PartialEq + '_ {
    (
        (&p.name, &p.name_cy, &p.other_names, &p.holds),
        (
            p.town(),
            p.address.as_ref().and_then(|a| a.town_cy.as_ref()),
            p.postcode(),
        ),
    )
}

/// What changes the site's shape (the region and type lists and their counts on every
/// page, the addresses that exist): an edit to these is built in full.
fn shape(p: &crate::model::Prison) -> impl PartialEq + '_ {
    (p.region, &p.types, p.status, &p.replaced_by, &p.aliases)
}

/// How far an edit to a page's front matter reaches.
enum FrontMatterEdit {
    /// Only what the page itself shows: a prison's visiting times, phones, notices, rules.
    OwnFacts,
    /// Also what other pages show of it: a title, a prison's name or town.
    Listing,
    /// The site's shape, or a field whose reach is not tracked: build it all.
    Whole,
}

fn front_matter_edit(old: &Page, new: &Page) -> FrontMatterEdit {
    match (&old.meta, &new.meta) {
        (Meta::Prison(a), Meta::Prison(b)) if shape(a) == shape(b) => {
            if listing(a) == listing(b) {
                FrontMatterEdit::OwnFacts
            } else {
                FrontMatterEdit::Listing
            }
        }
        (Meta::Prison(_), _) | (_, Meta::Prison(_)) => FrontMatterEdit::Whole,
        _ if same_but_title(old, new) => FrontMatterEdit::Listing,
        _ => FrontMatterEdit::Whole,
    }
}

/// Whether two versions of a page's front matter differ in nothing but the title (`title`;
/// `name` for a support organisation: prisons, whose `name` is more, never come here).
fn same_but_title(old: &Page, new: &Page) -> bool {
    let without_title = |page: &Page| {
        let text = page.source().ok()?;
        let mut value: serde_yaml::Value =
            serde_yaml::from_str(text.get(page.split.yaml.clone())?).ok()?;
        let map = value.as_mapping_mut()?;
        map.remove("title");
        map.remove("name");
        Some(value)
    };
    without_title(old).is_some_and(|a| Some(a) == without_title(new))
}

impl State {
    /// Every address the build makes besides the content pages' own, as the link check
    /// knows them ([`crate::outputs::addresses`]).
    pub fn addresses(&self) -> HashSet<String> {
        crate::outputs::addresses(&self.site, &self.theme)
    }

    /// Makes what every edit reuses, so that the first edit after a full build is as
    /// quick as the next ones (`serve` calls it once the site is served).
    pub fn prepare(&mut self) {
        if self.edits.lookups.is_none() {
            self.edits.lookups = Some(render::Lookups::new(&self.site, &self.bodies));
            for (_, prison) in self.site.prisons() {
                self.edits.count_letters(None, prison);
            }
        }
    }

    /// Whether some of what the edits reach is still to be made by [`finish`].
    pub fn unfinished(&self) -> bool {
        !self.edits.late.is_empty()
    }

    /// The files [`finish`] may make (more rather than fewer).
    pub fn unfinished_files(&self) -> HashSet<String> {
        self.edits.late.files(&self.site, &self.theme)
    }
}

/// What [`update`] found it could do.
pub enum Update {
    /// The files that changed; nothing else did.
    Files(Vec<OutputFile>),
    /// The change reaches beyond what an edit can be followed through (a new or deleted
    /// file, a heading or link, a prison's region or status): build the whole site again.
    Full,
}

/// Rebuilds only what an edit to some pages reaches: their own pages for a change of
/// text; also the pages, lists and indexes that show a title or a prison's name, town or
/// who it holds when one of those changed. That is every edit in `serve` short of a new
/// file, a heading, a link or a change to the site's shape, and it costs a few pages, not
/// the whole site. Errors go to `diags`, and the state keeps the last good version of
/// each page.
pub fn update(state: &mut State, changed: &[PathBuf], diags: &Diagnostics) -> Update {
    let mut reach = Reach::default();
    let mut letters_moved = false;
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
        let Ok(old_text) = old.source() else {
            return Update::Full;
        };
        let edit = if page.text.get(page.split.yaml.clone()) == old_text.get(old.split.yaml.clone())
        {
            None
        } else {
            Some(front_matter_edit(old, &page))
        };
        if matches!(edit, Some(FrontMatterEdit::Whole)) {
            return Update::Full;
        }
        let ids = &state.theme.manifest.ids;
        // Checked aside: an edit to a heading is built in full, which reports the page's
        // problems itself.
        let checked = Diagnostics::new();
        let body = state.markdown.check_page(&page, ids, &checked);
        let same_anchors = body
            .toc
            .iter()
            .map(|h| &h.id)
            .eq(state.bodies[i].toc.iter().map(|h| &h.id));
        if !same_anchors {
            return Update::Full;
        }
        diags.extend(checked);
        if body.links != state.bodies[i].links {
            return Update::Full;
        }
        if diags.has_errors() {
            return Update::Files(Vec::new());
        }
        let listing = matches!(edit, Some(FrontMatterEdit::Listing));
        // Before and after the edit: a rename moves a prison among its neighbours and
        // files it under another letter.
        state.prepare();
        let add_showing = |state: &State, reach: &mut Reach| {
            let lookups = state.edits.lookups.as_ref().expect("prepared above");
            reach.pages.extend(render::pages_showing(
                &state.site,
                &state.bodies,
                lookups,
                i,
            ));
            reach.lists.extend(render::lists_showing(&state.site, i));
        };
        if listing {
            add_showing(state, &mut reach);
        }
        let is_prison = matches!(page.meta, Meta::Prison(_));
        reach.dates |= page.meta.last_reviewed() != state.site.pages[i].meta.last_reviewed();
        // The find pages list the English prison guides.
        if let (Meta::Prison(from), Meta::Prison(to)) = (&state.site.pages[i].meta, &page.meta)
            && listing
            && page.file.lang == Lang::En
        {
            letters_moved |= state.edits.count_letters(Some(from), to);
        }
        state.site.pages[i] = page;
        state.site.pages_changed();
        state.bodies[i] = body;
        reach.pages.insert(i);
        if listing {
            reach.listing = true;
            add_showing(state, &mut reach);
        }
        if edit.is_some() && is_prison {
            reach.prisons.insert(i);
            // The editors' report shows each group of facts' source and date.
            reach.lists.insert(crate::status::PAGE_URL.to_string());
        }
        // A prison's own text is not in the site search (its facts are, through the
        // find-a-prison index).
        reach.words |= !is_prison;
    }
    let reading = crate::reading::Reading::new(&state.site);
    for &i in &reach.pages {
        reading.page(&state.site.pages[i], &state.bodies[i].text, None, diags);
    }
    for &i in &reach.pages {
        state.bodies[i].text = String::new();
    }
    // A find-a-prison letter no prison had before, or none has now, adds or removes a
    // page and changes the letters every find page lists: that is a full build.
    if letters_moved {
        return Update::Full;
    }
    let late = reach.split_late();
    let sink = Sink::memory();
    // What other pages show of a prison, and its facts, are checked across files (another
    // prison's other names, sources), and the checks cover the whole site: they run
    // beside the rendering, whose pages are dropped if they find an error.
    let validate = !late.prisons.is_empty() || late.listing;
    let (mut making, _, lookups) = making(state, diags, &sink);
    let site = making.site;
    rayon::join(
        || validate.then(|| crate::validate::check(site, diags)),
        || {
            for output in Output::ALL {
                if output.reached_by(&reach) {
                    output.make_with(&mut making, Some(&reach), lookups);
                }
            }
        },
    );
    if diags.has_errors() {
        return Update::Files(Vec::new());
    }
    state.edits.late.merge(late);
    Update::Files(sink.take_files())
}

/// Makes what the edits since the last call reach besides the content pages (the lists,
/// the editors' report, the find and search indexes, feeds, calendars, sitemap, open
/// data): `serve` shows the pages [`update`] made first and calls this after, so that the
/// site it serves is again what a full build makes. Errors go to `diags`.
pub fn finish(state: &mut State, diags: &Diagnostics) -> Update {
    let late = std::mem::take(&mut state.edits.late);
    let sink = Sink::memory();
    let (mut making, made, lookups) = making(state, diags, &sink);
    // The sitemap and the redirects list the files of the whole build.
    making.paths = Some(made.paths.clone());
    for output in Output::ALL {
        if output.reached_by(&late) {
            output.make_with(&mut making, Some(&late), lookups);
        }
    }
    // A list that appears or goes changes which files exist: that is a full build.
    // (`update` already sends the one edit known to do it, a new find-a-prison letter, to
    // a full build; this makes sure of the rest.)
    let lists = std::mem::take(&mut making.lists);
    let appeared = lists.iter().any(|p| made.lists.binary_search(p).is_err());
    let gone = late.lists.iter().any(|url| {
        let path = format!("{}index.html", url.trim_start_matches('/'));
        [format!("cy/{path}"), path]
            .iter()
            .any(|p| made.lists.binary_search(p).is_ok() && lists.binary_search(p).is_err())
    });
    if appeared || gone {
        return Update::Full;
    }
    Update::Files(sink.take_files())
}

/// The outputs of an edit, made from the kept state into `sink`; with what the build
/// made and the views' lookups.
fn making<'a>(
    state: &'a mut State,
    diags: &'a Diagnostics,
    sink: &'a Sink,
) -> (Making<'a>, &'a Made, Option<&'a render::Lookups>) {
    let State {
        site,
        theme,
        bodies,
        markdown,
        made,
        edits,
    } = state;
    let making = Making {
        site,
        theme,
        bodies,
        markdown,
        checking: None,
        diags,
        sink,
        paths: None,
        redirects: made.redirects.clone(),
        output_templates: made.output_templates,
        lists: Vec::new(),
    };
    (making, made, edits.lookups.as_ref())
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

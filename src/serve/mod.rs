//! `familyties serve`: the site built in memory, served over HTTP on this computer, rebuilt
//! when a file is saved, with the browser reloading itself or showing what is wrong.
//!
//! - [`files`]: the built files in memory and how a request path maps onto them;
//! - [`http`]: the port, the connection threads and the answer to each request;
//! - [`request`]: reading a request head within limits, and the `Host` check;
//! - [`reload`]: the last build's state, the event stream and the script in every page;
//! - [`watch`]: which saved files call for a rebuild.
//!
//! `commands::serve` ties them together and prints what happens.

pub mod files;
pub mod http;
pub mod reload;
pub mod request;
pub mod watch;

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::fields::Date;
use crate::pipeline::{self, Options, State, Update};
use files::Files;
use reload::{Hub, Status};
use watch::{Change, ChangeKind};

/// The site being served: the files of the last build that worked.
#[derive(Default)]
pub struct Served {
    /// The build they came from (0: none has worked yet, which is older than any build).
    pub generation: u64,
    pub files: Files,
    /// The files the edit still has to make, after the pages it served first.
    pub pending: Option<Arc<Pending>>,
}

/// The files an edit makes after its pages (lists, the editors' report, indexes, feeds,
/// data files): a request for one of them waits until they are made, so a browser told
/// to reload never gets one older than the page it reloads for.
pub struct Pending {
    paths: HashSet<String>,
    done: Mutex<bool>,
    made: Condvar,
}

/// Longer than making them ever takes; a request is answered after it in any case.
const PENDING_WAIT: Duration = Duration::from_secs(60);

impl Pending {
    fn new(paths: HashSet<String>) -> Self {
        Pending {
            paths,
            done: Mutex::new(false),
            made: Condvar::new(),
        }
    }

    /// Waits until the files are made (or given up on).
    fn wait(&self) {
        let done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self
            .made
            .wait_timeout_while(done, PENDING_WAIT, |done| !*done)
            .unwrap_or_else(|e| e.into_inner());
    }

    fn release(&self) {
        *self.done.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.made.notify_all();
    }
}

/// Lets the requests waiting on `pending` go when dropped: when the files are made, when
/// making them failed, and when it stopped on a bug.
struct Release(Arc<Pending>);

impl Drop for Release {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// What the request threads and the rebuilding thread share.
pub struct Shared {
    /// Replaced whole after each good build; a request keeps the `Arc` it took, so it
    /// never sees half of one build and half of another, and the lock is held only for
    /// the time it takes to clone the `Arc`.
    site: RwLock<Arc<Served>>,
    pub hub: Arc<Hub>,
    /// What the last good full build made, so an edit to one page rebuilds only it.
    state: Mutex<Option<(Date, State)>>,
}

/// The outcome of one build, for the line printed about it.
pub struct Rebuilt {
    pub ok: bool,
    pub pages: usize,
    pub errors: usize,
    pub warnings: usize,
    /// The diagnostics as `familyties check` prints them.
    pub diagnostics: String,
    /// Until the browser was told to reload (or shown the errors).
    pub took: Duration,
    /// Until every file was made, when an edit made its pages first and the rest after.
    pub finished: Option<Duration>,
}

impl Default for Shared {
    fn default() -> Self {
        // Builds are numbered from the clock, so a page left open from an earlier run of
        // `serve` cannot take this run's build for the one it came from: it reloads as soon
        // as its event stream reconnects.
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Shared {
            state: Mutex::default(),
            site: RwLock::default(),
            hub: Arc::new(Hub::starting_at(
                u64::try_from(now.as_millis()).unwrap_or(0),
            )),
        }
    }
}

impl Shared {
    /// The files to serve next: only the edited pages rebuilt when that is enough (see
    /// [`pipeline::update`]), otherwise the whole site. With an edit, the rest of what it
    /// reaches is left for [`Shared::finish`], and the files it may make are returned too.
    fn build(
        &self,
        options: &Options,
        change: Option<&Change>,
        diags: &Diagnostics,
    ) -> Option<(Files, Option<HashSet<String>>)> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let (Some(change), Some((day, kept))) = (change, state.as_mut())
            && change.kind == ChangeKind::Content
            && *day == options.today
        {
            let paths: Vec<PathBuf> = change.paths.iter().map(|p| options.root.join(p)).collect();
            match pipeline::update(kept, &paths, diags) {
                Update::Files(_) if diags.has_errors() => {
                    // The kept state may now hold the broken page: the next change starts
                    // from a full build, so nothing broken is ever taken for good.
                    *state = None;
                    return None;
                }
                Update::Files(changed) => {
                    let pending = kept.unfinished().then(|| kept.unfinished_files());
                    let mut files = self.site().files.clone();
                    files.replace(changed);
                    return Some((files, pending));
                }
                Update::Full => {}
            }
        }
        *state = None;
        let (built, mut kept) = pipeline::run_keeping(options, diags)?;
        kept.prepare();
        *state = Some((options.today, kept));
        Some((Files::new(built.files), None))
    }

    /// Makes what the last edit left after its pages. `None` when it failed (the state is
    /// then let go: the next change starts from a full build).
    fn finish(&self, options: &Options, diags: &Diagnostics) -> Option<Files> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (_, kept) = state.as_mut()?;
        match pipeline::finish(kept, diags) {
            Update::Files(changed) if !diags.has_errors() => {
                let mut files = self.site().files.clone();
                files.replace(changed);
                Some(files)
            }
            Update::Files(_) => {
                *state = None;
                None
            }
            Update::Full => {
                *state = None;
                let (built, mut kept) = pipeline::run_keeping(options, diags)?;
                kept.prepare();
                *state = Some((options.today, kept));
                Some(Files::new(built.files))
            }
        }
    }

    pub fn site(&self) -> Arc<Served> {
        Arc::clone(&self.site.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// The site to answer a request for `target` from: when the last edit is still making
    /// that file, once it is made.
    pub fn site_for(&self, target: &str) -> Arc<Served> {
        let site = self.site();
        if let Some(pending) = &site.pending
            && files::key_of(target).is_some_and(|key| pending.paths.contains(&key))
        {
            pending.wait();
            return self.site();
        }
        site
    }

    fn serve(&self, served: Served) {
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(served);
    }

    /// Builds the site in memory; serves it if it worked and tells the browsers either way.
    /// A failed build leaves the last good site being served. After an edit, the pages it
    /// reaches are served and the browsers told first; the lists, indexes and data files
    /// it reaches are made next, and a request for one of them waits for them.
    pub fn rebuild(&self, root: &Path, today: Date, change: Option<&Change>) -> Rebuilt {
        let started = Instant::now();
        // Only this thread builds, so the next generation cannot be taken by anyone else.
        let generation = self.hub.status().generation + 1;
        let options = Options {
            root: root.to_path_buf(),
            today,
            strict: false,
        };
        let diags = Diagnostics::new();
        let built = guarded(&diags, || self.build(&options, change, &diags));
        let (errors, warnings) = diags.counts();
        let diagnostics = diags.render_human();
        let built = built.filter(|_| errors == 0);
        let ok = built.is_some();
        let mut pending = None;
        let mut pages = 0;
        if let Some((files, late)) = built {
            pages = files.pages();
            pending = late.map(|paths| Arc::new(Pending::new(paths)));
            // The new files first, then the news: a browser told to reload gets them.
            self.serve(Served {
                generation,
                files,
                pending: pending.clone(),
            });
        }
        let took = started.elapsed();
        self.hub.publish(Status {
            generation,
            ok,
            errors: if ok {
                String::new()
            } else {
                diagnostics.clone()
            },
        });
        let mut rebuilt = Rebuilt {
            ok,
            pages,
            errors,
            warnings,
            diagnostics,
            took,
            finished: None,
        };
        if let Some(pending) = pending {
            let _release = Release(pending);
            self.finish_edit(&options, generation, &mut rebuilt);
            rebuilt.finished = Some(started.elapsed());
        }
        rebuilt
    }

    /// The second half of an edit: the files it reaches besides its pages.
    fn finish_edit(&self, options: &Options, generation: u64, rebuilt: &mut Rebuilt) {
        let diags = Diagnostics::new();
        let files = guarded(&diags, || self.finish(options, &diags));
        let (errors, warnings) = diags.counts();
        rebuilt.warnings += warnings;
        let diagnostics = diags.render_human();
        rebuilt.diagnostics.push_str(&diagnostics);
        match files.filter(|_| errors == 0) {
            Some(files) => {
                rebuilt.pages = files.pages();
                // The pages already shown are the same: no browser needs to reload.
                self.serve(Served {
                    generation,
                    files,
                    pending: None,
                });
            }
            None => {
                rebuilt.ok = false;
                rebuilt.errors = errors.max(1);
                self.hub.publish(Status {
                    generation: generation + 1,
                    ok: false,
                    errors: diagnostics,
                });
            }
        }
    }
}

/// Runs `build`, reporting a bug in it like any other failed build: a panic must not take
/// the server down with it, as the editor would lose the page and the error with it.
fn guarded<T>(diags: &Diagnostics, build: impl FnOnce() -> Option<T>) -> Option<T> {
    std::panic::catch_unwind(AssertUnwindSafe(build)).unwrap_or_else(|_| {
        let message = "the build stopped on a bug in familyties (the details are in the terminal)";
        diags.push(
            Diagnostic::error(message).help("please report it with the file you last saved"),
            None,
        );
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputFile;

    fn files(text: &str) -> Files {
        Files::new(
            ["index.html", "prisons.json"]
                .iter()
                .map(|path| OutputFile {
                    path: path.to_string(),
                    bytes: text.as_bytes().to_vec(),
                })
                .collect(),
        )
    }

    #[test]
    fn a_request_for_a_file_still_being_made_waits_for_it() {
        let shared = Arc::new(Shared::default());
        let pending = Arc::new(Pending::new(HashSet::from(["prisons.json".to_string()])));
        shared.serve(Served {
            generation: 1,
            files: files("pages first"),
            pending: Some(Arc::clone(&pending)),
        });
        // A file the edit made first is answered at once.
        let page = shared.site_for("/").files.get("index.html").unwrap();
        assert_eq!(&page[..], b"pages first");
        let asking = Arc::clone(&shared);
        let data = std::thread::spawn(move || {
            asking
                .site_for("/prisons.json?x=1")
                .files
                .get("prisons.json")
                .unwrap()
        });
        std::thread::sleep(Duration::from_millis(50));
        assert!(!data.is_finished(), "answered before the file was made");
        shared.serve(Served {
            generation: 1,
            files: files("every file"),
            pending: None,
        });
        drop(Release(pending));
        assert_eq!(&data.join().unwrap()[..], b"every file");
    }
}

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

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
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
    pub took: Duration,
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
    /// [`pipeline::update`]), otherwise the whole site.
    fn build(
        &self,
        options: &Options,
        change: Option<&Change>,
        diags: &Diagnostics,
    ) -> Option<Files> {
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
                    let mut files = self.site().files.clone();
                    files.replace(changed);
                    return Some(files);
                }
                Update::Full => {}
            }
        }
        *state = None;
        let (built, kept) = pipeline::run_keeping(options, diags)?;
        *state = Some((options.today, kept));
        Some(Files::new(built.files))
    }

    pub fn site(&self) -> Arc<Served> {
        Arc::clone(&self.site.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Builds the site in memory; serves it if it worked and tells the browsers either way.
    /// A failed build leaves the last good site being served.
    pub fn rebuild(&self, root: &Path, today: Date, change: Option<&Change>) -> Rebuilt {
        let started = Instant::now();
        // Only this thread builds, so the next generation cannot be taken by anyone else.
        let generation = self.hub.status().generation + 1;
        let options = Options {
            root: root.to_path_buf(),
            today,
        };
        let diags = Diagnostics::new();
        // A bug in the build must not take the server down with it: the editor would lose
        // the page and the error with it. It is reported like any other failed build.
        let built = std::panic::catch_unwind(AssertUnwindSafe(|| {
            self.build(&options, change, &diags)
        }))
        .unwrap_or_else(|_| {
            let message =
                "the build stopped on a bug in familyties (the details are in the terminal)";
            diags.push(
                Diagnostic::error(message).help("please report it with the file you last saved"),
                None,
            );
            None
        });
        let (errors, warnings) = diags.counts();
        let diagnostics = diags.render_human();
        let built = built.filter(|_| errors == 0);
        let ok = built.is_some();
        let pages = built.as_ref().map_or(0, Files::pages);
        if let Some(files) = built {
            let served = Arc::new(Served { generation, files });
            // The new files first, then the news: a browser told to reload gets them.
            *self.site.write().unwrap_or_else(|e| e.into_inner()) = served;
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
        Rebuilt {
            ok,
            pages,
            errors,
            warnings,
            diagnostics,
            took,
        }
    }
}

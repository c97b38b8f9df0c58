//! Watching the site's sources and deciding, from the paths that changed, whether a rebuild
//! is needed (as Zola's `filter_events` does). The decision is a pure function of the paths
//! so it can be tested without a file system.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, NoCache, new_debouncer_opt};

/// A file is reported once it has been quiet this long: long enough to gather an editor's
/// save (write, rename, backup) into one rebuild, short enough to feel immediate.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// How often the debouncer hands on the files whose quiet time is up. The files of one save
/// are written a few milliseconds apart, so they can come out one tick apart.
const TICK: Duration = Duration::from_millis(25);
/// Reports closer together than this make one rebuild: more than a tick, so the files of one
/// save that came out on neighbouring ticks are taken together.
const GATHER: Duration = Duration::from_millis(60);

/// What changed, from least to most far-reaching (a batch takes the largest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A page or a file under `content/`.
    Content,
    /// A template, static file or word list of a theme, or the site's own `templates/`.
    Theme,
    /// `content/site.yaml`.
    Config,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The files that changed, relative to the site root, sorted.
    pub paths: Vec<PathBuf>,
}

impl Change {
    /// For the "rebuilt in … ms (…)" line.
    pub fn describe(&self) -> String {
        let first = self.paths.first().map(|p| shown(p)).unwrap_or_default();
        match self.paths.len() {
            0 | 1 => first,
            2 => format!("{first} and 1 other file"),
            n => format!("{first} and {} other files", n - 1),
        }
    }
}

fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Decides what a batch of changed paths means; `None` when nothing the site is built from
/// changed (editor swap files, files outside the watched folders).
pub fn classify(root: &Path, paths: &[PathBuf]) -> Option<Change> {
    let mut relevant: Vec<(ChangeKind, PathBuf)> = paths
        .iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(root).ok()?;
            Some((kind_of(rel)?, rel.to_path_buf()))
        })
        .collect();
    let kind = relevant.iter().map(|(k, _)| *k).max()?;
    relevant.sort_by(|a, b| a.1.cmp(&b.1));
    relevant.dedup_by(|a, b| a.1 == b.1);
    Some(Change {
        kind,
        paths: relevant.into_iter().map(|(_, p)| p).collect(),
    })
}

fn kind_of(rel: &Path) -> Option<ChangeKind> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            _ => return None,
        }
    }
    // Hidden files and folders are skipped by the build too (and cover `.#foo`, `.foo.swp`).
    if parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    if parts.last().is_some_and(|name| is_editor_file(name)) {
        return None;
    }
    match parts.as_slice() {
        ["content", "site.yaml"] => Some(ChangeKind::Config),
        ["content", ..] => Some(ChangeKind::Content),
        ["themes", ..] | ["templates", ..] => Some(ChangeKind::Theme),
        _ => None,
    }
}

/// Files editors write beside the one being saved: swap, backup, lock and test files.
fn is_editor_file(name: &str) -> bool {
    let vim_swap = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.len() == 3 && ext.starts_with("sw"));
    vim_swap
        || name == "4913" // vim checks it may write in the folder with this name
        || name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#')) // emacs auto-save
        || name.ends_with(".tmp")
        || name.ends_with(".crswap")
        || name.ends_with(".kate-swp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// The watcher on `content/`, `themes/` and `templates/` of a site.
pub struct Watcher {
    root: PathBuf,
    events: Receiver<DebounceEventResult>,
    /// Watching stops when this is dropped.
    _debouncer: Debouncer<RecommendedWatcher, NoCache>,
}

impl Watcher {
    /// `root` should be canonical, as the paths notify reports are.
    pub fn start(root: &Path) -> Result<Self, String> {
        let (tx, events) = channel();
        // No file-id cache: it walks and stats every watched file at start, and is only
        // needed to pair renames on systems whose events do not (inotify pairs them itself);
        // a rename is a change to both paths here either way.
        let mut debouncer = new_debouncer_opt::<_, RecommendedWatcher, NoCache>(
            DEBOUNCE,
            Some(TICK),
            tx,
            NoCache,
            notify::Config::default(),
        )
        .map_err(|e| format!("cannot watch the site for changes: {e}"))?;
        for dir in ["content", "themes", "templates"] {
            let dir = root.join(dir);
            if dir.is_dir() {
                debouncer
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch {} for changes: {e}", dir.display()))?;
            }
        }
        Ok(Watcher {
            root: root.to_path_buf(),
            events,
            _debouncer: debouncer,
        })
    }

    /// Blocks until something the site is built from changes, taking in every change that
    /// is already waiting (saves made during the last rebuild) so they make one rebuild.
    /// `None` when watching has stopped.
    pub fn next_change(&self) -> Option<Change> {
        loop {
            let mut paths = Vec::new();
            take(self.events.recv().ok()?, &mut paths);
            while let Ok(more) = self.events.recv_timeout(GATHER) {
                take(more, &mut paths);
            }
            if let Some(mut change) = classify(&self.root, &paths) {
                // Name the files that are still there, not the temporary file an editor
                // (or `sed -i`) wrote and renamed; unless the change was removing files.
                let (present, gone): (Vec<_>, Vec<_>) = change
                    .paths
                    .into_iter()
                    .partition(|p| self.root.join(p).exists());
                change.paths = if present.is_empty() { gone } else { present };
                return Some(change);
            }
        }
    }
}

/// Adds the paths of the events that changed something. notify also reports files being
/// opened and read (inotify's `OPEN`); the build reads every file it watches, so counting
/// those would make each rebuild set off the next one.
fn take(result: DebounceEventResult, paths: &mut Vec<PathBuf>) {
    match result {
        Ok(events) => paths.extend(
            events
                .into_iter()
                .filter(|e| !is_read_only(&e.kind))
                .flat_map(|e| e.event.paths),
        ),
        Err(errors) => {
            for e in errors {
                eprintln!("warning: a change to the site may have been missed: {e}");
            }
        }
    }
}

fn is_read_only(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Access(a) if *a != AccessKind::Close(AccessMode::Write))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_rel(paths: &[&str]) -> Option<Change> {
        let root = Path::new("/site");
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(root, &paths)
    }

    fn kind(paths: &[&str]) -> Option<ChangeKind> {
        classify_rel(paths).map(|c| c.kind)
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            "content/guides/.first-visit.md.swp",
            "content/guides/first-visit.md.swp",
            "content/guides/first-visit.md.swx",
            "content/guides/first-visit.md~",
            "content/guides/.#first-visit.md",
            "content/guides/#first-visit.md#",
            "content/guides/4913",
            "content/guides/first-visit.md.tmp",
            "content/guides/first-visit.md___jb_tmp___",
            "content/.DS_Store",
            "content/.git/index",
            "themes/default/templates/.base.html.swp",
        ] {
            assert_eq!(kind(&[name]), None, "{name}");
        }
    }

    #[test]
    fn paths_outside_the_sources_are_ignored() {
        assert_eq!(
            kind(&["public/index.html", "target/debug/x", "README.md"]),
            None
        );
        assert_eq!(
            classify(
                Path::new("/site"),
                &[PathBuf::from("/elsewhere/content/a.md")]
            ),
            None
        );
        assert_eq!(kind(&[]), None);
    }

    #[test]
    fn content_theme_and_config() {
        assert_eq!(
            kind(&["content/guides/first-visit.md"]),
            Some(ChangeKind::Content)
        );
        assert_eq!(
            kind(&["content/prisons/leeds/photo.jpg"]),
            Some(ChangeKind::Content)
        );
        assert_eq!(kind(&["content/guides"]), Some(ChangeKind::Content));
        assert_eq!(
            kind(&["themes/default/templates/base.html"]),
            Some(ChangeKind::Theme)
        );
        assert_eq!(
            kind(&["themes/default/static/style.css"]),
            Some(ChangeKind::Theme)
        );
        assert_eq!(kind(&["templates/guide.html"]), Some(ChangeKind::Theme));
        assert_eq!(kind(&["content/site.yaml"]), Some(ChangeKind::Config));
    }

    #[test]
    fn a_batch_takes_the_largest_kind_and_names_its_files() {
        let change = classify_rel(&[
            "content/guides/b.md",
            "content/guides/.b.md.swp",
            "themes/default/templates/guide.html",
            "content/guides/b.md",
            "content/guides/a.md",
        ])
        .unwrap();
        assert_eq!(change.kind, ChangeKind::Theme);
        assert_eq!(
            change.paths,
            [
                "content/guides/a.md",
                "content/guides/b.md",
                "themes/default/templates/guide.html"
            ]
            .map(PathBuf::from)
        );
        assert_eq!(change.describe(), "content/guides/a.md and 2 other files");
        assert_eq!(
            kind(&["content/guides/a.md", "content/site.yaml"]),
            Some(ChangeKind::Config)
        );
        assert_eq!(
            classify_rel(&["content/guides/a.md"]).unwrap().describe(),
            "content/guides/a.md"
        );
    }

    #[test]
    fn reads_are_not_changes() {
        assert!(is_read_only(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(is_read_only(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_read_only(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!is_read_only(&EventKind::Modify(
            notify::event::ModifyKind::Any
        )));
    }

    /// A site folder with `content/guides/old.md` in it.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/guides")).unwrap();
        std::fs::write(root.join("content/guides/old.md"), "old").unwrap();
        (dir, root)
    }

    /// The next change the watcher reports, waited for on another thread so that a watcher
    /// that never reports fails the test instead of hanging it.
    fn next_change(watcher: Watcher) -> Change {
        let (tx, rx) = channel();
        std::thread::spawn(move || tx.send(watcher.next_change()));
        rx.recv_timeout(Duration::from_secs(30))
            .expect("a change reported within 30 s")
            .expect("watching went on")
    }

    #[test]
    fn a_save_of_several_files_is_one_change() {
        let (_dir, root) = site();
        let watcher = Watcher::start(&root).unwrap();
        for name in ["a", "b", "c"] {
            std::fs::write(root.join(format!("content/guides/{name}.md")), name).unwrap();
        }
        let change = next_change(watcher);
        assert_eq!(change.kind, ChangeKind::Content);
        assert_eq!(
            change.paths,
            ["a", "b", "c"].map(|n| PathBuf::from(format!("content/guides/{n}.md")))
        );
    }

    #[test]
    fn opening_and_reading_files_is_not_a_change() {
        let (_dir, root) = site();
        let old = root.join("content/guides/old.md");
        let watcher = Watcher::start(&root).unwrap();
        // Read as the build does; then a real save, which must be the only file named.
        for _ in 0..3 {
            assert_eq!(std::fs::read_to_string(&old).unwrap(), "old");
        }
        std::fs::write(root.join("content/guides/new.md"), "new").unwrap();
        assert_eq!(
            next_change(watcher).paths,
            [PathBuf::from("content/guides/new.md")]
        );
    }
}

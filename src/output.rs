//! Writing the site: everything goes to a temporary folder beside the output, which is
//! swapped in only when the whole build succeeded, so a failed build never damages the
//! site that is already published. [`guard`] decides which folders may be replaced,
//! [`swap`] does the swap.

mod guard;
mod swap;

pub use guard::MARKER;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

/// One file of the built site.
pub struct OutputFile {
    /// Path inside the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a successful write did, for the summary line.
#[derive(Debug)]
pub struct Written {
    /// Things the editor should know although the new site is in place.
    pub warnings: Vec<String>,
}

/// Why the site was not written (the output was left as it was).
#[derive(Debug)]
pub struct WriteError {
    pub message: String,
    pub help: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n  = help: {}", self.message, self.help)
    }
}

/// Writes `files` to `out` (see [`write_site_protecting`]) with nothing else to protect.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<Written, WriteError> {
    write_site_protecting(out, &[], files, || {})
}

/// Writes `files` to `out` as one swap (see [`build_site`]).
pub fn write_site_protecting(
    out: &Path,
    protect: &[&Path],
    files: &[OutputFile],
    waiting: impl FnOnce(),
) -> Result<Written, WriteError> {
    let built = build_site(out, protect, waiting, |sink| {
        files
            .par_iter()
            .for_each(|f| sink.put(f.path.clone(), f.bytes.clone()));
        Some(())
    })?;
    // `make` above never gives up, so there is always a result.
    Ok(built.map_or(Written { warnings: vec![] }, |(_, w)| w))
}

/// Where a build puts its files as it makes them.
///
/// A site of 100,000 prisons is several gigabytes of HTML: held in memory until the end it
/// set the peak memory of the build, so `build` streams each file into the staging folder
/// (`Dir`) and keeps only its path. `serve` keeps them (`Memory`), `check` needs only the
/// paths (`Discard`).
pub struct Sink {
    kind: SinkKind,
    paths: Mutex<Vec<String>>,
}

enum SinkKind {
    Memory(Mutex<Vec<OutputFile>>),
    Discard,
    Dir {
        dir: PathBuf,
        /// The first file that could not be written; the rest are still counted, so the
        /// collision check can explain a clash better than the system's error does.
        failed: Mutex<Option<(String, io::Error)>>,
    },
}

impl Sink {
    pub fn memory() -> Sink {
        Sink::new(SinkKind::Memory(Mutex::default()))
    }

    pub fn discard() -> Sink {
        Sink::new(SinkKind::Discard)
    }

    fn dir(dir: PathBuf) -> Sink {
        Sink::new(SinkKind::Dir {
            dir,
            failed: Mutex::default(),
        })
    }

    fn new(kind: SinkKind) -> Sink {
        Sink {
            kind,
            paths: Mutex::default(),
        }
    }

    /// Adds one file; `path` is inside the output folder, with `/` separators.
    pub fn put(&self, path: String, bytes: Vec<u8>) {
        match &self.kind {
            SinkKind::Memory(files) => {
                lock(&self.paths).push(path.clone());
                lock(files).push(OutputFile { path, bytes });
            }
            _ => self.put_slice(path, &bytes),
        }
    }

    /// Adds one file from a buffer the caller goes on using (a page rendered into a
    /// buffer its thread keeps): written straight from it, copied only by a memory sink.
    pub fn put_slice(&self, path: String, bytes: &[u8]) {
        match &self.kind {
            SinkKind::Memory(files) => {
                lock(&self.paths).push(path.clone());
                lock(files).push(OutputFile {
                    path,
                    bytes: bytes.to_vec(),
                });
            }
            SinkKind::Discard => lock(&self.paths).push(path),
            SinkKind::Dir { dir, failed } => {
                if lock(failed).is_none()
                    && let Err(e) = write_creating_parents(&dir.join(&path), bytes)
                {
                    lock(failed).get_or_insert((path.clone(), e));
                }
                lock(&self.paths).push(path);
            }
        }
    }

    /// Adds one file written by `write` as it goes: a file of the whole site (the open data
    /// of 100,000 prisons is about a gigabyte of JSON) goes straight to the staging folder
    /// through a buffered writer rather than being held whole in memory first. An error
    /// from `write` fails the build like a failed write (the site is left as it was), and
    /// is returned too, so the caller can say what it was making.
    pub fn put_streamed(
        &self,
        path: String,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let result = match &self.kind {
            SinkKind::Memory(files) => {
                let mut bytes = Vec::new();
                let result = write(&mut bytes);
                if result.is_ok() {
                    lock(files).push(OutputFile {
                        path: path.clone(),
                        bytes,
                    });
                }
                result
            }
            SinkKind::Discard => write(&mut io::sink()),
            SinkKind::Dir { dir, failed } => {
                let result = stream_creating_parents(&dir.join(&path), write);
                if let Err(e) = &result {
                    lock(failed)
                        .get_or_insert((path.clone(), io::Error::new(e.kind(), e.to_string())));
                }
                result
            }
        };
        lock(&self.paths).push(path);
        result
    }

    /// Adds a file that is already whole.
    pub fn put_file(&self, file: OutputFile) {
        self.put(file.path, file.bytes);
    }

    /// The paths of every file put so far, sorted (a path put twice is there twice).
    pub fn sorted_paths(&self) -> Vec<String> {
        let mut paths = lock(&self.paths).clone();
        paths.sort_unstable();
        paths
    }

    /// The files kept in memory, sorted by path; none for the other sinks.
    pub fn take_files(&self) -> Vec<OutputFile> {
        let mut files = match &self.kind {
            SinkKind::Memory(files) => std::mem::take(&mut *lock(files)),
            _ => Vec::new(),
        };
        // A stable sort: with two files at one path (an error the build reports) the
        // order is still the order they were made in within each thread.
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    fn failure(&self) -> Option<(String, io::Error)> {
        match &self.kind {
            SinkKind::Dir { failed, .. } => lock(failed).take(),
            _ => None,
        }
    }
}

/// A poisoned lock only means another thread panicked while holding it, and the build
/// stops on that panic anyway; the data is still whole.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Most files go into a folder that already exists, so the folder is made only when the
/// write finds it missing: one system call per file rather than a lookup of every parent.
fn write_creating_parents(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)
        }
        other => other,
    }
}

fn stream_creating_parents(
    path: &Path,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let file = match std::fs::File::create(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::File::create(path)?
        }
        other => other?,
    };
    let mut out = io::BufWriter::with_capacity(64 * 1024, file);
    write(&mut out)?;
    io::Write::flush(&mut out)
}

/// Builds a site straight into `out` as one swap: `make` puts each file into a hidden
/// staging folder beside `out` as soon as it is made; when it returns `Some`, the files
/// are flushed to disk and the folder takes `out`'s place. When `make` returns `None`
/// (the build had errors) or a file cannot be written, the staging folder is removed and
/// `out` is left exactly as it was. `out` must be missing, empty or an earlier build, and
/// must not contain any of `protect` (the site root). A second build to the same `out`
/// waits; `waiting` is called once when it has to.
pub fn build_site<R>(
    out: &Path,
    protect: &[&Path],
    waiting: impl FnOnce(),
    make: impl FnOnce(&Sink) -> Option<R>,
) -> Result<Option<(R, Written)>, WriteError> {
    let shown = out.display().to_string();
    let unchanged = |what: &str, e: io::Error| WriteError {
        message: format!("cannot {what}: {e}"),
        help: format!(
            "check the folder can be written to and the disk is not full; the site in {shown} was not changed"
        ),
    };
    guard::check(out, protect).map_err(|r| WriteError {
        message: r.message,
        help: format!("{}; nothing was written", r.help),
    })?;
    let names = swap::Names::of(out);
    std::fs::create_dir_all(&names.parent)
        .map_err(|e| unchanged(&format!("create {}", names.parent.display()), e))?;
    let _lock = swap::lock(&names, waiting)
        .map_err(|e| unchanged(&format!("lock {}", names.lock().display()), e))?;
    // Checked again under the lock: the build that held it may have changed the folder.
    guard::check(out, protect).map_err(|r| WriteError {
        message: r.message,
        help: format!("{}; nothing was written", r.help),
    })?;
    let mut warnings = Vec::new();
    for leftover in names
        .leftovers()
        .map_err(|e| unchanged(&format!("read {}", names.parent.display()), e))?
    {
        if let Err(e) = std::fs::remove_dir_all(&leftover) {
            warnings.push(format!(
                "could not remove {}, left by a build that was stopped: {e}; delete it by hand",
                leftover.display()
            ));
        }
    }
    let staging = names.staging();
    let discard = |e: WriteError| {
        let _ = std::fs::remove_dir_all(&staging);
        e
    };
    std::fs::create_dir_all(&staging)
        .and_then(|()| {
            // The mark goes first, so even a half-written folder is recognised as a build's.
            std::fs::write(staging.join(guard::MARKER), guard::MARKER_TEXT)
        })
        .map_err(|e| discard(unchanged(&format!("write into {}", staging.display()), e)))?;
    let sink = Sink::dir(staging.clone());
    // A panic while building must not leave a half-built staging folder behind either.
    let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| make(&sink)));
    let made = match made {
        Ok(made) => made,
        Err(panic) => {
            let _ = std::fs::remove_dir_all(&staging);
            std::panic::resume_unwind(panic);
        }
    };
    let Some(result) = made else {
        let _ = std::fs::remove_dir_all(&staging);
        return Ok(None);
    };
    if let Some((path, e)) = sink.failure() {
        return Err(discard(unchanged(&format!("write /{path}"), e)));
    }
    swap::sync_tree(&staging)
        .map_err(|e| discard(unchanged(&format!("flush {}", staging.display()), e)))?;
    match swap::swap(&staging, out, &names.old()) {
        Ok(swap::Swapped::OldLeft(old, e)) => warnings.push(format!(
            "the new site is in {shown}, but the previous one, moved to {}, could not be deleted: {e}; the next build deletes it",
            old.display()
        )),
        Ok(_) => {}
        Err(e) => {
            return Err(discard(unchanged(
                &format!("put the new site in place at {shown}"),
                e,
            )));
        }
    }
    Ok(Some((result, Written { warnings })))
}

/// Copies a folder's files (a theme's `static/`) into the list of outputs.
pub fn collect_dir(dir: &Path, prefix: &str, out: &mut Vec<OutputFile>) -> io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        out.push(OutputFile {
            path: format!("{prefix}{rel}"),
            bytes: std::fs::read(entry.path())?,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let one = [OutputFile {
            path: "a/index.html".into(),
            bytes: b"one".to_vec(),
        }];
        write_site(&out, &one).unwrap();
        let two = [OutputFile {
            path: "b/index.html".into(),
            bytes: b"two".to_vec(),
        }];
        write_site(&out, &two).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        // Only the output: no staging or old folders, no lock file.
        assert_eq!(leftovers.len(), 1);
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn streamed_files_are_in_staging_until_the_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let made = build_site(
            &out,
            &[],
            || {},
            |sink| {
                sink.put("a/b/index.html".into(), b"page".to_vec());
                let mut buffer = b"one".to_vec();
                sink.put_slice("a/one.html".into(), &buffer);
                buffer.clear();
                buffer.extend_from_slice(b"two");
                sink.put_slice("a/two.html".into(), &buffer);
                // Written already, but not yet where readers look.
                assert!(!out.exists());
                assert_eq!(
                    sink.sorted_paths(),
                    ["a/b/index.html", "a/one.html", "a/two.html"]
                );
                Some(7)
            },
        )
        .unwrap();
        assert_eq!(made.map(|(n, _)| n), Some(7));
        assert_eq!(std::fs::read(out.join("a/b/index.html")).unwrap(), b"page");
        assert_eq!(std::fs::read(out.join("a/one.html")).unwrap(), b"one");
        assert_eq!(std::fs::read(out.join("a/two.html")).unwrap(), b"two");
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn a_failed_build_leaves_the_site_and_removes_its_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = [OutputFile {
            path: "index.html".into(),
            bytes: b"old".to_vec(),
        }];
        write_site(&out, &old).unwrap();
        let before = names_in(tmp.path());
        let made = build_site(
            &out,
            &[],
            || {},
            |sink| {
                sink.put("index.html".into(), b"new".to_vec());
                None::<()>
            },
        )
        .unwrap();
        assert!(made.is_none());
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(names_in(tmp.path()), before);

        let panicked = std::panic::catch_unwind(|| {
            build_site(
                &out,
                &[],
                || {},
                |sink| -> Option<()> {
                    sink.put("index.html".into(), b"new".to_vec());
                    panic!("a bug while rendering");
                },
            )
        });
        assert!(panicked.is_err());
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(names_in(tmp.path()), before);
    }

    #[test]
    fn a_file_that_cannot_be_written_fails_the_build_without_touching_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(
            &out,
            &[OutputFile {
                path: "index.html".into(),
                bytes: b"old".to_vec(),
            }],
        )
        .unwrap();
        let before = names_in(tmp.path());
        // A file where a later one needs a folder.
        let made = build_site(
            &out,
            &[],
            || {},
            |sink| {
                sink.put("a".into(), b"file".to_vec());
                sink.put("a/index.html".into(), b"page".to_vec());
                assert_eq!(sink.sorted_paths(), ["a", "a/index.html"]);
                Some(())
            },
        );
        let e = made.expect_err("the write fails");
        assert!(e.message.contains("/a/index.html"), "{e}");
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(names_in(tmp.path()), before);
    }

    #[test]
    fn streamed_files_are_written_and_a_failing_writer_fails_the_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build_site(
            &out,
            &[],
            || {},
            |sink| {
                sink.put_streamed("data/prisons.json".into(), |w| {
                    for i in 0..3 {
                        write!(w, "[{i}]")?;
                    }
                    Ok(())
                })
                .unwrap();
                Some(())
            },
        )
        .unwrap();
        assert_eq!(
            std::fs::read(out.join("data/prisons.json")).unwrap(),
            b"[0][1][2]"
        );
        let before = names_in(tmp.path());
        let made = build_site(
            &out,
            &[],
            || {},
            |sink| {
                let e = sink
                    .put_streamed("data/prisons.json".into(), |w| {
                        w.write_all(b"[half")?;
                        Err(io::Error::other("a value JSON cannot hold"))
                    })
                    .unwrap_err();
                assert!(e.to_string().contains("cannot hold"));
                Some(())
            },
        );
        let e = made.expect_err("the build fails");
        assert!(e.message.contains("data/prisons.json"), "{e}");
        assert!(e.message.contains("cannot hold"), "{e}");
        assert_eq!(
            std::fs::read(out.join("data/prisons.json")).unwrap(),
            b"[0][1][2]"
        );
        assert_eq!(names_in(tmp.path()), before);

        let memory = Sink::memory();
        memory
            .put_streamed("a".into(), |w| w.write_all(b"kept"))
            .unwrap();
        assert!(
            memory
                .put_streamed("b".into(), |_| Err(io::Error::other("no")))
                .is_err()
        );
        let files = memory.take_files();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].bytes, b"kept");
    }

    #[test]
    fn memory_sink_keeps_files_sorted_and_discard_keeps_paths() {
        let memory = Sink::memory();
        memory.put("b".into(), b"2".to_vec());
        memory.put("a".into(), b"1".to_vec());
        let files = memory.take_files();
        assert_eq!(
            files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(files[0].bytes, b"1");
        // A buffer reused for the next file: each file keeps what it had when put.
        let mut buffer = b"3".to_vec();
        memory.put_slice("c".into(), &buffer);
        buffer.clear();
        buffer.extend_from_slice(b"4");
        memory.put_slice("d".into(), &buffer);
        let kept = memory.take_files();
        assert_eq!(kept[0].bytes, b"3");
        assert_eq!(kept[1].bytes, b"4");
        let discard = Sink::discard();
        discard.put("z".into(), b"x".to_vec());
        assert_eq!(discard.sorted_paths(), ["z"]);
        assert!(discard.take_files().is_empty());
    }
}

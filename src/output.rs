//! Writing the site: everything goes to a temporary folder beside the output, which is
//! swapped in only when the whole build succeeded, so a failed build never damages the
//! site that is already published. [`guard`] decides which folders may be replaced,
//! [`swap`] does the swap.

mod guard;
mod swap;

pub use guard::MARKER;

use std::io;
use std::path::{Path, PathBuf};

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

/// Writes `files` to `out` as one swap: the files go to a hidden folder beside `out`,
/// are flushed to disk, and then take `out`'s place. `out` must be missing, empty or an
/// earlier build, and must not contain any of `protect` (the site root). A second build
/// to the same `out` waits; `waiting` is called once when it has to.
pub fn write_site_protecting(
    out: &Path,
    protect: &[&Path],
    files: &[OutputFile],
    waiting: impl FnOnce(),
) -> Result<Written, WriteError> {
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
    let written = write_all(&staging, files)
        .and_then(|()| swap::sync_tree(&staging))
        .map_err(|e| unchanged(&format!("write the site into {}", staging.display()), e));
    let swapped = written.and_then(|()| {
        swap::swap(&staging, out, &names.old())
            .map_err(|e| unchanged(&format!("put the new site in place at {shown}"), e))
    });
    match swapped {
        Ok(swap::Swapped::OldLeft(old, e)) => warnings.push(format!(
            "the new site is in {shown}, but the previous one, moved to {}, could not be deleted: {e}; the next build deletes it",
            old.display()
        )),
        Ok(_) => {}
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    }
    Ok(Written { warnings })
}

fn write_all(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| dir.join(&f.path).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    std::fs::create_dir_all(dir)?;
    // The mark goes first, so even a half-written folder is recognised as a build's.
    std::fs::write(dir.join(guard::MARKER), guard::MARKER_TEXT)?;
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    files
        .par_iter()
        .try_for_each(|f| std::fs::write(dir.join(&f.path), &f.bytes))
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
}

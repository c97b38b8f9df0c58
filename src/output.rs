//! Writing the site: everything goes to a temporary folder beside the output, which is
//! swapped in only when the whole build succeeded, so a failed build never damages the
//! site that is already published.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// One file of the built site.
pub struct OutputFile {
    /// Path inside the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Writes `files` to `out` atomically (as far as the file system allows: one rename).
pub fn write_site(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}-building-{}", std::process::id()));
    let old = parent.join(format!(".{name}-old-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let result = write_all(&staging, files).and_then(|()| swap(&staging, out, &old));
    if result.is_err() && staging.exists() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_all(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| dir.join(&f.path).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    std::fs::create_dir_all(dir)?;
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    files
        .par_iter()
        .try_for_each(|f| std::fs::write(dir.join(&f.path), &f.bytes))
}

fn swap(staging: &Path, out: &Path, old: &Path) -> io::Result<()> {
    if out.exists() {
        std::fs::rename(out, old)?;
        if let Err(e) = std::fs::rename(staging, out) {
            // Put the published site back before reporting.
            let _ = std::fs::rename(old, out);
            return Err(e);
        }
        std::fs::remove_dir_all(old)?;
    } else {
        std::fs::rename(staging, out)?;
    }
    Ok(())
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
        assert_eq!(leftovers.len(), 1);
    }
}

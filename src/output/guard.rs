//! Deciding whether a folder may be replaced by a build. `build --out` swaps the whole
//! folder, so a mistyped `--out content` or `--out ~` would otherwise delete an editor's
//! work; only a folder that is missing, empty or marked as an earlier build is replaced.

use std::io;
use std::path::{Path, PathBuf};

/// The small file every build writes at the top of its output, so the next build knows
/// the folder is its own to replace.
pub const MARKER: &str = ".familyties-build";
pub const MARKER_TEXT: &str = "This folder was written by `familyties build`.\n\
The next build replaces everything in it, so keep no other files here.\n";

/// Why a folder is not used as the output, in an editor's words.
#[derive(Debug)]
pub struct Refusal {
    pub message: String,
    pub help: String,
}

fn refuse(message: String, help: &str) -> Refusal {
    Refusal {
        message,
        help: help.to_string(),
    }
}

const PICK_ANOTHER: &str = "build into a new folder of its own, for example `--out public` \
(the default), which familyties creates and then owns";

/// Checks `out` may be written; `protect` are folders (the site root) it must not contain.
pub fn check(out: &Path, protect: &[&Path]) -> Result<(), Refusal> {
    let shown = out.display();
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(refuse(
                format!("cannot look at the output folder {shown}: {e}"),
                "check the folder exists and can be read",
            ));
        }
    };
    let Some(meta) = meta else {
        return check_not_around(out, protect);
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(
            format!(
                "the output {shown} is a symbolic link; a build would replace the link, not the folder it points to"
            ),
            PICK_ANOTHER,
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(
            format!("the output {shown} is a file, not a folder; building there would replace it"),
            PICK_ANOTHER,
        ));
    }
    check_not_around(out, protect)?;
    for inside in ["content", ".git"] {
        if out.join(inside).exists() {
            return Err(refuse(
                format!(
                    "the output folder {shown} holds `{inside}`: a build replaces the whole folder and would delete it"
                ),
                PICK_ANOTHER,
            ));
        }
    }
    if out.join(MARKER).is_file() || built_before_marks(out) {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(out).map_err(|e| {
        refuse(
            format!("cannot read the output folder {shown}: {e}"),
            "check the folder can be read",
        )
    })?;
    if entries.next().is_some() {
        return Err(refuse(
            format!(
                "the output folder {shown} already holds files that familyties did not write; a build replaces the whole folder and would delete them"
            ),
            "build into a new or empty folder (for example `--out public`); if this is a site \
built by an older familyties, delete the folder and build again",
        ));
    }
    Ok(())
}

/// A build by a familyties from before the mark existed: it always wrote these files at
/// the top, a combination nothing else makes, so `public/` from an older version is still
/// replaced rather than refused.
fn built_before_marks(out: &Path) -> bool {
    [
        "index.html",
        "404.html",
        "sitemap.xml",
        "prisons.json",
        "prisons.csv",
    ]
    .iter()
    .all(|f| out.join(f).is_file())
}

/// Refuses an output that is, or is above, one of the protected folders.
fn check_not_around(out: &Path, protect: &[&Path]) -> Result<(), Refusal> {
    let out = absolute(out);
    for p in protect {
        let p = absolute(p);
        if p.starts_with(&out) {
            return Err(refuse(
                format!(
                    "the output {} contains the site's own folder {}; a build replaces the whole output folder and would delete the site",
                    out.display(),
                    p.display()
                ),
                PICK_ANOTHER,
            ));
        }
        if out.starts_with(p.join("content")) {
            return Err(refuse(
                format!(
                    "the output {} is inside content/; the built site would be read back as content",
                    out.display()
                ),
                PICK_ANOTHER,
            ));
        }
    }
    Ok(())
}

/// `path` made absolute with `..` and links resolved as far as the folders exist, so
/// `--out ./content/..` is seen to be the site root.
fn absolute(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut existing = path.to_path_buf();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut real = real;
            for part in missing.iter().rev() {
                real.push(part);
            }
            return real;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name.to_os_string());
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => return path.to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_missing_empty_or_marked_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let protect = [root.as_path()];
        assert!(check(&root.join("public"), &protect).is_ok());
        assert!(check(&root, &protect).is_err());
        assert!(check(&root.join("content"), &protect).is_err());
        assert!(check(&root.join("content/x"), &protect).is_err());
        assert!(check(tmp.path(), &protect).is_err());
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(check(&empty, &protect).is_ok());
        std::fs::write(empty.join("notes.txt"), "mine").unwrap();
        assert!(check(&empty, &protect).is_err());
        std::fs::write(empty.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check(&empty, &protect).is_ok());
        let older = tmp.path().join("older");
        std::fs::create_dir(&older).unwrap();
        for f in ["index.html", "404.html", "sitemap.xml", "prisons.json"] {
            std::fs::write(older.join(f), "x").unwrap();
            assert!(check(&older, &protect).is_err(), "not yet all of them");
        }
        std::fs::write(older.join("prisons.csv"), "x").unwrap();
        assert!(check(&older, &protect).is_ok());
        std::fs::write(tmp.path().join("README.md"), "x").unwrap();
        assert!(check(&tmp.path().join("README.md"), &protect).is_err());
    }
}

//! Putting a finished build in place of the published one so that, whenever the process
//! is killed, the output path holds either the old site or the new one, never neither.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// The hidden names a build uses beside the output: `.NAME-building-PID` while writing and
/// `.NAME-old-PID` for the replaced site. A build killed part way leaves them behind; the
/// next build (holding the lock, so no other build is using them) removes them.
pub struct Names {
    pub parent: PathBuf,
    pub name: String,
}

impl Names {
    pub fn of(out: &Path) -> Names {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        Names { parent, name }
    }

    pub fn staging(&self) -> PathBuf {
        self.parent
            .join(format!(".{}-building-{}", self.name, std::process::id()))
    }

    pub fn old(&self) -> PathBuf {
        self.parent
            .join(format!(".{}-old-{}", self.name, std::process::id()))
    }

    /// What is locked: on Unix the folder that holds the output (a directory can be
    /// locked, so no lock file is left beside the site), elsewhere a lock file.
    pub fn lock(&self) -> PathBuf {
        if cfg!(unix) {
            self.parent.clone()
        } else {
            self.parent.join(format!(".{}.lock", self.name))
        }
    }

    /// Leftovers of earlier builds killed part way: every `.NAME-building-N`/`.NAME-old-N`.
    pub fn leftovers(&self) -> io::Result<Vec<PathBuf>> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&self.parent)? {
            let entry = entry?;
            let file_name = entry.file_name();
            let Some(name) = file_name.to_str() else {
                continue;
            };
            let is_ours = [
                format!(".{}-building-", self.name),
                format!(".{}-old-", self.name),
            ]
            .iter()
            .any(|prefix| {
                name.strip_prefix(prefix.as_str())
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            });
            if is_ours && entry.file_type()?.is_dir() {
                found.push(entry.path());
            }
        }
        found.sort();
        Ok(found)
    }
}

/// Holds the output's lock file locked until dropped; a second build waits for it.
pub struct Lock {
    _file: File,
}

/// Takes the lock beside the output; `waiting` is called once if another build has it.
pub fn lock(names: &Names, waiting: impl FnOnce()) -> io::Result<Lock> {
    let file = if cfg!(unix) {
        File::open(names.lock())?
    } else {
        File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(names.lock())?
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock()?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    Ok(Lock { _file: file })
}

/// How the new site was put in place.
#[derive(Debug, PartialEq, Eq)]
pub enum Swapped {
    /// There was no site before.
    Fresh,
    /// The old site was replaced and removed.
    Replaced,
    /// The new site is in place, but the old one, kept at this path, could not be removed.
    OldLeft(PathBuf, String),
}

/// Puts `staging` at `out`. With an exchange (Linux) `out` always names a whole site; the
/// fallback's two renames leave a moment with nothing at `out`.
pub fn swap(staging: &Path, out: &Path, old: &Path) -> io::Result<Swapped> {
    swap_removing(staging, out, old, |p| std::fs::remove_dir_all(p))
}

/// [`swap`], with the removal of the replaced site given (so tests can make it fail).
fn swap_removing(
    staging: &Path,
    out: &Path,
    old: &Path,
    remove: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<Swapped> {
    if std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(staging, out)?;
        sync_dir(out.parent());
        return Ok(Swapped::Fresh);
    }
    let replaced_at = if exchange(staging, out)? {
        // After the exchange the staging name holds the old site.
        staging
    } else {
        std::fs::rename(out, old)?;
        if let Err(e) = std::fs::rename(staging, out) {
            // Put the published site back before reporting.
            let _ = std::fs::rename(old, out);
            return Err(e);
        }
        old
    };
    sync_dir(out.parent());
    match remove(replaced_at) {
        Ok(()) => Ok(Swapped::Replaced),
        Err(e) => Ok(Swapped::OldLeft(replaced_at.to_path_buf(), e.to_string())),
    }
}

/// Swaps two paths in one step; `false` when the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Old kernels (ENOSYS) and some file systems (EINVAL) have no exchange.
        Err(e) if e == rustix::io::Errno::NOSYS || e == rustix::io::Errno::INVAL => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Flushes the written files to disk before the swap, so a power cut after it cannot leave
/// a site of empty files. On Linux one `syncfs` covers the whole file system.
pub fn sync_tree(dir: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let f = File::open(dir)?;
        rustix::fs::syncfs(&f)?;
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        for entry in walkdir::WalkDir::new(dir) {
            let entry = entry.map_err(io::Error::other)?;
            if entry.file_type().is_file() {
                File::open(entry.path())?.sync_all()?;
            }
        }
        Ok(())
    }
}

/// Makes a rename durable; failing here changes nothing for the reader, so it is ignored.
fn sync_dir(dir: Option<&Path>) {
    let dir = match dir {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path, text: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("index.html"), text).unwrap();
    }

    #[test]
    fn the_new_site_stays_when_the_old_one_cannot_be_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, staging, old) = (
            tmp.path().join("public"),
            tmp.path().join(".public-building-1"),
            tmp.path().join(".public-old-1"),
        );
        site(&out, "old");
        site(&staging, "new");
        let refused = |_: &Path| Err(io::Error::from(io::ErrorKind::PermissionDenied));
        let swapped = swap_removing(&staging, &out, &old, refused).unwrap();
        let Swapped::OldLeft(left, _) = swapped else {
            panic!("{swapped:?}");
        };
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(left.join("index.html")).unwrap(),
            "old"
        );
        // The folder left behind is one the next build recognises and removes.
        assert_eq!(Names::of(&out).leftovers().unwrap(), [left]);
    }
}

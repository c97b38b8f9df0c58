//! The theme's static files, with a content hash in the names of stylesheets and scripts
//! (`style.css` → `assets/style.1a2b3c4d.css`). A host can then cache them for a year: a
//! changed file gets a new name, so a family's phone never keeps a stale stylesheet, while
//! pages (short cache) always point at the current names. Templates ask for an asset by its
//! plain name with `asset(path="style.css")`.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::output::OutputFile;

/// Where hashed files go; the host's cache rule (`_headers`) names this folder.
pub const HASHED_DIR: &str = "assets";

/// Files that must keep their name: a service worker's address is its identity (a new name
/// would register a second worker), so it is never hashed.
const STABLE_NAMES: &[&str] = &["sw.js", "service-worker.js"];

/// Hex digits of the SHA-256 kept in a name: enough that two versions of one file never
/// share a name.
const HASH_CHARS: usize = 10;

#[derive(Default)]
pub struct Assets {
    /// Plain name (`style.css`) → published address (`/assets/style.1a2b3c4d5e.css`).
    urls: BTreeMap<String, String>,
    /// Every static file under its published path.
    pub files: Vec<OutputFile>,
}

impl Assets {
    /// Reads the theme's `static/` folder and adds the generated files (the code
    /// highlighting stylesheet), hashing stylesheets and scripts.
    pub fn load(static_dir: &Path, generated: Vec<OutputFile>) -> io::Result<Assets> {
        let mut plain = Vec::new();
        crate::output::collect_dir(static_dir, "", &mut plain)?;
        plain.extend(generated);
        plain.sort_by(|a, b| a.path.cmp(&b.path));
        let mut assets = Assets::default();
        for file in plain {
            let published = if is_hashed(&file.path) {
                hashed_path(&file.path, &file.bytes)
            } else {
                file.path.clone()
            };
            assets
                .urls
                .insert(file.path.clone(), format!("/{published}"));
            assets.files.push(OutputFile {
                path: published,
                bytes: file.bytes,
            });
        }
        Ok(assets)
    }

    /// The published address of a static file, by its name in `static/`.
    pub fn url(&self, plain: &str) -> Option<&str> {
        self.urls
            .get(plain.trim_start_matches('/'))
            .map(String::as_str)
    }

    /// The plain names, for an error that lists what exists.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.urls.keys().map(String::as_str)
    }
}

fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".css") || lower.ends_with(".js")) && !STABLE_NAMES.contains(&lower.as_str())
}

fn hashed_path(path: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest
        .iter()
        .flat_map(|b| [b >> 4, b & 0xf])
        .take(HASH_CHARS)
        .map(|n| char::from_digit(u32::from(n), 16).unwrap_or('0'))
        .collect();
    let (dir, name) = match path.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => (String::new(), path),
    };
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    format!("{HASHED_DIR}/{dir}{stem}.{hex}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.as_bytes().to_vec(),
        }
    }

    #[test]
    fn stylesheets_and_scripts_get_a_content_hash_others_keep_their_name() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("style.css"), "body{}").unwrap();
        std::fs::write(tmp.path().join("sw.js"), "// worker").unwrap();
        std::fs::write(tmp.path().join("favicon.svg"), "<svg/>").unwrap();
        let assets = Assets::load(tmp.path(), vec![file("highlight.css", "pre{}")]).unwrap();
        let css = assets.url("style.css").unwrap();
        assert!(
            css.starts_with("/assets/style.") && css.ends_with(".css"),
            "{css}"
        );
        assert_eq!(css.len(), "/assets/style..css".len() + HASH_CHARS);
        assert!(
            assets
                .url("/highlight.css")
                .unwrap()
                .starts_with("/assets/highlight.")
        );
        assert_eq!(assets.url("sw.js"), Some("/sw.js"));
        assert_eq!(assets.url("favicon.svg"), Some("/favicon.svg"));
        assert_eq!(assets.url("missing.css"), None);
    }

    #[test]
    fn a_changed_file_gets_a_new_name() {
        let a = hashed_path("style.css", b"body{color:black}");
        let b = hashed_path("style.css", b"body{color:navy}");
        assert_ne!(a, b);
        assert_eq!(a, hashed_path("style.css", b"body{color:black}"));
    }
}

//! The built site held in memory, and the mapping from a request's path onto it.
//!
//! Nothing here touches the disk: a request can only ever get one of the files the build
//! produced, because the only thing a path is used for is a lookup in this map. Paths that
//! try to climb (`..`, `%2e%2e`), use backslashes or NUL, or are not plain `/…` paths are
//! refused before the lookup anyway, so they get a 404 rather than a "helpful" rewrite.

use std::collections::HashMap;
use std::sync::Arc;

use crate::output::OutputFile;

/// Every file of one successful build, keyed by its path in the output (`guides/x/index.html`).
///
/// An edit replaces a few files of tens of thousands: the build's files are shared
/// (`base`) and the files edits made since are kept beside them, so that serving an edit
/// never copies the whole map.
#[derive(Default, Clone)]
pub struct Files {
    /// `Arc` so a response can hold a file without copying it or holding a lock.
    base: Arc<HashMap<String, Arc<[u8]>>>,
    /// Files made by edits since `base`, in place of theirs.
    changed: HashMap<String, Arc<[u8]>>,
}

impl Files {
    pub fn new(files: Vec<OutputFile>) -> Self {
        let map = files
            .into_iter()
            .map(|f| (f.path, Arc::from(f.bytes)))
            .collect();
        Files {
            base: Arc::new(map),
            changed: HashMap::new(),
        }
    }

    /// Puts in the files one edit rebuilt, replacing their old versions.
    pub fn replace(&mut self, files: Vec<OutputFile>) {
        for f in files {
            self.changed.insert(f.path, Arc::from(f.bytes));
        }
        // Folded in once they are many, so each copy of `changed` stays small.
        if self.changed.len() > 4096 + self.base.len() / 16 {
            let mut base = (*self.base).clone();
            base.extend(self.changed.drain());
            self.base = Arc::new(base);
        }
    }

    /// The paths of the files, each once.
    fn paths(&self) -> impl Iterator<Item = &String> {
        let added = self
            .changed
            .keys()
            .filter(|k| !self.base.contains_key(k.as_str()));
        self.base.keys().chain(added)
    }

    /// How many pages (HTML files) there are.
    pub fn pages(&self) -> usize {
        self.paths().filter(|k| k.ends_with(".html")).count()
    }

    pub fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        self.changed
            .get(path)
            .or_else(|| self.base.get(path))
            .cloned()
    }

    pub fn len(&self) -> usize {
        self.paths().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a request path turns into.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A file of the site: its key (for the content type) and bytes.
    Found(String, Arc<[u8]>),
    /// `/guides` → `/guides/`, so the page's relative links resolve as they will online.
    Redirect(String),
    NotFound,
}

/// The key of the file `target` (the request target as sent) asks for, if it is a plain
/// site path.
pub fn key_of(target: &str) -> Option<String> {
    normalise(target.split(['?', '#']).next().unwrap_or(""))
}

/// Finds the file for `target`, the request target as sent (`/guides/x/?a=b`).
pub fn lookup(files: &Files, target: &str) -> Lookup {
    let raw_path = target.split(['?', '#']).next().unwrap_or("");
    let Some(key) = normalise(raw_path) else {
        return Lookup::NotFound;
    };
    if let Some(bytes) = files.get(&key) {
        return Lookup::Found(key, bytes);
    }
    if !raw_path.ends_with('/') && files.get(&format!("{key}/index.html")).is_some() {
        let query = target.find('?').map_or("", |i| &target[i..]);
        return Lookup::Redirect(format!("{raw_path}/{query}"));
    }
    Lookup::NotFound
}

/// The map key for a request path, or `None` for anything that is not a plain site path.
fn normalise(raw_path: &str) -> Option<String> {
    let path = percent_decode(raw_path)?;
    let rest = path.strip_prefix('/')?;
    if rest.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        // An empty segment is only allowed last (the trailing slash); `//etc` is refused.
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || *segment == "." || *segment == ".." {
            return None;
        }
    }
    let mut key = rest.to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Some(key)
}

/// Decodes `%xx` escapes; `None` when the bytes are not UTF-8. A `%` not followed by two
/// hex digits stays as it is, which can only ever miss in the map.
fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// The `Content-Type` for a file of the site, from its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Files {
        let file = |path: &str| OutputFile {
            path: path.to_string(),
            bytes: path.as_bytes().to_vec(),
        };
        Files::new(vec![
            file("index.html"),
            file("guides/first-visit/index.html"),
            file("style.css"),
            file("files/visit plan.pdf"),
        ])
    }

    fn found(target: &str) -> Option<String> {
        match lookup(&site(), target) {
            Lookup::Found(key, _) => Some(key),
            _ => None,
        }
    }

    #[test]
    fn an_edit_replaces_its_files_and_no_other() {
        let mut files = site();
        let before = files.clone();
        let edit = |n: usize| OutputFile {
            path: "guides/first-visit/index.html".into(),
            bytes: format!("edit {n}").into_bytes(),
        };
        for n in 0..5000 {
            files.replace(vec![edit(n)]);
        }
        files.replace(vec![OutputFile {
            path: "new.html".into(),
            bytes: b"new".to_vec(),
        }]);
        let page = files.get("guides/first-visit/index.html").unwrap();
        assert_eq!(&page[..], b"edit 4999");
        assert_eq!(&files.get("style.css").unwrap()[..], b"style.css");
        assert_eq!((files.len(), files.pages()), (5, 3));
        // The copy served before the edits is as it was.
        let old = before.get("guides/first-visit/index.html").unwrap();
        assert_eq!(&old[..], b"guides/first-visit/index.html");
        assert_eq!((before.len(), before.pages()), (4, 2));
    }

    #[test]
    fn folders_serve_their_index() {
        assert_eq!(found("/").as_deref(), Some("index.html"));
        assert_eq!(
            found("/guides/first-visit/").as_deref(),
            Some("guides/first-visit/index.html")
        );
        assert_eq!(
            found("/guides/first-visit/?utm=x#top").as_deref(),
            Some("guides/first-visit/index.html")
        );
        assert_eq!(found("/style.css").as_deref(), Some("style.css"));
        assert_eq!(
            found("/files/visit%20plan.pdf").as_deref(),
            Some("files/visit plan.pdf")
        );
    }

    #[test]
    fn folder_without_slash_redirects() {
        assert_eq!(
            lookup(&site(), "/guides/first-visit"),
            Lookup::Redirect("/guides/first-visit/".into())
        );
        assert_eq!(
            lookup(&site(), "/guides/first-visit?a=1"),
            Lookup::Redirect("/guides/first-visit/?a=1".into())
        );
        assert_eq!(lookup(&site(), "/guides/"), Lookup::NotFound);
    }

    #[test]
    fn nothing_outside_the_site() {
        for target in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/index.html",
            "/guides/../../x",
            "/guides/../index.html",
            "/./index.html",
            "/guides\\..\\index.html",
            "/guides%5c..%5cindex.html",
            "/index.html%00",
            "//etc/passwd",
            "/etc//passwd",
            "etc/passwd",
            "http://example.org/",
            "C:/Windows/win.ini",
            "/%",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(lookup(&site(), target), Lookup::NotFound, "{target}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("find-prison.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("search-index.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("visits.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("logo.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("photo.jpg"), "image/jpeg");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}

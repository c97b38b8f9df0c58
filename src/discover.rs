//! Finding the content files (walkdir) and deciding, from the folder each is in, what kind
//! of page it is and where it will be published.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::content::{Asset, Kind, SourceFile};
use crate::diagnostics::{Diagnostic, display_path};
use crate::kinds;
use crate::slug::slugify;

// Where a page's language is defined: the kinds, the model and the views need it, and
// none of them needs discovery.
pub use crate::model::Lang;

/// The page's address on the site, ending in `/` (or, for a page shown on its kind's
/// list, a place on that list).
pub fn url(file: &SourceFile) -> String {
    let (lang, p) = (file.lang, file.lang.prefix());
    match &file.kind {
        Kind::Home => format!("{p}/"),
        Kind::Prison { slug } => kinds::prison::url(lang, slug),
        Kind::PrisonPage { prison, slug } => kinds::prison::page_url(lang, prison, slug),
        Kind::Entry { kind, slug } => kinds::named(kind).url(lang, slug),
        Kind::Plain { path } => format!("{p}/{path}/"),
    }
}

#[derive(Default)]
pub struct Discovered {
    pub files: Vec<SourceFile>,
    pub assets: Vec<Asset>,
    pub problems: Vec<Diagnostic>,
}

/// Walks `content/` in a stable (sorted) order; symlinks are not followed, so a link loop
/// cannot hang the build.
pub fn discover(root: &Path) -> Discovered {
    let content = root.join("content");
    let mut found = Discovered::default();
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let shown = e
                    .path()
                    .map_or_else(|| PathBuf::from("content"), |p| display_path(root, p));
                found.problems.push(
                    Diagnostic::error(format!("cannot read this folder entry: {e}"))
                        .in_file(shown)
                        .help("check the file exists and can be read"),
                );
                continue;
            }
        };
        let path = entry.path();
        let shown = display_path(root, path);
        if entry.path_is_symlink() {
            found.problems.push(
                Diagnostic::warning("symbolic links are not followed; this entry is skipped")
                    .in_file(shown)
                    .help("copy the file into content/ instead of linking to it"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = path.strip_prefix(&content) else {
            continue;
        };
        let mut content_path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if content_path == "site.yaml" {
            continue;
        }
        if let Some(stem) = markdown_stem(&content_path) {
            // `Guide.MD` is a page like `Guide.md`; the rest of the build looks for `.md`.
            content_path = format!("{stem}.md");
        } else {
            if let Err((message, help)) = publishable(&content_path) {
                found
                    .problems
                    .push(Diagnostic::error(message).in_file(shown).help(help));
                continue;
            }
            found.assets.push(Asset {
                abs: path.to_path_buf(),
                content_path,
            });
            continue;
        }
        match classify(&content_path) {
            Ok((kind, lang)) => found.files.push(SourceFile {
                abs: path.to_path_buf(),
                shown,
                content_path,
                kind,
                lang,
            }),
            Err((message, help)) => found
                .problems
                .push(Diagnostic::error(message).in_file(shown).help(help)),
        }
    }
    found
}

/// `path` without its Markdown extension, whatever its case (`.md`, `.MD`, `.Md`).
fn markdown_stem(path: &str) -> Option<&str> {
    let (stem, ext) = path.rsplit_once('.')?;
    ext.eq_ignore_ascii_case("md").then_some(stem)
}

/// Kinds of file copied from content/ as they are: pictures, documents and media that no
/// host serves as something a browser runs. Anything else (web pages, scripts, SVG and
/// every XML type such as `.xht`, `.rdf` or `.atom`) could run script on the site.
const PUBLISHED: [&str; 30] = [
    "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp", // pictures
    "pdf", "txt", "csv", "json", "rtf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx",
    "odp", // documents
    "mp3", "m4a", "ogg", "mp4", "webm", "vtt", // sound and video, captions
    "woff", "woff2", // fonts
];

/// Whether a file that is not Markdown may be copied into the site; if not, why and what
/// to do instead.
fn publishable(content_path: &str) -> Result<(), (String, String)> {
    let name = content_path.rsplit('/').next().unwrap_or(content_path);
    if matches!(name, "_headers" | "_redirects") {
        return Err((
            format!("`{name}` cannot be published from content/: on common web hosts it changes how the whole site is served"),
            "delete it from content/; the site's response headers and redirects are set by familyties and the host's own settings".to_string(),
        ));
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if PUBLISHED.contains(&ext.as_str()) {
        return Ok(());
    }
    let what = if ext.is_empty() {
        "files without an extension".to_string()
    } else {
        format!("`.{ext}` files")
    };
    Err((
        format!("{what} cannot be published from content/: only pictures, documents and media are copied, because a browser could run script in other kinds"),
        "write pages in Markdown (.md); use .png, .jpg or .webp for pictures and .pdf for documents".to_string(),
    ))
}

/// The prisons' folder, as a pattern.
const PRISONS: &str = kinds::prison::FOLDER;

/// Decides the kind of page from its path inside `content/`.
pub fn classify(content_path: &str) -> Result<(Kind, Lang), (String, String)> {
    let without_ext = markdown_stem(content_path).unwrap_or(content_path);
    let (without_lang, lang) = match without_ext.strip_suffix(".cy") {
        Some(s) => (s, Lang::Cy),
        None => (
            without_ext.strip_suffix(".en").unwrap_or(without_ext),
            Lang::En,
        ),
    };
    let parts: Vec<&str> = without_lang.split('/').collect();
    let bad_slug = |part: &str| -> Result<String, (String, String)> {
        let s = slugify(part);
        if s.is_empty() {
            Err((
                format!("the name `{part}` has no letters or digits to make a web address from"),
                "rename the file or folder using letters, digits and hyphens, for example `first-visit.md`".to_string(),
            ))
        } else {
            Ok(s)
        }
    };
    let kind = match parts.as_slice() {
        ["index"] => Kind::Home,
        [dir] if *dir == kinds::prison::FOLDER || kinds::by_folder(dir).is_some() => {
            return Err((
                format!("content/{dir}.md would take the address of the {dir} list the site makes"),
                format!("put each page in the folder instead, e.g. content/{dir}/<name>.md"),
            ));
        }
        [PRISONS, prison, "index"] => Kind::Prison {
            slug: bad_slug(prison)?,
        },
        [PRISONS, prison, name] => Kind::PrisonPage {
            prison: bad_slug(prison)?,
            slug: bad_slug(name)?,
        },
        [PRISONS, name] => {
            return Err((
                format!(
                    "a prison needs a folder of its own, but `{name}.md` is directly in content/prisons/"
                ),
                format!("move it to content/prisons/{}/index.md", slugify(name)),
            ));
        }
        [PRISONS, ..] => {
            return Err((
                "prison folders cannot contain sub-folders".to_string(),
                "put the page directly in the prison's folder, e.g. content/prisons/<prison>/family-day.md".to_string(),
            ));
        }
        [dir, slug] if let Some(def) = kinds::by_folder(dir) => Kind::Entry {
            kind: def.name,
            slug: bad_slug(slug)?,
        },
        [dir, ..] if kinds::by_folder(dir).is_some() => {
            return Err((
                format!("content/{dir}/ cannot contain sub-folders"),
                format!("put the file directly in content/{dir}/"),
            ));
        }
        _ => {
            let mut segs = parts.clone();
            if segs.last() == Some(&"index") {
                segs.pop();
            }
            let path = segs
                .iter()
                .map(|s| bad_slug(s))
                .collect::<Result<Vec<_>, _>>()?
                .join("/");
            Kind::Plain { path }
        }
    };
    Ok((kind, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pictures_documents_and_media_are_published() {
        for ok in [
            "maps/leeds.PNG",
            "leaflets/visiting.pdf",
            "prisons.schema.json",
        ] {
            assert!(publishable(ok).is_ok(), "{ok}");
        }
        for no in [
            "index.html",
            "maps/leeds.SVG",
            "a.xht",
            "a.xsd",
            "a.rng",
            "a.rdf",
            "a.mml",
            "a.xslt",
            "a.atom",
            "a.rss",
            "a.kml",
            "_headers",
            "x/_redirects",
            "README",
        ] {
            assert!(publishable(no).is_err(), "{no}");
        }
        assert_eq!(markdown_stem("guides/A.MD"), Some("guides/A"));
        assert_eq!(markdown_stem("a.mdx"), None);
    }

    #[test]
    fn kinds_come_from_folders() {
        assert_eq!(
            classify("prisons/leeds/index.md").unwrap().0,
            Kind::Prison {
                slug: "leeds".into()
            }
        );
        assert_eq!(
            classify("guides/first-visit.cy.md").unwrap(),
            (
                Kind::Entry {
                    kind: "guide",
                    slug: "first-visit".into()
                },
                Lang::Cy
            )
        );
        assert_eq!(classify("index.cy.md").unwrap(), (Kind::Home, Lang::Cy));
        assert_eq!(
            classify("about/index.md").unwrap().0,
            Kind::Plain {
                path: "about".into()
            }
        );
        assert!(classify("prisons/leeds.md").is_err());
        assert_eq!(
            classify("guides/Ymweliad ŵyr.md").unwrap().0.slug(),
            Some("ymweliad-wyr")
        );
        assert!(classify("support/pact/x.md").is_err());
    }
}

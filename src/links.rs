//! Internal links: editors link to the `.md` file (relative, or from the content root with
//! a leading `/`), and the build turns that into the page's address, checking the file and
//! the `#anchor` exist.

use std::collections::{HashMap, HashSet};

use crate::content::{Meta, Site};

/// What a link written in Markdown turned out to be.
pub enum Resolved {
    /// A site URL to use instead of what was written.
    Url(String),
    /// Left as written (an external address, a `mailto:`).
    Unchanged,
}

/// How a page's links are resolved: the site knows every page and anchor.
pub trait LinkResolver {
    fn resolve(&self, dest: &str) -> Result<Resolved, (String, String)>;
}

/// Every page's address and anchors, shared by all the pages' resolvers.
pub struct LinkIndex {
    /// content path → where it is and its headings.
    pages: HashMap<String, Target>,
    /// The sections of every prison page (from the theme), held once: a copy in each
    /// prison's anchors was 75 MB at 100,000 prisons.
    prison_sections: HashSet<String>,
    /// Files copied as they are (content path).
    assets: HashSet<String>,
    /// Addresses the build generates (lists, search) that editors may link to directly.
    generated: HashSet<String>,
    /// Files that exist but could not be read (content path → address).
    unreadable: HashMap<String, String>,
}

impl LinkIndex {
    /// `prison_sections`: the theme's sections of every prison page, which editors may
    /// link to (see the theme's `theme.yaml`).
    pub fn new(
        site: &Site,
        anchors: Vec<HashSet<String>>,
        generated: HashSet<String>,
        prison_sections: &[String],
    ) -> Self {
        let pages = site
            .pages
            .iter()
            .zip(anchors)
            .map(|(p, anchors)| {
                let target = Target {
                    url: p.url.clone(),
                    anchors,
                    prison: matches!(p.meta, Meta::Prison(_)),
                };
                (p.file.content_path.clone(), target)
            })
            .collect();
        let assets = site.assets.iter().map(|a| a.content_path.clone()).collect();
        LinkIndex {
            pages,
            prison_sections: prison_sections.iter().cloned().collect(),
            assets,
            generated,
            unreadable: site.unreadable.clone(),
        }
    }

    pub fn for_page<'a>(&'a self, content_path: &'a str) -> PageLinks<'a> {
        PageLinks {
            index: self,
            from: content_path,
        }
    }

    pub fn url_of(&self, content_path: &str) -> Option<&str> {
        self.pages.get(content_path).map(|t| t.url.as_str())
    }

    fn has_anchor(&self, target: &Target, anchor: &str) -> bool {
        target.anchors.contains(anchor) || (target.prison && self.prison_sections.contains(anchor))
    }

    /// Every anchor of `target`, for a suggestion when a link names one it lacks.
    fn anchors_of<'a>(&'a self, target: &'a Target) -> Vec<&'a str> {
        let sections = self.prison_sections.iter().filter(|_| target.prison);
        target
            .anchors
            .iter()
            .chain(sections)
            .map(String::as_str)
            .collect()
    }
}

/// A page a link may point to.
struct Target {
    url: String,
    /// Its headings' ids.
    anchors: HashSet<String>,
    /// A prison's page also has the theme's prison sections.
    prison: bool,
}

pub struct PageLinks<'a> {
    index: &'a LinkIndex,
    from: &'a str,
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, dest: &str) -> Result<Resolved, (String, String)> {
        let dest = dest.trim();
        if dest.is_empty() {
            return Err((
                "this link has no address".to_string(),
                "put the address in the round brackets: [text](../guides/first-visit.md)"
                    .to_string(),
            ));
        }
        if let Some(scheme) = scheme_of(dest) {
            return match scheme.as_str() {
                "http" | "https" | "mailto" | "tel" => Ok(Resolved::Unchanged),
                _ => Err((
                    format!("links starting `{scheme}:` are not allowed"),
                    "link to a web address starting https://, a phone number (tel:) or an email address (mailto:)".to_string(),
                )),
            };
        }
        if dest.starts_with("//") {
            return Ok(Resolved::Unchanged);
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        if path.is_empty() {
            let own = self.index.pages.get(self.from);
            return match (anchor, own) {
                (Some(a), Some(own)) if !self.index.has_anchor(own, a) => {
                    Err(missing_anchor(a, "this page", self.index.anchors_of(own)))
                }
                _ => Ok(Resolved::Unchanged),
            };
        }
        let target = join(self.from, path);
        if path.ends_with(".md") {
            let Some(target) = target else {
                return Err(outside(dest));
            };
            if let Some(url) = self.index.unreadable.get(&target) {
                // That file's own error is reported; its headings are unknown.
                let suffix = anchor.map(|a| format!("#{a}")).unwrap_or_default();
                return Ok(Resolved::Url(format!("{url}{suffix}")));
            }
            let Some(page) = self.index.pages.get(&target) else {
                return Err((
                    format!("this link points to content/{target}, which does not exist"),
                    self.suggest_file(&target),
                ));
            };
            return match anchor {
                Some(a) if !self.index.has_anchor(page, a) => Err(missing_anchor(
                    a,
                    &format!("content/{target}"),
                    self.index.anchors_of(page),
                )),
                Some(a) => Ok(Resolved::Url(format!("{}#{a}", page.url))),
                None => Ok(Resolved::Url(page.url.clone())),
            };
        }
        if self.index.generated.contains(path) {
            return Ok(Resolved::Unchanged);
        }
        if path.starts_with('/') && (path.ends_with('/') || path == "/") {
            if self.index.generated.contains(path)
                || self.index.pages.values().any(|t| t.url == path)
            {
                return Ok(Resolved::Unchanged);
            }
            return Err((
                format!("there is no page at {path}"),
                "link to the page's .md file instead, for example /guides/first-visit.md"
                    .to_string(),
            ));
        }
        match target {
            Some(t) if self.index.assets.contains(&t) => {
                let suffix = anchor.map(|a| format!("#{a}")).unwrap_or_default();
                Ok(Resolved::Url(format!("/{t}{suffix}")))
            }
            Some(t) => Err((
                format!("this link points to content/{t}, which does not exist"),
                "check the spelling; pages are linked by their .md file and pictures or documents must be inside content/".to_string(),
            )),
            None => Err(outside(dest)),
        }
    }
}

impl PageLinks<'_> {
    fn suggest_file(&self, target: &str) -> String {
        // Another page whose file name is close to the one written: the whole path alone
        // would match any page in the same folder, and never this page itself.
        let file_name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
        let wanted = file_name(target);
        let names: Vec<&str> = self
            .index
            .pages
            .keys()
            .map(String::as_str)
            .filter(|p| {
                *p != self.from
                    && crate::frontmatter::closest(&wanted, &[file_name(p).as_str()]).is_some()
            })
            .collect();
        match crate::frontmatter::closest(target, &names) {
            Some(best) => format!("did you mean `/{best}`?"),
            None => "check the file name and folder; links are relative to this file, or start with / for the content folder".to_string(),
        }
    }
}

fn missing_anchor(anchor: &str, page: &str, names: Vec<&str>) -> (String, String) {
    let help = match crate::frontmatter::closest(anchor, &names) {
        Some(best) => format!("did you mean `#{best}`?"),
        None => {
            let mut all: Vec<&str> = names;
            all.sort_unstable();
            // A page may have thousands of headings; a few are enough to show the form.
            const SHOWN: usize = 5;
            // Long headings make anchors of hundreds of letters; the start identifies them.
            let shown: Vec<String> = all
                .iter()
                .take(SHOWN)
                .map(|a| match a.char_indices().nth(60) {
                    Some((cut, _)) => format!("{}…", &a[..cut]),
                    None => a.to_string(),
                })
                .collect();
            match all.len() {
                0 => "that page has no headings to link to; remove the `#...` part".to_string(),
                n if n <= SHOWN => format!("the headings there are: #{}", shown.join(", #")),
                n => format!(
                    "the headings there include: #{} and {} more",
                    shown.join(", #"),
                    n - SHOWN
                ),
            }
        }
    };
    (
        format!("{page} has no heading with the anchor `#{anchor}`"),
        help,
    )
}

fn outside(dest: &str) -> (String, String) {
    (
        format!("the link `{dest}` points outside the content folder"),
        "link only to files inside content/".to_string(),
    )
}

/// `scheme` of `scheme:rest`, when the part before the colon is a URL scheme.
fn scheme_of(dest: &str) -> Option<String> {
    let (head, _) = dest.split_once(':')?;
    let valid = !head.is_empty()
        && head.chars().next()?.is_ascii_alphabetic()
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| head.to_ascii_lowercase())
}

/// Resolves `path` written in the file at `from` (both inside `content/`) to a content
/// path; `None` when it climbs out of `content/`.
pub fn join(from: &str, path: &str) -> Option<String> {
    let decoded = percent_decode(path);
    let mut parts: Vec<&str> = if decoded.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = from.split('/').collect();
        dir.pop();
        dir
    };
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_and_absolute_paths() {
        assert_eq!(join("guides/a.md", "b.md").as_deref(), Some("guides/b.md"));
        assert_eq!(
            join("guides/a.md", "../policy/c.md").as_deref(),
            Some("policy/c.md")
        );
        assert_eq!(
            join("guides/a.md", "/prisons/leeds/index.md").as_deref(),
            Some("prisons/leeds/index.md")
        );
        assert_eq!(join("a.md", "../../etc/passwd"), None);
        assert_eq!(
            join("guides/a.md", "my%20file.md").as_deref(),
            Some("guides/my file.md")
        );
        // A `%` before a character of several bytes is left as it is.
        assert_eq!(join("a.md", "b%ŵ.md").as_deref(), Some("b%ŵ.md"));
        assert_eq!(join("a.md", "%+f%C5%B5.md").as_deref(), Some("%+fŵ.md"));
    }

    #[test]
    fn schemes() {
        assert_eq!(
            scheme_of("javascript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme_of("https://x").as_deref(), Some("https"));
        assert_eq!(scheme_of("../a.md"), None);
    }
}

//! The Markdown stage: pulldown-cmark events rewritten in focused passes (heading anchors,
//! links, images, raw HTML, code) before `push_html`.
//!
//! It runs in two steps because a link may point at a heading on any page: `prepare` parses
//! every page and gives its headings stable anchors; `render` (or `check`, which makes no
//! HTML) then resolves links against the anchors of the whole site.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::config::RawHtml;
use crate::diagnostics::Severity;
use crate::glossary::GlossaryLinker;
use crate::highlight;
use crate::links::{LinkResolver, Resolved};
use crate::slug::slugify;
use crate::views::Heading;

mod stage;
pub use stage::Body;
pub(crate) use stage::{CHUNK, Checking, Made, Markdown, index_all};
pub use stage::{glossary_terms, link_index, prepare_all, render_page};

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A parsed page whose headings have their anchors.
pub struct Prepared<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    pub headings: Vec<Heading>,
}

/// A problem in the Markdown, at a byte range of the body.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    pub span: Range<usize>,
    pub message: String,
    pub label: String,
    pub help: String,
}

impl Prepared<'_> {
    /// The ids of the page's headings, for checking links to them.
    pub fn anchors(&self) -> HashSet<String> {
        self.headings.iter().map(|h| h.id.clone()).collect()
    }

    /// The addresses of the links and images that may point to another page (a `.md`
    /// file), as written: the pages a page links to are known from these before any body
    /// is rewritten, once the link index is made.
    pub fn page_links(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|(event, _)| page_link(event))
            .collect()
    }
}

/// Parses `body`; `reserved` are ids the page's template already uses, which headings
/// must not take.
pub fn prepare<'a>(body: &'a str, reserved: &[&str]) -> Prepared<'a> {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut headings = Vec::new();
    let mut anchors = Anchors::new(reserved);
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    text.push_str(t);
                }
                j += 1;
            }
            let heading = anchors.heading(level, explicit, text);
            set_anchor(&mut events[i].0, &heading.id);
            headings.push(heading);
            i = j;
        }
        i += 1;
    }
    Prepared { events, headings }
}

/// [`prepare`] for a body whose headings are known (`toc`, from [`scan`] or `prepare` of
/// the same text): their ids are taken from there, not made again. A `toc` that does not
/// match the body is made again.
pub fn prepare_known<'a>(body: &'a str, reserved: &[&str], toc: &[Heading]) -> Prepared<'a> {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut known = toc.iter();
    for (event, _) in &mut events {
        if matches!(event, Event::Start(Tag::Heading { .. })) {
            let Some(heading) = known.next() else {
                return prepare(body, reserved);
            };
            set_anchor(event, &heading.id);
        }
    }
    if known.next().is_some() {
        return prepare(body, reserved);
    }
    Prepared {
        events,
        headings: toc.to_vec(),
    }
}

/// A heading's start tag given its anchor.
fn set_anchor(event: &mut Event<'_>, anchor: &str) {
    if let Event::Start(Tag::Heading { id, attrs, .. }) = event {
        *id = Some(CowStr::from(anchor.to_string()));
        // `{onclick=...}` after a heading would become an attribute of the tag: only the
        // `#id` and `.class` forms are kept, so no script gets in.
        attrs.clear();
    }
}

/// The address of a link or image that may point to another page (a `.md` file), as
/// written.
fn page_link(event: &Event) -> Option<String> {
    match event {
        Event::Start(
            Tag::Link {
                link_type,
                dest_url,
                ..
            }
            | Tag::Image {
                link_type,
                dest_url,
                ..
            },
        ) if is_page_link(*link_type, dest_url) => Some(dest_url.to_string()),
        _ => None,
    }
}

/// What [`prepare`] finds without keeping the parsed body: the headings with their ids
/// and the addresses of the links that may point to another page
/// ([`Prepared::page_links`]), for the link index.
pub fn scan(body: &str, reserved: &[&str]) -> (Vec<Heading>, Vec<String>) {
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut anchors = Anchors::new(reserved);
    let mut in_heading: Option<(u8, Option<String>, String)> = None;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                in_heading = Some((
                    heading_level(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text)) = in_heading.take() {
                    headings.push(anchors.heading(level, explicit, text));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = &mut in_heading {
                    text.push_str(&t);
                }
            }
            _ => links.extend(page_link(&event)),
        }
    }
    (headings, links)
}

/// Whether a link may point to another page (a `.md` file).
fn is_page_link(link_type: LinkType, dest: &str) -> bool {
    let path = dest.trim().split('#').next().unwrap_or("");
    link_type != LinkType::Email && path.ends_with(".md")
}

/// The ids a page's headings have taken.
struct Anchors {
    used: HashSet<String>,
    /// The next suffix to try for each base: starting again from 1 for each heading made a
    /// page of many same-named headings take quadratic time.
    next_suffix: HashMap<String, usize>,
}

impl Anchors {
    /// `reserved`: the ids the page's template already uses, which headings must not take.
    fn new(reserved: &[&str]) -> Self {
        Anchors {
            used: reserved.iter().map(|s| s.to_string()).collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// The next heading, with its id: the one written (`{#id}`) or made from its text,
    /// with a number added when another heading has it.
    fn heading(&mut self, level: u8, explicit: Option<String>, text: String) -> Heading {
        let base = explicit.unwrap_or_else(|| {
            let s = slugify(&text);
            if s.is_empty() {
                "section".to_string()
            } else {
                s
            }
        });
        let mut anchor = base.clone();
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        while !self.used.insert(anchor.clone()) {
            anchor = format!("{base}-{n}");
            *n += 1;
        }
        Heading {
            level,
            id: anchor,
            text,
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

pub struct Rendered {
    pub html: String,
    pub problems: Vec<Problem>,
    /// Plain text of the body, for reading checks and search.
    pub text: String,
}

pub fn render(
    prepared: Prepared<'_>,
    links: &dyn LinkResolver,
    raw_html: RawHtml,
    glossary: Option<&GlossaryLinker>,
) -> Rendered {
    let Rewritten {
        events,
        problems,
        text,
    } = rewrite(prepared, links, raw_html);
    Rendered {
        html: to_html(events, text.len() * 2, glossary),
        problems,
        text,
    }
}

fn to_html(events: Vec<Event<'_>>, capacity: usize, glossary: Option<&GlossaryLinker>) -> String {
    let events = match glossary {
        Some(g) => g.link(events),
        None => events,
    };
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// A body's events with links resolved, code highlighted and raw HTML dealt with: all
/// its problems and its plain text are known, its HTML not yet made.
pub struct Rewritten<'a> {
    events: Vec<Event<'a>>,
    pub problems: Vec<Problem>,
    /// Plain text of the body, for reading checks and search.
    pub text: String,
}

impl Rewritten<'_> {
    /// The body's HTML, with glossary terms linked when `glossary` is given.
    pub fn html(self, glossary: Option<&GlossaryLinker>) -> String {
        to_html(self.events, self.text.len() * 2, glossary)
    }
}

/// The first half of [`render`]: everything but the HTML, so that a page's problems,
/// links and text can be had without holding its HTML.
pub fn rewrite<'a>(
    prepared: Prepared<'a>,
    links: &dyn LinkResolver,
    raw_html: RawHtml,
) -> Rewritten<'a> {
    rewrite_for(prepared, links, raw_html, true)
}

/// A body's problems and plain text, the same as [`rewrite`] finds, for a check that
/// makes no HTML: its code is not highlighted (a tenth of the time of a page with code),
/// only looked at for the lines too long to highlight.
pub fn check(prepared: Prepared<'_>, links: &dyn LinkResolver, raw_html: RawHtml) -> Checked {
    let Rewritten { problems, text, .. } = rewrite_for(prepared, links, raw_html, false);
    Checked { problems, text }
}

/// What [`check`] finds.
pub struct Checked {
    pub problems: Vec<Problem>,
    /// Plain text of the body, for reading checks and search.
    pub text: String,
}

/// [`rewrite`]; with `highlight` false the code blocks are left out of the events (which
/// then make no HTML worth showing) and only their problems are found.
fn rewrite_for<'a>(
    prepared: Prepared<'a>,
    links: &dyn LinkResolver,
    raw_html: RawHtml,
    highlight: bool,
) -> Rewritten<'a> {
    let mut problems = Vec::new();
    let mut out: Vec<Event> = Vec::with_capacity(prepared.events.len());
    let mut text = String::new();
    let events = prepared.events.into_iter();
    let mut in_code: Option<(String, String)> = None;
    let mut in_image: Option<(Range<usize>, String)> = None;
    for (event, span) in events {
        if let Some((lang, code)) = &mut in_code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let skipped = if highlight {
                        let (html, skipped) = highlight::highlight_block(code, lang);
                        out.push(Event::Html(html.into()));
                        skipped
                    } else {
                        highlight::not_highlighted(code)
                    };
                    if let Some(message) = skipped {
                        problems.push(skipped_problem(message, span.clone()));
                    }
                    in_code = None;
                }
                _ => {}
            }
            continue;
        }
        if let Some((_, alt)) = &mut in_image {
            if let Event::Text(t) | Event::Code(t) = &event {
                alt.push_str(t);
            }
            if matches!(event, Event::End(TagEnd::Image))
                && let Some((img_span, alt)) = in_image.take()
                && alt.trim().is_empty()
            {
                problems.push(Problem {
                    severity: Severity::Error,
                    span: img_span,
                    message: "this image has no alt text".to_string(),
                    label: "empty description".to_string(),
                    help: "describe the picture between the square brackets, e.g. ![The visitors' centre entrance](entrance.jpg), so people who cannot see it know what it shows".to_string(),
                });
            }
            out.push(event);
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                in_code = Some((lang, String::new()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite_link(&dest_url, link_type, &span, links, &mut problems)
                    .map_or(dest_url, CowStr::from);
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_image = Some((span.clone(), String::new()));
                let dest_url = rewrite_link(&dest_url, link_type, &span, links, &mut problems)
                    .map_or(dest_url, CowStr::from);
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::HtmlBlock) => {
                if raw_html == RawHtml::Escape {
                    out.push(Event::Start(Tag::Paragraph));
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if raw_html == RawHtml::Escape {
                    // A block that held only comments leaves no empty paragraph behind.
                    if matches!(out.last(), Some(Event::Start(Tag::Paragraph))) {
                        out.pop();
                    } else {
                        out.push(Event::End(TagEnd::Paragraph));
                    }
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                // Comments are how editors leave notes for each other; they never show.
                if html.trim_start().starts_with("<!--") {
                    continue;
                }
                match raw_html {
                    RawHtml::Escape => out.push(Event::Text(html)),
                    RawHtml::Reject => problems.push(Problem {
                        severity: Severity::Error,
                        span: span.clone(),
                        message: "raw HTML is not allowed in content".to_string(),
                        label: "HTML here".to_string(),
                        help: "write it in Markdown instead (for example **bold** or [a link](https://...)); HTML could put scripts into a family's browser".to_string(),
                    }),
                }
            }
            Event::Text(t) => {
                text.push_str(&t);
                text.push(' ');
                out.push(Event::Text(t));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                text.push('\n');
                out.push(event);
            }
            other => out.push(other),
        }
    }
    if problems.len() > MAX_PROBLEMS {
        let span = problems[MAX_PROBLEMS].span.clone();
        problems.truncate(MAX_PROBLEMS);
        problems.push(Problem {
            severity: Severity::Error,
            span,
            message: format!(
                "this page has more than {MAX_PROBLEMS} problems; the rest are not shown"
            ),
            label: "the next problem is here".to_string(),
            help: "fix the problems above, then check again".to_string(),
        });
    }
    Rewritten {
        events: out,
        problems,
        text,
    }
}

/// Problems reported for one page, at most. Past this the page cannot be published anyway,
/// and looking for (and suggesting fixes for) every one of a file's thousands of broken
/// links took time quadratic in the file's size.
pub const MAX_PROBLEMS: usize = 100;

fn rewrite_link(
    dest: &str,
    link_type: LinkType,
    span: &Range<usize>,
    links: &dyn LinkResolver,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    if matches!(link_type, LinkType::Email) {
        return None;
    }
    let mut errors = problems.iter().filter(|p| p.severity == Severity::Error);
    if errors.nth(MAX_PROBLEMS).is_some() {
        // The page has failed; one more problem is enough to say there are more.
        return None;
    }
    match links.resolve(dest) {
        Ok(Resolved::Url(url)) => Some(url),
        Ok(Resolved::Unchanged) => None,
        Err((message, help)) => {
            problems.push(Problem {
                severity: Severity::Error,
                span: span.clone(),
                message,
                label: "this link".to_string(),
                help,
            });
            None
        }
    }
}

/// The warning shown when a block at `span` (inside the body) was not highlighted.
fn skipped_problem(message: String, span: std::ops::Range<usize>) -> Problem {
    Problem {
        severity: crate::diagnostics::Severity::Warning,
        span,
        message,
        label: "shown without colours".to_string(),
        help: "break the long line up, or leave it as it is: the code is still shown, only without colours".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, _: &str) -> Result<Resolved, (String, String)> {
            Ok(Resolved::Unchanged)
        }
    }

    #[test]
    fn headings_get_unique_anchors() {
        let p = prepare(
            "## What to bring\n\n## What to bring\n\n## Custom {#mine}\n",
            &[],
        );
        let ids: Vec<_> = p.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["what-to-bring", "what-to-bring-1", "mine"]);
        let r = render(p, &NoLinks, RawHtml::Escape, None);
        assert!(r.html.contains("<h2 id=\"what-to-bring-1\">"), "{}", r.html);
    }

    #[test]
    fn heading_attributes_cannot_add_event_handlers() {
        let r = render(
            prepare("## Hi {#hi .note onclick=alert(1) style=x}\n", &[]),
            &NoLinks,
            RawHtml::Escape,
            None,
        );
        assert_eq!(r.html, "<h2 id=\"hi\" class=\"note\">Hi</h2>\n");
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let r = render(
            prepare(
                "<script>alert(1)</script>\n\nHi <b>x</b>\n<!-- note -->\n",
                &[],
            ),
            &NoLinks,
            RawHtml::Escape,
            None,
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("note"), "{}", r.html);
        assert!(!r.html.contains("<p></p>"), "{}", r.html);
        let r = render(prepare("<b>x</b>\n", &[]), &NoLinks, RawHtml::Reject, None);
        assert!(!r.problems.is_empty());
        assert!(r.problems.iter().all(|p| p.message.contains("raw HTML")));
    }

    #[test]
    fn problems_stop_at_the_limit() {
        struct Broken;
        impl LinkResolver for Broken {
            fn resolve(&self, _: &str) -> Result<Resolved, (String, String)> {
                Err(("broken".to_string(), String::new()))
            }
        }
        let body = "[x](y)\n\n".repeat(MAX_PROBLEMS * 3);
        let r = render(prepare(&body, &[]), &Broken, RawHtml::Escape, None);
        assert_eq!(r.problems.len(), MAX_PROBLEMS + 1);
        assert!(
            r.problems[MAX_PROBLEMS]
                .message
                .contains("the rest are not shown")
        );
        assert_eq!(r.problems[MAX_PROBLEMS].span.start, MAX_PROBLEMS * 8);
    }

    const SAMPLE: &str = "## Visits {#visits onclick=x}\n\nSee [a](../guides/a.md#top), [b](b.md), \
        [c](https://x.test/c.md), <me@x.test> and ![pic](p.md).\n\n## Visits\n\n\
        ## [Linked `code`](c.md)\n\n```rust\nfn main() {}\n```\n\n<b>raw</b>\n";

    #[test]
    fn scan_finds_what_prepare_finds() {
        let reserved = ["visits-1"];
        let prepared = prepare(SAMPLE, &reserved);
        let (headings, links) = scan(SAMPLE, &reserved);
        let ids = |h: &[Heading]| -> Vec<(u8, String, String)> {
            h.iter()
                .map(|h| (h.level, h.id.clone(), h.text.clone()))
                .collect()
        };
        assert_eq!(ids(&headings), ids(&prepared.headings));
        assert_eq!(
            ids(&headings),
            [
                (2, "visits".into(), "Visits".into()),
                (2, "visits-2".into(), "Visits".into()),
                (2, "linked-code".into(), "Linked code".into()),
            ]
        );
        assert_eq!(links, prepared.page_links());
        assert_eq!(
            links,
            [
                "../guides/a.md#top",
                "b.md",
                "https://x.test/c.md",
                "p.md",
                "c.md"
            ]
        );
    }

    #[test]
    fn known_headings_make_the_same_html_and_check_the_same_problems() {
        let reserved = ["visits-1"];
        let full = render(prepare(SAMPLE, &reserved), &NoLinks, RawHtml::Reject, None);
        let (toc, _) = scan(SAMPLE, &reserved);
        let known = render(
            prepare_known(SAMPLE, &reserved, &toc),
            &NoLinks,
            RawHtml::Reject,
            None,
        );
        assert_eq!(known.html, full.html);
        assert!(full.html.contains("<h2 id=\"visits-2\">"), "{}", full.html);
        assert!(full.html.contains("hl-"), "{}", full.html);
        // Headings that do not match the body are made again.
        let wrong = render(
            prepare_known(SAMPLE, &reserved, &toc[..1]),
            &NoLinks,
            RawHtml::Reject,
            None,
        );
        assert_eq!(wrong.html, full.html);
        let checked = check(prepare(SAMPLE, &reserved), &NoLinks, RawHtml::Reject);
        assert_eq!(checked.text, full.text);
        let messages = |p: &[Problem]| -> Vec<(usize, String)> {
            p.iter()
                .map(|p| (p.span.start, p.message.clone()))
                .collect()
        };
        assert_eq!(messages(&checked.problems), messages(&full.problems));
        assert!(!full.problems.is_empty());
    }

    #[test]
    fn the_check_finds_lines_too_long_to_highlight() {
        let body = format!("```js\nvar x = '{}';\n```\n", "x".repeat(2_100));
        let full = render(prepare(&body, &[]), &NoLinks, RawHtml::Escape, None);
        let checked = check(prepare(&body, &[]), &NoLinks, RawHtml::Escape);
        assert_eq!(full.problems.len(), 1);
        assert_eq!(checked.problems.len(), 1);
        assert_eq!(checked.problems[0].message, full.problems[0].message);
        assert_eq!(checked.problems[0].span, full.problems[0].span);
    }

    #[test]
    fn images_need_alt_text() {
        let r = render(
            prepare("![](a.png)\n", &[]),
            &NoLinks,
            RawHtml::Escape,
            None,
        );
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].span.start, 0);
    }
}

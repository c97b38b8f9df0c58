//! Glossary links: the first use of a glossary term on a page becomes a link to its
//! entry, never inside a heading, a link, an image or code.

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub struct Term {
    /// The forms to look for: the term and its other spellings; abbreviations in capitals.
    pub forms: Vec<String>,
    pub url: String,
}

pub struct GlossaryLinker {
    terms: Vec<Term>,
    /// Abbreviations ("VO", "PER"), matched only in capitals so the word "per" is not
    /// taken for one.
    exact: Matcher,
    /// Every other form, matched in any case.
    folded: Matcher,
}

/// One automaton over many forms, so a page's text is scanned once rather than once per
/// term; `owner` maps each pattern to its term.
struct Matcher {
    automaton: Option<AhoCorasick>,
    owner: Vec<usize>,
}

impl Matcher {
    fn new(patterns: &[(String, usize)], case_insensitive: bool) -> Self {
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(case_insensitive)
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|(p, _)| p))
            .ok();
        Matcher {
            automaton,
            owner: patterns.iter().map(|(_, t)| *t).collect(),
        }
    }

    /// (start, end, term) of every match.
    fn matches(&self, text: &str) -> Vec<(usize, usize, usize)> {
        self.automaton.as_ref().map_or_else(Vec::new, |a| {
            a.find_iter(text)
                .map(|m| (m.start(), m.end(), self.owner[m.pattern().as_usize()]))
                .collect()
        })
    }
}

fn is_abbreviation(form: &str) -> bool {
    form.chars().any(char::is_alphabetic) && !form.chars().any(char::is_lowercase)
}

impl GlossaryLinker {
    pub fn new(terms: Vec<Term>) -> Self {
        let (mut exact, mut folded) = (Vec::new(), Vec::new());
        for (i, t) in terms.iter().enumerate() {
            for f in t.forms.iter().filter(|f| !f.trim().is_empty()) {
                if is_abbreviation(f) {
                    exact.push((f.clone(), i));
                } else {
                    folded.push((f.clone(), i));
                }
            }
        }
        GlossaryLinker {
            terms,
            exact: Matcher::new(&exact, false),
            folded: Matcher::new(&folded, true),
        }
    }

    pub fn link<'a>(&self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let mut used = vec![false; self.terms.len()];
        let mut out = Vec::with_capacity(events.len());
        let mut blocked = 0usize;
        for event in events {
            match &event {
                Event::Start(
                    Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_),
                ) => blocked += 1,
                Event::End(
                    TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock,
                ) => blocked = blocked.saturating_sub(1),
                _ => {}
            }
            match event {
                Event::Text(text) if blocked == 0 => self.link_text(text, &mut used, &mut out),
                other => out.push(other),
            }
        }
        out
    }

    fn link_text<'a>(&self, text: CowStr<'a>, used: &mut [bool], out: &mut Vec<Event<'a>>) {
        let mut found = self.exact.matches(&text);
        found.extend(self.folded.matches(&text));
        // Earliest first, and the longest of those starting at the same place.
        found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut cuts: Vec<(usize, usize, usize)> = Vec::new();
        let mut pos = 0;
        for (start, end, term) in found {
            if start < pos || used[term] || !at_word_boundaries(&text, start, end) {
                continue;
            }
            used[term] = true;
            cuts.push((start, end, term));
            pos = end;
        }
        if cuts.is_empty() {
            out.push(Event::Text(text));
            return;
        }
        let mut pos = 0;
        for (start, end, term) in cuts {
            if start > pos {
                out.push(Event::Text(CowStr::from(text[pos..start].to_string())));
            }
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<a class=\"term\" href=\"{}\">",
                crate::highlight::escape(&self.terms[term].url)
            ))));
            out.push(Event::Text(CowStr::from(text[start..end].to_string())));
            out.push(Event::InlineHtml(CowStr::from("</a>")));
            pos = end;
        }
        if pos < text.len() {
            out.push(Event::Text(CowStr::from(text[pos..].to_string())));
        }
    }
}

fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn linker() -> GlossaryLinker {
        GlossaryLinker::new(vec![Term {
            forms: vec!["visiting order".into(), "VO".into()],
            url: "/glossary/#visiting-order".into(),
        }])
    }

    fn render(md: &str) -> String {
        let events = linker().link(Parser::new(md).collect());
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn links_first_use_only_and_not_in_headings_links_or_code() {
        let out =
            render("# Visiting order\n\nA [VO](x) and `VO` and a VO, then a visiting order.\n");
        assert_eq!(out.matches("class=\"term\"").count(), 1, "{out}");
        assert!(
            out.contains("and a <a class=\"term\" href=\"/glossary/#visiting-order\">VO</a>, then"),
            "{out}"
        );
        assert!(out.contains("<h1>Visiting order</h1>"), "{out}");
    }

    #[test]
    fn matches_whole_words() {
        assert!(at_word_boundaries("devout vo", 7, 9));
        assert!(!at_word_boundaries("devout", 4, 6));
        assert_eq!(render("A devout person.\n").matches("term").count(), 0);
        // Abbreviations match only in capitals; other forms in any case.
        assert_eq!(render("Two vo per visit.\n").matches("term").count(), 0);
        assert_eq!(render("VISITING ORDER\n").matches("term").count(), 1);
    }
}

//! Glossary links: the first use of a glossary term on a page becomes a link to its
//! entry, never inside a heading, a link, an image or code.

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub struct Term {
    /// Lower-case forms to look for (the term and its other spellings).
    pub forms: Vec<String>,
    pub url: String,
    pub meaning: String,
}

pub struct GlossaryLinker {
    terms: Vec<Term>,
    /// Every form of every term in one automaton, so a page's text is scanned once rather
    /// than once per term.
    matcher: Option<AhoCorasick>,
    /// Pattern index → term index.
    owner: Vec<usize>,
}

impl GlossaryLinker {
    pub fn new(mut terms: Vec<Term>) -> Self {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (i, t) in terms.iter_mut().enumerate() {
            t.forms.retain(|f| !f.trim().is_empty());
            for f in &t.forms {
                patterns.push(f.clone());
                owner.push(i);
            }
        }
        // Leftmost-longest, so "visiting order" wins over "visit" where both start.
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        GlossaryLinker {
            terms,
            matcher,
            owner,
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
        let Some(matcher) = &self.matcher else {
            out.push(Event::Text(text));
            return;
        };
        let mut cuts: Vec<(usize, usize, usize)> = Vec::new();
        for m in matcher.find_iter(text.as_ref()) {
            let term = self.owner[m.pattern().as_usize()];
            if used[term] || !at_word_boundaries(&text, m.start(), m.end()) {
                continue;
            }
            used[term] = true;
            cuts.push((m.start(), m.end(), term));
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
            forms: vec!["visiting order".into(), "vo".into()],
            url: "/glossary/#visiting-order".into(),
            meaning: "A permission for a visit.".into(),
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
    }
}

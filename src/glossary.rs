//! Glossary links: the first use of a glossary term on a page becomes a link to its
//! entry, never inside a heading, a link, an image or code.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub struct Term {
    /// Lower-case forms to look for (the term and its other spellings).
    pub forms: Vec<String>,
    pub url: String,
    pub meaning: String,
}

pub struct GlossaryLinker {
    terms: Vec<Term>,
}

impl GlossaryLinker {
    pub fn new(mut terms: Vec<Term>) -> Self {
        for t in &mut terms {
            // Longest first, so "visiting order" wins over "visit".
            t.forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
            t.forms.retain(|f| !f.trim().is_empty());
        }
        GlossaryLinker { terms }
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
        let mut rest: &str = &text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let found = self
                .terms
                .iter()
                .enumerate()
                .filter(|(i, _)| !used[*i])
                .filter_map(|(i, t)| {
                    t.forms
                        .iter()
                        .filter_map(|f| find_word(&lower, f).map(|at| (at, f.len())))
                        .min()
                        .map(|(at, len)| (at, std::cmp::Reverse(len), i))
                })
                .min();
            let Some((at, std::cmp::Reverse(len), i)) = found else {
                break;
            };
            used[i] = true;
            if at > 0 {
                out.push(Event::Text(CowStr::from(rest[..at].to_string())));
            }
            let term = &self.terms[i];
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<a class=\"term\" href=\"{}\">",
                crate::highlight::escape(&term.url)
            ))));
            out.push(Event::Text(CowStr::from(rest[at..at + len].to_string())));
            out.push(Event::InlineHtml(CowStr::from("</a>")));
            rest = &rest[at + len..];
        }
        if rest.len() == text.len() {
            out.push(Event::Text(text));
        } else if !rest.is_empty() {
            out.push(Event::Text(CowStr::from(rest.to_string())));
        }
    }
}

/// Byte offset of `word` in `haystack` (both lower-case ASCII-folded) at word boundaries.
fn find_word(haystack: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = haystack[from..].find(word) {
        let at = from + i;
        let end = at + word.len();
        let before_ok = haystack[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = haystack[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + word.len().max(1);
        while from < haystack.len() && !haystack.is_char_boundary(from) {
            from += 1;
        }
        if from >= haystack.len() {
            break;
        }
    }
    None
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
        assert_eq!(find_word("devout vo", "vo"), Some(7));
        assert_eq!(find_word("devout", "vo"), None);
    }
}

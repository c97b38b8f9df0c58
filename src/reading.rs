//! A reading check for plain English: the Flesch–Kincaid grade of a page, its longest
//! sentences, and prison words used without a glossary entry.

use crate::content::{Meta, Page, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::discover::Lang;

/// Counts for one text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl Stats {
    /// Flesch–Kincaid grade level; 0 for an empty text.
    pub fn grade(&self) -> f64 {
        if self.words == 0 || self.sentences == 0 {
            return 0.0;
        }
        let g = 0.39 * (self.words as f64 / self.sentences as f64)
            + 11.8 * (self.syllables as f64 / self.words as f64)
            - 15.59;
        (g * 10.0).round() / 10.0
    }
}

pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        // A line ends a sentence whatever follows it: list items and headings carry no full
        // stop, and the next item starts at once on the next line.
        let ends = c == '\n'
            || matches!(c, '.' | '!' | '?')
                && bytes
                    .get(i + c.len_utf8())
                    .is_none_or(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b')');
        if ends {
            let s = text[start..i + c.len_utf8()].trim();
            if s.split_whitespace()
                .any(|w| w.chars().any(char::is_alphabetic))
            {
                out.push(s);
            }
            start = i + c.len_utf8();
        }
    }
    let rest = text[start..].trim();
    if rest
        .split_whitespace()
        .any(|w| w.chars().any(char::is_alphabetic))
    {
        out.push(rest);
    }
    out
}

fn words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(char::is_alphabetic))
}

/// Syllables in an English word, by vowel groups with the usual corrections. Works on the
/// word's ASCII letters without copying it: it runs for every word of every page.
pub(crate) fn syllables(word: &str) -> usize {
    let letters = || {
        word.bytes()
            .filter(u8::is_ascii_alphabetic)
            .map(|b| b.to_ascii_lowercase())
    };
    let n = letters().count();
    if n == 0 {
        return 0;
    }
    if n <= 3 {
        return 1;
    }
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut count = 0;
    let mut prev = false;
    // The last three letters, for the endings below.
    let mut tail = [0u8; 3];
    for c in letters() {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
        tail = [tail[1], tail[2], c];
    }
    let [third, second, last] = tail;
    // A silent final e ("take"), but not "-le" after a consonant ("people").
    let consonant_le = second == b'l' && !vowel(third);
    if last == b'e' && !consonant_le && count > 1 {
        count -= 1;
    }
    // "-ed" is usually silent ("booked"), except after t or d ("visited").
    if second == b'e' && last == b'd' && !matches!(third, b't' | b'd') && count > 1 {
        count -= 1;
    }
    count.max(1)
}

pub fn stats(text: &str) -> Stats {
    let sents = sentences(text);
    let mut words_n = 0;
    let mut syl = 0;
    for w in words(text) {
        words_n += 1;
        syl += syllables(w);
    }
    Stats {
        words: words_n,
        sentences: sents.len().max(usize::from(words_n > 0)),
        syllables: syl,
    }
}

/// The `n` longest sentences by word count, longest first.
pub fn longest_sentences(text: &str, n: usize) -> Vec<(usize, &str)> {
    let mut all: Vec<(usize, &str)> = sentences(text)
        .into_iter()
        .map(|s| (s.split_whitespace().count(), s))
        .collect();
    all.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    all.truncate(n);
    all
}

/// A list of jargon words, searched for in one pass over a page's text.
pub struct Jargon {
    words: Vec<String>,
    matcher: Option<aho_corasick::AhoCorasick>,
}

impl Jargon {
    pub fn new(words: &[String]) -> Self {
        let matcher = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .ok();
        Jargon {
            words: words.to_vec(),
            matcher,
        }
    }

    /// The words of the list that appear in `text` as whole words, in list order.
    pub fn used(&self, text: &str) -> Vec<&str> {
        let mut found = vec![false; self.words.len()];
        if let Some(m) = &self.matcher {
            for hit in m.find_overlapping_iter(text) {
                let before = text[..hit.start()].chars().next_back();
                let after = text[hit.end()..].chars().next();
                if before.is_none_or(|c| !c.is_alphanumeric())
                    && after.is_none_or(|c| !c.is_alphanumeric())
                {
                    found[hit.pattern().as_usize()] = true;
                }
            }
        }
        self.words
            .iter()
            .zip(found)
            .filter(|(_, f)| *f)
            .map(|(w, _)| w.as_str())
            .collect()
    }
}

/// Words families may not know, checked when `site.yaml` gives no list of its own.
const DEFAULT_JARGON: &[&str] = &[
    "VO",
    "IEP",
    "ROTL",
    "OMU",
    "OMiC",
    "canteen",
    "remand",
    "enhanced",
    "adjudication",
    "PIN",
    "NOMIS",
    "HMPPS",
    "OASys",
    "lead visitor",
    "legal visit",
    "social visit",
    "category A",
    "basic regime",
    "segregation",
    "MBU",
    "PSI",
    "PSO",
];

/// Reading grade, long sentences and unexplained jargon for guides and prison pages: what
/// the check needs of the whole site, made once for all its pages.
pub(crate) struct Reading {
    target: f64,
    jargon: Jargon,
    /// The glossary's terms and their other spellings, lower-cased.
    glossary: Vec<String>,
}

impl Reading {
    pub(crate) fn new(site: &Site) -> Self {
        let jargon: Vec<String> = if site.config.jargon.is_empty() {
            DEFAULT_JARGON.iter().map(|s| s.to_string()).collect()
        } else {
            site.config.jargon.clone()
        };
        let glossary: Vec<String> = site
            .pages
            .iter()
            .filter_map(|p| p.meta.entry::<crate::model::GlossaryEntry>())
            .flat_map(|g| {
                std::iter::once(&g.term)
                    .chain(&g.also)
                    .map(|t| t.to_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect();
        Reading {
            target: site.config.reading_grade_target,
            jargon: Jargon::new(&jargon),
            glossary,
        }
    }

    /// One page checked, if it is a page the check is for: its problems go to `diags`,
    /// and its file and reading grade are returned. `plain` is the body's plain text;
    /// `source` the file's text when it is at hand (otherwise it is read if a problem
    /// needs showing).
    pub(crate) fn page(
        &self,
        page: &Page,
        plain: &str,
        source: Option<&str>,
        diags: &Diagnostics,
    ) -> Option<(String, f64)> {
        let target = self.target;
        let checked = matches!(page.meta, Meta::Prison(_))
            || crate::kinds::def(&page.file.kind).is_some_and(|d| d.reading_check);
        if page.file.lang != Lang::En || !checked {
            return None;
        }
        let lazy = page.lazy_source();
        let file_text = || source.unwrap_or_else(|| lazy.get());
        let stats = stats(plain);
        let grade = stats.grade();
        if grade > target {
            let longest: Vec<String> = longest_sentences(plain, 3)
                .into_iter()
                .map(|(n, s)| format!("{n} words: \"{s}\""))
                .collect();
            let first = longest.first().map(|s| s.as_str()).unwrap_or("");
            let at = first.find('"').map(|i| &first[i + 1..]).and_then(|s| {
                s.split_whitespace()
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into()
            });
            let d = Diagnostic::warning(format!(
                "reading grade {grade:.1} is above the target of {target:.0}"
            ))
            .help(format!(
                "use shorter sentences and everyday words; the longest are: {}",
                longest.join("; ")
            ));
            let text = file_text();
            let d = match at.as_deref().and_then(|a| text.find(a)) {
                Some(i) => d
                    .in_file(&page.file.shown)
                    .at(text, i..i + 1)
                    .label("the longest sentence starts here"),
                None => d.in_file(&page.file.shown),
            };
            diags.push(d, Some(text));
        }
        // Lower-cased once per page, not once per warning: with a long jargon list a page
        // can have many.
        let mut lower: Option<String> = None;
        let body_range = page.split.body.clone();
        for word in self.jargon.used(plain) {
            let w = word.to_lowercase();
            if self
                .glossary
                .iter()
                .any(|g| g == &w || g.split_whitespace().any(|part| part == w))
            {
                continue;
            }
            // Look in the body only (the word may also be in the front matter); ASCII
            // lower-casing keeps byte offsets the same.
            let body = body_range.clone();
            let text = file_text();
            let lower = lower.get_or_insert_with(|| {
                text.get(body.clone())
                    .unwrap_or_default()
                    .to_ascii_lowercase()
            });
            let d =
                Diagnostic::warning(format!("`{word}` is prison jargon with no glossary entry"))
                    .help(format!(
                        "explain it in plain words, or add content/glossary/{}.md so it is linked",
                        crate::slug::slugify(word)
                    ));
            let d = match lower.find(&word.to_ascii_lowercase()) {
                Some(i) => d
                    .in_file(&page.file.shown)
                    .at(text, body.start + i..body.start + i + word.len()),
                None => d.in_file(&page.file.shown),
            };
            diags.push(d, Some(text));
        }
        Some((page.file.shown.display().to_string(), grade))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_counts() {
        for (w, n) in [
            ("cat", 1),
            ("visit", 2),
            ("prison", 2),
            ("booked", 1),
            ("visited", 3),
            ("people", 2),
            ("take", 1),
            ("family", 3),
            ("information", 4),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn grades_match_known_examples() {
        // Very plain text scores low...
        let plain = stats("The cat sat on the mat. The dog ran to the park.");
        assert_eq!((plain.words, plain.sentences), (12, 2));
        assert!(plain.grade() < 1.0, "{}", plain.grade());
        // ...dense official prose scores high.
        let dense = stats(
            "Establishments must implement comprehensive family engagement strategies incorporating evidence-based interventions, facilitating rehabilitation and reducing intergenerational offending.",
        );
        assert!(dense.grade() > 18.0, "{}", dense.grade());
        // Worked example: 20 words, 2 sentences, 30 syllables → 0.39*10 + 11.8*1.5 − 15.59 = 6.01
        let s = Stats {
            words: 20,
            sentences: 2,
            syllables: 30,
        };
        assert_eq!(s.grade(), 6.0);
    }

    #[test]
    fn each_list_item_is_a_sentence_of_its_own() {
        let text = "It helps in ways like these: \nsupport before a visit \na play area \n";
        assert_eq!(
            sentences(text),
            [
                "It helps in ways like these:",
                "support before a visit",
                "a play area"
            ]
        );
    }

    #[test]
    fn finds_long_sentences_and_jargon() {
        let text =
            "Short one. This sentence is quite a lot longer than the first one is. Ask about ROTL.";
        assert_eq!(longest_sentences(text, 1)[0].0, 12);
        let list = vec![
            "ROTL".to_string(),
            "OMU".to_string(),
            "lead visitor".to_string(),
        ];
        assert_eq!(Jargon::new(&list).used(text), vec!["ROTL"]);
        assert_eq!(
            Jargon::new(&list).used("the LEAD VISITOR, and ROTLS"),
            vec!["lead visitor"]
        );
    }
}

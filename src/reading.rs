//! A reading check for plain English: the Flesch–Kincaid grade of a page, its longest
//! sentences, and prison words used without a glossary entry.

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
        let ends = matches!(c, '.' | '!' | '?' | '\n')
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

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(|w| w.to_lowercase())
}

/// Syllables in an English word, by vowel groups with the usual corrections.
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    if w.len() <= 3 {
        return 1;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    // A silent final e ("take"), but not "-le" after a consonant ("people").
    let consonant_le = w[n - 2] == 'l' && !vowel(w[n - 3]);
    if w[n - 1] == 'e' && !consonant_le && count > 1 {
        count -= 1;
    }
    // "-ed" is usually silent ("booked"), except after t or d ("visited").
    if n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd' && !matches!(w[n - 3], 't' | 'd') && count > 1 {
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
        syl += syllables(&w);
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

/// Jargon words from `list` that appear in `text` (whole words, any case).
pub fn jargon_used<'a>(text: &str, list: &'a [String]) -> Vec<&'a str> {
    let lower = format!(
        " {} ",
        text.to_lowercase()
            .replace(|c: char| !c.is_alphanumeric() && c != '\'', " ")
    );
    list.iter()
        .filter(|j| {
            let needle = format!(" {} ", j.to_lowercase());
            lower.contains(&needle)
        })
        .map(String::as_str)
        .collect()
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
    fn finds_long_sentences_and_jargon() {
        let text =
            "Short one. This sentence is quite a lot longer than the first one is. Ask about ROTL.";
        assert_eq!(longest_sentences(text, 1)[0].0, 12);
        let list = vec!["ROTL".to_string(), "OMU".to_string()];
        assert_eq!(jargon_used(text, &list), vec!["ROTL"]);
    }
}

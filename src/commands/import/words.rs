//! Turning the register's shorthand into the plain words families read: names, who a prison
//! holds, its category. Each function says only what the data says; where the data is
//! unsure, the answer is shorter, never a guess.

use crate::model::fields::MONTHS;
use crate::model::prison::EstablishmentType;

/// True when a value or its source is marked as not checked.
pub fn unverified(text: &str) -> bool {
    text.to_lowercase().contains("unverified")
}

/// A register name split into its parts: "Altcourse (HMP & YOI)" has the base "Altcourse"
/// and the kind "HMP & YOI". Remarks in square brackets are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegisterName {
    pub base: String,
    pub kind: Option<String>,
}

impl RegisterName {
    pub fn parse(raw: &str) -> RegisterName {
        let mut text = String::new();
        let mut depth = 0usize;
        for c in raw.chars() {
            match c {
                '[' => depth += 1,
                ']' => depth = depth.saturating_sub(1),
                c if depth == 0 => text.push(c),
                _ => {}
            }
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(open) = text.rfind(" (")
            && text.ends_with(')')
        {
            return RegisterName {
                base: tidy_words(&text[..open]),
                kind: Some(text[open + 2..text.len() - 1].trim().to_string()),
            };
        }
        RegisterName {
            base: tidy_words(&text),
            kind: None,
        }
    }

    /// The name in the form families know: "HMP & YOI Altcourse", "HMYOI Aylesbury",
    /// "Oakhill Secure Training Centre".
    pub fn display(&self) -> String {
        match self.kind.as_deref() {
            None => self.base.clone(),
            Some("STC") => format!("{} Secure Training Centre", self.base),
            Some("IRC") => format!("{} Immigration Removal Centre", self.base),
            Some(kind @ ("HMP" | "HMYOI" | "HMP & YOI" | "YOI")) => format!("{kind} {}", self.base),
            Some(other) => format!("{} ({other})", self.base),
        }
    }

    /// The types the name itself states.
    pub fn types(&self) -> Vec<EstablishmentType> {
        match self.kind.as_deref() {
            Some("HMP") => vec![EstablishmentType::Hmp],
            Some("HMP & YOI") => vec![EstablishmentType::Hmp, EstablishmentType::Yoi],
            Some("HMYOI" | "YOI") => vec![EstablishmentType::Yoi],
            Some("STC") => vec![EstablishmentType::Stc],
            Some("IRC") => vec![EstablishmentType::Irc],
            _ => Vec::new(),
        }
    }

    /// A short word for the kind, used to tell two places with one name apart.
    pub(crate) fn kind_slug(&self) -> Option<&'static str> {
        match self.kind.as_deref() {
            Some("HMP") => Some("prison"),
            Some("HMP & YOI") => Some("prison-and-yoi"),
            Some("HMYOI" | "YOI") => Some("yoi"),
            Some("STC") => Some("stc"),
            Some("IRC") => Some("irc"),
            _ => None,
        }
    }
}

/// Lower-cases the small joining words the register capitalises: "Isle Of Wight" → "Isle
/// of Wight", "Stockton-On-Tees" → "Stockton-on-Tees".
pub(crate) fn tidy_words(text: &str) -> String {
    const SMALL: [&str; 7] = ["of", "on", "upon", "under", "in", "and", "the"];
    let mut out = String::new();
    let mut word = String::new();
    let mut first = true;
    let flush = |word: &mut String, out: &mut String, first: &mut bool| {
        if word.is_empty() {
            return;
        }
        let lower = word.to_lowercase();
        if !*first && SMALL.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else {
            out.push_str(word);
        }
        *first = false;
        word.clear();
    };
    for c in text.trim().chars() {
        if c == ' ' || c == '-' {
            flush(&mut word, &mut out, &mut first);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out, &mut first);
    out
}

/// Who a prison holds, in words that follow "a prison for": "men aged 18 and over".
/// The second part is a warning when a value is not one the importer knows; the answer is
/// then as much as is still certain.
pub fn holds(gender: &str, age_group: &str) -> (Option<String>, Option<String>) {
    let gender = gender.trim().to_lowercase();
    let people = match gender.as_str() {
        "men" | "women" | "boys" | "girls" | "boys and girls" => gender.clone(),
        "" => return (None, Some("no gender given, so `holds` is left out".into())),
        other => {
            return (
                None,
                Some(format!("unknown gender `{other}`, so `holds` is left out")),
            );
        }
    };
    let age = age_group.trim().to_lowercase();
    if unverified(&age) {
        return (Some(people), None);
    }
    let main = age.split(" (").next().unwrap_or("").trim();
    let words = match (main, age.as_str()) {
        ("adults and young adults", _) => format!("{people} aged 18 and over"),
        ("adults", _) if matches!(people.as_str(), "men" | "women") => format!("adult {people}"),
        ("young adults", _) if matches!(people.as_str(), "men" | "women") => {
            format!("{people} aged 18 to 21")
        }
        ("children", a) if a.contains("under 18") => format!("{people} under 18"),
        ("", _) => people,
        _ => {
            return (
                Some(people),
                Some(format!(
                    "age group `{age_group}` is not one the importer knows, so `holds` gives only the gender"
                )),
            );
        }
    };
    (Some(words), None)
}

/// Splits "Cat B local (reception)" into the text outside brackets and the bracketed parts.
fn split_brackets(text: &str) -> (String, Vec<String>) {
    let mut outside = String::new();
    let mut inside = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                if depth == 1 {
                    current.clear();
                    continue;
                }
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(current.trim().to_string());
                    continue;
                }
            }
            _ => {}
        }
        if depth == 0 {
            outside.push(c);
        } else {
            current.push(c);
        }
    }
    (
        outside.split_whitespace().collect::<Vec<_>>().join(" "),
        inside,
    )
}

/// "A/B" → "A and B".
fn and_list(text: &str) -> String {
    text.split('/')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" and ")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The register's category or function in plain words: "Cat B local (reception)" →
/// "Category B local prison (reception)". History in brackets ("opened May 2023 …") is
/// dropped: it is not a category. `None` when the text is not a category at all (it starts
/// with "Was …").
pub(crate) fn plain_category(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.to_lowercase().starts_with("was ") {
        return None;
    }
    let mut clauses = raw.split(';').map(str::trim).filter(|c| !c.is_empty());
    let main = clauses.next()?;
    let (core, brackets) = split_brackets(main);
    let mut for_whom: Option<String> = None;
    let mut notes = Vec::new();
    for b in brackets {
        if b.chars().any(|c| c.is_ascii_digit()) || b.is_empty() {
            continue;
        }
        if b == "children" {
            for_whom = Some(b);
        } else {
            notes.push(b);
        }
    }
    let (core, after_comma) = match core.split_once(", ") {
        Some((a, b)) => (a.to_string(), Some(b.to_string())),
        None => (core, None),
    };
    let (core, after_dash) = match core.split_once(" - ") {
        Some((a, b)) => (a.to_string(), Some(b.to_string())),
        None => (core, None),
    };
    if let Some(w) = after_comma.or(after_dash) {
        for_whom = Some(w);
    }
    let mut text = if let Some(rest) = core.strip_prefix("Cat ") {
        let mut words = rest.split_whitespace();
        let letters = words.next().unwrap_or("");
        let function: Vec<&str> = words.collect();
        let mut t = format!("Category {}", and_list(letters));
        for f in &function {
            t.push(' ');
            t.push_str(&and_list(f));
        }
        t.push_str(" prison");
        t
    } else {
        let t = core.replace('/', " and ");
        let ends_in_kind = ["closed", "local", "open", "training"]
            .iter()
            .any(|k| t.to_lowercase().ends_with(k));
        if ends_in_kind {
            format!("{t} prison")
        } else {
            t
        }
    };
    if let Some(w) = for_whom {
        text.push_str(&format!(" for {w}"));
    }
    for n in notes {
        text.push_str(&format!(" ({n})"));
    }
    for clause in clauses {
        let lower = clause.to_lowercase();
        if let Some(rest) = lower.strip_prefix("holds ") {
            text.push_str(&format!(
                ", holding Category {}",
                rest.to_uppercase().replace(" AND ", " and ")
            ));
        } else if lower.ends_with("unit") && !lower.starts_with("a ") {
            text.push_str(&format!(", with a {lower}"));
        } else {
            text.push_str(&format!(", {clause}"));
        }
    }
    Some(capitalise(&text))
}

/// "HM Prison Service (public)" → "HM Prison Service".
pub fn operator(raw: &str) -> Option<String> {
    let t = raw.trim();
    let t = t
        .strip_suffix("(public)")
        .or_else(|| t.strip_suffix("(private)"))
        .unwrap_or(t)
        .trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A town written "York (Full Sutton)" gives the town "York" and the address line "Full
/// Sutton".
pub fn town(raw: &str) -> (Option<String>, Vec<String>) {
    let (outside, inside) = split_brackets(raw.trim());
    let town = tidy_words(&outside);
    let lines = inside
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| tidy_words(&s))
        .collect();
    ((!town.is_empty()).then_some(town), lines)
}

/// "snapshot 2026-08" → "August 2026".
pub(crate) fn snapshot_month(source: &str) -> Option<String> {
    let at = source.find("snapshot ")? + "snapshot ".len();
    let date = source.get(at..at + 7)?;
    let (y, m) = date.split_once('-')?;
    let year: u32 = y.parse().ok()?;
    let month: usize = m.parse().ok()?;
    Some(format!("{} {year}", MONTHS.get(month.checked_sub(1)?)?))
}

/// The first year (19xx or 20xx) written in `text`.
pub(crate) fn first_year(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let word = text.get(i..i + 4)?;
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after_ok = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        let year_like = (word.starts_with("19") || word.starts_with("20"))
            && word.bytes().all(|b| b.is_ascii_digit());
        (before_ok && after_ok && year_like).then(|| word.to_string())
    })
}

/// "opened May 2023" → "May 2023"; "New 2025" → "2025".
pub(crate) fn opened(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    if let Some(at) = lower.find("opened ") {
        let rest = &text[at + "opened ".len()..];
        let words: Vec<&str> = rest
            .split(|c: char| c.is_whitespace() || c == ';' || c == '.' || c == ',' || c == ')')
            .filter(|w| !w.is_empty())
            .take(2)
            .collect();
        return match words.as_slice() {
            [month, year] if MONTHS.contains(month) && first_year(year).is_some() => {
                Some(format!("{month} {year}"))
            }
            [year, ..] if first_year(year).is_some() => Some((*year).to_string()),
            _ => None,
        };
    }
    let rest = text.trim().strip_prefix("New ")?;
    first_year(rest.get(..4)?)
}

/// The site a prison was built on, as the data names it: "on former Glen Parva site".
pub(crate) fn former_site(text: &str) -> Option<String> {
    let at = text.find("former ")? + "former ".len();
    let rest = &text[at..];
    let end = rest.find(" site")?;
    let name = rest[..end].trim();
    let looks_like_name = !name.is_empty()
        && name.split_whitespace().count() <= 4
        && name
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    looks_like_name.then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let n = RegisterName::parse("Altcourse (HMP & YOI)");
        assert_eq!(n.display(), "HMP & YOI Altcourse");
        assert_eq!(
            RegisterName::parse("Aylesbury (HMYOI)").display(),
            "HMYOI Aylesbury"
        );
        assert_eq!(
            RegisterName::parse("Millsike (HMP) [not in register migrations]").display(),
            "HMP Millsike"
        );
        assert_eq!(
            RegisterName::parse("Isle Of Wight (HMP & YOI)").display(),
            "HMP & YOI Isle of Wight"
        );
        assert_eq!(
            RegisterName::parse("Oakhill (STC)").display(),
            "Oakhill Secure Training Centre"
        );
        assert_eq!(
            RegisterName::parse("The Mount (HMP)").display(),
            "HMP The Mount"
        );
        assert_eq!(tidy_words("Stockton-On-Tees"), "Stockton-on-Tees");
    }

    #[test]
    fn holds_only_what_is_certain() {
        let h = |g, a| holds(g, a).0.unwrap_or_default();
        assert_eq!(
            h("men", "adults and young adults (18-21)"),
            "men aged 18 and over"
        );
        assert_eq!(h("women", "adults"), "adult women");
        assert_eq!(h("men", "young adults (18-21)"), "men aged 18 to 21");
        assert_eq!(h("boys", "children (under 18)"), "boys under 18");
        assert_eq!(
            h("boys and girls", "children (under 18)"),
            "boys and girls under 18"
        );
        assert_eq!(
            h(
                "men",
                "young adults (18-21) - general knowledge, UNVERIFIED"
            ),
            "men"
        );
        assert_eq!(
            h("men", "adults (re-roled 2024; register still lists YCS)"),
            "adult men"
        );
        assert!(holds("people", "adults").0.is_none());
    }

    #[test]
    fn categories_in_plain_words() {
        let c = |s| plain_category(s).unwrap_or_default();
        assert_eq!(c("Cat B"), "Category B prison");
        assert_eq!(c("Cat A/B"), "Category A and B prison");
        assert_eq!(
            c("Cat B local (reception)"),
            "Category B local prison (reception)"
        );
        assert_eq!(c("Cat D open"), "Category D open prison");
        assert_eq!(
            c("Cat D open (resettlement)"),
            "Category D open prison (resettlement)"
        );
        assert_eq!(c("Cat C training"), "Category C training prison");
        assert_eq!(
            c("Cat C resettlement (opened May 2023 on former Glen Parva site)"),
            "Category C resettlement prison"
        );
        assert_eq!(
            c("Cat C, foreign nationals"),
            "Category C prison for foreign nationals"
        );
        assert_eq!(
            c("Cat C, foreign nationals (re-roled from IRC, 2021-23)"),
            "Category C prison for foreign nationals"
        );
        assert_eq!(
            c("Cat B local (reception); holds B and C"),
            "Category B local prison (reception), holding Category B and C"
        );
        assert_eq!(
            c("Women's local (reception); mother and baby unit"),
            "Women's local prison (reception), with a mother and baby unit"
        );
        assert_eq!(
            c("Women's closed/local (holds women and young women 18+)"),
            "Women's closed and local prison"
        );
        assert_eq!(
            c("Secure training centre - children"),
            "Secure training centre for children"
        );
        assert_eq!(
            c("Young people's unit (children)"),
            "Young people's unit for children"
        );
        assert_eq!(
            plain_category("Was YOI for boys 15-17; MoJ announced it"),
            None
        );
    }

    #[test]
    fn small_parsers() {
        assert_eq!(
            operator("HM Prison Service (public)").as_deref(),
            Some("HM Prison Service")
        );
        assert_eq!(
            town("York (Full Sutton)"),
            (Some("York".into()), vec!["Full Sutton".into()])
        );
        assert_eq!(
            snapshot_month("x, snapshot 2026-08); y").as_deref(),
            Some("August 2026")
        );
        assert_eq!(
            first_year("closed July/Aug 2024 (radon)").as_deref(),
            Some("2024")
        );
        assert_eq!(
            opened("inactive (pre-opening); opened May 2023.").as_deref(),
            Some("May 2023")
        );
        assert_eq!(
            opened("New 2025; postcode from seed").as_deref(),
            Some("2025")
        );
        assert_eq!(
            former_site("Cat C resettlement (opened May 2023 on former Glen Parva site)")
                .as_deref(),
            Some("Glen Parva")
        );
    }
}

//! Reading the data's free-text notes: whether a prison is open, a short note for families
//! in plain words, other names the data gives, and whether the register's type is known to
//! be out of date. Notes the importer does not understand are not published.

use crate::model::prison::{EstablishmentType, Status};

use super::words::{first_year, opened, plain_category, unverified};

/// What a status note means for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StatusInfo {
    /// `None` when the status itself is not confirmed: the field is then left out.
    pub status: Option<Status>,
    pub note: Option<String>,
    /// False when the note says something the importer did not turn into words.
    pub understood: bool,
}

/// The register calls every unit something; families need one plain sentence.
pub fn status(
    note: &str,
    category_raw: &str,
    category_ok: bool,
    types: &[EstablishmentType],
    has_official_page: bool,
) -> StatusInfo {
    let note = note.trim();
    let lower = note.to_lowercase();
    let check = if has_official_page {
        "Check the official page before you travel."
    } else {
        "Check with the prison before you travel."
    };
    let info = |status, text: Option<String>| StatusInfo {
        status,
        note: text,
        understood: true,
    };
    if note.is_empty() {
        return info(Some(Status::Open), None);
    }
    if unverified(note) {
        let what = if lower.contains("unit") {
            "unit"
        } else {
            "prison"
        };
        return info(
            None,
            Some(format!(
                "We could not confirm whether this {what} is still in use. Check with the prison before you travel."
            )),
        );
    }
    if lower.contains("temporarily closed") {
        let when = first_year(note).map_or(String::new(), |y| format!(" in {y}"));
        let moved = if lower.contains("moved") {
            " and the people held there were moved"
        } else {
            ""
        };
        return info(
            Some(Status::TemporarilyClosed),
            Some(format!(
                "This prison was closed for a time{when}{moved}. {check}"
            )),
        );
    }
    if lower.contains("re-roled") || lower.contains("repurpos") {
        let mut text = String::new();
        if category_ok && let Some(before) = used_to_hold(category_raw) {
            text.push_str(&format!("This prison used to hold {before}. "));
        }
        let who = if note.contains("MoJ") || lower.contains("ministry of justice") {
            "the Ministry of Justice"
        } else {
            "the government"
        };
        match (first_year(note), lower.contains("adult male")) {
            (Some(year), true) => text.push_str(&format!(
                "In {year} {who} said it would become a prison for adult men. "
            )),
            _ => text.push_str("This prison has changed who it holds. "),
        }
        text.push_str(check);
        return info(Some(Status::ReRoled), Some(text));
    }
    if let Some(at) = lower.find(", not a prison") {
        let what = plain_category(&note[..at]).map(|c| lower_first(&c));
        if let Some(what) = what {
            return info(
                Some(Status::Open),
                Some(format!("This is a {what}, not a prison.")),
            );
        }
    }
    if let Some(when) = opened(note) {
        let kind = if types.contains(&EstablishmentType::Hmp) || types.is_empty() {
            "prison"
        } else {
            "place"
        };
        return info(
            Some(Status::Open),
            Some(format!("This {kind} opened in {when}.")),
        );
    }
    if let (Some(old), Some(span)) = (
        stale_type_name(&lower),
        after(&lower, "prison again since "),
    ) {
        let span = span.split([';', '.', ' ']).next().unwrap_or("");
        let when = match span.split_once('-') {
            Some((a, b)) if a.len() == 4 && b.len() == 2 => {
                format!("between {a} and {}{b}", &a[..2])
            }
            _ => format!("in {span}"),
        };
        return info(
            Some(Status::Open),
            Some(format!(
                "This was {old} for a time. It became a prison again {when}."
            )),
        );
    }
    StatusInfo {
        status: Some(Status::Open),
        note: None,
        understood: false,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    text.find(marker).map(|i| &text[i + marker.len()..])
}

/// "register type irc is out of date" → "an immigration removal centre".
fn stale_type_name(lower: &str) -> Option<&'static str> {
    let code = after(lower, "register type ")?.split_whitespace().next()?;
    Some(match code {
        "irc" => "an immigration removal centre",
        "stc" => "a secure training centre",
        "ycs" => "a youth custody unit",
        "yoi" => "a young offender institution",
        _ => return None,
    })
}

/// "Was YOI for boys 15-17; …" → "boys aged 15 to 17".
fn used_to_hold(category_raw: &str) -> Option<String> {
    let first = category_raw.split(';').next()?.trim();
    if !first.to_lowercase().starts_with("was ") {
        return None;
    }
    let who = after(first, " for ")?.trim();
    let (people, ages) = who.rsplit_once(' ')?;
    let (a, b) = ages.split_once('-')?;
    let numbers = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (numbers(a) && numbers(b) && !people.is_empty()).then(|| format!("{people} aged {a} to {b}"))
}

/// Whether the data says the register's establishment type for this row is out of date
/// or not confirmed, so the types must come from the name instead.
pub(crate) fn register_type_doubtful(note: &str, age_group: &str) -> bool {
    let text = format!("{note} {age_group}").to_lowercase();
    let about_type = text.contains("register type") || text.contains("register still lists");
    let doubtful = ["out of date", "still", "need to confirm"]
        .iter()
        .any(|w| text.contains(w));
    about_type && doubtful
}

/// A name the note gives this row: "Feltham A (children)." for the base name "Feltham".
pub(crate) fn own_other_name(note: &str, base: &str) -> Option<String> {
    let head = note.trim().split(['(', '.', ';']).next()?.trim();
    let extra = head.strip_prefix(base)?.strip_prefix(' ')?;
    let short = !extra.is_empty() && head.split_whitespace().count() <= 4;
    (short && !extra.contains('=')).then(|| head.to_string())
}

/// Names the note gives other rows: "FMI = Feltham B (young adults)" → ("FMI", "Feltham B").
pub(crate) fn names_for_others(note: &str) -> Vec<(String, String)> {
    note.split(['.', ';'])
        .filter_map(|part| {
            let (id, rest) = part.split_once(" = ")?;
            let id = id.trim();
            let name = rest.split('(').next()?.trim();
            let id_ok = !id.is_empty()
                && id.len() <= 6
                && id
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            (id_ok && !name.is_empty()).then(|| (id.to_string(), name.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note_for(note: &str, category: &str, ok: bool) -> StatusInfo {
        status(note, category, ok, &[EstablishmentType::Hmp], true)
    }

    #[test]
    fn dartmoor_and_cookham_wood() {
        let d = note_for(
            "Temporarily closed July/Aug 2024 (radon); all prisoners moved out (BBC 2024-07-18). Register still active.",
            "Cat C",
            true,
        );
        assert_eq!(d.status, Some(Status::TemporarilyClosed));
        assert_eq!(
            d.note.as_deref(),
            Some(
                "This prison was closed for a time in 2024 and the people held there were moved. Check the official page before you travel."
            )
        );
        let c = note_for(
            "Re-roled: MoJ 21 Mar 2024 announced repurposing as adult male prison (gov.uk news). Register type still YCS.",
            "Was YOI for boys 15-17; MoJ announced 21 Mar 2024 it would be repurposed as an adult male prison",
            true,
        );
        assert_eq!(c.status, Some(Status::ReRoled));
        assert_eq!(
            c.note.as_deref(),
            Some(
                "This prison used to hold boys aged 15 to 17. In 2024 the Ministry of Justice said it would become a prison for adult men. Check the official page before you travel."
            )
        );
    }

    #[test]
    fn other_notes() {
        let p = note_for(
            "Children's unit inside HMP Parc site (register V1_21 reinstated it); current status UNVERIFIED.",
            "",
            true,
        );
        assert_eq!(p.status, None);
        assert_eq!(
            p.note.as_deref(),
            Some(
                "We could not confirm whether this unit is still in use. Check with the prison before you travel."
            )
        );
        let o = note_for(
            "Secure training centre (children), not a prison; listed for completeness.",
            "",
            true,
        );
        assert_eq!(
            o.note.as_deref(),
            Some("This is a secure training centre for children, not a prison.")
        );
        let m = note_for(
            "Register type IRC is out of date; prison again since 2021-23.",
            "",
            true,
        );
        assert_eq!(
            m.note.as_deref(),
            Some(
                "This was an immigration removal centre for a time. It became a prison again between 2021 and 2023."
            )
        );
        let f = note_for(
            "Register migration V1_14 has it inactive (pre-opening); opened May 2023.",
            "",
            true,
        );
        assert_eq!(f.note.as_deref(), Some("This prison opened in May 2023."));
        let u = note_for(
            "Women's side of the Peterborough site (same address as PBI).",
            "",
            true,
        );
        assert!(!u.understood && u.note.is_none());
    }

    #[test]
    fn names_and_types() {
        assert_eq!(
            own_other_name(
                "Feltham A (children). FMI = Feltham B (young adults).",
                "Feltham"
            )
            .as_deref(),
            Some("Feltham A")
        );
        assert_eq!(
            own_other_name("Women's side of the Peterborough site", "Peterborough"),
            None
        );
        assert_eq!(
            names_for_others("Feltham A (children). FMI = Feltham B (young adults)."),
            vec![("FMI".to_string(), "Feltham B".to_string())]
        );
        assert!(register_type_doubtful(
            "Register type IRC is out of date",
            "adults"
        ));
        assert!(register_type_doubtful(
            "",
            "young adults - register type YCS is flagged 'need to confirm'"
        ));
        assert!(!register_type_doubtful(
            "Temporarily closed. Register still active.",
            "adults"
        ));
    }
}

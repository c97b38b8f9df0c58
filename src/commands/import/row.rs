//! One row of prisons.csv read into the facts a prison page may show. A row with a broken
//! key fact (no id, no name, an unknown region or type) is refused; a doubtful optional fact
//! is left out with a warning.

use std::collections::HashMap;

use crate::model::fields::{Postcode, Url};
use crate::model::prison::{EstablishmentType, Region, Sector, Status};

use super::notes::{self, StatusInfo};
use super::words::{self, RegisterName, unverified};

/// The columns the importer reads (prisons.csv has a few more, which it does not need).
pub(crate) const COLUMNS: [&str; 17] = [
    "nomis_id",
    "register_name",
    "welsh_name",
    "establishment_types",
    "gender",
    "age_group",
    "category_or_function",
    "category_source",
    "operator",
    "public_or_private",
    "town",
    "county",
    "postcode",
    "region",
    "govuk_page",
    "status_note",
    "source",
];

pub(crate) const REGISTER_URL: &str = "https://github.com/ministryofjustice/prison-register";
pub(crate) const VISITS_URL: &str = "https://github.com/ministryofjustice/prison-visits-2";

/// Where each column is in the file.
pub(crate) struct Columns(HashMap<String, usize>);

impl Columns {
    pub(crate) fn from_headers(headers: &csv::StringRecord) -> Result<Columns, String> {
        let map: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().trim_start_matches('\u{feff}').to_string(), i))
            .collect();
        let missing: Vec<&str> = COLUMNS
            .iter()
            .copied()
            .filter(|c| !map.contains_key(*c))
            .collect();
        if missing.is_empty() {
            Ok(Columns(map))
        } else {
            Err(format!(
                "the first line has no column {}; the importer needs these columns: {}",
                missing
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                COLUMNS.join(", ")
            ))
        }
    }

    fn get<'a>(&self, record: &'a csv::StringRecord, column: &str) -> &'a str {
        self.0
            .get(column)
            .and_then(|&i| record.get(i))
            .map_or("", str::trim)
    }
}

/// The facts of one prison, ready to be written.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub line: u64,
    pub nomis_id: String,
    pub register: RegisterName,
    pub name: String,
    pub name_cy: Option<String>,
    pub other_names: Vec<String>,
    pub types: Vec<EstablishmentType>,
    pub holds: Option<String>,
    pub category: Option<String>,
    pub operator: Option<String>,
    pub sector: Option<Sector>,
    pub region: Region,
    pub address_lines: Vec<String>,
    pub town: Option<String>,
    pub county: Option<String>,
    pub postcode: Option<Postcode>,
    pub official_page: Option<Url>,
    /// The GOV.UK page's own name without "-prison" and the like.
    pub page_slug: Option<String>,
    /// The last part of the GOV.UK page's name: "prison", "yoi" or "prison-and-yoi".
    pub page_kind: Option<&'static str>,
    pub status: Option<Status>,
    pub status_note: Option<String>,
    pub sources: Vec<(String, String)>,
    pub gender: String,
    /// The raw note, for names it gives other rows.
    pub raw_note: String,
}

/// A parsed row and what was left out of it.
pub(crate) struct Parsed {
    pub record: Record,
    pub warnings: Vec<String>,
}

fn nomis_ok(id: &str) -> bool {
    (2..=6).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn region(raw: &str) -> Result<Region, String> {
    Region::ALL
        .into_iter()
        .find(|r| r.name().eq_ignore_ascii_case(raw))
        .ok_or_else(|| {
            let names: Vec<&str> = Region::ALL.iter().map(|r| r.name()).collect();
            format!("region `{raw}` is not one of: {}", names.join(", "))
        })
}

fn types(raw: &str) -> Result<Vec<EstablishmentType>, String> {
    let mut out = Vec::new();
    for token in raw.split('+').map(str::trim).filter(|t| !t.is_empty()) {
        let t = EstablishmentType::ALL
            .into_iter()
            .find(|t| t.code().eq_ignore_ascii_case(token))
            .ok_or_else(|| {
                format!("establishment type `{token}` is not one of HMP, YOI, YCS, STC, IRC (join several with +)")
            })?;
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

/// "https://www.gov.uk/guidance/parc-prison-and-yoi" → ("parc", "prison-and-yoi").
fn page_slug(url: &str) -> (String, Option<&'static str>) {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    let last = crate::slug::slugify(last);
    for suffix in ["prison-and-yoi", "prison", "yoi"] {
        if let Some(base) = last.strip_suffix(suffix).and_then(|b| b.strip_suffix('-'))
            && !base.is_empty()
        {
            return (base.to_string(), Some(suffix));
        }
    }
    (last, None)
}

/// The 1-based line a record starting at byte `offset` is on. The csv crate's own line
/// count is taken before it skips the line break (or blank lines) ahead of the record, so
/// it is one short after a CRLF line or a blank line.
pub(crate) fn line_at(bytes: &[u8], offset: u64) -> u64 {
    let mut at = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64
}

/// A cell a spreadsheet would run as a formula (`=...`, `@...`, `+(`, `-(`): no column of
/// the prison data means that, and it must not reach the pages or `prisons.csv`.
fn formula_column(columns: &Columns, row: &csv::StringRecord) -> Option<String> {
    COLUMNS.iter().copied().find_map(|name| {
        let cell = columns.get(row, name).trim_start();
        let mut chars = cell.chars();
        let risky = match (chars.next(), chars.next()) {
            (Some('=' | '@' | '\t' | '\r'), _) => true,
            (Some('+' | '-'), Some(c)) => matches!(c, '(' | '=' | '@' | '+' | '-'),
            _ => false,
        };
        risky.then(|| format!(
            "`{name}` starts like a spreadsheet formula (`{}`); write it as plain text or leave it empty",
            cell.chars().take(30).collect::<String>()
        ))
    })
}

pub fn parse(columns: &Columns, row: &csv::StringRecord, line: u64) -> Result<Parsed, String> {
    if let Some(problem) = formula_column(columns, row) {
        return Err(problem);
    }
    let col = |c: &str| columns.get(row, c);
    let mut warnings = Vec::new();

    let nomis_id = col("nomis_id").to_string();
    if !nomis_ok(&nomis_id) {
        return Err(if nomis_id.is_empty() {
            "`nomis_id` is empty; every prison needs its register id".to_string()
        } else {
            format!(
                "`nomis_id` `{nomis_id}` is not a register id (2 to 6 capital letters or digits)"
            )
        });
    }
    let register = RegisterName::parse(col("register_name"));
    if register.base.is_empty() {
        return Err("`register_name` is empty".to_string());
    }
    let name = register.display();
    let region = region(col("region"))?;
    let register_types = types(col("establishment_types"))?;

    let official_page = match col("govuk_page") {
        "" => None,
        raw => Some(Url::parse(raw).map_err(|e| format!("`govuk_page`: {e}"))?),
    };
    let (page_slug, page_kind) = match &official_page {
        Some(url) => {
            let (slug, kind) = page_slug(&url.0);
            if slug.is_empty() {
                return Err(format!(
                    "`govuk_page` {} has no page name to make a folder from",
                    url.0
                ));
            }
            (Some(slug), kind)
        }
        None => (None, None),
    };

    let category_raw = col("category_or_function");
    let category_ok = !unverified(col("category_source")) && !unverified(category_raw);
    let category = if category_ok {
        words::plain_category(category_raw)
    } else {
        None
    };

    let note = col("status_note");
    let StatusInfo {
        status,
        note: status_note,
        understood,
    } = notes::status(
        note,
        category_raw,
        category_ok,
        &register.types(),
        official_page.is_some(),
    );
    let names_note = notes::own_other_name(note, &register.base).is_some()
        || !notes::names_for_others(note).is_empty();
    if !understood && !names_note {
        warnings.push(format!(
            "the status note is not published (it is not about whether the prison is open): \"{note}\""
        ));
    }

    let age_group = col("age_group");
    let types = if notes::register_type_doubtful(note, age_group) {
        if status == Some(Status::ReRoled) {
            warnings.push("the register's type is out of date and the prison has changed, so `types` is left out".to_string());
            Vec::new()
        } else {
            let from_name = register.types();
            warnings.push(format!(
                "the data says the register's type ({}) is doubtful; `types` comes from the name instead ({})",
                col("establishment_types"),
                from_name.iter().map(|t| t.code()).collect::<Vec<_>>().join(", ")
            ));
            from_name
        }
    } else {
        register_types
    };

    let gender = col("gender").to_lowercase();
    let (holds, holds_warning) = words::holds(&gender, age_group);
    warnings.extend(holds_warning);

    let mut other_names = Vec::new();
    other_names.extend(notes::own_other_name(note, &register.base));
    if category_ok {
        other_names.extend(words::former_site(category_raw));
    }
    other_names.extend(words::former_site(note));
    other_names.dedup();

    let sector = match col("public_or_private").to_lowercase().as_str() {
        "public" => Some(Sector::Public),
        "private" => Some(Sector::Private),
        "" => None,
        other => {
            warnings.push(format!(
                "`public_or_private` `{other}` is not public or private, so `sector` is left out"
            ));
            None
        }
    };

    let (town, address_lines) = words::town(col("town"));
    let county = Some(words::tidy_words(col("county"))).filter(|c| !c.is_empty());
    let postcode = match col("postcode") {
        "" => {
            warnings.push("no postcode, so the address has none".to_string());
            None
        }
        raw => match Postcode::parse(raw) {
            Ok(p) => Some(p),
            Err(e) => {
                warnings.push(format!("{e}; the postcode is left out"));
                None
            }
        },
    };

    let source = col("source");
    let mut sources = Vec::new();
    if source.contains("prison-register") {
        let title = match words::snapshot_month(source) {
            Some(month) => format!("Prison register, Ministry of Justice ({month})"),
            None => "Prison register, Ministry of Justice".to_string(),
        };
        sources.push((title, REGISTER_URL.to_string()));
    } else if source.contains("prison-visits-2") {
        sources.push((
            "Prison visits booking data, Ministry of Justice".to_string(),
            VISITS_URL.to_string(),
        ));
    }
    if let Some(url) = &official_page {
        let title = if url.0.starts_with("https://www.gov.uk/") {
            format!("{name} on GOV.UK")
        } else {
            format!("{name}: official page")
        };
        sources.push((title, url.0.clone()));
    }
    if sources.is_empty() {
        return Err("`source` names neither the prison register nor prison-visits-2, and there is no `govuk_page`: a page needs a source families can check".to_string());
    }

    Ok(Parsed {
        record: Record {
            line,
            nomis_id,
            name,
            name_cy: Some(col("welsh_name").to_string()).filter(|s| !s.is_empty()),
            other_names,
            types,
            holds,
            category,
            operator: words::operator(col("operator")),
            sector,
            region,
            address_lines,
            town,
            county,
            postcode,
            official_page,
            page_slug,
            page_kind,
            status,
            status_note,
            sources,
            gender,
            raw_note: note.to_string(),
            register,
        },
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_past_crlf_and_blank_lines() {
        let text = b"h\r\n\r\nrow\r\n";
        assert_eq!(line_at(text, 0), 1);
        // csv reports the record after the header at the header's `\n`.
        assert_eq!(line_at(text, 2), 3);
        assert_eq!(line_at(b"h\nrow\n", 2), 2);
    }

    #[test]
    fn page_slugs_lose_their_suffix() {
        assert_eq!(
            page_slug("https://www.gov.uk/guidance/altcourse-prison"),
            ("altcourse".into(), Some("prison"))
        );
        assert_eq!(
            page_slug("https://www.gov.uk/guidance/parc-prison-and-yoi"),
            ("parc".into(), Some("prison-and-yoi"))
        );
        assert_eq!(
            page_slug("https://www.gov.uk/guidance/feltham-yoi/"),
            ("feltham".into(), Some("yoi"))
        );
        assert_eq!(
            page_slug("https://www.gov.uk/guidance/north-sea-camp"),
            ("north-sea-camp".into(), None)
        );
    }
}

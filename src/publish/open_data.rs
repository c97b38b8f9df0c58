//! `prisons.json` and `prisons.csv`: the same facts the pages show, for helplines and apps.
//! A file that cannot be written whole fails the build: an empty or cut-off data file
//! would look like a site with no prisons to the apps that read it.

use serde::Serialize;

use crate::content::{Kind, Site};
use crate::diagnostics::Diagnostic;
use crate::model::Prison;
use crate::output::Sink;

use super::OPEN_DATA_SCHEMA_VERSION;

#[derive(Serialize)]
struct OpenPrison<'a> {
    slug: &'a str,
    url: String,
    #[serde(flatten)]
    prison: &'a Prison,
}

#[derive(Serialize)]
struct OpenData<'a> {
    schema_version: u32,
    generated: String,
    licence_note: &'static str,
    prisons: Vec<OpenPrison<'a>>,
}

/// A CSV cell a spreadsheet will show as text: one starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return would be run as a formula, so it gets a leading `'` (OWASP's
/// advice for CSV injection).
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

const CSV_HEADER: [&str; 19] = [
    "slug",
    "name",
    "name_cy",
    "other_names",
    "nomis_id",
    "types",
    "holds",
    "category",
    "operator",
    "sector",
    "region",
    "town",
    "county",
    "postcode",
    "official_page",
    "switchboard",
    "status",
    "last_reviewed",
    "url",
];

/// Why a data file could not be made, as a build error.
fn failed(path: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("cannot write /{path}: {e}"))
        .in_file(path.to_string())
        .help("this is a fault in familyties, not in your content: please report it with the prison files you changed last")
}

/// Writes `prisons.csv` and `prisons.json` into `sink` as they are made: the JSON of a
/// large site is far bigger than its prisons' facts, and is never held whole.
pub(super) fn put(site: &Site, sink: &Sink) -> Result<(), Diagnostic> {
    let base = site.config.base();
    let prisons: Vec<OpenPrison> = site
        .prisons()
        .into_iter()
        .filter_map(|(p, prison)| match &p.file.kind {
            Kind::Prison { slug } => Some(OpenPrison {
                slug,
                url: format!("{base}{}", p.url),
                prison,
            }),
            _ => None,
        })
        .collect();
    sink.put_streamed("prisons.csv".into(), |w| {
        csv_file(&prisons, w).map_err(std::io::Error::other)
    })
    .map_err(|e| failed("prisons.csv", e))?;
    let data = OpenData {
        schema_version: OPEN_DATA_SCHEMA_VERSION,
        generated: site.today.to_string(),
        licence_note: "Facts from the prison register, GOV.UK prison pages and the Ministry of Justice prison visit booking data (MIT licence, Crown copyright); each group of facts names its source and date. Check the official page before acting on them.",
        prisons,
    };
    sink.put_streamed("prisons.json".into(), |w| {
        serde_json::to_writer_pretty(w, &data).map_err(std::io::Error::other)
    })
    .map_err(|e| failed("prisons.json", e))
}

fn csv_file(
    prisons: &[OpenPrison],
    out: &mut dyn std::io::Write,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(CSV_HEADER)?;
    for o in prisons {
        let p = o.prison;
        let a = p.address.as_ref();
        let status = serde_json::to_value(p.status)?;
        let record = [
            o.slug.to_string(),
            p.name.clone(),
            p.name_cy.clone().unwrap_or_default(),
            p.other_names.join("; "),
            p.nomis_id.clone().unwrap_or_default(),
            p.types
                .iter()
                .map(|t| t.code())
                .collect::<Vec<_>>()
                .join("+"),
            p.holds.clone().unwrap_or_default(),
            p.category.clone().unwrap_or_default(),
            p.operator.clone().unwrap_or_default(),
            p.sector
                .map_or(String::new(), |s| format!("{s:?}").to_lowercase()),
            p.region.name().to_string(),
            a.and_then(|a| a.town.clone()).unwrap_or_default(),
            a.and_then(|a| a.county.clone()).unwrap_or_default(),
            a.and_then(|a| a.postcode.as_ref())
                .map(|c| c.0.clone())
                .unwrap_or_default(),
            p.official_page
                .as_ref()
                .map(|u| u.0.clone())
                .unwrap_or_default(),
            p.contact
                .as_ref()
                .and_then(|c| c.phone.as_ref())
                .as_ref()
                .map(|s| s.0.clone())
                .unwrap_or_default(),
            status.as_str().unwrap_or_default().to_string(),
            p.last_reviewed.map(|d| d.to_string()).unwrap_or_default(),
            o.url.clone(),
        ];
        csv.write_record(
            record
                .iter()
                .map(|cell| spreadsheet_safe(cell).into_owned()),
        )?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula() {
        for bad in ["=1+1", "+44 113", "-(0113)", "@SUM(A1)", "\tx", "\rx"] {
            assert!(spreadsheet_safe(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(spreadsheet_safe("HMP Leeds"), "HMP Leeds");
    }
}

//! `familyties status`: which prisons' facts need checking, oldest first.

use crate::diagnostics::Diagnostics;
use crate::pipeline::Options;
use crate::status::{Keep, report};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Csv,
    Json,
}

/// Prints the report; the exit code is 1 when the content cannot be read.
pub fn status(options: &Options, due: Option<i64>, format: Format) -> Result<String, String> {
    let diags = Diagnostics::new();
    let site = crate::site::load(&options.root, options.today, &diags, false);
    let (errors, _) = diags.counts();
    let site = match site {
        Some(site) if errors == 0 => site,
        _ => {
            eprint!("{}", diags.render_human());
            return Err(format!(
                "{errors} mistake(s) in the content stop the report; fix them first (familyties check lists them)"
            ));
        }
    };
    let mut report = report(&site, Keep::All);
    if let Some(days) = due {
        report = report.due(days);
    }
    match format {
        Format::Text => Ok(report.to_text()),
        Format::Csv => report.to_csv(),
        Format::Json => report.to_json(),
    }
}

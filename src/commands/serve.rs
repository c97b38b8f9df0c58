//! `familyties serve`: builds the site in memory, serves it on this computer and rebuilds it
//! whenever a file is saved. The pieces are in [`crate::serve`]; this is the loop and what
//! it prints.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

use super::Error;
use crate::model::fields::Date;
use crate::pipeline::build_date;
use crate::serve::watch::{Change, Watcher};
use crate::serve::{Rebuilt, Shared, http};

pub struct Args {
    pub root: PathBuf,
    /// `--date`: build as if today were this date.
    pub date: Option<String>,
    pub bind: IpAddr,
    pub port: u16,
    /// `--allow-network`: needed to listen on anything but this computer's own address.
    pub allow_network: bool,
}

/// Serves until the process is stopped; returns only when it cannot start (or watching
/// stops).
pub fn serve(args: &Args) -> Result<(), Error> {
    if !args.bind.is_loopback() && !args.allow_network {
        return Err(Error::Usage(format!(
            "--bind {} would show the site, drafts and build errors included, to every computer on the network\n  = help: add --allow-network if that is what you want, or leave out --bind to keep the preview on this computer",
            args.bind
        )));
    }
    let root = match args.root.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            return Err(Error::Usage(format!(
                "cannot open the site folder {}: {e}",
                args.root.display()
            )));
        }
    };
    let fixed_date = build_date(args.date.as_deref()).map_err(|e| Error::Usage(e.to_string()))?;
    // Without --date (or FAMILYTIES_DATE) each build is for the day it runs on, so notices
    // still come and go right when `serve` is left running overnight.
    let pinned = args.date.is_some() || std::env::var_os("FAMILYTIES_DATE").is_some();
    let today = || if pinned { fixed_date } else { Date::today() };

    // Watch before the first build, so nothing saved while it runs is missed.
    let watcher = Watcher::start(&root).map_err(|e| Error::Failed(e.to_string()))?;
    let shared = Arc::new(Shared::default());
    report(&shared.rebuild(&root, today(), None), None);
    let (server, addr) =
        http::bind(args.bind, args.port).map_err(|e| Error::Failed(e.to_string()))?;
    let network = !args.bind.is_loopback();
    if network {
        eprintln!(
            "warning: listening on {addr}: anyone on the network can see this preview, drafts and build errors included"
        );
    }
    http::start(server, Arc::clone(&shared), network).map_err(|e| Error::Failed(e.to_string()))?;
    println!("Serving on http://{addr}/ — press Ctrl+C to stop");

    while let Some(change) = watcher.next_change() {
        report(
            &shared.rebuild(&root, today(), Some(&change)),
            Some(&change),
        );
    }
    Err(Error::Failed(
        "watching the site for changes stopped; start `familyties serve` again".to_string(),
    ))
}

/// One line per build, after its diagnostics (if any).
fn report(rebuilt: &Rebuilt, change: Option<&Change>) {
    if !rebuilt.diagnostics.is_empty() {
        eprint!("{}", rebuilt.diagnostics);
    }
    let ms = rebuilt.took.as_millis();
    let warnings = match rebuilt.warnings {
        0 => String::new(),
        n => format!(", {}", count(n, "warning")),
    };
    let errors = count(rebuilt.errors.max(1), "error");
    match (rebuilt.ok, change) {
        (true, None) => println!(
            "built {} in {ms} ms{warnings}",
            count(rebuilt.pages, "page")
        ),
        (true, Some(change)) => {
            let rest = rebuilt.finished.map_or(String::new(), |all| {
                format!(", every file in {} ms", all.as_millis())
            });
            println!("rebuilt in {ms} ms{rest} ({}){warnings}", change.describe())
        }
        (false, None) => {
            println!("build failed: {errors} — the browser shows them until they are fixed")
        }
        // The edit's own pages were served before its lists and data files failed.
        (false, Some(_)) if rebuilt.finished.is_some() => println!(
            "build failed: {errors} — the edited pages are served; the lists, indexes and data files are as they were before the edit"
        ),
        (false, Some(_)) => {
            println!("build failed: {errors} — the last good site is still served")
        }
    }
}

fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

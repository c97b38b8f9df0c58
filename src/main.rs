use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use familyties::commands::build::{self, Format};
use familyties::commands::{Error, import, new};
use familyties::pipeline::{Options, build_date};

/// mimalloc: malloc and free were a quarter of the build's instructions with the system
/// allocator (benches/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Builds the familyties website from the Markdown files in content/.
#[derive(Parser)]
#[command(name = "familyties", version, about)]
struct Cli {
    /// The site's folder (the one that holds content/ and themes/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder (public/ by default).
    Build {
        /// Where to write the site.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Build as if today were this date (YYYY-MM-DD); decides which notices show.
        #[arg(long)]
        date: Option<String>,
        /// Print the time spent in each template.
        #[arg(long)]
        verbose: bool,
        /// Print every warning in full (by default the first 20, then a count per kind).
        #[arg(long)]
        all: bool,
    },
    /// Check every page for mistakes without writing anything.
    Check {
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// How to print the problems.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// Print every warning in full (by default the first 20, then a count per kind;
        /// `--format json` always has every one).
        #[arg(long)]
        all: bool,
        /// Check as if today were this date (YYYY-MM-DD; or set FAMILYTIES_DATE): decides
        /// which notices show and which reviews are out of date.
        #[arg(long)]
        date: Option<String>,
    },
    /// Serve the site on this computer; it is rebuilt on every save and the browser reloads.
    #[cfg(feature = "serve")]
    Serve {
        /// The port to listen on; if it is taken, the next 20 are tried.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Serve as if today were this date (YYYY-MM-DD; or set FAMILYTIES_DATE): decides
        /// which notices show. Without it each rebuild uses the day in the UK.
        #[arg(long)]
        date: Option<String>,
        /// The address to listen on; the default lets only this computer see the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Allow a --bind address other computers can reach (drafts become visible to them).
        #[arg(long)]
        allow_network: bool,
    },
    /// Write a generated site of N prison-like pages, for benchmarks (see benches/README.md).
    BenchCorpus {
        /// How many prison pages.
        #[arg(long, default_value_t = 1000)]
        pages: usize,
        /// An empty folder (or an earlier corpus) to write it into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Bring data into content/: `familyties import prisons <CSV>`.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Start a new page with every field listed and explained; never overwrites a page.
    New {
        /// The kind of page.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(new::kind_names()))]
        kind: String,
        /// The page's name, in quotes: "HMP Example", "Your first visit".
        name: String,
        /// For a prison: its region, e.g. "North West".
        #[arg(long)]
        region: Option<String>,
    },
    /// What to check next: every open prison's groups of facts, missing first, then oldest.
    Status {
        /// Only groups whose source is older than this many days.
        #[arg(long)]
        due: Option<i64>,
        /// text for reading, csv for a spreadsheet, json for a script.
        #[arg(long, value_enum, default_value = "text")]
        format: StatusFormat,
        /// Measure ages as if today were this date (YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
    },
    /// Print the site's response headers (security and cache) for a web server that does not
    /// read the _headers file the build writes: `familyties server-config nginx`.
    ServerConfig {
        #[arg(value_enum)]
        server: ServerKind,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusFormat {
    Text,
    Csv,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ServerKind {
    Nginx,
    Apache,
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Write content/prisons/<slug>/index.md for every row of the prison data. Pages that
    /// exist only get the fields they do not have yet.
    Prisons {
        /// The prison register CSV, one row per prison: name, NOMIS id, Welsh name, type,
        /// who it holds, category, operator, town, postcode, region, GOV.UK page, notes and
        /// sources (the columns of the shared data's prisons.csv).
        csv: PathBuf,
        /// The date to write as `last_reviewed` (YYYY-MM-DD); by default the day the data
        /// was last checked.
        #[arg(long)]
        reviewed: Option<String>,
    },
    /// Complete each prison's booking, visitor rules, visiting times and days without
    /// visits from the Ministry of Justice's visit booking data (the .yml files of
    /// prison-visits-2's db/seeds/prisons/), matched by NOMIS id. Never changes a value a
    /// page already has: a difference is reported. Running it again changes nothing.
    Visits {
        /// The folder holding the booking data's .yml files.
        dir: PathBuf,
        /// The date of the data (YYYY-MM-DD), shown to families beside the facts.
        #[arg(long, default_value = familyties::commands::import::visits::DEFAULT_AS_OF)]
        as_of: String,
        /// Where each file can be read; the file's name is added to it.
        #[arg(long, default_value = familyties::commands::import::visits::DEFAULT_SOURCE_URL)]
        source_url: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
}

fn options(root: PathBuf, date: Option<&str>, strict: bool) -> Result<Options, Error> {
    Ok(Options {
        root,
        today: build_date(date).map_err(Error::Usage)?,
        strict,
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let message = e.to_string();
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build {
            out,
            date,
            verbose,
            all,
        } => {
            let o = options(cli.root.clone(), date.as_deref(), false)?;
            let out = if out.is_absolute() {
                out
            } else {
                cli.root.join(out)
            };
            build::build(&o, &out, verbose, all)
        }
        Command::Check {
            strict,
            format,
            date,
            all,
        } => {
            let o = options(cli.root, date.as_deref(), strict)?;
            let format = match format {
                OutputFormat::Human => Format::Human,
                OutputFormat::Json => Format::Json,
            };
            build::check(&o, strict, format, all)
        }
        #[cfg(feature = "serve")]
        Command::Serve {
            port,
            date,
            bind,
            allow_network,
        } => {
            use familyties::commands::serve::{Args, serve};
            serve(&Args {
                root: cli.root,
                date,
                bind,
                port,
                allow_network,
            })
        }
        Command::BenchCorpus { pages, out } => {
            let stats = familyties::corpus::generate(pages, &out).map_err(|e| {
                Error::Usage(format!("cannot write the corpus to {}: {e}", out.display()))
            })?;
            println!(
                "wrote {} Markdown files into {}; build it with --root {} --date {}",
                stats.markdown_files,
                out.display(),
                out.display(),
                familyties::corpus::BUILD_DATE
            );
            Ok(())
        }
        Command::Import {
            what: ImportWhat::Prisons { csv, reviewed },
        } => import::prisons(&cli.root, &csv, reviewed.as_deref()),
        Command::Import {
            what:
                ImportWhat::Visits {
                    dir,
                    as_of,
                    source_url,
                },
        } => import::visits::visits(
            &cli.root,
            &dir,
            &import::visits::Options {
                as_of: &as_of,
                source_url: &source_url,
            },
        ),
        Command::New { kind, name, region } => {
            let kind = new::Kind::named(&kind).ok_or_else(|| {
                Error::Usage(format!(
                    "`new` cannot start a `{kind}` page; use one of: {}",
                    new::kind_names().join(", ")
                ))
            })?;
            new::new(&cli.root, kind, &name, region.as_deref())
        }
        Command::Status { due, format, date } => {
            use familyties::commands::status::{Format, status};
            let format = match format {
                StatusFormat::Text => Format::Text,
                StatusFormat::Csv => Format::Csv,
                StatusFormat::Json => Format::Json,
            };
            let o = Options {
                root: cli.root,
                today: build_date(date.as_deref()).map_err(Error::Failed)?,
                strict: false,
            };
            let text = status(&o, due, format).map_err(Error::Failed)?;
            // A reader that stops early (`| head`) is not an error.
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
            Ok(())
        }
        Command::ServerConfig { server } => {
            use familyties::headers::{Server, server_config};
            print!(
                "{}",
                server_config(match server {
                    ServerKind::Nginx => Server::Nginx,
                    ServerKind::Apache => Server::Apache,
                })
            );
            Ok(())
        }
    }
}

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use familyties::commands::build::{self, Format};
use familyties::pipeline::{Options, build_date};

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
    },
    /// Check every page for mistakes without writing anything.
    Check {
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// How to print the problems.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
}

fn options(root: PathBuf, date: Option<&str>) -> Result<Options, String> {
    Ok(Options {
        root,
        today: build_date(date)?,
        inject: None,
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build { out, date, verbose } => match options(cli.root.clone(), date.as_deref()) {
            Ok(o) => {
                let out = if out.is_absolute() { out } else { cli.root.join(out) };
                build::build(&o, &out, verbose)
            }
            Err(e) => fail(&e),
        },
        Command::Check { strict, format, date } => match options(cli.root, date.as_deref()) {
            Ok(o) => {
                let format = match format {
                    OutputFormat::Human => Format::Human,
                    OutputFormat::Json => Format::Json,
                };
                build::check(&o, strict, format)
            }
            Err(e) => fail(&e),
        },
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn fail(message: &str) -> i32 {
    eprintln!("error: {message}");
    2
}

//! The commands editors run: `build`, `check`, `new`, `import`, `serve` and `status`.

pub mod build;
pub mod import;
pub mod new;
#[cfg(feature = "serve")]
pub mod serve;
pub mod status;

/// Why a command failed; `main` prints it and chooses the exit code.
#[derive(Debug)]
pub enum Error {
    /// The command was asked for something it cannot do (a bad name or option): exit 2.
    Usage(String),
    /// It ran and failed: exit 1.
    Failed(String),
    /// It failed and has already said why (diagnostics, rows that failed): exit 1.
    Reported,
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Failed(_) | Error::Reported => 1,
        }
    }
}

impl std::fmt::Display for Error {
    /// What to print, or nothing when it has been printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(m) | Error::Failed(m) => write!(f, "error: {m}"),
            Error::Reported => Ok(()),
        }
    }
}

//! The commands editors run: `build`, `check`, `new`, `import`, `serve` and `status`.

pub mod build;
pub mod import;
pub mod new;
#[cfg(feature = "serve")]
pub mod serve;
pub mod status;

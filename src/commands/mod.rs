//! The commands editors run: `build`, `check`, `new`, `import` and `serve`.

pub mod build;
pub mod import;
pub mod new;
#[cfg(feature = "serve")]
pub mod serve;

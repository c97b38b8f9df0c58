//! The commands editors run: `build`, `check`, `new`, `import` and `serve`.

pub mod build;

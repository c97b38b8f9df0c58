//! Arbitrary bytes as a page's Markdown: `markdown::prepare` + `render` with the build's own
//! link resolver over a small site in memory, and the glossary linker. Must never panic,
//! and a page that would be published must have nothing in it that can run script.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::markdown(data);
});

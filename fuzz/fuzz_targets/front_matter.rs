//! Arbitrary bytes as a content file's front matter: split, then read into every kind of
//! page (and as site settings), with the diagnostics rendered. Must never panic.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::front_matter(data);
});

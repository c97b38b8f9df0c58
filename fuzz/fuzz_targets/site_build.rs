//! Arbitrary bytes as one content file of a minimal site (a copy of themes/default, a
//! site.yaml, a home page, a guide and a prison), then `pipeline::run`. Must never panic.
//! The first byte chooses where the file goes (a guide, a prison, evidence, ...).
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

#[path = "../harness.rs"]
mod harness;

fn site() -> &'static harness::BuildSite {
    static SITE: OnceLock<harness::BuildSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("familyties-fuzz-site-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
        harness::BuildSite::new(&dir, &theme)
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::site_build(site(), data);
});

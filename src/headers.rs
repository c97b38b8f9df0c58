//! `_headers`: the response headers a static host (Netlify, Cloudflare Pages and others that
//! read this file) sends with the site. Security headers for every address, a year's cache
//! for the content-hashed files in `assets/` and a short one for everything else, so a
//! corrected visiting time reaches families within minutes.
//!
//! Hosts disagree on what happens when two rules set the same header (Netlify keeps the
//! later one, Cloudflare joins them with a comma), so `Cache-Control` is set by rules that
//! never overlap: one for `/assets/*` and one for each other top-level folder and file.

use std::collections::BTreeSet;

use crate::assets::HASHED_DIR;
use crate::output::OutputFile;

/// The Content-Security-Policy the default theme is built to pass: nothing but the site's
/// own files, no inline script or style, no framing. The browser checks load every page
/// with it and fail on any violation.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

/// The headers every response carries.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    // Families' visits are private: other sites are not told which page sent them.
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), payment=()",
    ),
];

/// Hashed files never change under their name.
pub const ASSET_CACHE: &str = "public, max-age=31536000, immutable";
/// Pages and data: five minutes, then ask again.
pub const PAGE_CACHE: &str = "public, max-age=300, must-revalidate";

/// The `_headers` file for a site made of `paths` (paths inside the output folder).
pub fn file(paths: &[String]) -> OutputFile {
    let mut out = String::from(
        "# Response headers for static hosts that read a _headers file (Netlify, Cloudflare\n\
         # Pages and others). familyties writes this file on every build: change the theme or\n\
         # familyties, not this copy. Other web servers: see the README's publishing guide.\n\n/*\n",
    );
    for (name, value) in SECURITY_HEADERS {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    out.push_str(&format!(
        "\n/{HASHED_DIR}/*\n  Cache-Control: {ASSET_CACHE}\n"
    ));
    let mut rules = BTreeSet::from(["/".to_string()]);
    for path in paths {
        match path.split_once('/') {
            Some((dir, _)) if dir == HASHED_DIR => {}
            // The host's own instruction files are not served.
            None if path.starts_with('_') => {}
            Some((dir, _)) => {
                rules.insert(format!("/{dir}/*"));
            }
            None => {
                rules.insert(format!("/{path}"));
            }
        }
    }
    for rule in rules {
        out.push_str(&format!("\n{rule}\n  Cache-Control: {PAGE_CACHE}\n"));
    }
    OutputFile {
        path: "_headers".into(),
        bytes: out.into_bytes(),
    }
}

/// The same headers for servers that do not read `_headers`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Server {
    /// Lines to include inside nginx's `server { }` block for the site.
    Nginx,
    /// An `.htaccess` file for Apache (mod_headers).
    Apache,
}

/// The headers as `server`'s configuration, from the same constants as `_headers`.
pub fn server_config(server: Server) -> String {
    match server {
        Server::Nginx => nginx(),
        Server::Apache => apache(),
    }
}

fn nginx() -> String {
    // nginx forgets the outer add_header lines inside a location that has its own, so
    // each location repeats the security headers.
    let security: String = SECURITY_HEADERS
        .iter()
        .map(|(name, value)| format!("    add_header {name} \"{value}\" always;\n"))
        .collect();
    format!(
        "# familyties: response headers for nginx. Include inside the server {{ }} block whose\n\
         # root is the built site (public/).\n\
         error_page 404 /404.html;\n\
         location ~ ^/_(headers|redirects)$ {{\n    return 404;\n}}\n\
         location /{HASHED_DIR}/ {{\n{security}    add_header Cache-Control \"{ASSET_CACHE}\" always;\n}}\n\
         location / {{\n{security}    add_header Cache-Control \"{PAGE_CACHE}\" always;\n    try_files $uri $uri/ =404;\n}}\n"
    )
}

fn apache() -> String {
    let security: String = SECURITY_HEADERS
        .iter()
        .map(|(name, value)| format!("  Header always set {name} \"{value}\"\n"))
        .collect();
    format!(
        "# familyties: response headers for Apache (needs mod_headers). Save as .htaccess in the\n\
         # built site's folder, or put the lines in its <Directory> block.\n\
         ErrorDocument 404 /404.html\n\
         <FilesMatch \"^_(headers|redirects)$\">\n  Require all denied\n</FilesMatch>\n\
         <IfModule mod_headers.c>\n{security}  Header always set Cache-Control \"{PAGE_CACHE}\"\n\
         \x20 <If \"%{{REQUEST_URI}} =~ m#^/{HASHED_DIR}/#\">\n    Header always set Cache-Control \"{ASSET_CACHE}\"\n  </If>\n\
         </IfModule>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_rules_never_overlap() {
        let paths: Vec<String> = [
            "index.html",
            "assets/style.0123456789.css",
            "prisons/leeds/index.html",
            "prisons/index.html",
            "sitemap.xml",
        ]
        .map(String::from)
        .to_vec();
        let text = String::from_utf8(file(&paths).bytes).unwrap();
        assert!(text.contains("/*\n  Content-Security-Policy: default-src 'self';"));
        assert!(text.contains("/assets/*\n  Cache-Control: public, max-age=31536000, immutable"));
        assert!(text.contains("\n/prisons/*\n  Cache-Control: public, max-age=300"));
        assert!(text.contains("\n/sitemap.xml\n  Cache-Control:"));
        assert!(text.contains("\n/\n  Cache-Control:"));
        assert_eq!(text.matches("Cache-Control").count(), 5);
        assert!(!text.contains("\n/*\n  Cache-Control"));
    }

    #[test]
    fn server_configs_carry_the_same_policy() {
        for server in [Server::Nginx, Server::Apache] {
            let config = server_config(server);
            assert!(config.contains(CONTENT_SECURITY_POLICY), "{config}");
            assert!(config.contains(ASSET_CACHE) && config.contains(PAGE_CACHE));
            assert!(config.contains("nosniff") && config.contains("404.html"));
        }
        let nginx = server_config(Server::Nginx);
        assert_eq!(nginx.matches("Content-Security-Policy").count(), 2);
        assert_eq!(nginx.matches('{').count(), nginx.matches('}').count());
    }
}

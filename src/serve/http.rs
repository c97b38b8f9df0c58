//! The HTTP side of `serve`: finding a free port, a few worker threads taking requests from
//! tiny_http, and the answer to each request (a file of the site from memory, the reload
//! endpoints, or the site's 404 page).

use std::io::{Cursor, ErrorKind};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::Shared;
use super::files::{self, Lookup};
use super::reload;

/// When the port asked for is taken, the next ones up to this many above it are tried.
const MORE_PORTS: u16 = 20;
/// Files come from memory, so a few threads are plenty; event streams get their own.
const WORKERS: usize = 8;

/// Listens on `ip` at `port`, or the first free port of the next `MORE_PORTS`.
pub fn bind(ip: IpAddr, first: u16) -> Result<(Server, SocketAddr), String> {
    let last = first.saturating_add(MORE_PORTS);
    for port in first..=last {
        match TcpListener::bind((ip, port)) {
            Ok(listener) => {
                let addr = listener
                    .local_addr()
                    .map_err(|e| format!("cannot listen on {ip}:{port}: {e}"))?;
                let server = Server::from_listener(listener, None)
                    .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
                return Ok((server, addr));
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse => continue,
            Err(e) => return Err(format!("cannot listen on {ip}:{port}: {e}")),
        }
    }
    Err(format!(
        "ports {first} to {last} on {ip} are all in use; choose another with --port"
    ))
}

/// Starts the worker threads; they run until the process ends.
pub fn start(server: Server, shared: Arc<Shared>) -> Result<(), String> {
    let server = Arc::new(server);
    for i in 0..WORKERS {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name(format!("familyties-http-{i}"))
            .spawn(move || {
                loop {
                    match server.recv() {
                        Ok(request) => handle(request, &shared),
                        // A failed accept (out of file handles, say): wait a moment, go on.
                        Err(_) => std::thread::sleep(Duration::from_millis(50)),
                    }
                }
            })
            .map_err(|e| format!("cannot start the web server: {e}"))?;
    }
    Ok(())
}

type Body = Response<Cursor<Arc<[u8]>>>;

fn handle(request: Request, shared: &Shared) {
    let target = request.url().to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    if !matches!(request.method(), Method::Get | Method::Head) {
        let refused = body(
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD are served",
        )
        .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(refused);
        return;
    }
    let response = match path {
        reload::EVENTS_PATH => {
            let since = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("since="))
                .and_then(|n| n.parse().ok());
            reload::open_stream(request, &shared.hub, since);
            return;
        }
        reload::STATUS_PATH => body(
            200,
            "application/json; charset=utf-8",
            shared.hub.status().to_json().as_bytes(),
        ),
        reload::SCRIPT_PATH => body(
            200,
            "text/javascript; charset=utf-8",
            reload::SCRIPT.as_bytes(),
        ),
        _ => site_file(shared, &target),
    };
    // An error here means the browser went away; there is no one left to tell.
    let _ = request.respond(response);
}

fn site_file(shared: &Shared, target: &str) -> Body {
    let site = shared.site();
    match files::lookup(&site.files, target) {
        Lookup::Found(key, bytes) => {
            let content_type = files::content_type(&key);
            if content_type.starts_with("text/html") {
                // Added here rather than at build time, so a page that an edit did not
                // rebuild still carries the current build's number.
                let page = with_reload_script(&bytes, site.generation);
                shared_body(200, content_type, Arc::from(page))
            } else {
                shared_body(200, content_type, bytes)
            }
        }
        // 302, not 301: browsers remember a 301 for good, and the folder may not last.
        Lookup::Redirect(location) => match Header::from_bytes("Location", location.as_bytes()) {
            Ok(h) => body(302, "text/plain; charset=utf-8", b"").with_header(h),
            Err(()) => not_found(shared),
        },
        Lookup::NotFound => not_found(shared),
    }
}

/// The site's own 404 page, or (before any build has worked) a bare page that still carries
/// the reload script, so the browser shows the build's errors and reloads once it works.
fn not_found(shared: &Shared) -> Body {
    let site = shared.site();
    if let Some(page) = site.files.get("404.html") {
        let page = with_reload_script(&page, site.generation);
        return shared_body(404, "text/html; charset=utf-8", Arc::from(page));
    }
    let page = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Page not found</title>\
         <body><h1>Page not found</h1><p>There is no page at this address{}.</p>{}</body></html>",
        if site.files.is_empty() {
            " because the site has not been built yet"
        } else {
            ""
        },
        reload::script_tag(site.generation)
    );
    body(404, "text/html; charset=utf-8", page.as_bytes())
}

/// The page with the live-reload script before `</body>`.
fn with_reload_script(page: &[u8], generation: u64) -> Vec<u8> {
    let script = reload::script_tag(generation);
    let at = page
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + script.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn body(status: u16, content_type: &'static str, bytes: &[u8]) -> Body {
    shared_body(status, content_type, Arc::from(bytes))
}

fn shared_body(status: u16, content_type: &'static str, bytes: Arc<[u8]>) -> Body {
    let len = bytes.len();
    let headers = vec![
        header("Content-Type", content_type),
        // Always ask again: after a rebuild the browser must not show an old stylesheet.
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ];
    // A known length is sent as Content-Length, never chunked, however large the file.
    Response::new(
        StatusCode(status),
        headers,
        Cursor::new(bytes),
        Some(len),
        None,
    )
    .with_chunked_threshold(usize::MAX)
}

/// A header whose name and value are fixed ASCII strings in this file.
fn header(name: &'static str, value: &'static str) -> Header {
    Header::from_bytes(name, value).unwrap_or_else(|()| unreachable!("{name}: {value} is ASCII"))
}

//! The HTTP side of `serve`: finding a free port, one thread per connection (bounded), and
//! the answer to each request (a file of the site from memory, the reload endpoints, or
//! the site's 404 page). It is a small HTTP/1.1 server of its own rather than a library
//! one so that every limit is ours: no request body is ever read or allocated, heads are
//! bounded, and only `localhost` is answered (see [`super::request`]).

use std::io::{BufReader, BufWriter, ErrorKind, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::Shared;
use super::files::{self, Lookup};
use super::reload;
use super::request::{self, Hosts, Refused, Request};

/// When the port asked for is taken, the next ones up to this many above it are tried.
const MORE_PORTS: u16 = 20;
/// Connections served at once, event streams included; more wait in the accept queue.
const MAX_CONNECTIONS: usize = 128;
/// A client that sends nothing for this long is dropped.
const IDLE: Duration = Duration::from_secs(10);

/// Listens on `ip` at `port`, or the first free port of the next `MORE_PORTS`.
pub fn bind(ip: IpAddr, first: u16) -> Result<(TcpListener, SocketAddr), String> {
    let last = first.saturating_add(MORE_PORTS);
    for port in first..=last {
        match TcpListener::bind((ip, port)) {
            Ok(listener) => {
                let addr = listener
                    .local_addr()
                    .map_err(|e| format!("cannot listen on {ip}:{port}: {e}"))?;
                return Ok((listener, addr));
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse => continue,
            Err(e) => return Err(format!("cannot listen on {ip}:{port}: {e}")),
        }
    }
    Err(format!(
        "ports {first} to {last} on {ip} are all in use; choose another with --port"
    ))
}

/// Starts accepting connections on a thread of its own; it runs until the process ends.
pub fn start(listener: TcpListener, shared: Arc<Shared>, network: bool) -> Result<(), String> {
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot start the web server: {e}"))?
        .port();
    let hosts = Arc::new(Hosts { port, network });
    let open = Arc::new(AtomicUsize::new(0));
    std::thread::Builder::new()
        .name("familyties-accept".into())
        .spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else {
                    // A failed accept (out of file handles, say): wait a moment, go on.
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                };
                let Some(slot) = Slot::take(&open) else {
                    // Answered here, without a thread: a fresh connection's send buffer
                    // takes this short answer at once.
                    let _ = conn.set_write_timeout(Some(Duration::from_secs(1)));
                    let _ = respond_refused(&conn, &busy());
                    continue;
                };
                let (shared, hosts) = (Arc::clone(&shared), Arc::clone(&hosts));
                let spawned = std::thread::Builder::new()
                    .name("familyties-http".into())
                    .spawn(move || {
                        let _slot = slot;
                        serve_connection(conn, &shared, &hosts);
                    });
                if spawned.is_err() {
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        })
        .map_err(|e| format!("cannot start the web server: {e}"))?;
    Ok(())
}

fn busy() -> Refused {
    Refused {
        status: 503,
        reason: "too many connections; try again",
    }
}

/// One of the `MAX_CONNECTIONS` places, given back when the connection ends.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Option<Slot> {
        let taken = open.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(Arc::clone(open));
        (taken < MAX_CONNECTIONS).then_some(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers requests on one connection until the client closes it or asks to.
fn serve_connection(conn: TcpStream, shared: &Shared, hosts: &Hosts) {
    let _ = conn.set_read_timeout(Some(IDLE));
    let _ = conn.set_write_timeout(Some(IDLE));
    // Buffered so a head is not read with one system call per byte. Nothing after a head
    // is ever a body (requests with one are refused), so the buffer holds only the next
    // request's bytes.
    let Ok(reading) = conn.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reading);
    loop {
        let head = match request::read_head(&mut reader) {
            Ok(Ok(Some(head))) => head,
            Ok(Err(refused)) => {
                let _ = respond_refused(&conn, &refused);
                return;
            }
            // Closed, timed out or reset: nothing to answer.
            Ok(Ok(None)) | Err(_) => return,
        };
        let request = match request::parse(&head, hosts) {
            Ok(r) => r,
            Err(refused) => {
                let _ = respond_refused(&conn, &refused);
                return;
            }
        };
        if !matches!(request.method.as_str(), "GET" | "HEAD") {
            let _ = respond_refused(
                &conn,
                &Refused {
                    status: 405,
                    reason: "only GET and HEAD are served",
                },
            );
            return;
        }
        let (path, query) = request
            .target
            .split_once('?')
            .unwrap_or((&request.target, ""));
        if path == reload::EVENTS_PATH {
            let since = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("since="))
                .and_then(|n| n.parse().ok());
            reload::open_stream(conn, &shared.hub, since);
            return;
        }
        let answer = answer(shared, &request, path);
        if write_answer(&conn, &request, &answer).is_err() || request.close {
            return;
        }
    }
}

/// A complete answer: status, content type, extra header and body.
struct Answer {
    status: u16,
    content_type: &'static str,
    location: Option<String>,
    body: Arc<[u8]>,
}

fn answer(shared: &Shared, request: &Request, path: &str) -> Answer {
    let text = |status, content_type, bytes: &[u8]| Answer {
        status,
        content_type,
        location: None,
        body: Arc::from(bytes),
    };
    match path {
        reload::STATUS_PATH => text(
            200,
            "application/json; charset=utf-8",
            shared.hub.status().to_json().as_bytes(),
        ),
        reload::SCRIPT_PATH => text(
            200,
            "text/javascript; charset=utf-8",
            reload::SCRIPT.as_bytes(),
        ),
        _ => site_file(shared, &request.target),
    }
}

fn site_file(shared: &Shared, target: &str) -> Answer {
    let site = shared.site_for(target);
    match files::lookup(&site.files, target) {
        Lookup::Found(key, bytes) => {
            let content_type = files::content_type(&key);
            let body = if content_type.starts_with("text/html") {
                // Added here rather than at build time, so a page that an edit did not
                // rebuild still carries the current build's number.
                Arc::from(with_reload_script(&bytes, site.generation))
            } else {
                bytes
            };
            Answer {
                status: 200,
                content_type,
                location: None,
                body,
            }
        }
        // 302, not 301: browsers remember a 301 for good, and the folder may not last.
        // The target came through the request line, which holds no control characters.
        Lookup::Redirect(location) => Answer {
            status: 302,
            content_type: "text/plain; charset=utf-8",
            location: Some(location),
            body: Arc::from(&b""[..]),
        },
        Lookup::NotFound => not_found(shared),
    }
}

/// The site's own 404 page, or (before any build has worked) a bare page that still carries
/// the reload script, so the browser shows the build's errors and reloads once it works.
fn not_found(shared: &Shared) -> Answer {
    let site = shared.site();
    let html = |body: Arc<[u8]>| Answer {
        status: 404,
        content_type: "text/html; charset=utf-8",
        location: None,
        body,
    };
    if let Some(page) = site.files.get("404.html") {
        return html(Arc::from(with_reload_script(&page, site.generation)));
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
    html(Arc::from(page.into_bytes()))
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

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn write_answer(conn: &TcpStream, request: &Request, answer: &Answer) -> std::io::Result<()> {
    let mut out = BufWriter::new(conn);
    write!(
        out,
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        answer.status,
        reason(answer.status),
        answer.content_type,
        answer.body.len()
    )?;
    if let Some(location) = &answer.location {
        write!(out, "Location: {location}\r\n")?;
    }
    if request.close {
        out.write_all(b"Connection: close\r\n")?;
    }
    out.write_all(b"\r\n")?;
    if request.method != "HEAD" {
        out.write_all(&answer.body)?;
    }
    out.flush()
}

/// Answers a refused request and closes the connection.
fn respond_refused(conn: &TcpStream, refused: &Refused) -> std::io::Result<()> {
    let mut out = BufWriter::new(conn);
    let allow = if refused.status == 405 {
        "Allow: GET, HEAD\r\n"
    } else {
        ""
    };
    write!(
        out,
        "HTTP/1.1 {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\
         {allow}Connection: close\r\n\r\n{}",
        refused.status,
        reason(refused.status),
        refused.reason.len(),
        refused.reason
    )?;
    out.flush()?;
    let _ = conn.shutdown(std::net::Shutdown::Write);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_port_moves_up_to_a_free_one() {
        let ip = IpAddr::from([127, 0, 0, 1]);
        let taken = TcpListener::bind((ip, 0)).unwrap();
        let asked = taken.local_addr().unwrap().port();
        let (_listener, addr) = bind(ip, asked).unwrap();
        assert!(
            addr.port() > asked && addr.port() <= asked.saturating_add(MORE_PORTS),
            "asked {asked}, got {}",
            addr.port()
        );
    }

    #[test]
    fn port_zero_is_any_free_port_and_says_which() {
        let (listener, addr) = bind(IpAddr::from([127, 0, 0, 1]), 0).unwrap();
        assert_ne!(addr.port(), 0);
        assert_eq!(listener.local_addr().unwrap(), addr);
    }
}

//! `familyties serve` end to end: a small site in a temporary folder, the real binary as a
//! child process and plain HTTP over 127.0.0.1 (std::net only). Every wait has a deadline, so
//! a hang fails the test instead of blocking CI, and waits for a condition rather than for a
//! time. Each server is started with `--port 0`, so the system gives it a free port, and the
//! test reads the port from its "Serving on" line: no port is picked first and bound later.

#![cfg(feature = "serve")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const GUIDE: &str = "content/guides/first-visit.md";
const GUIDE_URL: &str = "/guides/first-visit/";
const SCRIPT: &str = "/__familyties/reload.js";
/// Generous for a busy CI machine; a working server answers in milliseconds.
const STARTUP: Duration = Duration::from_secs(120);
const EVENT: Duration = Duration::from_secs(20);
const IO: Duration = Duration::from_secs(10);

fn guide(title: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: What happens on your first visit.\nlast_reviewed: 2026-11-01\nsources:\n  - title: Visit someone in prison (GOV.UK)\n    url: https://www.gov.uk/prison-visits\n    date: 2026-11-01\n---\n\n{body}\n"
    )
}

/// A small site: settings, a home page and one guide, with the repository's default theme.
fn make_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let root = tmp.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "content/site.yaml",
        "title: Test Family Ties\nbase_url: https://familyties.test\n",
    );
    write(
        "content/index.md",
        "---\ntitle: Visiting someone in prison\nsummary: Help for families.\n---\n\n\
         Start with [your first visit](guides/first-visit.md).\n",
    );
    write(
        GUIDE,
        &guide("Your first visit", "Arrive early on the day."),
    );
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&theme, &root.join("themes/default"));
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A running `familyties serve`, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
    root: PathBuf,
}

impl Server {
    /// Starts the server on a port the system chooses, and waits for its "Serving on" line.
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_familyties"))
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", "0", "--date", "2026-11-23"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start familyties serve");
        let (tx, lines) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Drained all along so the child never blocks on a full pipe; shown on failure.
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut server = Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            lines,
            stderr,
            root: root.to_path_buf(),
        };
        let line = server.wait_for_line("Serving on", STARTUP);
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        server.addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|e| panic!("bad address in {line:?}: {e}"));
        server
    }

    fn wait_for_line(&self, needle: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => panic!(
                    "no line with {needle:?} within {within:?}; stderr:\n{}",
                    self.stderr.lock().unwrap()
                ),
            }
        }
    }

    fn get(&self, target: &str) -> Response {
        get(self.addr, target)
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root.join(rel), text).unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One request on its own connection: status, head and the body (by Content-Length).
fn get(addr: SocketAddr, target: &str) -> Response {
    let mut stream = TcpStream::connect_timeout(&addr, IO).expect("connect");
    stream.set_read_timeout(Some(IO)).unwrap();
    stream.set_write_timeout(Some(IO)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        let n = reader
            .read_line(&mut line)
            .unwrap_or_else(|e| panic!("GET {target}: {e}"));
        if n == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("GET {target}: no status in {head:?}"));
    let mut response = Response {
        status,
        head,
        body: String::new(),
    };
    let len: usize = response
        .header("Content-Length")
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| panic!("GET {target}: no Content-Length in {:?}", response.head));
    let mut body = vec![0; len];
    reader
        .read_exact(&mut body)
        .unwrap_or_else(|e| panic!("GET {target}: body: {e}"));
    response.body = String::from_utf8_lossy(&body).into_owned();
    response
}

/// A subscription to `/__familyties/events`.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(addr: SocketAddr, query: &str) -> Events {
        Events::try_open(addr, query).expect("an event stream, not 503")
    }

    /// `None` when the server answers 503 (all its event-stream places are taken).
    fn try_open(addr: SocketAddr, query: &str) -> Option<Events> {
        let mut stream = TcpStream::connect_timeout(&addr, IO).expect("connect");
        // Short reads, so waiting for an event can check its own deadline.
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            stream,
            "GET /__familyties/events{query} HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let mut head = String::new();
        let deadline = Instant::now() + IO;
        while !head.ends_with("\r\n\r\n") {
            assert!(Instant::now() < deadline, "no event stream head: {head:?}");
            let _ = events.reader.read_line(&mut head);
        }
        if head.starts_with("HTTP/1.1 503") {
            return None;
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("Content-Type: text/event-stream"), "{head}");
        Some(events)
    }

    /// The next event (comments and `retry:` skipped): its name and data.
    fn next(&mut self, within: Duration) -> (String, String) {
        let deadline = Instant::now() + within;
        let mut name = String::new();
        let mut data: Vec<String> = Vec::new();
        let mut line = String::new();
        loop {
            assert!(Instant::now() < deadline, "no event within {within:?}");
            match self.reader.read_line(&mut line) {
                Ok(0) => panic!("the event stream ended"),
                Ok(_) if line.ends_with('\n') => {}
                // Timed out mid-line (or between lines): keep what was read, try again.
                _ => continue,
            }
            let l = line.trim_end_matches('\n').to_string();
            line.clear();
            if l.is_empty() {
                if !name.is_empty() {
                    return (name, data.join("\n"));
                }
            } else if let Some(v) = l.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = l.strip_prefix("data:") {
                data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
            }
        }
    }

    /// Waits for an event called `name`, skipping others.
    fn wait_for(&mut self, name: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let (n, data) = self.next(deadline.saturating_duration_since(Instant::now()));
            if n == name {
                return data;
            }
        }
    }
}

/// Checks `done` until it holds, failing the test after `within`.
fn wait_until(what: &str, within: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !done() {
        assert!(Instant::now() < deadline, "{what}: not within {within:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn status(server: &Server) -> serde_json::Value {
    let r = server.get("/__familyties/status");
    assert_eq!(r.status, 200);
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("status is not JSON ({e}): {}", r.body))
}

#[test]
fn serves_rebuilds_and_reports_errors() {
    let site = make_site();
    // (Moving up from a port that is taken is tested in src/serve/http.rs.)
    let server = Server::start(site.path());
    assert_ne!(server.addr.port(), 0, "the chosen port is reported");

    // Pages, with the reload script.
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body.contains("Visiting someone in prison"),
        "{}",
        home.body
    );
    assert!(home.body.contains(SCRIPT));
    let page = server.get(GUIDE_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Your first visit"));
    assert!(page.body.contains("Arrive early on the day."));
    assert!(page.body.contains(&format!("<script src=\"{SCRIPT}\"")));
    let redirect = server.get("/guides/first-visit");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("Location"), Some(GUIDE_URL));
    let stylesheet = page
        .body
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page links its stylesheet");
    assert!(stylesheet.starts_with("/assets/style."), "{stylesheet}");
    let css = server.get(stylesheet);
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    let script = server.get(SCRIPT);
    assert_eq!(script.status, 200);
    assert!(script.body.contains("EventSource"));

    // Nothing outside the built files; the site's own 404 page.
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/guides/../../x",
        "/guides/..%2f..%2fCargo.toml",
        "/..\\Cargo.toml",
        "//etc/passwd",
        "/index.html%00",
        "/no-such-page/",
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 404, "{target}");
        assert!(
            r.body.contains("We cannot find that page"),
            "{target}: {}",
            r.body
        );
    }

    let first = status(&server);
    assert_eq!(first["ok"], true);
    let generation = first["generation"].as_u64().unwrap();

    // Saving the guide: a `reload` event, then the new text.
    let mut events = Events::open(server.addr, "");
    let saved = Instant::now();
    server.write(
        GUIDE,
        &guide("Your first visit", "Bring a coin for the locker."),
    );
    events.wait_for("reload", EVENT);
    let save_to_event = saved.elapsed();
    eprintln!("save to reload event: {} ms", save_to_event.as_millis());
    server.wait_for_line("rebuilt in", EVENT);
    let page = server.get(GUIDE_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Bring a coin for the locker."));
    assert_eq!(status(&server)["generation"].as_u64(), Some(generation + 1));

    // Breaking its front matter: an `error` event naming the file, the last good page
    // still served.
    let broken =
        guide("Your first visit", "Bring a coin for the locker.").replace("title:", "titel:");
    server.write(GUIDE, &broken);
    let errors = events.wait_for("error", EVENT);
    assert!(
        errors.contains("content/guides/first-visit.md:2:1"),
        "{errors}"
    );
    assert!(errors.contains("titel"), "{errors}");
    let line = server.wait_for_line("the last good site is still served", EVENT);
    assert!(line.starts_with("build failed: "), "{line}");
    let page = server.get(GUIDE_URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Bring a coin for the locker."));
    let now = status(&server);
    assert_eq!(now["ok"], false);
    assert!(
        now["errors"]
            .as_str()
            .unwrap()
            .contains("content/guides/first-visit.md")
    );
    // A page loaded now (built before the failure) hears about the errors at once.
    let mut late = Events::open(server.addr, &format!("?since={}", generation + 1));
    assert!(late.wait_for("error", EVENT).contains("titel"));

    // Fixing it: `reload`, and the site is whole again.
    server.write(
        GUIDE,
        &guide("Your first visit", "Bring a coin for the locker. Fixed."),
    );
    events.wait_for("reload", EVENT);
    late.wait_for("reload", EVENT);
    assert_eq!(status(&server)["ok"], true);
    assert!(server.get(GUIDE_URL).body.contains("Fixed."));
}

#[test]
fn answers_every_request_while_rebuilding() {
    let site = make_site();
    let server = Server::start(site.path());
    let addr = server.addr;
    let started = Instant::now();
    let answered = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    // Requests run until the rebuilds are done, so they overlap every one of them however
    // fast or slow the machine is.
    let workers: Vec<_> = (0..4)
        .map(|i| {
            let (answered, stop) = (Arc::clone(&answered), Arc::clone(&stop));
            std::thread::spawn(move || {
                let targets = ["/", GUIDE_URL, "/robots.txt", "/guides/"];
                let mut failures = Vec::new();
                for n in (0..).take_while(|_| !stop.load(Ordering::SeqCst)) {
                    let target = targets[(n + i) % targets.len()];
                    let status = get(addr, target).status;
                    answered.fetch_add(1, Ordering::SeqCst);
                    if status != 200 {
                        failures.push(format!("{target}: {status}"));
                    }
                }
                failures
            })
        })
        .collect();
    // Each rebuild after some requests came back since the last.
    let mut rebuilds = 0;
    for n in 0..5 {
        let before = answered.load(Ordering::SeqCst);
        wait_until("requests answered between rebuilds", EVENT, || {
            answered.load(Ordering::SeqCst) >= before + 20
        });
        server.write(GUIDE, &guide("Your first visit", &format!("Version {n}.")));
        server.wait_for_line("rebuilt in", EVENT);
        rebuilds += 1;
    }
    let before = answered.load(Ordering::SeqCst);
    wait_until("requests answered after the last rebuild", EVENT, || {
        answered.load(Ordering::SeqCst) >= before + 20
    });
    stop.store(true, Ordering::SeqCst);
    let failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("worker"))
        .collect();
    eprintln!(
        "{} requests with {rebuilds} rebuilds in {} ms",
        answered.load(Ordering::SeqCst),
        started.elapsed().as_millis()
    );
    assert!(failures.is_empty(), "{failures:?}");
    assert!(server.get(GUIDE_URL).body.contains("Version 4."));
}

/// Sends `raw` on a new connection and returns the status line's code (0 if none came).
fn raw_status(addr: SocketAddr, raw: &[u8]) -> u16 {
    let mut stream = TcpStream::connect_timeout(&addr, IO).expect("connect");
    stream.set_read_timeout(Some(IO)).unwrap();
    stream.set_write_timeout(Some(IO)).unwrap();
    // The server may answer and close before everything is sent; that is fine.
    let _ = stream.write_all(raw);
    let mut head = String::new();
    let _ = BufReader::new(stream).read_line(&mut head);
    head.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn hostile_requests_are_refused_and_the_server_stays_up() {
    let site = make_site();
    let server = Server::start(site.path());
    let addr = server.addr;
    let host = format!("Host: {addr}\r\n");
    // A body size that used to make the server allocate it and abort.
    let huge = format!("POST / HTTP/1.1\r\n{host}Content-Length: 99999999999\r\n\r\n");
    assert_eq!(raw_status(addr, huge.as_bytes()), 413);
    let huge_get = format!("GET / HTTP/1.1\r\n{host}Content-Length: 99999999999\r\n\r\n");
    assert_eq!(raw_status(addr, huge_get.as_bytes()), 413);
    // DNS rebinding: a page on another name that resolves here.
    let rebound = "GET /__familyties/status HTTP/1.1\r\nHost: attacker.example:80\r\n\r\n";
    assert_eq!(raw_status(addr, rebound.as_bytes()), 421);
    let wrong_port = format!(
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        addr.port() + 1
    );
    assert_eq!(raw_status(addr, wrong_port.as_bytes()), 421);
    for ok in ["localhost", "127.0.0.1"] {
        let req = format!("GET / HTTP/1.1\r\nHost: {ok}:{}\r\n\r\n", addr.port());
        assert_eq!(raw_status(addr, req.as_bytes()), 200, "{ok}");
    }
    // A header that never ends is cut off, not collected.
    let mut endless = format!("GET / HTTP/1.1\r\n{host}X-Long: ").into_bytes();
    endless.extend(std::iter::repeat_n(b'a', 64 * 1024));
    assert_eq!(raw_status(addr, &endless), 431);
    assert_eq!(server.get("/").status, 200, "the server went down");
}

#[test]
fn closed_event_streams_give_their_slot_back() {
    let site = make_site();
    let server = Server::start(site.path());
    // More than the 64 places, in two rounds: the first round's browsers leave.
    let first: Vec<Events> = (0..64).map(|_| Events::open(server.addr, "")).collect();
    assert!(
        Events::try_open(server.addr, "").is_none(),
        "a 65th stream is refused while 64 are open"
    );
    drop(first);
    // The server notices a closed stream on its next look at the connection; until it has,
    // the place is still taken and a new stream gets 503.
    let mut second: Vec<Events> = Vec::new();
    wait_until("the closed streams' places given back", EVENT, || {
        while second.len() < 64 {
            match Events::try_open(server.addr, "") {
                Some(events) => second.push(events),
                None => return false,
            }
        }
        true
    });
    assert_eq!(second.len(), 64);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn listening_beyond_this_computer_needs_a_flag() {
    let site = make_site();
    let run = Command::new(env!("CARGO_BIN_EXE_familyties"))
        .args(["serve", "--root"])
        .arg(site.path())
        .args(["--bind", "0.0.0.0", "--port", "0"])
        .stdin(Stdio::null())
        .output()
        .expect("run familyties serve");
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("--allow-network"), "{stderr}");
    assert!(stderr.contains("drafts"), "{stderr}");
}

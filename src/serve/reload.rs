//! Telling browsers about rebuilds: the state of the last build (for `/__familyties/status`),
//! the Server-Sent Events stream (`/__familyties/events`) and the script injected into every
//! page that listens to it.
//!
//! Rather than keeping a list of connected browsers, every stream waits on one condition
//! variable for the build generation to move past the one it last told its browser about.
//! Nothing has to be registered or cleaned up, and a browser that was slow to connect still
//! gets the newest state (older states no longer matter).

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub const EVENTS_PATH: &str = "/__familyties/events";
pub const STATUS_PATH: &str = "/__familyties/status";
pub const SCRIPT_PATH: &str = "/__familyties/reload.js";
/// The browser side: reloads on `reload`, draws the error overlay on `error`.
pub const SCRIPT: &str = include_str!("reload.js");

/// Proxies and browsers drop a silent connection; a comment this often keeps it open.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// How often a waiting stream looks whether its browser has gone, so a closed tab gives
/// its slot back within about this long rather than at the next keepalive.
const POLL: Duration = Duration::from_millis(500);
/// Each stream has its own thread; past this many, new ones are refused (the browser's
/// EventSource retries by itself) rather than letting threads pile up.
const MAX_STREAMS: usize = 64;

/// The `<script>` added before `</body>` of every page of build `generation`, so the page
/// can tell whether it is older than the site being served.
pub fn script_tag(generation: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>")
}

/// The outcome of the last build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// Counts builds, failed ones included.
    pub generation: u64,
    pub ok: bool,
    /// The diagnostics as `familyties check` prints them; empty when `ok`.
    pub errors: String,
}

impl Status {
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "generation": self.generation,
            "ok": self.ok,
            "errors": self.errors,
        })
        .to_string()
    }

    /// The Server-Sent Event for this state: `reload`, or `error` with one `data:` line per
    /// line of the diagnostics.
    pub fn to_event(&self) -> String {
        if self.ok {
            return format!("event: reload\ndata: {}\n\n", self.generation);
        }
        let mut event = String::from("event: error\n");
        // A lone CR also ends a line in an event stream, so it must not reach the data.
        for line in self
            .errors
            .trim_end()
            .replace("\r\n", "\n")
            .split(['\n', '\r'])
        {
            event.push_str("data: ");
            event.push_str(line);
            event.push('\n');
        }
        event.push('\n');
        event
    }
}

/// The last build's state and the condition variable the event streams wait on.
pub struct Hub {
    status: Mutex<Status>,
    changed: Condvar,
    streams: AtomicUsize,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::starting_at(0)
    }
}

impl Hub {
    /// A hub whose first build will be `generation + 1`.
    pub fn starting_at(generation: u64) -> Self {
        Hub {
            status: Mutex::new(Status {
                generation,
                ok: true,
                errors: String::new(),
            }),
            changed: Condvar::new(),
            streams: AtomicUsize::new(0),
        }
    }

    pub fn status(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Records a build's outcome and wakes every stream.
    pub fn publish(&self, status: Status) {
        *self.status.lock().unwrap_or_else(|e| e.into_inner()) = status;
        self.changed.notify_all();
    }

    /// Waits up to `timeout` for a generation other than `seen`.
    fn wait_past(&self, seen: u64, timeout: Duration) -> Option<Status> {
        let guard = self.status.lock().unwrap_or_else(|e| e.into_inner());
        let (status, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        (status.generation != seen).then(|| status.clone())
    }
}

/// The body of an event stream: blocks until the next build (or the keepalive), then yields
/// that event's bytes. It never ends by itself; it fails once `gone` says the browser left.
pub struct EventStream {
    hub: Arc<Hub>,
    /// The generation this browser already knows about.
    seen: u64,
    pending: Vec<u8>,
    sent: usize,
    keepalive: Duration,
    gone: Box<dyn FnMut() -> bool + Send>,
}

impl EventStream {
    /// `seen` is the generation of the page that connects: if the site has moved on since
    /// that page was built, the first read yields the current state straight away.
    pub fn new(hub: Arc<Hub>, seen: u64, keepalive: Duration) -> Self {
        EventStream {
            hub,
            seen,
            // Reconnect quickly when `serve` is restarted, instead of the browser's default.
            pending: b"retry: 1000\n\n".to_vec(),
            sent: 0,
            keepalive,
            gone: Box::new(|| false),
        }
    }

    /// Checks `gone` while waiting, every `POLL`, and stops when it says so.
    pub fn watching(mut self, gone: impl FnMut() -> bool + Send + 'static) -> Self {
        self.gone = Box::new(gone);
        self
    }

    /// The next event, or a keepalive comment when none came within `keepalive`.
    fn next_event(&mut self) -> io::Result<Vec<u8>> {
        let started = Instant::now();
        loop {
            let left = self.keepalive.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Ok(b": keepalive\n\n".to_vec());
            }
            if let Some(status) = self.hub.wait_past(self.seen, left.min(POLL)) {
                self.seen = status.generation;
                return Ok(status.to_event().into_bytes());
            }
            if (self.gone)() {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
        }
    }
}

impl Read for EventStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.sent == self.pending.len() {
            self.pending = self.next_event()?;
            self.sent = 0;
        }
        let n = buf.len().min(self.pending.len() - self.sent);
        buf[..n].copy_from_slice(&self.pending[self.sent..self.sent + n]);
        self.sent += n;
        Ok(n)
    }
}

/// Answers a request for the event stream on the connection's own thread, flushing after
/// every event.
pub fn open_stream(conn: TcpStream, hub: &Arc<Hub>, since: Option<u64>) {
    let Some(_slot) = StreamSlot::take(hub) else {
        let busy = "too many open event streams";
        let _ = write!(
            &conn,
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{busy}",
            busy.len()
        );
        return;
    };
    let seen = since.unwrap_or_else(|| hub.status().generation);
    let Ok(probe) = conn.try_clone() else {
        return;
    };
    let events =
        EventStream::new(Arc::clone(hub), seen, KEEPALIVE).watching(move || closed(&probe));
    let mut out = io::BufWriter::new(&conn);
    // An error here is the browser going away: the connection just ends.
    let _ = pump(events, &mut out);
}

/// Whether the browser closed its end: a read that would block means it is still there;
/// end of stream or an error means it left. It sends nothing after its request.
fn closed(conn: &TcpStream) -> bool {
    if conn.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let gone = match conn.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != io::ErrorKind::WouldBlock,
    };
    gone || conn.set_nonblocking(false).is_err()
}

fn pump(mut events: impl Read, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\n\
          Content-Type: text/event-stream; charset=utf-8\r\n\
          Cache-Control: no-store\r\n\
          Connection: close\r\n\r\n",
    )?;
    out.flush()?;
    let mut buf = [0; 8192];
    loop {
        let n = events.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        out.write_all(&buf[..n])?;
        out.flush()?;
    }
}

/// One of the `MAX_STREAMS` places for an open stream, given back when the thread ends.
struct StreamSlot(Arc<Hub>);

impl StreamSlot {
    fn take(hub: &Arc<Hub>) -> Option<Self> {
        let taken = hub.streams.fetch_add(1, Ordering::SeqCst);
        let slot = StreamSlot(Arc::clone(hub));
        // On refusal the slot is dropped at once, which gives the place back.
        (taken < MAX_STREAMS).then_some(slot)
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.0.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_once(stream: &mut EventStream) -> String {
        let mut buf = [0; 4096];
        let n = stream.read(&mut buf).unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    #[test]
    fn error_event_has_one_data_line_per_line() {
        let status = Status {
            generation: 3,
            ok: false,
            errors: "error: bad\n  ┌─ content/guides/a.md:2:1\n\r\nhelp: fix\n".into(),
        };
        assert_eq!(
            status.to_event(),
            "event: error\ndata: error: bad\ndata:   ┌─ content/guides/a.md:2:1\ndata: \ndata: help: fix\n\n"
        );
        let ok = Status {
            generation: 4,
            ok: true,
            errors: String::new(),
        };
        assert_eq!(ok.to_event(), "event: reload\ndata: 4\n\n");
        let json: serde_json::Value = serde_json::from_str(&ok.to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"generation": 4, "ok": true, "errors": ""})
        );
    }

    #[test]
    fn stream_waits_for_the_next_build() {
        let hub = Arc::new(Hub::default());
        let mut stream = EventStream::new(Arc::clone(&hub), 0, Duration::from_millis(20));
        assert_eq!(read_once(&mut stream), "retry: 1000\n\n");
        assert_eq!(read_once(&mut stream), ": keepalive\n\n");
        let publisher = Arc::clone(&hub);
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(5));
            publisher.publish(Status {
                generation: 1,
                ok: true,
                errors: String::new(),
            });
        });
        let mut got = read_once(&mut stream);
        while got == ": keepalive\n\n" {
            got = read_once(&mut stream);
        }
        assert_eq!(got, "event: reload\ndata: 1\n\n");
        t.join().unwrap();
    }

    #[test]
    fn page_older_than_the_site_hears_at_once() {
        let hub = Arc::new(Hub::default());
        hub.publish(Status {
            generation: 5,
            ok: false,
            errors: "error: broken".into(),
        });
        let mut stream = EventStream::new(Arc::clone(&hub), 4, Duration::from_secs(60));
        read_once(&mut stream);
        assert_eq!(
            read_once(&mut stream),
            "event: error\ndata: error: broken\n\n"
        );
    }

    #[test]
    fn stream_slots_are_bounded_and_given_back() {
        let hub = Arc::new(Hub::default());
        let slots: Vec<_> = (0..MAX_STREAMS)
            .map(|_| StreamSlot::take(&hub).unwrap())
            .collect();
        assert!(StreamSlot::take(&hub).is_none());
        drop(slots);
        assert!(StreamSlot::take(&hub).is_some());
    }
}

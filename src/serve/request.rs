//! Reading one request head off a connection, with limits, so a client cannot make `serve`
//! allocate without bound (a huge `Content-Length`, an endless header line) and a web page
//! elsewhere cannot reach it through DNS rebinding (the `Host` check).

use std::io::{self, Read};
use std::net::IpAddr;

/// Longest request head (request line and headers) read; browsers send under 2 KiB.
pub const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;

/// A request the server will answer.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub close: bool,
}

/// Why a request is refused: the status and a short plain-text reason.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused {
    pub status: u16,
    pub reason: &'static str,
}

fn refused(status: u16, reason: &'static str) -> Refused {
    Refused { status, reason }
}

/// Reads bytes up to the blank line ending the head; `Ok(None)` when the client closed
/// the connection before sending anything.
pub fn read_head(conn: &mut impl Read) -> io::Result<Result<Option<Vec<u8>>, Refused>> {
    let mut head = Vec::with_capacity(1024);
    let mut byte = [0u8; 1];
    // One byte at a time so nothing after the head (a body) is consumed; heads are small.
    loop {
        match conn.read(&mut byte)? {
            0 if head.is_empty() => return Ok(Ok(None)),
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            _ => head.push(byte[0]),
        }
        if head.ends_with(b"\r\n\r\n") || head.ends_with(b"\n\n") {
            return Ok(Ok(Some(head)));
        }
        if head.len() >= MAX_HEAD {
            return Ok(Err(refused(431, "the request head is too large")));
        }
    }
}

/// Which `Host` values are this server: `port` is the one it listens on, and names other
/// than `localhost` and IP addresses are refused (a rebinding page sends its own name).
pub struct Hosts {
    pub port: u16,
    /// `--allow-network`: any IP address of this computer may be used, not just loopback.
    pub network: bool,
}

impl Hosts {
    pub fn allows(&self, host: &str) -> bool {
        let (name, port) = match host.rsplit_once(':') {
            // `[::1]:1111`, `localhost:1111`; a bare `::1` has colons but no brackets.
            Some((name, port)) if !name.contains(':') || name.ends_with(']') => {
                (name, port.parse::<u16>().ok())
            }
            _ => (host, Some(80)),
        };
        if port != Some(self.port) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name);
        match ip.parse::<IpAddr>() {
            Ok(ip) => self.network || ip.is_loopback(),
            Err(_) => false,
        }
    }
}

/// Parses a head read by [`read_head`].
pub fn parse(head: &[u8], hosts: &Hosts) -> Result<Request, Refused> {
    let bad = || refused(400, "malformed request");
    let text = std::str::from_utf8(head).map_err(|_| bad())?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().ok_or_else(bad)?;
    if request_line.chars().any(|c| c.is_control()) {
        return Err(bad());
    }
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if !target.starts_with('/') || !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(bad());
    }
    let mut host = None;
    let mut close = version == "HTTP/1.0";
    let mut count = 0;
    for line in lines.filter(|l| !l.is_empty()) {
        count += 1;
        if count > MAX_HEADERS {
            return Err(refused(431, "too many request headers"));
        }
        let (name, value) = line.split_once(':').ok_or_else(bad)?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(bad());
            }
            host = Some(value);
        } else if name.eq_ignore_ascii_case("content-length") {
            // The server needs no request bodies, so it never reads one.
            if value != "0" {
                return Err(refused(413, "this server takes no request bodies"));
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(refused(413, "this server takes no request bodies"));
        } else if name.eq_ignore_ascii_case("connection") {
            close |= value.eq_ignore_ascii_case("close");
        }
    }
    match host {
        Some(h) if hosts.allows(h) => {}
        Some(_) => {
            return Err(refused(
                421,
                "this preview answers only to localhost, 127.0.0.1 or [::1] with its port",
            ));
        }
        None => return Err(refused(400, "the request has no Host header")),
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        close,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCAL: Hosts = Hosts {
        port: 1111,
        network: false,
    };

    #[test]
    fn hosts() {
        for ok in [
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LOCALHOST:1111",
        ] {
            assert!(LOCAL.allows(ok), "{ok}");
        }
        for no in [
            "evil.example:1111",
            "localhost:1112",
            "localhost",
            "192.168.1.2:1111",
            "127.0.0.1.evil.example:1111",
            "[::1]",
            "",
        ] {
            assert!(!LOCAL.allows(no), "{no}");
        }
        let network = Hosts {
            port: 1111,
            network: true,
        };
        assert!(network.allows("192.168.1.2:1111"));
        assert!(!network.allows("evil.example:1111"));
    }

    #[test]
    fn heads_and_bodies() {
        let parse = |s: &str| parse(s.as_bytes(), &LOCAL);
        let ok = parse("GET /a/ HTTP/1.1\r\nHost: localhost:1111\r\n\r\n").unwrap();
        assert_eq!(ok.target, "/a/");
        let big =
            parse("POST / HTTP/1.1\r\nHost: localhost:1111\r\nContent-Length: 99999999999\r\n\r\n");
        assert_eq!(big.unwrap_err().status, 413);
        let rebind = parse("GET / HTTP/1.1\r\nHost: attacker.example:1111\r\n\r\n");
        assert_eq!(rebind.unwrap_err().status, 421);
        assert_eq!(parse("GET / HTTP/1.1\r\n\r\n").unwrap_err().status, 400);
        let mut endless = std::io::repeat(b'a').take(1 << 30);
        assert_eq!(read_head(&mut endless).unwrap().unwrap_err().status, 431);
    }
}

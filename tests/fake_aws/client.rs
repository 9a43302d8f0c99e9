//! A tiny blocking HTTP/1.1 client over `std::net`, so tests can poke the fake (or play the
//! browser against a loopback listener) without another dependency. Plain `http://` only.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A response as it came off the wire.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The exception name of an AWS JSON error (`x-amzn-ErrorType` up to the first `:`).
    pub fn error_type(&self) -> Option<&str> {
        self.header("x-amzn-errortype")
            .map(|v| v.split(':').next().unwrap_or(v))
    }
}

/// Sends one request on a fresh connection (`Connection: close`) and reads the answer.
/// `timeout` bounds connecting and each read; a server that never answers gives an error of
/// kind `WouldBlock` or `TimedOut`, one that closes the connection `UnexpectedEof`.
pub fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> io::Result<HttpResponse> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "only http:// URLs"))?;
    let (authority, target) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr = std::net::ToSocketAddrs::to_socket_addrs(authority)?
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no address"))?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;

    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {authority}\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;

    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    if raw.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed without a response",
        ));
    }
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> io::Result<HttpResponse> {
    let bad = |m: &str| io::Error::new(io::ErrorKind::InvalidData, m.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("incomplete response head"))?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body).ok_or_else(|| bad("bad chunked body"))?;
    }
    Ok(HttpResponse {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// `GET url`.
pub fn get(url: &str) -> io::Result<HttpResponse> {
    request("GET", url, &[], b"", DEFAULT_TIMEOUT)
}

/// `GET url` with one extra header, e.g. the SSO bearer token.
pub fn get_with(url: &str, name: &str, value: &str) -> io::Result<HttpResponse> {
    request("GET", url, &[(name, value)], b"", DEFAULT_TIMEOUT)
}

/// `POST url` with a JSON body.
pub fn post_json(url: &str, body: &serde_json::Value) -> io::Result<HttpResponse> {
    request(
        "POST",
        url,
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
        DEFAULT_TIMEOUT,
    )
}

/// `DELETE url`.
pub fn delete(url: &str) -> io::Result<HttpResponse> {
    request("DELETE", url, &[], b"", DEFAULT_TIMEOUT)
}

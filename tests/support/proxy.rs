//! A small forward proxy for the tests, like the ones between a company
//! laptop and AWS: HTTPS through `CONNECT host:port` tunnels, plain HTTP by
//! absolute-form requests, optionally asking for Basic credentials (407);
//! on the same port, SOCKS5 as `ssh -D` serves it.
//! Every request it sees is logged, so a test can prove the traffic went
//! through it. It serves loopback only and stops when dropped.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct TestProxy {
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl TestProxy {
    /// A proxy that forwards everything.
    pub fn start() -> TestProxy {
        TestProxy::start_with(None)
    }

    /// A proxy that wants `Proxy-Authorization: Basic base64(user:password)`.
    pub fn with_credentials(user: &str, password: &str) -> TestProxy {
        use base64::Engine;
        let want = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        TestProxy::start_with(Some(format!("Basic {want}")))
    }

    fn start_with(auth: Option<String>) -> TestProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log2, stop2) = (log.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((client, _)) => {
                        let (log, auth) = (log2.clone(), auth.clone());
                        std::thread::spawn(move || {
                            let _ = client.set_nonblocking(false);
                            serve(client, &log, auth.as_deref());
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        TestProxy { port, log, stop }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The request lines seen, oldest first (`CONNECT localhost:1234`,
    /// `POST http://127.0.0.1:1234/token`, …), with the status answered.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for TestProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A loopback port nobody listens on: a proxy that is down.
pub fn dead_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// One client connection: its first request decides what happens.
fn serve(client: TcpStream, log: &Mutex<Vec<String>>, auth: Option<&str>) {
    let mut first = [0u8; 1];
    if client.peek(&mut first).unwrap_or(0) == 1 && first[0] == 5 {
        socks5(client, log);
        return;
    }
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let end = line == "\r\n" || line == "\n";
        head.push(line);
        if end {
            break;
        }
    }
    let request_line = head[0].trim_end().to_string();
    let mut parts = request_line.split(' ');
    let (method, target) = (
        parts.next().unwrap_or("").to_string(),
        parts.next().unwrap_or("").to_string(),
    );
    let authorized = auth.is_none_or(|want| {
        head.iter().any(|h| {
            h.split_once(':').is_some_and(|(k, v)| {
                k.eq_ignore_ascii_case("proxy-authorization") && v.trim() == want
            })
        })
    });
    let mut client = client;
    let entry = format!("{method} {target}");
    if !authorized {
        log.lock().unwrap().push(format!("{entry} 407"));
        let _ = client.write_all(
            b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
        return;
    }
    if method == "CONNECT" {
        let Ok(upstream) = TcpStream::connect(&target) else {
            log.lock().unwrap().push(format!("{entry} 502"));
            let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
            return;
        };
        log.lock().unwrap().push(format!("{entry} 200"));
        let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
        // Whatever the client sent after the CONNECT head is already buffered.
        let buffered = reader.buffer().to_vec();
        splice(reader.into_inner(), upstream, buffered);
        return;
    }
    // Plain HTTP: absolute-form to origin-form, one request per connection.
    let Some(rest) = target.strip_prefix("http://") else {
        log.lock().unwrap().push(format!("{entry} 400"));
        let _ = client.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let Ok(mut upstream) = TcpStream::connect(authority) else {
        log.lock().unwrap().push(format!("{entry} 502"));
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    log.lock().unwrap().push(format!("{entry} forwarded"));
    let mut out = format!("{method} {path} HTTP/1.1\r\n");
    for h in &head[1..] {
        let name = h.split(':').next().unwrap_or("").to_ascii_lowercase();
        if name != "connection" && !name.starts_with("proxy-") && h.trim() != "" {
            out.push_str(h);
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    let _ = upstream.write_all(out.as_bytes());
    let buffered = reader.buffer().to_vec();
    let _ = upstream.write_all(&buffered);
    // The body (if any) follows; the answer ends the connection.
    let mut to_upstream = reader.into_inner();
    let mut up_read = upstream.try_clone().unwrap();
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut to_upstream, &mut upstream);
    });
    let _ = std::io::copy(&mut up_read, &mut client);
    let _ = client.shutdown(Shutdown::Both);
}

/// A SOCKS5 CONNECT without authentication (RFC 1928), logged as
/// `SOCKS5 host:port`.
fn socks5(mut client: TcpStream, log: &Mutex<Vec<String>>) {
    let read = |n: usize, c: &mut TcpStream| -> Option<Vec<u8>> {
        let mut buf = vec![0u8; n];
        c.read_exact(&mut buf).ok().map(|()| buf)
    };
    let Some(hello) = read(2, &mut client) else {
        return;
    };
    if read(usize::from(hello[1]), &mut client).is_none() || client.write_all(&[5, 0]).is_err() {
        return;
    }
    let Some(head) = read(4, &mut client) else {
        return;
    };
    let host = match head[3] {
        1 => read(4, &mut client).map(|a| format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])),
        3 => read(1, &mut client)
            .and_then(|n| read(usize::from(n[0]), &mut client))
            .map(|name| String::from_utf8_lossy(&name).into_owned()),
        _ => None,
    };
    let (Some(host), Some(port)) = (host, read(2, &mut client)) else {
        return;
    };
    let target = format!("{host}:{}", u16::from_be_bytes([port[0], port[1]]));
    match TcpStream::connect(&target) {
        Ok(upstream) if head[1] == 1 => {
            log.lock().unwrap().push(format!("SOCKS5 {target}"));
            let _ = client.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
            splice(client, upstream, Vec::new());
        }
        _ => {
            log.lock().unwrap().push(format!("SOCKS5 {target} refused"));
            let _ = client.write_all(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0]);
        }
    }
}

/// Copies both ways until either side closes.
fn splice(client: TcpStream, upstream: TcpStream, already: Vec<u8>) {
    let (mut c_read, mut c_write) = (client.try_clone().unwrap(), client);
    let (mut u_read, mut u_write) = (upstream.try_clone().unwrap(), upstream);
    let _ = u_write.write_all(&already);
    let t = std::thread::spawn(move || {
        let _ = std::io::copy(&mut c_read, &mut u_write);
        let _ = u_write.shutdown(Shutdown::Write);
    });
    let mut buf = [0u8; 16384];
    loop {
        match u_read.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if c_write.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = c_write.shutdown(Shutdown::Both);
    let _ = t.join();
}

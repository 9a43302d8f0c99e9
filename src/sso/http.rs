//! The one HTTP client of the network paths: rustls, bounded connect and read
//! times, throttling (and, where a call is safe to repeat, server errors)
//! retried with backoff, and AWS error bodies turned into one clear error
//! naming the service, the endpoint and the HTTP status. Request bodies (which
//! carry secrets) never appear in errors or notes.

use crate::env::Env;
use crate::error::{Error, Result};
use crate::net::Network;
use crate::net::proxy::{Proxies, Proxy};
use serde_json::Value;
use std::time::{Duration, Instant};

/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time for a whole request (connecting, sending, the answer) once started.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(20);

/// Attempts per call while the service throttles: throttling passes.
pub const THROTTLED_ATTEMPTS: u32 = 8;
/// Attempts per call while the service fails (5xx), for calls that may be
/// repeated: a broken service is reported within a second or so.
pub const FAILED_ATTEMPTS: u32 = 3;
/// The wait before the first retry; it doubles with each retry, up to [`MAX_BACKOFF`].
pub const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// The longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Which failed answers a call may be sent again after. Throttling is always
/// retried: a throttled request was refused before it was processed. A
/// request that timed out or could not connect is never sent again, so a
/// silent endpoint costs one time limit, not several.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Throttling only: for calls that must not run twice (a single-use
    /// authorization code, a device-code poll with its own pacing, Logout).
    Throttling,
    /// Throttling, and server errors (5xx) up to [`FAILED_ATTEMPTS`]: for
    /// reads and for calls that are harmless to repeat.
    ThrottlingAndServerErrors,
}

/// A blocking client with ssoenv's timeouts, retries, trust roots and proxies.
pub struct Http {
    client: reqwest::blocking::Client,
    /// The limit of each attempt, connecting included.
    read_timeout: Duration,
    /// What is trusted, for certificate errors.
    trusted: String,
    proxies: Proxies,
}

/// A parsed JSON response.
pub type JsonResult = Result<Value>;

/// The answer to a request whose throttling the caller paces (see
/// [`crate::sso::pacer`]): what was asked for, or the throttling error with the
/// wait the service asked for (`Retry-After`).
pub enum Paced<T> {
    Answer(T),
    Throttled(Error, Option<Duration>),
}

/// The limit of one request: `SSOENV_READ_TIMEOUT` seconds, else the default.
pub fn read_timeout(env: &Env) -> Duration {
    seconds(env, "SSOENV_READ_TIMEOUT", DEFAULT_READ_TIMEOUT)
}

/// The positive number of seconds in `var`, else `default`.
fn seconds(env: &Env, var: &str, default: Duration) -> Duration {
    env.non_empty(var)
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| *v > 0.0)
        .and_then(|v| Duration::try_from_secs_f64(v).ok())
        .unwrap_or(default)
}

impl Http {
    /// A client whose time limits come from `SSOENV_CONNECT_TIMEOUT` and
    /// `SSOENV_READ_TIMEOUT` (seconds), else the defaults, and whose trust
    /// roots and proxies are `net`'s.
    pub fn new(env: &Env, net: &Network) -> Result<Self> {
        Self::with_read_timeout(env, net, read_timeout(env))
    }

    /// A client like [`Http::new`] whose requests get at most `limit`: for
    /// best-effort calls that must not hold the user up for the full time limit.
    pub fn with_read_limit(env: &Env, net: &Network, limit: Duration) -> Result<Self> {
        Self::with_read_timeout(env, net, read_timeout(env).min(limit))
    }

    fn with_read_timeout(env: &Env, net: &Network, read_timeout: Duration) -> Result<Self> {
        let failed = |detail: String| Error::Network {
            service: "http",
            url: String::new(),
            detail,
        };
        if let Some(var) = net.proxies.unusable().first() {
            // Going direct instead would only fail later, and more obscurely.
            return Err(Error::ProxySetting { var });
        }
        let (store, trusted) = net.roots()?;
        let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| failed(format!("cannot set up TLS: {e}")))?
        .with_root_certificates(store)
        .with_no_client_auth();
        let proxies = net.proxies.clone();
        let client = reqwest::blocking::Client::builder()
            .connect_timeout(seconds(
                env,
                "SSOENV_CONNECT_TIMEOUT",
                DEFAULT_CONNECT_TIMEOUT,
            ))
            .timeout(read_timeout)
            .user_agent(concat!("ssoenv/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .use_preconfigured_tls(tls)
            // The one proxy decision (never reqwest's own reading of the
            // process environment), so errors can name the proxy used.
            .proxy(reqwest::Proxy::custom(move |url| {
                proxies.for_url(url).map(|p| proxy_url(&p.url))
            }));
        // The static build resolves names itself (/etc/hosts, then the
        // servers of /etc/resolv.conf): its linked-in glibc cannot safely
        // load the system's NSS modules (see Cargo.toml).
        #[cfg(target_feature = "crt-static")]
        let client = client.hickory_dns(true);
        let client = client
            .build()
            .map_err(|e| failed(format!("cannot start the HTTP client: {e}")))?;
        Ok(Http {
            client,
            read_timeout,
            trusted,
            proxies: net.proxies.clone(),
        })
    }

    /// `POST` a JSON body; the answer must be JSON (an empty body is `null`).
    pub fn post_json(
        &self,
        service: &'static str,
        url: &str,
        body: &Value,
        retry: Retry,
    ) -> JsonResult {
        self.retrying(retry, || {
            self.send(service, url, self.client.post(url).json(body))
        })
    }

    /// `GET` with extra headers; throttling is retried.
    pub fn get(&self, service: &'static str, url: &str, headers: &[(&str, &str)]) -> JsonResult {
        self.get_with(service, url, headers, Retry::Throttling)
    }

    /// `GET` with extra headers (such as the portal's bearer token), retried as `retry` says.
    pub fn get_with(
        &self,
        service: &'static str,
        url: &str,
        headers: &[(&str, &str)],
        retry: Retry,
    ) -> JsonResult {
        self.retrying(retry, || {
            let mut req = self.client.get(url);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            self.send(service, url, req)
        })
    }

    /// `GET` once for a caller that paces its requests: server errors are
    /// retried, throttling is handed back with its `Retry-After`.
    pub fn get_paced(
        &self,
        service: &'static str,
        url: &str,
        headers: &[(&str, &str)],
    ) -> Result<Paced<Value>> {
        self.retrying(Retry::ThrottlingAndServerErrors, || {
            let mut req = self.client.get(url);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            let answer = self.exchange(service, url, req)?;
            let retry_after = answer.retry_after;
            match json_answer(service, answer) {
                Ok(v) => Ok(Paced::Answer(v)),
                Err(e) if e.is_throttling() => Ok(Paced::Throttled(e, retry_after)),
                Err(e) => Err(e),
            }
        })
    }

    /// `POST` with no body and extra headers (the portal's Logout); throttling
    /// is retried.
    pub fn post_empty(
        &self,
        service: &'static str,
        url: &str,
        headers: &[(&str, &str)],
    ) -> JsonResult {
        self.retrying(Retry::Throttling, || {
            let mut req = self.client.post(url).body("");
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            self.send(service, url, req)
        })
    }

    /// `POST` a form body with extra (signing) headers; answers are XML (STS).
    /// Returns the body of a 2xx answer, retried as `retry` says;
    /// `build_headers` is called for each attempt, so a retried request
    /// carries a fresh signature.
    pub fn post_form_xml(
        &self,
        service: &'static str,
        url: &str,
        build_headers: &dyn Fn() -> Result<Vec<(String, String)>>,
        body: &str,
        retry: Retry,
    ) -> Result<String> {
        self.retrying(retry, || {
            let mut req = self.client.post(url).body(body.to_string());
            for (k, v) in build_headers()? {
                req = req.header(k.as_str(), v.as_str());
            }
            let Answer {
                shown,
                status,
                text,
                ..
            } = self.exchange(service, url, req)?;
            if (200..300).contains(&status) {
                return Ok(text);
            }
            let code = xml_text(&text, "Code").map_or_else(String::new, |c| as_told(&c));
            let message =
                xml_text(&text, "Message").map_or_else(|| describe_body(&text), |m| as_told(&m));
            Err(Error::Api {
                service,
                url: shown,
                status,
                code,
                message,
            })
        })
    }

    /// Where `url` redirects to, asked once and not followed: `HEAD`, or `GET`
    /// when the server does not take `HEAD` (405, 501). A 301, 302, 303, 307
    /// or 308 gives its `Location`; a 2xx gives `None`; anything else is an
    /// error naming `service` and the status.
    pub fn redirect_target(&self, service: &'static str, url: &str) -> Result<Option<String>> {
        let ask = |method: reqwest::Method| {
            self.retrying(Retry::Throttling, || {
                let req = self.client.request(method.clone(), url);
                let a = self.exchange(service, url, req)?;
                Ok((a.shown, a.status, a.location))
            })
        };
        let (mut shown, mut status, mut location) = ask(reqwest::Method::HEAD)?;
        if status == 405 || status == 501 {
            (shown, status, location) = ask(reqwest::Method::GET)?;
        }
        match status {
            301 | 302 | 303 | 307 | 308 => location.map(Some).ok_or_else(|| Error::Api {
                service,
                url: shown,
                status,
                code: String::new(),
                message: "a redirect without a Location".into(),
            }),
            200..=299 => Ok(None),
            _ => Err(Error::Api {
                service,
                url: shown,
                status,
                code: String::new(),
                message: "expected a redirect to the AWS access portal".into(),
            }),
        }
    }

    /// Runs `call` under `retry`, with backoff, within this client's time limits.
    pub fn retrying<T>(&self, retry: Retry, call: impl FnMut() -> Result<T>) -> Result<T> {
        with_retry(
            retry,
            self.read_timeout,
            &mut |d| std::thread::sleep(d),
            call,
        )
    }

    /// Sends a request and reads the answer.
    fn exchange(
        &self,
        service: &'static str,
        url: &str,
        req: reqwest::blocking::RequestBuilder,
    ) -> Result<Answer> {
        // Errors name the endpoint without its query string (which may hold ids).
        let shown = url.split('?').next().unwrap_or(url).to_string();
        // A per-request limit also bounds reading the body: the client-wide one
        // alone would allow it once for the headers and again for the body.
        let resp = req
            .timeout(self.read_timeout)
            .send()
            .map_err(|e| self.failure(service, url, &shown, &e))?;
        let status = resp.status().as_u16();
        if status == 407
            && let Some(p) = self.proxy_for(url)
        {
            // A proxy speaking for itself on a plain-HTTP request.
            return Err(Error::Proxy {
                service,
                url: shown,
                proxy: p.shown(),
                var: p.var,
                detail: "answered HTTP 407: it wants credentials (Proxy Authentication Required)"
                    .into(),
            });
        }
        let error_type = resp
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(':').next().unwrap_or_default().to_string());
        let location = resp
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(retry_after);
        let text = resp
            .text()
            .map_err(|e| self.failure(service, url, &shown, &e))?;
        Ok(Answer {
            shown,
            status,
            error_type,
            location,
            retry_after,
            text,
        })
    }

    /// The proxy a request to `url` goes through, if any.
    fn proxy_for(&self, url: &str) -> Option<&Proxy> {
        self.proxies.for_url(&reqwest::Url::parse(url).ok()?)
    }

    /// The error for a request that got no answer: a TLS failure, a proxy
    /// failure (named as the proxy), or the endpoint's own network failure.
    fn failure(&self, service: &'static str, url: &str, shown: &str, e: &reqwest::Error) -> Error {
        let proxy = self.proxy_for(url);
        if let Some((mut reason, certificate)) = tls_failure(e) {
            if let Some(p) = proxy {
                reason.push_str(&format!(
                    " (through the proxy {} from {})",
                    p.shown(),
                    p.var
                ));
            }
            return Error::Tls {
                service,
                url: shown.to_string(),
                host: reqwest::Url::parse(url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_string))
                    .unwrap_or_default(),
                reason,
                certificate,
                trusted: self.trusted.clone(),
            };
        }
        if let Some(p) = proxy
            && let Some(detail) = proxy_failure(e)
        {
            return Error::Proxy {
                service,
                url: shown.to_string(),
                proxy: p.shown(),
                var: p.var,
                detail,
            };
        }
        let mut detail = network_detail(e);
        if let Some(p) = proxy {
            detail.push_str(&format!(
                " (through the proxy {} from {})",
                p.shown(),
                p.var
            ));
        }
        Error::Network {
            service,
            url: shown.to_string(),
            detail,
        }
    }

    fn send(
        &self,
        service: &'static str,
        url: &str,
        req: reqwest::blocking::RequestBuilder,
    ) -> JsonResult {
        json_answer(service, self.exchange(service, url, req)?)
    }
}

/// The JSON of a 2xx answer, else the AWS error it holds.
fn json_answer(service: &'static str, answer: Answer) -> JsonResult {
    let Answer {
        shown,
        status,
        error_type,
        text,
        ..
    } = answer;
    let json: Option<Value> = if text.trim().is_empty() {
        Some(Value::Null)
    } else {
        serde_json::from_str(&text).ok()
    };
    if (200..300).contains(&status) {
        return json.ok_or_else(|| Error::Api {
            service,
            url: shown,
            status,
            code: String::new(),
            message: format!("the answer is not JSON ({})", describe_body(&text)),
        });
    }
    let (code, message) = aws_error(error_type, json.as_ref(), &text);
    Err(Error::Api {
        service,
        url: shown,
        status,
        code,
        message,
    })
}

/// An answer: the URL as shown in errors (no query), the status, the AWS
/// error name of `x-amzn-ErrorType`, the `Location` header, the wait of
/// `Retry-After`, the body.
struct Answer {
    shown: String,
    status: u16,
    error_type: Option<String>,
    location: Option<String>,
    retry_after: Option<Duration>,
    text: String,
}

/// The wait a `Retry-After` value asks for: delay-seconds (a fraction is
/// taken too). An HTTP date is not: AWS sends seconds, and a date would lean
/// on the two clocks agreeing.
fn retry_after(value: &str) -> Option<Duration> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
}

/// Runs `call`, sending it again after throttling (up to [`THROTTLED_ATTEMPTS`])
/// and, under [`Retry::ThrottlingAndServerErrors`], after server errors (up to
/// [`FAILED_ATTEMPTS`]). Between attempts it waits [`FIRST_BACKOFF`], doubling
/// up to [`MAX_BACKOFF`], each wait drawn from its upper half (jitter). No
/// retry starts once `window` has passed since the first attempt began, so a
/// call whose attempts each end within `window` ends within twice `window`.
/// Every other error ends the call at once.
pub fn with_retry<T>(
    retry: Retry,
    window: Duration,
    sleep: &mut dyn FnMut(Duration),
    mut call: impl FnMut() -> Result<T>,
) -> Result<T> {
    let started = Instant::now();
    let mut attempt: u32 = 0;
    loop {
        let err = match call() {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let limit = if err.is_throttling() {
            THROTTLED_ATTEMPTS
        } else if retry == Retry::ThrottlingAndServerErrors
            && matches!(err, Error::Api { status, .. } if status >= 500)
        {
            FAILED_ATTEMPTS
        } else {
            1
        };
        if attempt + 1 >= limit {
            return Err(err);
        }
        let wait = jitter(backoff(attempt));
        if started.elapsed() + wait >= window {
            return Err(err);
        }
        sleep(wait);
        attempt += 1;
    }
}

/// The longest wait after attempt `attempt` (0-based) failed.
pub fn backoff(attempt: u32) -> Duration {
    FIRST_BACKOFF
        .saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX))
        .min(MAX_BACKOFF)
}

/// A random duration in `[cap/2, cap]`.
fn jitter(cap: Duration) -> Duration {
    let mut b = [0u8; 8];
    let r = getrandom::fill(&mut b).map_or(0, |()| u64::from_le_bytes(b));
    let cap_ms = u64::try_from(cap.as_millis()).unwrap_or(u64::MAX);
    Duration::from_millis(cap_ms / 2 + r % (cap_ms / 2 + 1))
}

/// The error name and message of an AWS error answer (JSON or anything else).
fn aws_error(header: Option<String>, json: Option<&Value>, text: &str) -> (String, String) {
    let field = |k: &str| {
        json.and_then(|j| j.get(k))
            .and_then(Value::as_str)
            .map(as_told)
    };
    let code = header
        .filter(|h| !h.is_empty())
        .map(|h| as_told(&h))
        .or_else(|| field("error"))
        .or_else(|| field("__type"))
        .unwrap_or_default();
    let message = field("error_description")
        .or_else(|| field("message"))
        .or_else(|| field("Message"))
        .unwrap_or_else(|| describe_body(text));
    (code, message)
}

/// Text an endpoint sent (an error code or message), made fit for one line
/// of a message: control characters become spaces, anything shaped like a
/// token or key becomes `[redacted]` (a proxy or a broken service may quote
/// the request), and it is cut at 300 characters. ARNs stay whole: they name
/// the caller and the role, which is what a refusal is about.
pub fn as_told(text: &str) -> String {
    const MAX: usize = 300;
    // URL-encoded and dotted (JWT) tokens are one word too.
    let token_char = |c: char| c.is_ascii_alphanumeric() || "+/=_-%.".contains(c);
    // Keys and tokens are base64: both cases, and digits unless very long.
    // Names, host names, UUIDs and access key ids are not.
    let secret_shaped = |word: &str| {
        let has = |f: fn(&char) -> bool| word.chars().any(|c| f(&c));
        let mixed = has(char::is_ascii_uppercase) && has(char::is_ascii_lowercase);
        mixed && (word.len() >= 40 || (word.len() >= 16 && has(char::is_ascii_digit)))
    };
    let mut out = String::with_capacity(text.len().min(MAX));
    let mut rest = text;
    while !rest.is_empty() {
        let end = if rest.starts_with("arn:") {
            rest.find(char::is_whitespace).unwrap_or(rest.len())
        } else {
            rest.find(|c: char| !token_char(c)).unwrap_or(rest.len())
        };
        let (word, tail) = rest.split_at(end);
        if !word.starts_with("arn:") && secret_shaped(word) {
            out.push_str("[redacted]");
        } else {
            out.push_str(word);
        }
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.push(if c.is_control() { ' ' } else { c });
        }
        rest = chars.as_str();
    }
    let out = out.trim();
    match out.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &out[..cut]),
        None => out.to_string(),
    }
}

/// The text of the first `<tag>…</tag>` in an XML document, entities decoded.
/// (STS answers are small and flat; this is all ssoenv reads of them.)
pub fn xml_text(doc: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = doc.find(&open)? + open.len();
    let end = start + doc[start..].find(&close)?;
    Some(
        doc[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// A short description of a body that is not what was expected.
fn describe_body(text: &str) -> String {
    // Never echo the body: a truncated answer may hold a token or a key.
    let trimmed = text.trim();
    if trimmed.is_empty() {
        "empty body".into()
    } else if trimmed.starts_with('<') {
        "an HTML or XML page".into()
    } else {
        format!("{} bytes that are not what AWS sends", trimmed.len())
    }
}

/// The TLS library's reason when a request failed in the TLS handshake, and
/// whether it was the certificate that was refused.
fn tls_failure(e: &reqwest::Error) -> Option<(String, bool)> {
    causes(e).find_map(|c| {
        // The TLS error sits inside one or more io::Errors, whose `source()`
        // skips the error they wrap.
        let mut at: &(dyn std::error::Error + 'static) = c;
        let tls = loop {
            if let Some(tls) = at.downcast_ref::<rustls::Error>() {
                break tls;
            }
            at = at.downcast_ref::<std::io::Error>()?.get_ref()?;
        };
        let certificate = matches!(
            tls,
            rustls::Error::InvalidCertificate(_)
                | rustls::Error::AlertReceived(
                    rustls::AlertDescription::BadCertificate
                        | rustls::AlertDescription::UnknownCA
                        | rustls::AlertDescription::CertificateUnknown
                )
        );
        Some((tls.to_string(), certificate))
    })
}

/// What went wrong with the proxy, when a proxied request failed before it
/// reached the endpoint: the proxy could not be reached, or refused the
/// CONNECT (hyper's tunnel errors).
fn proxy_failure(e: &reqwest::Error) -> Option<String> {
    let tunnel = causes(e)
        .map(|c| c.to_string())
        .find(|m| m.starts_with("tunnel error: "));
    match tunnel.as_deref() {
        Some(m) if m.ends_with("proxy authorization required") => Some(
            "answered the CONNECT with HTTP 407: it wants credentials (Proxy Authentication Required)"
                .into(),
        ),
        Some(m) if m.ends_with("unsuccessful") => {
            Some("refused the CONNECT to the endpoint (an HTTP error answer)".into())
        }
        Some(m) if m.ends_with("unexpected end of file") => {
            Some("closed the connection during the CONNECT".into())
        }
        Some(_) | None if e.is_connect() && e.is_timeout() => Some(
            "did not complete the connection in time (the proxy, or the endpoint behind it, \
             is not answering)"
                .into(),
        ),
        Some(_) | None if e.is_connect() => {
            Some("cannot be reached (refused or unreachable)".into())
        }
        Some(m) => Some(format!("failed: {m}")),
        None => None,
    }
}

fn network_detail(e: &reqwest::Error) -> String {
    if let Some(host) = lookup_failed(e) {
        format!(
            "cannot look up the host name {host} (no such name, or no DNS server \
             answered: a VPN or DNS setting?)"
        )
    } else if e.is_timeout() {
        "no answer in time (timed out)".into()
    } else if e.is_connect() {
        "cannot connect (refused or unreachable)".into()
    } else if e.is_body() || e.is_decode() {
        "the connection broke while reading the answer".into()
    } else if closed_early(e) {
        "the connection closed before an answer".into()
    } else {
        // reqwest's message includes the URL (`… for url (URL)`); ours is already
        // shown. What lies beneath says more than "error sending request".
        let mut msg = e.to_string();
        if let Some(url) = e.url() {
            msg = msg.replace(url.as_str(), "").replace(" for url ()", "");
        }
        match causes(e).last() {
            Some(root) => format!("{msg}: {root}"),
            None => msg,
        }
    }
}

/// The host whose name could not be looked up, when that is why `e` failed
/// (hyper-util's connector reports it so, for glibc's resolver and for the
/// static build's alike).
fn lookup_failed(e: &reqwest::Error) -> Option<String> {
    causes(e).any(|c| c.to_string() == "dns error").then(|| {
        e.url()
            .and_then(|u| u.host_str())
            .map_or_else(|| "of the endpoint".into(), str::to_string)
    })
}

/// The errors beneath `e`, outermost first.
fn causes(e: &reqwest::Error) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
    std::iter::successors(std::error::Error::source(e), |c| c.source())
}

/// Whether the server closed (or reset) the connection before its answer began:
/// hyper's incomplete message or closed connection, or the socket's own error.
fn closed_early(e: &reqwest::Error) -> bool {
    use std::io::ErrorKind;
    causes(e).any(|c| {
        c.downcast_ref::<hyper::Error>()
            .is_some_and(|h| h.is_incomplete_message() || h.is_closed() || h.is_canceled())
            || c.downcast_ref::<std::io::Error>().is_some_and(|io| {
                matches!(
                    io.kind(),
                    ErrorKind::ConnectionReset
                        | ErrorKind::ConnectionAborted
                        | ErrorKind::UnexpectedEof
                        | ErrorKind::BrokenPipe
                )
            })
    })
}

/// The proxy's URL as reqwest is given it. In the static build, a SOCKS5
/// proxy also looks up the names it connects to (`socks5h`): looking them up
/// here would go through the linked-in glibc's NSS, which must not load the
/// system's modules (see Cargo.toml). `ssh -D` and corporate SOCKS proxies
/// resolve names themselves.
fn proxy_url(url: &reqwest::Url) -> reqwest::Url {
    let mut url = url.clone();
    if cfg!(target_feature = "crt-static") && url.scheme() == "socks5" {
        // Both schemes are "non-special" URL schemes: this cannot fail.
        let _ = url.set_scheme("socks5h");
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_errors_read_from_header_or_body() {
        let j: Value = serde_json::json!({"error": "invalid_grant", "error_description": "bad"});
        assert_eq!(
            aws_error(Some("InvalidGrantException".into()), Some(&j), ""),
            ("InvalidGrantException".into(), "bad".into())
        );
        assert_eq!(
            aws_error(None, None, "<html>500</html>"),
            (String::new(), "an HTML or XML page".into())
        );
    }

    #[test]
    fn text_from_an_endpoint_is_one_line_without_secrets() {
        // What AWS says is kept as it is, ARNs whole.
        for kept in [
            "Invalid refresh token provided",
            "User: arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_0123abcd4567ef89/me@example.com \
             is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Deploy2024",
            "session ssoenv-deploy-1795328434 at portal.sso.us-east-1.amazonaws.com",
            "request 6f1c2a34-9d7e-4b1a-8c3d-2e5f6a7b8c9d for ASIAQWERTYUIOP123456",
            "ThrottlingException",
            "Rate exceeded",
        ] {
            assert_eq!(as_told(kept), kept);
        }
        // Keys and tokens quoted back are not, in any spelling.
        assert_eq!(
            as_told(
                "secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, no digits AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGhIjKlMn"
            ),
            "secret [redacted], no digits [redacted]"
        );
        assert_eq!(
            as_told("token aoaAbCdEfGhIjKlMnOpQrStUvWxYz0123456789:done"),
            "token [redacted]:done"
        );
        assert_eq!(
            as_told(
                "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
            ),
            "jwt [redacted]"
        );
        assert_eq!(
            as_told(
                "Session=%7B%22sessionId%22%3A%22ASIA%22%2C%22sessionKey%22%3A%22wJalrXUtnFEMI%22%7D"
            ),
            "[redacted]"
        );
        // One line, bounded, whatever was sent.
        assert_eq!(as_told("two\nlines\x1b[31m red"), "two lines [31m red");
        let long = as_told(&"word ".repeat(200));
        assert_eq!(long.chars().count(), 301);
        assert!(long.ends_with('…'));
    }

    fn api(status: u16, code: &str) -> Error {
        Error::Api {
            service: "test",
            url: "http://127.0.0.1:9/x".into(),
            status,
            code: code.into(),
            message: String::new(),
        }
    }

    /// (attempts made, waits slept, result) of a call failing with `fail` every time.
    fn run(retry: Retry, window: Duration, fail: impl Fn() -> Error) -> (u32, Vec<Duration>, bool) {
        let mut attempts = 0;
        let mut waits = Vec::new();
        let result = with_retry(retry, window, &mut |d| waits.push(d), || {
            attempts += 1;
            Err::<(), _>(fail())
        });
        (attempts, waits, result.is_ok())
    }

    const LONG: Duration = Duration::from_secs(3600);

    #[test]
    fn throttling_in_every_shape_is_retried_eight_times_with_growing_waits() {
        for (status, code) in [
            (429, ""),
            (429, "TooManyRequestsException"),
            (400, "Throttling"),
            (400, "ThrottlingException"),
            (400, "RequestLimitExceeded"),
            (503, "SlowDown"),
        ] {
            for retry in [Retry::Throttling, Retry::ThrottlingAndServerErrors] {
                let (attempts, waits, ok) = run(retry, LONG, || api(status, code));
                assert_eq!(attempts, THROTTLED_ATTEMPTS, "{status} {code}");
                assert!(!ok);
                assert_eq!(waits.len(), 7);
                for (i, w) in waits.iter().enumerate() {
                    let cap = backoff(i as u32);
                    assert!(*w >= cap / 2 && *w <= cap, "wait {i}: {w:?} of {cap:?}");
                }
            }
        }
        let caps: Vec<u128> = (0..7).map(|i| backoff(i).as_millis()).collect();
        assert_eq!(caps, [100, 200, 400, 800, 1600, 3200, 5000]);
        assert_eq!(backoff(40), MAX_BACKOFF);
    }

    #[test]
    fn server_errors_are_retried_only_where_a_call_may_be_repeated() {
        let (attempts, waits, _) = run(Retry::ThrottlingAndServerErrors, LONG, || api(500, ""));
        assert_eq!((attempts, waits.len()), (FAILED_ATTEMPTS, 2));
        let (attempts, _, _) = run(Retry::Throttling, LONG, || api(503, ""));
        assert_eq!(attempts, 1);
    }

    #[test]
    fn other_failures_end_the_call_at_once() {
        for e in [
            || api(400, "SlowDownException"),
            || api(400, "InvalidGrantException"),
            || api(401, "UnauthorizedException"),
            || api(200, ""),
            || Error::Network {
                service: "test",
                url: String::new(),
                detail: "no answer in time (timed out)".into(),
            },
        ] {
            let (attempts, waits, _) = run(Retry::ThrottlingAndServerErrors, LONG, e);
            assert_eq!((attempts, waits.len()), (1, 0));
        }
    }

    #[test]
    fn a_throttled_call_that_then_answers_succeeds_and_no_retry_starts_after_the_window() {
        let mut attempts = 0;
        let got = with_retry(Retry::Throttling, LONG, &mut |_| {}, || {
            attempts += 1;
            if attempts < 3 {
                Err(api(429, ""))
            } else {
                Ok(attempts)
            }
        });
        assert_eq!(got.unwrap(), 3);
        // The first wait (at least 50 ms) would pass a 10 ms window: no retry.
        let (attempts, waits, _) = run(Retry::Throttling, Duration::from_millis(10), || {
            api(429, "")
        });
        assert_eq!((attempts, waits.len()), (1, 0));
    }
}

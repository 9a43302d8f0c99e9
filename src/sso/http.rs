//! The one HTTP client of the network paths: rustls, bounded connect and read
//! times, and AWS error bodies turned into one clear error naming the service,
//! the endpoint and the HTTP status. Request bodies (which carry secrets) never
//! appear in errors or notes.

use crate::env::Env;
use crate::error::{Error, Result};
use serde_json::Value;
use std::time::Duration;

/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default time for a whole request once connected.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(20);

/// A blocking client with ssoenv's timeouts.
pub struct Http {
    client: reqwest::blocking::Client,
}

/// A parsed JSON response.
pub type JsonResult = Result<Value>;

impl Http {
    /// A client whose time limits come from `SSOENV_CONNECT_TIMEOUT` and
    /// `SSOENV_READ_TIMEOUT` (seconds), else the defaults.
    pub fn new(env: &Env) -> Result<Self> {
        let secs = |var: &str, default: Duration| {
            env.non_empty(var)
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| *v > 0.0)
                .and_then(|v| Duration::try_from_secs_f64(v).ok())
                .unwrap_or(default)
        };
        let client = reqwest::blocking::Client::builder()
            .connect_timeout(secs("SSOENV_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT))
            .timeout(secs("SSOENV_READ_TIMEOUT", DEFAULT_READ_TIMEOUT))
            .user_agent(concat!("ssoenv/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Network {
                service: "http",
                url: String::new(),
                detail: format!("cannot start the HTTP client: {e}"),
            })?;
        Ok(Http { client })
    }

    /// `POST` a JSON body; the answer must be JSON (an empty body is `null`).
    pub fn post_json(&self, service: &'static str, url: &str, body: &Value) -> JsonResult {
        let req = self.client.post(url).json(body);
        self.send(service, url, req)
    }

    /// `GET` with extra headers (such as the portal's bearer token).
    pub fn get(&self, service: &'static str, url: &str, headers: &[(&str, &str)]) -> JsonResult {
        let mut req = self.client.get(url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(service, url, req)
    }

    /// `POST` with no body and extra headers (the portal's Logout).
    pub fn post_empty(
        &self,
        service: &'static str,
        url: &str,
        headers: &[(&str, &str)],
    ) -> JsonResult {
        let mut req = self.client.post(url).body("");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(service, url, req)
    }

    /// `POST` a form body with extra (signing) headers; answers are XML (STS).
    /// Returns the body of a 2xx answer.
    pub fn post_form_xml(
        &self,
        service: &'static str,
        url: &str,
        headers: &[(String, String)],
        body: &str,
    ) -> Result<String> {
        let mut req = self.client.post(url).body(body.to_string());
        for (k, v) in headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let (shown, status, _, text) = self.exchange(service, url, req)?;
        if (200..300).contains(&status) {
            return Ok(text);
        }
        let code = xml_text(&text, "Code").unwrap_or_default();
        let message = xml_text(&text, "Message").unwrap_or_else(|| describe_body(&text));
        Err(Error::Api {
            service,
            url: shown,
            status,
            code,
            message,
        })
    }

    /// Sends a request: (the URL as shown in errors, status, x-amzn-ErrorType, body).
    fn exchange(
        &self,
        service: &'static str,
        url: &str,
        req: reqwest::blocking::RequestBuilder,
    ) -> Result<(String, u16, Option<String>, String)> {
        // Errors name the endpoint without its query string (which may hold ids).
        let shown = url.split('?').next().unwrap_or(url).to_string();
        let resp = req.send().map_err(|e| Error::Network {
            service,
            url: shown.clone(),
            detail: network_detail(&e),
        })?;
        let status = resp.status().as_u16();
        let error_type = resp
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(':').next().unwrap_or_default().to_string());
        let text = resp.text().map_err(|e| Error::Network {
            service,
            url: shown.clone(),
            detail: network_detail(&e),
        })?;
        Ok((shown, status, error_type, text))
    }

    fn send(
        &self,
        service: &'static str,
        url: &str,
        req: reqwest::blocking::RequestBuilder,
    ) -> JsonResult {
        let (shown, status, error_type, text) = self.exchange(service, url, req)?;
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
}

/// The error name and message of an AWS error answer (JSON or anything else).
fn aws_error(header: Option<String>, json: Option<&Value>, text: &str) -> (String, String) {
    let field = |k: &str| {
        json.and_then(|j| j.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let code = header
        .filter(|h| !h.is_empty())
        .or_else(|| field("error"))
        .or_else(|| field("__type"))
        .unwrap_or_default();
    let message = field("error_description")
        .or_else(|| field("message"))
        .or_else(|| field("Message"))
        .unwrap_or_else(|| describe_body(text));
    (code, message)
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

fn network_detail(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "no answer in time (timed out)".into()
    } else if e.is_connect() {
        "cannot connect (refused or unreachable)".into()
    } else if e.is_body() || e.is_decode() {
        "the connection broke while reading the answer".into()
    } else {
        // reqwest's message includes the URL; ours is already shown.
        let mut msg = e.to_string();
        if let Some(url) = e.url() {
            msg = msg.replace(url.as_str(), "");
        }
        msg
    }
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
}

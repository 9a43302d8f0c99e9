//! The two browser sign-ins: authorization code with PKCE through a loopback
//! listener (sso-session profiles), and the device flow (legacy profiles and
//! `--device-code`). Both end in a [`Token`] ready for the cache.

use super::http::Http;
use super::oidc::{self, Flow, GRANT_AUTH_CODE, GRANT_DEVICE, Oidc, Registration};
use super::pkce;
use super::start_url::Resolved;
use super::token_cache::Token;
use crate::config::profile::SsoSession;
use crate::error::{Error, Result};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// What a sign-in shows the user. The command layer owns the terminal.
pub trait SignInUi {
    /// The URL to open (and the code to check, for the device flow). Always shown.
    fn show(&mut self, url: &str, user_code: Option<&str>);
    /// Opens the URL in a browser, if wanted.
    fn open_browser(&mut self, url: &str);
    /// Called while waiting, about every 100 ms, with the time left.
    fn waiting(&mut self, left: Duration);
    /// The wait is over.
    fn done(&mut self);
}

/// How to sign in.
#[derive(Debug, Clone, Copy)]
pub struct SignInOptions {
    pub device_code: bool,
    /// How long the user has to approve in the browser (PKCE flow).
    pub timeout: Duration,
}

/// Signs in to `session` through the OIDC endpoint `base`, reusing or
/// registering a client (cached in `cache_dir`). `start` is where the
/// sign-in goes (the start URL resolved from a custom domain, and its
/// region); the token is cached, as by the AWS CLI, under the configured
/// start URL and the region the sign-in went to.
pub fn sign_in(
    http: &Http,
    base: &str,
    session: &SsoSession,
    start: &Resolved,
    cache_dir: &Path,
    opts: SignInOptions,
    ui: &mut dyn SignInUi,
) -> Result<Token> {
    let oidc = Oidc {
        http,
        base: base.trim_end_matches('/').to_string(),
    };
    // As the AWS CLI: the authorization-code flow for sso-sessions unless
    // the device flow is asked for; legacy profiles always use the device flow.
    let flow = if opts.device_code || session.name.is_none() {
        Flow::Device
    } else {
        Flow::AuthCode
    };
    let reg_path = oidc::registration_path(cache_dir, session, &start.region);
    let now = OffsetDateTime::now_utc();
    let (reg, registered) = match oidc::cached_registration(&reg_path, flow, now) {
        Some(reg) => (reg, false),
        None => (oidc.register(session, flow, &start.url)?, true),
    };
    let new = match flow {
        Flow::Device => device_flow(&oidc, &reg, session, &start.url, ui)?,
        Flow::AuthCode => pkce_flow(&oidc, &reg, session, opts.timeout, ui)?,
    };
    // Cached only once the sign-in worked: a failed or cancelled sign-in leaves
    // the cache folder as it was (the next attempt registers anew). A
    // registration for the other flow in the same file is replaced, as the
    // AWS CLI replaces it.
    if registered {
        oidc::save_registration(&reg_path, &reg)?;
    }
    let now = OffsetDateTime::now_utc();
    let keep_client = new.refresh_token.is_some();
    Ok(Token {
        start_url: Some(session.start_url.clone()),
        region: Some(start.region.clone()),
        access_token: new.access_token,
        expires_at: now + time::Duration::seconds(new.expires_in),
        client_id: keep_client.then(|| reg.client_id.clone()),
        client_secret: keep_client.then(|| reg.client_secret.clone()),
        registration_expires_at: keep_client.then_some(reg.expires_at),
        refresh_token: new.refresh_token,
        extra: Default::default(),
    })
}

fn label(session: &SsoSession) -> String {
    session
        .name
        .clone()
        .unwrap_or_else(|| session.start_url.clone())
}

fn device_flow(
    oidc: &Oidc,
    reg: &Registration,
    session: &SsoSession,
    start_url: &str,
    ui: &mut dyn SignInUi,
) -> Result<oidc::NewToken> {
    let auth = oidc.start_device(reg, start_url)?;
    let deadline = Instant::now() + Duration::from_secs(auth.expires_in);
    let fields = json!({"deviceCode": auth.device_code});
    let mut interval = Duration::from_secs(auth.interval);
    let mut shown = false;
    loop {
        match oidc.create_token(reg, GRANT_DEVICE, fields.clone()) {
            Ok(token) => {
                if shown {
                    ui.done();
                }
                return Ok(token);
            }
            Err(e) => match oidc::error_code(&e) {
                Some("AuthorizationPendingException") => {}
                Some("SlowDownException") => interval += Duration::from_secs(5),
                Some("ExpiredTokenException") => {
                    return Err(expired(session));
                }
                Some("AccessDeniedException") => return Err(denied(session)),
                _ => return Err(e),
            },
        }
        if !shown {
            ui.show(&auth.verification_uri_complete, Some(&auth.user_code));
            ui.open_browser(&auth.verification_uri_complete);
            shown = true;
        }
        let next = Instant::now() + interval;
        while Instant::now() < next {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                ui.done();
                return Err(expired(session));
            }
            ui.waiting(left);
            std::thread::sleep(Duration::from_millis(100).min(next - Instant::now().min(next)));
        }
    }
}

fn pkce_flow(
    oidc: &Oidc,
    reg: &Registration,
    session: &SsoSession,
    timeout: Duration,
    ui: &mut dyn SignInUi,
) -> Result<oidc::NewToken> {
    let server = tiny_http::Server::http("127.0.0.1:0").map_err(|e| Error::SignIn {
        session: label(session),
        message: format!("cannot listen on 127.0.0.1 for the browser's answer: {e}"),
        hint: "use `ssoenv login --device-code`".into(),
    })?;
    let port = server.server_addr().to_ip().map_or(0, |a| a.port());
    let redirect = format!("http://127.0.0.1:{port}/oauth/callback");
    let verifier = pkce::verifier();
    let state = pkce::random_string(32);
    let url = format!(
        "{}/authorize?response_type=code&client_id={}&redirect_uri={}&state={}&code_challenge_method=S256&scopes={}&code_challenge={}",
        oidc.base,
        enc(&reg.client_id),
        enc(&redirect),
        enc(&state),
        enc(&session.scopes_or_default().join(" ")),
        enc(&pkce::challenge(&verifier)),
    );
    ui.show(&url, None);
    ui.open_browser(&url);
    let deadline = Instant::now() + timeout;
    let (code, request) = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            ui.done();
            return Err(expired(session));
        }
        ui.waiting(left);
        let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(100)) else {
            continue;
        };
        let target = request.url().to_string();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        if path != "/oauth/callback" {
            let _ = request.respond(tiny_http::Response::empty(404));
            continue;
        }
        let params: Vec<(String, String)> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (dec(k), dec(v)))
            .collect();
        let get = |k: &str| {
            params
                .iter()
                .find(|(pk, _)| pk == k)
                .map(|(_, v)| v.clone())
        };
        if get("state").as_deref() != Some(state.as_str()) {
            let _ = request.respond(page(400, "This sign-in answer does not belong to the waiting ssoenv. You can close this tab."));
            continue;
        }
        if let Some(err) = get("error") {
            let _ = request.respond(page(
                200,
                "Sign-in was not completed. You can close this tab.",
            ));
            ui.done();
            return Err(if err == "access_denied" {
                denied(session)
            } else {
                Error::SignIn {
                    session: label(session),
                    message: format!("the browser came back with error {err:?}"),
                    hint: "run `ssoenv login` again".into(),
                }
            });
        }
        let Some(code) = get("code") else {
            let _ = request.respond(page(400, "No authorization code in this answer."));
            continue;
        };
        break (code, request);
    };
    ui.done();
    // The browser waits for the exchange, so its page tells the truth.
    let token = oidc.create_token(
        reg,
        GRANT_AUTH_CODE,
        json!({"code": code, "redirectUri": redirect, "codeVerifier": verifier}),
    );
    let _ = request.respond(match &token {
        Ok(_) => page(200, "ssoenv is signed in. You can close this tab."),
        Err(_) => page(
            502,
            "Sign-in could not be completed: ssoenv says why in the terminal. You can close this tab.",
        ),
    });
    token
}

fn page(status: u16, text: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>ssoenv</title></head>\
         <body style=\"font-family:sans-serif;margin:4em\"><h2>{text}</h2></body></html>"
    );
    let header = tiny_http::Header::from_bytes("Content-Type", "text/html; charset=utf-8")
        .expect("static header is valid");
    tiny_http::Response::from_string(html)
        .with_status_code(status)
        .with_header(header)
}

fn expired(session: &SsoSession) -> Error {
    Error::SignIn {
        session: label(session),
        message: "the authorization expired before it was approved".into(),
        hint: "run `ssoenv login` again and approve in the browser".into(),
    }
}

fn denied(session: &SsoSession) -> Error {
    Error::SignIn {
        session: label(session),
        message: "access was denied in the browser".into(),
        hint: "run `ssoenv login` again and choose Allow".into(),
    }
}

/// RFC 3986 unreserved characters stay; everything else is percent-encoded.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// Decodes a query value (`+` is a space).
fn dec(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_encoding_round_trips() {
        let s = "sso:account:access a/b?c=d&é";
        assert_eq!(dec(&enc(s)), s);
        assert_eq!(dec("a+b%2"), "a b%2");
    }
}

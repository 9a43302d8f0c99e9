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
    /// A browser sign-in (authorization code): shows the URL (always) and
    /// opens it where a browser can finish the flow. When `paste` is offered,
    /// says that the address the browser ends on may be pasted back.
    fn show_authorize(&mut self, url: &str, paste: bool);
    /// A device sign-in: shows the verification URL and the code (always),
    /// and opens the complete URL (with the code) where a browser can.
    fn show_device(&mut self, verification_uri: &str, complete: Option<&str>, user_code: &str);
    /// Whether a line can be pasted back (a terminal on standard input, and
    /// ssoenv in the foreground).
    fn can_paste(&self) -> bool;
    /// Whether a browser on this machine is opened for the URL.
    fn browser_opens(&self) -> bool;
    /// A line pasted back, if one arrives within `wait` (else it waits `wait`).
    fn pasted(&mut self, wait: Duration) -> Option<String>;
    /// A message during the wait (a paste that did not fit).
    fn say(&mut self, message: &str);
    /// Called while waiting, about every 100 ms, with the time left.
    fn waiting(&mut self, left: Duration);
    /// The wait is over.
    fn done(&mut self);
}

/// How to sign in.
#[derive(Debug, Clone, Copy)]
pub struct SignInOptions {
    /// The flow the command line (`--device-code`) or `SSOENV_LOGIN_FLOW`
    /// asks for; `None` leaves it to the session's `ssoenv_login_flow`, then
    /// the authorization-code flow.
    pub flow: Option<Flow>,
    /// `SSOENV_LOGIN_FLOW` is set to something other than `device` or `pkce`
    /// (and no flag decided): an error once a sign-in starts.
    pub bad_flow_env: bool,
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
    let mut flow = choose_flow(&opts, session)?;
    if flow == Flow::AuthCode
        && opts.flow.is_none()
        && session.login_flow.is_none()
        && !ui.browser_opens()
        && !ui.can_paste()
    {
        // The browser could come back neither to this machine nor through a
        // paste (say, `ssh host ssoenv login` without a terminal): a code works.
        ui.say(
            "(no browser here and no terminal to paste into: signing in with a code \
             instead; --use-device-code or ssoenv_login_flow = device asks for that up front)",
        );
        flow = Flow::Device;
    }
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

/// The flow of a sign-in: the flag, then `SSOENV_LOGIN_FLOW`, then the
/// profile's or sso-session's `ssoenv_login_flow`, then the
/// authorization-code flow, as the AWS CLI defaults. Legacy profiles always
/// use the device flow (the AWS CLI's rule: PKCE needs an sso-session).
pub fn choose_flow(opts: &SignInOptions, session: &SsoSession) -> Result<Flow> {
    if session.name.is_none() {
        return Ok(Flow::Device);
    }
    if let Some(flow) = opts.flow {
        return Ok(flow);
    }
    let bad = |setting: String| Error::Usage {
        message: format!("{setting} must be device or pkce"),
        hint: "device: a code to confirm on any browser; pkce: the browser comes back to \
               this machine (the default)"
            .into(),
    };
    if opts.bad_flow_env {
        return Err(bad("SSOENV_LOGIN_FLOW".into()));
    }
    match session.login_flow.as_deref().map(parse_flow) {
        None => Ok(Flow::AuthCode),
        Some(Some(flow)) => Ok(flow),
        Some(None) => Err(bad(format!(
            "{} of {}",
            crate::config::profile::LOGIN_FLOW_KEY,
            label(session)
        ))),
    }
}

/// `device` or `pkce` (any case, spaces around ignored).
pub fn parse_flow(value: &str) -> Option<Flow> {
    match value.trim().to_ascii_lowercase().as_str() {
        "device" => Some(Flow::Device),
        "pkce" => Some(Flow::AuthCode),
        _ => None,
    }
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
            ui.show_device(
                &auth.verification_uri,
                auth.verification_uri_complete.as_deref(),
                &auth.user_code,
            );
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
    let paste = ui.can_paste();
    ui.show_authorize(&url, paste);
    let deadline = Instant::now() + timeout;
    // Whichever comes first, the browser's call to the loopback address or the
    // address pasted on the terminal, wins; the listener closes on return.
    let (code, request) = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            ui.done();
            return Err(expired(session));
        }
        ui.waiting(left);
        if paste && let Some(line) = ui.pasted(Duration::from_millis(50)) {
            match read_pasted(&line, &state) {
                Ok(Callback::Code(code)) => break (code, None),
                Ok(Callback::Refused(err)) => {
                    ui.done();
                    return Err(refused(session, &err));
                }
                Err(why) => ui.say(&why),
            }
            continue;
        }
        let wait = if paste { 50 } else { 100 };
        let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(wait)) else {
            continue;
        };
        let target = request.url().to_string();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        if path != "/oauth/callback" {
            let _ = request.respond(tiny_http::Response::empty(404));
            continue;
        }
        match callback(query, &state) {
            Ok(Callback::Code(code)) => break (code, Some(request)),
            Ok(Callback::Refused(err)) => {
                let _ = request.respond(page(
                    200,
                    "Sign-in was not completed. You can close this tab.",
                ));
                ui.done();
                return Err(refused(session, &err));
            }
            Err(CallbackError::State) if carries_answer(query) => {
                // As the AWS CLI: an answer for another sign-in ends this one.
                let _ = request.respond(page(
                    400,
                    "This sign-in answer does not belong to the waiting ssoenv. You can close this tab.",
                ));
                ui.done();
                return Err(Error::SignIn {
                    session: label(session),
                    message: "the browser came back with a state that does not belong to this \
                              sign-in (an old tab, or a forged request)"
                        .into(),
                    hint: "run `ssoenv login` again and use the page it opens".into(),
                });
            }
            // Neither a code nor an error (a reload, a probe): not an answer.
            Err(_) => {
                let _ = request.respond(page(400, "No authorization code in this answer."));
            }
        }
    };
    ui.done();
    // The browser waits for the exchange, so its page tells the truth.
    let token = oidc.create_token(
        reg,
        GRANT_AUTH_CODE,
        json!({"code": code, "redirectUri": redirect, "codeVerifier": verifier}),
    );
    if let Some(request) = request {
        let _ = request.respond(match &token {
            Ok(_) => page(200, "ssoenv is signed in. You can close this tab."),
            Err(_) => page(
                502,
                "Sign-in could not be completed: ssoenv says why in the terminal. You can close this tab.",
            ),
        });
    }
    token
}

/// What the browser came back with.
#[derive(Debug, PartialEq, Eq)]
enum Callback {
    /// The authorization code.
    Code(String),
    /// An `error=…` instead (the user refused, or the service did).
    Refused(String),
}

/// Why an answer is not one for this sign-in.
#[derive(Debug, PartialEq, Eq)]
enum CallbackError {
    /// Its `state` is not this sign-in's.
    State,
    /// It carries neither a code nor an error.
    NoCode,
}

/// Whether a callback query carries an answer (a code or an error), so that
/// a wrong state in it means another sign-in's answer, not a stray request.
fn carries_answer(query: &str) -> bool {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .any(|(k, v)| (k == "code" || k == "error") && !v.is_empty())
}

/// Reads the query of a callback: the state must be this sign-in's.
fn callback(query: &str, state: &str) -> std::result::Result<Callback, CallbackError> {
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
    if get("state").as_deref() != Some(state) {
        return Err(CallbackError::State);
    }
    if let Some(err) = get("error") {
        return Ok(Callback::Refused(err));
    }
    get("code")
        .filter(|c| !c.is_empty())
        .map(Callback::Code)
        .ok_or(CallbackError::NoCode)
}

/// Reads an address pasted on the terminal: the one the browser ended on,
/// `http://127.0.0.1:PORT/oauth/callback?code=…&state=…`. A paste that does
/// not fit is told why (for another try), never echoed: it may hold a code.
fn read_pasted(line: &str, state: &str) -> std::result::Result<Callback, String> {
    let line = line.trim();
    let query = match line.split_once('?') {
        Some((before, query)) => {
            if !before.ends_with("/oauth/callback") {
                return Err(
                    "that is not the address the browser ended on: it should start \
                            with http://127.0.0.1:…/oauth/callback? (paste it again)"
                        .into(),
                );
            }
            query.split('#').next().unwrap_or(query)
        }
        None if line.contains("code=") => line,
        None => {
            return Err(
                "that is not an address: paste the whole address the browser ended \
                        on, http://127.0.0.1:…/oauth/callback?code=…"
                    .into(),
            );
        }
    };
    callback(query, state).map_err(|e| match e {
        CallbackError::State => "that address is from another sign-in (its state does not \
                                 match): paste the address this sign-in's page ended on"
            .into(),
        CallbackError::NoCode => "that address has no code=…: paste the address the browser \
                                  ended on after you signed in"
            .into(),
    })
}

/// The error for an `error=…` answer.
fn refused(session: &SsoSession, err: &str) -> Error {
    if err == "access_denied" {
        denied(session)
    } else {
        Error::SignIn {
            session: label(session),
            message: format!(
                "the browser came back with error {:?}",
                super::http::as_told(err)
            ),
            hint: "run `ssoenv login` again".into(),
        }
    }
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

//! The console federation endpoint as AWS serves it on `signin.aws.amazon.com`:
//! `GET /federation?Action=getSigninToken&Session=<JSON>` trades temporary credentials the
//! fake issued for `{"SigninToken"}`, and `GET /federation?Action=login&SigninToken=…` is the
//! page a browser lands on (a plain 200 page here, where AWS redirects to the console).
//! Refusals are `400` HTML pages, as AWS sends them; the log names them for assertions.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::response::Response;

use super::server::{ErrorCode, html, json};
use super::state::{Shared, SigninToken, State as FakeState};
use super::util::{self, BASE64URL, now_ms};

/// How long a sign-in token may be used to log in (AWS: 15 minutes).
pub const TOKEN_LIFETIME_SECS: u64 = 900;
/// `SessionDuration` bounds (AWS: 15 minutes to 12 hours).
pub const MIN_SESSION_SECS: u64 = 900;
pub const MAX_SESSION_SECS: u64 = 43200;

/// A `400 Bad Request` page with `code` recorded as the error in the request log.
fn refuse(code: &str, text: &str) -> Response {
    let mut r = html(400, "Bad Request", text);
    r.extensions_mut().insert(ErrorCode(code.to_string()));
    r
}

/// `GET /federation?Action=…`.
pub async fn federation(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let Some(pairs) = util::form_pairs(query.as_deref().unwrap_or("")) else {
        return refuse("MalformedQueryString", "The query string is malformed.");
    };
    let mut st = shared.lock();
    match util::param(&pairs, "Action") {
        Some("getSigninToken") => get_signin_token(&mut st, &pairs).unwrap_or_else(|r| r),
        Some("login") => login(&st, &pairs).unwrap_or_else(|r| r),
        _ => refuse("InvalidAction", "Unknown or missing Action."),
    }
}

fn get_signin_token(st: &mut FakeState, pairs: &[(String, String)]) -> Result<Response, Response> {
    let duration = match util::param(pairs, "SessionDuration") {
        None => None,
        Some(v) => match v.parse::<u64>() {
            Ok(d) if (MIN_SESSION_SECS..=MAX_SESSION_SECS).contains(&d) => Some(d),
            _ => {
                return Err(refuse(
                    "InvalidSessionDuration",
                    "SessionDuration must be between 900 and 43200 seconds.",
                ));
            }
        },
    };
    let session: serde_json::Value = util::param(pairs, "Session")
        .and_then(|s| serde_json::from_str(s).ok())
        .ok_or_else(|| refuse("InvalidSession", "Session is missing or not JSON."))?;
    let field = |k: &str| session.get(k).and_then(|v| v.as_str()).unwrap_or("");
    let (id, secret, token) = (
        field("sessionId"),
        field("sessionKey"),
        field("sessionToken"),
    );
    // Only temporary credentials the fake issued (or registered with a session token) work,
    // and only all three together.
    let key = st
        .keys
        .get(id)
        .filter(|k| k.secret == secret && k.session_token.as_deref() == Some(token))
        .ok_or_else(|| refuse("InvalidSession", "The session credentials are not valid."))?;
    if key.expires_at_ms.is_some_and(|e| now_ms() >= e) {
        return Err(refuse(
            "ExpiredSession",
            "The session credentials have expired.",
        ));
    }
    let signin_token = util::random_string(BASE64URL, 400);
    st.signin_tokens.push(SigninToken {
        token: signin_token.clone(),
        access_key_id: id.to_string(),
        session_duration_secs: duration,
        expires_at_ms: util::ms_after(TOKEN_LIFETIME_SECS),
    });
    Ok(json(
        200,
        &serde_json::json!({ "SigninToken": signin_token }),
    ))
}

fn login(st: &FakeState, pairs: &[(String, String)]) -> Result<Response, Response> {
    let token = util::param(pairs, "SigninToken").unwrap_or("");
    let valid = st
        .signin_tokens
        .iter()
        .any(|t| t.token == token && now_ms() < t.expires_at_ms);
    if !valid {
        return Err(refuse(
            "InvalidSigninToken",
            "The sign-in token is not valid or has expired.",
        ));
    }
    let destination = util::param(pairs, "Destination").unwrap_or("");
    Ok(html(
        200,
        "Signed in",
        &format!("Signed in to the console; AWS would now open {destination}."),
    ))
}

//! SSO OIDC as AWS serves it: RegisterClient, StartDeviceAuthorization, CreateToken with the
//! device-code, authorization-code (PKCE) and refresh-token grants, plus the two pages a
//! browser visits: `/authorize` (redirects back to the loopback listener) and `/device`
//! (the verification URL, which approves the user code).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::server::{html, json, oidc_error};
use super::state::{
    AuthCode, Client, DeviceAuth, DeviceStatus, GRANT_CODE, GRANT_DEVICE, GRANT_REFRESH, Shared,
    State as FakeState,
};
use super::util::{self, BASE64URL, USER_CODE, encode, now_ms};

const REGISTRATION_LIFETIME_SECS: u64 = 90 * 24 * 3600;
const AUTH_CODE_LIFETIME_MS: u64 = 10 * 60 * 1000;
/// Polls this much early still count as on time (timer and scheduling noise).
const POLL_TOLERANCE: Duration = Duration::from_millis(100);

/// The OIDC exceptions, each with its HTTP status and OAuth `error` string.
#[derive(Clone, Copy, Debug)]
enum OidcError {
    InvalidRequest,
    InvalidClient,
    InvalidGrant,
    UnauthorizedClient,
    UnsupportedGrantType,
    InvalidScope,
    AuthorizationPending,
    SlowDown,
    AccessDenied,
    ExpiredToken,
    InvalidClientMetadata,
    InvalidRedirectUri,
}

fn error(e: OidcError, description: &str) -> Response {
    use OidcError::*;
    let (status, name, code) = match e {
        InvalidRequest => (400, "InvalidRequestException", "invalid_request"),
        InvalidClient => (401, "InvalidClientException", "invalid_client"),
        InvalidGrant => (400, "InvalidGrantException", "invalid_grant"),
        UnauthorizedClient => (400, "UnauthorizedClientException", "unauthorized_client"),
        UnsupportedGrantType => (
            400,
            "UnsupportedGrantTypeException",
            "unsupported_grant_type",
        ),
        InvalidScope => (400, "InvalidScopeException", "invalid_scope"),
        AuthorizationPending => (
            400,
            "AuthorizationPendingException",
            "authorization_pending",
        ),
        SlowDown => (400, "SlowDownException", "slow_down"),
        AccessDenied => (400, "AccessDeniedException", "access_denied"),
        ExpiredToken => (400, "ExpiredTokenException", "expired_token"),
        InvalidClientMetadata => (
            400,
            "InvalidClientMetadataException",
            "invalid_client_metadata",
        ),
        InvalidRedirectUri => (400, "InvalidRedirectUriException", "invalid_redirect_uri"),
    };
    oidc_error(status, name, code, description)
}

/// Parses a JSON request body; anything malformed is an InvalidRequestException.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Response> {
    serde_json::from_slice(body).map_err(|e| {
        error(
            OidcError::InvalidRequest,
            &format!("Malformed request body: {e}"),
        )
    })
}

fn required(value: Option<String>, name: &str) -> Result<String, Response> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| error(OidcError::InvalidRequest, &format!("{name} is required")))
}

/// The client, when id and secret are right and the registration has not expired.
fn check_client(st: &FakeState, id: &str, secret: &str) -> Result<Client, Response> {
    match st.clients.get(id) {
        Some(c) if c.secret == secret && now_ms() < c.expires_at_ms => Ok(c.clone()),
        Some(c) if c.secret == secret => Err(error(
            OidcError::InvalidClient,
            "Client registration has expired",
        )),
        _ => Err(error(OidcError::InvalidClient, "Invalid client")),
    }
}

/// `http://127.0.0.1:PORT/path` without the port, for the loopback hosts; `None` for other
/// URIs. AWS matches loopback redirect URIs ignoring the port, as RFC 8252 asks.
fn without_loopback_port(uri: &str) -> Option<String> {
    let rest = uri.strip_prefix("http://")?;
    let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let host = if let Some(v6) = authority.strip_prefix('[') {
        format!("[{}]", v6.split(']').next()?)
    } else {
        authority.split(':').next()?.to_string()
    };
    matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]")
        .then(|| format!("http://{host}{path}"))
}

fn redirect_matches(registered: &str, given: &str) -> bool {
    match (
        without_loopback_port(registered),
        without_loopback_port(given),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => registered == given,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegisterClientRequest {
    client_name: Option<String>,
    client_type: Option<String>,
    scopes: Option<Vec<String>>,
    grant_types: Option<Vec<String>>,
    redirect_uris: Option<Vec<String>>,
    issuer_url: Option<String>,
}

/// `POST /client/register`.
pub async fn register_client(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let req: RegisterClientRequest = match parse(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let name = match required(req.client_name, "clientName") {
        Ok(n) => n,
        Err(r) => return r,
    };
    match req.client_type.as_deref() {
        Some("public") => {}
        None => return error(OidcError::InvalidRequest, "clientType is required"),
        Some(other) => {
            return error(
                OidcError::InvalidClientMetadata,
                &format!("Invalid client type: {other}"),
            );
        }
    }
    let grant_types = req.grant_types.unwrap_or_default();
    if let Some(g) = grant_types
        .iter()
        .find(|g| ![GRANT_CODE, GRANT_REFRESH, GRANT_DEVICE].contains(&g.as_str()))
    {
        return error(
            OidcError::UnsupportedGrantType,
            &format!("Unsupported grant type: {g}"),
        );
    }
    let redirect_uris = req.redirect_uris.unwrap_or_default();
    if let Some(u) = redirect_uris
        .iter()
        .find(|u| without_loopback_port(u).is_none() && !u.starts_with("https://"))
    {
        return error(
            OidcError::InvalidRedirectUri,
            &format!("Invalid redirect URI: {u}"),
        );
    }
    if grant_types.iter().any(|g| g == GRANT_CODE) && redirect_uris.is_empty() {
        return error(
            OidcError::InvalidRequest,
            "redirectUris is required for the authorization_code grant",
        );
    }
    let scopes = req.scopes.unwrap_or_default();
    if let Some(s) = scopes
        .iter()
        .find(|s| s.is_empty() || s.contains(char::is_whitespace))
    {
        return error(OidcError::InvalidScope, &format!("Invalid scope: '{s}'"));
    }

    let now = now_ms();
    let secret = format!(
        "eyJraWQiOiJrZXktZmFrZSJ9.{}",
        util::random_string(BASE64URL, 300)
    );
    let client = Client {
        secret: secret.clone(),
        name,
        grant_types,
        redirect_uris,
        scopes,
        issuer_url: req.issuer_url,
        expires_at_ms: now + REGISTRATION_LIFETIME_SECS * 1000,
    };
    let id = shared.lock().register_client(client);
    json(
        200,
        &serde_json::json!({
            "clientId": id,
            "clientSecret": secret,
            "clientIdIssuedAt": now / 1000,
            "clientSecretExpiresAt": now / 1000 + REGISTRATION_LIFETIME_SECS,
        }),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StartDeviceAuthorizationRequest {
    client_id: Option<String>,
    client_secret: Option<String>,
    start_url: Option<String>,
}

/// `POST /device_authorization`.
pub async fn start_device_authorization(
    State(shared): State<Arc<Shared>>,
    body: Bytes,
) -> Response {
    start_device_authorization_inner(&shared, &body).unwrap_or_else(|r| r)
}

fn start_device_authorization_inner(shared: &Shared, body: &[u8]) -> Result<Response, Response> {
    let req: StartDeviceAuthorizationRequest = parse(body)?;
    let client_id = required(req.client_id, "clientId")?;
    let client_secret = required(req.client_secret, "clientSecret")?;
    let start_url = required(req.start_url, "startUrl")?;
    let mut st = shared.lock();
    let client = check_client(&st, &client_id, &client_secret)?;
    if !client.allows(GRANT_DEVICE) {
        return Err(error(
            OidcError::UnauthorizedClient,
            "The client is not registered for the device_code grant",
        ));
    }
    let device_code = util::random_string(BASE64URL, 86);
    let user_code = loop {
        let c = format!(
            "{}-{}",
            util::random_string(USER_CODE, 4),
            util::random_string(USER_CODE, 4)
        );
        if !st.devices.values().any(|d| d.user_code == c) {
            break c;
        }
    };
    let cfg = st.config.clone();
    st.devices.insert(
        device_code.clone(),
        DeviceAuth {
            client_id,
            user_code: user_code.clone(),
            start_url,
            expires_at_ms: util::ms_after(cfg.device_code_lifetime_secs),
            status: if cfg.auto_approve {
                DeviceStatus::Approved
            } else {
                DeviceStatus::Pending
            },
            last_poll: None,
        },
    );
    let verification_uri = format!("{}/device", shared.base_url);
    Ok(json(
        200,
        &serde_json::json!({
            "deviceCode": device_code,
            "userCode": user_code,
            "verificationUri": verification_uri,
            "verificationUriComplete": format!("{verification_uri}?user_code={}", encode(&user_code)),
            "expiresIn": cfg.device_code_lifetime_secs,
            "interval": cfg.interval_secs,
        }),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateTokenRequest {
    client_id: Option<String>,
    client_secret: Option<String>,
    grant_type: Option<String>,
    device_code: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
}

/// `POST /token`.
pub async fn create_token(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    create_token_inner(&shared, &body).unwrap_or_else(|r| r)
}

fn create_token_inner(shared: &Shared, body: &[u8]) -> Result<Response, Response> {
    let req: CreateTokenRequest = parse(body)?;
    let client_id = required(req.client_id.clone(), "clientId")?;
    let client_secret = required(req.client_secret.clone(), "clientSecret")?;
    let grant = required(req.grant_type.clone(), "grantType")?;
    let mut st = shared.lock();
    let client = check_client(&st, &client_id, &client_secret)?;
    if ![GRANT_DEVICE, GRANT_CODE, GRANT_REFRESH].contains(&grant.as_str()) {
        return Err(error(
            OidcError::UnsupportedGrantType,
            &format!("Unsupported grant type: {grant}"),
        ));
    }
    if !client.allows(&grant) {
        return Err(error(
            OidcError::UnauthorizedClient,
            &format!("The client is not registered for the {grant} grant"),
        ));
    }
    let with_refresh = client.allows(GRANT_REFRESH).then_some(client_id.as_str());
    let lifetime = st.config.token_lifetime_secs;
    let user = st.config.user.clone();
    let (access, refresh) = match grant.as_str() {
        GRANT_DEVICE => {
            let code = required(req.device_code, "deviceCode")?;
            let interval = Duration::from_secs(st.config.interval_secs);
            let slow_down = st.config.slow_down;
            let Some(dev) = st.devices.get_mut(&code) else {
                return Err(error(
                    OidcError::InvalidGrant,
                    "Invalid device code provided",
                ));
            };
            if dev.client_id != client_id {
                return Err(error(
                    OidcError::InvalidGrant,
                    "Device code was issued to another client",
                ));
            }
            if now_ms() >= dev.expires_at_ms {
                return Err(error(OidcError::ExpiredToken, "Device code has expired"));
            }
            match dev.status {
                DeviceStatus::Denied => {
                    return Err(error(
                        OidcError::AccessDenied,
                        "The user denied the authorization request",
                    ));
                }
                DeviceStatus::Used => {
                    return Err(error(
                        OidcError::InvalidGrant,
                        "Device code has already been used",
                    ));
                }
                DeviceStatus::Pending => {
                    let too_fast = slow_down
                        && dev
                            .last_poll
                            .is_some_and(|t| t.elapsed() + POLL_TOLERANCE < interval);
                    dev.last_poll = Some(Instant::now());
                    return Err(if too_fast {
                        error(OidcError::SlowDown, "Client is polling too quickly")
                    } else {
                        error(
                            OidcError::AuthorizationPending,
                            "Authorization is still pending",
                        )
                    });
                }
                DeviceStatus::Approved => dev.status = DeviceStatus::Used,
            }
            let issued_for = dev.start_url.clone();
            st.issue_token(&issued_for, &user, lifetime, with_refresh)
        }
        GRANT_CODE => {
            let code = required(req.code, "code")?;
            let redirect_uri = required(req.redirect_uri, "redirectUri")?;
            let verifier = required(req.code_verifier, "codeVerifier")?;
            // A code is good for one redemption attempt, as OAuth asks.
            let Some(auth) = st.codes.remove(&code) else {
                return Err(error(OidcError::InvalidGrant, "Invalid authorization code"));
            };
            if auth.client_id != client_id {
                return Err(error(
                    OidcError::InvalidGrant,
                    "Authorization code was issued to another client",
                ));
            }
            if now_ms() >= auth.expires_at_ms {
                return Err(error(
                    OidcError::InvalidGrant,
                    "Authorization code has expired",
                ));
            }
            if auth.redirect_uri != redirect_uri {
                return Err(error(
                    OidcError::InvalidGrant,
                    "redirectUri does not match the one of the authorization request",
                ));
            }
            let well_formed = (43..=128).contains(&verifier.len())
                && verifier
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
            if !well_formed {
                return Err(error(
                    OidcError::InvalidRequest,
                    "codeVerifier must be 43 to 128 characters of [A-Za-z0-9-._~]",
                ));
            }
            if util::base64url(&Sha256::digest(verifier.as_bytes())) != auth.code_challenge {
                return Err(error(
                    OidcError::InvalidGrant,
                    "Code verifier does not match the code challenge",
                ));
            }
            let issued_for = client.issuer_url.clone().unwrap_or_default();
            st.issue_token(&issued_for, &user, lifetime, with_refresh)
        }
        _ => {
            let old = required(req.refresh_token, "refreshToken")?;
            let Some(rt) = st.refresh_tokens.get_mut(&old).filter(|rt| !rt.revoked) else {
                return Err(error(
                    OidcError::InvalidGrant,
                    "Invalid refresh token provided",
                ));
            };
            if rt.client_id != client_id {
                return Err(error(
                    OidcError::InvalidGrant,
                    "Refresh token was issued to another client",
                ));
            }
            // Rotation: the old refresh token is spent.
            rt.revoked = true;
            let (issued_for, user) = (rt.issued_for.clone(), rt.user.clone());
            st.issue_token(&issued_for, &user, lifetime, Some(&client_id))
        }
    };
    let mut out = serde_json::json!({
        "accessToken": access,
        "tokenType": "Bearer",
        "expiresIn": lifetime,
    });
    if let Some(rt) = refresh {
        out["refreshToken"] = rt.into();
    }
    Ok(json(200, &out))
}

/// `GET /authorize?response_type=code&client_id=…&redirect_uri=…&state=…&code_challenge_method=S256&scopes=…&code_challenge=…`:
/// what the browser opens. Sends the browser back to the loopback redirect URI with a code
/// (or an error), as the sign-in page does once the user agrees.
pub async fn authorize(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let Some(q) = util::form_pairs(query.as_deref().unwrap_or("")) else {
        return html(400, "Bad request", "The query string is malformed.");
    };
    let get = |k: &str| util::param(&q, k).unwrap_or("").to_string();
    let (client_id, redirect_uri, state) = (get("client_id"), get("redirect_uri"), get("state"));
    let mut st = shared.lock();
    let Some(client) = st.clients.get(&client_id).cloned() else {
        return html(
            400,
            "Invalid client",
            "The client_id is not a registered client.",
        );
    };
    if without_loopback_port(&redirect_uri).is_none()
        || !client
            .redirect_uris
            .iter()
            .any(|r| redirect_matches(r, &redirect_uri))
    {
        return html(
            400,
            "Invalid redirect URI",
            "The redirect_uri is not registered for this client.",
        );
    }
    let redirect = |params: &[(&str, &str)]| -> Response {
        let mut location = redirect_uri.clone();
        location.push(if location.contains('?') { '&' } else { '?' });
        let params: Vec<String> = params
            .iter()
            .filter(|(k, v)| !(*k == "state" && v.is_empty()))
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        location.push_str(&params.join("&"));
        let mut r = (StatusCode::FOUND, "Redirecting").into_response();
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        r
    };
    let fail = |error: &str, description: &str| {
        redirect(&[
            ("error", error),
            ("error_description", description),
            ("state", &state),
        ])
    };
    if get("response_type") != "code" {
        return fail("unsupported_response_type", "response_type must be code");
    }
    if !client.allows(GRANT_CODE) {
        return fail(
            "unauthorized_client",
            "The client is not registered for the authorization_code grant",
        );
    }
    let challenge = get("code_challenge");
    if get("code_challenge_method") != "S256" || challenge.is_empty() {
        return fail(
            "invalid_request",
            "code_challenge with code_challenge_method=S256 is required",
        );
    }
    let requested = get("scopes");
    if !client.scopes.is_empty()
        && requested
            .split_whitespace()
            .any(|s| !client.scopes.iter().any(|c| c == s))
    {
        return fail("invalid_scope", "A requested scope was not registered");
    }
    if st.config.deny {
        return fail("access_denied", "The user denied the request");
    }
    let code = util::random_string(BASE64URL, 64);
    st.codes.insert(
        code.clone(),
        AuthCode {
            client_id,
            redirect_uri: redirect_uri.clone(),
            code_challenge: challenge,
            expires_at_ms: now_ms() + AUTH_CODE_LIFETIME_MS,
        },
    );
    redirect(&[("code", &code), ("state", &state)])
}

/// `GET /device?user_code=…`: the verification page; visiting it approves (or, when the fake
/// is set to deny, denies) that user code.
pub async fn verify_device(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs = util::form_pairs(query.as_deref().unwrap_or("")).unwrap_or_default();
    let Some(user_code) = util::param(&pairs, "user_code").filter(|c| !c.is_empty()) else {
        return html(400, "Enter a code", "This page needs ?user_code=XXXX-XXXX.");
    };
    let mut st = shared.lock();
    let deny = st.config.deny;
    let now = now_ms();
    let Some(dev) = st
        .devices
        .values_mut()
        .find(|d| d.user_code.eq_ignore_ascii_case(user_code) && now < d.expires_at_ms)
    else {
        return html(404, "Unknown code", "That code is unknown or has expired.");
    };
    match dev.status {
        DeviceStatus::Pending if deny => {
            dev.status = DeviceStatus::Denied;
            html(
                200,
                "Request denied",
                "You denied access. You can close this window.",
            )
        }
        DeviceStatus::Pending => {
            dev.status = DeviceStatus::Approved;
            html(200, "Request approved", "You can close this window.")
        }
        DeviceStatus::Denied => html(200, "Request denied", "This request was denied."),
        DeviceStatus::Approved | DeviceStatus::Used => html(
            200,
            "Request approved",
            "This request was already approved.",
        ),
    }
}

//! The SSO OIDC calls (aws-facts §1): RegisterClient, StartDeviceAuthorization
//! and CreateToken for the device-code, authorization-code and refresh grants,
//! plus the client-registration cache the AWS CLI keeps beside its tokens.
//! Throttling is retried for every call; server errors only for calls that are
//! harmless to repeat (not the exchange of a single-use code).

use super::http::{Http, Retry};
use super::token_cache::{self, format_time, parse_time};
use crate::config::profile::SsoSession;
use crate::error::{Error, Result};
use crate::fsutil;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// The service name in messages.
pub const SERVICE: &str = "sso-oidc";

pub const GRANT_DEVICE: &str = "urn:ietf:params:oauth:grant-type:device_code";
pub const GRANT_AUTH_CODE: &str = "authorization_code";
pub const GRANT_REFRESH: &str = "refresh_token";

/// The redirect URI registered for the authorization-code flow (no port: AWS
/// accepts any loopback port at authorization time).
pub const REGISTERED_REDIRECT: &str = "http://127.0.0.1/oauth/callback";

/// The sign-in a client registration is made for. The AWS CLI keeps one
/// registration per session in one file and reuses it only for the flow it
/// was made for: an authorization-code registration records its
/// `grantTypes`, a device-flow one records none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Device,
    AuthCode,
}

/// The grants of an authorization-code registration.
pub const AUTH_CODE_GRANTS: [&str; 2] = [GRANT_AUTH_CODE, GRANT_REFRESH];

/// A registered OIDC client.
#[derive(Clone, PartialEq, Eq)]
pub struct Registration {
    pub client_id: String,
    pub client_secret: String,
    pub expires_at: OffsetDateTime,
    /// `grantTypes` as registered (none for the device flow).
    pub grant_types: Vec<String>,
    /// `scopes` as registered, when any were sent.
    pub scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("client_id", &self.client_id)
            .field("expires_at", &self.expires_at)
            .field("grant_types", &self.grant_types)
            .finish_non_exhaustive()
    }
}

/// A started device authorization.
#[derive(Debug, Clone)]
pub struct DeviceAuthorization {
    pub device_code: String,
    pub user_code: String,
    pub verification_uri: String,
    /// The verification URL with the code in it, when the service gives one.
    pub verification_uri_complete: Option<String>,
    pub expires_in: u64,
    pub interval: u64,
}

/// What CreateToken returns.
#[derive(Clone)]
pub struct NewToken {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: Option<String>,
}

/// The OIDC endpoint of one session.
pub struct Oidc<'a> {
    pub http: &'a Http,
    pub base: String,
}

impl Oidc<'_> {
    fn post(&self, path: &str, body: Value, retry: Retry) -> Result<Value> {
        self.http
            .post_json(SERVICE, &format!("{}{path}", self.base), &body, retry)
    }

    /// RegisterClient for `flow`, with the fields the AWS CLI sends: for the
    /// device flow the name, the type and the configured scopes (if any);
    /// for the authorization-code flow also the grants, the redirect URI
    /// without a port, the issuer (the resolved start URL) and the scopes,
    /// `sso:account:access` when none are configured.
    pub fn register(
        &self,
        session: &SsoSession,
        flow: Flow,
        issuer_url: &str,
    ) -> Result<Registration> {
        let mut body = json!({
            "clientName": client_name(session, OffsetDateTime::now_utc()),
            "clientType": "public",
        });
        let (grants, scopes): (&[&str], _) = match flow {
            Flow::Device => (&[], session.scopes.clone().filter(|s| !s.is_empty())),
            Flow::AuthCode => (&AUTH_CODE_GRANTS, Some(session.scopes_or_default())),
        };
        if let Some(scopes) = &scopes {
            body["scopes"] = json!(scopes);
        }
        if flow == Flow::AuthCode {
            body["grantTypes"] = json!(grants);
            body["redirectUris"] = json!([REGISTERED_REDIRECT]);
            body["issuerUrl"] = json!(issuer_url);
        }
        // A second registration after a failed first one only leaves an unused client.
        let v = self.post("/client/register", body, Retry::ThrottlingAndServerErrors)?;
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let expires = v
            .get("clientSecretExpiresAt")
            .and_then(Value::as_i64)
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok());
        match (s("clientId"), s("clientSecret"), expires) {
            (Some(client_id), Some(client_secret), Some(expires_at)) => Ok(Registration {
                client_id,
                client_secret,
                expires_at,
                grant_types: grants.iter().map(|g| g.to_string()).collect(),
                scopes,
            }),
            _ => Err(self.malformed("/client/register", "RegisterClient")),
        }
    }

    /// StartDeviceAuthorization.
    pub fn start_device(&self, reg: &Registration, start_url: &str) -> Result<DeviceAuthorization> {
        let v = self.post(
            "/device_authorization",
            json!({"clientId": reg.client_id, "clientSecret": reg.client_secret, "startUrl": start_url}),
            Retry::ThrottlingAndServerErrors,
        )?;
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let (Some(device_code), Some(user_code), Some(verification_uri)) =
            (s("deviceCode"), s("userCode"), s("verificationUri"))
        else {
            return Err(self.malformed("/device_authorization", "StartDeviceAuthorization"));
        };
        Ok(DeviceAuthorization {
            verification_uri_complete: s("verificationUriComplete").filter(|u| !u.is_empty()),
            device_code,
            user_code,
            verification_uri,
            expires_in: v.get("expiresIn").and_then(Value::as_u64).unwrap_or(600),
            interval: v
                .get("interval")
                .and_then(Value::as_u64)
                .filter(|i| *i > 0)
                .unwrap_or(5),
        })
    }

    /// CreateToken with `grant` and the grant's own fields. Throttling is retried
    /// for every grant (a throttled request was not processed); a server error
    /// only for the refresh grant. An authorization code is single-use and may
    /// have been spent by the failed request, and device-code polling keeps its
    /// own pace (`authorization_pending`, `slow_down`).
    pub fn create_token(&self, reg: &Registration, grant: &str, fields: Value) -> Result<NewToken> {
        let mut body = json!({
            "clientId": reg.client_id,
            "clientSecret": reg.client_secret,
            "grantType": grant,
        });
        if let (Some(b), Value::Object(extra)) = (body.as_object_mut(), fields) {
            b.extend(extra);
        }
        let retry = if grant == GRANT_REFRESH {
            Retry::ThrottlingAndServerErrors
        } else {
            Retry::Throttling
        };
        let v = self.post("/token", body, retry)?;
        let access_token = v.get("accessToken").and_then(Value::as_str);
        let expires_in = v.get("expiresIn").and_then(Value::as_i64);
        match (access_token, expires_in) {
            (Some(t), Some(e)) if !t.is_empty() => Ok(NewToken {
                access_token: t.to_string(),
                expires_in: e,
                refresh_token: v
                    .get("refreshToken")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            }),
            _ => Err(self.malformed("/token", "CreateToken")),
        }
    }

    fn malformed(&self, path: &str, op: &str) -> Error {
        Error::Api {
            service: SERVICE,
            url: format!("{}{path}", self.base),
            status: 200,
            code: String::new(),
            message: format!("the {op} answer lacks required fields"),
        }
    }
}

/// The OIDC error name of an API error (`AuthorizationPendingException`, ...).
pub fn error_code(e: &Error) -> Option<&str> {
    match e {
        Error::Api { code, .. } if !code.is_empty() => Some(code.as_str()),
        _ => None,
    }
}

/// The client name ssoenv registers as: the form of the AWS CLI's
/// `botocore-client-<session>` (the Unix time for a legacy profile), with
/// ssoenv's own name, so the consent page names the tool that asks.
pub fn client_name(session: &SsoSession, now: OffsetDateTime) -> String {
    match &session.name {
        Some(name) => format!("ssoenv-client-{name}"),
        None => format!("ssoenv-client-{}", now.unix_timestamp()),
    }
}

/// Where the AWS CLI caches the client registration of a session whose
/// sign-in goes to `region` (the resolved one, for a custom start URL).
pub fn registration_path(dir: &Path, session: &SsoSession, region: &str) -> PathBuf {
    dir.join(format!(
        "{}.json",
        token_cache::registration_key(session, region)
    ))
}

/// A cached registration for `flow` with at least 15 minutes left. As the
/// AWS CLI decides: a registration whose `grantTypes` holds
/// `authorization_code` serves the authorization-code flow only; any other
/// (the device flow records none) serves the device flow only.
pub fn cached_registration(path: &Path, flow: Flow, now: OffsetDateTime) -> Option<Registration> {
    // Read like the other caches (so a file others can read is reported); an
    // unusable registration is simply registered anew.
    let v: Value = crate::fsutil::read_cache(path, "client registration", |t| {
        serde_json::from_str(t).map_err(|e| e.to_string())
    })
    .ok()
    .flatten()?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let expires_at = parse_time(&s("expiresAt")?)?;
    let grant_types: Vec<String> = v
        .get("grantTypes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|g| g.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let for_auth_code = grant_types.iter().any(|g| g == GRANT_AUTH_CODE);
    let fits = for_auth_code == (flow == Flow::AuthCode);
    let scopes = v.get("scopes").and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|g| g.as_str().map(str::to_string))
            .collect()
    });
    (fits && (expires_at - now).whole_seconds() >= 15 * 60)
        .then(|| Registration {
            client_id: s("clientId").unwrap_or_default(),
            client_secret: s("clientSecret").unwrap_or_default(),
            expires_at,
            grant_types,
            scopes,
        })
        .filter(|r| !r.client_id.is_empty() && !r.client_secret.is_empty())
}

/// Caches a registration as the AWS CLI writes it (0600, atomic): `clientId`,
/// `clientSecret`, `expiresAt`, then `scopes` when any were registered and
/// `grantTypes` for the authorization-code flow.
pub fn save_registration(path: &Path, reg: &Registration) -> Result<()> {
    let mut body = json!({
        "clientId": reg.client_id,
        "clientSecret": reg.client_secret,
        "expiresAt": format_time(reg.expires_at),
    });
    if let Some(scopes) = &reg.scopes {
        body["scopes"] = json!(scopes);
    }
    if !reg.grant_types.is_empty() {
        body["grantTypes"] = json!(reg.grant_types);
    }
    fsutil::write_cache(path, body.to_string().as_bytes())
}

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

/// A registered OIDC client.
#[derive(Clone, PartialEq, Eq)]
pub struct Registration {
    pub client_id: String,
    pub client_secret: String,
    pub expires_at: OffsetDateTime,
    pub grant_types: Vec<String>,
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
    pub verification_uri_complete: String,
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

    /// RegisterClient for the given grants.
    pub fn register(&self, session: &SsoSession, grants: &[&str]) -> Result<Registration> {
        let mut body = json!({
            "clientName": format!("ssoenv-{}", OffsetDateTime::now_utc().unix_timestamp()),
            "clientType": "public",
        });
        if !grants.is_empty() {
            body["grantTypes"] = json!(grants);
            body["scopes"] = json!(session.scopes);
            body["issuerUrl"] = json!(session.start_url);
        }
        if grants.contains(&GRANT_AUTH_CODE) {
            body["redirectUris"] = json!([REGISTERED_REDIRECT]);
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
            verification_uri_complete: s("verificationUriComplete")
                .unwrap_or_else(|| verification_uri.clone()),
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

/// Where the AWS CLI caches the client registration of a session.
pub fn registration_path(dir: &Path, session: &SsoSession) -> PathBuf {
    dir.join(format!("{}.json", token_cache::registration_key(session)))
}

/// A cached registration usable for `grant` with more than 15 minutes left.
pub fn cached_registration(path: &Path, grant: &str, now: OffsetDateTime) -> Option<Registration> {
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
    let fits = if grant == GRANT_DEVICE {
        grant_types.is_empty() || grant_types.iter().any(|g| g == GRANT_DEVICE)
    } else {
        grant_types.iter().any(|g| g == grant)
    };
    (fits && (expires_at - now).whole_seconds() > 15 * 60)
        .then(|| Registration {
            client_id: s("clientId").unwrap_or_default(),
            client_secret: s("clientSecret").unwrap_or_default(),
            expires_at,
            grant_types,
        })
        .filter(|r| !r.client_id.is_empty() && !r.client_secret.is_empty())
}

/// Caches a registration in the AWS CLI's format (0600, atomic).
pub fn save_registration(path: &Path, reg: &Registration, session: &SsoSession) -> Result<()> {
    let body = json!({
        "clientId": reg.client_id,
        "clientSecret": reg.client_secret,
        "expiresAt": format_time(reg.expires_at),
        "scopes": session.scopes,
        "grantTypes": reg.grant_types,
    });
    fsutil::write_cache(path, body.to_string().as_bytes())
}

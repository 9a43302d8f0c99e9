//! The SSO token cache shared with the AWS CLI, botocore and aws-sso-util:
//! `~/.aws/sso/cache/<sha1>.json`, same file names, keys and time format.
//! Read leniently (only `accessToken` and `expiresAt` are required, several
//! timestamp spellings accepted, unknown keys kept); written atomically, 0600.

/// The formats this cache shares with the role-credential cache (re-exported
/// for the tests and tools that know them by this path).
pub use crate::cache_format::{format_time, parse_time, sha1_hex};
use crate::config::profile::SsoSession;
use crate::env::Env;
use crate::error::Result;
use crate::fsutil;
use crate::pyjson;
use serde_json::{Map, Value};
use std::fmt;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// One cached SSO access token, with the client registration that refreshes it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    pub start_url: Option<String>,
    pub region: Option<String>,
    pub access_token: String,
    pub expires_at: OffsetDateTime,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub registration_expires_at: Option<OffsetDateTime>,
    pub refresh_token: Option<String>,
    /// Keys other tools wrote that ssoenv does not use, kept on rewrite.
    pub extra: Map<String, Value>,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the token, the refresh token or the client secret.
        f.debug_struct("Token")
            .field("start_url", &self.start_url)
            .field("region", &self.region)
            .field("expires_at", &self.expires_at)
            .field("client_id", &self.client_id)
            .field("registration_expires_at", &self.registration_expires_at)
            .field("has_refresh_token", &self.refresh_token.is_some())
            .finish_non_exhaustive()
    }
}

impl Token {
    /// Seconds left before the token expires (negative once it has).
    pub fn seconds_left(&self, now: OffsetDateTime) -> i64 {
        (self.expires_at - now).whole_seconds()
    }

    /// Whether the token can be refreshed without a browser: a refresh token
    /// and a client registration that has not expired.
    pub fn refreshable(&self, now: OffsetDateTime) -> bool {
        self.refresh_token.is_some()
            && self.client_id.is_some()
            && self.client_secret.is_some()
            && self.registration_expires_at.is_some_and(|t| t > now)
    }

    /// The JSON the AWS CLI writes, keys in its order, then any kept extras.
    pub fn to_json(&self) -> String {
        let mut map = Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                map.insert(k.to_string(), v);
            }
        };
        put("startUrl", self.start_url.clone().map(Value::String));
        put("region", self.region.clone().map(Value::String));
        put(
            "accessToken",
            Some(Value::String(self.access_token.clone())),
        );
        put(
            "expiresAt",
            Some(Value::String(format_time(self.expires_at))),
        );
        put("clientId", self.client_id.clone().map(Value::String));
        put(
            "clientSecret",
            self.client_secret.clone().map(Value::String),
        );
        put(
            "registrationExpiresAt",
            self.registration_expires_at
                .map(|t| Value::String(format_time(t))),
        );
        put(
            "refreshToken",
            self.refresh_token.clone().map(Value::String),
        );
        for (k, v) in &self.extra {
            map.entry(k.clone()).or_insert_with(|| v.clone());
        }
        serde_json::to_string(&Value::Object(map)).unwrap_or_default()
    }

    /// Reads a token from cache-file JSON.
    pub fn from_json(text: &str) -> std::result::Result<Token, String> {
        let Value::Object(mut map) =
            serde_json::from_str::<Value>(text).map_err(|e| format!("not JSON ({e})"))?
        else {
            return Err("not a JSON object".into());
        };
        let mut take_str = |k: &str| match map.remove(k) {
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                map.insert(k.to_string(), other);
                None
            }
            None => None,
        };
        let access_token = take_str("accessToken")
            .filter(|t| !t.is_empty())
            .ok_or("it has no accessToken")?;
        let expires_raw = take_str("expiresAt").ok_or("it has no expiresAt")?;
        let expires_at = parse_time(&expires_raw)
            .ok_or_else(|| format!("its expiresAt {expires_raw:?} is not a timestamp"))?;
        let start_url = take_str("startUrl");
        let region = take_str("region");
        let client_id = take_str("clientId");
        let client_secret = take_str("clientSecret");
        let registration_expires_at =
            take_str("registrationExpiresAt").and_then(|t| parse_time(&t));
        let refresh_token = take_str("refreshToken");
        Ok(Token {
            start_url,
            region,
            access_token,
            expires_at,
            client_id,
            client_secret,
            registration_expires_at,
            refresh_token,
            extra: map,
        })
    }
}

/// `~/.aws/sso/cache`.
pub fn cache_dir(env: &Env) -> Option<PathBuf> {
    env.home().map(|h| h.join(".aws").join("sso").join("cache"))
}

/// The token file of a session: sha1 of the sso-session name, or of the start
/// URL exactly as written for legacy profiles.
pub fn token_path(dir: &Path, session: &SsoSession) -> PathBuf {
    let key = session.name.as_deref().unwrap_or(&session.start_url);
    dir.join(format!("{}.json", sha1_hex(key)))
}

/// The AWS CLI's key for a cached client registration: sha1 of
/// `json.dumps({"region", "scopes", "session_name", "startUrl", "tool": "botocore"}, sort_keys=True)`,
/// with the start URL as configured, the region the sign-in goes to, and
/// nothing defaulted: scopes that are not configured and the session name of
/// a legacy profile are `null`.
pub fn registration_key(session: &SsoSession, region: &str) -> String {
    let args = serde_json::json!({
        "region": region,
        "scopes": session.scopes,
        "session_name": session.name,
        "startUrl": session.start_url,
        "tool": "botocore",
    });
    sha1_hex(&pyjson::dumps(&args, true, pyjson::Separators::Default))
}

/// Reads a token file: `Ok(None)` when there is none, an error naming the file
/// when it is there but unusable.
pub fn read(path: &Path) -> Result<Option<Token>> {
    fsutil::read_cache(path, "token cache", Token::from_json)
}

/// Writes a token file atomically (0600 in a 0700 folder).
pub fn write(path: &Path, token: &Token) -> Result<()> {
    fsutil::write_cache(path, token.to_json().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(name: Option<&str>, url: &str) -> SsoSession {
        SsoSession {
            name: name.map(str::to_string),
            start_url: url.into(),
            region: "us-east-1".into(),
            scopes: None,
            login_flow: None,
        }
    }

    #[test]
    fn file_names_follow_the_aws_cli() {
        let dir = Path::new("/c");
        assert_eq!(
            token_path(dir, &session(Some("admin"), "https://x")),
            Path::new("/c/d033e22ae348aeb5660fc2140aec35850c4da997.json")
        );
        assert_eq!(
            token_path(dir, &session(None, "https://d-abc123.awsapps.com/start")),
            Path::new("/c/40a89917e3175433e361b710a9d43528d7f1890a.json")
        );
    }

    #[test]
    fn reads_leniently_and_keeps_unknown_keys() {
        let t = Token::from_json(
            r#"{"accessToken":"tok","expiresAt":"2026-11-22T10:00:00.123Z","registrationExpiresAt":"junk","x":1}"#,
        )
        .unwrap();
        assert_eq!(format_time(t.expires_at), "2026-11-22T10:00:00Z");
        assert_eq!(t.registration_expires_at, None);
        assert!(t.to_json().contains(r#""x":1"#));
        for spelling in [
            "2026-11-22T10:00:00Z",
            "2026-11-22T10:00:00UTC",
            "2026-11-22 10:00:00",
            "2026-11-22T11:00:00+01:00",
        ] {
            let got = parse_time(spelling).map(format_time);
            assert_eq!(got.as_deref(), Some("2026-11-22T10:00:00Z"), "{spelling}");
        }
        assert!(Token::from_json(r#"{"expiresAt":"2026-11-22T10:00:00Z"}"#).is_err());
        assert!(Token::from_json("[]").is_err());
    }

    #[test]
    fn debug_never_shows_secrets() {
        let t = Token::from_json(
            r#"{"accessToken":"SECRET-A","refreshToken":"SECRET-R","clientSecret":"SECRET-C","expiresAt":"2026-11-22T10:00:00Z"}"#,
        )
        .unwrap();
        assert!(!format!("{t:?}").contains("SECRET"));
    }
}

//! The role-credential cache shared with the AWS CLI: `~/.aws/cli/cache/<key>.json`,
//! keyed and shaped exactly as botocore's `SSOCredentialFetcher` and
//! `AssumeRoleCredentialFetcher` do it, so credentials either tool fetched are
//! reused by the other. Read leniently (either time spelling, optional session
//! token and account); written atomically, 0600.

use crate::cache_format::{format_time, parse_time, sha1_hex};
use crate::config::profile::{AssumeRole, SsoRole};
use crate::env::Env;
use crate::error::Result;
use crate::fsutil;
use crate::pyjson::{self, Separators};
use serde_json::{Map, Value, json};
use std::fmt;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// botocore's `CachedCredentialFetcher.DEFAULT_EXPIRY_WINDOW_SECONDS`: an entry
/// with less time left than this is fetched again.
pub const EXPIRY_WINDOW_SECS: i64 = 15 * 60;

/// `~/.aws/cli/cache` (the AWS CLI's `CACHE_DIR`, fixed under the home folder).
pub fn cache_dir(env: &Env) -> Option<PathBuf> {
    env.home().map(|h| h.join(".aws").join("cli").join("cache"))
}

/// The file of a cache key in `dir`.
pub fn cache_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.json"))
}

/// `SSOCredentialFetcher._create_cache_key`: sha1 of the minified, sorted JSON
/// of `accountId`, `roleName` and `sessionName` (or `startUrl` for a legacy
/// profile, or when the sso-session name is empty, as botocore tests it for truth).
pub fn sso_key(role: &SsoRole) -> String {
    let mut args = Map::new();
    args.insert("roleName".into(), json!(role.role_name));
    args.insert("accountId".into(), json!(role.account_id));
    match role.session.name.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => args.insert("sessionName".into(), json!(name)),
        None => args.insert("startUrl".into(), json!(role.session.start_url)),
    };
    hashed_key(&Value::Object(args), Separators::Minified)
}

/// `AssumeRoleCredentialFetcher._create_cache_key`: sha1 of
/// `json.dumps(args, sort_keys=True)` (default separators) of the `AssumeRole`
/// arguments the AWS CLI builds from the profile. An empty `role_session_name`
/// makes botocore generate one, which it leaves out of the key.
pub fn assume_role_key(role: &AssumeRole) -> String {
    let mut args = Map::new();
    args.insert("RoleArn".into(), json!(role.role_arn));
    if let Some(name) = role.role_session_name.as_deref().filter(|n| !n.is_empty()) {
        args.insert("RoleSessionName".into(), json!(name));
    }
    if let Some(external_id) = &role.external_id {
        args.insert("ExternalId".into(), json!(external_id));
    }
    if let Some(serial) = &role.mfa_serial {
        args.insert("SerialNumber".into(), json!(serial));
    }
    if let Some(seconds) = role.duration_seconds {
        args.insert("DurationSeconds".into(), json!(seconds));
    }
    hashed_key(&Value::Object(args), Separators::Default)
}

/// sha1 of Python's JSON of `args`, made file-name safe by botocore's
/// `_make_file_safe` (`:` and `/` → `_`), which it applies to the hex digest and
/// which therefore never changes anything; kept so the two stay in step.
fn hashed_key(args: &Value, separators: Separators) -> String {
    let text = pyjson::dumps(args, true, separators);
    sha1_hex(&text).replace([':', '/'], "_")
}

/// Credentials for one role, as cached.
#[derive(Clone, PartialEq, Eq)]
pub struct CachedCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    pub expiration: OffsetDateTime,
    pub account_id: Option<String>,
    /// `"sso"` for SSO role credentials; `None` for assume-role (the STS response shape).
    pub provider_type: Option<String>,
}

impl fmt::Debug for CachedCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secret key or session token; the key ID only as `aws
        // configure list` shows it, by its last four characters.
        let tail: String = {
            let chars: Vec<char> = self.access_key_id.chars().collect();
            chars[chars.len().saturating_sub(4)..].iter().collect()
        };
        f.debug_struct("CachedCredentials")
            .field("access_key_id", &format_args!("****{tail}"))
            .field("has_session_token", &self.session_token.is_some())
            .field("expiration", &self.expiration)
            .field("account_id", &self.account_id)
            .field("provider_type", &self.provider_type)
            .finish_non_exhaustive()
    }
}

impl CachedCredentials {
    /// Whether the credentials have at least `min_ttl_secs` left at `now`
    /// (botocore refetches when fewer than [`EXPIRY_WINDOW_SECS`] remain).
    pub fn usable(&self, now: OffsetDateTime, min_ttl_secs: i64) -> bool {
        self.expiration - now >= time::Duration::seconds(min_ttl_secs)
    }

    /// Seconds left before the credentials expire (negative once they have).
    pub fn seconds_left(&self, now: OffsetDateTime) -> i64 {
        (self.expiration - now).whole_seconds()
    }

    /// The bytes the AWS CLI writes for these credentials (`json.dumps` with its
    /// default separators). SSO: `{"ProviderType": "sso", "Credentials": {…,
    /// "Expiration": "YYYY-MM-DDTHH:MM:SSZ", "AccountId": …}}`. Assume-role: the
    /// `Credentials` of the STS response, whose datetime botocore serialises
    /// with `%Y-%m-%dT%H:%M:%S%Z`, i.e. `…:SSUTC`. A missing session token is
    /// written as `null`, because botocore indexes `SessionToken` unconditionally.
    pub fn to_json(&self) -> String {
        let expiration = match self.provider_type.as_deref() {
            Some("sso") => format_time(self.expiration),
            _ => format!("{}UTC", format_time(self.expiration).trim_end_matches('Z')),
        };
        let mut creds = Map::new();
        creds.insert("AccessKeyId".into(), json!(self.access_key_id));
        creds.insert("SecretAccessKey".into(), json!(self.secret_access_key));
        creds.insert("SessionToken".into(), json!(self.session_token));
        creds.insert("Expiration".into(), json!(expiration));
        if let Some(account) = &self.account_id {
            creds.insert("AccountId".into(), json!(account));
        }
        let mut top = Map::new();
        if let Some(provider) = &self.provider_type {
            top.insert("ProviderType".into(), json!(provider));
        }
        top.insert("Credentials".into(), Value::Object(creds));
        pyjson::dumps(&Value::Object(top), false, Separators::Default)
    }

    /// Reads either shape. Required: `Credentials` with non-empty
    /// `AccessKeyId` and `SecretAccessKey` and a parseable `Expiration`; the
    /// account comes from `Credentials.AccountId`, else from
    /// `AssumedRoleUser.Arn` (older botocore did not copy it).
    pub fn from_json(text: &str) -> std::result::Result<Self, String> {
        let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
        let top = value.as_object().ok_or("not a JSON object")?;
        let creds = top
            .get("Credentials")
            .and_then(Value::as_object)
            .ok_or("it has no Credentials object")?;
        let text_of = |map: &Map<String, Value>, key: &str| {
            map.get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let access_key_id = text_of(creds, "AccessKeyId").ok_or("it has no AccessKeyId")?;
        let secret_access_key =
            text_of(creds, "SecretAccessKey").ok_or("it has no SecretAccessKey")?;
        let raw = creds
            .get("Expiration")
            .and_then(Value::as_str)
            .ok_or("it has no Expiration")?;
        let expiration =
            parse_time(raw).ok_or_else(|| format!("its Expiration {raw:?} is not a timestamp"))?;
        let account_id = text_of(creds, "AccountId").or_else(|| {
            top.get("AssumedRoleUser")
                .and_then(Value::as_object)
                .and_then(|user| text_of(user, "Arn"))
                .and_then(|arn| account_of_arn(&arn))
        });
        Ok(CachedCredentials {
            access_key_id,
            secret_access_key,
            session_token: text_of(creds, "SessionToken"),
            expiration,
            account_id,
            provider_type: text_of(top, "ProviderType"),
        })
    }
}

/// The account field of an ARN (`arn:partition:service:region:account:resource`).
fn account_of_arn(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, _, _, account, _] if !account.is_empty() => Some(account.to_string()),
        _ => None,
    }
}

/// Reads a cache file: `Ok(None)` when there is none, `Error::CacheCorrupt`
/// naming the file when it is there but unusable.
pub fn read(path: &Path) -> Result<Option<CachedCredentials>> {
    fsutil::read_cache(path, "role credential cache", CachedCredentials::from_json)
}

/// Writes a cache file atomically (0600 in a 0700 folder).
pub fn write(path: &Path, creds: &CachedCredentials) -> Result<()> {
    fsutil::write_cache(path, creds.to_json().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::profile::{RoleSource, SsoSession};
    use time::macros::datetime;

    fn sso_role(session: Option<&str>) -> SsoRole {
        SsoRole {
            account_id: "1234567890".into(),
            role_name: "test-role".into(),
            session: SsoSession {
                name: session.map(str::to_string),
                start_url: "https://d-92671207e4.awsapps.com/start".into(),
                region: "us-east-1".into(),
                scopes: None,
                login_flow: None,
            },
        }
    }

    fn assume(arn: &str) -> AssumeRole {
        AssumeRole {
            role_arn: arn.into(),
            source: RoleSource::Environment,
            role_session_name: None,
            external_id: None,
            mfa_serial: None,
            duration_seconds: None,
        }
    }

    fn creds(provider: Option<&str>) -> CachedCredentials {
        CachedCredentials {
            access_key_id: "ASIAEXAMPLEKEY1234".into(),
            secret_access_key: "SECRET-KEY".into(),
            session_token: Some("SECRET-TOKEN".into()),
            expiration: datetime!(2030-01-02 03:04:05 UTC),
            account_id: Some("123456789012".into()),
            provider_type: provider.map(str::to_string),
        }
    }

    #[test]
    fn key_vectors_from_aws_facts() {
        assert_eq!(
            sso_key(&sso_role(None)),
            "048db75bbe50955c16af7aba6ff9c41a3131bb7e"
        );
        assert_eq!(
            assume_role_key(&assume("myrole")),
            "793d6e2f27667ab2da104824407e486bfec24a47"
        );
    }

    #[test]
    fn key_inputs() {
        // The session name replaces the start URL; an empty one does not.
        assert_eq!(
            sso_key(&sso_role(Some("corp"))),
            sha1_hex(r#"{"accountId":"1234567890","roleName":"test-role","sessionName":"corp"}"#)
        );
        assert_eq!(sso_key(&sso_role(Some(""))), sso_key(&sso_role(None)));
        let role = AssumeRole {
            role_session_name: Some("sé".into()),
            external_id: Some("x".into()),
            mfa_serial: Some("arn:aws:iam::1:mfa/u".into()),
            duration_seconds: Some(3600),
            ..assume("arn:aws:iam::1:role/r")
        };
        assert_eq!(
            assume_role_key(&role),
            sha1_hex(
                r#"{"DurationSeconds": 3600, "ExternalId": "x", "RoleArn": "arn:aws:iam::1:role/r", "RoleSessionName": "s\u00e9", "SerialNumber": "arn:aws:iam::1:mfa/u"}"#
            )
        );
        let unnamed = AssumeRole {
            role_session_name: Some(String::new()),
            ..assume("myrole")
        };
        assert_eq!(
            assume_role_key(&unnamed),
            assume_role_key(&assume("myrole"))
        );
    }

    #[test]
    fn writes_the_aws_cli_shapes() {
        assert_eq!(
            creds(Some("sso")).to_json(),
            r#"{"ProviderType": "sso", "Credentials": {"AccessKeyId": "ASIAEXAMPLEKEY1234", "SecretAccessKey": "SECRET-KEY", "SessionToken": "SECRET-TOKEN", "Expiration": "2030-01-02T03:04:05Z", "AccountId": "123456789012"}}"#
        );
        let assumed = CachedCredentials {
            session_token: None,
            account_id: None,
            ..creds(None)
        };
        assert_eq!(
            assumed.to_json(),
            r#"{"Credentials": {"AccessKeyId": "ASIAEXAMPLEKEY1234", "SecretAccessKey": "SECRET-KEY", "SessionToken": null, "Expiration": "2030-01-02T03:04:05UTC"}}"#
        );
        for c in [creds(Some("sso")), creds(None), assumed] {
            assert_eq!(CachedCredentials::from_json(&c.to_json()).unwrap(), c);
        }
    }

    #[test]
    fn reads_leniently() {
        let sts = r#"{"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "S", "SessionToken": "T",
            "Expiration": "2030-01-02T03:04:05.123+00:00"},
            "AssumedRoleUser": {"AssumedRoleId": "AROA:x", "Arn": "arn:aws:sts::210987654321:assumed-role/r/x"},
            "ResponseMetadata": {"HTTPStatusCode": 200}}"#;
        let c = CachedCredentials::from_json(sts).unwrap();
        assert_eq!(format_time(c.expiration), "2030-01-02T03:04:05Z");
        assert_eq!(c.account_id.as_deref(), Some("210987654321"));
        assert_eq!(c.provider_type, None);
        for bad in [
            "",
            "[]",
            r#"{"Credentials": 1}"#,
            r#"{"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "S"}}"#,
            r#"{"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "soon"}}"#,
            r#"{"Credentials": {"AccessKeyId": "", "SecretAccessKey": "S", "Expiration": "2030-01-02T03:04:05Z"}}"#,
            r#"{"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": 1893553445}}"#,
        ] {
            assert!(CachedCredentials::from_json(bad).is_err(), "{bad}");
        }
        assert_eq!(account_of_arn("arn:aws:iam::1:role/a:b"), Some("1".into()));
        assert_eq!(account_of_arn("arn:aws:iam:::role/a"), None);
    }

    #[test]
    fn usable_until_the_window() {
        let c = creds(Some("sso"));
        let exp = c.expiration;
        let window = time::Duration::seconds(EXPIRY_WINDOW_SECS);
        assert!(c.usable(exp - window, EXPIRY_WINDOW_SECS));
        assert!(!c.usable(
            exp - window + time::Duration::milliseconds(1),
            EXPIRY_WINDOW_SECS
        ));
        assert!(c.usable(exp, 0));
        assert!(!c.usable(exp + time::Duration::seconds(1), 0));
        assert_eq!(c.seconds_left(exp - window), EXPIRY_WINDOW_SECS);
    }

    #[test]
    fn debug_never_shows_secrets() {
        let text = format!("{:?}", creds(Some("sso")));
        assert!(!text.contains("SECRET"), "{text}");
        assert!(!text.contains("ASIAEXAMPLE"), "{text}");
        assert!(text.contains("****1234"), "{text}");
    }

    #[test]
    fn files_round_trip_and_corrupt_ones_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = cache_path(&dir.path().join("cli/cache"), "k");
        assert!(read(&path).unwrap().is_none());
        write(&path, &creds(Some("sso"))).unwrap();
        assert_eq!(read(&path).unwrap(), Some(creds(Some("sso"))));
        for bytes in [&b"{\"Credentials\": "[..], &b"\xff\xfe"[..]] {
            std::fs::write(&path, bytes).unwrap();
            let err = read(&path).unwrap_err();
            assert!(
                matches!(err, crate::error::Error::CacheCorrupt { .. }),
                "{err}"
            );
            assert!(err.to_string().contains("k.json"), "{err}");
        }
    }

    #[test]
    fn lives_under_the_aws_cli_folder() {
        let env = Env::from_pairs([("HOME", "/h")]);
        assert_eq!(cache_dir(&env), Some(PathBuf::from("/h/.aws/cli/cache")));
        assert_eq!(cache_path(Path::new("/c"), "ab"), Path::new("/c/ab.json"));
    }
}

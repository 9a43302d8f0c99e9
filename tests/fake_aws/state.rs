//! Everything the fake AWS remembers between requests: its settings, the account directory,
//! the OIDC clients, device and authorization codes, tokens and keys it issued, the faults
//! waiting to fire and the request log. Handlers lock it briefly and never across an await.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::faults::FaultSlot;
use super::util::{self, BASE64, BASE64URL, UPPER_ALNUM, now_ms};

/// Knobs a test can turn, over the Rust API or `POST /_fake/config` (camelCase JSON, any
/// subset of the keys).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Config {
    /// Delay before every AWS request is answered (control requests are never delayed).
    pub latency_ms: u64,
    /// Lifetime of every credential the fake issues. `None` is what AWS does: one hour for
    /// GetRoleCredentials, `DurationSeconds` for AssumeRole.
    pub credential_lifetime_secs: Option<u64>,
    /// `expiresIn` of access tokens from CreateToken.
    pub token_lifetime_secs: u64,
    /// `expiresIn` of device codes from StartDeviceAuthorization.
    pub device_code_lifetime_secs: u64,
    /// `interval` of StartDeviceAuthorization (AWS says 5; tests want 1).
    pub interval_secs: u64,
    /// Answer SlowDownException when a device code is polled faster than `interval`.
    pub slow_down: bool,
    /// The user refuses: `/device` denies, `/authorize` redirects with `error=access_denied`.
    pub deny: bool,
    /// Device codes are approved as soon as they are issued (no browser step needed).
    pub auto_approve: bool,
    /// Name of the signed-in user; appears in the ARNs of SSO role credentials.
    pub user: String,
    /// How far `X-Amz-Date` may be from the fake's clock.
    pub max_clock_skew_secs: u64,
    /// A company's own start URL (`/start` on the fake, any method): the `Location` it
    /// redirects to with a 302, or `None` to answer 200 with a page.
    pub custom_domain_redirect: Option<String>,
    /// Whether `/start` answers HEAD; without, HEAD gets 405 and only GET redirects.
    pub custom_domain_head: bool,
    /// Characters of random text in each access token issued (AWS's vary in length).
    pub access_token_len: usize,
    /// Rate limits by operation (`ListAccountRoles`, `GetRoleCredentials`, …): beyond
    /// them, requests get the service's throttling answer, as IAM Identity Center
    /// throttles a user's portal calls.
    pub rate_limits: BTreeMap<String, RateLimit>,
}

/// A token bucket: `burst` requests at once, refilled at `per_second`. A request
/// that finds it empty is throttled (and uses up nothing).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RateLimit {
    /// Requests a second, sustained.
    pub per_second: u32,
    /// The bucket's size: requests that may come at once after a quiet spell
    /// (0 counts as 1).
    pub burst: u32,
    /// Whether a throttled answer says when to come back (`Retry-After`, whole
    /// seconds until the bucket holds a request again, at least 1).
    #[serde(default)]
    pub retry_after: bool,
}

/// A bucket's level and when it was last filled.
#[derive(Clone, Copy, Debug)]
pub struct Bucket {
    pub tokens: f64,
    pub filled_at: Instant,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            latency_ms: 0,
            credential_lifetime_secs: None,
            token_lifetime_secs: 3600,
            device_code_lifetime_secs: 600,
            interval_secs: 1,
            slow_down: true,
            deny: false,
            auto_approve: false,
            user: "test-user".to_string(),
            access_token_len: 160,
            max_clock_skew_secs: 300,
            custom_domain_redirect: None,
            custom_domain_head: true,
            rate_limits: BTreeMap::new(),
        }
    }
}

/// One AWS account in the directory the SSO portal shows, with the permission sets (role
/// names) the signed-in user may use in it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub account_id: String,
    pub account_name: String,
    #[serde(default)]
    pub email_address: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

impl Account {
    pub fn new(id: &str, name: &str, roles: &[&str]) -> Account {
        Account {
            account_id: id.to_string(),
            account_name: name.to_string(),
            email_address: format!("aws+{name}@example.com"),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        }
    }
}

/// 111111111111 dev, 222222222222 staging, 333333333333 prod; each with
/// AdministratorAccess and ReadOnly.
pub fn default_accounts() -> Vec<Account> {
    let roles = ["AdministratorAccess", "ReadOnly"];
    vec![
        Account::new("111111111111", "dev", &roles),
        Account::new("222222222222", "staging", &roles),
        Account::new("333333333333", "prod", &roles),
    ]
}

/// `n` accounts `100000000001`… named `account-0001`…, each with roles `Role1`…`Role{m}`.
pub fn generated_accounts(n: usize, m: usize) -> Vec<Account> {
    let roles: Vec<String> = (1..=m).map(|j| format!("Role{j}")).collect();
    (1..=n)
        .map(|i| Account {
            account_id: format!("{:012}", 100_000_000_000u64 + i as u64),
            account_name: format!("account-{i:04}"),
            email_address: format!("aws+account-{i:04}@example.com"),
            roles: roles.clone(),
        })
        .collect()
}

/// Extra conditions on `sts:AssumeRole` for one role ARN.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct RoleRule {
    /// The caller must send exactly this `ExternalId`.
    pub external_id: Option<String>,
    /// The caller must send this `SerialNumber`…
    pub mfa_serial: Option<String>,
    /// …and this `TokenCode`.
    pub mfa_code: Option<String>,
    /// Nobody may assume the role.
    pub deny: bool,
    /// The role's MaxSessionDuration; `None` allows the API maximum (43200).
    pub max_session_duration: Option<u64>,
}

/// A client from RegisterClient.
#[derive(Clone, Debug)]
pub struct Client {
    pub secret: String,
    pub name: String,
    pub grant_types: Vec<String>,
    pub redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
    pub issuer_url: Option<String>,
    pub expires_at_ms: u64,
}

impl Client {
    /// Clients registered without grant types (as the AWS CLI registers for the device
    /// flow) may only use the device flow, and get refresh tokens only with the scope
    /// `sso:account:access`, as with AWS (aws-facts §10).
    pub fn allows(&self, grant: &str) -> bool {
        if self.grant_types.is_empty() {
            grant == GRANT_DEVICE
                || (grant == GRANT_REFRESH && self.scopes.iter().any(|s| s == "sso:account:access"))
        } else {
            self.grant_types.iter().any(|g| g == grant)
        }
    }
}

pub const GRANT_DEVICE: &str = "urn:ietf:params:oauth:grant-type:device_code";
pub const GRANT_CODE: &str = "authorization_code";
pub const GRANT_REFRESH: &str = "refresh_token";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceStatus {
    Pending,
    Approved,
    Denied,
    /// A token was issued; the code cannot be used again.
    Used,
}

/// A device code from StartDeviceAuthorization.
#[derive(Clone, Debug)]
pub struct DeviceAuth {
    pub client_id: String,
    pub user_code: String,
    pub start_url: String,
    pub expires_at_ms: u64,
    pub status: DeviceStatus,
    pub last_poll: Option<Instant>,
}

/// An authorization code handed out by `/authorize`.
#[derive(Clone, Debug)]
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub expires_at_ms: u64,
}

/// An SSO access token (the bearer token of the portal).
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub issued_for: String,
    pub user: String,
    pub expires_at_ms: u64,
    pub revoked: bool,
    pub refresh_token: Option<String>,
}

#[derive(Clone, Debug)]
pub struct RefreshToken {
    pub client_id: String,
    pub issued_for: String,
    pub user: String,
    pub revoked: bool,
}

/// An access key the fake accepts SigV4 signatures from, and whose identity it is.
#[derive(Clone, Debug)]
pub struct Key {
    pub secret: String,
    pub session_token: Option<String>,
    pub expires_at_ms: Option<u64>,
    pub account: String,
    pub arn: String,
    pub user_id: String,
    /// Issued by the fake (GetRoleCredentials / AssumeRole) rather than registered.
    pub temporary: bool,
}

/// A console sign-in token from `getSigninToken`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SigninToken {
    pub token: String,
    /// The temporary credentials it was issued for.
    pub access_key_id: String,
    /// `SessionDuration` as asked for, if it was.
    pub session_duration_secs: Option<u64>,
    /// Until when `Action=login` accepts it.
    pub expires_at_ms: u64,
}

/// One request as it reached the fake, for assertions such as "exactly one
/// GetRoleCredentials". Control requests (`/_fake/…`) are not recorded.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    pub seq: usize,
    pub time_ms: u64,
    pub method: String,
    pub path: String,
    /// Raw query string, without `?`.
    pub query: String,
    pub headers: Vec<(String, String)>,
    /// Body as text (lossy UTF-8).
    pub body: String,
    /// AWS operation name (`CreateToken`, `GetRoleCredentials`, `AssumeRole`, …), `Authorize`
    /// and `VerifyDevice` for the browser pages, `Unknown` otherwise.
    pub operation: String,
    /// HTTP status sent; `None` while pending, for hangs and for closed connections.
    pub status: Option<u16>,
    /// AWS error code sent, e.g. `SignatureDoesNotMatch`, `AuthorizationPendingException`.
    pub error: Option<String>,
    /// The kind of fault injected into this request, if any.
    pub fault: Option<String>,
    /// Diagnostics, e.g. the canonical request the fake computed when a signature failed.
    pub note: Option<String>,
}

impl RequestRecord {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name` in the query string or, for form bodies (STS), the body.
    pub fn param(&self, name: &str) -> Option<String> {
        for text in [&self.query, &self.body] {
            if let Some(pairs) = util::form_pairs(text)
                && let Some(v) = util::param(&pairs, name)
            {
                return Some(v.to_string());
            }
        }
        None
    }

    /// The body parsed as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// What `issue_token` hands back: enough to write an SSO token cache file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct IssuedToken {
    pub access_token: String,
    pub expires_in: u64,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub expires_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_expires_at: Option<String>,
}

impl IssuedToken {
    /// The JSON of `~/.aws/sso/cache/<sha1>.json` holding this token.
    pub fn cache_json(&self, start_url: &str, region: &str) -> String {
        let mut v = serde_json::json!({
            "startUrl": start_url,
            "region": region,
            "accessToken": self.access_token,
            "expiresAt": self.expires_at,
        });
        let extra = [
            ("clientId", &self.client_id),
            ("clientSecret", &self.client_secret),
            ("registrationExpiresAt", &self.registration_expires_at),
            ("refreshToken", &self.refresh_token),
        ];
        for (k, val) in extra {
            if let Some(val) = val {
                v[k] = serde_json::Value::String(val.clone());
            }
        }
        serde_json::to_string_pretty(&v).unwrap_or_default()
    }
}

/// What the fake knows.
#[derive(Debug, Default)]
pub struct State {
    pub config: Config,
    pub accounts: Vec<Account>,
    pub clients: HashMap<String, Client>,
    /// By device code.
    pub devices: HashMap<String, DeviceAuth>,
    pub codes: HashMap<String, AuthCode>,
    pub tokens: HashMap<String, AccessToken>,
    pub refresh_tokens: HashMap<String, RefreshToken>,
    pub keys: HashMap<String, Key>,
    pub role_rules: HashMap<String, RoleRule>,
    /// Console sign-in tokens, oldest first.
    pub signin_tokens: Vec<SigninToken>,
    pub faults: Vec<FaultSlot>,
    pub requests: Vec<RequestRecord>,
    /// `seq` of the next recorded request; survives clearing the log and resets.
    pub next_seq: usize,
    /// AWS requests received and not yet answered (latency and faults included).
    pub in_flight: usize,
    /// The most AWS requests that were in flight at once (see `FakeAws::max_in_flight`).
    pub max_in_flight: usize,
    /// The token buckets of the rate-limited operations, made full on first use.
    pub buckets: HashMap<String, Bucket>,
}

impl State {
    pub fn new() -> State {
        State {
            accounts: default_accounts(),
            ..State::default()
        }
    }

    /// Registers an OIDC client; returns its id.
    pub fn register_client(&mut self, client: Client) -> String {
        let id = util::random_string(BASE64URL, 22);
        self.clients.insert(id.clone(), client);
        id
    }

    /// Issues an access token (and a refresh token bound to `refresh_client`, if given).
    pub fn issue_token(
        &mut self,
        issued_for: &str,
        user: &str,
        lifetime_secs: u64,
        refresh_client: Option<&str>,
    ) -> (String, Option<String>) {
        let access = format!(
            "aoa{}",
            util::random_string(BASE64URL, self.config.access_token_len)
        );
        let refresh = refresh_client.map(|client_id| {
            let rt = format!("aor{}", util::random_string(BASE64URL, 160));
            self.refresh_tokens.insert(
                rt.clone(),
                RefreshToken {
                    client_id: client_id.to_string(),
                    issued_for: issued_for.to_string(),
                    user: user.to_string(),
                    revoked: false,
                },
            );
            rt
        });
        self.tokens.insert(
            access.clone(),
            AccessToken {
                issued_for: issued_for.to_string(),
                user: user.to_string(),
                expires_at_ms: util::ms_after(lifetime_secs),
                revoked: false,
                refresh_token: refresh.clone(),
            },
        );
        (access, refresh)
    }

    /// The token behind a bearer value, if it may still be used.
    pub fn valid_token(&self, token: &str) -> Option<&AccessToken> {
        self.tokens
            .get(token)
            .filter(|t| !t.revoked && now_ms() < t.expires_at_ms)
    }

    /// Issues temporary credentials with the given identity; returns the access key id.
    pub fn issue_key(
        &mut self,
        account: &str,
        arn: String,
        user_id: String,
        lifetime_secs: u64,
    ) -> String {
        let akid = format!(
            "ASIA{}",
            util::random_string(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        );
        let key = Key {
            secret: util::random_string(BASE64, 40),
            session_token: Some(format!(
                "IQoJb3JpZ2luX2VjE{}{}=",
                util::random_string(BASE64, 300),
                util::random_string(UPPER_ALNUM, 3)
            )),
            expires_at_ms: Some(util::ms_after(lifetime_secs)),
            account: account.to_string(),
            arn,
            user_id,
            temporary: true,
        };
        self.keys.insert(akid.clone(), key);
        akid
    }

    /// Takes a request of `operation` out of its bucket. `None` when it may go
    /// ahead (no limit, or the bucket held one); else how long until the bucket
    /// holds one again.
    pub fn take_token(&mut self, operation: &str, now: Instant) -> Option<Duration> {
        let limit = *self.config.rate_limits.get(operation)?;
        let size = f64::from(limit.burst.max(1));
        let rate = f64::from(limit.per_second);
        let bucket = self.buckets.entry(operation.to_string()).or_insert(Bucket {
            tokens: size,
            filled_at: now,
        });
        let since = now
            .saturating_duration_since(bucket.filled_at)
            .as_secs_f64();
        bucket.tokens = (bucket.tokens + since * rate).min(size);
        bucket.filled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return None;
        }
        if rate <= 0.0 {
            return Some(Duration::from_secs(3600));
        }
        Some(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.account_id == id)
    }
}

/// The state behind its lock, plus what never changes after start.
#[derive(Debug)]
pub struct Shared {
    pub base_url: String,
    state: Mutex<State>,
}

impl Shared {
    pub fn new(base_url: String) -> Shared {
        Shared {
            base_url,
            state: Mutex::new(State::new()),
        }
    }

    /// Locks the state. A panic elsewhere never makes the fake unusable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A stable 17-character id for a role, the part after `AROA` in role ids.
pub fn role_id(seed: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(seed.as_bytes());
    digest
        .iter()
        .take(17)
        .map(|b| UPPER_ALNUM[(*b as usize) % UPPER_ALNUM.len()] as char)
        .collect()
}

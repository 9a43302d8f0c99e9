//! The test-side controls of the fake, shared by the Rust API and the `/_fake/…` HTTP routes
//! (JSON in and out) that Python and shell tests use. These requests are never logged,
//! delayed or faulted.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::faults::{Fault, FaultKind, FaultSlot};
use super::server::json;
use super::state::{
    Account, Client, Config, GRANT_CODE, GRANT_REFRESH, IssuedToken, Key, RoleRule, Shared,
    State as FakeState, generated_accounts, role_id,
};
use super::util::{self, iso8601, now_ms};

/// Body of `POST /_fake/tokens`: an access token as if the user had signed in.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct TokenRequest {
    /// What the token is for (a start URL or an sso-session name); only recorded.
    pub start_url: Option<String>,
    /// Same as `start_url`, for callers that think in session names.
    pub session_name: Option<String>,
    /// The signed-in user (default: the configured user).
    pub user: Option<String>,
    /// Seconds until it expires (default: the configured token lifetime); 0 gives a token
    /// that is already expired.
    pub lifetime_secs: Option<u64>,
    /// Also register a client (authorization_code + refresh_token grants) and issue a
    /// refresh token for it, so the token can be refreshed like a browser login's.
    pub refresh: bool,
}

/// Body of `POST /_fake/static-keys`: a long-term access key of an IAM user.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StaticKey {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub account: String,
    pub user: String,
    /// For keys that come with a session token (the token must then be sent).
    #[serde(default)]
    pub session_token: Option<String>,
    /// Expiry, for keys that should stop working.
    #[serde(default)]
    pub expires_in_secs: Option<u64>,
}

/// Body of `POST /_fake/roles`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleRuleRequest {
    pub role_arn: String,
    #[serde(flatten)]
    pub rule: RoleRule,
}

/// Limits of the generator, so a typo cannot eat the machine's memory.
pub const MAX_ACCOUNTS: usize = 100_000;
pub const MAX_ROLES: usize = 1_000;

/// Body of `POST /_fake/accounts/generate`.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generate {
    pub accounts: usize,
    pub roles: usize,
}

/// Body of `POST /_fake/expire`.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Expire {
    /// Every access token issued so far.
    pub tokens: bool,
    /// Every temporary credential issued so far (static keys are kept).
    pub credentials: bool,
}

pub fn issue_token(st: &mut FakeState, req: &TokenRequest) -> IssuedToken {
    let issued_for = req
        .start_url
        .clone()
        .or_else(|| req.session_name.clone())
        .unwrap_or_default();
    let user = req.user.clone().unwrap_or_else(|| st.config.user.clone());
    let lifetime = req.lifetime_secs.unwrap_or(st.config.token_lifetime_secs);
    let client = req.refresh.then(|| {
        let secret = util::random_string(util::BASE64URL, 300);
        let expires_at_ms = now_ms() + 90 * 24 * 3600 * 1000;
        let id = st.register_client(Client {
            secret: secret.clone(),
            name: "fake-aws-issued".to_string(),
            grant_types: vec![GRANT_CODE.to_string(), GRANT_REFRESH.to_string()],
            redirect_uris: vec!["http://127.0.0.1/oauth/callback".to_string()],
            scopes: vec!["sso:account:access".to_string()],
            issuer_url: Some(issued_for.clone()),
            expires_at_ms,
        });
        (id, secret, expires_at_ms)
    });
    let (access, refresh) = st.issue_token(
        &issued_for,
        &user,
        lifetime,
        client.as_ref().map(|c| c.0.as_str()),
    );
    let expires_at_ms = st.tokens[&access].expires_at_ms;
    IssuedToken {
        access_token: access,
        expires_in: lifetime,
        expires_at: iso8601(expires_at_ms),
        refresh_token: refresh,
        client_id: client.as_ref().map(|c| c.0.clone()),
        client_secret: client.as_ref().map(|c| c.1.clone()),
        registration_expires_at: client.as_ref().map(|c| iso8601(c.2)),
    }
}

pub fn add_static_key(st: &mut FakeState, k: StaticKey) -> Result<(), String> {
    if k.account.len() != 12 || !k.account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("account must be 12 digits, not {:?}", k.account));
    }
    if k.access_key_id.is_empty() || k.secret_access_key.is_empty() {
        return Err("accessKeyId and secretAccessKey must not be empty".to_string());
    }
    let key = Key {
        secret: k.secret_access_key,
        session_token: k.session_token,
        expires_at_ms: k.expires_in_secs.map(util::ms_after),
        arn: format!("arn:aws:iam::{}:user/{}", k.account, k.user),
        user_id: format!("AIDA{}", role_id(&k.access_key_id)),
        account: k.account,
        temporary: false,
    };
    st.keys.insert(k.access_key_id, key);
    Ok(())
}

/// Applies a partial configuration (any subset of [`Config`]'s camelCase keys).
pub fn patch_config(st: &mut FakeState, patch: &serde_json::Value) -> Result<Config, String> {
    let serde_json::Value::Object(map) = patch else {
        return Err("expected a JSON object".to_string());
    };
    let mut merged = serde_json::to_value(&st.config).map_err(|e| e.to_string())?;
    for (k, v) in map {
        if merged.get(k).is_none() {
            return Err(format!("unknown config key {k:?}"));
        }
        merged[k] = v.clone();
    }
    let config: Config = serde_json::from_value(merged).map_err(|e| e.to_string())?;
    st.config = config.clone();
    Ok(config)
}

pub fn expire(st: &mut FakeState, what: Expire) {
    let past = now_ms().saturating_sub(1000);
    if what.tokens {
        for t in st.tokens.values_mut() {
            t.expires_at_ms = past;
        }
    }
    if what.credentials {
        for k in st.keys.values_mut().filter(|k| k.temporary) {
            k.expires_at_ms = Some(past);
        }
    }
}

/// Everything back to how a fresh fake starts (sequence numbers keep counting).
pub fn reset(st: &mut FakeState) {
    let next_seq = st.next_seq;
    *st = FakeState::new();
    st.next_seq = next_seq;
}

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/requests", get(requests).delete(clear_requests))
        .route("/signin-tokens", get(signin_tokens))
        .route("/faults", get(faults).post(add_faults).delete(clear_faults))
        .route("/config", get(config).post(set_config))
        .route("/tokens", post(tokens))
        .route("/static-keys", post(static_keys))
        .route("/accounts", get(accounts).post(set_accounts))
        .route("/accounts/generate", post(generate))
        .route("/roles", post(roles))
        .route("/expire", post(expire_route))
        .route("/reset", post(reset_route))
}

fn bad(message: &str) -> Response {
    json(400, &serde_json::json!({ "error": message }))
}

fn ok() -> Response {
    json(200, &serde_json::json!({ "ok": true }))
}

fn to_json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_value(value) {
        Ok(v) => json(200, &v),
        Err(e) => json(500, &serde_json::json!({ "error": e.to_string() })),
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Response> {
    serde_json::from_slice(body).map_err(|e| bad(&format!("bad JSON: {e}")))
}

/// `GET /_fake/requests[?operation=Op]` → `[RequestRecord]`.
async fn requests(State(shared): State<Arc<Shared>>, RawQuery(q): RawQuery) -> Response {
    let pairs = util::form_pairs(q.as_deref().unwrap_or("")).unwrap_or_default();
    let op = util::param(&pairs, "operation");
    let st = shared.lock();
    let list: Vec<_> = st
        .requests
        .iter()
        .filter(|r| op.is_none_or(|o| r.operation == o))
        .collect();
    to_json(&list)
}

/// `GET /_fake/signin-tokens` → `[SigninToken]`, the console sign-in tokens issued.
async fn signin_tokens(State(shared): State<Arc<Shared>>) -> Response {
    to_json(&shared.lock().signin_tokens)
}

/// `DELETE /_fake/requests`.
async fn clear_requests(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock().requests.clear();
    ok()
}

/// `GET /_fake/faults` → `[Fault + {"seen","fired"}]`.
async fn faults(State(shared): State<Arc<Shared>>) -> Response {
    to_json(&shared.lock().faults)
}

/// `POST /_fake/faults` with a `Fault` or `[Fault]`: appended to the rules.
async fn add_faults(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Fault),
        Many(Vec<Fault>),
    }
    let faults = match parse::<OneOrMany>(&body) {
        Ok(OneOrMany::One(f)) => vec![f],
        Ok(OneOrMany::Many(v)) => v,
        Err(r) => return r,
    };
    let bad_status = faults.iter().find_map(|f| match f.kind {
        FaultKind::Respond { status, .. } if !(100..=599).contains(&status) => Some(status),
        _ => None,
    });
    if let Some(status) = bad_status {
        return bad(&format!("status {status} is not an HTTP status"));
    }
    let mut st = shared.lock();
    st.faults.extend(faults.into_iter().map(FaultSlot::new));
    json(200, &serde_json::json!({ "faults": st.faults.len() }))
}

/// `DELETE /_fake/faults`.
async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock().faults.clear();
    ok()
}

/// `GET /_fake/config` → `Config`.
async fn config(State(shared): State<Arc<Shared>>) -> Response {
    to_json(&shared.lock().config)
}

/// `POST /_fake/config` with any subset of `Config` → the whole `Config`.
async fn set_config(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let patch: serde_json::Value = match parse(&body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    match patch_config(&mut shared.lock(), &patch) {
        Ok(c) => to_json(&c),
        Err(e) => bad(&e),
    }
}

/// `POST /_fake/tokens` with `TokenRequest` → `IssuedToken`.
async fn tokens(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let req: TokenRequest = if body.is_empty() {
        TokenRequest::default()
    } else {
        match parse(&body) {
            Ok(r) => r,
            Err(r) => return r,
        }
    };
    to_json(&issue_token(&mut shared.lock(), &req))
}

/// `POST /_fake/static-keys` with `StaticKey` (or a list of them).
async fn static_keys(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(StaticKey),
        Many(Vec<StaticKey>),
    }
    let keys = match parse::<OneOrMany>(&body) {
        Ok(OneOrMany::One(k)) => vec![k],
        Ok(OneOrMany::Many(v)) => v,
        Err(r) => return r,
    };
    let mut st = shared.lock();
    for k in keys {
        if let Err(e) = add_static_key(&mut st, k) {
            return bad(&e);
        }
    }
    ok()
}

/// `GET /_fake/accounts` → `[Account]`.
async fn accounts(State(shared): State<Arc<Shared>>) -> Response {
    to_json(&shared.lock().accounts)
}

/// `POST /_fake/accounts` with `[Account]`: replaces the directory.
async fn set_accounts(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match parse::<Vec<Account>>(&body) {
        Ok(list) => {
            shared.lock().accounts = list;
            ok()
        }
        Err(r) => r,
    }
}

/// `POST /_fake/accounts/generate` with `{"accounts": N, "roles": M}`.
async fn generate(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match parse::<Generate>(&body) {
        Ok(g) if g.accounts > MAX_ACCOUNTS || g.roles > MAX_ROLES => bad(&format!(
            "at most {MAX_ACCOUNTS} accounts and {MAX_ROLES} roles per account"
        )),
        Ok(g) => {
            shared.lock().accounts = generated_accounts(g.accounts, g.roles);
            ok()
        }
        Err(r) => r,
    }
}

/// `POST /_fake/roles` with `{"roleArn", "externalId"?, "mfaSerial"?, "mfaCode"?, "deny"?,
/// "maxSessionDuration"?}`.
async fn roles(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match parse::<RoleRuleRequest>(&body) {
        Ok(r) => {
            shared.lock().role_rules.insert(r.role_arn, r.rule);
            ok()
        }
        Err(r) => r,
    }
}

/// `POST /_fake/expire` with `{"tokens": bool, "credentials": bool}`.
async fn expire_route(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    match parse::<Expire>(&body) {
        Ok(what) => {
            expire(&mut shared.lock(), what);
            ok()
        }
        Err(r) => r,
    }
}

/// `POST /_fake/reset`.
async fn reset_route(State(shared): State<Arc<Shared>>) -> Response {
    reset(&mut shared.lock());
    ok()
}

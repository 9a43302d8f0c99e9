//! The SSO portal as AWS serves it: GetRoleCredentials, ListAccounts and ListAccountRoles
//! (paginated) and Logout, authenticated by the `x-amz-sso_bearer_token` header.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::server::{json, portal_error};
use super::state::{AccessToken, Shared, State as FakeState, role_id};
use super::util;

pub const BEARER_HEADER: &str = "x-amz-sso_bearer_token";
const DEFAULT_PAGE: usize = 20;
const MAX_PAGE: usize = 100;
/// GetRoleCredentials lifetime when none is configured: a permission set's default hour.
pub const DEFAULT_ROLE_CREDENTIAL_SECS: u64 = 3600;

fn unauthorized() -> Response {
    portal_error(
        401,
        "UnauthorizedException",
        "Session token not found or invalid",
    )
}

fn invalid(message: &str) -> Response {
    portal_error(400, "InvalidRequestException", message)
}

/// The token the request carries, if it may still be used.
fn token(st: &FakeState, headers: &HeaderMap) -> Result<AccessToken, Response> {
    headers
        .get(BEARER_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|t| st.valid_token(t))
        .cloned()
        .ok_or_else(unauthorized)
}

fn query_pairs(query: &Option<String>) -> Result<Vec<(String, String)>, Response> {
    util::form_pairs(query.as_deref().unwrap_or(""))
        .ok_or_else(|| invalid("The query string is malformed"))
}

/// Reads `next_token` and `max_result`: the page's first index and size.
fn page(pairs: &[(String, String)]) -> Result<(usize, usize), Response> {
    let size = match util::param(pairs, "max_result") {
        None => DEFAULT_PAGE,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
            _ => {
                return Err(invalid(&format!(
                    "1 validation error detected: Value '{v}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and {MAX_PAGE}"
                )));
            }
        },
    };
    let start = match util::param(pairs, "next_token") {
        None | Some("") => 0,
        Some(t) => t
            .strip_prefix("page-")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| invalid("Invalid next token"))?,
    };
    Ok((start, size))
}

/// The next page's token, when there is one.
fn next_token(start: usize, size: usize, total: usize) -> Option<String> {
    let next = start.saturating_add(size);
    (next < total).then(|| format!("page-{next}"))
}

/// `GET /federation/credentials?role_name=…&account_id=…`.
pub async fn get_role_credentials(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs = match query_pairs(&query) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut st = shared.lock();
    let token = match token(&st, &headers) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let (Some(role), Some(account)) = (
        util::param(&pairs, "role_name").filter(|v| !v.is_empty()),
        util::param(&pairs, "account_id").filter(|v| !v.is_empty()),
    ) else {
        return invalid("role_name and account_id are required");
    };
    let assigned = st
        .account(account)
        .is_some_and(|a| a.roles.iter().any(|r| r == role));
    if !assigned {
        return portal_error(403, "ForbiddenException", "No access");
    }
    let lifetime = st
        .config
        .credential_lifetime_secs
        .unwrap_or(DEFAULT_ROLE_CREDENTIAL_SECS);
    let user = token.user;
    let arn = format!("arn:aws:sts::{account}:assumed-role/AWSReservedSSO_{role}_abc123/{user}");
    let user_id = format!("AROA{}:{user}", role_id(&format!("{account}/{role}")));
    let akid = st.issue_key(account, arn, user_id, lifetime);
    let key = &st.keys[&akid];
    json(
        200,
        &serde_json::json!({
            "roleCredentials": {
                "accessKeyId": akid,
                "secretAccessKey": key.secret,
                "sessionToken": key.session_token,
                "expiration": key.expires_at_ms,
            }
        }),
    )
}

/// `GET /assignment/accounts?next_token=…&max_result=…`.
pub async fn list_accounts(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let st = shared.lock();
    if let Err(r) = token(&st, &headers) {
        return r;
    }
    let (start, size) = match query_pairs(&query).and_then(|p| page(&p)) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let list: Vec<serde_json::Value> = st
        .accounts
        .iter()
        .skip(start)
        .take(size)
        .map(|a| {
            serde_json::json!({
                "accountId": a.account_id,
                "accountName": a.account_name,
                "emailAddress": a.email_address,
            })
        })
        .collect();
    let mut out = serde_json::json!({ "accountList": list });
    if let Some(t) = next_token(start, size, st.accounts.len()) {
        out["nextToken"] = t.into();
    }
    json(200, &out)
}

/// `GET /assignment/roles?account_id=…&next_token=…&max_result=…`.
pub async fn list_account_roles(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let st = shared.lock();
    if let Err(r) = token(&st, &headers) {
        return r;
    }
    let pairs = match query_pairs(&query) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (start, size) = match page(&pairs) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(account_id) = util::param(&pairs, "account_id").filter(|v| !v.is_empty()) else {
        return invalid("account_id is required");
    };
    let Some(account) = st.account(account_id) else {
        return portal_error(404, "ResourceNotFoundException", "Could not find account");
    };
    let list: Vec<serde_json::Value> = account
        .roles
        .iter()
        .skip(start)
        .take(size)
        .map(|r| serde_json::json!({"roleName": r, "accountId": account.account_id}))
        .collect();
    let mut out = serde_json::json!({ "roleList": list });
    if let Some(t) = next_token(start, size, account.roles.len()) {
        out["nextToken"] = t.into();
    }
    json(200, &out)
}

/// `POST /logout`: the access token and its refresh token stop working.
pub async fn logout(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let mut st = shared.lock();
    let Some(bearer) = headers.get(BEARER_HEADER).and_then(|v| v.to_str().ok()) else {
        return unauthorized();
    };
    if st.valid_token(bearer).is_none() {
        return unauthorized();
    }
    let refresh = st.tokens.get_mut(bearer).and_then(|t| {
        t.revoked = true;
        t.refresh_token.clone()
    });
    if let Some(rt) = refresh.and_then(|rt| st.refresh_tokens.get_mut(&rt)) {
        rt.revoked = true;
    }
    let mut r = json(200, &serde_json::Value::Null);
    *r.body_mut() = Body::empty();
    r.headers_mut().remove(axum::http::header::CONTENT_TYPE);
    r
}

//! The SSO portal calls (aws-facts §2): Logout, GetRoleCredentials, and the
//! paginated ListAccounts / ListAccountRoles that `configure` and `populate`
//! use. The reads are retried on server errors, each page of a listing on its
//! own; GetRoleCredentials and Logout on throttling with backoff, the listings
//! on throttling at the pace of a [`Pacer`] the run shares (IAM Identity
//! Center throttles a user's portal calls, and `populate` makes hundreds).

use super::http::{Http, Retry};
use super::pacer::Pacer;
use crate::error::{Error, Result};

/// The service name in messages.
pub const SERVICE: &str = crate::error::PORTAL_SERVICE;

/// A portal read: throttling and server errors are retried (reads are safe to repeat).
fn get(http: &Http, url: &str, access_token: &str) -> Result<serde_json::Value> {
    http.get_with(
        SERVICE,
        url,
        &[("x-amz-sso_bearer_token", access_token)],
        Retry::ThrottlingAndServerErrors,
    )
}

/// A listing's page, sent at the pace of `pacer`.
fn get_paced(
    http: &Http,
    url: &str,
    access_token: &str,
    pacer: &Pacer,
) -> Result<serde_json::Value> {
    pacer.send(|| http.get_paced(SERVICE, url, &[("x-amz-sso_bearer_token", access_token)]))
}

/// Ends the session of `access_token` at the portal (throttling retried).
pub fn logout(http: &Http, base: &str, access_token: &str) -> Result<()> {
    let url = format!("{}/logout", base.trim_end_matches('/'));
    http.post_empty(SERVICE, &url, &[("x-amz-sso_bearer_token", access_token)])
        .map(|_| ())
}

/// Role credentials from GetRoleCredentials (expiration in epoch milliseconds).
pub struct RoleCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub expiration_ms: i64,
}

/// `GET /federation/credentials?role_name=…&account_id=…`.
pub fn get_role_credentials(
    http: &Http,
    base: &str,
    access_token: &str,
    account_id: &str,
    role_name: &str,
) -> Result<RoleCredentials> {
    let url = format!(
        "{}/federation/credentials?role_name={}&account_id={}",
        base.trim_end_matches('/'),
        super::signin::enc(role_name),
        super::signin::enc(account_id)
    );
    let v = get(http, &url, access_token)?;
    let rc = v.get("roleCredentials");
    let s = |k: &str| {
        rc.and_then(|r| r.get(k))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    let exp = rc
        .and_then(|r| r.get("expiration"))
        .and_then(serde_json::Value::as_i64);
    match (
        s("accessKeyId"),
        s("secretAccessKey"),
        s("sessionToken"),
        exp,
    ) {
        (Some(a), Some(k), Some(t), Some(e)) => Ok(RoleCredentials {
            access_key_id: a,
            secret_access_key: k,
            session_token: t,
            expiration_ms: e,
        }),
        _ => Err(crate::error::Error::Api {
            service: SERVICE,
            url: url.split('?').next().unwrap_or_default().to_string(),
            status: 200,
            code: String::new(),
            message: "the GetRoleCredentials answer lacks required fields".into(),
        }),
    }
}

/// An account the signed-in user can reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// Every page of a listing: `fetch(next_token)` returns one page and the next token.
fn all_pages<T>(
    mut fetch: impl FnMut(Option<&str>) -> Result<(Vec<T>, Option<String>)>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let (items, token) = fetch(next.as_deref())?;
        out.extend(items);
        match token.filter(|t| !t.is_empty()) {
            Some(t) if Some(&t) != next.as_ref() => next = Some(t),
            _ => return Ok(out),
        }
    }
}

fn str_field(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(serde_json::Value::as_str)
        .map(str::to_string)
}

fn bad_answer(url: &str, what: &str) -> Error {
    Error::Api {
        service: SERVICE,
        url: url.to_string(),
        status: 200,
        code: "InvalidResponse".into(),
        message: format!("the answer has no {what}"),
    }
}

/// `GET /assignment/accounts`, every page (100 a page), at `pacer`'s pace.
pub fn list_accounts(
    http: &Http,
    base: &str,
    access_token: &str,
    pacer: &Pacer,
) -> Result<Vec<Account>> {
    let base = base.trim_end_matches('/');
    all_pages(|next| {
        let mut url = format!("{base}/assignment/accounts?max_result=100");
        if let Some(t) = next {
            url.push_str(&format!("&next_token={}", super::signin::enc(t)));
        }
        let v = get_paced(http, &url, access_token, pacer)?;
        let list = v
            .get("accountList")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(|| bad_answer(&url, "accountList"))?;
        let accounts = list
            .iter()
            .filter_map(|a| {
                Some(Account {
                    id: str_field(a, "accountId")?,
                    name: str_field(a, "accountName").unwrap_or_default(),
                    email: str_field(a, "emailAddress").unwrap_or_default(),
                })
            })
            .collect();
        Ok((accounts, str_field(&v, "nextToken")))
    })
}

/// `GET /assignment/roles?account_id=…`, every page, at `pacer`'s pace: the role names.
pub fn list_account_roles(
    http: &Http,
    base: &str,
    access_token: &str,
    account_id: &str,
    pacer: &Pacer,
) -> Result<Vec<String>> {
    let base = base.trim_end_matches('/');
    all_pages(|next| {
        let mut url = format!(
            "{base}/assignment/roles?account_id={}&max_result=100",
            super::signin::enc(account_id)
        );
        if let Some(t) = next {
            url.push_str(&format!("&next_token={}", super::signin::enc(t)));
        }
        let v = get_paced(http, &url, access_token, pacer)?;
        let list = v
            .get("roleList")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(|| bad_answer(&url, "roleList"))?;
        let roles = list
            .iter()
            .filter_map(|r| str_field(r, "roleName"))
            .collect();
        Ok((roles, str_field(&v, "nextToken")))
    })
}

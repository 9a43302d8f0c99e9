//! The SSO portal calls (aws-facts §2) that sign-in needs: Logout. (The role
//! credential and listing calls join it with `exec`/`export` and `populate`.)

use super::http::Http;
use crate::error::Result;

/// The service name in messages.
pub const SERVICE: &str = "sso portal";

/// Ends the session of `access_token` at the portal.
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
    let v = http.get(SERVICE, &url, &[("x-amz-sso_bearer_token", access_token)])?;
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

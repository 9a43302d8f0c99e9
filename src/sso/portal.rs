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

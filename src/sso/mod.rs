//! IAM Identity Center sign-in: the token cache shared with the AWS CLI, the
//! OIDC flows, the portal calls, and the rules that decide between using a
//! cached token, refreshing it, and signing in.

pub mod browser;
pub mod http;
pub mod oidc;
pub mod pacer;
pub mod pkce;
pub mod portal;
pub mod session;
pub mod signin;
pub mod start_url;
pub mod token_cache;

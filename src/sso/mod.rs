//! IAM Identity Center sign-in: the token cache shared with the AWS CLI (and,
//! as they land, the OIDC flows and portal calls).

pub mod token_cache;

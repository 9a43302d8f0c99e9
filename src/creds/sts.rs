//! STS, the query API (aws-facts §7): AssumeRole and GetCallerIdentity, signed
//! with SigV4 by the `aws-sigv4` crate for the endpoint and signing region that
//! `endpoints::sts` picks. Both are safe to repeat, so throttling
//! (`400 Throttling`) and server errors are retried.

use super::resolve::Credentials;
use crate::error::{Error, Result};
use crate::sso::http::{Http, Retry, xml_text};
use crate::sso::signin::enc;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use std::time::SystemTime;
use time::OffsetDateTime;

/// The service name in messages.
pub const SERVICE: &str = crate::error::STS_SERVICE;

/// Who a set of credentials belongs to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CallerIdentity {
    #[serde(rename = "Account")]
    pub account: String,
    #[serde(rename = "Arn")]
    pub arn: String,
    #[serde(rename = "UserId")]
    pub user_id: String,
}

/// What AssumeRole sends besides the role.
#[derive(Debug, Clone, Default)]
pub struct AssumeRoleParams {
    pub role_arn: String,
    pub role_session_name: String,
    pub external_id: Option<String>,
    pub duration_seconds: Option<u32>,
    pub serial_number: Option<String>,
    pub token_code: Option<String>,
}

/// `POST /` with a signed form body; the answer's XML.
fn call(
    http: &Http,
    endpoint: &str,
    region: &str,
    creds: &Credentials,
    params: &[(&str, &str)],
) -> Result<String> {
    let body: String = params
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let url = format!("{}/", endpoint.trim_end_matches('/'));
    let host = url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default()
        .to_string();
    let content_type = "application/x-www-form-urlencoded; charset=utf-8";
    // Signed anew for each attempt: a retried request carries a fresh signature.
    let sign_headers = || -> Result<Vec<(String, String)>> {
        let identity = aws_credential_types::Credentials::new(
            creds.access_key_id.clone(),
            creds.secret_access_key.clone(),
            creds.session_token.clone(),
            None,
            "ssoenv",
        )
        .into();
        let signing_params = v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name(SERVICE)
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| sign_error(&url, e.to_string()))?
            .into();
        let base_headers = [("host", host.as_str()), ("content-type", content_type)];
        let signable = SignableRequest::new(
            "POST",
            &url,
            base_headers.iter().copied(),
            SignableBody::Bytes(body.as_bytes()),
        )
        .map_err(|e| sign_error(&url, e.to_string()))?;
        let (instructions, _) = sign(signable, &signing_params)
            .map_err(|e| sign_error(&url, e.to_string()))?
            .into_parts();
        let mut headers: Vec<(String, String)> = vec![("content-type".into(), content_type.into())];
        headers.extend(
            instructions
                .headers()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        Ok(headers)
    };
    // A one-time MFA code must not be sent twice: after a server error the
    // first request may have used it. Throttled requests were not processed.
    let retry = if params.iter().any(|(k, _)| *k == "TokenCode") {
        Retry::Throttling
    } else {
        Retry::ThrottlingAndServerErrors
    };
    http.post_form_xml(SERVICE, &url, &sign_headers, &body, retry)
}

fn sign_error(url: &str, detail: String) -> Error {
    Error::Network {
        service: SERVICE,
        url: url.to_string(),
        detail: format!("cannot sign the request: {detail}"),
    }
}

/// AssumeRole with `source` credentials.
pub fn assume_role(
    http: &Http,
    endpoint: &str,
    region: &str,
    source: &Credentials,
    p: &AssumeRoleParams,
) -> Result<Credentials> {
    let duration = p.duration_seconds.map(|d| d.to_string());
    let mut params: Vec<(&str, &str)> = vec![
        ("Action", "AssumeRole"),
        ("Version", "2011-06-15"),
        ("RoleArn", &p.role_arn),
        ("RoleSessionName", &p.role_session_name),
    ];
    if let Some(d) = &duration {
        params.push(("DurationSeconds", d));
    }
    if let Some(x) = &p.external_id {
        params.push(("ExternalId", x));
    }
    if let (Some(s), Some(c)) = (&p.serial_number, &p.token_code) {
        params.push(("SerialNumber", s));
        params.push(("TokenCode", c));
    }
    let xml = call(http, endpoint, region, source, &params)?;
    let get = |tag: &str| xml_text(&xml, tag);
    let expiration = get("Expiration").and_then(|e| crate::cache_format::parse_time(&e));
    match (
        get("AccessKeyId"),
        get("SecretAccessKey"),
        get("SessionToken"),
        expiration,
    ) {
        (Some(a), Some(s), Some(t), Some(e)) => Ok(Credentials {
            access_key_id: a,
            secret_access_key: s,
            session_token: Some(t),
            expiration: Some(e),
        }),
        _ => Err(malformed(endpoint, "AssumeRole")),
    }
}

/// GetCallerIdentity.
pub fn get_caller_identity(
    http: &Http,
    endpoint: &str,
    region: &str,
    creds: &Credentials,
) -> Result<CallerIdentity> {
    let xml = call(
        http,
        endpoint,
        region,
        creds,
        &[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")],
    )?;
    match (
        xml_text(&xml, "Account"),
        xml_text(&xml, "Arn"),
        xml_text(&xml, "UserId"),
    ) {
        (Some(account), Some(arn), Some(user_id)) => Ok(CallerIdentity {
            account,
            arn,
            user_id,
        }),
        _ => Err(malformed(endpoint, "GetCallerIdentity")),
    }
}

fn malformed(endpoint: &str, op: &str) -> Error {
    Error::Api {
        service: SERVICE,
        url: format!("{}/", endpoint.trim_end_matches('/')),
        status: 200,
        code: String::new(),
        message: format!("the {op} answer lacks required fields"),
    }
}

/// A readable default session name: `ssoenv-<profile>-<unix time>`, limited to
/// the characters and length STS accepts.
pub fn default_session_name(profile: &str, now: OffsetDateTime) -> String {
    let clean: String = profile
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "+=,.@-_".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut name = format!("ssoenv-{clean}");
    name.truncate(50);
    format!("{name}-{}", now.unix_timestamp())
}

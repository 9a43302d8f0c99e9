//! STS as AWS serves it: the query API on `POST /` with AssumeRole and GetCallerIdentity,
//! XML answers, and a SigV4 check on every request against the keys the fake issued or was
//! given.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;

use super::server::{Note, sts_error, sts_result};
use super::sigv4;
use super::state::{Shared, State as FakeState, role_id};
use super::util::{self, amz_date, now_ms, xml_escape};

const VERSION: &str = "2011-06-15";
const CHAINED_MAX_SECS: u64 = 3600;

/// Who signed a request.
#[derive(Clone, Debug)]
pub struct Identity {
    pub access_key_id: String,
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

fn validation(message: &str) -> Response {
    sts_error(400, "ValidationError", message)
}

fn signature_mismatch(message: &str) -> Response {
    sts_error(403, "SignatureDoesNotMatch", message)
}

fn invalid_token() -> Response {
    sts_error(
        403,
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    )
}

/// `POST /` (and `GET /?Action=…`).
pub async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut params = util::form_pairs(uri.query().unwrap_or("")).unwrap_or_default();
    let Some(form) = util::form_pairs(&String::from_utf8_lossy(&body)) else {
        return sts_error(400, "MalformedQueryString", "The request body is malformed");
    };
    params.extend(form);
    let mut st = shared.lock();
    let caller = match authenticate(&st, &method, &uri, &headers, &body) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let Some(action) = util::param(&params, "Action") else {
        return sts_error(400, "MissingAction", "Missing Action");
    };
    let version = util::param(&params, "Version").unwrap_or(VERSION);
    match (action, version) {
        ("AssumeRole", VERSION) => assume_role(&mut st, &caller, &params),
        ("GetCallerIdentity", VERSION) => sts_result(
            "GetCallerIdentity",
            &format!(
                "    <Arn>{}</Arn>\n    <UserId>{}</UserId>\n    <Account>{}</Account>\n",
                xml_escape(&caller.arn),
                xml_escape(&caller.user_id),
                xml_escape(&caller.account)
            ),
        ),
        _ => sts_error(
            400,
            "InvalidAction",
            &format!("Could not find operation {action} for version {version}"),
        ),
    }
}

/// Checks the SigV4 signature and the key behind it; the error is the response AWS gives.
fn authenticate(
    st: &FakeState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Identity, Response> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(authorization) = header("authorization") else {
        if uri.query().unwrap_or("").contains("X-Amz-Signature") {
            return Err(sts_error(
                400,
                "IncompleteSignature",
                "The fake AWS checks only signatures in the Authorization header",
            ));
        }
        return Err(sts_error(
            403,
            "MissingAuthenticationToken",
            "Request is missing Authentication Token",
        ));
    };
    let auth = sigv4::parse_authorization(authorization)
        .map_err(|m| sts_error(400, "IncompleteSignature", &m))?;
    let Some(date) = header("x-amz-date") else {
        return Err(sts_error(
            400,
            "IncompleteSignature",
            &format!(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={authorization}"
            ),
        ));
    };
    let Some(request_ms) = util::parse_amz_date(date) else {
        return Err(sts_error(
            400,
            "IncompleteSignature",
            &format!(
                "Date must be in ISO-8601 'basic format'. Got '{date}'. See http://en.wikipedia.org/wiki/ISO_8601"
            ),
        ));
    };
    if auth.terminator != "aws4_request" {
        return Err(signature_mismatch(&format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{}'.",
            auth.terminator
        )));
    }
    if auth.service != "sts" {
        return Err(signature_mismatch(
            "Credential should be scoped to correct service: 'sts'. ",
        ));
    }
    if auth.date != date[..8] {
        return Err(signature_mismatch(&format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{date}'.",
            auth.date,
            &date[..8]
        )));
    }
    if !auth.signed_headers.iter().any(|h| h == "host") {
        return Err(signature_mismatch(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
        ));
    }

    let Some(key) = st.keys.get(&auth.access_key_id) else {
        return Err(invalid_token());
    };
    match (&key.session_token, header("x-amz-security-token")) {
        (None, None) => {}
        (Some(expected), Some(sent)) if expected == sent => {
            if !auth
                .signed_headers
                .iter()
                .any(|h| h == "x-amz-security-token")
            {
                return Err(signature_mismatch(
                    "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.",
                ));
            }
        }
        _ => return Err(invalid_token()),
    }
    let now = now_ms();
    if key.expires_at_ms.is_some_and(|e| now >= e) {
        return Err(sts_error(
            400,
            "ExpiredToken",
            "The security token included in the request is expired",
        ));
    }
    let skew = st.config.max_clock_skew_secs.saturating_mul(1000);
    if request_ms.saturating_add(skew) < now {
        return Err(signature_mismatch(&format!(
            "Signature expired: {date} is now earlier than {} ({} - 5 min.)",
            amz_date(now.saturating_sub(skew)),
            amz_date(now)
        )));
    }
    if request_ms > now.saturating_add(skew) {
        return Err(signature_mismatch(&format!(
            "Signature not yet current: {date} is still later than {} ({} + 5 min.)",
            amz_date(now.saturating_add(skew)),
            amz_date(now)
        )));
    }

    let body_hash = sigv4::sha256_hex(body);
    let payload_hash = match header("x-amz-content-sha256") {
        Some("UNSIGNED-PAYLOAD") | None => body_hash,
        Some(h) if h == body_hash => body_hash,
        Some(_) => {
            return Err(sts_error(
                400,
                "XAmzContentSHA256Mismatch",
                "The provided 'x-amz-content-sha256' header does not match what was computed.",
            ));
        }
    };
    let pairs: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| {
            let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (k.as_str().to_string(), v)
        })
        .collect();
    let canonical = sigv4::canonical_request(
        method.as_str(),
        uri.path(),
        uri.query().unwrap_or(""),
        &pairs,
        &auth.signed_headers,
        &payload_hash,
    )
    .map_err(|m| signature_mismatch(&m))?;
    let string_to_sign = sigv4::string_to_sign(date, &auth.scope(), &canonical);
    let expected = sigv4::signature(
        &sigv4::signing_key(&key.secret, &auth.date, &auth.region, &auth.service),
        &string_to_sign,
    );
    if !sigv4::same_signature(&expected, &auth.signature) {
        let mut r = signature_mismatch(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        );
        r.extensions_mut().insert(Note(format!(
            "canonical request:\n{canonical}\n\nstring to sign:\n{string_to_sign}"
        )));
        return Err(r);
    }
    Ok(Identity {
        access_key_id: auth.access_key_id,
        account: key.account.clone(),
        arn: key.arn.clone(),
        user_id: key.user_id.clone(),
    })
}

/// `arn:aws:iam::<12 digits>:role/[path/]<name>` → (account, role name).
fn parse_role_arn(arn: &str) -> Option<(&str, &str)> {
    let rest = arn.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    let rest = rest.strip_prefix("iam::")?;
    let (account, resource) = rest.split_once(':')?;
    let path = resource.strip_prefix("role/")?;
    let name = path.rsplit('/').next()?;
    let ok = partition.starts_with("aws")
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && !name.is_empty()
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@/-".contains(&b));
    ok.then_some((account, name))
}

/// `[\w+=,.@-]` only.
fn session_name_chars(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
}

fn not_null(value: Option<&str>, member: &str) -> Result<String, Response> {
    value.map(str::to_string).ok_or_else(|| {
        validation(&format!(
            "1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"
        ))
    })
}

fn assume_role(st: &mut FakeState, caller: &Identity, params: &[(String, String)]) -> Response {
    assume_role_inner(st, caller, params).unwrap_or_else(|r| r)
}

fn assume_role_inner(
    st: &mut FakeState,
    caller: &Identity,
    params: &[(String, String)],
) -> Result<Response, Response> {
    let p = |k: &str| util::param(params, k);
    let role_arn = not_null(p("RoleArn"), "roleArn")?;
    let session = not_null(p("RoleSessionName"), "roleSessionName")?;
    if role_arn.len() < 20 {
        return Err(validation(&format!(
            "1 validation error detected: Value '{role_arn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"
        )));
    }
    let Some((account, role_name)) = parse_role_arn(&role_arn) else {
        return Err(validation(&format!("{role_arn} is invalid")));
    };
    if !(2..=64).contains(&session.len()) {
        let bound = if session.len() < 2 {
            "greater than or equal to 2"
        } else {
            "less than or equal to 64"
        };
        return Err(validation(&format!(
            "1 validation error detected: Value '{session}' at 'roleSessionName' failed to satisfy constraint: Member must have length {bound}"
        )));
    }
    if !session_name_chars(&session) {
        return Err(validation(&format!(
            "1 validation error detected: Value '{session}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"
        )));
    }
    let duration = match p("DurationSeconds") {
        None => 3600,
        Some(v) => match v.parse::<u64>() {
            Ok(d) if d < 900 => {
                return Err(validation(&format!(
                    "1 validation error detected: Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"
                )));
            }
            Ok(d) if d > 43200 => {
                return Err(validation(&format!(
                    "1 validation error detected: Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"
                )));
            }
            Ok(d) => d,
            Err(_) => {
                return Err(sts_error(
                    400,
                    "MalformedInput",
                    &format!("Invalid value for DurationSeconds: '{v}'"),
                ));
            }
        },
    };
    if let Some(ext) = p("ExternalId")
        && !(2..=1224).contains(&ext.len())
    {
        return Err(validation(&format!(
            "1 validation error detected: Value '{ext}' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2"
        )));
    }
    if let Some(code) = p("TokenCode")
        && (code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(validation(&format!(
            "1 validation error detected: Value '{code}' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*"
        )));
    }

    let rule = st.role_rules.get(&role_arn).cloned().unwrap_or_default();
    let denied = || {
        sts_error(
            403,
            "AccessDenied",
            &format!(
                "User: {} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
                caller.arn
            ),
        )
    };
    if rule.deny {
        return Err(denied());
    }
    if duration > rule.max_session_duration.unwrap_or(43200) {
        return Err(validation(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        ));
    }
    if caller.arn.contains(":assumed-role/") && duration > CHAINED_MAX_SECS {
        return Err(validation(
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
        ));
    }
    if rule.external_id.is_some() && rule.external_id.as_deref() != p("ExternalId") {
        return Err(denied());
    }
    if let Some(serial) = &rule.mfa_serial
        && p("SerialNumber") != Some(serial.as_str())
    {
        return Err(denied());
    }
    if let Some(code) = &rule.mfa_code
        && p("TokenCode") != Some(code.as_str())
    {
        return Err(sts_error(
            403,
            "AccessDenied",
            "MultiFactorAuthentication failed with invalid MFA one time pass code. ",
        ));
    }

    let lifetime = st.config.credential_lifetime_secs.unwrap_or(duration);
    let arn = format!("arn:aws:sts::{account}:assumed-role/{role_name}/{session}");
    let role_id = format!("AROA{}", role_id(&role_arn));
    let user_id = format!("{role_id}:{session}");
    let akid = st.issue_key(account, arn.clone(), user_id.clone(), lifetime);
    let key = &st.keys[&akid];
    Ok(sts_result(
        "AssumeRole",
        &format!(
            "    <AssumedRoleUser>\n      <AssumedRoleId>{}</AssumedRoleId>\n      <Arn>{}</Arn>\n    </AssumedRoleUser>\n    <Credentials>\n      <AccessKeyId>{akid}</AccessKeyId>\n      <SecretAccessKey>{}</SecretAccessKey>\n      <SessionToken>{}</SessionToken>\n      <Expiration>{}</Expiration>\n    </Credentials>\n",
            xml_escape(&user_id),
            xml_escape(&arn),
            xml_escape(&key.secret),
            xml_escape(key.session_token.as_deref().unwrap_or("")),
            util::iso8601(key.expires_at_ms.unwrap_or(0)),
        ),
    ))
}

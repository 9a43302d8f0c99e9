//! AWS Signature Version 4, written out by hand from the published algorithm so that the fake
//! checks the product's signatures with an implementation of its own: a signing bug in the
//! product is not mirrored here. Also signs, for the fake's self-tests.

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};

use super::util::encode;

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The parts of an `Authorization: AWS4-HMAC-SHA256 …` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthHeader {
    pub access_key_id: String,
    /// `YYYYMMDD` from the credential scope.
    pub date: String,
    pub region: String,
    pub service: String,
    pub terminator: String,
    /// Lower-case names, in the order the client listed them.
    pub signed_headers: Vec<String>,
    pub signature: String,
}

impl AuthHeader {
    /// `DATE/REGION/SERVICE/aws4_request`.
    pub fn scope(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.date, self.region, self.service, self.terminator
        )
    }
}

/// Parses the header value; the error says what is missing, as AWS's IncompleteSignature does.
pub fn parse_authorization(value: &str) -> Result<AuthHeader, String> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .filter(|r| r.starts_with(' '))
        .ok_or_else(|| format!("Unsupported AWS 'algorithm': '{value}'"))?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let part = part.trim();
        match part.split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => {}
        }
    }
    let missing = |name: &str| {
        format!("Authorization header requires '{name}' parameter. Authorization={value}")
    };
    let credential = credential.ok_or_else(|| missing("Credential"))?;
    let signed = signed.ok_or_else(|| missing("SignedHeaders"))?;
    let signature = signature.ok_or_else(|| missing("Signature"))?;
    let scope: Vec<&str> = credential.split('/').collect();
    if scope.len() != 5 || scope.iter().any(|s| s.is_empty()) {
        return Err(format!(
            "Credential should be scoped to a valid region, not '{credential}'."
        ));
    }
    Ok(AuthHeader {
        access_key_id: scope[0].to_string(),
        date: scope[1].to_string(),
        region: scope[2].to_string(),
        service: scope[3].to_string(),
        terminator: scope[4].to_string(),
        signed_headers: signed.split(';').map(|h| h.to_ascii_lowercase()).collect(),
        signature: signature.to_string(),
    })
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// The path as SigV4 wants it for every service but S3: each segment in strict
/// percent-encoding, then encoded once more (so `%` becomes `%25`), `/` kept; for a path
/// that arrives strictly encoded, as botocore sends it, that is the path encoded twice.
pub fn canonical_uri(raw_path: &str) -> String {
    if raw_path.is_empty() {
        return "/".to_string();
    }
    raw_path
        .split('/')
        .map(|seg| encode(&percent_decode_str(seg).decode_utf8_lossy()))
        .map(|seg| encode(&seg))
        .collect::<Vec<_>>()
        .join("/")
}

/// Query parameters decoded, re-encoded strictly, sorted by name then value.
pub fn canonical_query(raw_query: &str) -> String {
    let mut pairs: Vec<(String, String)> = raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            (encode(&dec(k)), encode(&dec(v)))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// A header value trimmed, runs of spaces inside collapsed to one.
fn canonical_value(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical request; fails when a signed header is absent from the request.
pub fn canonical_request(
    method: &str,
    raw_path: &str,
    raw_query: &str,
    headers: &[(String, String)],
    signed_headers: &[String],
    payload_hash: &str,
) -> Result<String, String> {
    let mut canonical_headers = String::new();
    for name in signed_headers {
        let values: Vec<String> = headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| canonical_value(v))
            .collect();
        if values.is_empty() {
            return Err(format!("Signed header '{name}' is not in the request"));
        }
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    Ok(format!(
        "{method}\n{}\n{}\n{canonical_headers}\n{}\n{payload_hash}",
        canonical_uri(raw_path),
        canonical_query(raw_query),
        signed_headers.join(";"),
    ))
}

/// `AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{hex(sha256(canonical_request))}`.
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
pub fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"aws4_request")
}

/// Hex HMAC of the string to sign under the signing key.
pub fn signature(signing_key: &[u8], string_to_sign: &str) -> String {
    hex::encode(hmac(signing_key, string_to_sign.as_bytes()))
}

/// Compares two signatures without an early exit.
pub fn same_signature(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Signs a request, for the fake's own tests: adds `x-amz-date`, `x-amz-security-token`
/// (when given) and `authorization` to `headers`, which must already hold `host`. Every
/// header is signed.
#[allow(clippy::too_many_arguments)]
pub fn sign(
    access_key_id: &str,
    secret: &str,
    session_token: Option<&str>,
    region: &str,
    service: &str,
    amz_date: &str,
    method: &str,
    raw_path: &str,
    raw_query: &str,
    headers: &mut Vec<(String, String)>,
    body: &[u8],
) {
    headers.push(("x-amz-date".into(), amz_date.into()));
    if let Some(t) = session_token {
        headers.push(("x-amz-security-token".into(), t.into()));
    }
    let mut names: Vec<String> = headers
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    let date = &amz_date[..8];
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let creq = canonical_request(
        method,
        raw_path,
        raw_query,
        headers,
        &names,
        &sha256_hex(body),
    )
    .expect("every listed header is present");
    let sig = signature(
        &signing_key(secret, date, region, service),
        &string_to_sign(amz_date, &scope, &creq),
    );
    headers.push((
        "authorization".into(),
        format!(
            "{ALGORITHM} Credential={access_key_id}/{scope}, SignedHeaders={}, Signature={sig}",
            names.join(";")
        ),
    ));
}

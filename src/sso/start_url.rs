//! Custom start URLs, resolved as the current AWS CLI v2 resolves them: an
//! AWS-owned portal host is used as it is; any other host (a company's own
//! domain) is asked once, without following redirects, where it leads, and
//! that must be an AWS-owned portal over https. The resolved URL is what
//! SSO OIDC is given; the configured one keeps naming the token cache and is
//! what the user sees. The resolved host may also tell the region.

use super::http::Http;
use crate::config::profile::SsoSession;
use crate::error::{Error, Result};

/// The service name in messages.
pub const SERVICE: &str = "start URL";

/// Where a sign-in goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The portal URL for SSO OIDC (the configured one when it is AWS-owned).
    pub url: String,
    /// The region of the portal: from its host when the host tells it,
    /// else the configured `sso_region`.
    pub region: String,
}

/// Hosts that belong to IAM Identity Center, exactly or by suffix.
const AWS_OWNED_EXACT: [&str; 4] = [
    "identitycenter.amazonaws.com",
    "identitycenter.amazonaws.com.cn",
    "identitycenter.amazonaws.eu",
    "identitycenter.us-gov.amazonaws.com",
];
const AWS_OWNED_SUFFIXES: [&str; 8] = [
    ".app.aws",
    ".portal.amazonaws.com",
    ".portal.amazonaws.com.cn",
    ".app.amazonwebservices.com.cn",
    ".portal.amazonaws.eu",
    ".api.amazonwebservices.eu",
    ".awsapps.com",
    ".awsapps.cn",
];

/// Whether `host` is an AWS-owned portal host.
pub fn is_aws_owned(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    AWS_OWNED_EXACT.contains(&host)
        || AWS_OWNED_SUFFIXES
            .iter()
            .any(|s| host == &s[1..] || host.ends_with(s))
}

/// The region a portal host names: `<id>.portal.<region>.app.aws`,
/// `<id>.<region>.portal.amazonaws.com` and their China and EU forms.
pub fn region_from_host(host: &str) -> Option<String> {
    let host = host.to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let labels: Vec<&str> = host.split('.').collect();
    let region_ok = |r: &str| {
        !r.is_empty()
            && r.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    // (the labels after `<id>`, with `*` for the region)
    const SHAPES: [&[&str]; 6] = [
        &["portal", "*", "app", "aws"],
        &["*", "portal", "amazonaws", "com"],
        &["*", "portal", "amazonaws", "com", "cn"],
        &["portal", "*", "app", "amazonwebservices", "com", "cn"],
        &["*", "portal", "amazonaws", "eu"],
        &["portal", "*", "api", "amazonwebservices", "eu"],
    ];
    SHAPES.iter().find_map(|shape| {
        if labels.len() != shape.len() + 1 || labels[0].is_empty() {
            return None;
        }
        let mut region = None;
        for (label, want) in labels[1..].iter().zip(shape.iter()) {
            match *want {
                "*" if region_ok(label) => region = Some(label.to_string()),
                "*" => return None,
                w if w == *label => {}
                _ => return None,
            }
        }
        region
    })
}

/// A URL without query, fragment, trailing `/` or default port, host lower-cased.
fn normalise(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let port = url.port().map_or_else(String::new, |p| format!(":{p}"));
    format!(
        "{}://{host}{port}{}",
        url.scheme(),
        url.path().trim_end_matches('/')
    )
}

fn refused(session: &SsoSession, message: String, hint: &str) -> Error {
    Error::StartUrl {
        start_url: session.start_url.clone(),
        message,
        hint: hint.to_string(),
    }
}

const CHECK_URL: &str = "check sso_start_url: it must be your AWS access portal URL \
     (https://…awsapps.com/start or https://…app.aws) or a company domain that redirects to it";

/// Where `session`'s sign-in goes. Only a start URL on a host that is not
/// AWS-owned costs a request (`http` is asked for lazily).
pub fn resolve<'h>(
    session: &SsoSession,
    http: impl FnOnce() -> Result<&'h Http>,
) -> Result<Resolved> {
    let parsed = reqwest::Url::parse(session.start_url.trim())
        .map_err(|_| refused(session, "is not a URL".into(), CHECK_URL))?;
    if parsed.scheme() != "https" {
        return Err(refused(session, "must use https".into(), CHECK_URL));
    }
    let Some(host) = parsed.host_str().filter(|h| !h.is_empty()) else {
        return Err(refused(session, "has no host".into(), CHECK_URL));
    };
    let configured_region = || {
        Some(session.region.clone())
            .filter(|r| !r.is_empty())
            .ok_or_else(|| {
                refused(
                    session,
                    "does not tell the region, and sso_region is not set".into(),
                    "set sso_region to the region of your IAM Identity Center instance",
                )
            })
    };
    if is_aws_owned(host) {
        return Ok(Resolved {
            url: session.start_url.clone(),
            region: configured_region()?,
        });
    }
    let target = http()?.redirect_target(SERVICE, parsed.as_str())?;
    let resolved = match target {
        Some(location) => parsed.join(&location).map_err(|_| {
            refused(
                session,
                "redirects to something that is not a URL".into(),
                CHECK_URL,
            )
        })?,
        None => parsed.clone(),
    };
    let shown = normalise(&resolved);
    if !resolved.host_str().is_some_and(is_aws_owned) {
        return Err(refused(
            session,
            format!("does not lead to an AWS access portal (it leads to {shown})"),
            CHECK_URL,
        ));
    }
    if resolved.scheme() != "https" {
        return Err(refused(
            session,
            format!("leads to {shown}, which is not https"),
            CHECK_URL,
        ));
    }
    let region = match resolved.host_str().and_then(region_from_host) {
        Some(r) => r,
        None => configured_region()?,
    };
    Ok(Resolved { url: shown, region })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_owned_hosts_are_the_aws_clis() {
        for owned in [
            "d-abc123.awsapps.com",
            "D-ABC123.AWSAPPS.COM.",
            "awsapps.com",
            "ssoins-1.portal.eu-west-1.app.aws",
            "x.us-east-1.portal.amazonaws.com",
            "identitycenter.amazonaws.com",
            "identitycenter.us-gov.amazonaws.com",
            "x.awsapps.cn",
            "x.portal.eusc-de-east-1.api.amazonwebservices.eu",
        ] {
            assert!(is_aws_owned(owned), "{owned}");
        }
        for other in [
            "sso.corp.example",
            "awsapps.com.evil.example",
            "evilawsapps.com",
            "identitycenter.amazonaws.com.evil",
            "app.aws.example",
            "localhost",
        ] {
            assert!(!is_aws_owned(other), "{other}");
        }
    }

    #[test]
    fn the_region_comes_from_portal_hosts_that_name_one() {
        for (host, region) in [
            (
                "ssoins-722374a1b2c3d4e5.portal.eu-central-1.app.aws",
                Some("eu-central-1"),
            ),
            ("d-123.us-west-2.portal.amazonaws.com", Some("us-west-2")),
            (
                "d-123.cn-north-1.portal.amazonaws.com.cn",
                Some("cn-north-1"),
            ),
            (
                "x.portal.cn-northwest-1.app.amazonwebservices.com.cn",
                Some("cn-northwest-1"),
            ),
            (
                "x.eusc-de-east-1.portal.amazonaws.eu",
                Some("eusc-de-east-1"),
            ),
            (
                "x.portal.eusc-de-east-1.api.amazonwebservices.eu",
                Some("eusc-de-east-1"),
            ),
            ("d-abc123.awsapps.com", None),
            ("identitycenter.amazonaws.com", None),
            ("a.b.portal.eu-west-1.app.aws", None),
            ("portal.eu-west-1.app.aws", None),
        ] {
            assert_eq!(region_from_host(host).as_deref(), region, "{host}");
        }
    }

    #[test]
    fn resolved_urls_are_normalised() {
        let u = reqwest::Url::parse("https://D-1.AwsApps.com:443/start/?x=1#f").unwrap();
        assert_eq!(normalise(&u), "https://d-1.awsapps.com/start");
        let u = reqwest::Url::parse("https://x.portal.eu-west-1.app.aws:8443/").unwrap();
        assert_eq!(normalise(&u), "https://x.portal.eu-west-1.app.aws:8443");
    }

    fn session(url: &str, region: &str) -> SsoSession {
        SsoSession {
            name: Some("corp".into()),
            start_url: url.into(),
            region: region.into(),
            scopes: None,
            login_flow: None,
        }
    }

    fn no_network<'a>() -> Result<&'a Http> {
        panic!("an AWS-owned or refused start URL needs no request")
    }

    #[test]
    fn aws_owned_urls_are_used_as_written_and_others_must_be_https() {
        let s = session("https://d-abc123.awsapps.com/start/", "eu-west-1");
        assert_eq!(
            resolve(&s, no_network).unwrap(),
            Resolved {
                url: "https://d-abc123.awsapps.com/start/".into(),
                region: "eu-west-1".into()
            }
        );
        let e = resolve(
            &session("http://sso.corp.example/", "eu-west-1"),
            no_network,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("must use https"), "{e}");
        let e = resolve(
            &session("https://d-abc123.awsapps.com/start", ""),
            no_network,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("sso_region is not set"), "{e}");
    }
}

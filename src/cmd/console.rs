//! `ssoenv console`: the AWS console in the browser, signed in as a profile. The
//! profile's temporary credentials buy a sign-in token from the federation
//! endpoint (`Action=getSigninToken`); the `Action=login` URL built from it is
//! worth a console session, so it goes to the browser, or to stdout with
//! `--print`, and never into notes or errors.

use super::Context;
use super::export::credentials;
use crate::cli::ConsoleArgs;
use crate::config::Config;
use crate::config::profile::Kind;
use crate::creds::resolve::Credentials;
use crate::endpoints::{self, EndpointSource, Service};
use crate::error::{Error, Result};
use crate::output;
use crate::sso::browser;
use crate::sso::http::Http;
use crate::sso::signin::enc;
use std::ops::RangeInclusive;

/// What the federation endpoint accepts as `SessionDuration`, in seconds.
pub const SESSION_DURATION: RangeInclusive<u32> = 900..=43200;

/// Where a sign-in token is used: shown in errors as the page that failed.
const SERVICE: &str = "console sign-in";

/// The region when neither `--region` nor the profile names one.
const DEFAULT_REGION: &str = "us-east-1";

pub fn run(args: &ConsoleArgs, ctx: &Context) -> Result<()> {
    // Everything that can be wrong with the request fails before any credentials are
    // fetched (which may mean a browser sign-in).
    let duration = super::pick::duration(&args.creds)?;
    if let Some(d) = duration {
        check_duration(d)?;
    }
    // The console session's length, not the role's: the resolver goes without it.
    let creds_args = crate::cli::CredsArgs {
        duration: None,
        ..args.creds.clone()
    };
    let config = Config::load(&ctx.env)?;
    let (name, from) = super::pick::profile(
        &config,
        super::pick::named(&args.profile, &args.profile_flag),
        super::pick::Offer::Any,
        ctx,
    )?;
    let profile = config.resolve(&name).map_err(|e| e.named_by(&name, from))?;
    let region = args
        .creds
        .region
        .clone()
        .or_else(|| profile.region.clone())
        .unwrap_or_else(|| DEFAULT_REGION.to_string());
    check_region(&region)?;
    let destination = destination(
        &region,
        args.service.as_deref(),
        args.destination.as_deref(),
        ctx,
    )?;
    let signin = endpoints::resolve(
        Service::Signin,
        &region,
        config.profile(&name).ok(),
        &config,
        &ctx.env,
    );
    if signin.source == EndpointSource::Default && endpoints::console_host(&region).is_none() {
        return Err(Error::Usage {
            message: format!("ssoenv knows no console sign-in endpoint for region {region}"),
            hint: format!(
                "set {} to the partition's sign-in URL and pass --destination",
                Service::Signin.env_var()
            ),
        });
    }

    let (profile, creds) = credentials(&config, Some(&name), &creds_args, ctx)?;
    let session = session_json(&creds).ok_or_else(|| Error::Usage {
        message: format!(
            "profile {name:?} has long-term keys (no session token): the console sign-in \
             needs temporary credentials"
        ),
        hint: if profile.kind == Kind::Static {
            format!(
                "make a profile that assumes a role with these keys (role_arn = …, \
                 source_profile = {name}) and open the console with that one"
            )
        } else {
            "use an SSO or assume-role profile".to_string()
        },
    })?;
    ctx.note(format_args!(
        "sign-in token from {}/federation ({}), console {destination}",
        signin.url, signin.source
    ));
    let net = ctx.network(&config, config.profiles.get(&name));
    let token = signin_token(&Http::new(&ctx.env, &net)?, &signin.url, &session, duration)?;
    let url = login_url(&signin.url, &destination, &token);

    if args.print {
        return output::print(&format!("{url}\n"));
    }
    match browser::open(&url, &ctx.env) {
        Some(_) => {
            // Not the program's name: `BROWSER=%s` would make it the URL.
            eprintln!("ssoenv: opened the console for {name} in the browser");
            Ok(())
        }
        None => {
            eprintln!(
                "ssoenv: no browser could be opened; open this URL yourself \
                 (it signs you in as {name}: do not share it)"
            );
            output::print(&format!("{url}\n"))
        }
    }
}

fn check_duration(secs: u32) -> Result<()> {
    if SESSION_DURATION.contains(&secs) {
        return Ok(());
    }
    Err(Error::Usage {
        message: format!(
            "--duration {secs}: the console session lasts {} to {} seconds (15 minutes to 12 hours)",
            SESSION_DURATION.start(),
            SESSION_DURATION.end()
        ),
        hint: String::new(),
    })
}

/// A region becomes part of a host name: letters, digits and dashes only.
fn check_region(region: &str) -> Result<()> {
    let ok = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        return Ok(());
    }
    Err(Error::Usage {
        message: format!("{region:?} is not a region name"),
        hint: "pass --region, e.g. --region eu-west-1".into(),
    })
}

/// The console page to land on: `--destination`, else `--service`'s home (else the
/// console home) in the region's console.
fn destination(
    region: &str,
    service: Option<&str>,
    explicit: Option<&str>,
    ctx: &Context,
) -> Result<String> {
    let host = endpoints::console_host(region);
    if let Some(url) = explicit {
        check_destination(url, host.as_deref(), ctx)?;
        return Ok(url.to_string());
    }
    let Some(host) = host else {
        return Err(Error::Usage {
            message: format!("ssoenv knows no AWS console for region {region}"),
            hint: "pass the console's URL with --destination".into(),
        });
    };
    let path = match service {
        None => "console".to_string(),
        Some(s) => check_service(s)?,
    };
    Ok(format!("https://{host}/{path}/home?region={region}"))
}

/// A service's console path: `S3` → `s3`; anything but letters, digits and dashes
/// would change the URL's shape, so it is refused.
fn check_service(name: &str) -> Result<String> {
    let ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        return Ok(name.to_ascii_lowercase());
    }
    Err(Error::Usage {
        message: format!("--service {name:?} is not a console name"),
        hint: "use the name in the console's URL, such as s3, ec2 or cloudwatch, or pass \
               --destination URL"
            .into(),
    })
}

/// `--destination` must be an https URL; one outside the partition's AWS domain
/// earns a warning (the sign-in page decides whether it redirects there).
fn check_destination(url: &str, console_host: Option<&str>, ctx: &Context) -> Result<()> {
    let bad = |why: &str| Error::Usage {
        message: format!("--destination {url:?} {why}"),
        hint: "pass a console URL such as https://eu-west-1.console.aws.amazon.com/s3/home".into(),
    };
    let parsed = reqwest::Url::parse(url).map_err(|_| bad("is not a URL"))?;
    if parsed.scheme() != "https" {
        return Err(bad("is not an https URL"));
    }
    let Some(host) = parsed.host_str() else {
        return Err(bad("has no host"));
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("must not hold a user name or password"));
    }
    // `eu-west-1.console.aws.amazon.com` → `aws.amazon.com`.
    let site = console_host
        .and_then(|h| h.split_once(".console."))
        .map(|(_, d)| d);
    if let Some(site) = site
        && host != site
        && !host.ends_with(&format!(".{site}"))
    {
        ctx.warn(format_args!(
            "--destination {host} is not under {site}; the sign-in page may refuse to go there"
        ));
    }
    Ok(())
}

/// The `Session` parameter, or `None` for credentials without a session token.
fn session_json(creds: &Credentials) -> Option<String> {
    let token = creds.session_token.as_deref().filter(|t| !t.is_empty())?;
    Some(
        serde_json::json!({
            "sessionId": creds.access_key_id,
            "sessionKey": creds.secret_access_key,
            "sessionToken": token,
        })
        .to_string(),
    )
}

/// `GET {base}/federation?Action=getSigninToken&Session=…` → the `SigninToken`.
fn signin_token(http: &Http, base: &str, session: &str, duration: Option<u32>) -> Result<String> {
    let endpoint = format!("{base}/federation");
    let mut url = format!("{endpoint}?Action=getSigninToken");
    if let Some(d) = duration {
        url.push_str(&format!("&SessionDuration={d}"));
    }
    url.push_str("&Session=");
    url.push_str(&enc(session));
    let answer = http.get(SERVICE, &url, &[]).map_err(|e| match e {
        // AWS answers 400 with an HTML page for every refusal; say what it usually means.
        Error::Api {
            service,
            url,
            status: 400,
            code,
            message,
        } => Error::Api {
            service,
            url,
            status: 400,
            code,
            message: format!(
                "{message} (the federation endpoint answers 400 to expired credentials \
                 and to a --duration the role does not allow)"
            ),
        },
        e => e,
    })?;
    answer
        .get("SigninToken")
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .ok_or_else(|| Error::Api {
            service: SERVICE,
            url: endpoint,
            status: 200,
            code: String::new(),
            message: "the answer has no SigninToken".into(),
        })
}

/// `{base}/federation?Action=login&Issuer=ssoenv&Destination=…&SigninToken=…`.
fn login_url(base: &str, destination: &str, token: &str) -> String {
    format!(
        "{base}/federation?Action=login&Issuer=ssoenv&Destination={}&SigninToken={}",
        enc(destination),
        enc(token)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;
    use crate::output::Style;

    fn ctx() -> Context {
        Context {
            env: Env::default(),
            verbose: 0,
            style: Style { color: false },
        }
    }

    #[test]
    fn default_destinations_by_partition() {
        let cases = [
            (
                "eu-west-1",
                None,
                "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
            ),
            (
                "eu-west-1",
                Some("S3"),
                "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
            ),
            (
                "cn-north-1",
                None,
                "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1",
            ),
            (
                "us-gov-west-1",
                Some("ec2"),
                "https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1",
            ),
        ];
        for (region, service, want) in cases {
            assert_eq!(destination(region, service, None, &ctx()).unwrap(), want);
        }
        // No known console: only an explicit destination will do.
        assert!(destination("us-iso-east-1", None, None, &ctx()).is_err());
        let url = "https://console.example.mil/home";
        assert_eq!(
            destination("us-iso-east-1", None, Some(url), &ctx()).unwrap(),
            url
        );
    }

    #[test]
    fn bad_options_are_usage_errors() {
        for d in [0, 899, 43201] {
            assert_eq!(check_duration(d).unwrap_err().exit_code(), 64, "{d}");
        }
        for d in [900, 3600, 43200] {
            assert!(check_duration(d).is_ok());
        }
        for s in ["", "s3/../iam", "s3?x", "s 3", "cloudwatch#alarms"] {
            assert!(check_service(s).is_err(), "{s:?}");
        }
        for r in ["", "eu west 1", "evil.com/x", "EU-WEST-1"] {
            assert!(check_region(r).is_err(), "{r:?}");
        }
        for d in [
            "http://eu-west-1.console.aws.amazon.com/",
            "not a url",
            "https://user:pw@eu-west-1.console.aws.amazon.com/",
            "javascript:alert(1)",
        ] {
            let e = destination("eu-west-1", None, Some(d), &ctx()).unwrap_err();
            assert_eq!(e.exit_code(), 64, "{d}");
        }
    }

    #[test]
    fn login_url_encodes_every_value() {
        let url = login_url(
            "https://signin.aws.amazon.com",
            "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
            "a+b/c=&d",
        );
        assert_eq!(
            url,
            "https://signin.aws.amazon.com/federation?Action=login&Issuer=ssoenv\
             &Destination=https%3A%2F%2Feu-west-1.console.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Deu-west-1\
             &SigninToken=a%2Bb%2Fc%3D%26d"
        );
    }

    #[test]
    fn session_needs_a_token() {
        let mut creds = Credentials {
            access_key_id: "ASIAX".into(),
            secret_access_key: "s\"k".into(),
            session_token: Some("t".into()),
            expiration: None,
        };
        let v: serde_json::Value = serde_json::from_str(&session_json(&creds).unwrap()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"sessionId": "ASIAX", "sessionKey": "s\"k", "sessionToken": "t"})
        );
        creds.session_token = Some(String::new());
        assert!(session_json(&creds).is_none());
        creds.session_token = None;
        assert!(session_json(&creds).is_none());
    }
}

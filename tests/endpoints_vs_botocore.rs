//! ssoenv calls the same URLs the AWS CLI would: for each configuration here,
//! `endpoints::resolve` agrees with the `meta.endpoint_url` of botocore's
//! `sts`, `sso` and `sso-oidc` clients, run in a clean environment (only HOME,
//! PATH and the variables under test) with its own HOME.

use ssoenv::config::Config;
use ssoenv::endpoints::{self, EndpointSource, Service};
use ssoenv::env::Env;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

const BOTOCORE: &str = r#"
import boto3, json, sys
session = boto3.Session(profile_name=sys.argv[1])
print(json.dumps({name: session.client(name, region_name=sys.argv[2]).meta.endpoint_url
                  for name in ["sts", "sso", "sso-oidc", "signin"]}))
"#;

struct Case {
    name: &'static str,
    config: &'static str,
    profile: &'static str,
    region: &'static str,
    env: &'static [(&'static str, &'static str)],
}

const SERVICES: &str = "[profile p]\nregion = eu-west-1\nservices = local\nendpoint_url = http://profile:1/\n\
    [profile bare]\nregion = eu-west-1\n\
    [services local]\nsts =\n  endpoint_url = http://svc-sts:2/\n\
    sso_oidc =\n  endpoint_url = http://svc-oidc:3/base\n\
    signin =\n  endpoint_url = http://svc-signin:4\n\
    sso =\n  endpoint_url =\n";

const CASES: &[Case] = &[
    Case {
        name: "defaults, commercial",
        config: SERVICES,
        profile: "bare",
        region: "eu-west-1",
        env: &[],
    },
    Case {
        name: "defaults, China",
        config: SERVICES,
        profile: "bare",
        region: "cn-north-1",
        env: &[],
    },
    Case {
        name: "defaults, GovCloud",
        config: SERVICES,
        profile: "bare",
        region: "us-gov-west-1",
        env: &[],
    },
    Case {
        name: "defaults, ISO-B",
        config: SERVICES,
        profile: "bare",
        region: "us-isob-east-1",
        env: &[],
    },
    Case {
        name: "defaults, aws-global",
        config: SERVICES,
        profile: "bare",
        region: "aws-global",
        env: &[],
    },
    Case {
        name: "services section, then the profile's endpoint_url (empty nested value skipped)",
        config: SERVICES,
        profile: "p",
        region: "eu-west-1",
        env: &[],
    },
    Case {
        name: "service variables first, then AWS_ENDPOINT_URL",
        config: SERVICES,
        profile: "p",
        region: "eu-west-1",
        env: &[
            ("AWS_ENDPOINT_URL_STS", "http://env-sts:5/"),
            ("AWS_ENDPOINT_URL_SIGNIN", "http://env-signin:6"),
            ("AWS_ENDPOINT_URL", "http://env-global:7//"),
        ],
    },
    Case {
        name: "empty variables count as unset",
        config: SERVICES,
        profile: "p",
        region: "eu-west-1",
        env: &[("AWS_ENDPOINT_URL_SSO_OIDC", ""), ("AWS_ENDPOINT_URL", "")],
    },
    Case {
        name: "AWS_ENDPOINT_URL without any endpoint config",
        config: SERVICES,
        profile: "bare",
        region: "ap-southeast-2",
        env: &[("AWS_ENDPOINT_URL", "https://localhost:4566")],
    },
    Case {
        name: "ignored through the environment (any case)",
        config: SERVICES,
        profile: "p",
        region: "eu-west-1",
        env: &[
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"),
            ("AWS_ENDPOINT_URL_STS", "http://env-sts:5"),
        ],
    },
    Case {
        name: "not ignored for values other than true",
        config: SERVICES,
        profile: "p",
        region: "eu-west-1",
        env: &[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "1")],
    },
    Case {
        name: "ignored through the profile",
        config: "[profile p]\nregion = eu-west-1\nendpoint_url = http://profile:1\nignore_configured_endpoint_urls = True\n",
        profile: "p",
        region: "eu-west-1",
        env: &[("AWS_ENDPOINT_URL", "http://env-global:7")],
    },
    Case {
        name: "a set but empty variable overrides the profile's ignore setting",
        config: "[profile p]\nregion = eu-west-1\nendpoint_url = http://profile:1\nignore_configured_endpoint_urls = true\n",
        profile: "p",
        region: "eu-west-1",
        env: &[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "")],
    },
    Case {
        name: "fixture 20: services section shared by name",
        config: include_str!("fixtures/configs/20-nested-services/config"),
        profile: "local",
        region: "us-east-1",
        env: &[],
    },
    Case {
        name: "fixture 20: a nested sts = in the profile itself is not an override",
        config: include_str!("fixtures/configs/20-nested-services/config"),
        profile: "inline-services",
        region: "eu-west-1",
        env: &[],
    },
];

fn botocore(case: &Case, home: &Path) -> HashMap<String, String> {
    let out = Command::new("python3")
        .args(["-c", BOTOCORE, case.profile, case.region])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .envs(case.env.iter().copied())
        .output()
        .expect("python3 with boto3 is needed (see .ci/run)");
    assert!(
        out.status.success(),
        "{}: python failed:\n{}",
        case.name,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// botocore keeps a trailing slash in `meta.endpoint_url` and drops one when it
/// joins the request path; ssoenv drops it up front.
fn joinable(url: &str) -> &str {
    url.strip_suffix('/').unwrap_or(url)
}

fn check(case: &Case) {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aws")).unwrap();
    std::fs::write(home.path().join(".aws/config"), case.config).unwrap();
    let want = botocore(case, home.path());

    let mut vars = vec![("HOME", home.path().to_str().unwrap())];
    vars.extend(case.env.iter().copied());
    let env = Env::from_pairs(vars);
    let config = Config::load(&env).unwrap();
    let profile = config.profiles.get(case.profile);
    assert!(profile.is_some(), "{}", case.name);
    for (service, client) in [
        (Service::Sts, "sts"),
        (Service::Sso, "sso"),
        (Service::SsoOidc, "sso-oidc"),
        (Service::Signin, "signin"),
    ] {
        let got = endpoints::resolve(service, case.region, profile, &config, &env);
        // botocore's `signin` client is the regional OAuth service; ssoenv's
        // Signin default is the console federation host, so only overrides compare.
        if service == Service::Signin && got.source == EndpointSource::Default {
            continue;
        }
        assert_eq!(
            got.url,
            joinable(&want[client]),
            "{}: {client} (ssoenv took it from {})",
            case.name,
            got.source
        );
    }
}

#[test]
fn endpoints_agree_with_botocore() {
    std::thread::scope(|scope| {
        for case in CASES {
            scope.spawn(move || check(case));
        }
    });
}

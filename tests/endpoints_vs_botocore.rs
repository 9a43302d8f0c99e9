//! ssoenv calls the same URLs the AWS CLI would: for each configuration here,
//! `endpoints::resolve` agrees with the `meta.endpoint_url` of botocore's
//! `sts`, `sso` and `sso-oidc` clients, run in a clean environment (only HOME,
//! PATH and the variables under test) with its own HOME. For STS also the
//! region: `endpoints::client_region` and `endpoints::sts` agree with the URL
//! and the credential scope of the request botocore signs.

#[path = "support/python.rs"]
mod python;
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
    run_botocore(
        BOTOCORE,
        case.name,
        &[case.profile, case.region],
        case.env,
        home,
    )
}

/// Runs `script` (with `args`) under botocore in a clean environment (`env`,
/// HOME and PATH only); its stdout is a JSON object of strings.
fn run_botocore(
    script: &str,
    name: &str,
    args: &[&str],
    env: &[(&str, &str)],
    home: &Path,
) -> HashMap<String, String> {
    let out = Command::new(python::python3())
        .arg("-c")
        .arg(script)
        .args(args)
        .env_clear()
        .env("PATH", python::path())
        .env("HOME", home)
        .envs(env.iter().copied())
        .output()
        .expect("python3 with boto3 is needed (see .ci/run)");
    assert!(
        out.status.success(),
        "{name}: python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// botocore keeps a trailing slash in `meta.endpoint_url` and drops one when it
/// joins the request path; ssoenv drops it up front.
fn joinable(url: &str) -> &str {
    url.strip_suffix('/').unwrap_or(url)
}

/// A HOME whose ~/.aws/config is `config`, and ssoenv's view of it with `vars`.
fn home_with(config: &str, vars: &[(&str, &str)]) -> (tempfile::TempDir, Env, Config) {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".aws")).unwrap();
    std::fs::write(home.path().join(".aws/config"), config).unwrap();
    let mut all = vec![("HOME", home.path().to_str().unwrap())];
    all.extend(vars.iter().copied());
    let env = Env::from_pairs(all);
    let config = Config::load(&env).unwrap();
    (home, env, config)
}

fn check(case: &Case) {
    let (home, env, config) = home_with(case.config, case.env);
    let want = botocore(case, home.path());
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

/// The URL and the signing region of the request a botocore `sts` client sends
/// (caught before it leaves); the region from the session unless given.
const BOTOCORE_STS: &str = r#"
import boto3, json, sys
from botocore.awsrequest import AWSResponse
session = boto3.Session(profile_name=sys.argv[1])
region = sys.argv[2] if sys.argv[2] != "-" else None
client = session.client("sts", region_name=region,
                        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")
sent = {}
def catch(request, **_):
    auth = request.headers["Authorization"]
    auth = auth.decode() if isinstance(auth, bytes) else auth
    sent["url"] = request.url
    sent["signing_region"] = auth.split("Credential=")[1].split("/")[2]
    return AWSResponse(request.url, 200, {}, None)
client.meta.events.register("before-send", catch)
try:
    client.get_caller_identity()
except Exception:
    pass
print(json.dumps(sent))
"#;

const STS_CONFIG: &str = "[profile bare]\n\
    [profile eu]\nregion = eu-west-1\n\
    [profile legacy]\nregion = eu-west-1\nsts_regional_endpoints = legacy\n\
    [profile legacy-hk]\nregion = ap-east-1\nsts_regional_endpoints = legacy\n\
    [profile fips]\nregion = us-east-1\nuse_fips_endpoint = true\n\
    [profile dual]\nregion = us-east-1\nuse_dualstack_endpoint = TRUE\n\
    [profile both]\nregion = us-east-1\nuse_fips_endpoint = True\nuse_dualstack_endpoint = true\n";

struct StsCase {
    name: &'static str,
    profile: &'static str,
    /// ssoenv's `--region`, botocore's `region_name`.
    region: Option<&'static str>,
    env: &'static [(&'static str, &'static str)],
}

const fn sts_case(
    name: &'static str,
    profile: &'static str,
    region: Option<&'static str>,
    env: &'static [(&'static str, &'static str)],
) -> StsCase {
    StsCase {
        name,
        profile,
        region,
        env,
    }
}

const FIPS: (&str, &str) = ("AWS_USE_FIPS_ENDPOINT", "true");
const DUAL: (&str, &str) = ("AWS_USE_DUALSTACK_ENDPOINT", "true");
const LEGACY: (&str, &str) = ("AWS_STS_REGIONAL_ENDPOINTS", "legacy");

const STS_CASES: &[StsCase] = &[
    sts_case("no region anywhere: aws-global", "bare", None, &[]),
    sts_case("aws-global", "eu", Some("aws-global"), &[]),
    sts_case("regional by default", "eu", None, &[]),
    sts_case("legacy in a legacy region", "legacy", None, &[]),
    sts_case("legacy in a non-legacy region", "legacy-hk", None, &[]),
    sts_case("legacy with aws-global", "legacy", Some("aws-global"), &[]),
    sts_case("legacy in China", "legacy", Some("cn-north-1"), &[]),
    sts_case(
        "legacy from the environment",
        "eu",
        Some("us-east-1"),
        &[LEGACY],
    ),
    sts_case(
        "regional from the environment over the profile's legacy",
        "legacy",
        None,
        &[("AWS_STS_REGIONAL_ENDPOINTS", "regional")],
    ),
    sts_case(
        "an empty variable over the profile's legacy",
        "legacy",
        None,
        &[("AWS_STS_REGIONAL_ENDPOINTS", "")],
    ),
    sts_case("FIPS", "fips", None, &[]),
    sts_case("dual-stack", "dual", None, &[]),
    sts_case("FIPS and dual-stack", "both", None, &[]),
    sts_case("FIPS, China", "fips", Some("cn-north-1"), &[]),
    sts_case("dual-stack, China", "dual", Some("cn-north-1"), &[]),
    sts_case("both, China", "both", Some("cn-north-1"), &[]),
    sts_case("FIPS, GovCloud", "fips", Some("us-gov-west-1"), &[]),
    sts_case("dual-stack, GovCloud", "dual", Some("us-gov-west-1"), &[]),
    sts_case("both, GovCloud", "both", Some("us-gov-west-1"), &[]),
    sts_case("dual-stack, ISO", "dual", Some("us-iso-east-1"), &[]),
    sts_case(
        "legacy gives way to FIPS",
        "legacy",
        Some("us-east-1"),
        &[FIPS],
    ),
    sts_case("legacy gives way to dual-stack", "legacy", None, &[DUAL]),
    sts_case("FIPS with aws-global", "eu", Some("aws-global"), &[FIPS]),
    sts_case("dual-stack with no region", "bare", None, &[DUAL]),
    sts_case(
        "variables over the profile's flags",
        "both",
        None,
        &[
            ("AWS_USE_FIPS_ENDPOINT", "false"),
            ("AWS_USE_DUALSTACK_ENDPOINT", ""),
        ],
    ),
    sts_case(
        "variables in any case",
        "eu",
        None,
        &[
            ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "True"),
        ],
    ),
    sts_case(
        "only true is true",
        "eu",
        None,
        &[
            ("AWS_USE_FIPS_ENDPOINT", "1"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "yes"),
        ],
    ),
    sts_case("a FIPS pseudo-region", "eu", Some("us-east-1-fips"), &[]),
    sts_case(
        "AWS_DEFAULT_REGION over the profile's region",
        "legacy",
        None,
        &[("AWS_DEFAULT_REGION", "ap-east-1")],
    ),
    // AWS_REGION is left out on purpose: ssoenv reads it before
    // AWS_DEFAULT_REGION, as the AWS CLI v2 does, while PyPI botocore ignores
    // it (src/endpoints.rs tests that order).
    sts_case(
        "--region over AWS_DEFAULT_REGION",
        "eu",
        Some("sa-east-1"),
        &[("AWS_DEFAULT_REGION", "ap-east-1")],
    ),
    sts_case(
        "a configured endpoint wins, signed for the region",
        "both",
        None,
        &[("AWS_ENDPOINT_URL_STS", "http://localhost:4566"), LEGACY],
    ),
    sts_case(
        "a configured endpoint with aws-global",
        "legacy",
        Some("aws-global"),
        &[("AWS_ENDPOINT_URL", "http://localhost:4566/")],
    ),
];

fn botocore_sts(case: &StsCase, home: &Path) -> HashMap<String, String> {
    let args = [case.profile, case.region.unwrap_or("-")];
    run_botocore(BOTOCORE_STS, case.name, &args, case.env, home)
}

fn check_sts(case: &StsCase) {
    let (home, env, config) = home_with(STS_CONFIG, case.env);
    let want = botocore_sts(case, home.path());
    let profile = config.profiles.get(case.profile);
    assert!(profile.is_some(), "{}", case.name);
    let region = endpoints::client_region(case.region, profile, &env);
    let got = endpoints::sts(region, profile, &config, &env);
    assert_eq!(
        (got.endpoint.url.as_str(), got.signing_region.as_str()),
        (joinable(&want["url"]), want["signing_region"].as_str()),
        "{} (ssoenv: region {region:?}, URL from {})",
        case.name,
        got.endpoint.source
    );
}

#[test]
fn sts_endpoints_and_signing_regions_agree_with_botocore() {
    // Two at a time: each case starts a Python.
    for pair in STS_CASES.chunks(2) {
        std::thread::scope(|scope| {
            for case in pair {
                scope.spawn(move || check_sts(case));
            }
        });
    }
}

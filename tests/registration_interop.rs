//! The client-registration cache is shared with the AWS CLI v2, checked
//! against the CLI's own code (Debian's `awscli` package, a real CLI v2,
//! whose `SSOTokenFetcher` is driven here against the fake AWS): the same
//! file name for every combination of scopes and session, a registration the
//! CLI wrote is reused by ssoenv with no `RegisterClient`, and the reverse;
//! a registration made for the other flow is replaced, as the current CLI
//! replaces it.

mod common;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::{START_URL, World, stderr};
use serde_json::Value;
use ssoenv::config::profile::SsoSession;
use ssoenv::sso::token_cache;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian's AWS CLI v2 runs on Debian's Python.
const CLI_PYTHON: &str = "/usr/bin/python3";

/// Runs `script` with the AWS CLI v2's modules importable; `FAKE` is the
/// fake's URL.
fn aws_cli(script: &str, home: &Path, fake: &str) -> String {
    let out = Command::new(CLI_PYTHON)
        .args(["-c", script])
        .env_clear()
        .env("HOME", home)
        .env("PATH", "/usr/bin:/bin")
        .env("FAKE", fake)
        .env("PYTHONUTF8", "1")
        .output()
        .expect("Debian's python3 is needed (see .ci/run)");
    assert!(
        out.status.success(),
        "the AWS CLI's code failed (is Debian's awscli installed? see .ci/run):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Python that builds the CLI's SSOTokenFetcher for region R against the fake,
/// caching in ~/.aws/sso/cache as `aws sso login` does.
const FETCHER: &str = r#"
import awscli, os, sys, json
from botocore.session import Session
from botocore.utils import SSOTokenFetcher
from botocore.credentials import JSONFileCache
from awscli.customizations.sso.utils import _sso_json_dumps
session = Session()
def create_client(name, **kw):
    return session.create_client(name, endpoint_url=os.environ["FAKE"], **kw)
def fetcher(region):
    cache = JSONFileCache(os.path.expanduser("~/.aws/sso/cache"), dumps_func=_sso_json_dumps)
    return SSOTokenFetcher(region, create_client, cache=cache,
                           on_pending_authorization=lambda **kw: None, sleep=lambda s: None)
"#;

#[test]
fn the_file_name_is_the_aws_clis_for_every_scope_and_session_shape() {
    let home = tempfile::tempdir().unwrap();
    // (session name, configured scopes, region)
    type Case<'a> = (Option<&'a str>, Option<Vec<&'a str>>, &'a str);
    let cases: Vec<Case> = vec![
        (Some("corp"), None, "us-east-1"),
        (Some("corp"), Some(vec![]), "us-east-1"),
        (Some("corp"), Some(vec!["sso:account:access"]), "eu-west-1"),
        (
            Some("corp-ß"),
            Some(vec!["sso:account:access", "ünï:scope"]),
            "us-east-1",
        ),
        (None, None, "us-east-1"),
        (None, Some(vec!["sso:account:access"]), "ap-southeast-2"),
    ];
    let mut script = FETCHER.to_string();
    for (name, scopes, region) in &cases {
        script.push_str(&format!(
            "print(fetcher({region:?})._registration_cache_key({START_URL:?}, {}, {}))\n",
            name.map_or("None".to_string(), |n| format!("{n:?}")),
            scopes
                .as_ref()
                .map_or("None".to_string(), |s| format!("{s:?}")),
        ));
    }
    let cli_keys = aws_cli(&script, home.path(), "http://127.0.0.1:9");
    let ours: Vec<String> = cases
        .iter()
        .map(|(name, scopes, region)| {
            let session = SsoSession {
                name: name.map(str::to_string),
                start_url: START_URL.into(),
                region: "us-east-1".into(),
                scopes: scopes
                    .as_ref()
                    .map(|s| s.iter().map(|x| x.to_string()).collect()),
                login_flow: None,
            };
            token_cache::registration_key(&session, region)
        })
        .collect();
    assert_eq!(cli_keys.lines().collect::<Vec<_>>(), ours);
}

fn config() -> String {
    format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\nregion = eu-west-1\n\
         [profile legacy]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n\
         sso_account_id = 222222222222\nsso_role_name = ReadOnly\n\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n\
         sso_registration_scopes = sso:account:access\n"
    )
}

fn cache_dir(w: &World) -> PathBuf {
    w.path().join(".aws/sso/cache")
}

/// The one registration file of the session (`name` None: legacy), read.
fn registration(w: &World, name: Option<&str>, scopes: Option<&[&str]>) -> Value {
    let session = SsoSession {
        name: name.map(str::to_string),
        start_url: START_URL.into(),
        region: "us-east-1".into(),
        scopes: scopes.map(|s| s.iter().map(|x| x.to_string()).collect()),
        login_flow: None,
    };
    let path = cache_dir(w).join(format!(
        "{}.json",
        token_cache::registration_key(&session, "us-east-1")
    ));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("no registration at {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn login(w: &World, args: &[&str]) {
    let mut c = w.ssoenv_command(args);
    c.env("SSOENV_LOGIN_TIMEOUT", "20");
    let out = c.output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
}

fn cli_sign_in(w: &World, session: Option<&str>, scopes: Option<&[&str]>) {
    let script = format!(
        "{FETCHER}fetcher('us-east-1').fetch_token({START_URL:?}, force_refresh=True, \
         session_name={}, registration_scopes={})\n",
        session.map_or("None".to_string(), |s| format!("{s:?}")),
        scopes.map_or("None".to_string(), |s| format!("{s:?}")),
    );
    aws_cli(&script, w.path(), w.fake.url());
}

#[test]
fn a_registration_the_aws_cli_wrote_is_reused_and_the_reverse() {
    let w = World::with_config(&config());
    w.fake.set_auto_approve(true);
    let scopes: &[&str] = &["sso:account:access"];

    // The CLI signs in (device flow) first: ssoenv's device flow reuses its client.
    cli_sign_in(&w, Some("corp"), Some(scopes));
    assert_eq!(w.fake.count("RegisterClient"), 1);
    let cli_reg = registration(&w, Some("corp"), Some(scopes));
    assert_eq!(cli_reg.get("grantTypes"), None, "{cli_reg}");
    login(&w, &["login", "dev", "--device-code", "--force"]);
    assert_eq!(w.fake.count("RegisterClient"), 1, "ssoenv registered again");
    assert_eq!(w.fake.count("StartDeviceAuthorization"), 2);
    assert_eq!(registration(&w, Some("corp"), Some(scopes)), cli_reg);
    // The device registration asked for sso:account:access: the token refreshes.
    let token: Value = serde_json::from_str(
        &std::fs::read_to_string(cache_dir(&w).join(common::CORP_FILE)).unwrap(),
    )
    .unwrap();
    assert_eq!(token["clientId"], cli_reg["clientId"]);
    assert!(token.get("refreshToken").is_some(), "{token}");

    // The authorization-code flow does not take a device registration: it
    // registers anew with its grants and replaces the file, as the CLI does.
    login(&w, &["login", "dev", "--force"]);
    assert_eq!(w.fake.count("RegisterClient"), 2);
    let pkce_reg = registration(&w, Some("corp"), Some(scopes));
    assert_ne!(pkce_reg["clientId"], cli_reg["clientId"]);
    assert_eq!(
        pkce_reg["grantTypes"],
        serde_json::json!(["authorization_code", "refresh_token"])
    );
    assert_eq!(
        pkce_reg["scopes"],
        serde_json::json!(["sso:account:access"])
    );
    let body = &w.fake.requests_for("RegisterClient")[1].body;
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body["redirectUris"],
        serde_json::json!(["http://127.0.0.1/oauth/callback"])
    );
    assert_eq!(body["issuerUrl"], START_URL);

    // Now the device flow again: the CLI (whose 2.9 fetcher predates
    // grantTypes) would reuse any file; ssoenv writes what both can use.
    login(&w, &["login", "dev", "--device-code", "--force"]);
    assert_eq!(w.fake.count("RegisterClient"), 3);
    let dev_reg = registration(&w, Some("corp"), Some(scopes));
    assert_eq!(dev_reg.get("grantTypes"), None, "{dev_reg}");
    let body: Value = serde_json::from_str(&w.fake.requests_for("RegisterClient")[2].body).unwrap();
    let mut keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["clientName", "clientType", "scopes"], "{body}");

    // ssoenv's device registration is reused by the CLI: no RegisterClient.
    std::fs::remove_file(cache_dir(&w).join(common::CORP_FILE)).unwrap();
    cli_sign_in(&w, Some("corp"), Some(scopes));
    assert_eq!(
        w.fake.count("RegisterClient"),
        3,
        "the CLI registered again"
    );
}

#[test]
fn legacy_profiles_share_the_registration_hashed_with_null_scopes_and_session() {
    let w = World::with_config(&config());
    w.fake.set_auto_approve(true);
    login(&w, &["login", "legacy"]);
    assert_eq!(w.fake.count("RegisterClient"), 1);
    let reg = registration(&w, None, None);
    assert_eq!(reg.get("scopes"), None, "{reg}");
    assert_eq!(reg.get("grantTypes"), None, "{reg}");
    let body: Value = serde_json::from_str(&w.fake.requests_for("RegisterClient")[0].body).unwrap();
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["clientName", "clientType"],
        "{body}"
    );
    // The CLI finds it under the same name and reuses it.
    cli_sign_in(&w, None, None);
    assert_eq!(
        w.fake.count("RegisterClient"),
        1,
        "the CLI registered again"
    );
    // And ssoenv reuses one the CLI made.
    for f in std::fs::read_dir(cache_dir(&w)).unwrap().flatten() {
        std::fs::remove_file(f.path()).unwrap();
    }
    cli_sign_in(&w, None, None);
    assert_eq!(w.fake.count("RegisterClient"), 2);
    login(&w, &["login", "legacy", "--force"]);
    assert_eq!(w.fake.count("RegisterClient"), 2, "ssoenv registered again");
}

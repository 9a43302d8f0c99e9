//! The role-credential cache `~/.aws/cli/cache` is shared with the AWS CLI:
//! ssoenv names entries as botocore's own fetchers do (asked of botocore for
//! each profile), the real `aws` command uses an entry ssoenv wrote (against
//! the fake AWS, without calling AssumeRole), and ssoenv reads the files
//! botocore's fetchers write (datetime expirations included), byte for byte.

#[path = "fake_aws/mod.rs"]
mod fake_aws;
#[path = "support/python.rs"]
mod python;

use ssoenv::config::Config;
use ssoenv::config::profile::{AssumeRole, RoleSource, Source, SsoRole, SsoSession};
use ssoenv::creds::cache::{self, CachedCredentials, EXPIRY_WINDOW_SECS};
use ssoenv::env::Env;
use ssoenv::sso::token_cache::format_time;
use std::path::Path;
use std::process::{Command, Output};
use time::OffsetDateTime;

fn run(program: &str, args: &[&str], home: &Path, extra_env: &[(&str, String)]) -> Output {
    Command::new(program)
        .args(args)
        .env_clear()
        .env("PATH", python::path())
        .env("HOME", home)
        .env("PYTHONUTF8", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(extra_env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap_or_else(|e| panic!("{program} is needed (see .ci/run): {e}"))
}

fn python(script: &str, args: &[&str], home: &Path, extra_env: &[(&str, String)]) -> String {
    let mut all = vec!["-c", script];
    all.extend(args);
    let out = run(&python::python3_str(), &all, home, extra_env);
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn home_with(config: &str, credentials: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(aws.join("config"), config).unwrap();
    std::fs::write(aws.join("credentials"), credentials).unwrap();
    home
}

fn env_of(home: &Path) -> Env {
    Env::from_pairs([("HOME", home.to_str().unwrap())])
}

/// ssoenv's cache key for a profile.
fn key_of(config: &Config, profile: &str) -> String {
    match config.resolve(profile).unwrap().source {
        Source::Sso(role) => cache::sso_key(&role),
        Source::AssumeRole(role) => cache::assume_role_key(&role),
        other => panic!("{profile} is {other:?}"),
    }
}

const CONFIG: &str = r#"[profile sso]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = AdministratorAccess

[profile sso-unicode-session]
sso_session = corp-ß
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile legacy]
sso_start_url = https://d-92671207e4.awsapps.com/start
sso_region = us-east-1
sso_account_id = 1234567890
sso_role_name = test-role

[profile legacy-odd]
sso_start_url = https://d-abc.awsapps.com/start/#/é?x="y"
sso_region = eu-west-1
sso_account_id = 333333333333
sso_role_name = Rôle\Name

[profile role]
role_arn = arn:aws:iam::123456789012:role/Deploy
source_profile = src

[profile role-full]
role_arn = arn:aws:iam::123456789012:role/path/Deploy
source_profile = src
role_session_name = ssoenv-é
external_id = ext "quoted" / :colon: ünï
mfa_serial = arn:aws:iam::123456789012:mfa/me
duration_seconds = 0900

[profile role-empty-session-name]
role_arn = arn:aws:iam::123456789012:role/Deploy
source_profile = src
role_session_name =

[profile role-from-env]
role_arn = arn:aws:iam::123456789012:role/FromEnv
credential_source = Environment
duration_seconds = 43200

[profile role-chained]
role_arn = arn:aws:iam::999999999999:role/Second
source_profile = role-full
external_id =

[sso-session corp]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1

[sso-session corp-ß]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1
"#;

const CREDENTIALS: &str =
    "[src]\naws_access_key_id = AKIASOURCEKEY0000001\naws_secret_access_key = source-secret\n";

/// For each profile, the key botocore's fetcher looks up in the cache the AWS
/// CLI gives it: the lookup is recorded and then stopped, before any call.
const BOTOCORE_KEYS: &str = r#"
import sys, botocore.session

class Looked(Exception):
    pass

class Recorder:
    def __contains__(self, key):
        raise Looked(key)

for name in sys.argv[1:]:
    session = botocore.session.Session(profile=name)
    chain = session.get_component("credential_provider")
    for provider in ("assume-role", "sso"):
        chain.get_provider(provider).cache = Recorder()
    try:
        session.get_credentials().get_frozen_credentials()
        print(name, "NO-LOOKUP")
    except Looked as looked:
        print(name, looked.args[0])
"#;

#[test]
fn cache_keys_match_botocore_fetchers() {
    let home = home_with(CONFIG, CREDENTIALS);
    let config = Config::load(&env_of(home.path())).unwrap();
    let profiles = [
        "sso",
        "sso-unicode-session",
        "legacy",
        "legacy-odd",
        "role",
        "role-full",
        "role-empty-session-name",
        "role-from-env",
        "role-chained",
    ];
    let out = python(
        BOTOCORE_KEYS,
        &profiles,
        home.path(),
        &[
            ("AWS_ACCESS_KEY_ID", "AKIAFROMENV000000001".into()),
            ("AWS_SECRET_ACCESS_KEY", "env-secret".into()),
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), profiles.len(), "{out}");
    for (profile, line) in profiles.iter().zip(lines) {
        let (name, want) = line.split_once(' ').unwrap();
        assert_eq!(name, *profile);
        assert_eq!(key_of(&config, profile), want, "{profile}");
    }
    // The vector of aws-facts §4 is the `legacy` profile.
    assert_eq!(
        key_of(&config, "legacy"),
        "048db75bbe50955c16af7aba6ff9c41a3131bb7e"
    );
}

#[test]
fn the_aws_cli_uses_role_credentials_ssoenv_cached() {
    let fake = fake_aws::FakeAws::start();
    // The cached credentials are a key only the fake knows, with a session token:
    // a signed call with them can only come from the cache file.
    let cached_key = "ASIACACHEDBYSSOENV01";
    let token = "session-token-from-the-ssoenv-cache";
    let resp = fake_aws::client::post_json(
        &format!("{}/_fake/static-keys", fake.url()),
        &serde_json::json!({"accessKeyId": cached_key, "secretAccessKey": "cached/secret+key",
            "account": "123456789012", "user": "cached-role", "sessionToken": token}),
    )
    .unwrap();
    assert_eq!(resp.status, 200, "{}", resp.body);

    let home = home_with(
        &format!(
            "{CONFIG}[profile role-near-expiry]\nrole_arn = arn:aws:iam::123456789012:role/Near\nsource_profile = src\n"
        ),
        CREDENTIALS,
    );
    let env = env_of(home.path());
    let config = Config::load(&env).unwrap();
    let dir = cache::cache_dir(&env).unwrap();
    let now = OffsetDateTime::now_utc();
    let fresh = CachedCredentials {
        access_key_id: cached_key.into(),
        secret_access_key: "cached/secret+key".into(),
        session_token: Some(token.into()),
        expiration: now + time::Duration::hours(1),
        account_id: Some("123456789012".into()),
        provider_type: None,
    };
    cache::write(
        &cache::cache_path(&dir, &key_of(&config, "role-full")),
        &fresh,
    )
    .unwrap();
    let near = CachedCredentials {
        expiration: now + time::Duration::minutes(10),
        ..fresh.clone()
    };
    assert!(fresh.usable(now, EXPIRY_WINDOW_SECS));
    assert!(!near.usable(now, EXPIRY_WINDOW_SECS));
    cache::write(
        &cache::cache_path(&dir, &key_of(&config, "role-near-expiry")),
        &near,
    )
    .unwrap();
    cache::write(
        &cache::cache_path(&dir, &key_of(&config, "sso")),
        &CachedCredentials {
            provider_type: Some("sso".into()),
            account_id: Some("111111111111".into()),
            ..fresh.clone()
        },
    )
    .unwrap();

    let mut aws_env = fake.env();
    aws_env.push(("AWS_DEFAULT_REGION", "us-east-1".into()));
    // role-full has mfa_serial: a cache miss would prompt, so stdin is closed.
    let who = |profile: &str| {
        run(
            "aws",
            &[
                "sts",
                "get-caller-identity",
                "--profile",
                profile,
                "--output",
                "json",
            ],
            home.path(),
            &aws_env,
        )
    };
    let out = who("role-full");
    assert!(
        out.status.success(),
        "aws failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let identity: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        identity["Arn"], "arn:aws:iam::123456789012:user/cached-role",
        "{identity}"
    );
    assert_eq!(fake.count("AssumeRole"), 0);
    let calls = fake.requests_for("GetCallerIdentity");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].header("x-amz-security-token"), Some(token));

    // An entry inside botocore's 15-minute window is not used: the AWS CLI
    // calls AssumeRole (which the fake refuses: the source key is unknown).
    let out = who("role-near-expiry");
    assert!(!out.status.success());
    assert_eq!(fake.count("AssumeRole"), 1);

    // SSO entries: the AWS CLI v1 keeps them in memory only, v2 in this folder;
    // botocore with v2's file cache uses ssoenv's entry without any SSO token.
    let out = python(
        r#"
import os, boto3
from botocore.utils import JSONFileCache
session = boto3.Session(profile_name="sso")
chain = session._session.get_component("credential_provider")
chain.get_provider("sso").cache = JSONFileCache(os.path.expanduser("~/.aws/cli/cache"))
print(session.client("sts", region_name="us-east-1").get_caller_identity()["Arn"])
"#,
        &[],
        home.path(),
        &aws_env,
    );
    assert_eq!(out.trim(), "arn:aws:iam::123456789012:user/cached-role");
    assert_eq!(fake.count("GetRoleCredentials"), 0);
}

/// botocore's fetchers, with stubbed STS and SSO clients, write their
/// responses to the AWS CLI's cache folder; prints each fetcher's key, then
/// each file as written.
const BOTOCORE_WRITES: &str = r#"
import datetime, json, os, types
import botocore.session
from botocore.credentials import AssumeRoleCredentialFetcher, Credentials, SSOCredentialFetcher
from botocore.stub import Stubber
from botocore.utils import JSONFileCache
from dateutil.tz import tzutc

cache_dir = os.path.expanduser("~/.aws/cli/cache")
cache = JSONFileCache(cache_dir)
session = botocore.session.Session()

def creator(operation, response):
    def create(name, **kwargs):
        kwargs.setdefault("aws_access_key_id", "AKIDEXAMPLE")
        kwargs.setdefault("aws_secret_access_key", "x")
        client = session.create_client(name, region_name="us-east-1", **kwargs)
        stub = Stubber(client)
        stub.add_response(operation, response)
        stub.activate()
        return client
    return create

sts = creator("assume_role", {
    "Credentials": {"AccessKeyId": "ASIAASSUMEDROLE00001", "SecretAccessKey": "sts/secret",
                    "SessionToken": "sts-token-é",
                    "Expiration": datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=tzutc())},
    "AssumedRoleUser": {"AssumedRoleId": "AROAEXAMPLE:ssoenv-é",
                        "Arn": "arn:aws:sts::123456789012:assumed-role/Deploy/ssoenv-é"},
})
role = AssumeRoleCredentialFetcher(sts, Credentials("AKIASOURCEKEY0000001", "s"),
    "arn:aws:iam::123456789012:role/Deploy",
    extra_args={"RoleSessionName": "ssoenv-é", "ExternalId": "ext", "DurationSeconds": 3600},
    cache=cache)
role.fetch_credentials()

portal = creator("get_role_credentials", {"roleCredentials": {
    "accessKeyId": "ASIASSOROLE000000001", "secretAccessKey": "sso/secret",
    "sessionToken": "sso-token", "expiration": 1893553445000}})
token = types.SimpleNamespace(load_token=lambda: types.SimpleNamespace(
    get_frozen_token=lambda: types.SimpleNamespace(token="access-token")))
sso = SSOCredentialFetcher("https://d-abc123.awsapps.com/start", "us-east-1", "AdministratorAccess",
    "111111111111", portal, token_provider=token, sso_session_name="corp", cache=cache)
sso.fetch_credentials()

for fetcher in (role, sso):
    print(fetcher._cache_key)
for fetcher in (role, sso):
    with open(os.path.join(cache_dir, fetcher._cache_key + ".json")) as f:
        print(f.read())
"#;

#[test]
fn ssoenv_reads_what_botocore_fetchers_wrote() {
    let home = tempfile::tempdir().unwrap();
    let out = python(BOTOCORE_WRITES, &[], home.path(), &[]);
    let lines: Vec<&str> = out.lines().collect();
    let [role_key, sso_key, role_file, sso_file] = lines[..] else {
        panic!("{out}")
    };
    let role = AssumeRole {
        role_arn: "arn:aws:iam::123456789012:role/Deploy".into(),
        source: RoleSource::Profile("src".into()),
        role_session_name: Some("ssoenv-é".into()),
        external_id: Some("ext".into()),
        mfa_serial: None,
        duration_seconds: Some(3600),
    };
    let sso = SsoRole {
        account_id: "111111111111".into(),
        role_name: "AdministratorAccess".into(),
        session: SsoSession {
            name: Some("corp".into()),
            start_url: "https://d-abc123.awsapps.com/start".into(),
            region: "us-east-1".into(),
            scopes: None,
            login_flow: None,
        },
    };
    assert_eq!(cache::assume_role_key(&role), role_key);
    assert_eq!(cache::sso_key(&sso), sso_key);

    let dir = cache::cache_dir(&env_of(home.path())).unwrap();
    let got = cache::read(&cache::cache_path(&dir, role_key))
        .unwrap()
        .unwrap();
    // botocore writes the datetime as `%Y-%m-%dT%H:%M:%S%Z`.
    assert!(role_file.contains(r#""Expiration": "2030-01-02T03:04:05UTC""#));
    assert_eq!(got.access_key_id, "ASIAASSUMEDROLE00001");
    assert_eq!(got.secret_access_key, "sts/secret");
    assert_eq!(got.session_token.as_deref(), Some("sts-token-é"));
    assert_eq!(format_time(got.expiration), "2030-01-02T03:04:05Z");
    assert_eq!(got.account_id.as_deref(), Some("123456789012"));
    assert_eq!(got.provider_type, None);
    // ssoenv writes the same bytes the AWS CLI does for `Credentials`.
    let credentials_only = role_file
        .split_once(", \"AssumedRoleUser\"")
        .map(|(head, _)| format!("{head}}}"))
        .unwrap();
    assert_eq!(got.to_json(), credentials_only);

    let got = cache::read(&cache::cache_path(&dir, sso_key))
        .unwrap()
        .unwrap();
    assert_eq!(
        got,
        CachedCredentials {
            access_key_id: "ASIASSOROLE000000001".into(),
            secret_access_key: "sso/secret".into(),
            session_token: Some("sso-token".into()),
            expiration: time::macros::datetime!(2030-01-02 03:04:05 UTC),
            account_id: Some("111111111111".into()),
            provider_type: Some("sso".into()),
        }
    );
    assert_eq!(got.to_json(), sso_file);
}

#[test]
fn botocore_reads_what_ssoenv_wrote() {
    let home = tempfile::tempdir().unwrap();
    let dir = cache::cache_dir(&env_of(home.path())).unwrap();
    let creds = CachedCredentials {
        access_key_id: "ASIAEXAMPLE000000001".into(),
        secret_access_key: "sécret/\"key\"".into(),
        session_token: None,
        expiration: time::macros::datetime!(2030-01-02 03:04:05 UTC),
        account_id: None,
        provider_type: None,
    };
    cache::write(&cache::cache_path(&dir, "no-token"), &creds).unwrap();
    cache::write(
        &cache::cache_path(&dir, "sso"),
        &CachedCredentials {
            session_token: Some("tok".into()),
            account_id: Some("111111111111".into()),
            provider_type: Some("sso".into()),
            ..creds.clone()
        },
    )
    .unwrap();
    let out = python(
        r#"
import os
from botocore.credentials import _parse_if_needed, _serialize_if_needed
from botocore.utils import JSONFileCache
cache = JSONFileCache(os.path.expanduser("~/.aws/cli/cache"))
for key in ("no-token", "sso"):
    entry = cache[key]
    c = entry["Credentials"]
    print(entry.get("ProviderType"), c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"],
          _serialize_if_needed(_parse_if_needed(c["Expiration"]), iso=True), c.get("AccountId"))
"#,
        &[],
        home.path(),
        &[],
    );
    assert_eq!(
        out,
        "None ASIAEXAMPLE000000001 sécret/\"key\" None 2030-01-02T03:04:05+00:00 None\n\
         sso ASIAEXAMPLE000000001 sécret/\"key\" tok 2030-01-02T03:04:05+00:00 111111111111\n"
    );
}

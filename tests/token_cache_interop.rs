//! The SSO token cache is shared with the AWS CLI: botocore uses a token that
//! ssoenv wrote (against the fake AWS), and ssoenv reads a token botocore
//! wrote. (tests/registration_interop.rs checks the client-registration
//! cache against the AWS CLI v2's own code.)

#[path = "fake_aws/mod.rs"]
mod fake_aws;
#[path = "support/python.rs"]
mod python;

use ssoenv::config::profile::SsoSession;
use ssoenv::sso::token_cache::{self, Token};
use std::os::unix::fs::PermissionsExt;
use std::process::Command;
use std::time::Duration;
use time::OffsetDateTime;

fn python(script: &str, home: &std::path::Path, extra_env: &[(&str, String)]) -> String {
    let out = Command::new(python::python3())
        .args(["-c", script])
        .env_clear()
        .env("PATH", python::path())
        .env("HOME", home)
        .env("PYTHONUTF8", "1")
        .envs(extra_env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("python3 with botocore is needed (see .ci/run)");
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn session(name: &str) -> SsoSession {
    SsoSession {
        name: Some(name.into()),
        start_url: "https://d-abc123.awsapps.com/start".into(),
        region: "us-east-1".into(),
        scopes: None,
        login_flow: None,
    }
}

#[test]
fn botocore_uses_a_token_ssoenv_wrote() {
    let fake = fake_aws::FakeAws::start();
    let home = tempfile::tempdir().unwrap();
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("config"),
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = us-east-1\n\
         [sso-session corp]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-east-1\n",
    )
    .unwrap();
    let access = fake.issue_access_token("corp", Duration::from_secs(3600));
    let token = Token {
        start_url: Some("https://d-abc123.awsapps.com/start".into()),
        region: Some("us-east-1".into()),
        access_token: access.clone(),
        expires_at: OffsetDateTime::now_utc() + time::Duration::hours(1),
        client_id: None,
        client_secret: None,
        registration_expires_at: None,
        refresh_token: None,
        extra: Default::default(),
    };
    let dir = token_cache::cache_dir(&ssoenv::env::Env::from_pairs([(
        "HOME",
        home.path().to_str().unwrap(),
    )]))
    .unwrap();
    let path = token_cache::token_path(&dir, &session("corp"));
    token_cache::write(&path, &token).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );

    let mut env = fake.env();
    env.push(("AWS_CONFIG_FILE", aws.join("config").display().to_string()));
    let arn = python(
        "import boto3; print(boto3.Session(profile_name='dev').client('sts').get_caller_identity()['Arn'])",
        home.path(),
        &env,
    );
    assert!(arn.contains("AWSReservedSSO_AdministratorAccess"), "{arn}");
    let calls = fake.requests_for("GetRoleCredentials");
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].header("x-amz-sso_bearer_token"),
        Some(access.as_str())
    );
}

#[test]
fn ssoenv_reads_a_token_botocore_wrote() {
    let home = tempfile::tempdir().unwrap();
    let out = python(
        r#"
import datetime, hashlib, os
from botocore.utils import JSONFileCache
from botocore.tokens import _sso_json_dumps
cache = JSONFileCache(os.path.expanduser("~/.aws/sso/cache"), dumps_func=_sso_json_dumps)
exp = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
# botocore.tokens.SSOTokenProvider keys the cache by sha1 of the session name.
cache[hashlib.sha1(b"corp").hexdigest()] = {"startUrl": "https://d-abc123.awsapps.com/start", "region": "us-east-1",
  "accessToken": "tok-from-botocore", "expiresAt": exp, "clientId": "cid", "clientSecret": "csec",
  "registrationExpiresAt": exp, "refreshToken": "rt"}
"#,
        home.path(),
        &[],
    );
    assert!(out.is_empty());
    let dir = home.path().join(".aws/sso/cache");
    let token = token_cache::read(&token_cache::token_path(&dir, &session("corp")))
        .unwrap()
        .expect("the file botocore wrote is found under the same name");
    assert_eq!(token.access_token, "tok-from-botocore");
    assert_eq!(
        token_cache::format_time(token.expires_at),
        "2030-01-02T03:04:05Z"
    );
    assert_eq!(token.refresh_token.as_deref(), Some("rt"));
    assert!(token.refreshable(OffsetDateTime::now_utc()));
}

#[test]
fn a_corrupt_token_file_names_the_file_and_what_to_do() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("t.json");
    std::fs::write(&path, "{\"accessToken\": \"secret-tok\", \"expiresAt\": ").unwrap();
    let err = token_cache::read(&path).unwrap_err();
    let text = format!("{err} {}", err.hint().unwrap_or_default());
    assert!(
        text.contains("t.json") && text.contains("ssoenv login"),
        "{text}"
    );
    assert!(!text.contains("secret-tok"), "{text}");
}

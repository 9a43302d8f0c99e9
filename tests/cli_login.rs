//! `ssoenv login`, `logout` and `status` as a user runs them: the real binary,
//! a temp HOME, the fake AWS, and a "browser" that is a script following the URL.

mod common;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::python;
use fake_aws::{Fault, TokenRequest};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{START_URL, World, stderr};
/// sha1("corp") and sha1(START_URL): the AWS CLI's token file names.
const CORP_FILE: &str = "ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
const LEGACY_FILE: &str = "40a89917e3175433e361b710a9d43528d7f1890a.json";

fn world() -> World {
    World::with_config(&format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n\
                 [profile legacy]\nsso_start_url = {START_URL}\nsso_region = us-east-1\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n\
                 [profile keys]\naws_access_key_id = AKIA\naws_secret_access_key = s\n\
                 [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    ))
}

impl World {
    fn cache(&self) -> PathBuf {
        self.home.path().join(".aws/sso/cache")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = self.ssoenv_command(args);
        c.env("SSOENV_LOGIN_TIMEOUT", "20");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    fn write_token(&self, file: &str, json: &str) {
        std::fs::create_dir_all(self.cache()).unwrap();
        std::fs::write(self.cache().join(file), json).unwrap();
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn is_aws_time(v: &Value) -> bool {
    let s = v.as_str().unwrap_or_default();
    s.len() == 20 && s.ends_with('Z') && s.as_bytes()[10] == b'T' && !s.contains('.')
}

#[test]
fn pkce_login_writes_the_aws_cli_token_cache() {
    let w = world();
    let out = w.run(&["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("/authorize?response_type=code"),
        "URL is printed: {err}"
    );
    assert!(err.contains("signed in to sso-session corp"), "{err}");
    assert_eq!(w.browser_opened(), 1);

    let file = w.cache().join(CORP_FILE);
    let token = read_json(&file);
    for key in [
        "startUrl",
        "region",
        "accessToken",
        "expiresAt",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
        "refreshToken",
    ] {
        assert!(token.get(key).is_some(), "token cache lacks {key}: {token}");
    }
    assert_eq!(token["startUrl"], START_URL);
    assert_eq!(token["region"], "us-east-1");
    assert!(is_aws_time(&token["expiresAt"]) && is_aws_time(&token["registrationExpiresAt"]));
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&w.cache()), 0o700);
    assert!(
        w.fake
            .token_is_valid(token["accessToken"].as_str().unwrap())
    );

    // The flow at the endpoint: PKCE verified by the fake, the port-bearing redirect URI.
    let create = w.fake.requests_for("CreateToken");
    assert_eq!(create.len(), 1);
    let body: Value = serde_json::from_str(&create[0].body).unwrap();
    assert_eq!(body["grantType"], "authorization_code");
    assert!(
        body["redirectUri"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    let register: Value =
        serde_json::from_str(&w.fake.requests_for("RegisterClient")[0].body).unwrap();
    assert_eq!(
        register["redirectUris"][0],
        "http://127.0.0.1/oauth/callback"
    );

    // A second login finds the valid token and does nothing.
    w.fake.clear_requests();
    let again = w.run(&["login", "dev"]);
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("already signed in"),
        "{}",
        stderr(&again)
    );
    assert!(w.fake.requests().is_empty());
    assert_eq!(w.browser_opened(), 1);

    // --force signs in again, reusing the cached client registration.
    let forced = w.run(&["login", "dev", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(w.fake.count("RegisterClient"), 0);
    assert_eq!(w.fake.count("CreateToken"), 1);
    assert_ne!(read_json(&file)["accessToken"], token["accessToken"]);
}

#[test]
fn device_login_for_a_legacy_profile() {
    let w = world();
    let out = w.run(&["login", "legacy"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    // The verification URL and the code are always printed (the URL AWS
    // gives may not carry the code); the complete URL too, and it is opened.
    assert_eq!(w.fake.count("StartDeviceAuthorization"), 1);
    assert!(err.contains("/device\n\nand enter the code "), "{err}");
    assert!(err.contains("(or open http://"), "{err}");
    assert!(err.contains("/device?user_code="), "{err}");
    assert_eq!(w.browser_opened(), 1);
    let opened = std::fs::read_to_string(w.path().join("browser.log")).unwrap();
    assert!(opened.contains("/device?user_code="), "{opened}");
    let token = read_json(&w.cache().join(LEGACY_FILE));
    assert_eq!(token["startUrl"], START_URL);
    assert!(
        token.get("refreshToken").is_none(),
        "legacy device tokens have no refresh token"
    );
    let bodies: Vec<Value> = w
        .fake
        .requests_for("CreateToken")
        .iter()
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert!(
        bodies
            .iter()
            .all(|b| b["grantType"] == "urn:ietf:params:oauth:grant-type:device_code")
    );
}

#[test]
fn device_code_flag_and_no_browser_print_the_url_only() {
    use std::io::BufRead;
    let w = world();
    let mut child = w
        .cmd(&["login", "dev", "--device-code", "--no-browser"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The user reads the URL on stderr (say, over SSH) and opens it elsewhere.
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            let l = l.trim().strip_prefix("(or open ")?;
            Some(
                l.split_whitespace()
                    .next()?
                    .trim_end_matches(',')
                    .to_string(),
            )
        })
        .expect("the complete verification URL is printed");
    assert!(url.contains("/device?user_code="), "{url}");
    assert_eq!(fake_aws::client::get(&url).unwrap().status, 200);
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(child.wait().unwrap().success(), "{rest:?}");
    assert_eq!(w.browser_opened(), 0);
    // As the AWS CLI: a device registration asks only for the configured scopes,
    // and this session configures none, so the token is not refreshable (one
    // with sso_registration_scopes = sso:account:access is: registration_interop.rs).
    assert!(
        read_json(&w.cache().join(CORP_FILE))
            .get("refreshToken")
            .is_none()
    );
}

#[test]
fn botocore_uses_the_token_ssoenv_signed_in_with() {
    let w = world();
    assert!(w.run(&["login", "dev"]).status.success());
    let out = Command::new(python::python3())
        .args([
            "-c",
            "import boto3; print(boto3.Session(profile_name='dev').client('sts').get_caller_identity()['Account'])",
        ])
        .env_clear()
        .env("HOME", w.home.path())
        .env("PATH", python::path())
        .envs(w.fake.env())
        .output()
        .expect("python3 with boto3 (see .ci/run)");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "111111111111");
}

#[test]
fn a_token_written_by_another_tool_is_used() {
    let w = world();
    let issued = w.fake.issue_token(TokenRequest {
        session_name: Some("corp".into()),
        lifetime_secs: Some(3600),
        ..TokenRequest::default()
    });
    w.write_token(CORP_FILE, &issued.cache_json(START_URL, "us-east-1"));
    let out = w.run(&["login", "dev"]);
    assert!(
        stderr(&out).contains("already signed in"),
        "{}",
        stderr(&out)
    );
    assert!(w.fake.requests().is_empty());
}

#[test]
fn a_token_with_ten_minutes_left_is_refreshed_without_a_browser() {
    let w = world();
    let issued = w.fake.issue_token(TokenRequest {
        session_name: Some("corp".into()),
        lifetime_secs: Some(600),
        refresh: true,
        ..TokenRequest::default()
    });
    w.write_token(CORP_FILE, &issued.cache_json(START_URL, "us-east-1"));
    let out = w.run(&["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("refreshed"), "{}", stderr(&out));
    assert_eq!(w.browser_opened(), 0);
    assert_eq!(w.fake.count("Authorize"), 0);
    let token = read_json(&w.cache().join(CORP_FILE));
    assert_ne!(token["accessToken"], issued.access_token.as_str());
    assert_eq!(
        token["clientId"],
        issued.client_id.clone().unwrap().as_str()
    );
    assert!(
        w.fake
            .token_is_valid(token["accessToken"].as_str().unwrap())
    );
}

#[test]
fn an_invalid_refresh_token_leads_to_a_full_sign_in() {
    let w = world();
    let issued = w.fake.issue_token(TokenRequest {
        session_name: Some("corp".into()),
        lifetime_secs: Some(600),
        refresh: true,
        ..TokenRequest::default()
    });
    let mut json: Value = serde_json::from_str(&issued.cache_json(START_URL, "us-east-1")).unwrap();
    json["refreshToken"] = "revoked-refresh-token".into();
    w.write_token(CORP_FILE, &json.to_string());
    let out = w.run(&["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("could not refresh") && err.contains("signed in to"),
        "{err}"
    );
    assert!(
        !err.contains("revoked-refresh-token"),
        "no secret in messages: {err}"
    );
    assert_eq!(w.browser_opened(), 1);
}

#[test]
fn parallel_logins_run_one_authorization_flow() {
    let w = world();
    let children: Vec<_> = (0..8)
        .map(|_| {
            w.cmd(&["login", "dev"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert_eq!(w.fake.count("Authorize"), 1, "one browser flow");
    assert_eq!(w.fake.count("CreateToken"), 1);
    assert_eq!(w.browser_opened(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(w.cache())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn access_denied_and_expired_authorization_end_clearly() {
    let w = world();
    w.fake.deny_authorization(true);
    let out = w.run(&["login", "dev"]);
    assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
    assert!(stderr(&out).contains("denied"), "{}", stderr(&out));
    assert!(!w.cache().join(CORP_FILE).exists());

    let w = world();
    w.fake.set_device_code_lifetime(Duration::from_secs(2));
    let started = Instant::now();
    let out = w.run(&["login", "legacy", "--no-browser"]);
    assert_eq!(out.status.code(), Some(77));
    assert!(stderr(&out).contains("expired"), "{}", stderr(&out));
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[test]
fn endpoint_faults_name_the_endpoint_and_keep_the_cache() {
    let w = world();
    // A valid but expiring token that cannot be refreshed (no refresh token).
    let issued = w.fake.issue_token(TokenRequest {
        session_name: Some("corp".into()),
        lifetime_secs: Some(300),
        ..TokenRequest::default()
    });
    let cached = issued.cache_json(START_URL, "us-east-1");
    w.write_token(CORP_FILE, &cached);

    w.fake
        .set_fault(Fault::server_error_html("/client/register"));
    let out = w.run(&["login", "dev"]);
    assert_eq!(out.status.code(), Some(69));
    let err = stderr(&out);
    assert!(
        err.contains("sso-oidc") && err.contains(w.fake.url()) && err.contains("HTTP 500"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(w.cache().join(CORP_FILE)).unwrap(),
        cached
    );

    w.fake.clear_faults();
    w.fake.set_fault(Fault::hang("/client/register"));
    let started = Instant::now();
    let out = w
        .cmd(&["login", "dev"])
        .env("SSOENV_READ_TIMEOUT", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(69));
    assert!(stderr(&out).contains("timed out"), "{}", stderr(&out));
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(
        std::fs::read_to_string(w.cache().join(CORP_FILE)).unwrap(),
        cached
    );

    // Nothing listening at all.
    let out = w
        .cmd(&["login", "dev"])
        .env("AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:9")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(69));
    assert!(stderr(&out).contains("cannot connect"), "{}", stderr(&out));
}

#[test]
fn a_corrupt_token_file_is_a_warning_and_a_fresh_sign_in() {
    let w = world();
    w.write_token(CORP_FILE, "{\"accessToken\": \"half-writ");
    let out = w.run(&["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning"), "{}", stderr(&out));
    assert!(
        read_json(&w.cache().join(CORP_FILE))
            .get("accessToken")
            .is_some()
    );
}

#[test]
fn logout_ends_the_portal_session_and_removes_the_files() {
    let w = world();
    assert!(w.run(&["login", "dev"]).status.success());
    let token = read_json(&w.cache().join(CORP_FILE));
    let access = token["accessToken"].as_str().unwrap().to_string();
    // A role credential cached from this session (AWS CLI key for dev's role).
    let role_dir = w.home.path().join(".aws/cli/cache");
    std::fs::create_dir_all(&role_dir).unwrap();
    let role_file = common::dev_role_cache_file(w.home.path());
    std::fs::write(&role_file, "{}").unwrap();
    // What ssoenv processes killed mid-write left long ago (tokens, keys).
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let orphans = [
        w.cache().join(".ssoenv-killed.tmp"),
        role_dir.join(".ssoenv-killed.tmp"),
    ];
    for orphan in &orphans {
        std::fs::write(orphan, "{\"accessToken\": \"secret\"}").unwrap();
        let f = std::fs::File::options().write(true).open(orphan).unwrap();
        f.set_modified(long_ago).unwrap();
    }

    let out = w.run(&["logout", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("ended the portal session") && err.contains("1 cached role credential"),
        "{err}"
    );
    let logout = w.fake.requests_for("Logout");
    assert_eq!(logout.len(), 1);
    assert_eq!(
        logout[0].header("x-amz-sso_bearer_token"),
        Some(access.as_str())
    );
    assert!(!w.fake.token_is_valid(&access));
    assert!(!w.cache().join(CORP_FILE).exists());
    assert!(!role_file.exists());
    for orphan in &orphans {
        assert!(!orphan.exists(), "{} outlived logout", orphan.display());
    }

    // A portal that refuses (token already revoked) does not stop the clean-up.
    assert!(w.run(&["login", "dev"]).status.success());
    w.fake.expire_tokens();
    w.fake
        .set_fault(Fault::respond("/logout", 500, "<html>oops</html>"));
    let out = w.run(&["logout", "dev"]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("could not end the portal session"),
        "{}",
        stderr(&out)
    );
    assert!(!w.cache().join(CORP_FILE).exists());
}

#[test]
fn logout_does_not_wait_long_for_a_silent_portal() {
    let w = world();
    assert!(w.run(&["login", "dev"]).status.success());
    w.fake.set_fault(Fault::hang("/logout"));
    // The default 20 s read limit (SSOENV_READ_TIMEOUT unset) is not what Logout gets.
    let started = Instant::now();
    let out = w.run(&["logout", "dev"]);
    let took = started.elapsed();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(took < Duration::from_secs(10), "logout took {took:?}");
    let err = stderr(&out);
    assert!(err.contains("could not end the portal session"), "{err}");
    assert!(err.contains("timed out"), "{err}");
    assert!(err.contains("signed out of sso-session corp"), "{err}");
    assert!(!w.cache().join(CORP_FILE).exists());

    // A shorter SSOENV_READ_TIMEOUT still wins.
    assert!(w.run(&["login", "dev"]).status.success());
    let started = Instant::now();
    let out = w
        .cmd(&["logout", "dev"])
        .env("SSOENV_READ_TIMEOUT", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(!w.cache().join(CORP_FILE).exists());
}

#[test]
fn status_lists_sessions_and_cached_credentials() {
    let w = world();
    let out = w.run(&["status", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sessions = v["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0]["name"], "corp");
    assert_eq!(sessions[0]["state"], "none");
    assert_eq!(sessions[1]["name"], Value::Null);
    assert_eq!(sessions[1]["start_url"], START_URL);

    assert!(w.run(&["login", "dev"]).status.success());
    let role_dir = w.home.path().join(".aws/cli/cache");
    std::fs::create_dir_all(&role_dir).unwrap();
    let role = ssoenv::config::Config::load(&ssoenv::env::Env::from_pairs([(
        "HOME",
        w.home.path().to_str().unwrap(),
    )]))
    .unwrap()
    .resolve("dev")
    .unwrap();
    let ssoenv::config::profile::Source::Sso(role) = role.source else {
        panic!("dev is sso")
    };
    let expiry = time::OffsetDateTime::now_utc() + time::Duration::minutes(30);
    let creds = ssoenv::creds::cache::CachedCredentials {
        access_key_id: "ASIAEXAMPLE".into(),
        secret_access_key: "secret-not-shown".into(),
        session_token: Some("session-not-shown".into()),
        expiration: expiry,
        account_id: Some("111111111111".into()),
        provider_type: Some("sso".into()),
    };
    ssoenv::creds::cache::write(
        &ssoenv::creds::cache::cache_path(&role_dir, &ssoenv::creds::cache::sso_key(&role)),
        &creds,
    )
    .unwrap();

    let out = w.run(&["status", "--json"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!text.contains("secret-not-shown") && !text.contains("session-not-shown"));
    let v: Value = serde_json::from_str(&text).unwrap();
    let corp = &v["sessions"][0];
    assert_eq!(corp["state"], "valid");
    assert_eq!(corp["region"], "us-east-1");
    assert_eq!(corp["refreshable"], true);
    assert!(corp["seconds_left"].as_i64().unwrap() > 3500);
    assert!(is_aws_time(&corp["expires_at"]));
    assert!(corp["token_file"].as_str().unwrap().ends_with(CORP_FILE));
    assert_eq!(v["sessions"][1]["state"], "none");
    let c = &v["credentials"][0];
    assert_eq!(c["profile"], "dev");
    assert_eq!(c["account_id"], "111111111111");
    assert_eq!(c["role_name"], "AdministratorAccess");
    assert_eq!(c["sso_session"], "corp");
    assert_eq!(c["state"], "valid");
    let left = c["seconds_left"].as_i64().unwrap();
    assert!((1700..=1800).contains(&left), "{left}");

    let table = w.run(&["status"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("corp")
            && text.contains("valid: until")
            && text.contains("dev  111111111111/AdministratorAccess"),
        "{text}"
    );
}

#[test]
fn login_for_a_profile_without_sso_says_so() {
    let w = world();
    let out = w.run(&["login", "keys"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(
        stderr(&out).contains("does not use IAM Identity Center"),
        "{}",
        stderr(&out)
    );
    let out = w.run(&["login", "nope"]);
    assert_eq!(out.status.code(), Some(67));
}

#[test]
fn a_garbled_answer_is_reported_and_logout_all_ends_every_session() {
    let w = world();
    w.fake
        .set_fault(Fault::respond("/token", 200, "{\"accessToken\": \"trunc"));
    let out = w.run(&["login", "dev"]);
    assert_eq!(out.status.code(), Some(69));
    let err = stderr(&out);
    assert!(
        err.contains("sso-oidc") && err.contains("not JSON"),
        "{err}"
    );
    assert!(!w.cache().join(CORP_FILE).exists());
    w.fake.clear_faults();

    assert!(w.run(&["login", "dev"]).status.success());
    assert!(w.run(&["login", "legacy"]).status.success());
    let out = w.run(&["logout", "--all"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(w.fake.count("Logout"), 2);
    assert!(!w.cache().join(CORP_FILE).exists() && !w.cache().join(LEGACY_FILE).exists());
    assert_eq!(stderr(&out).matches("signed out of").count(), 2);
}

//! `ssoenv exec --server`, end to end: the real binary serves renewing
//! credentials to its child over the container-credentials protocol; boto3 uses
//! them across several credential lifetimes against the fake AWS.

mod common;
use common::ssoenv_bin;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::python;
use serde_json::Value;
use std::process::{Child, Output, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::{START_URL, World, stderr, stdout};

fn world() -> World {
    World::with_config(&format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    ))
}

fn login(w: &World) {
    let out = w.ssoenv(&["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn child_script() -> String {
    format!("{}/tests/py/container_child.py", env!("CARGO_MANIFEST_DIR"))
}

/// `ssoenv exec --server dev` running a shell that writes down the endpoint, then sleeps.
struct Served {
    process: Child,
    url: String,
    token: String,
}

impl Served {
    fn start(w: &World, flags: &[&str]) -> Served {
        let file = w.path().join("endpoint");
        let script = format!(
            "printf '%s %s' \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\" \"$AWS_CONTAINER_AUTHORIZATION_TOKEN\" > '{0}.tmp' && mv '{0}.tmp' '{0}'; exec sleep 60",
            file.display()
        );
        let mut args = vec!["exec", "--server", "dev"];
        args.extend_from_slice(flags);
        args.extend(["--", "sh", "-c", &script]);
        let mut process = w
            .ssoenv_command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let text = loop {
            if let Ok(t) = std::fs::read_to_string(&file) {
                break t;
            }
            if let Some(status) = process.try_wait().unwrap() {
                panic!("ssoenv ended early: {status}");
            }
            assert!(Instant::now() < deadline, "the child never started");
            std::thread::sleep(Duration::from_millis(20));
        };
        let (url, token) = text.split_once(' ').unwrap();
        Served {
            process,
            url: url.to_string(),
            token: token.to_string(),
        }
    }

    fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let url = self.url.replace("/credentials", path);
        let mut req = reqwest::blocking::Client::new().get(url);
        if let Some(t) = token {
            req = req.header("Authorization", t);
        }
        let resp = req.send().unwrap();
        let status = resp.status().as_u16();
        (status, serde_json::from_str(&resp.text().unwrap()).unwrap())
    }

    fn credentials(&self) -> (u16, Value) {
        self.get("/credentials", Some(&self.token))
    }

    fn port(&self) -> u16 {
        self.url
            .trim_start_matches("http://127.0.0.1:")
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// SIGTERM to ssoenv; its output once it has ended.
    fn terminate(self) -> Output {
        let pid = self.process.id().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        self.process.wait_with_output().unwrap()
    }
}

#[test]
fn boto3_keeps_working_across_three_credential_lifetimes() {
    let w = world();
    login(&w);
    w.fake.set_credential_lifetime(Duration::from_secs(4));
    w.fake.clear_requests();
    let started = Instant::now();
    let out = w
        .ssoenv_command(&[
            "-v",
            "exec",
            "--server",
            "dev",
            "--",
            &python::python3_str(),
            &child_script(),
            "loop",
            "12.5",
        ])
        .output()
        .unwrap();
    let (text, err) = (stdout(&out), stderr(&out));
    assert!(out.status.success(), "{text}\n{err}");
    let calls: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(calls.len() >= 10, "{text}");
    assert!(started.elapsed() >= Duration::from_secs(12));
    for c in &calls {
        assert_eq!(c["account"], "111111111111", "{c}");
        assert_eq!(c["method"], "container-role", "{c}");
    }
    // STS refuses expired credentials, so these passed only because they were renewed.
    let keys: std::collections::HashSet<&str> = calls
        .iter()
        .map(|c| c["access_key"].as_str().unwrap())
        .collect();
    assert!(keys.len() >= 3, "{keys:?}");
    assert!(w.fake.count("GetRoleCredentials") >= 3);
    assert_eq!(
        w.fake
            .requests_for("GetCallerIdentity")
            .iter()
            .filter(|r| r.status != Some(200))
            .count(),
        0
    );
    // -v says what happens, never a secret.
    assert!(
        err.contains("credentials served on http://127.0.0.1:"),
        "{err}"
    );
    assert!(err.contains("renewed the credentials of dev"), "{err}");
    for c in &calls {
        for secret in ["secret_key", "token", "auth_token"] {
            assert!(
                !err.contains(c[secret].as_str().unwrap()),
                "{secret} leaked"
            );
        }
    }
}

#[test]
fn the_child_gets_the_endpoint_and_no_keys() {
    let w = world();
    login(&w);
    let out = w
        .ssoenv_command(&[
            "exec",
            "--server",
            "dev",
            "--",
            &python::python3_str(),
            &child_script(),
            "env",
        ])
        .env("AWS_ACCESS_KEY_ID", "AKIDSTALE")
        .env("AWS_SECRET_ACCESS_KEY", "stale")
        .env("AWS_SESSION_TOKEN", "stale")
        .env("AWS_SECURITY_TOKEN", "stale")
        .env("AWS_CREDENTIAL_EXPIRATION", "2020-01-01T00:00:00Z")
        .env("SSOENV_EXPIRES", "1")
        .env("AWS_PROFILE", "other")
        .env("AWS_DEFAULT_PROFILE", "other")
        .env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let env: Value = serde_json::from_slice(&out.stdout).unwrap();
    for gone in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",
        "SSOENV_EXPIRES",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    ] {
        assert!(env.get(gone).is_none(), "{gone} is set: {env}");
    }
    let uri = env["AWS_CONTAINER_CREDENTIALS_FULL_URI"].as_str().unwrap();
    assert!(uri.starts_with("http://127.0.0.1:"), "{uri}");
    let token = env["AWS_CONTAINER_AUTHORIZATION_TOKEN"].as_str().unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(env["AWS_REGION"], "eu-west-1");
    assert_eq!(env["AWS_DEFAULT_REGION"], "eu-west-1");
    assert_eq!(env["SSOENV_PROFILE"], "dev");
}

#[test]
fn only_the_token_holder_is_served_and_many_requests_share_one_renewal() {
    let w = world();
    login(&w);
    w.fake.set_credential_lifetime(Duration::from_secs(3));
    let s = Served::start(&w, &[]);
    let (status, body) = s.get("/credentials", None);
    assert_eq!((status, body["code"].as_str()), (401, Some("MissingToken")));
    let wrong = "0".repeat(64);
    assert_eq!(s.get("/credentials", Some(&wrong)).0, 403);
    assert_eq!(s.get("/credentials", Some(&s.token[..10])).0, 403);
    assert_eq!(s.get("/other", Some(&s.token)).0, 404);
    let (status, body) = s.credentials();
    assert_eq!(status, 200, "{body}");
    let akid = body["AccessKeyId"].as_str().unwrap();
    assert!(
        w.fake
            .issued_credentials(akid, body["SecretAccessKey"].as_str().unwrap())
    );
    assert!(!body["Token"].as_str().unwrap().is_empty());
    let exp = body["Expiration"].as_str().unwrap();
    assert!(exp.ends_with('Z') && exp.len() == 20, "{exp}");

    // Once they are due for renewal, 200 concurrent requests cause one renewal.
    std::thread::sleep(Duration::from_millis(2100));
    w.fake.set_latency(Duration::from_millis(300));
    w.fake.clear_requests();
    let barrier = Arc::new(Barrier::new(200));
    let s = Arc::new(s);
    let threads: Vec<_> = (0..200)
        .map(|_| {
            let (barrier, s) = (barrier.clone(), s.clone());
            std::thread::spawn(move || {
                barrier.wait();
                s.credentials()
            })
        })
        .collect();
    for t in threads {
        let (status, body) = t.join().unwrap();
        assert_eq!(status, 200, "{body}");
        assert_ne!(body["AccessKeyId"], akid);
        assert!(body["SecretAccessKey"].is_string());
    }
    let renewals = w.fake.count("GetRoleCredentials");
    assert!((1..=2).contains(&renewals), "{renewals} renewals");

    // SIGTERM reaches the child; ssoenv reports it as a shell would and closes the port.
    let s = Arc::into_inner(s).unwrap();
    let port = s.port();
    let out = s.terminate();
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn the_exit_status_passes_through() {
    let w = world();
    login(&w);
    let out = w.ssoenv(&["exec", "--server", "dev", "--", "sh", "-c", "exit 7"]);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    let out = w.ssoenv(&["exec", "--server", "dev", "--", "sh", "-c", "kill -USR1 $$"]);
    assert_eq!(out.status.code(), Some(128 + 10), "{}", stderr(&out));
}

#[test]
fn a_lost_session_says_once_to_sign_in_and_recovers_without_a_restart() {
    let w = world();
    login(&w);
    w.fake.set_credential_lifetime(Duration::from_secs(3));
    let s = Served::start(&w, &[]);
    assert_eq!(s.credentials().0, 200);

    // The session ends: the token is expired and cannot be refreshed.
    w.fake.expire_tokens();
    let cache = w.path().join(".aws/sso/cache");
    for entry in std::fs::read_dir(&cache).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(mut token) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if token.get("accessToken").is_some() {
            token["expiresAt"] = "2020-01-01T00:00:00Z".into();
            token.as_object_mut().unwrap().remove("refreshToken");
            std::fs::write(&path, token.to_string()).unwrap();
        }
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let body = loop {
        let (status, body) = s.credentials();
        if status == 500 {
            break body;
        }
        assert_eq!(status, 200, "{body}");
        assert!(Instant::now() < deadline, "never failed");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(body["code"], "SsoSessionExpired");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("ssoenv login dev"),
        "{body}"
    );
    for _ in 0..5 {
        assert_eq!(s.credentials().0, 500);
    }

    // Signing in again elsewhere is enough: the next request is served.
    login(&w);
    let (status, body) = s.credentials();
    assert_eq!(status, 200, "{body}");
    let out = s.terminate();
    let err = stderr(&out);
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("ssoenv login dev"))
            .count(),
        1,
        "{err}"
    );
}

/// Ctrl-C at the terminal reaches the child once (the terminal sends it to the
/// whole foreground group; ssoenv does not pass it on again), while SIGTERM
/// sent to ssoenv alone is passed on.
#[test]
fn one_ctrl_c_reaches_the_child_once() {
    let w = world();
    login(&w);
    let log = w.path().join("signals");
    let socket = format!("ssoenv-server-{}", std::process::id());
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .args(["-L", &socket])
            .args(args)
            .output()
            .unwrap()
    };
    let mut cmd = common::tmux_session(&socket, &w.env());
    cmd.args([
        ssoenv_bin(),
        "exec",
        "--server",
        "dev",
        "--",
        &python::python3_str(),
        &format!("{}/tests/py/signal_counter.py", env!("CARGO_MANIFEST_DIR")),
        &log.display().to_string(),
    ]);
    assert!(cmd.status().unwrap().success());
    let read = || std::fs::read_to_string(&log).unwrap_or_default();
    let wait_for = |want: &str| {
        let deadline = Instant::now() + Duration::from_secs(15);
        while !read().contains(want) {
            assert!(
                Instant::now() < deadline,
                "waited for {want:?}; log: {:?}",
                read()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_for("ready");
    tmux(&["send-keys", "-t", "0", "C-c"]);
    wait_for("INT");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(read().matches("INT").count(), 1, "{:?}", read());
    // SIGTERM to ssoenv alone: passed on.
    let pid = String::from_utf8(tmux(&["list-panes", "-F", "#{pane_pid}"]).stdout).unwrap();
    let pid = pid.trim();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", pid])
            .status()
            .unwrap()
            .success()
    );
    wait_for("TERM");
    tmux(&["kill-server"]);
}

/// Credentials due for renewal but still valid are handed out at once while
/// the renewal runs in the background: with the portal silent, a request does
/// not wait for it (an SDK gives up after about 2 s) and gets the keys it can
/// still use.
#[test]
fn a_slow_renewal_does_not_hold_up_requests_while_the_keys_last() {
    let w = world();
    login(&w);
    w.fake.set_credential_lifetime(Duration::from_secs(6));
    // The first GetRoleCredentials (at start-up) is answered; every later one hangs.
    w.fake
        .set_fault(fake_aws::Fault::hang("/federation/credentials").after(1));
    let script = "get() { curl -sf -H \"Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN\" \
                  \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\"; echo; }\n\
                  get\nsleep 4.5\n\
                  start=$(date +%s%N); get; end=$(date +%s%N)\n\
                  echo \"ms $(( (end - start) / 1000000 ))\"\n";
    let out = w
        .ssoenv_command(&["exec", "--server", "dev", "--", "sh", "-c", script])
        .env("SSOENV_READ_TIMEOUT", "10")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}\n{}", stderr(&out));
    let key = |line: &str| -> String {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{e}: {line:?}\n{text}\n{}", stderr(&out)));
        v["AccessKeyId"].as_str().unwrap().to_string()
    };
    assert_eq!(key(lines[0]), key(lines[1]), "the held keys, still valid");
    let ms: u64 = lines[2].trim_start_matches("ms ").parse().unwrap();
    // Waiting for the renewal would take the 10 s time limit.
    assert!(ms < 5_000, "the request waited {ms} ms");
    assert!(
        w.fake.count("GetRoleCredentials") >= 2,
        "a renewal was started in the background"
    );
}

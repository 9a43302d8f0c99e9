//! `ssoenv console` end to end: the real binary signs in to the fake AWS, trades the
//! profile's credentials for a sign-in token at the fake federation endpoint, and prints or
//! "opens" the login URL (a recording script plays the browser).

#[path = "support/binary.rs"]
mod binary;
use binary::ssoenv_bin;

#[path = "fake_aws/mod.rs"]
mod fake_aws;

use fake_aws::{FakeAws, Fault, RequestRecord, client};
use serde_json::Value;
use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const START_URL: &str = "https://d-abc123.awsapps.com/start";
const STATIC_KEY: &str = "AKIAFAKESTATICKEY001";
const STATIC_SECRET: &str = "static/secret+key0000000000000000000000";

struct World {
    fake: FakeAws,
    home: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        let home = tempfile::tempdir().unwrap();
        let aws = home.path().join(".aws");
        std::fs::create_dir_all(&aws).unwrap();
        let sso = |name: &str, region: Option<&str>| {
            let region = region.map_or(String::new(), |r| format!("region = {r}\n"));
            format!(
                "[profile {name}]\nsso_session = corp\nsso_account_id = 111111111111\n\
                 sso_role_name = AdministratorAccess\n{region}"
            )
        };
        let config = [
            sso("dev", Some("eu-west-1")),
            sso("china", Some("cn-north-1")),
            sso("gov", Some("us-gov-west-1")),
            sso("noregion", None),
            sso("iso", Some("us-iso-east-1")),
            "[profile keys]\nregion = eu-west-1\n".to_string(),
            "[profile deploy]\nrole_arn = arn:aws:iam::444444444444:role/Deploy\n\
             source_profile = keys\nregion = eu-central-1\n"
                .to_string(),
            format!("[sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"),
        ]
        .concat();
        std::fs::write(aws.join("config"), config).unwrap();
        std::fs::write(
            aws.join("credentials"),
            format!("[keys]\naws_access_key_id = {STATIC_KEY}\naws_secret_access_key = {STATIC_SECRET}\n"),
        )
        .unwrap();
        // `ssoenv login` completes the browser sign-in with curl.
        let browser = home.path().join("curl-browser");
        std::fs::write(&browser, "#!/bin/sh\nexec curl -sfL -o /dev/null \"$1\"\n").unwrap();
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
        // The console's "browser" only writes down what it was given.
        let recorder = home.path().join("recording-browser");
        std::fs::write(
            &recorder,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$1\" > '{}.tmp' && mv '{0}.tmp' '{0}'\n",
                home.path().join("opened").display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&recorder, std::fs::Permissions::from_mode(0o755)).unwrap();
        let fake = FakeAws::start();
        fake.add_static_key(STATIC_KEY, STATIC_SECRET, "999999999999", "alice");
        World { fake, home }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(ssoenv_bin());
        c.args(args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("BROWSER", self.home.path().join("curl-browser"))
            .env("SSOENV_CONNECT_TIMEOUT", "2")
            .env("SSOENV_READ_TIMEOUT", "3")
            .envs(self.fake.env());
        c
    }

    fn ssoenv(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Signs in (the token serves every SSO profile) and forgets those requests.
    fn login(&self) {
        let out = self.ssoenv(&["login", "dev"]);
        assert!(out.status.success(), "{}", stderr(&out));
        self.fake.clear_requests();
    }

    fn opened_file(&self) -> PathBuf {
        self.home.path().join("opened")
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The query of a URL, as a map (every parameter appears once in ssoenv's URLs).
fn query(url: &reqwest::Url) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for (k, v) in url.query_pairs() {
        assert!(
            map.insert(k.to_string(), v.to_string()).is_none(),
            "{k} twice"
        );
    }
    map
}

/// The one line `console --print` printed, checked to be a login URL at the fake.
fn login_url(w: &World, out: &Output) -> HashMap<String, String> {
    assert!(out.status.success(), "{}", stderr(out));
    let text = stdout(out);
    assert!(
        text.ends_with('\n') && text.lines().count() == 1,
        "{text:?}"
    );
    let url = reqwest::Url::parse(text.trim_end()).unwrap();
    assert_eq!(
        url.as_str().split('?').next().unwrap(),
        format!("{}/federation", w.fake.url())
    );
    let q = query(&url);
    assert_eq!(q["Action"], "login");
    assert_eq!(q["Issuer"], "ssoenv");
    q
}

/// The Session JSON of a getSigninToken request.
fn session_of(r: &RequestRecord) -> Value {
    serde_json::from_str(&r.param("Session").expect("a Session parameter")).unwrap()
}

fn destination(w: &World, args: &[&str]) -> String {
    let out = w.ssoenv(args);
    login_url(w, &out)["Destination"].clone()
}

#[test]
fn print_gives_one_login_url_with_the_token_the_fake_issued() {
    let w = World::new();
    w.login();
    let out = w.ssoenv(&["console", "dev", "--print"]);
    let q = login_url(&w, &out);
    assert_eq!(stderr(&out), "", "nothing on stderr without -v");
    assert_eq!(
        q["Destination"],
        "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"
    );

    // One getSigninToken, with the credentials the portal issued, and no SessionDuration.
    let asks = w.fake.requests_for("GetSigninToken");
    assert_eq!(asks.len(), 1);
    assert_eq!(
        (asks[0].method.as_str(), asks[0].status),
        ("GET", Some(200))
    );
    assert_eq!(asks[0].param("SessionDuration"), None);
    let session = session_of(&asks[0]);
    let (id, key) = (
        session["sessionId"].as_str().unwrap(),
        session["sessionKey"].as_str().unwrap(),
    );
    assert!(w.fake.issued_credentials(id, key), "{session}");
    assert!(
        session["sessionToken"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    assert_eq!(w.fake.count("GetRoleCredentials"), 1);
    assert_eq!(
        w.fake.requests().len(),
        2,
        "GetRoleCredentials + GetSigninToken"
    );

    let tokens = w.fake.signin_tokens();
    assert_eq!(tokens.len(), 1);
    assert_eq!(q["SigninToken"], tokens[0].token);
    assert_eq!(tokens[0].access_key_id, id);

    // The URL works where a browser would take it.
    let page = client::get(stdout(&out).trim_end()).unwrap();
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(w.fake.count("ConsoleLogin"), 1);

    // A second run reuses the cached role credentials: only a new sign-in token.
    w.fake.clear_requests();
    let again = login_url(&w, &w.ssoenv(&["console", "dev", "--print"]));
    assert_eq!(w.fake.count("GetRoleCredentials"), 0);
    assert_eq!(w.fake.count("GetSigninToken"), 1);
    assert_ne!(again["SigninToken"], q["SigninToken"]);
}

#[test]
fn service_destination_region_and_duration() {
    let w = World::new();
    w.login();
    assert_eq!(
        destination(&w, &["console", "dev", "--print", "--service", "s3"]),
        "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1"
    );
    assert_eq!(
        destination(
            &w,
            &["console", "dev", "--print", "--service", "CloudWatch"]
        ),
        "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
    );
    let explicit = "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:?~(state~'ALARM)&x=1";
    assert_eq!(
        destination(
            &w,
            &["console", "dev", "--print", "--destination", explicit]
        ),
        explicit
    );
    assert_eq!(
        destination(&w, &["console", "dev", "--print", "--region", "us-west-2"]),
        "https://us-west-2.console.aws.amazon.com/console/home?region=us-west-2"
    );
    assert_eq!(
        destination(&w, &["console", "noregion", "--print", "--service", "iam"]),
        "https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1"
    );

    w.fake.clear_requests();
    let q = login_url(
        &w,
        &w.ssoenv(&["console", "dev", "--print", "--duration", "3600"]),
    );
    let asks = w.fake.requests_for("GetSigninToken");
    assert_eq!(asks.len(), 1);
    assert_eq!(asks[0].param("SessionDuration").as_deref(), Some("3600"));
    let issued = w.fake.signin_tokens();
    let last = issued.last().unwrap();
    assert_eq!(
        (last.token.as_str(), last.session_duration_secs),
        (q["SigninToken"].as_str(), Some(3600))
    );
}

#[test]
fn bad_options_fail_before_any_request() {
    let w = World::new();
    // Not even signed in: these must fail on the options alone, fast.
    let cases: [(&[&str], &str); 6] = [
        (&["console", "dev", "--duration", "60"], "900"),
        (&["console", "dev", "--duration", "43201"], "43200"),
        (
            &[
                "console",
                "dev",
                "--destination",
                "http://eu-west-1.console.aws.amazon.com/",
            ],
            "https",
        ),
        (
            &["console", "dev", "--destination", "console home"],
            "not a URL",
        ),
        (&["console", "dev", "--service", "s3/../iam"], "--service"),
        (&["console", "dev", "--region", "eu west 1"], "region"),
    ];
    for (args, says) in cases {
        let started = Instant::now();
        let out = w.ssoenv(args);
        assert_eq!(out.status.code(), Some(64), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty());
        assert!(started.elapsed() < Duration::from_secs(5));
    }
    // A partition without a known console or sign-in endpoint.
    let out = w.ssoenv(&["console", "iso"]);
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("us-iso-east-1"), "{}", stderr(&out));
    assert!(w.fake.requests().is_empty(), "{:?}", w.fake.requests());
}

#[test]
fn partitions_get_their_own_console() {
    let w = World::new();
    w.login();
    assert_eq!(
        destination(&w, &["console", "china", "--print"]),
        "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1"
    );
    assert_eq!(
        destination(&w, &["console", "gov", "--print", "--service", "ec2"]),
        "https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1"
    );
    assert_eq!(
        destination(
            &w,
            &["console", "dev", "--print", "--region", "cn-northwest-1"]
        ),
        "https://cn-northwest-1.console.amazonaws.cn/console/home?region=cn-northwest-1"
    );
}

#[test]
fn without_print_the_browser_gets_the_url_and_stdout_stays_empty() {
    let w = World::new();
    w.login();
    let out = w
        .cmd(&["console", "dev"])
        .env("BROWSER", w.home.path().join("recording-browser"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !w.opened_file().exists() {
        assert!(Instant::now() < deadline, "the browser was never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    let opened = std::fs::read_to_string(w.opened_file()).unwrap();
    let url = reqwest::Url::parse(opened.trim_end()).unwrap();
    let q = query(&url);
    assert_eq!(q["Action"], "login");
    assert_eq!(q["SigninToken"], w.fake.signin_tokens()[0].token);

    // No browser at all: the URL on stdout, a note on stderr, success.
    let out = w
        .cmd(&["console", "dev"])
        .env("BROWSER", "/nonexistent/browser")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let q = login_url(&w, &out);
    assert_eq!(q["SigninToken"], w.fake.signin_tokens()[1].token);
    assert!(stderr(&out).contains("no browser"), "{}", stderr(&out));
    assert!(!stderr(&out).contains(&q["SigninToken"]));
}

#[test]
fn long_term_keys_are_refused_and_a_role_on_top_of_them_works() {
    let w = World::new();
    let out = w.ssoenv(&["console", "keys", "--print"]);
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("temporary credentials"), "{err}");
    assert!(err.contains("source_profile = keys"), "{err}");
    assert!(!err.contains(STATIC_SECRET));
    assert!(stdout(&out).is_empty());
    assert!(w.fake.requests().is_empty(), "{:?}", w.fake.requests());

    // What the hint suggests: a role assumed with those keys.
    let q = login_url(&w, &w.ssoenv(&["console", "deploy", "--print"]));
    assert_eq!(
        q["Destination"],
        "https://eu-central-1.console.aws.amazon.com/console/home?region=eu-central-1"
    );
    let session = session_of(&w.fake.requests_for("GetSigninToken")[0]);
    assert_ne!(session["sessionId"], STATIC_KEY);
    assert!(w.fake.issued_credentials(
        session["sessionId"].as_str().unwrap(),
        session["sessionKey"].as_str().unwrap()
    ));
}

/// Runs `console dev --print` and checks it failed with `code`, naming the endpoint and
/// echoing neither the answer nor any secret.
fn fails(w: &World, cmd: &mut Command, code: i32, endpoint: &str, not: &[&str]) -> String {
    let started = Instant::now();
    let out = cmd.output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(err.contains(&format!("{endpoint}/federation")), "{err}");
    assert!(!err.contains("Session="), "{err}");
    for secret in secrets(w) {
        assert!(!err.contains(&secret), "a secret in: {err}");
    }
    for text in not {
        assert!(!err.contains(text), "{text:?} echoed in: {err}");
    }
    err
}

/// Every secret key and session token the fake saw in a getSigninToken.
fn secrets(w: &World) -> Vec<String> {
    w.fake
        .requests_for("GetSigninToken")
        .iter()
        .flat_map(|r| {
            let s = session_of(r);
            ["sessionKey", "sessionToken"].map(|k| s[k].as_str().unwrap_or("").to_string())
        })
        .chain(w.fake.signin_tokens().into_iter().map(|t| t.token))
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn federation_endpoint_failures_name_it_and_echo_nothing() {
    let w = World::new();
    w.login();
    let url = w.fake.url().to_string();
    let only_signin = |f: Fault| f.operation("GetSigninToken").times(1);

    w.fake
        .set_fault(only_signin(Fault::server_error_html("/federation")));
    let err = fails(
        &w,
        &mut w.cmd(&["console", "dev", "--print"]),
        69,
        &url,
        &["<h1>", "Internal Server Error"],
    );
    assert!(err.contains("HTTP 500"), "{err}");

    w.fake.set_fault(only_signin(Fault::respond(
        "/federation",
        200,
        "{\"SigninToken\": \"half-a-tok",
    )));
    fails(
        &w,
        &mut w.cmd(&["console", "dev", "--print"]),
        69,
        &url,
        &["half-a-tok"],
    );

    w.fake.set_fault(only_signin(Fault::respond(
        "/federation",
        200,
        "{\"Surprise\": \"field-value\"}",
    )));
    let err = fails(
        &w,
        &mut w.cmd(&["console", "dev", "--print"]),
        69,
        &url,
        &["Surprise", "field-value"],
    );
    assert!(err.contains("no SigninToken"), "{err}");

    w.fake.set_fault(only_signin(Fault::hang("/federation")));
    let err = fails(
        &w,
        w.cmd(&["console", "dev", "--print"])
            .env("SSOENV_READ_TIMEOUT", "1"),
        69,
        &url,
        &[],
    );
    assert!(err.contains("timed out"), "{err}");

    // Nothing listens on the discard port.
    let err = fails(
        &w,
        w.cmd(&["console", "dev", "--print"])
            .env("AWS_ENDPOINT_URL_SIGNIN", "http://127.0.0.1:9"),
        69,
        "http://127.0.0.1:9",
        &[],
    );
    assert!(err.contains("cannot connect"), "{err}");

    // The endpoint's own refusal: credentials it no longer accepts (ssoenv's cache still
    // thinks they are good).
    w.fake.expire_credentials();
    let err = fails(
        &w,
        &mut w.cmd(&["console", "dev", "--print"]),
        69,
        &url,
        &["Bad Request", "<p>", "have expired"],
    );
    assert!(err.contains("HTTP 400"), "{err}");
    let last = w.fake.requests_for("GetSigninToken").pop().unwrap();
    assert_eq!(last.error.as_deref(), Some("ExpiredSession"));
}

#[test]
fn verbose_output_holds_no_token_and_no_secret() {
    let w = World::new();
    w.login();
    for args in [
        &["-vv", "console", "dev", "--print"][..],
        &["console", "dev", "-v", "--print", "--service", "s3"][..],
    ] {
        let out = w.ssoenv(args);
        let q = login_url(&w, &out);
        let err = stderr(&out);
        assert!(err.contains("/federation"), "-v says where it goes: {err}");
        assert!(!err.contains(&q["SigninToken"]), "{err}");
        for secret in secrets(&w) {
            assert!(!err.contains(&secret), "a secret in: {err}");
        }
    }
    // Through the browser too.
    let out = w
        .cmd(&["-v", "console", "dev"])
        .env("BROWSER", w.home.path().join("recording-browser"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("opened"), "{err}");
    for secret in secrets(&w) {
        assert!(!err.contains(&secret), "a secret in: {err}");
    }
}

#[test]
fn the_fake_federation_endpoint_checks_what_it_is_given() {
    let w = World::new();
    let token = w.fake.issue_access_token("corp", Duration::from_secs(600));
    let creds = client::get_with(
        &format!(
            "{}/federation/credentials?role_name=ReadOnly&account_id=111111111111",
            w.fake.url()
        ),
        fake_aws::BEARER_HEADER,
        &token,
    )
    .unwrap();
    assert_eq!(creds.status, 200, "{}", creds.body);
    let c = &creds.json()["roleCredentials"];
    let session = |id: &Value, key: &Value, tok: &Value| {
        serde_json::json!({"sessionId": id, "sessionKey": key, "sessionToken": tok}).to_string()
    };
    let ask = |session: &str, extra: &str| {
        let enc = fake_aws::util::encode(session);
        client::get(&format!(
            "{}/federation?Action=getSigninToken{extra}&Session={enc}",
            w.fake.url()
        ))
        .unwrap()
    };
    let good = session(&c["accessKeyId"], &c["secretAccessKey"], &c["sessionToken"]);
    let r = ask(&good, "");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.json()["SigninToken"]
            .as_str()
            .is_some_and(|t| t.len() > 100)
    );
    assert_eq!(ask(&good, "&SessionDuration=900").status, 200);
    assert_eq!(ask(&good, "&SessionDuration=43200").status, 200);
    for bad in ["899", "43201", "x"] {
        assert_eq!(
            ask(&good, &format!("&SessionDuration={bad}")).status,
            400,
            "{bad}"
        );
    }
    let wrong_secret = session(&c["accessKeyId"], &"nope".into(), &c["sessionToken"]);
    let no_token = session(&c["accessKeyId"], &c["secretAccessKey"], &Value::Null);
    let static_key = session(&STATIC_KEY.into(), &STATIC_SECRET.into(), &Value::Null);
    for bad in [wrong_secret, no_token, static_key, "not json".to_string()] {
        let r = ask(&bad, "");
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
    }
    // Both share /federation without clashing: the portal call was classified as its own.
    assert_eq!(w.fake.count("GetRoleCredentials"), 1);
    assert_eq!(w.fake.count("GetSigninToken"), 10);
    let bogus = client::get(&format!(
        "{}/federation?Action=login&SigninToken=bogus&Destination=x",
        w.fake.url()
    ))
    .unwrap();
    assert_eq!(bogus.status, 400);
    let r = client::get(&format!("{}/_fake/signin-tokens", w.fake.url())).unwrap();
    assert_eq!(r.json().as_array().map(Vec::len), Some(3));
    w.fake.expire_credentials();
    assert_eq!(ask(&good, "").status, 400);
}

#[test]
fn a_browser_that_fails_at_once_gets_the_url_printed_instead() {
    let w = World::new();
    w.login();
    // `BROWSER=false`, or xdg-open on a box with no display: the opener starts and fails.
    for browser in ["false", "sh -c 'exit 3'"] {
        let started = Instant::now();
        let out = w
            .cmd(&["console", "dev"])
            .env("BROWSER", browser)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{browser}: {}", stderr(&out));
        let q = login_url(&w, &out);
        let err = stderr(&out);
        assert!(err.contains("no browser could be opened"), "{err}");
        assert!(!err.contains("opened the console"), "{err}");
        assert!(!err.contains(&q["SigninToken"]), "{err}");
        assert!(started.elapsed() < Duration::from_secs(5), "{browser}");
    }
    // A failing opener gives way to the next one in the list.
    let list = format!(
        "false:{}",
        w.home.path().join("recording-browser").display()
    );
    let out = w
        .cmd(&["console", "dev"])
        .env("BROWSER", list)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(w.opened_file().exists());
    assert_eq!(
        stderr(&out),
        "ssoenv: opened the console for dev in the browser\n",
        "one line without -v"
    );
}

#[test]
fn a_browser_still_running_counts_as_opened_after_a_short_wait() {
    let w = World::new();
    w.login();
    let slow = w.home.path().join("slow-browser");
    std::fs::write(&slow, "#!/bin/sh\nsleep 3\nexit 1\n").unwrap();
    std::fs::set_permissions(&slow, std::fs::Permissions::from_mode(0o755)).unwrap();
    let started = Instant::now();
    let out = w.cmd(&["console", "dev"]).env("BROWSER", &slow).output();
    let out = out.unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("opened the console for dev"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_connection_closed_without_an_answer_is_named_as_such() {
    let w = World::new();
    w.login();
    let url = w.fake.url().to_string();
    w.fake
        .set_fault(Fault::close("/federation").operation("GetSigninToken"));
    let err = fails(
        &w,
        &mut w.cmd(&["console", "dev", "--print"]),
        69,
        &url,
        &["()", "error sending request"],
    );
    assert!(
        err.contains("the connection closed before an answer"),
        "{err}"
    );
}

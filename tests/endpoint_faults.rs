//! Faults at every endpoint ssoenv calls, through the real binary and the fake AWS: SSO
//! OIDC RegisterClient and CreateToken (`login`, and the silent refresh of `export`), the
//! portal's GetRoleCredentials (`export`) and ListAccounts (`populate`), STS AssumeRole
//! (`export` of a role chained on an SSO profile) and GetCallerIdentity (`whoami`), and the
//! console's getSigninToken (`console --print`). For each: a 500 with an HTML page, a 200
//! with a truncated body, a 200 with an HTML page, a refused connection and an endpoint that
//! never answers each end the command within a bounded time with exit 69 and one `ssoenv:`
//! line (and its hint) naming the service, the endpoint and the HTTP status, echoing no body,
//! and leave every file under ~/.aws as it was; throttling twice is retried until the call
//! succeeds.

mod common;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use fake_aws::Fault;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{CORP_FILE, START_URL, World, output_within, stderr, stdout};

/// Text in every garbled body; it must never reach the terminal.
const MARKER: &str = "LEAKED-IF-ECHOED";

/// Failing cases end well within this (the slowest is a 1 s time limit plus start-up).
const BOUND: Duration = Duration::from_secs(10);

/// A command still running after this is killed and the case fails.
const KILL_AFTER: Duration = Duration::from_secs(30);

const MFA_ROLE: &str = "arn:aws:iam::555555555555:role/NeedsMfa";
const MFA_SERIAL: &str = "arn:aws:iam::111111111111:mfa/me";

fn config() -> String {
    format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\nregion = eu-west-1\n\
         [profile deploy]\nrole_arn = arn:aws:iam::444444444444:role/Deploy\n\
         source_profile = dev\nregion = us-west-2\n\
         [profile mfa]\nrole_arn = {MFA_ROLE}\nsource_profile = dev\n\
         mfa_serial = {MFA_SERIAL}\nregion = us-west-2\n\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    )
}

/// What is in ~/.aws before the command runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Setup {
    /// The config only: `login` registers a client and signs in.
    ConfigOnly,
    /// A valid SSO token in the cache (no refresh token).
    Token,
    /// A valid token, and `dev`'s role credentials cached by a first `export dev`.
    TokenAndRoleCredentials,
}

/// One endpoint and the command that reaches it.
struct Endpoint {
    name: &'static str,
    args: &'static [&'static str],
    /// The service as messages name it.
    service: &'static str,
    env_var: &'static str,
    /// The path of the request (faults match it together with the operation).
    path: &'static str,
    /// The operation as the fake logs it.
    operation: &'static str,
    setup: Setup,
    /// Attempts made on a server error: 3 where the call is safe to repeat.
    attempts_on_500: usize,
    /// STS answers XML; the others JSON.
    xml: bool,
    /// Whether the endpoint variable reaches this call before any other (OIDC CreateToken
    /// shares its variable with RegisterClient, which comes first).
    own_variable: bool,
}

const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        name: "OIDC RegisterClient",
        args: &["login", "dev"],
        service: "sso-oidc",
        env_var: "AWS_ENDPOINT_URL_SSO_OIDC",
        path: "/client/register",
        operation: "RegisterClient",
        setup: Setup::ConfigOnly,
        attempts_on_500: 3,
        xml: false,
        own_variable: true,
    },
    Endpoint {
        name: "OIDC CreateToken (code)",
        args: &["login", "dev"],
        service: "sso-oidc",
        env_var: "AWS_ENDPOINT_URL_SSO_OIDC",
        path: "/token",
        operation: "CreateToken",
        setup: Setup::ConfigOnly,
        // The authorization code is single-use: a server error is not retried.
        attempts_on_500: 1,
        xml: false,
        own_variable: false,
    },
    Endpoint {
        name: "portal GetRoleCredentials",
        args: &["export", "dev"],
        service: "sso portal",
        env_var: "AWS_ENDPOINT_URL_SSO",
        path: "/federation/credentials",
        operation: "GetRoleCredentials",
        setup: Setup::Token,
        attempts_on_500: 3,
        xml: false,
        own_variable: true,
    },
    Endpoint {
        name: "portal ListAccounts",
        args: &["populate", "--sso-session", "corp"],
        service: "sso portal",
        env_var: "AWS_ENDPOINT_URL_SSO",
        path: "/assignment/accounts",
        operation: "ListAccounts",
        setup: Setup::Token,
        attempts_on_500: 3,
        xml: false,
        own_variable: true,
    },
    Endpoint {
        name: "STS AssumeRole",
        args: &["export", "deploy"],
        service: "sts",
        env_var: "AWS_ENDPOINT_URL_STS",
        path: "/",
        operation: "AssumeRole",
        setup: Setup::TokenAndRoleCredentials,
        attempts_on_500: 3,
        xml: true,
        own_variable: true,
    },
    Endpoint {
        name: "STS GetCallerIdentity",
        args: &["whoami", "dev"],
        service: "sts",
        env_var: "AWS_ENDPOINT_URL_STS",
        path: "/",
        operation: "GetCallerIdentity",
        setup: Setup::TokenAndRoleCredentials,
        attempts_on_500: 3,
        xml: true,
        own_variable: true,
    },
    Endpoint {
        name: "signin getSigninToken",
        args: &["console", "dev", "--print"],
        service: "console sign-in",
        env_var: "AWS_ENDPOINT_URL_SIGNIN",
        path: "/federation",
        operation: "GetSigninToken",
        setup: Setup::TokenAndRoleCredentials,
        // Throttling only: a server error there ends the command at once.
        attempts_on_500: 1,
        xml: false,
        own_variable: true,
    },
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Html500,
    Truncated200,
    Html200,
    Throttled2,
    /// Throttled without end, under a 1 s time limit: the retries stop within it.
    ThrottledAlways,
    Refused,
    Hang,
}

const KINDS: &[Kind] = &[
    Kind::Html500,
    Kind::Truncated200,
    Kind::Html200,
    Kind::Throttled2,
    Kind::ThrottledAlways,
    Kind::Refused,
    Kind::Hang,
];

/// A 200 cut off in the middle of a secret, in the endpoint's format.
fn truncated(e: &Endpoint) -> Fault {
    if e.xml {
        Fault::respond(
            e.path,
            200,
            &format!(
                "<{op}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  \
                 <{op}Result>\n    <Credentials>\n      <AccessKeyId>ASIA{MARKER}",
                op = e.operation
            ),
        )
        .content_type("text/xml")
    } else {
        Fault::respond(
            e.path,
            200,
            &format!("{{\"accessToken\": \"{MARKER}-eyJ0eXAiOiJKV1Qi"),
        )
    }
}

fn html_page(status: u16) -> String {
    format!(
        "<html><head><title>{MARKER}</title></head><body><h1>{status}</h1><p>{MARKER}</p></body></html>"
    )
}

/// A home with the setup done and a snapshot of ~/.aws taken.
fn prepared(setup: Setup) -> World {
    let w = World::with_config(&config());
    if setup != Setup::ConfigOnly {
        w.seed_corp_token(3600, false);
    }
    if setup == Setup::TokenAndRoleCredentials {
        let out = output_within(&mut w.ssoenv_command(&["export", "dev"]), KILL_AFTER)
            .expect("setup: `export dev` did not end");
        assert!(out.status.success(), "setup: {}", stderr(&out));
    }
    w.fake.clear_requests();
    w
}

/// Every file and folder under `dir`: relative path → (mode, bytes; None for a folder).
type Snapshot = BTreeMap<String, (u32, Option<Vec<u8>>)>;

fn snapshot(dir: &Path) -> Snapshot {
    fn walk(root: &Path, dir: &Path, out: &mut Snapshot) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let mode = meta.permissions().mode() & 0o7777;
            if meta.is_dir() {
                out.insert(rel, (mode, None));
                walk(root, &path, out);
            } else {
                out.insert(rel, (mode, Some(std::fs::read(&path).unwrap())));
            }
        }
    }
    let mut out = Snapshot::new();
    walk(dir, dir, &mut out);
    out
}

/// What a new lock file may hold: nothing, or the failure its holder recorded for the
/// processes that waited (`session::fetch_once`): a JSON object with the message and the
/// exit status, which echoes no body.
fn allowed_lock(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return true;
    }
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return false;
    };
    v["message"].is_string()
        && v["exit"].is_i64()
        && !String::from_utf8_lossy(bytes).contains(MARKER)
}

/// How ~/.aws changed, ignoring what may appear: lock files (empty, or with a failure
/// record) and the folders that hold them. (A lock is the flock point that lets parallel
/// ssoenv processes share one sign-in or refresh; removing it afterwards would race with
/// a process that just opened it, and no AWS tool reads `*.lock`.)
fn changes(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    for (path, old) in before {
        match after.get(path) {
            None => out.push(format!("{path} removed")),
            Some(new) if new != old => out.push(format!("{path} changed")),
            Some(_) => {}
        }
    }
    let locks: Vec<&String> = after
        .iter()
        .filter(|(p, (_, bytes))| {
            !before.contains_key(*p)
                && p.ends_with(".lock")
                && bytes.as_deref().is_some_and(allowed_lock)
        })
        .map(|(p, _)| p)
        .collect();
    for (path, (_, bytes)) in after {
        if before.contains_key(path) || locks.contains(&path) {
            continue;
        }
        let holds_a_lock =
            bytes.is_none() && locks.iter().any(|l| l.starts_with(&format!("{path}/")));
        if !holds_a_lock {
            out.push(format!("{path} added"));
        }
    }
    out
}

/// A port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// One row of the matrix as run.
struct Outcome {
    endpoint: &'static str,
    kind: Kind,
    code: Option<i32>,
    secs: f64,
    first_line: String,
    problems: Vec<String>,
}

fn run_case(e: &Endpoint, kind: Kind) -> Outcome {
    let w = prepared(e.setup);
    let aws = w.path().join(".aws");
    let before = snapshot(&aws);
    let only = |f: Fault| f.operation(e.operation);
    let mut url = w.fake.url().to_string();
    let mut cmd = w.ssoenv_command(e.args);
    cmd.env("SSOENV_LOGIN_TIMEOUT", "20");
    // A browser that keeps the last page it was shown (outside ~/.aws).
    let browser = w.path().join("page-keeping-browser");
    std::fs::write(
        &browser,
        "#!/bin/sh\nexec curl -sL -o \"$HOME/page.html\" \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    cmd.env("BROWSER", &browser);
    let page = || std::fs::read_to_string(w.path().join("page.html")).unwrap_or_default();
    match kind {
        Kind::Html500 => w.fake.set_fault(only(
            Fault::respond(e.path, 500, &html_page(500)).content_type("text/html"),
        )),
        Kind::Truncated200 => w.fake.set_fault(only(truncated(e))),
        Kind::Html200 => w.fake.set_fault(only(
            Fault::respond(e.path, 200, &html_page(200)).content_type("text/html"),
        )),
        Kind::Throttled2 => w.fake.set_fault(only(Fault::throttle(e.path)).times(2)),
        Kind::ThrottledAlways => {
            w.fake.set_fault(only(Fault::throttle(e.path)));
            cmd.env("SSOENV_READ_TIMEOUT", "1");
        }
        Kind::Refused => {
            url = format!("http://127.0.0.1:{}", closed_port());
            cmd.env(e.env_var, &url);
        }
        Kind::Hang => {
            w.fake.set_fault(only(Fault::hang(e.path)));
            cmd.env("SSOENV_READ_TIMEOUT", "1");
        }
    }
    let started = Instant::now();
    let Some(out) = output_within(&mut cmd, KILL_AFTER) else {
        return Outcome {
            endpoint: e.name,
            kind,
            code: None,
            secs: started.elapsed().as_secs_f64(),
            first_line: String::new(),
            problems: vec![format!("killed: still running after {KILL_AFTER:?}")],
        };
    };
    let elapsed = started.elapsed();
    let err = stderr(&out);
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    check(!err.contains("panicked"), "a panic".into());
    if kind == Kind::Throttled2 {
        check(out.status.success(), format!("failed: {err}"));
        check(
            w.fake.count(e.operation) == 3,
            format!(
                "{} {} requests, expected 2 throttled and 1 answered",
                w.fake.count(e.operation),
                e.operation
            ),
        );
        let text = if e.args[0] == "populate" || e.args[0] == "login" {
            err.clone()
        } else {
            stdout(&out)
        };
        check(!text.trim().is_empty(), "no output".into());
        if e.args[0] == "login" {
            check(
                page().contains("ssoenv is signed in"),
                format!("the browser was shown: {}", page()),
            );
        }
    } else {
        check(
            out.status.code() == Some(69),
            format!("exit {:?}, expected 69", out.status.code()),
        );
        check(stdout(&out).is_empty(), format!("stdout: {}", stdout(&out)));
        check(elapsed < BOUND, format!("took {elapsed:?}"));
        let lines: Vec<&str> = err.lines().collect();
        let ours: Vec<&&str> = lines.iter().filter(|l| l.starts_with("ssoenv")).collect();
        check(ours.len() == 1, format!("not one ssoenv line: {err}"));
        // Only `login` shows something before the error: the sign-in URL.
        let tail = &lines[lines.len().saturating_sub(2)..];
        check(
            tail.len() == 2 && tail[0].starts_with("ssoenv: ") && tail[1].starts_with("  hint: "),
            format!("not `ssoenv: …` and `  hint: …` at the end: {err}"),
        );
        if e.args[0] != "login" {
            check(lines.len() == 2, format!("more than two lines: {err}"));
        }
        let message = tail.first().copied().unwrap_or_default();
        let shown = format!("{url}{}", e.path);
        check(
            message.contains(&format!("{} at {shown}", e.service)),
            format!("does not name {} at {shown}: {message}", e.service),
        );
        let status = match kind {
            Kind::Html500 => Some("HTTP 500"),
            Kind::Truncated200 | Kind::Html200 => Some("HTTP 200"),
            // STS throttles with 400 Throttling, the others with 429.
            Kind::ThrottledAlways if e.xml => Some("HTTP 400 Throttling"),
            Kind::ThrottledAlways => Some("HTTP 429"),
            _ => None,
        };
        if let Some(status) = status {
            check(message.contains(status), format!("no {status}: {message}"));
        }
        match kind {
            Kind::Refused => check(message.contains("cannot connect"), message.to_string()),
            Kind::Hang => check(message.contains("timed out"), message.to_string()),
            Kind::ThrottledAlways => {
                check(
                    tail.get(1).is_some_and(|h| h.contains("throttling")),
                    format!("the hint does not say throttling: {err}"),
                );
                // Retried, but only as long as the 1 s limit allows (at most 8 attempts).
                let n = w.fake.count(e.operation);
                check(
                    (2..=8).contains(&n),
                    format!("{n} {} requests, expected 2 to 8", e.operation),
                );
            }
            _ => {}
        }
        for echoed in [MARKER, "<h1>", "<html", "<title>", "eyJ0eX", "<Access"] {
            check(!err.contains(echoed), format!("{echoed:?} echoed: {err}"));
        }
        if kind == Kind::Html500 {
            check(
                w.fake.count(e.operation) == e.attempts_on_500,
                format!(
                    "{} {} requests on a 500, expected {}",
                    w.fake.count(e.operation),
                    e.operation,
                    e.attempts_on_500
                ),
            );
        }
        for change in changes(&before, &snapshot(&aws)) {
            check(false, format!("~/.aws/{change}"));
        }
        // A browser that got as far as the callback is not told it signed in.
        if e.operation == "CreateToken" {
            check(
                page().contains("could not be completed") && !page().contains("is signed in"),
                format!("the browser was shown: {}", page()),
            );
        }
    }
    Outcome {
        endpoint: e.name,
        kind,
        code: out.status.code(),
        secs: elapsed.as_secs_f64(),
        first_line: err
            .lines()
            .find(|l| l.starts_with("ssoenv"))
            .unwrap_or_default()
            .replace(&url, "URL"),
        problems,
    }
}

/// Runs `cases` on a few threads (each has its own HOME and fake), in order of the input.
fn run_all<T: Sync, R: Send>(cases: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    let r = f(case);
                    results.lock().unwrap().push((i, r));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[test]
fn every_endpoint_fails_clearly_in_bounded_time_and_keeps_the_files() {
    let cases: Vec<(&Endpoint, Kind)> = ENDPOINTS
        .iter()
        .flat_map(|e| KINDS.iter().map(move |k| (e, *k)))
        .filter(|(e, k)| e.own_variable || *k != Kind::Refused)
        .collect();
    let outcomes = run_all(&cases, 4, |(e, k)| run_case(e, *k));
    let mut failed = Vec::new();
    for o in &outcomes {
        println!(
            "{:<26} {:<12} exit {:<4} {:>5.2}s  {}",
            o.endpoint,
            format!("{:?}", o.kind),
            o.code.map_or("-".into(), |c| c.to_string()),
            o.secs,
            o.first_line
        );
        for p in &o.problems {
            failed.push(format!("{} / {:?}: {p}", o.endpoint, o.kind));
        }
    }
    assert_eq!(outcomes.len(), 48);
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

/// The silent refresh of a token with 5 minutes left: when the OIDC endpoint fails, the
/// command still works with the cached token, warns once naming the endpoint, and leaves
/// the token file as it was; when it throttles, the refresh is retried and succeeds.
#[test]
fn a_failing_refresh_keeps_the_token_file_and_a_throttled_one_is_retried() {
    let kinds: Vec<Kind> = KINDS.to_vec();
    let outcomes = run_all(&kinds, 3, |kind| {
        let w = World::with_config(&config());
        w.seed_corp_token(300, true);
        let dir = w.path().join(".aws/sso/cache");
        let before = snapshot(&dir);
        let mut url = w.fake.url().to_string();
        let mut cmd = w.ssoenv_command(&["export", "dev"]);
        let on_token = |f: Fault| f.operation("CreateToken");
        match kind {
            Kind::Html500 => w.fake.set_fault(on_token(
                Fault::respond("/token", 500, &html_page(500)).content_type("text/html"),
            )),
            Kind::Truncated200 => w.fake.set_fault(on_token(Fault::respond(
                "/token",
                200,
                &format!("{{\"accessToken\": \"{MARKER}"),
            ))),
            Kind::Html200 => w.fake.set_fault(on_token(
                Fault::respond("/token", 200, &html_page(200)).content_type("text/html"),
            )),
            Kind::Throttled2 => w
                .fake
                .set_fault(on_token(Fault::throttle("/token")).times(2)),
            Kind::ThrottledAlways => {
                w.fake.set_fault(on_token(Fault::throttle("/token")));
                cmd.env("SSOENV_READ_TIMEOUT", "1");
            }
            Kind::Refused => {
                url = format!("http://127.0.0.1:{}", closed_port());
                cmd.env("AWS_ENDPOINT_URL_SSO_OIDC", &url);
            }
            Kind::Hang => {
                w.fake.set_fault(on_token(Fault::hang("/token")));
                cmd.env("SSOENV_READ_TIMEOUT", "1");
            }
        }
        let started = Instant::now();
        let Some(out) = output_within(&mut cmd, KILL_AFTER) else {
            return (
                *kind,
                started.elapsed(),
                vec!["killed: still running".to_string()],
            );
        };
        let elapsed = started.elapsed();
        let err = stderr(&out);
        let mut problems = Vec::new();
        if !out.status.success() || !stdout(&out).contains("AWS_ACCESS_KEY_ID") {
            problems.push(format!("export failed: {err}"));
        }
        if elapsed >= BOUND {
            problems.push(format!("took {elapsed:?}"));
        }
        let after = snapshot(&dir);
        if *kind == Kind::Throttled2 {
            if w.fake.count("CreateToken") != 3 {
                problems.push(format!(
                    "{} CreateToken requests",
                    w.fake.count("CreateToken")
                ));
            }
            if !err.is_empty() {
                problems.push(format!("stderr: {err}"));
            }
            if after.get(CORP_FILE) == before.get(CORP_FILE) {
                problems.push("the refreshed token was not written".into());
            }
        } else {
            let lines: Vec<&str> = err.lines().collect();
            let want = format!(
                "ssoenv: warning: could not refresh the token of sso-session corp: sso-oidc at {url}/token"
            );
            if lines.len() != 1 || !lines[0].starts_with(&want) {
                problems.push(format!("not one warning naming {url}/token: {err}"));
            }
            if err.contains(MARKER) || err.contains("<h1>") || err.contains("panicked") {
                problems.push(format!("echoed: {err}"));
            }
            let status = match kind {
                Kind::Html500 => "HTTP 500",
                Kind::Truncated200 | Kind::Html200 => "HTTP 200",
                Kind::ThrottledAlways => "HTTP 429",
                Kind::Refused => "cannot connect",
                _ => "timed out",
            };
            if !err.contains(status) {
                problems.push(format!("no {status}: {err}"));
            }
            for change in changes(&before, &after) {
                problems.push(format!("sso/cache/{change}"));
            }
        }
        (*kind, elapsed, problems)
    });
    let mut failed = Vec::new();
    for (kind, elapsed, problems) in outcomes {
        println!(
            "OIDC CreateToken (refresh) {kind:?}: {:.2}s",
            elapsed.as_secs_f64()
        );
        failed.extend(problems.into_iter().map(|p| format!("{kind:?}: {p}")));
    }
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
}

/// A server error after AssumeRole was sent with a one-time MFA code is not
/// retried (the first request may have used the code up); without a code it
/// is, and the command succeeds.
#[test]
fn an_mfa_code_is_never_sent_twice() {
    let w = prepared(Setup::TokenAndRoleCredentials);
    w.fake.require_mfa(MFA_ROLE, MFA_SERIAL, "123456");
    let run = |args: &[&str]| {
        output_within(&mut w.ssoenv_command(args), KILL_AFTER).expect("ssoenv did not end")
    };

    w.fake.set_fault(
        Fault::server_error_html("/")
            .operation("AssumeRole")
            .times(1),
    );
    let out = run(&["export", "mfa", "--mfa-code", "123456"]);
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    assert_eq!(w.fake.count("AssumeRole"), 1, "sent once");

    w.fake.clear_faults();
    w.fake.clear_requests();
    w.fake.set_fault(
        Fault::server_error_html("/")
            .operation("AssumeRole")
            .times(1),
    );
    let out = run(&["export", "deploy"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(w.fake.count("AssumeRole"), 2, "retried once");
}

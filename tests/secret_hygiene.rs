//! Secret hygiene, end to end: every command a user runs, at the most verbose
//! setting (`-vvv`, `RUST_BACKTRACE=full`, `RUST_LOG=trace`), in success and
//! in fault cases (error bodies that quote a real token, garbled answers, a
//! revoked token, a failing `credential_process`), never puts an access
//! token, refresh token, client secret, secret key, session token, sign-in
//! token or credential-server token on stderr, nor on the stdout of commands
//! whose output is not credentials. Every secret the fake issued is collected
//! (from the request log, the sign-in tokens, each cache file after each run,
//! and what children received) and searched for. Also: cache files are 0600 in
//! 0700 folders, and a cache file other users can read gets exactly one
//! warning per run, which names it and the `chmod` that fixes it.

mod common;
use common::ssoenv_bin;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use fake_aws::{Fault, TokenRequest};
use serde_json::Value;
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{START_URL, World};

/// sha1("corp"): the token file of `[sso-session corp]`.
const CORP_FILE: &str = "ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

/// The long-term key of profile `keys` (in ~/.aws/credentials).
const STATIC_ID: &str = "AKIAHYGIENESTATIC001";
const STATIC_SECRET: &str = "hYgIeNe/StAtIc+SeCrEt0123456789abcdefGHIJ";

fn config(home: &Path) -> String {
    let bin = ssoenv_bin();
    let home = home.display();
    format!(
        "[default]\nregion = us-east-1\n\
         [profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n\
         [profile legacy]\nsso_start_url = {START_URL}\nsso_region = us-east-1\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n\
         [profile chained]\nrole_arn = arn:aws:iam::333333333333:role/Deploy\nsource_profile = dev\n\
         [profile viaproc]\ncredential_process = {bin} credential-process dev\n\
         [profile keys]\nregion = us-west-2\n\
         [profile failing]\ncredential_process = sh {home}/helper-fails.sh\n\
         [profile garbled]\ncredential_process = sh {home}/helper-garbled.sh\n\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"
    )
}

fn world() -> World {
    let w = World::with_config("");
    std::fs::write(w.config_file(), config(w.path())).unwrap();
    std::fs::write(
        w.path().join(".aws/credentials"),
        format!(
            "[keys]\naws_access_key_id = {STATIC_ID}\naws_secret_access_key = {STATIC_SECRET}\n"
        ),
    )
    .unwrap();
    w.fake
        .add_static_key(STATIC_ID, STATIC_SECRET, "444444444444", "alice");
    w
}

/// May stdout hold credentials? Only for commands whose output is credentials
/// (or a sign-in URL, or a child's output).
#[derive(Clone, Copy, PartialEq)]
enum Stdout {
    Secret,
    Clean,
}

struct Run {
    label: String,
    stdout: String,
    stderr: String,
    kind: Stdout,
}

/// Every run so far and every secret seen so far.
struct Audit {
    runs: Vec<Run>,
    secrets: BTreeSet<String>,
}

impl Audit {
    fn new() -> Audit {
        let mut secrets = BTreeSet::new();
        secrets.insert(STATIC_SECRET.to_string());
        Audit {
            runs: Vec::new(),
            secrets,
        }
    }

    /// Runs `ssoenv -vvv ARGS` with backtraces and trace logging asked for,
    /// records its output and collects the secrets it may have created.
    fn run(&mut self, w: &World, args: &[&str], kind: Stdout) -> Output {
        let out = output_within(loud(w, args), args);
        self.record(w, args.join(" "), &out, kind);
        out
    }

    /// Like [`Audit::run`], asserting success.
    fn ok(&mut self, w: &World, args: &[&str], kind: Stdout) -> Output {
        let out = self.run(w, args, kind);
        assert!(
            out.status.success(),
            "ssoenv {}: {}\n{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Like [`Audit::run`], asserting failure.
    /// Every command that needs dev's role credentials fails (and is audited):
    /// the ones that print credentials, and `exec`, which prints nothing.
    fn every_role_command_fails(&mut self, w: &World) {
        for args in [
            &["export", "dev", "--no-login"][..],
            &["credential-process", "dev", "--no-login"],
            &["whoami", "dev", "--no-login"],
            &["console", "dev", "--print", "--no-login"],
        ] {
            self.fails(w, args, Stdout::Secret);
        }
        self.fails(
            w,
            &["exec", "dev", "--no-login", "--", "true"],
            Stdout::Clean,
        );
    }

    fn fails(&mut self, w: &World, args: &[&str], kind: Stdout) -> Output {
        let out = self.run(w, args, kind);
        assert!(
            !out.status.success(),
            "ssoenv {} should fail: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !out.stderr.is_empty(),
            "ssoenv {}: no message",
            args.join(" ")
        );
        out
    }

    fn record(&mut self, w: &World, label: String, out: &Output, kind: Stdout) {
        self.harvest(w);
        self.runs.push(Run {
            label,
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            kind,
        });
    }

    fn add(&mut self, secret: &str) {
        // Shorter strings would match by chance; every secret the fake
        // issues is far longer.
        if secret.len() >= 16 {
            self.secrets.insert(secret.to_string());
        }
    }

    /// Collects the secrets the fake has issued so far, as far as they can be
    /// seen from outside: what ssoenv sent back to it (bearer tokens, session
    /// tokens, client secrets, refresh tokens, code verifiers, console
    /// sessions), the console sign-in tokens, and the secret fields of every
    /// cache file as it is now.
    fn harvest(&mut self, w: &World) {
        for r in w.fake.requests() {
            for name in [fake_aws::BEARER_HEADER, "x-amz-security-token"] {
                if let Some(v) = r.header(name) {
                    self.add(v);
                }
            }
            for name in ["X-Amz-Security-Token", "refresh_token", "code_verifier"] {
                if let Some(v) = r.param(name) {
                    self.add(&v);
                }
            }
            let body = r.json();
            for key in [
                "clientSecret",
                "refreshToken",
                "codeVerifier",
                "deviceCode",
                "code",
            ] {
                if let Some(v) = body.get(key).and_then(Value::as_str) {
                    self.add(v);
                }
            }
            if let Some(session) = r.param("Session")
                && let Ok(v) = serde_json::from_str::<Value>(&session)
            {
                for key in ["sessionKey", "sessionToken"] {
                    if let Some(v) = v.get(key).and_then(Value::as_str) {
                        self.add(v);
                    }
                }
            }
        }
        for t in w.fake.signin_tokens() {
            self.add(&t.token);
        }
        for file in cache_files(w.path()) {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            if let Ok(v) = serde_json::from_str::<Value>(&text) {
                self.add_json_secrets(&v);
            }
        }
    }

    fn add_json_secrets(&mut self, v: &Value) {
        const SECRET_KEYS: [&str; 8] = [
            "accessToken",
            "refreshToken",
            "clientSecret",
            "SecretAccessKey",
            "SessionToken",
            "Token",
            "secretAccessKey",
            "sessionToken",
        ];
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match v.as_str() {
                        Some(s) if SECRET_KEYS.contains(&k.as_str()) => self.add(s),
                        _ => self.add_json_secrets(v),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| self.add_json_secrets(i)),
            _ => {}
        }
    }

    /// No secret on any stderr, nor on a stdout that is not credentials; and
    /// nothing shaped like a fake token either (which catches secrets the
    /// fake issued in answers ssoenv then dropped).
    fn check(&self) {
        assert!(
            self.secrets.len() >= 10,
            "too few secrets collected: {}",
            self.secrets.len()
        );
        let mut bad = Vec::new();
        for run in &self.runs {
            let mut streams = vec![("stderr", &run.stderr)];
            if run.kind == Stdout::Clean {
                streams.push(("stdout", &run.stdout));
            }
            for (stream, text) in streams {
                let found: Vec<&String> = self
                    .secrets
                    .iter()
                    .filter(|s| text.contains(s.as_str()))
                    .collect();
                let shape = token_shape(text);
                if found.is_empty() && shape.is_none() {
                    continue;
                }
                // Shown with each secret cut to its first 6 characters.
                let mut shown = text.clone();
                for s in &found {
                    shown = shown.replace(s.as_str(), &format!("<SECRET {}…>", &s[..6]));
                }
                bad.push(format!(
                    "`ssoenv -vvv {}`: {stream} holds {} secret(s){}:\n{shown}",
                    run.label,
                    found.len(),
                    shape
                        .map(|s| format!(" and something shaped like one ({s})"))
                        .unwrap_or_default(),
                ));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n\n"));
    }
}

/// A description of the first token-shaped string in `text`: the fake's
/// access-token, refresh-token and session-token prefixes, or a run of 100 or
/// more base64 characters (client secrets, session tokens).
fn token_shape(text: &str) -> Option<String> {
    for prefix in ["IQoJb3JpZ2luX2VjE"] {
        if text.contains(prefix) {
            return Some(format!("{prefix}…"));
        }
    }
    let token_char = |c: char| c.is_ascii_alphanumeric() || "-_+/=".contains(c);
    for word in text.split(|c: char| !token_char(c)) {
        let fake_token = (word.starts_with("aoa") || word.starts_with("aor")) && word.len() > 40;
        if fake_token || word.len() >= 100 {
            return Some(format!("{}… ({} chars)", &word[..6], word.len()));
        }
    }
    None
}

/// `ssoenv -vvv ARGS` with everything that could make it say more.
fn loud(w: &World, args: &[&str]) -> Command {
    let mut full = vec!["-vvv"];
    full.extend_from_slice(args);
    let mut c = w.ssoenv_command(&full);
    c.env("RUST_BACKTRACE", "full")
        .env("RUST_LIB_BACKTRACE", "1")
        .env("RUST_LOG", "trace")
        .env("SSOENV_LOGIN_TIMEOUT", "20")
        .env("SSOENV_CONNECT_TIMEOUT", "2")
        .env("SSOENV_READ_TIMEOUT", "2");
    c
}

/// Runs `cmd` (ssoenv with `args`) to the end, or fails the test when it
/// has not ended after a minute (a hang, not slowness: every run here takes
/// well under a few seconds).
fn output_within(mut cmd: Command, args: &[&str]) -> Output {
    common::output_within(&mut cmd, std::time::Duration::from_secs(60))
        .unwrap_or_else(|| panic!("ssoenv {} did not end within 60 s", args.join(" ")))
}

/// Every file under the two cache folders (token, registration and role
/// caches, lock files).
fn cache_files(home: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [".aws/sso/cache", ".aws/cli/cache"] {
        if let Ok(entries) = std::fs::read_dir(home.join(dir)) {
            out.extend(entries.map(|e| e.unwrap().path()));
        }
    }
    out.sort();
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The role credential cache files.
fn role_files(home: &Path) -> Vec<PathBuf> {
    cache_files(home)
        .into_iter()
        .filter(|p| p.starts_with(home.join(".aws/cli/cache")))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect()
}

fn remove_role_caches(home: &Path) {
    for f in role_files(home) {
        std::fs::remove_file(f).unwrap();
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Moves the cached token's expiry to `secs` from now (keeping the token).
fn token_expires_in(w: &World, secs: i64) {
    let path = w.path().join(".aws/sso/cache").join(CORP_FILE);
    let mut token = read_json(&path);
    let at = time::OffsetDateTime::now_utc() + time::Duration::seconds(secs);
    let at = at
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    token["expiresAt"] = Value::String(at);
    std::fs::write(&path, token.to_string()).unwrap();
    chmod(&path, 0o600);
}

#[test]
fn every_command_keeps_secrets_off_stderr_and_caches_private() {
    use Stdout::{Clean, Secret};
    let w = world();
    let mut a = Audit::new();
    let home = w.path().display().to_string();

    // Sign-ins: PKCE, the device flow of a legacy profile, the device flow of
    // an sso-session (with a refresh token).
    a.ok(&w, &["login", "dev"], Clean);
    a.ok(&w, &["login", "legacy"], Clean);
    a.ok(&w, &["login", "dev", "--device-code", "--force"], Clean);
    a.ok(&w, &["login", "dev"], Clean);

    for format in [
        "sh",
        "bash",
        "zsh",
        "fish",
        "powershell",
        "dotenv",
        "json",
        "credential-process",
    ] {
        a.ok(&w, &["export", "dev", "--format", format], Secret);
    }
    a.ok(&w, &["export", "legacy", "--format", "json"], Secret);
    a.ok(&w, &["export", "chained", "--format", "json"], Secret);
    a.ok(&w, &["export", "viaproc", "--format", "json"], Secret);
    a.ok(&w, &["export", "keys", "--format", "json"], Secret);
    a.ok(&w, &["credential-process", "dev"], Secret);
    a.ok(&w, &["use", "dev", "--shell", "bash"], Secret);

    // exec: the child writes down what it got, so those count as secrets.
    let script = format!(
        "printf '%s\\n%s\\n' \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\" > '{home}/exec.out'"
    );
    a.ok(&w, &["exec", "dev", "--", "sh", "-c", &script], Secret);
    let got = std::fs::read_to_string(w.path().join("exec.out")).unwrap();
    assert_eq!(got.lines().count(), 2, "{got}");
    got.lines().for_each(|l| a.add(l));

    // exec --server, briefly: the child fetches its credentials once.
    let script = format!(
        "printf %s \"$AWS_CONTAINER_AUTHORIZATION_TOKEN\" > '{home}/server.token' && \
         curl -sf -H \"Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN\" \
         \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\" > '{home}/server.json'"
    );
    a.ok(
        &w,
        &["exec", "--server", "dev", "--", "sh", "-c", &script],
        Secret,
    );
    a.add(&std::fs::read_to_string(w.path().join("server.token")).unwrap());
    let served = read_json(&w.path().join("server.json"));
    assert!(served["SecretAccessKey"].is_string(), "{served}");
    a.add_json_secrets(&served);

    for profile in ["dev", "chained", "keys", "viaproc"] {
        a.ok(&w, &["whoami", profile], Clean);
    }
    a.ok(&w, &["whoami", "dev", "--json"], Clean);
    a.ok(&w, &["status"], Clean);
    a.ok(&w, &["status", "--json"], Clean);
    a.ok(&w, &["list"], Clean);
    a.ok(&w, &["list", "--json"], Clean);
    a.ok(&w, &["console", "dev", "--print"], Secret);
    a.ok(&w, &["console", "chained", "--print"], Secret);
    a.ok(
        &w,
        &["populate", "--sso-session", "corp", "--dry-run"],
        Clean,
    );
    a.ok(&w, &["populate", "--sso-session", "corp"], Clean);
    a.ok(
        &w,
        &[
            "configure",
            "--sso-session",
            "corp",
            "--account",
            "staging",
            "--role",
            "ReadOnly",
            "--region",
            "eu-west-1",
            "--profile",
            "configured",
        ],
        Clean,
    );
    a.ok(&w, &["export", "configured", "--format", "json"], Secret);

    // Every cache file is private, in private folders ssoenv created.
    let files = cache_files(w.path());
    assert!(files.len() >= 5, "{files:?}");
    for dir in [".aws/sso", ".aws/sso/cache", ".aws/cli", ".aws/cli/cache"] {
        assert_eq!(mode(&w.path().join(dir)), 0o700, "{dir}");
    }
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }

    a.ok(&w, &["logout", "legacy"], Clean);
    a.ok(&w, &["logout", "--all"], Clean);
    a.ok(&w, &["status"], Clean);
    a.check();
}

/// A signed-in world with cached SSO and assume-role credentials, and the
/// secrets it holds.
struct SignedIn {
    w: World,
    a: Audit,
    access: String,
    refresh: String,
    /// Every secret at once, as a hostile error message would quote them.
    quoting: String,
}

fn signed_in() -> SignedIn {
    let w = world();
    let mut a = Audit::new();
    a.ok(&w, &["login", "dev"], Stdout::Clean);
    a.ok(
        &w,
        &["export", "chained", "--format", "json"],
        Stdout::Secret,
    );
    let token = read_json(&w.path().join(".aws/sso/cache").join(CORP_FILE));
    let text = |v: &Value| v.as_str().unwrap().to_string();
    let access = text(&token["accessToken"]);
    let refresh = text(&token["refreshToken"]);
    let client = text(&token["clientSecret"]);
    let role = read_json(&role_files(w.path())[0]);
    let key = text(&role["Credentials"]["SecretAccessKey"]);
    let session = text(&role["Credentials"]["SessionToken"]);
    let quoting = format!("token {access} refresh {refresh} client {client} key {key} {session}");
    for s in [&access, &refresh, &client, &key, &session] {
        assert!(a.secrets.contains(s), "collected from the caches");
    }
    SignedIn {
        w,
        a,
        access,
        refresh,
        quoting,
    }
}

/// Error answers whose message quotes real secrets (as a buggy proxy or a
/// hostile endpoint could send): ssoenv names the endpoint and the status,
/// never the secrets.
#[test]
fn error_answers_quoting_secrets_are_not_echoed() {
    use Stdout::{Clean, Secret};
    let SignedIn {
        w, mut a, quoting, ..
    } = signed_in();
    let json_error = serde_json::json!({
        "error": "invalid_grant",
        "error_description": quoting,
        "message": quoting,
        "Message": quoting,
    })
    .to_string();

    // A refresh (the token has 10 minutes left) refused: a warning, then the
    // still-valid token is used.
    remove_role_caches(w.path());
    token_expires_in(&w, 600);
    w.fake.set_fault(Fault::respond("/token", 400, &json_error));
    a.ok(&w, &["export", "dev", "--no-login"], Secret);
    w.fake.clear_faults();

    // GetRoleCredentials refused, in every command that needs it.
    token_expires_in(&w, 3600);
    for status in [500, 403, 401, 400] {
        remove_role_caches(w.path());
        w.fake.set_fault(Fault::respond(
            "/federation/credentials",
            status,
            &json_error,
        ));
        a.every_role_command_fails(&w);
        w.fake.clear_faults();
    }

    // STS refusing AssumeRole and GetCallerIdentity in its XML shape.
    let sts_error = format!(
        "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code>\
         <Message>{quoting}</Message></Error></ErrorResponse>"
    );
    a.ok(&w, &["export", "dev", "--format", "json"], Secret);
    for status in [400, 403] {
        for (operation, args) in [
            ("AssumeRole", &["export", "chained", "--format", "json"][..]),
            ("GetCallerIdentity", &["whoami", "keys"]),
        ] {
            remove_role_caches(w.path());
            a.ok(&w, &["export", "dev", "--format", "json"], Secret);
            w.fake.set_fault(
                Fault::respond("/", status, &sts_error)
                    .operation(operation)
                    .content_type("text/xml"),
            );
            a.fails(&w, args, Secret);
            w.fake.clear_faults();
        }
    }

    // The portal's other calls: populate lists accounts, logout ends the session.
    w.fake
        .set_fault(Fault::respond("/assignment/accounts", 500, &json_error));
    a.fails(
        &w,
        &["populate", "--sso-session", "corp", "--no-login"],
        Clean,
    );
    w.fake.clear_faults();
    w.fake
        .set_fault(Fault::respond("/logout", 500, &json_error));
    a.ok(&w, &["logout", "dev"], Clean);
    w.fake.clear_faults();
    a.check();
}

/// Garbled and HTML answers holding secrets, a revoked token and refresh
/// token, a hanging endpoint, failing `credential_process` helpers and a
/// corrupt cache file: each is reported without a secret.
#[test]
fn failures_keep_secrets_off_stderr() {
    use Stdout::{Clean, Secret};
    let SignedIn {
        w,
        mut a,
        access,
        refresh,
        quoting,
    } = signed_in();
    let key = read_json(&role_files(w.path())[0])["Credentials"]["SecretAccessKey"]
        .as_str()
        .unwrap()
        .to_string();

    // A refresh (the token has 10 minutes left) answered with an HTML page
    // or a garbled 200 holding the secrets: a warning, then the still-valid
    // token is used.
    for (status, body, content_type) in [
        (
            500,
            format!("<html><body>{quoting}</body></html>"),
            "text/html",
        ),
        (
            200,
            format!("{{\"accessToken\": \"{access}\", \"refreshToken\": \"{refresh}"),
            "application/json",
        ),
        (200, quoting.clone(), "text/plain"),
    ] {
        remove_role_caches(w.path());
        token_expires_in(&w, 600);
        w.fake
            .set_fault(Fault::respond("/token", status, &body).content_type(content_type));
        let out = a.ok(&w, &["export", "dev", "--no-login"], Secret);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("could not refresh"),
            "the fault was hit"
        );
        w.fake.clear_faults();
    }

    // GetRoleCredentials answering garbled JSON or an HTML page.
    token_expires_in(&w, 3600);
    let garbled = format!(
        "{{\"roleCredentials\": {{\"accessKeyId\": \"ASIAGARBLED\", \"secretAccessKey\": \"{key}\", \"sessionToken\": \"{quoting}"
    );
    for (status, body) in [(200, garbled), (502, format!("<html>{quoting}</html>"))] {
        remove_role_caches(w.path());
        w.fake
            .set_fault(Fault::respond("/federation/credentials", status, &body));
        a.every_role_command_fails(&w);
        w.fake.clear_faults();
    }

    // STS answering a garbled 200, and the console federation endpoint an
    // error page quoting the secrets.
    remove_role_caches(w.path());
    a.ok(&w, &["export", "dev", "--format", "json"], Secret);
    let garbled =
        format!("<AssumeRoleResponse><AssumeRoleResult><Credentials><SecretAccessKey>{key}");
    for (operation, args) in [
        ("AssumeRole", &["export", "chained", "--format", "json"][..]),
        ("GetCallerIdentity", &["whoami", "keys"]),
    ] {
        w.fake.set_fault(
            Fault::respond("/", 200, &garbled)
                .operation(operation)
                .content_type("text/xml"),
        );
        a.fails(&w, args, Secret);
        w.fake.clear_faults();
    }
    w.fake.set_fault(
        Fault::respond("/federation", 400, &quoting)
            .operation("GetSigninToken")
            .content_type("text/plain"),
    );
    a.fails(&w, &["console", "dev", "--print", "--no-login"], Secret);
    w.fake.clear_faults();

    // A revoked token: the portal refuses it, and without a terminal there is
    // no sign-in.
    remove_role_caches(w.path());
    w.fake.expire_tokens();
    a.fails(&w, &["export", "dev", "--no-login"], Secret);
    // The rejected token is marked expired, so the next command refreshes it
    // silently (this fake revokes access tokens, not the refresh token).
    a.ok(&w, &["whoami", "dev", "--no-login"], Clean);
    remove_role_caches(w.path());
    a.ok(&w, &["status"], Clean);
    a.ok(&w, &["status", "--json"], Clean);

    // A refresh token that was already used (refresh tokens are single-use):
    // the refresh fails with the endpoint's own invalid_grant.
    let issued = w.fake.issue_token(TokenRequest {
        start_url: Some(START_URL.into()),
        lifetime_secs: Some(600),
        refresh: true,
        ..TokenRequest::default()
    });
    let path = w.path().join(".aws/sso/cache").join(CORP_FILE);
    let old = issued.cache_json(START_URL, "us-east-1");
    for s in [
        Some(issued.access_token.clone()),
        issued.refresh_token.clone(),
        issued.client_secret.clone(),
    ]
    .into_iter()
    .flatten()
    {
        a.add(&s);
    }
    std::fs::write(&path, &old).unwrap();
    chmod(&path, 0o600);
    a.ok(&w, &["export", "dev", "--no-login"], Secret);
    assert_eq!(
        w.fake.requests_for("CreateToken").last().unwrap().status,
        Some(200)
    );
    std::fs::write(&path, &old).unwrap();
    remove_role_caches(w.path());
    let out = a.run(&w, &["export", "dev", "--no-login"], Secret);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("could not refresh"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A hanging portal: the time-out names the endpoint, nothing more.
    a.ok(&w, &["login", "dev", "--force"], Clean);
    remove_role_caches(w.path());
    w.fake.set_fault(Fault::hang("/federation/credentials"));
    a.fails(&w, &["export", "dev", "--no-login"], Secret);
    w.fake.clear_faults();

    // credential_process helpers that print secrets and then fail, or print
    // them in JSON that is cut short.
    let helper_secret = "HeLpEr/SeCrEt+KeY0123456789abcdefghijKLMN";
    let helper_token = "HeLpErSeSsIoNtOkEn0123456789abcdefghijklmnopqrstuvwxyz";
    a.add(helper_secret);
    a.add(helper_token);
    let json = format!(
        "{{\"Version\": 1, \"AccessKeyId\": \"AKIAHELPER0000000001\", \"SecretAccessKey\": \"{helper_secret}\", \"SessionToken\": \"{helper_token}\"}}"
    );
    std::fs::write(
        w.path().join("helper-fails.sh"),
        format!("printf '%s\\n' '{json}'\necho 'error: the vault is sealed' >&2\nexit 3\n"),
    )
    .unwrap();
    std::fs::write(
        w.path().join("helper-garbled.sh"),
        format!("printf '%s' '{}'\n", &json[..json.len() - 20]),
    )
    .unwrap();
    for profile in ["failing", "garbled"] {
        for args in [
            &["export", profile][..],
            &["credential-process", profile],
            &["whoami", profile],
        ] {
            a.fails(&w, args, Secret);
        }
    }

    // A corrupt token cache holding a token: the warning names the file only.
    std::fs::write(
        &path,
        format!("{{\"accessToken\": \"{access}\", \"expiresAt\": "),
    )
    .unwrap();
    chmod(&path, 0o600);
    a.ok(&w, &["status"], Clean);
    a.fails(&w, &["export", "dev", "--no-login"], Secret);
    a.check();
}

/// The lines of `stderr` that warn about `path`.
fn warnings_for(stderr: &[u8], path: &Path) -> Vec<String> {
    let shown = path.display().to_string();
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.contains("can be read by other users") && l.contains(&shown))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_cache_file_others_can_read_is_reported_once() {
    let w = world();
    let run = |args: &[&str]| {
        let out = output_within(loud(&w, args), args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    run(&["login", "dev"]);
    run(&["export", "dev"]);
    let token = w.path().join(".aws/sso/cache").join(CORP_FILE);
    let roles = role_files(w.path());
    assert_eq!(roles.len(), 1);
    let role = roles[0].clone();

    // Private files: no warning.
    let out = run(&["status"]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("can be read by other users"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Readable by everyone, or by the group: one warning per file and run,
    // however often the file is read, with the command that fixes it.
    for shared in [0o644, 0o640] {
        chmod(&token, shared);
        chmod(&role, shared);
        let out = run(&["status"]);
        for file in [&token, &role] {
            let shown = file.display();
            assert_eq!(
                warnings_for(&out.stderr, file),
                [format!(
                    "ssoenv: warning: {shown} can be read by other users; run: chmod 600 {shown}"
                )],
                "mode {shared:o}"
            );
        }
        // A cached export reads only the role file.
        let out = run(&["export", "dev"]);
        assert_eq!(warnings_for(&out.stderr, &role).len(), 1);
        assert_eq!(warnings_for(&out.stderr, &token).len(), 0);
        // Without role credentials the token file is read (several times)
        // and named once; the new role file is private.
        std::fs::remove_file(&role).unwrap();
        let out = run(&["export", "dev"]);
        assert_eq!(warnings_for(&out.stderr, &token).len(), 1);
        assert_eq!(warnings_for(&out.stderr, &role).len(), 0);
        assert_eq!(mode(&role), 0o600);
        assert_eq!(mode(&token), shared, "reading never changes the mode");
    }

    // The client registration (it holds the client secret) is read by a new
    // sign-in, and reported the same way.
    let registration = std::fs::read_dir(w.path().join(".aws/sso/cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json") && *p != token)
        .expect("a client registration beside the token");
    chmod(&registration, 0o644);

    // Rewriting a file makes it private again.
    let out = run(&["login", "dev", "--force"]);
    assert_eq!(warnings_for(&out.stderr, &registration).len(), 1);
    assert_eq!(mode(&token), 0o600);
    let out = run(&["status"]);
    assert_eq!(warnings_for(&out.stderr, &token).len(), 0);
    assert_eq!(warnings_for(&out.stderr, &role).len(), 0);
}

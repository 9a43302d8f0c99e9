//! `credential_process` helpers are small shell scripts in a temp folder: what
//! ssoenv makes of their output, exit status, signals and hangs, that errors
//! never echo the secrets they printed, and that botocore agrees on the
//! outcome.

#[path = "support/python.rs"]
mod python;
use ssoenv::creds::process;
use ssoenv::creds::resolve::Credentials;
use ssoenv::env::Env;
use ssoenv::error::{Error, WithHint};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// Writing a script takes this for writing, running anything for reading: a
/// child forked while another thread holds a script open for writing keeps
/// that file busy, and executing it would fail with ETXTBSY.
static FORK_LOCK: RwLock<()> = RwLock::new(());

const SECRETS: [&str; 3] = ["AKIDSECRET1", "SKSECRET2", "TOKSECRET3"];
const TIMEOUT: Duration = Duration::from_secs(20);

struct Helpers {
    dir: tempfile::TempDir,
}

impl Helpers {
    fn new() -> Self {
        Helpers {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// An executable `#!/bin/sh` script; returns its path, quoted for the command line.
    fn script(&self, name: &str, body: &str) -> String {
        let path = self.path(name);
        {
            let _guard = FORK_LOCK.write().unwrap();
            std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        quote(&path.to_string_lossy())
    }

    /// A script that prints `json` and exits 0.
    fn printing(&self, name: &str, json: &str) -> String {
        self.script(name, &format!("cat <<'EOF'\n{json}\nEOF"))
    }
}

/// Single-quotes `s` for the shell-style split of credential_process.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn env() -> Env {
    Env::from_pairs([("PATH", "/usr/bin:/bin"), ("LANG", "C")])
}

fn run_with(command: &str, env: &Env, timeout: Duration) -> ssoenv::error::Result<Credentials> {
    let _guard = FORK_LOCK.read().unwrap();
    process::run(command, "dev", env, timeout)
}

fn run(command: &str) -> ssoenv::error::Result<Credentials> {
    run_with(command, &env(), TIMEOUT)
}

/// The error of a failing run, checked for what every such error must show:
/// the profile, and none of the secrets.
fn failure(command: &str) -> Error {
    let err = run(command).expect_err("the helper should be refused");
    check_error(&err);
    err
}

fn check_error(err: &Error) {
    let shown = WithHint(err).to_string();
    assert!(shown.contains("profile \"dev\""), "{shown}");
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        assert!(
            !format!("{err:?}").contains(secret),
            "{secret} leaked: {err:?}"
        );
    }
}

fn assert_process_error(err: &Error, wanted: &str) {
    match err {
        Error::CredentialProcess { message, .. } => {
            assert!(message.contains(wanted), "{wanted:?} not in {message:?}")
        }
        other => panic!("expected a CredentialProcess error, got {other:?}"),
    }
    assert_eq!(err.exit_code(), 69);
}

fn full_json(expiration: &str) -> String {
    format!(
        r#"{{"Version": 1, "AccessKeyId": "{}", "SecretAccessKey": "{}", "SessionToken": "{}", "Expiration": "{expiration}"}}"#,
        SECRETS[0], SECRETS[1], SECRETS[2]
    )
}

fn in_an_hour() -> String {
    let at = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[test]
fn reads_credentials_with_token_and_expiration() {
    let h = Helpers::new();
    let expiration = in_an_hour();
    let creds = run(&h.printing("full", &full_json(&expiration))).unwrap();
    assert_eq!(creds.access_key_id, SECRETS[0]);
    assert_eq!(creds.secret_access_key, SECRETS[1]);
    assert_eq!(creds.session_token.as_deref(), Some(SECRETS[2]));
    let expected =
        time::OffsetDateTime::parse(&expiration, &time::format_description::well_known::Rfc3339)
            .unwrap();
    assert_eq!(creds.expiration, Some(expected));
}

#[test]
fn reads_long_term_keys_without_token_or_expiration() {
    let h = Helpers::new();
    let creds = run(&h.printing(
        "keys",
        r#"{"Version": 1, "AccessKeyId": "AK", "SecretAccessKey": "SK", "AccountId": "123456789012"}"#,
    ))
    .unwrap();
    assert_eq!(creds.access_key_id, "AK");
    assert_eq!(creds.secret_access_key, "SK");
    assert_eq!(creds.session_token, None);
    assert_eq!(creds.expiration, None);
}

#[test]
fn splits_like_a_shell_but_runs_without_one() {
    let h = Helpers::new();
    let argv_file = h.path("argv");
    let program = h.script(
        "my helper",
        &format!(
            "printf '[%s]\\n' \"$@\" > {}\necho '{{\"Version\": 1, \"AccessKeyId\": \"AK\", \"SecretAccessKey\": \"SK\"}}'",
            quote(&argv_file.to_string_lossy())
        ),
    );
    let command =
        format!(r#"{program} "a b"  'c  d' e\ f '' "x'y" ~ ~/x $HOME '$(id)' ;echo `true` | cat"#);
    run(&command).unwrap();
    let argv = std::fs::read_to_string(argv_file).unwrap();
    assert_eq!(
        argv,
        "[a b]\n[c  d]\n[e f]\n[]\n[x'y]\n[~]\n[~/x]\n[$HOME]\n[$(id)]\n[;echo]\n[`true`]\n[|]\n[cat]\n"
    );
}

#[test]
fn child_sees_exactly_the_given_environment_and_path() {
    let h = Helpers::new();
    let bin = h.path("bin");
    std::fs::create_dir(&bin).unwrap();
    let env_file = h.path("env");
    {
        let _guard = FORK_LOCK.write().unwrap();
        let helper = bin.join("ssoenv-test-helper");
        std::fs::write(
            &helper,
            format!(
                "#!/bin/sh\nenv > {}\nprintf '{{\"Version\": 1, \"AccessKeyId\": \"%s\", \"SecretAccessKey\": \"SK\"}}' \"$FROM_ENV\"\n",
                quote(&env_file.to_string_lossy())
            ),
        )
        .unwrap();
        std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let env = Env::from_pairs([("PATH", path.as_str()), ("FROM_ENV", "given value")]);
    let creds = run_with("ssoenv-test-helper", &env, TIMEOUT).unwrap();
    assert_eq!(creds.access_key_id, "given value");

    // Nothing of the test's own environment leaks through (the shell adds a few).
    let seen = std::fs::read_to_string(env_file).unwrap();
    let names: Vec<&str> = seen
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, _)| k)
        .collect();
    for (name, _) in std::env::vars() {
        if !["PATH", "PWD", "OLDPWD", "SHLVL", "_"].contains(&name.as_str()) {
            assert!(
                !names.contains(&name.as_str()),
                "{name} leaked into the helper"
            );
        }
    }
}

#[test]
fn a_missing_program_is_named() {
    let err = failure("ssoenv-no-such-helper --flag");
    assert_process_error(&err, "\"ssoenv-no-such-helper\" was not found on PATH");
    assert!(err.hint().unwrap().contains("full path"));

    let err = failure("/no/such/dir/helper");
    assert_process_error(&err, "\"/no/such/dir/helper\" was not found");

    // `~` is not expanded: botocore would not find this either.
    let err = failure("~/ssoenv-no-such-helper");
    assert_process_error(&err, "\"~/ssoenv-no-such-helper\" was not found");
    assert!(err.hint().unwrap().contains("not expanded"));
}

#[test]
fn a_file_that_is_not_executable_is_refused() {
    let h = Helpers::new();
    let path = h.path("plain");
    {
        let _guard = FORK_LOCK.write().unwrap();
        std::fs::write(&path, "#!/bin/sh\necho {}\n").unwrap();
    }
    let err = failure(&quote(&path.to_string_lossy()));
    assert_process_error(&err, "permission denied");
}

#[test]
fn a_failing_exit_status_is_reported_without_its_output() {
    let h = Helpers::new();
    let command = h.script(
        "exit3",
        &format!(
            "echo '{}'\necho 'helper says: need MFA' >&2\nexit 3",
            full_json("2099-01-01T00:00:00Z")
        ),
    );
    let err = failure(&command);
    assert_process_error(&err, "exited with status 3");
    assert!(WithHint(&err).to_string().contains("run it by hand"));
}

#[test]
fn a_signal_is_reported() {
    let h = Helpers::new();
    let err = failure(&h.script("killed", "kill -TERM $$\nsleep 5"));
    assert_process_error(&err, "was killed by signal 15");
}

#[test]
fn output_that_is_not_credentials_is_refused_naming_the_problem() {
    let h = Helpers::new();
    let [ak, sk, tok] = SECRETS;
    let cases = [
        ("garbage", format!("{ak} {sk} {tok}"), "not JSON"),
        (
            "truncated",
            full_json("2099-01-01T00:00:00Z")[..60].to_string(),
            "not JSON",
        ),
        ("empty", String::new(), "printed nothing"),
        (
            "array",
            format!(r#"["{ak}", "{sk}"]"#),
            "an array instead of an object",
        ),
        (
            "version2",
            format!(r#"{{"Version": 2, "AccessKeyId": "{ak}", "SecretAccessKey": "{sk}"}}"#),
            "\"Version\": 2; only version 1",
        ),
        (
            "version-string",
            format!(r#"{{"Version": "1", "AccessKeyId": "{ak}", "SecretAccessKey": "{sk}"}}"#),
            "\"Version\" as a string; it must be the number 1",
        ),
        (
            "no-version",
            format!(r#"{{"AccessKeyId": "{ak}", "SecretAccessKey": "{sk}"}}"#),
            "without \"Version\"",
        ),
        (
            "no-secret",
            format!(r#"{{"Version": 1, "AccessKeyId": "{ak}", "SessionToken": "{tok}"}}"#),
            "without \"SecretAccessKey\"",
        ),
        (
            "no-key-id",
            format!(r#"{{"Version": 1, "SecretAccessKey": "{sk}"}}"#),
            "without \"AccessKeyId\"",
        ),
        (
            "number-secret",
            format!(r#"{{"Version": 1, "AccessKeyId": "{ak}", "SecretAccessKey": 12345}}"#),
            "\"SecretAccessKey\" as a number; it must be a string",
        ),
        (
            "empty-key-id",
            format!(r#"{{"Version": 1, "AccessKeyId": "", "SecretAccessKey": "{sk}"}}"#),
            "an empty \"AccessKeyId\"",
        ),
        (
            "bad-expiration",
            format!(
                r#"{{"Version": 1, "AccessKeyId": "{ak}", "SecretAccessKey": "{sk}", "Expiration": "{tok}"}}"#
            ),
            "\"Expiration\" that is not an ISO 8601 time",
        ),
        (
            "expired",
            full_json("2020-01-02T03:04:05Z"),
            "credentials that expired at 2020-01-02T03:04:05Z",
        ),
    ];
    for (name, stdout, wanted) in cases {
        let err = failure(&h.printing(name, &stdout));
        assert_process_error(&err, wanted);
        assert!(
            err.hint().unwrap().contains("\"Version\": 1"),
            "{name}: {err:?}"
        );
    }
}

#[test]
fn a_command_that_cannot_be_split_or_is_empty_is_a_config_error() {
    for (command, wanted) in [
        (
            "helper 'unclosed",
            "cannot be split into words: no closing quotation",
        ),
        ("helper trailing\\", "no escaped character"),
        ("   ", "credential_process is empty"),
    ] {
        match run(command).unwrap_err() {
            err @ Error::InvalidProfile { .. } => {
                assert!(err.to_string().contains(wanted), "{err}");
                assert_eq!(err.exit_code(), 78);
            }
            other => panic!("{command:?}: {other:?}"),
        }
    }
}

fn pid_is_alive(pid: &str) -> bool {
    let _guard = FORK_LOCK.read().unwrap();
    std::process::Command::new("kill")
        .args(["-0", pid])
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
        .success()
}

#[test]
fn a_hanging_helper_is_killed_at_the_timeout() {
    let h = Helpers::new();
    let pid_file = h.path("pid");
    // Prints good credentials, but never exits.
    let command = h.script(
        "hang",
        &format!(
            "echo $$ > {}\necho '{}'\nexec sleep 30",
            quote(&pid_file.to_string_lossy()),
            full_json("2099-01-01T00:00:00Z")
        ),
    );
    let timeout = Duration::from_millis(700);
    let start = Instant::now();
    let err = run_with(&command, &env(), timeout).unwrap_err();
    let took = start.elapsed();
    check_error(&err);
    assert_process_error(&err, "did not finish within 700ms and was stopped");
    assert!(
        took >= timeout && took < timeout + Duration::from_secs(2),
        "{took:?}"
    );
    let pid = std::fs::read_to_string(pid_file).unwrap();
    assert!(
        !pid_is_alive(pid.trim()),
        "the helper {pid} is still running"
    );
}

#[test]
fn a_grandchild_holding_the_output_open_does_not_stall_the_timeout() {
    let h = Helpers::new();
    // The shell is killed; its `sleep` keeps stdout open for a while longer.
    let command = h.script("grandchild", "sleep 4\necho done");
    let timeout = Duration::from_millis(500);
    let start = Instant::now();
    let err = run_with(&command, &env(), timeout).unwrap_err();
    let took = start.elapsed();
    assert_process_error(&err, "did not finish within 500ms");
    assert!(took < timeout + Duration::from_secs(2), "{took:?}");
}

/// What botocore's `ProcessProvider(...).load()` makes of each profile:
/// `ok <access key id>` or `error <exception class>: <message>`.
fn botocore_outcomes(config: &Path, profiles: &[&str]) -> Vec<String> {
    let script = r#"
import sys, botocore.session
from botocore.credentials import ProcessProvider
session = botocore.session.Session()
for name in sys.argv[1:]:
    try:
        creds = ProcessProvider(name, lambda: session.full_config).load()
        print("ok", creds.get_frozen_credentials().access_key)
    except Exception as e:
        print("error", type(e).__name__ + ":", str(e).replace("\n", " "))
"#;
    let _guard = FORK_LOCK.read().unwrap();
    let out = std::process::Command::new(python::python3())
        .arg("-c")
        .arg(script)
        .args(profiles)
        .env_clear()
        .env("PATH", python::path())
        .env("HOME", config.parent().unwrap())
        .env("AWS_CONFIG_FILE", config)
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            config.with_file_name("nothing"),
        )
        .output()
        .expect("python3 with botocore is needed (see .ci/run)");
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn botocore_accepts_and_refuses_the_same_helpers() {
    let h = Helpers::new();
    let cases = [
        ("good", full_json(&in_an_hour()), true, ""),
        (
            "version2",
            r#"{"Version": 2, "AccessKeyId": "AK", "SecretAccessKey": "SK"}"#.to_string(),
            false,
            "Unsupported version '2'",
        ),
        (
            "missing-key",
            r#"{"Version": 1, "AccessKeyId": "AK"}"#.to_string(),
            false,
            "Missing required key in response: 'SecretAccessKey'",
        ),
    ];
    let mut config = String::new();
    let mut commands = Vec::new();
    for (name, stdout, _, _) in &cases {
        // An argument with a space, so both split the command the same way too.
        let command = format!("{} 'an argument'", h.printing(name, stdout));
        config.push_str(&format!(
            "[profile {name}]\ncredential_process = {command}\n"
        ));
        commands.push(command);
    }
    let config_path = h.path("config");
    std::fs::write(&config_path, config).unwrap();
    let names: Vec<&str> = cases.iter().map(|c| c.0).collect();
    let boto = botocore_outcomes(&config_path, &names);
    assert_eq!(boto.len(), cases.len(), "{boto:?}");

    for (((name, _, accepted, boto_message), command), boto) in
        cases.iter().zip(&commands).zip(&boto)
    {
        let ours = run(command);
        assert_eq!(ours.is_ok(), *accepted, "{name}: ssoenv gave {ours:?}");
        if *accepted {
            assert_eq!(
                boto,
                &format!("ok {}", ours.unwrap().access_key_id),
                "{name}"
            );
        } else {
            assert!(
                boto.starts_with("error CredentialRetrievalError:"),
                "{name}: {boto}"
            );
            assert!(boto.contains(boto_message), "{name}: {boto}");
        }
    }
}

//! The README's try-out (`examples/try-out`) works as documented: it starts the bundled
//! fake AWS, signs in, exports and execs for real, and leaves nothing behind.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn fake_aws_bin() -> PathBuf {
    // `cargo test` builds the examples next to the binaries' folder.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ssoenv"));
    let fake = bin.parent().unwrap().join("examples").join("fake-aws");
    assert!(
        fake.exists(),
        "{} is missing: run `cargo test` for all targets, which builds the examples",
        fake.display()
    );
    fake
}

fn try_out(args: &[&str], shell: &str, stdin: &str) -> (Output, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/try-out"))
        .args(args)
        .env("SSOENV_BIN", env!("CARGO_BIN_EXE_ssoenv"))
        .env("FAKE_AWS_BIN", fake_aws_bin())
        .env("TMPDIR", tmp.path())
        .env("SHELL", shell)
        // What the user's own shell may hold must not leak into the sandbox.
        .env("AWS_PROFILE", "someone-elses")
        .env("AWS_ACCESS_KEY_ID", "AKIAOUTSIDE")
        .env("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (out, tmp.keep())
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn the_try_out_signs_in_exports_and_execs_against_the_fake() {
    let (out, tmp) = try_out(&[], "/bin/sh", "");
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    for expected in [
        "/authorize?response_type=code",
        "signed in to sso-session corp",
        "valid: until",
        "AWS_DEFAULT_REGION=eu-west-1",
        "SSOENV_PROFILE=dev",
        "Account: 222222222222",
        "arn:aws:sts::222222222222:assumed-role/Deploy/ssoenv-deploy-",
        "set -gx AWS_REGION 'us-east-2'",
        "exit status 3",
        "not signed in",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
    }
    let exec_line = all
        .lines()
        .find(|l| l.starts_with("prod: "))
        .unwrap_or_else(|| panic!("no exec output in:\n{all}"));
    assert!(exec_line.starts_with("prod: ASIA"), "{exec_line}");
    assert!(exec_line.ends_with(" in us-east-2"), "{exec_line}");
    assert!(!all.contains("AKIAOUTSIDE"), "outside keys leaked:\n{all}");
    // Secrets are cut short in the listing of the environment.
    let secret = all
        .lines()
        .find(|l| l.starts_with("AWS_SECRET_ACCESS_KEY="))
        .unwrap();
    assert!(secret.ends_with("..."), "{secret}");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "the sandbox was not removed"
    );
    std::fs::remove_dir_all(tmp).unwrap();
}

#[test]
fn the_try_out_shell_keeps_the_sandbox_for_more_commands() {
    let script =
        "ssoenv login prod >/dev/null 2>&1 && ssoenv whoami prod --json\necho \"home=$HOME\"\n";
    let (out, tmp) = try_out(&["--shell"], "/bin/sh", script);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("\"Account\": \"333333333333\""), "{all}");
    let home = all.lines().find(|l| l.starts_with("home=")).unwrap();
    assert!(
        home.starts_with(&format!("home={}", tmp.display())),
        "{home}"
    );
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    std::fs::remove_dir_all(tmp).unwrap();
}

#[test]
fn the_try_out_refuses_unknown_arguments() {
    let (out, tmp) = try_out(&["--nope"], "/bin/sh", "");
    assert_eq!(out.status.code(), Some(64));
    assert!(text(&out).contains("usage: examples/try-out [--shell]"));
    std::fs::remove_dir_all(tmp).unwrap();
}

//! The README's try-out (`examples/try-out`) works as documented: it reuses the build
//! target/ has, starts the bundled fake AWS, signs in, exports, execs, prints a console
//! URL from the fake and shows the prompt hook for real, and leaves nothing behind.

#[path = "support/binary.rs"]
mod binary;
use binary::ssoenv_bin;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn fake_aws_bin() -> PathBuf {
    // `cargo test` builds the examples next to the binaries' folder.
    let bin = PathBuf::from(ssoenv_bin());
    let fake = bin.parent().unwrap().join("examples").join("fake-aws");
    assert!(
        fake.exists(),
        "{} is missing: run `cargo test` for all targets, which builds the examples",
        fake.display()
    );
    fake
}

fn try_out(args: &[&str], shell: &str, stdin: &str) -> (Output, PathBuf) {
    let mut cmd = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/try-out"));
    cmd.env("SSOENV_BIN", ssoenv_bin())
        .env("FAKE_AWS_BIN", fake_aws_bin());
    run_try_out(cmd, args, shell, stdin)
}

fn run_try_out(mut cmd: Command, args: &[&str], shell: &str, stdin: &str) -> (Output, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = cmd
        .args(args)
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
        "/federation?Action=login",
        // The hook in an interactive bash: the prompt names the profile, and after
        // `ssoenv unuse` neither the keys nor the segment are left.
        "aws:prod ",
        "$ ssoenv unuse\n$ echo",
        "keys: none",
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
    // The console URL comes from the fake (AWS_ENDPOINT_URL_SIGNIN), not from AWS.
    let console = all
        .lines()
        .find(|l| l.contains("/federation?Action=login"))
        .unwrap();
    assert!(console.starts_with("http://127.0.0.1:"), "{console}");
    assert!(!all.contains("signin.aws.amazon.com"), "{all}");
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
    let script = "echo \"left: ${SSOENV_PROFILE-none} ${SSOENV_EXPIRES-none} ${AWS_ACCESS_KEY_ID-none} ${AWS_REGION-none}\"\n\
                  ssoenv login prod >/dev/null 2>&1 && ssoenv whoami prod --json\n\
                  ssoenv console prod --print | cut -c 1-40\n\
                  echo \"home=$HOME\"\n";
    let (out, tmp) = try_out(&["--shell"], "/bin/sh", script);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("\"Account\": \"333333333333\""), "{all}");
    // The shell starts with nothing of the tour's `ssoenv export dev` left, so a
    // prompt cannot show a profile after logout.
    assert!(all.contains("left: none none none none"), "{all}");
    assert!(
        all.contains("http://127.0.0.1:"),
        "console not from the fake:\n{all}"
    );
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

/// The triple rustc builds for here (`host:` in `rustc -vV`).
fn host_triple() -> String {
    let out = Command::new("rustc").arg("-vV").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let host = text.lines().find_map(|l| l.strip_prefix("host: "));
    host.expect("rustc -vV names the host").to_string()
}

/// A target folder holding `profile`'s ssoenv (and, if `with_fake`, the fake), and a
/// `cargo` on PATH that writes down how it was called instead of compiling.
fn reuse_world(builds: &[(&str, bool)]) -> (tempfile::TempDir, Command) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target");
    let triple = host_triple();
    // The release build is `cargo build-static`'s, under the host's triple.
    let dir_of = |profile: &str| match profile {
        "release" => format!("{triple}/release"),
        other => other.to_string(),
    };
    for (profile, with_fake) in builds {
        let bin = target.join(dir_of(profile));
        std::fs::create_dir_all(bin.join("examples")).unwrap();
        std::os::unix::fs::symlink(ssoenv_bin(), bin.join("ssoenv")).unwrap();
        if *with_fake {
            std::os::unix::fs::symlink(fake_aws_bin(), bin.join("examples/fake-aws")).unwrap();
        }
    }
    let stub = dir.path().join("stub");
    std::fs::create_dir(&stub).unwrap();
    let log = dir.path().join("cargo.log");
    std::fs::write(
        stub.join("cargo"),
        // It "builds" by linking what is missing in the profile it was asked for.
        format!(
            "#!/bin/sh\necho \"$*\" >> '{log}'\n\
             dir=debug; case \" $* \" in *' build-static '*) dir={release};; esac\n\
             mkdir -p \"$CARGO_TARGET_DIR/$dir/examples\"\n\
             ln -sf '{ssoenv}' \"$CARGO_TARGET_DIR/$dir/ssoenv\"\n\
             ln -sf '{fake}' \"$CARGO_TARGET_DIR/$dir/examples/fake-aws\"\n",
            log = log.display(),
            release = dir_of("release"),
            ssoenv = ssoenv_bin(),
            fake = fake_aws_bin().display(),
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(stub.join("cargo"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/try-out"));
    cmd.env_remove("SSOENV_BIN")
        .env_remove("FAKE_AWS_BIN")
        .env("CARGO_TARGET_DIR", &target)
        .env(
            "PATH",
            format!("{}:{}", stub.display(), std::env::var("PATH").unwrap()),
        );
    (dir, cmd)
}

#[test]
fn the_try_out_reuses_the_build_target_has_and_says_so() {
    // After `cargo install-static`: release has ssoenv, nothing has the fake.
    // After `cargo test`: debug has both, and wins.
    for (builds, want, why) in [
        (
            vec![("release", false)],
            "build-static --bin ssoenv --example fake-aws",
            "release has ssoenv",
        ),
        (
            vec![("release", false), ("debug", true)],
            "build --bin ssoenv --example fake-aws",
            "debug has the fake",
        ),
        (
            vec![("debug", false), ("release", true)],
            "build-static --bin ssoenv --example fake-aws",
            "release has the fake",
        ),
    ] {
        let (dir, cmd) = reuse_world(&builds);
        let (out, tmp) = run_try_out(cmd, &[], "/bin/sh", "");
        let all = text(&out);
        assert!(out.status.success(), "{builds:?}: {all}");
        let calls = std::fs::read_to_string(dir.path().join("cargo.log")).unwrap();
        assert_eq!(calls.trim(), want, "{builds:?}");
        assert!(all.contains(why), "{builds:?}: {all}");
        assert!(
            all.contains("building ssoenv and the fake AWS endpoint"),
            "{all}"
        );
        assert!(all.contains("signed in to sso-session corp"), "{all}");
        std::fs::remove_dir_all(tmp).unwrap();
    }
}

//! `export`, `exec` and `credential-process` with SSO profiles, end to end:
//! the real binary, the fake AWS, real shells and boto3.

mod common;
use common::ssoenv_bin;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::python;
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{START_URL, World, stderr, stdout};

fn world() -> World {
    let bin = ssoenv_bin();
    World::with_config(&format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n\
                 [profile prod]\nsso_session = corp\nsso_account_id = 333333333333\nsso_role_name = ReadOnly\n\
                 [profile typo]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAcess\n\
                 [profile other]\nregion = ap-south-1\n\
                 [profile viaproc]\ncredential_process = {bin} credential-process dev\n\
                 [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    ))
}

impl World {
    fn login(&self) {
        let out = self.ssoenv(&["login", "dev"]);
        assert!(out.status.success(), "{}", stderr(&out));
        self.fake.clear_requests();
    }
}

fn cached_role(home: &Path) -> Value {
    let dir = home.join(".aws/cli/cache");
    let entry = std::fs::read_dir(&dir).unwrap().find_map(|e| {
        let p = e.unwrap().path();
        (p.extension().is_some_and(|x| x == "json")).then_some(p)
    });
    serde_json::from_str(
        &std::fs::read_to_string(entry.expect("a cached role credential")).unwrap(),
    )
    .unwrap()
}

#[test]
fn no_token_and_no_terminal_fails_fast_with_a_hint() {
    let w = world();
    let started = Instant::now();
    let out = w.ssoenv(&["export", "dev"]);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(out.status.code(), Some(77));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("run: ssoenv login dev"),
        "{}",
        stderr(&out)
    );
    assert!(w.fake.requests().is_empty(), "no sign-in started");
}

#[test]
fn on_a_terminal_a_command_signs_in_inline_and_continues() {
    let w = world();
    // `script` gives ssoenv a pseudo-terminal, as an interactive shell would.
    let out = w
        .command(
            "script",
            &["-qec", "\"$SSOENV\" export dev --format json", "/dev/null"],
        )
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("signed in") || text.contains("Sign in to"),
        "{text}"
    );
    assert!(text.contains("\"AWS_ACCESS_KEY_ID\""), "{text}");
    assert_eq!(w.fake.count("GetRoleCredentials"), 1);
    // --no-login never starts one, even on a terminal.
    let w = world();
    let out = w
        .command(
            "script",
            &["-qec", "\"$SSOENV\" export dev --no-login", "/dev/null"],
        )
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(w.fake.requests().is_empty());
}

#[test]
fn export_in_bash_zsh_and_fish_gives_the_issued_credentials() {
    let w = world();
    w.login();
    let print = "printf '%s|%s|%s|%s|%s|%s' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\" \"$AWS_REGION\" \"$SSOENV_PROFILE\" \"${AWS_PROFILE-unset}\"";
    let mut seen = Vec::new();
    for (shell, flags, script) in [
        ("bash", vec!["--norc", "--noprofile", "-eu", "-o", "pipefail", "-c"], format!("export AWS_PROFILE=other; eval \"$(\"$SSOENV\" export dev)\"; {print}")),
        ("zsh", vec!["-f", "-c"], format!("export AWS_PROFILE=other; eval \"$(\"$SSOENV\" export dev --format zsh)\"; {print}")),
        ("fish", vec!["--no-config", "-c"], "set -gx AWS_PROFILE other; $SSOENV export dev --format fish | source; printf '%s|%s|%s|%s|%s|%s' $AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY $AWS_SESSION_TOKEN $AWS_REGION $SSOENV_PROFILE (set -q AWS_PROFILE; and echo $AWS_PROFILE; or echo unset)".to_string()),
    ] {
        let mut args = flags.clone();
        args.push(&script);
        let out = w.command(shell, &args).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        seen.push(stdout(&out));
    }
    let c = &cached_role(w.home.path())["Credentials"];
    let want = format!(
        "{}|{}|{}|eu-west-1|dev|unset",
        c["AccessKeyId"].as_str().unwrap(),
        c["SecretAccessKey"].as_str().unwrap(),
        c["SessionToken"].as_str().unwrap()
    );
    for s in &seen {
        assert_eq!(s, &want);
    }
    // One GetRoleCredentials for all three: the rest came from the cache.
    assert_eq!(w.fake.count("GetRoleCredentials"), 1);
    assert_eq!(w.fake.requests().len(), 1);
}

#[test]
fn exec_injects_credentials_that_boto3_uses_over_aws_profile() {
    let w = world();
    w.login();
    let out = w
        .command(ssoenv_bin(), &[
            "exec",
            "dev",
            "--",
            &python::python3_str(),
            "-c",
            "import boto3, os; print(boto3.client('sts').get_caller_identity()['Account'], os.environ.get('AWS_PROFILE'), os.environ['AWS_CREDENTIAL_EXPIRATION'])",
        ])
        .env("AWS_PROFILE", "other")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let parts: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(parts[0], "111111111111");
    assert_eq!(parts[1], "None");
    assert!(parts[2].ends_with('Z') && parts[2].len() == 20, "{text}");
}

#[test]
fn exec_passes_exit_status_and_signals_and_reports_a_missing_command() {
    let w = world();
    w.login();
    let out = w.ssoenv(&["exec", "dev", "--", "sh", "-c", "exit 7"]);
    assert_eq!(out.status.code(), Some(7));
    let out = w
        .command(
            "bash",
            &[
                "-c",
                "\"$SSOENV\" exec dev -- sh -c 'kill -TERM $$'; echo \"status=$?\"",
            ],
        )
        .output()
        .unwrap();
    assert_eq!(stdout(&out).trim(), "status=143");
    // A missing command exits 127 and one that cannot run 126, as shells and
    // `env` do.
    let out = w.ssoenv(&["exec", "dev", "--", "no-such-command-xyz"]);
    assert_eq!(out.status.code(), Some(127));
    assert!(
        stderr(&out).contains("command not found: no-such-command-xyz"),
        "{}",
        stderr(&out)
    );
    let not_executable = w.path().join("notes.sh");
    std::fs::write(&not_executable, "echo hi\n").unwrap();
    let out = w.ssoenv(&["exec", "dev", "--", not_executable.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(126), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not executable"),
        "{}",
        stderr(&out)
    );
    let out = w.ssoenv(&["exec", "dev", "--", w.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(126), "{}", stderr(&out));
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));
    let no_interpreter = w.path().join("broken");
    std::fs::write(&no_interpreter, "#!/no/such/interpreter\n").unwrap();
    std::fs::set_permissions(
        &no_interpreter,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let out = w.ssoenv(&["exec", "dev", "--", no_interpreter.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(127), "{}", stderr(&out));
    // Switching profiles inside a shell that holds ssoenv credentials replaces them.
    let out = w
        .command("bash", &["--norc", "-c", "eval \"$(\"$SSOENV\" export dev)\"; \"$SSOENV\" exec prod -- sh -c 'echo $SSOENV_PROFILE ${AWS_REGION-none} ${SSOENV_REGION-none}'"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).trim(), "prod none none", "{}", stderr(&out));
}

#[test]
fn botocore_uses_ssoenv_as_credential_process() {
    let w = world();
    w.login();
    let out = w
        .command(python::python3(), &["-c", "import boto3; print(boto3.Session(profile_name='viaproc').client('sts', region_name='us-east-1').get_caller_identity()['Account'])"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "111111111111");
    let out = w.ssoenv(&["credential-process", "dev"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["Version"], 1);
    assert!(v["Expiration"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn a_role_the_user_cannot_reach_says_what_to_check() {
    let w = world();
    w.login();
    let out = w.ssoenv(&["export", "typo"]);
    assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("HTTP 403"), "{err}");
    assert!(
        err.contains("hint: the SSO user has no access to this account and role")
            && err.contains("sso_role_name"),
        "{err}"
    );
}

#[test]
fn a_revoked_token_says_how_to_sign_in_again() {
    let w = world();
    w.login();
    w.fake.expire_tokens();
    let out = w.ssoenv(&["export", "prod"]);
    assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("HTTP 401") && err.contains("ssoenv login"),
        "{err}"
    );
}

/// The region of each `operation` request's SigV4 credential scope.
fn signing_regions(w: &World, operation: &str) -> Vec<String> {
    w.fake
        .requests_for(operation)
        .iter()
        .map(|r| {
            let auth = r.header("authorization").expect("a signed request");
            let credential = auth.split("Credential=").nth(1).unwrap_or_default();
            credential.split('/').nth(2).unwrap_or_default().to_string()
        })
        .collect()
}

#[test]
fn sts_calls_are_signed_for_the_region_botocore_would_use() {
    let w = world();
    let config = w.home.path().join(".aws/config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "[profile link]\nrole_arn = arn:aws:iam::444444444444:role/Link\nsource_profile = dev\nregion = us-west-2\n\
         [profile top]\nrole_arn = arn:aws:iam::555555555555:role/Top\nsource_profile = link\nregion = ap-south-1\n",
    );
    std::fs::write(&config, text).unwrap();
    w.login();

    // Every AssumeRole of the chain uses the selected profile's region, as
    // botocore's session does.
    let out = w.ssoenv_command(&["whoami", "top"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        signing_regions(&w, "AssumeRole"),
        ["ap-south-1", "ap-south-1"]
    );
    assert_eq!(signing_regions(&w, "GetCallerIdentity"), ["ap-south-1"]);

    // AWS_DEFAULT_REGION comes before the profile's region, AWS_REGION before
    // that (as in the AWS CLI v2), --region before all.
    w.fake.clear_requests();
    let whoami = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = vec!["whoami", "top"];
        args.extend(extra);
        let out = w
            .ssoenv_command(&args)
            .env("AWS_DEFAULT_REGION", "ca-central-1")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    whoami(&[], &[]);
    whoami(&[], &[("AWS_REGION", "us-west-1")]);
    whoami(&["--region", "sa-east-1"], &[("AWS_REGION", "us-west-1")]);
    assert_eq!(
        signing_regions(&w, "GetCallerIdentity"),
        ["ca-central-1", "us-west-1", "sa-east-1"]
    );
}

#[test]
fn a_role_chained_on_an_sso_profile_works_with_signed_sts_calls() {
    let w = world();
    let config = w.home.path().join(".aws/config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "[profile deploy]\nrole_arn = arn:aws:iam::444444444444:role/Deploy\nsource_profile = dev\nregion = us-west-2\nexternal_id = ext-1\n\
         [profile deeper]\nrole_arn = arn:aws:iam::555555555555:role/Deeper\nsource_profile = deploy\nrole_session_name = me\n\
         [profile mfa]\nrole_arn = arn:aws:iam::666666666666:role/Mfa\nsource_profile = dev\nmfa_serial = arn:aws:iam::111111111111:mfa/me\n\
         [profile loop-a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = loop-b\n[profile loop-b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = loop-a\n",
    );
    std::fs::write(&config, text).unwrap();
    w.fake
        .require_external_id("arn:aws:iam::444444444444:role/Deploy", "ext-1");
    w.login();

    let out = w.ssoenv(&["whoami", "deeper", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let id: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(id["Account"], "555555555555");
    assert_eq!(
        id["Arn"],
        "arn:aws:sts::555555555555:assumed-role/Deeper/me"
    );
    // SSO credentials signed the first AssumeRole, its result the second; the fake
    // verified every SigV4 signature (a bad one is refused there).
    let assumes = w.fake.requests_for("AssumeRole");
    assert_eq!(assumes.len(), 2);
    assert!(assumes.iter().all(|r| r.status == Some(200)));
    assert_eq!(assumes[0].param("ExternalId").as_deref(), Some("ext-1"));
    assert!(
        assumes[0]
            .param("RoleSessionName")
            .unwrap()
            .starts_with("ssoenv-deploy-")
    );

    // Cached: a second run makes no AssumeRole call.
    w.fake.clear_requests();
    let out = w.ssoenv(&["export", "deeper"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(w.fake.count("AssumeRole"), 0);

    // MFA: asked for; given with --mfa-code.
    w.fake.require_mfa(
        "arn:aws:iam::666666666666:role/Mfa",
        "arn:aws:iam::111111111111:mfa/me",
        "123456",
    );
    let out = w.ssoenv(&["export", "mfa"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(stderr(&out).contains("--mfa-code"), "{}", stderr(&out));
    let out = w.ssoenv(&["export", "mfa", "--mfa-code", "123456"]);
    assert!(out.status.success(), "{}", stderr(&out));

    // A source_profile cycle is a clear configuration error.
    let out = w.ssoenv(&["export", "loop-a"]);
    assert_eq!(out.status.code(), Some(78));
    assert!(
        stderr(&out).contains("loop-a -> loop-b -> loop-a"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn credential_process_profiles_are_run_without_a_shell() {
    let w = world();
    let script = w.home.path().join("creds helper.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"sk\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let bad = w.home.path().join("bad.sh");
    std::fs::write(&bad, "#!/bin/sh\necho 'not json'\n").unwrap();
    std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = w.home.path().join(".aws/config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "[profile proc]\ncredential_process = \"{}\" --flag\n[profile badproc]\ncredential_process = {}\n",
        script.display(),
        bad.display()
    ));
    std::fs::write(&config, text).unwrap();
    let out = w.ssoenv(&["export", "proc", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["AWS_ACCESS_KEY_ID"], "AKIDPROC");
    assert_eq!(v["AWS_CREDENTIAL_EXPIRATION"], "2099-01-01T00:00:00Z");
    let out = w.ssoenv(&["export", "badproc"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("badproc"), "{}", stderr(&out));
}

#[test]
fn verbose_says_in_words_where_the_credentials_came_from() {
    let w = world();
    w.login();
    let run = |args: &[&str]| {
        let out = w.ssoenv(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let (err, keys) = (stderr(&out), stdout(&out));
        // Nothing printed on stdout (keys, token) shows up in the note.
        for secret in keys
            .split(['\'', '"', '\n', ' ', '='])
            .filter(|s| s.len() >= 16)
        {
            assert!(!err.contains(secret), "a secret in: {err}");
        }
        err
    };
    let first = run(&["-v", "export", "dev"]);
    assert!(
        first.contains("credentials for dev from the SSO portal\n"),
        "{first}"
    );
    let again = run(&["-v", "export", "dev"]);
    assert!(
        again.contains("credentials for dev from the cache (~/.aws/cli/cache/"),
        "{again}"
    );
    assert!(again.contains(".json)\n"), "{again}");
    let proc = run(&["-v", "export", "viaproc"]);
    assert!(
        proc.contains("credentials for viaproc from credential_process\n"),
        "{proc}"
    );
    for err in [first, again, proc] {
        for debug_name in ["Portal", "Cache", "Process"] {
            assert!(!err.contains(&format!("from {debug_name}")), "{err}");
        }
    }
}

/// What a process started with a closed stdout, or with a closed pipe, gets:
/// ssoenv's output goes nowhere, yet the role credentials it fetched are
/// cached whole (a file ssoenv opens must not become its stdout), and it
/// exits 0 without a word.
#[test]
fn a_closed_stdout_neither_fails_nor_spills_into_the_cache() {
    let w = world();
    w.login();
    let out = w
        .command("/bin/sh", &["-c", "\"$SSOENV\" export dev >&-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let role = cached_role(w.path());
    assert!(role["Credentials"]["AccessKeyId"].is_string(), "{role}");
    assert_eq!(w.fake.requests_for("GetRoleCredentials").len(), 1);
    let spilled = walk(w.path())
        .into_iter()
        .filter(|p| {
            std::fs::read(p).is_ok_and(|b| String::from_utf8_lossy(&b).contains("export AWS_"))
        })
        .collect::<Vec<_>>();
    assert!(spilled.is_empty(), "export lines written into {spilled:?}");
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// ssoenv ignores SIGPIPE for itself (a closed pipe is handled), but a
/// program it runs starts with SIGPIPE as usual, so `yes | head` in it ends
/// quietly instead of `yes` complaining about a broken pipe.
#[test]
fn exec_runs_programs_with_sigpipe_restored() {
    let w = world();
    w.login();
    let out = w
        .ssoenv_command(&["exec", "dev", "--", "grep", "^SigIgn:", "/proc/self/status"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mask = stdout(&out);
    let ignored = u64::from_str_radix(mask.trim().trim_start_matches("SigIgn:").trim(), 16)
        .unwrap_or_else(|e| panic!("{mask}: {e}"));
    assert_eq!(ignored & (1 << (libc::SIGPIPE - 1)), 0, "{mask}");
    let out = w
        .ssoenv_command(&["exec", "dev", "--", "/bin/sh", "-c", "yes | head -n 1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "y\n");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

//! Hostile files and folders, as a careful attacker or an unlucky user
//! leaves them (issue 15): planted links in shared cache folders, a
//! `credential_process` that calls its own profile. The real binary, real
//! files, the fake AWS.

mod common;
use common::ssoenv_bin;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::{World, output_within, stderr};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::time::Duration;

fn world() -> World {
    World::with_config(&common::dev_config())
}

#[test]
fn a_planted_lock_link_truncates_nothing_and_a_shared_folder_is_named() {
    let w = world();
    w.seed_corp_token(3600, false);
    let victim = w.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    let role_file = common::dev_role_cache_file(w.path());
    let dir = role_file.parent().unwrap();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    let lock = format!("{}.lock", role_file.display());
    std::os::unix::fs::symlink(&victim, &lock).unwrap();

    let mut cmd = w.ssoenv_command(&["export", "dev"]);
    let out = output_within(&mut cmd, Duration::from_secs(30)).expect("ssoenv hung");
    assert_eq!(out.status.code(), Some(74), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("is a symbolic link, which ssoenv never makes"),
        "{err}"
    );
    assert!(
        err.contains("can be written by other users") && err.contains("chmod 700"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(w.fake.count("GetRoleCredentials"), 0);

    // Without the link, it works and warns about the folder once.
    std::fs::remove_file(&lock).unwrap();
    let out = w.ssoenv(&["export", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out)
            .matches("can be written by other users")
            .count(),
        1
    );
}

#[test]
fn a_credential_process_that_calls_its_own_profile_stops_at_the_second_level() {
    let bin = ssoenv_bin();
    let w = World::with_config(&format!(
        "[profile loop]\ncredential_process = {bin} credential-process loop\n\
         [profile a]\ncredential_process = {bin} credential-process b\n\
         [profile b]\ncredential_process = {bin} credential-process a\n"
    ));
    for (profile, chain) in [
        ("loop", "\"loop\" → \"loop\""),
        ("a", "\"a\" → \"b\" → \"a\""),
    ] {
        let started = std::time::Instant::now();
        let mut cmd = w.ssoenv_command(&["export", profile]);
        let out = output_within(&mut cmd, Duration::from_secs(30)).expect("ssoenv hung");
        assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("runs ssoenv for this profile again ({chain})")),
            "{err}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}

#[test]
fn populate_names_an_account_whose_name_it_cannot_use_by_its_id_and_says_so() {
    let w = world();
    w.fake.set_accounts(vec![
        fake_aws::Account::new("333333333333", "日本", &["Admin"]),
        fake_aws::Account::new("444444444444", "dev", &["Admin"]),
    ]);
    w.seed_corp_token(3600, false);
    let out = w.ssoenv(&["populate", "--sso-session", "corp"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let config = std::fs::read_to_string(w.config_file()).unwrap();
    assert!(config.contains("[profile 333333333333.Admin]"), "{config}");
    assert!(config.contains("[profile dev.Admin]"), "{config}");
    let err = stderr(&out);
    assert!(
        err.contains("1 account name(s) have no letters or digits a profile name can use")
            && err.contains("\"日本\" of 333333333333"),
        "{err}"
    );
}

#[test]
fn hints_quote_names_for_the_shell_and_status_escapes_control_characters() {
    let name = "x$(touch${IFS}CANARY);y";
    let w = World::with_config(&format!(
        "[profile {name}]\nsso_session = corp\x07bell\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\n\
         [sso-session corp\x07bell]\nsso_start_url = {}\nsso_region = us-east-1\n",
        common::START_URL
    ));
    let out = w.ssoenv(&["export", name, "--no-login"]);
    assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
    let err = stderr(&out);
    let hint = err
        .lines()
        .find_map(|l| l.split("run: ").nth(1))
        .unwrap_or_else(|| panic!("no hint to run in {err}"));
    // Pasted into a shell, the hint passes the name as one word and runs nothing.
    let echoed = hint.replacen("ssoenv", "printf '%s\\n'", 1);
    let out = w
        .command("sh", &["-c", &echoed])
        .current_dir(w.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("login\n{name}\n"),
        "{hint}"
    );
    assert!(!w.path().join("CANARY").exists());

    // status shows the session's name with its control character escaped.
    let out = w.ssoenv(&["status"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = common::stdout(&out);
    assert!(!text.contains('\x07'), "{text:?}");
    assert!(text.contains("corp\\u{7}bell"), "{text}");
}

#[test]
fn configure_and_populate_refuse_a_config_that_is_not_a_regular_file() {
    let w = world();
    w.seed_corp_token(3600, false);
    let fifo = w.path().join("config.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let folder = w.path().join("config.d");
    std::fs::create_dir(&folder).unwrap();
    for (path, kind) in [(&fifo, "a named pipe (FIFO)"), (&folder, "a folder")] {
        // populate reads no sso-session from such a file (botocore reads it
        // as absent, too), and says so without blocking.
        let mut cmd = w.ssoenv_command(&["populate", "--sso-session", "corp"]);
        cmd.env("AWS_CONFIG_FILE", path);
        let out = output_within(&mut cmd, Duration::from_secs(10))
            .unwrap_or_else(|| panic!("populate blocked on {}", path.display()));
        assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
        {
            let args = common::configure_args("corp", common::START_URL, Some("us-east-1"));
            let mut cmd = w.ssoenv_command(&args);
            cmd.env("AWS_CONFIG_FILE", path);
            let out = output_within(&mut cmd, Duration::from_secs(10))
                .unwrap_or_else(|| panic!("{args:?} blocked on {}", path.display()));
            assert_eq!(out.status.code(), Some(66), "{args:?}: {}", stderr(&out));
            assert!(
                stderr(&out).contains(&format!(
                    "it is {kind}, not a regular file, so ssoenv will not edit it"
                )),
                "{}",
                stderr(&out)
            );
        }
    }
    // Nothing was put in their place, and no lock or backup beside them.
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()));
    assert!(folder.is_dir());
    let left: Vec<_> = std::fs::read_dir(w.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("config."))
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn a_renewal_never_waits_for_another_processs_sign_in_while_the_token_lasts() {
    let w = world();
    // A token inside the refresh window, and another ssoenv (say, a `login`
    // waiting for the browser in another terminal) holding its lock.
    w.seed_corp_token(600, true);
    let lock_path = w
        .path()
        .join(".aws/sso/cache")
        .join(format!("{}.lock", common::CORP_FILE));
    let held = std::fs::File::create(&lock_path).unwrap();
    held.lock().unwrap();
    // As the prompt hook runs it: at once, with the token that still lasts.
    let mut cmd = w.ssoenv_command(&["use", "dev", "--no-login", "--shell", "bash"]);
    cmd.env("SSOENV_LOCK_WAIT", "0");
    let out = output_within(&mut cmd, Duration::from_secs(10)).expect("the renewal waited");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(common::stdout(&out).contains("AWS_SESSION_TOKEN"));
    assert_eq!(
        w.fake.count("CreateToken"),
        0,
        "it refreshed under another's lock"
    );
    assert_eq!(w.fake.count("GetRoleCredentials"), 1);
    // The hooks run it so.
    for shell in ["bash", "zsh", "fish"] {
        let hook = w.ssoenv(&["init", shell]);
        assert!(
            common::stdout(&hook).contains("SSOENV_LOCK_WAIT=0"),
            "{shell}"
        );
    }
    drop(held);
}

#[test]
fn a_token_the_portal_rejected_is_no_longer_called_valid_by_login() {
    let w = world();
    w.seed_corp_token(3600, false);
    // The session is revoked at AWS (an admin, or a sign-out elsewhere).
    w.fake.expire_tokens();
    let out = w.ssoenv(&["export", "dev"]);
    assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
    // login signs in again instead of answering "already signed in".
    let mut cmd = w.ssoenv_command(&["login", "dev"]);
    cmd.env("SSOENV_LOGIN_TIMEOUT", "20");
    let out = output_within(&mut cmd, Duration::from_secs(30)).expect("login hung");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("already signed in"),
        "{}",
        stderr(&out)
    );
    assert_eq!(w.fake.count("Authorize"), 1);
    let out = w.ssoenv(&["export", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn logout_removes_what_the_session_gave_and_waits_for_a_renewal_under_way() {
    // On a machine where the session was never used, logout makes nothing.
    let fresh = world();
    let out = fresh.ssoenv(&["logout", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!fresh.path().join(".aws/sso").exists());

    let w = World::with_config(&format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\nregion = eu-west-1\n\
         [profile deploy]\nrole_arn = arn:aws:iam::444444444444:role/Deploy\nsource_profile = dev\n\
         [sso-session corp]\nsso_start_url = {}\nsso_region = us-east-1\n",
        common::START_URL
    ));
    w.seed_corp_token(3600, false);
    for profile in ["dev", "deploy"] {
        let out = w.ssoenv(&["export", profile]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let role_dir = w.path().join(".aws/cli/cache");
    let cached = |dir: &std::path::Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .count()
    };
    assert_eq!(cached(&role_dir), 2, "the SSO role and the chained one");

    // A renewal holds the token's lock: logout does not delete under it.
    let token_lock = w
        .path()
        .join(".aws/sso/cache")
        .join(format!("{}.lock", common::CORP_FILE));
    let held = std::fs::File::create(&token_lock).unwrap();
    held.lock().unwrap();
    let mut cmd = w.ssoenv_command(&["logout", "dev"]);
    cmd.env("SSOENV_LOCK_WAIT", "0");
    let out = output_within(&mut cmd, Duration::from_secs(20)).expect("logout hung");
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    assert!(
        w.path()
            .join(".aws/sso/cache")
            .join(common::CORP_FILE)
            .exists()
    );
    drop(held);

    // logout removes the token, the SSO role's and the chained role's credentials.
    let out = w.ssoenv(&["logout", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2 cached role credentials"),
        "{}",
        stderr(&out)
    );
    assert_eq!(cached(&role_dir), 0);

    // --all also sweeps what the portal gave to profiles no longer configured.
    w.seed_corp_token(3600, false);
    let out = w.ssoenv(&["export", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(
        w.config_file(),
        format!(
            "[sso-session corp]\nsso_start_url = {}\nsso_region = us-east-1\n",
            common::START_URL
        ),
    )
    .unwrap();
    let out = w.ssoenv(&["logout", "--all"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("removed 1 more cached role credential from SSO sessions"),
        "{}",
        stderr(&out)
    );
    assert_eq!(cached(&role_dir), 0);
}

#[test]
fn configure_repoints_a_session_only_when_asked_and_never_reuses_its_token() {
    let w = world();
    w.seed_corp_token(3600, false);
    let before = std::fs::read_to_string(w.config_file()).unwrap();
    let other = "https://d-999999.awsapps.com/start";
    let args = common::configure_args("corp", other, Some("us-east-1"));
    let out = w.ssoenv(&args);
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already signs in at"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(w.config_file()).unwrap(), before);
    assert_eq!(w.fake.requests().len(), 0);

    // With --force it changes, and the old organisation's token is not used:
    // a sign-in happens first.
    let mut forced = args.clone();
    forced.push("--force");
    let mut cmd = w.ssoenv_command(&forced);
    cmd.env("SSOENV_LOGIN_TIMEOUT", "20");
    let out = output_within(&mut cmd, Duration::from_secs(30)).expect("configure hung");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(w.fake.count("Authorize"), 1);
    let config = std::fs::read_to_string(w.config_file()).unwrap();
    assert!(
        config.contains(&format!("sso_start_url = {other}")),
        "{config}"
    );
}

#[test]
fn errors_name_what_really_went_wrong_with_a_cache_path() {
    let w = world();
    w.seed_corp_token(3600, false);
    // ~/.aws/cli/cache is a file.
    std::fs::create_dir_all(w.path().join(".aws/cli")).unwrap();
    std::fs::write(w.path().join(".aws/cli/cache"), "not a folder").unwrap();
    let out = w.ssoenv(&["export", "dev"]);
    assert_eq!(out.status.code(), Some(74), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a file stands where a folder must be"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(w.path().join(".aws/cli/cache")).unwrap();

    // A token file that cannot be read is not "no token".
    let token = w.path().join(".aws/sso/cache").join(common::CORP_FILE);
    std::fs::remove_file(&token).unwrap();
    std::fs::create_dir(&token).unwrap();
    let out = w.ssoenv(&["export", "dev", "--no-login"]);
    assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("its token file cannot be read"), "{err}");
    assert!(!err.contains("there is no token"), "{err}");
}

#[test]
fn configure_does_not_write_into_populates_block() {
    let w = world();
    w.seed_corp_token(3600, false);
    let out = w.ssoenv(&["populate", "--sso-session", "corp"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = std::fs::read_to_string(w.config_file()).unwrap();
    assert!(before.contains("[profile dev.ReadOnly]"), "{before}");
    let mut args = common::configure_args("corp", common::START_URL, Some("us-east-1"));
    args.extend(["--profile", "dev.ReadOnly"]);
    let out = w.ssoenv(&args);
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("is in the block `ssoenv populate` writes for \"corp\""),
        "{err}"
    );
    assert!(err.contains("populate --template"), "{err}");
    assert_eq!(std::fs::read_to_string(w.config_file()).unwrap(), before);
}

#[test]
fn a_nested_exec_gets_no_outer_endpoint_and_a_server_child_learns_its_end() {
    let w = world();
    w.seed_corp_token(3600, false);
    // Inside an `exec --server` command (its variables set), a plain `exec`
    // hands the inner profile's keys and never the outer endpoint.
    let out = w
        .ssoenv_command(&["exec", "dev", "--", "env"])
        .env(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "http://127.0.0.1:9/creds",
        )
        .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "outer-token")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let env = common::stdout(&out);
    assert!(env.contains("AWS_ACCESS_KEY_ID="), "{env}");
    assert!(!env.contains("AWS_CONTAINER_"), "{env}");

    // ssoenv killed with SIGKILL: its command gets SIGTERM, not a dead endpoint.
    let script = "trap 'echo term > \"$HOME/term\"; exit 0' TERM; touch \"$HOME/started\"; \
                  while :; do sleep 0.1; done";
    let mut server = w
        .ssoenv_command(&["exec", "--server", "dev", "--", "sh", "-c", script])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !w.path().join("started").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the command never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill().unwrap();
    let _ = server.wait();
    let killed = std::time::Instant::now();
    while !w.path().join("term").exists() {
        assert!(
            killed.elapsed() < Duration::from_secs(10),
            "the command was not told that ssoenv is gone"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_home_folder_whose_name_is_not_utf8_is_used_byte_for_byte() {
    use std::os::unix::ffi::OsStrExt;
    let w = world();
    w.seed_corp_token(3600, false);
    // The same HOME, reached through a link whose name is not UTF-8.
    let parent = tempfile::tempdir().unwrap();
    let odd = parent
        .path()
        .join(std::ffi::OsStr::from_bytes(b"home-\xff\xfe"));
    std::os::unix::fs::symlink(w.path(), &odd).unwrap();
    let run = |args: &[&str]| w.ssoenv_command(args).env("HOME", &odd).output().unwrap();
    let out = run(&["list", "--names"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(common::stdout(&out), "dev\n");
    let out = run(&["export", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The role credentials went into the real folder, not a look-alike one.
    assert!(common::dev_role_cache_file(w.path()).exists());
    let lookalike = parent.path().join("home-\u{fffd}\u{fffd}");
    assert!(!lookalike.exists());
}

#[test]
fn saving_the_config_keeps_its_links_and_its_owner() {
    let w = world();
    w.seed_corp_token(3600, false);
    // A hard link to the config (a dotfiles checkout, say).
    let link = w.path().join("dotfiles-config");
    std::fs::hard_link(w.config_file(), &link).unwrap();
    // Owned by another user, as when ssoenv runs under `sudo -E` (root only).
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        std::os::unix::fs::chown(w.config_file(), Some(1000), Some(1000)).unwrap();
    }
    let mut args = common::configure_args("corp", common::START_URL, Some("us-east-1"));
    args.extend(["--profile", "staging"]);
    let out = w.ssoenv(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let config = std::fs::read_to_string(w.config_file()).unwrap();
    assert!(config.contains("[profile staging]"), "{config}");
    assert_eq!(
        std::fs::read_to_string(&link).unwrap(),
        config,
        "the link was broken"
    );
    let meta = std::fs::metadata(w.config_file()).unwrap();
    assert_eq!(meta.ino(), std::fs::metadata(&link).unwrap().ino());
    if root {
        assert_eq!(
            (meta.uid(), meta.gid()),
            (1000, 1000),
            "the config changed owner"
        );
        // Without the link, the rename path gives the file back to its owner.
        std::fs::remove_file(&link).unwrap();
        let mut args = common::configure_args("corp", common::START_URL, Some("us-east-1"));
        args.extend(["--profile", "prod"]);
        let out = w.ssoenv(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let meta = std::fs::metadata(w.config_file()).unwrap();
        assert_eq!(
            (meta.uid(), meta.gid()),
            (1000, 1000),
            "the config changed owner"
        );
    }
}

#[test]
fn an_edit_made_while_populate_saves_is_never_lost_or_reported_as_saved() {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    let w = world();
    w.seed_corp_token(3600, false);
    let config = w.config_file();
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    // Another hand appends a line now and then, as `echo >> config` does.
    let appender = {
        let (config, stop) = (config.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut written = Vec::new();
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let line = format!("# edit {n}");
                let mut f = std::fs::OpenOptions::new()
                    .append(true)
                    .open(&config)
                    .unwrap();
                f.write_all(format!("{line}\n").as_bytes()).unwrap();
                drop(f);
                written.push(line);
                n += 1;
                std::thread::sleep(Duration::from_micros(300 + (n * 7919) % 6_000));
            }
            written
        })
    };
    let (mut saved, mut refused, mut conflicts) = (0, 0, Vec::new());
    for run in 0..60 {
        // Each run writes something new, so each one saves.
        let roles: &[&str] = if run % 2 == 0 {
            &["Admin"]
        } else {
            &["Admin", "ReadOnly"]
        };
        w.fake
            .set_accounts(vec![fake_aws::Account::new("111111111111", "dev", roles)]);
        let out = w.ssoenv(&["populate", "--sso-session", "corp", "--prune"]);
        match out.status.code() {
            Some(0) => saved += 1,
            Some(75) => {
                refused += 1;
                let err = stderr(&out);
                assert!(err.contains("changed while ssoenv was working"), "{err}");
                if let Some((_, kept)) = err.split_once("another is kept in ") {
                    let kept = kept.lines().next().unwrap();
                    conflicts.push(std::path::PathBuf::from(kept));
                }
            }
            other => panic!("populate exited {other:?}: {}", stderr(&out)),
        }
    }
    stop.store(true, Ordering::Relaxed);
    let written = appender.join().unwrap();
    // An edit is in the config, or, when both files were written during one
    // save, in the conflict copy the error named.
    let mut text = std::fs::read_to_string(&config).unwrap();
    for entry in std::fs::read_dir(config.parent().unwrap()).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains(".ssoenv-conflict") {
            assert!(
                conflicts.contains(&path),
                "{} was never named",
                path.display()
            );
            text += &std::fs::read_to_string(&path).unwrap();
        }
    }
    let lost: Vec<_> = written
        .iter()
        .filter(|l| !text.lines().any(|t| t == l.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} edits lost ({saved} saved, {refused} refused, conflicts {conflicts:?}): {lost:?}",
        lost.len(),
        written.len()
    );
    assert!(saved > 0, "no run saved ({refused} refused)");
}

#[test]
fn a_write_into_the_old_file_just_after_populate_replaced_it_is_put_back() {
    use std::io::Write;
    let w = world();
    w.seed_corp_token(3600, false);
    let config = w.config_file();
    let before = std::fs::read_to_string(&config).unwrap();
    // An editor holds the file open and writes just after the save swaps in
    // a new file, as a slow `cat >> config` or an in-place save would.
    let (mut held, child) = populate_holding_the_old_file(&w);
    held.write_all(b"# written late\n").unwrap();
    drop(held);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "changed while ssoenv was working on it; it was left as the other writer left it"
        ),
        "{err}"
    );
    assert!(err.contains("run the command again"), "{err}");
    let after = std::fs::read_to_string(&config).unwrap();
    assert_eq!(after, format!("{before}# written late\n"));
    let left: Vec<_> = std::fs::read_dir(config.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("ssoenv-tmp") || n.contains("conflict"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Run again, it starts from the file as it is now and keeps the line.
    let out = w.ssoenv(&["populate", "--sso-session", "corp"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = std::fs::read_to_string(&config).unwrap();
    assert!(
        again.contains("# written late") && again.contains("[profile dev.ReadOnly]"),
        "{again}"
    );
}

#[test]
fn when_both_versions_were_written_during_the_save_both_are_kept() {
    use std::io::Write;
    let w = world();
    w.seed_corp_token(3600, false);
    let config = w.config_file();
    let (mut held, child) = populate_holding_the_old_file(&w);
    // One hand writes into the old file, another into the new one.
    held.write_all(b"# into the old file\n").unwrap();
    drop(held);
    let mut new = std::fs::OpenOptions::new()
        .append(true)
        .open(&config)
        .unwrap();
    new.write_all(b"# into the new file\n").unwrap();
    drop(new);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    let kept = w.path().join(".aws/config.ssoenv-conflict");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("another is kept in {}", kept.display()))
            && err.contains("compare the two"),
        "{err}"
    );
    let both = std::fs::read_to_string(&config).unwrap() + &std::fs::read_to_string(&kept).unwrap();
    assert!(
        both.contains("# into the old file") && both.contains("# into the new file"),
        "{both}"
    );
}

/// `ssoenv ARGS` with files limited to `bytes` (as `ulimit -f` does; a write
/// past it fails with EFBIG), the stand-in for a full disk that needs no
/// special file system.
fn ssoenv_with_file_limit(w: &World, args: &[&str], bytes: u64) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = w.ssoenv_command(args);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    output_within(&mut cmd, Duration::from_secs(30)).expect("ssoenv hung")
}

/// ssoenv's temp files left in `dir`.
fn temp_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_renewal_with_no_room_to_save_it_is_not_made_and_the_session_lasts() {
    let w = world();
    w.seed_corp_token(600, true);
    let token_file = w.path().join(".aws/sso/cache").join(common::CORP_FILE);
    let before = std::fs::read(&token_file).unwrap();

    // The token lasts 10 minutes: export uses it and says why it was not renewed.
    let out = ssoenv_with_file_limit(&w, &["export", "dev"], 2048);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("not renewing the token of sso-session corp now")
            && err.contains("File too large")
            && err.contains("the session stays signed in")
            && !err.contains(".ssoenv-"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("AWS_SECRET_ACCESS_KEY"));
    // `login` renews only what it can save: it names the limit and waits for room.
    let out = ssoenv_with_file_limit(&w, &["login", "dev", "--no-browser"], 2048);
    assert_eq!(out.status.code(), Some(74), "{}", stderr(&out));
    assert!(stderr(&out).contains("ulimit -f"), "{}", stderr(&out));
    assert_eq!(
        w.fake.count("CreateToken"),
        0,
        "the refresh token was spent"
    );
    assert_eq!(std::fs::read(&token_file).unwrap(), before);
    assert!(temp_files(token_file.parent().unwrap()).is_empty());

    // With room again, the same refresh token renews the session: no sign-in.
    let out = w.ssoenv(&["login", "dev", "--no-browser"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(w.fake.count("CreateToken"), 1);
    assert_ne!(std::fs::read(&token_file).unwrap(), before);
}

#[test]
fn a_renewal_that_could_not_be_saved_says_the_session_must_be_signed_in_again() {
    let w = world();
    w.seed_corp_token(600, true);
    let token_file = w.path().join(".aws/sso/cache").join(common::CORP_FILE);
    let before = std::fs::read(&token_file).unwrap();
    // The new token is far longer than the room held for it, and than the limit.
    w.fake.set_access_token_len(40_000);
    let out = ssoenv_with_file_limit(&w, &["export", "dev"], 16_384);
    assert_eq!(out.status.code(), Some(74), "{}", stderr(&out));
    assert_eq!(w.fake.count("CreateToken"), 1);
    let err = stderr(&out);
    assert!(
        err.contains(
            "the token of sso-session corp was renewed, but the new one could not be saved to"
        ) && err.contains("File too large"),
        "{err}"
    );
    assert!(
        err.contains("this session must be signed in again")
            && err.contains("ulimit -f")
            && err.contains("run: ssoenv login dev"),
        "{err}"
    );
    assert!(!err.contains("aoa"), "a token was printed: {err}");
    // The cache still holds a whole token, and no temp file is left.
    assert_eq!(std::fs::read(&token_file).unwrap(), before);
    assert!(temp_files(token_file.parent().unwrap()).is_empty());
}

/// `populate` started while this test holds the config open (as an editor
/// writing in place would), returned once the save has put a new file at the
/// config's name: the handle still reaches the old one.
fn populate_holding_the_old_file(w: &World) -> (std::fs::File, std::process::Child) {
    let config = w.config_file();
    let held = std::fs::OpenOptions::new()
        .append(true)
        .open(&config)
        .unwrap();
    let old_inode = held.metadata().unwrap().ino();
    let mut cmd = w.ssoenv_command(&["populate", "--sso-session", "corp"]);
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::fs::metadata(&config).unwrap().ino() == old_inode {
        assert!(
            std::time::Instant::now() < deadline,
            "populate never replaced the file"
        );
        std::thread::yield_now();
    }
    (held, child)
}

//! The habits people bring from aws-vault, granted, aws-sso-cli and the AWS
//! CLI (issue 16): a picker when no profile is named, did-you-mean, the
//! profile in use, `exec dev cmd` without `--`, `--profile` and
//! `--duration`, a warning when environments nest, and the small cuts. The
//! real binary, the fake AWS; a real terminal (tmux) where one is involved.

mod common;
use common::ssoenv_bin;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::{START_URL, Tmux, World, stderr};

/// Two SSO profiles and a role chained from one; no `default`.
fn config() -> String {
    format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\nregion = eu-west-1\n\n\
         [profile prod]\nsso_session = corp\nsso_account_id = 333333333333\n\
         sso_role_name = ReadOnly\nregion = us-east-2\n\n\
         [profile deploy]\nsource_profile = dev\n\
         role_arn = arn:aws:iam::222222222222:role/Deploy\n\n\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    )
}

fn world() -> World {
    let w = World::with_config(&config());
    w.seed_corp_token(3600, false);
    w
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `sh -c SCRIPT` under `ssoenv ARGS`, its stdout and stderr.
fn run(w: &World, args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = w.ssoenv_command(args);
    cmd.envs(envs.iter().copied());
    cmd.output().unwrap()
}

/// A tmux terminal running `script` under `sh`, with the world's environment.
fn terminal(w: &World, name: &str, script: &str) -> Tmux {
    let socket = format!("ssoenv-habits-{name}-{}", std::process::id());
    let t = Tmux(socket.clone());
    let mut cmd = common::tmux_session(&socket, &w.env());
    cmd.args(["TERM=xterm-256color", "sh", "-c", script]);
    assert!(cmd.status().unwrap().success());
    t
}

#[test]
fn a_picker_offers_the_profiles_when_none_is_named_on_a_terminal() {
    let w = world();
    let out_file = w.path().join("out");
    let bin = ssoenv_bin();
    let t = terminal(
        &w,
        "picker",
        &format!(
            "{bin} export > {out}; echo \"exit=$?\" >> {out}; sleep 30",
            out = out_file.display()
        ),
    );
    let screen = t.wait("the picker", |s| {
        s.contains("Profile:") && s.contains("deploy")
    });
    // Name, kind, account, role and region, as `list` shows them.
    assert!(
        screen.contains("prod") && screen.contains("sso") && screen.contains("333333333333"),
        "{screen}"
    );
    assert!(
        screen.contains("assume-role") && screen.contains("Deploy"),
        "{screen}"
    );
    t.tmux(&["send-keys", "-t", "0", "-l", "pro"]);
    t.wait("the filter", |s| {
        !s.contains("deploy") && s.contains("prod")
    });
    t.tmux(&["send-keys", "-t", "0", "Enter"]);
    t.wait("export to finish", |_| {
        std::fs::read_to_string(&out_file).is_ok_and(|s| s.contains("exit="))
    });
    let text = std::fs::read_to_string(&out_file).unwrap();
    assert!(text.contains("export SSOENV_PROFILE='prod'"), "{text}");
    assert!(text.contains("exit=0"), "{text}");

    // Off a terminal, the clear error stays (and names what is close).
    let out = w.ssoenv(&["export"]);
    assert_eq!(out.status.code(), Some(67), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("profile \"default\" is not in"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn use_through_the_hook_with_no_profile_shows_the_picker() {
    let w = world();
    let bin = ssoenv_bin();
    let rc = w.path().join("rc.bash");
    std::fs::write(&rc, format!("eval \"$({bin} init bash)\"\nPS1='$ '\n")).unwrap();
    let t = terminal(
        &w,
        "use",
        &format!("exec bash --noprofile --rcfile {}", rc.display()),
    );
    t.wait("the prompt", |s| s.trim_end().ends_with('$'));
    t.tmux(&["send-keys", "-t", "0", "-l", "ssoenv use"]);
    t.tmux(&["send-keys", "-t", "0", "Enter"]);
    let screen = t.wait("the picker", |s| s.contains("Profile:"));
    assert!(!screen.contains("--shell"), "{screen}");
    t.tmux(&["send-keys", "-t", "0", "-l", "dev"]);
    t.tmux(&["send-keys", "-t", "0", "Enter"]);
    t.wait("the prompt segment", |s| s.contains("aws:dev"));
    t.tmux(&["send-keys", "-t", "0", "-l", "echo \"in=$SSOENV_PROFILE\""]);
    t.tmux(&["send-keys", "-t", "0", "Enter"]);
    t.wait("the profile in the shell", |s| s.contains("in=dev"));
}

#[test]
fn a_misspelt_name_gets_the_closest_ones_and_says_where_it_came_from() {
    let w = world();
    let out = w.ssoenv(&["export", "deev"]);
    assert_eq!(out.status.code(), Some(67), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("did you mean the profile dev?"),
        "{}",
        stderr(&out)
    );

    let out = run(&w, &["export"], &[("AWS_PROFILE", "Prod")]);
    assert_eq!(out.status.code(), Some(67), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("profile \"Prod\" (from AWS_PROFILE) is not in"),
        "{err}"
    );
    assert!(err.contains("did you mean the profile prod?"), "{err}");
    assert!(err.contains("unset AWS_PROFILE"), "{err}");

    let out = run(&w, &["whoami"], &[("SSOENV_PROFILE", "dve")]);
    assert!(
        stderr(&out).contains("(from SSOENV_PROFILE)"),
        "{}",
        stderr(&out)
    );

    // An sso-session is called one, not a profile.
    let out = w.ssoenv(&["logout", "--sso-session", "corpp"]);
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("there is no [sso-session corpp]"), "{err}");
    assert!(err.contains("did you mean the sso-session corp?"), "{err}");
    assert!(!err.contains("profile"), "{err}");

    // A wrong flag gets clap's suggestion.
    let out = w.ssoenv(&["export", "dev", "--regin", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a similar argument exists: '--region'"),
        "{}",
        stderr(&out)
    );
    // Where a command may follow, too: not a command called --regin.
    let out = w.ssoenv(&["exec", "dev", "--regin", "x", "true"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(
        stderr(&out).contains("did you mean --region?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bare_commands_act_on_the_profile_in_use() {
    let w = world();
    let in_use = [("SSOENV_PROFILE", "prod")];
    let out = run(&w, &["export"], &in_use);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("export SSOENV_PROFILE='prod'"));
    let out = run(&w, &["login", "--no-browser"], &in_use);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already signed in to sso-session corp"),
        "{}",
        stderr(&out)
    );
    let out = run(&w, &["whoami"], &in_use);
    assert!(stdout(&out).contains("Profile: prod"), "{}", stderr(&out));
    assert!(stdout(&out).contains("333333333333"), "{}", stdout(&out));
    // The AWS CLI's variables come first, the command line before all.
    let out = run(
        &w,
        &["export"],
        &[("SSOENV_PROFILE", "prod"), ("AWS_PROFILE", "dev")],
    );
    assert!(stdout(&out).contains("SSOENV_PROFILE='dev'"));
    let out = run(&w, &["export", "prod"], &[("AWS_PROFILE", "dev")]);
    assert!(stdout(&out).contains("SSOENV_PROFILE='prod'"));
    // Signed out, `ssoenv login` (what the prompt says) signs in to that profile's session.
    let out = run(&w, &["logout"], &in_use);
    assert!(out.status.success(), "{}", stderr(&out));
    w.fake.set_auto_approve(true);
    let out = run(&w, &["login", "--no-browser", "--device-code"], &in_use);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("signed in to sso-session corp"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exec_takes_the_command_without_dashes_and_the_profile_as_a_flag() {
    let w = world();
    let show = [
        "sh",
        "-c",
        "echo \"$SSOENV_PROFILE $AWS_REGION $1\"",
        "sh",
        "--flag",
    ];
    let mut args = vec!["exec", "dev"];
    args.extend(show);
    let out = w.ssoenv(&args);
    assert_eq!(stdout(&out), "dev eu-west-1 --flag\n", "{}", stderr(&out));
    let mut args = vec!["exec", "--profile", "prod"];
    args.extend(show);
    let out = w.ssoenv(&args);
    assert_eq!(stdout(&out), "prod us-east-2 --flag\n", "{}", stderr(&out));
    // `--` first: the profile comes from the environment.
    let mut args = vec!["exec", "--"];
    args.extend(show);
    let out = run(&w, &args, &[("AWS_PROFILE", "prod")]);
    assert_eq!(stdout(&out), "prod us-east-2 --flag\n", "{}", stderr(&out));
    for cmd in [
        &["export", "--profile", "dev"][..],
        &["whoami", "--profile", "dev"],
    ] {
        let out = w.ssoenv(cmd);
        assert!(out.status.success(), "{cmd:?}: {}", stderr(&out));
    }
    // -v names the profile and the expiry; without it exec says nothing.
    let out = w.ssoenv(&["exec", "dev", "true"]);
    assert_eq!(stderr(&out), "");
    let out = w.ssoenv(&["-v", "exec", "dev", "true"]);
    assert!(
        stderr(&out).contains("with dev (credentials until 20") && stderr(&out).contains("left)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn duration_sets_the_role_session_and_an_sso_profile_says_who_decides() {
    let w = world();
    // A role chained from an SSO role lasts at most an hour (AWS's rule, the fake's too).
    let out = w.ssoenv(&["export", "deploy", "--duration", "45m"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let assume = w.fake.requests_for("AssumeRole");
    assert_eq!(assume.len(), 1);
    assert!(
        assume[0].body.contains("DurationSeconds=2700"),
        "{}",
        assume[0].body
    );
    let out = w.ssoenv(&["export", "dev", "-d", "2h"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the permission set's session duration"),
        "{}",
        stderr(&out)
    );
    let out = w.ssoenv(&["export", "dev", "--duration", "soon"]);
    assert_eq!(out.status.code(), Some(64));
    assert!(stderr(&out).contains("1h, 90m"), "{}", stderr(&out));
}

#[test]
fn nested_environments_warn_once_naming_both_and_the_inner_wins() {
    let w = world();
    let bin = ssoenv_bin();
    let inner = format!("{bin} exec prod -- sh -c 'echo $SSOENV_PROFILE'");
    let out = w.ssoenv(&["exec", "dev", "--", "sh", "-c", &inner]);
    assert_eq!(stdout(&out), "prod\n", "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(
        err.contains("ssoenv exec \"prod\" inside the environment ssoenv set up for \"dev\""),
        "{err}"
    );
    let out = run(
        &w,
        &["exec", "dev", "--", "sh", "-c", "echo ${AWS_VAULT-gone}"],
        &[("AWS_VAULT", "legacy")],
    );
    assert_eq!(stdout(&out), "gone\n");
    assert!(
        stderr(&out).contains("aws-vault's environment for \"legacy\""),
        "{}",
        stderr(&out)
    );
    // The same profile again is no nesting.
    let again = format!("{bin} exec dev -- true");
    let out = w.ssoenv(&["exec", "dev", "--", "sh", "-c", &again]);
    assert_eq!(stderr(&out), "");
}

#[test]
fn export_on_a_terminal_says_how_to_load_it() {
    let w = world();
    let bin = ssoenv_bin();
    let t = terminal(&w, "export", &format!("{bin} export dev; sleep 30"));
    let screen = t.wait("the exports", |s| s.contains("AWS_SECRET_ACCESS_KEY"));
    assert!(screen.contains("eval \"$(ssoenv export dev)\""), "{screen}");
    // Into a pipe (as under eval), only the code.
    let out = w.ssoenv(&["export", "dev"]);
    assert_eq!(stderr(&out), "");
}

#[test]
fn configure_prompts_take_the_shells_editing_keys() {
    let w = World::with_config("");
    let done = w.path().join("done");
    let bin = ssoenv_bin();
    let t = terminal(
        &w,
        "configure",
        &format!(
            "{bin} configure --account 111111111111 --role ReadOnly --region eu-west-1 \
             --output json --profile dev; echo \"exit=$?\" > {}; sleep 30",
            done.display()
        ),
    );
    t.wait("the session question", |s| s.contains("SSO session name"));
    // Typed wrong, erased with Ctrl-U, typed again.
    t.tmux(&["send-keys", "-t", "0", "-l", "wrong name"]);
    t.tmux(&["send-keys", "-t", "0", "C-u"]);
    t.tmux(&["send-keys", "-t", "0", "-l", "corp"]);
    t.tmux(&["send-keys", "-t", "0", "Enter"]);
    t.wait("the start URL question", |s| s.contains("Start URL"));
    // A word too many, erased with Ctrl-W.
    t.tmux(&["send-keys", "-t", "0", "-l", &format!("{START_URL} extra")]);
    t.tmux(&["send-keys", "-t", "0", "C-w", "BSpace"]);
    t.tmux(&["send-keys", "-t", "0", "Enter"]);
    t.answer("SSO region", "us-east-1");
    t.answer("Registration scopes", "");
    let screen = t.wait("configure to finish", |_| done.exists());
    let status = std::fs::read_to_string(&done).unwrap();
    assert_eq!(status.trim(), "exit=0", "{screen}");
    let config = std::fs::read_to_string(w.config_file()).unwrap();
    assert!(config.contains("[sso-session corp]"), "{config}");
    assert!(
        config.contains(&format!("sso_start_url = {START_URL}\n")),
        "{config}"
    );
}

//! Signing in where the browser is not on this machine, as users do: over
//! SSH (no display, no `$BROWSER`), pasting back the address the browser
//! ended on; under WSL (the Windows browser through `wslview` or
//! `cmd.exe`); and the sign-in flow as a saved choice (flag, environment,
//! config). The real binary under tmux or with a script as the browser, the
//! fake AWS, a temporary HOME.

mod common;
use common::ssoenv_bin;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::{CORP_FILE, Tmux, World, output_within, stderr, stdout};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

fn world() -> World {
    World::with_config(&common::dev_config())
}

/// An executable script at `dir/name`.
fn script(dir: &Path, name: &str, body: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The environment of a machine reached over SSH: no display, no
/// `$BROWSER`, and an `xdg-open` that records any call (it must get none).
fn over_ssh(w: &World) -> Vec<(String, String)> {
    let bin = w.path().join("bin");
    script(&bin, "xdg-open", "echo \"$@\" >> \"$HOME/xdg-open.log\"");
    let mut env: Vec<(String, String)> = w
        .env()
        .into_iter()
        .filter(|(k, _)| k != "BROWSER" && k != "PATH")
        .collect();
    env.push(("PATH".into(), format!("{}:/usr/bin:/bin", bin.display())));
    env.push(("SSH_CONNECTION".into(), "10.1.2.3 51234 10.1.2.4 22".into()));
    env.push(("SSH_TTY".into(), "/dev/pts/3".into()));
    env.push(("SSOENV_LOGIN_TIMEOUT".into(), "60".into()));
    env
}

/// Starts `ssoenv ARGS` in a tmux terminal with `env`; its exit status goes
/// to HOME/exit.
fn in_terminal(w: &World, env: &[(String, String)], args: &str, name: &str) -> Tmux {
    let socket = format!("ssoenv-{name}-{}", std::process::id());
    let t = Tmux(socket.clone());
    let mut cmd = common::tmux_session(&socket, env);
    cmd.args(["TERM=xterm-256color", "sh", "-c"]).arg(format!(
        "{} {args}; echo \"exit=$?\" > {}; sleep 30",
        ssoenv_bin(),
        w.path().join("exit").display()
    ));
    assert!(cmd.status().unwrap().success());
    t
}

fn exit_status(w: &World) -> String {
    let path = w.path().join("exit");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if let Ok(s) = std::fs::read_to_string(&path)
            && !s.is_empty()
        {
            return s.trim().to_string();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("ssoenv did not finish")
}

/// The authorize URL on the screen, and the address the fake's approval
/// page sends the browser to (which would not load on another machine).
fn authorize_and_callback(t: &Tmux) -> (String, String) {
    let screen = t.wait("the sign-in URL", |s| s.contains("/authorize?"));
    let url = screen
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("http") && l.contains("/authorize?"))
        .unwrap()
        .to_string();
    let answer = fake_aws::client::get(&url).unwrap();
    assert_eq!(answer.status, 302, "{}", answer.body);
    let location = answer.header("location").unwrap().to_string();
    assert!(location.starts_with("http://127.0.0.1:"), "{location}");
    (url, location)
}

fn paste(t: &Tmux, text: &str) {
    t.tmux(&["send-keys", "-t", "0", "-l", text]);
    t.tmux(&["send-keys", "-t", "0", "Enter"]);
}

#[test]
fn over_ssh_no_browser_opens_and_the_pasted_address_finishes_pkce() {
    let w = world();
    let t = in_terminal(&w, &over_ssh(&w), "login dev", "paste");
    let (url, location) = authorize_and_callback(&t);
    let screen = t.screen();
    assert!(
        screen.contains("no browser is opened here: this is an SSH session without a display"),
        "{screen}"
    );
    assert!(screen.contains("paste it here"), "{screen}");
    assert!(
        !w.path().join("xdg-open.log").exists(),
        "a browser was started"
    );

    // A paste that is not an address, then one from another sign-in: told
    // why, and another try.
    paste(&t, "hello");
    t.wait("the first complaint", |s| {
        s.contains("that is not an address")
    });
    let other = location.replace("state=", "state=x");
    paste(&t, &other);
    t.wait("the second complaint", |s| {
        s.contains("is from another sign-in")
    });
    assert_eq!(w.fake.count("CreateToken"), 0);

    // The right address: the code is exchanged, as from the loopback call.
    paste(&t, &location);
    assert_eq!(exit_status(&w), "exit=0", "{}", t.screen());
    assert_eq!(w.fake.count("CreateToken"), 1);
    let token: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(w.path().join(".aws/sso/cache").join(CORP_FILE)).unwrap(),
    )
    .unwrap();
    assert!(token["accessToken"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(url.contains("code_challenge="));
    assert!(!w.path().join("xdg-open.log").exists());
}

#[test]
fn the_loopback_call_still_wins_when_it_comes_first() {
    let w = world();
    let t = in_terminal(&w, &over_ssh(&w), "login dev --no-browser", "loopback");
    let (_, location) = authorize_and_callback(&t);
    // Half a line and Ctrl-D, and a request with no answer in it (a reload,
    // a probe), hold nothing up and end nothing.
    t.tmux(&["send-keys", "-t", "0", "-l", "abc"]);
    t.tmux(&["send-keys", "-t", "0", "C-d"]);
    let bare = location.split('?').next().unwrap();
    let probe = fake_aws::client::get(bare).unwrap();
    assert_eq!(probe.status, 400, "{}", probe.body);
    // The browser is on this machine after all (say, a port forward).
    let answer = fake_aws::client::get(&location).unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains("signed in"), "{}", answer.body);
    assert_eq!(exit_status(&w), "exit=0", "{}", t.screen());
    assert!(
        t.screen()
            .contains("(no browser is opened here: --no-browser)")
    );
}

#[test]
fn a_loopback_answer_with_another_state_ends_the_sign_in() {
    let w = world();
    // A browser whose redirect carries a state that is not this sign-in's.
    script(
        w.path(),
        "browser",
        "loc=$(curl -s -o /dev/null -w '%{redirect_url}' \"$1\")\n\
         exec curl -s -o /dev/null \"$(printf %s \"$loc\" | sed 's/state=/state=forged/')\"",
    );
    let mut cmd = w.ssoenv_command(&["login", "dev"]);
    cmd.env("SSOENV_LOGIN_TIMEOUT", "20");
    let out = output_within(&mut cmd, Duration::from_secs(30)).expect("ssoenv hung");
    assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a state that does not belong to this sign-in"),
        "{}",
        stderr(&out)
    );
    assert_eq!(w.fake.count("CreateToken"), 0);
    assert!(!w.path().join(".aws/sso/cache").join(CORP_FILE).exists());
}

/// The environment of WSL: `WSL_DISTRO_NAME`, no `$BROWSER`, and the given
/// Windows-side stand-ins on PATH.
fn under_wsl(w: &World) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = w
        .env()
        .into_iter()
        .filter(|(k, _)| k != "BROWSER" && k != "PATH")
        .collect();
    env.push((
        "PATH".into(),
        format!("{}:/usr/bin:/bin", w.path().join("bin").display()),
    ));
    env.push(("WSL_DISTRO_NAME".into(), "Ubuntu-24.04".into()));
    env.push(("SSOENV_LOGIN_TIMEOUT".into(), "20".into()));
    env
}

fn run_with(w: &World, env: &[(String, String)], args: &[&str]) -> Output {
    let mut cmd = w.command(ssoenv_bin(), args);
    cmd.env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    output_within(&mut cmd, Duration::from_secs(30)).expect("ssoenv hung")
}

#[test]
fn under_wsl_the_windows_browser_opens_through_wslview_or_cmd() {
    // wslview gets the URL as it is.
    let w = world();
    script(
        &w.path().join("bin"),
        "wslview",
        "printf '%s\\n' \"$@\" > \"$HOME/wslview.log\"\nexec curl -sfL -o /dev/null \"$1\"",
    );
    let out = run_with(&w, &under_wsl(&w), &["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = std::fs::read_to_string(w.path().join("wslview.log")).unwrap();
    assert!(
        got.trim()
            .contains("/authorize?response_type=code&client_id="),
        "{got}"
    );

    // Without wslview, cmd.exe /c start "" URL, with & escaped for cmd.
    let w = world();
    script(
        &w.path().join("bin"),
        "cmd.exe",
        "printf '%s\\n' \"$@\" > \"$HOME/cmd.log\"\n\
         exec curl -sfL -o /dev/null \"$(printf %s \"$4\" | sed 's/\\^\\(.\\)/\\1/g')\"",
    );
    let out = run_with(&w, &under_wsl(&w), &["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = std::fs::read_to_string(w.path().join("cmd.log")).unwrap();
    let args: Vec<&str> = got.lines().collect();
    // The empty title, which WSL passes to Windows as "".
    assert_eq!(&args[..3], ["/c", "start", ""], "{got}");
    assert!(
        args[3].contains("/authorize?response_type=code^&client_id="),
        "{got}"
    );
    assert!(!args[3].contains("code&"), "an unescaped & in {got}");
}

fn config_with(extra_session: &str, extra_profile: &str) -> String {
    format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\nregion = eu-west-1\n{extra_profile}\
         [sso-session corp]\nsso_start_url = {}\nsso_region = us-east-1\n\
         sso_registration_scopes = sso:account:access\n{extra_session}",
        common::START_URL
    )
}

/// Which flow a `login dev --force` ran: "device" or "pkce".
fn flow_of(w: &World, args: &[&str], env: &[(&str, &str)]) -> String {
    w.fake.clear_requests();
    w.fake.set_auto_approve(true);
    let mut all = vec!["login", "dev", "--force"];
    all.extend_from_slice(args);
    let mut cmd = w.ssoenv_command(&all);
    cmd.env("SSOENV_LOGIN_TIMEOUT", "20")
        .envs(env.iter().copied());
    let out = output_within(&mut cmd, Duration::from_secs(30)).expect("ssoenv hung");
    assert!(out.status.success(), "{args:?} {env:?}: {}", stderr(&out));
    match (
        w.fake.count("StartDeviceAuthorization"),
        w.fake.count("Authorize"),
    ) {
        (1, 0) => "device".into(),
        (0, 1) => "pkce".into(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_flow_is_a_saved_choice_flag_then_environment_then_config() {
    // Saved in the sso-session.
    let w = World::with_config(&config_with("ssoenv_login_flow = device\n", ""));
    assert_eq!(flow_of(&w, &[], &[]), "device");
    assert_eq!(flow_of(&w, &[], &[("SSOENV_LOGIN_FLOW", "pkce")]), "pkce");
    assert_eq!(
        flow_of(&w, &["--use-device-code"], &[("SSOENV_LOGIN_FLOW", "pkce")]),
        "device"
    );
    // list --json shows it.
    let out = w.ssoenv(&["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["login_flow"], "device", "{rows}");

    // Saved in the profile; the environment alone; the default.
    let w = World::with_config(&config_with("", "ssoenv_login_flow = Device\n"));
    assert_eq!(flow_of(&w, &[], &[]), "device");
    let w = World::with_config(&config_with("", ""));
    assert_eq!(
        flow_of(&w, &[], &[("SSOENV_LOGIN_FLOW", "device")]),
        "device"
    );
    assert_eq!(flow_of(&w, &[], &[]), "pkce");
    assert_eq!(flow_of(&w, &["--device-code"], &[]), "device");

    // A value that is neither is an error once a sign-in starts, and only then.
    let out = w
        .ssoenv_command(&["login", "dev", "--force"])
        .env("SSOENV_LOGIN_FLOW", "browser")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(stderr(&out).contains("SSOENV_LOGIN_FLOW must be device or pkce"));
    let w = World::with_config(&config_with("ssoenv_login_flow = browser\n", ""));
    let out = w.ssoenv(&["login", "dev"]);
    assert_eq!(out.status.code(), Some(64), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ssoenv_login_flow of corp must be device or pkce"),
        "{}",
        stderr(&out)
    );
    w.seed_corp_token(3600, false);
    let out = w.ssoenv(&["export", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn inline_sign_in_configure_and_populate_follow_the_saved_choice() {
    let w = World::with_config(&config_with("ssoenv_login_flow = device\n", ""));
    w.fake.set_auto_approve(true);
    // export on a terminal (script gives it one) signs in inline: device flow.
    let out = w
        .command(
            "script",
            &["-qec", "\"$SSOENV\" export dev --format json", "/dev/null"],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(w.fake.count("StartDeviceAuthorization"), 1);
    assert_eq!(w.fake.count("Authorize"), 0);

    // configure, unattended, with the choice in the environment.
    let w = World::with_config("");
    w.fake.set_auto_approve(true);
    let out = w
        .ssoenv_command(&common::configure_args(
            "corp",
            common::START_URL,
            Some("us-east-1"),
        ))
        .env("SSOENV_LOGIN_FLOW", "device")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(w.fake.count("StartDeviceAuthorization"), 1);
    assert_eq!(w.fake.count("Authorize"), 0);

    // populate on a terminal, with the choice saved in the session.
    let w = World::with_config(&config_with("ssoenv_login_flow = device\n", ""));
    w.fake.set_auto_approve(true);
    let out = w
        .command(
            "script",
            &[
                "-qec",
                "\"$SSOENV\" populate --sso-session corp",
                "/dev/null",
            ],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(w.fake.count("StartDeviceAuthorization"), 1);
    assert_eq!(w.fake.count("Authorize"), 0);
}

#[test]
fn configure_follows_the_flow_saved_in_its_sso_session() {
    let w = World::with_config(&config_with("ssoenv_login_flow = device\n", ""));
    w.fake.set_auto_approve(true);
    let out = w
        .ssoenv_command(&common::configure_args("corp", common::START_URL, None))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(w.fake.count("StartDeviceAuthorization"), 1);
    assert_eq!(w.fake.count("Authorize"), 0);
}

#[test]
fn with_no_browser_and_no_terminal_to_paste_into_a_code_is_used() {
    // `ssh devbox ssoenv login dev` without -t: the loopback address can be
    // reached by nobody, and nothing can be pasted; the device flow works.
    let w = world();
    w.fake.set_auto_approve(true);
    let out = run_with(&w, &over_ssh(&w), &["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("signing in with a code instead"),
        "{}",
        stderr(&out)
    );
    assert_eq!(w.fake.count("StartDeviceAuthorization"), 1);
    assert_eq!(w.fake.count("Authorize"), 0);
    // Asked for explicitly, the browser flow is kept (and would wait).
    let mut env = over_ssh(&w);
    env.push(("SSOENV_LOGIN_FLOW".into(), "pkce".into()));
    env.push(("SSOENV_LOGIN_TIMEOUT".into(), "1".into()));
    let out = run_with(&w, &env, &["login", "dev", "--force"]);
    assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
    assert_eq!(w.fake.count("StartDeviceAuthorization"), 1);
}

#[test]
fn a_case_difference_in_the_saved_flow_is_no_conflict() {
    let w = World::with_config(&config_with(
        "ssoenv_login_flow = device\n",
        "ssoenv_login_flow = Device\n",
    ));
    w.seed_corp_token(3600, false);
    let out = w.ssoenv(&["export", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = w.ssoenv(&["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["login_flow"], "device", "{rows}");
    assert_eq!(rows[0]["valid"], true, "{rows}");
}

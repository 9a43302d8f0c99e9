//! `ssoenv list` as a user runs it: the real binary, a temp HOME, real files.

#[path = "support/binary.rs"]
mod binary;
use binary::ssoenv_bin;

use std::path::Path;
use std::process::{Command, Output, Stdio};

const CONFIG: &str = "\
# my config
[default]
region = us-east-1

[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = AdministratorAccess
region = eu-west-1
s3 =
  max_concurrent_requests = 20

[profile deploy]
role_arn = arn:aws:iam::222222222222:role/Deploy
source_profile = dev

[profile legacy]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1
sso_account_id = 333333333333
sso_role_name = ReadOnly

[profile broken]
sso_session = nope
sso_account_id = 1
sso_role_name = x

[sso-session corp]
sso_start_url = https://d-abc123.awsapps.com/start
sso_region = us-east-1
";

const CREDENTIALS: &str = "\
[keys]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
aws_session_token = IQoJb3JpZ2luX2VjEXAMPLETOKEN
";

fn home_with(config: &str, credentials: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(home.path().join(".aws/config"), config).unwrap();
    std::fs::write(home.path().join(".aws/credentials"), credentials).unwrap();
    home
}

fn ssoenv(home: &Path, args: &[&str]) -> Output {
    Command::new(ssoenv_bin())
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn table_shows_kind_account_role_region_and_session() {
    let home = home_with(CONFIG, CREDENTIALS);
    let out = ssoenv(home.path(), &["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines[0],
        [
            "PROFILE",
            "KIND",
            "ACCOUNT",
            "ROLE",
            "REGION",
            "SSO-SESSION"
        ]
    );
    assert!(lines.contains(&vec![
        "dev",
        "sso",
        "111111111111",
        "AdministratorAccess",
        "eu-west-1",
        "corp"
    ]));
    assert!(lines.contains(&vec![
        "deploy",
        "assume-role",
        "222222222222",
        "Deploy",
        "-",
        "-"
    ]));
    assert!(lines.contains(&vec![
        "legacy",
        "sso-legacy",
        "333333333333",
        "ReadOnly",
        "-",
        "(legacy)"
    ]));
    assert!(lines.contains(&vec!["keys", "static", "-", "-", "-", "-"]));
    assert!(lines.contains(&vec!["broken", "sso!", "1", "x", "-", "nope"]));
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    // The broken profile is explained once, on stderr, with the file and line.
    let err = stderr(&out);
    assert!(
        err.contains("profile \"broken\"") && err.contains(".aws/config:24"),
        "{err}"
    );
    assert!(!text.contains("wJalrXUtnFEMI") && !err.contains("wJalrXUtnFEMI"));
}

#[test]
fn json_has_every_setting_with_secrets_redacted() {
    let home = home_with(CONFIG, CREDENTIALS);
    let out = ssoenv(home.path(), &["list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("wJalrXUtnFEMI") && !text.contains("IQoJb3JpZ2lu"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["default", "dev", "deploy", "legacy", "broken", "keys"]
    );
    let dev = &v[1];
    assert_eq!(dev["kind"], "sso");
    assert_eq!(dev["settings"]["s3"]["max_concurrent_requests"], "20");
    assert_eq!(dev["valid"], true);
    let keys = &v[5];
    assert_eq!(keys["settings"]["aws_access_key_id"], "AKIAEXAMPLE");
    assert_eq!(keys["settings"]["aws_secret_access_key"], "<redacted>");
    assert_eq!(keys["settings"]["aws_session_token"], "<redacted>");
    assert_eq!(v[4]["valid"], false);
    assert!(v[4]["error"].as_str().unwrap().contains("nope"));
}

#[test]
fn names_are_bare_one_a_line() {
    let home = home_with(CONFIG, CREDENTIALS);
    let out = ssoenv(home.path(), &["list", "--names"]);
    assert_eq!(stdout(&out), "default\ndev\ndeploy\nlegacy\nbroken\nkeys\n");
}

#[test]
fn env_vars_choose_the_files() {
    let home = home_with("", "");
    let other = home.path().join("elsewhere.ini");
    std::fs::write(&other, "[profile only-here]\nregion = ap-south-1\n").unwrap();
    let out = Command::new(ssoenv_bin())
        .args(["list", "--names"])
        .env_clear()
        .env("HOME", home.path())
        .env("ELSEWHERE", &other)
        .env("AWS_CONFIG_FILE", "$ELSEWHERE")
        .output()
        .unwrap();
    assert_eq!(stdout(&out), "only-here\n");
}

#[test]
fn a_broken_file_is_one_clear_error_naming_file_and_line() {
    let home = home_with("[profile a]\nregion = x\n[profile a]\n", "");
    let out = ssoenv(home.path(), &["list"]);
    assert_eq!(out.status.code(), Some(78));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.starts_with("ssoenv: "), "{err}");
    assert!(
        err.contains(".aws/config:3:") && err.contains("twice"),
        "{err}"
    );
    assert_eq!(err.matches("ssoenv:").count(), 1, "{err}");
}

#[test]
fn no_files_is_an_empty_list_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    let out = ssoenv(home.path(), &["list", "--json"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).trim(), "[]");
}

#[test]
fn an_empty_list_points_at_ssoenv_configure_and_populate() {
    let home = tempfile::tempdir().unwrap();
    let out = ssoenv(home.path(), &["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("no profiles"), "{text}");
    assert!(text.contains("`ssoenv configure`"), "{text}");
    assert!(
        text.contains("`ssoenv populate --sso-session NAME`"),
        "{text}"
    );
    assert!(!text.contains("aws configure sso"), "{text}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let many: String = (0..5000)
        .map(|i| format!("[profile p{i}]\nregion = us-east-1\n"))
        .collect();
    let home = home_with(&many, "");
    let mut child = Command::new(ssoenv_bin())
        .arg("list")
        .env_clear()
        .env("HOME", home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    let out = ssoenv(home.path(), &["list", "--json", "--names"]);
    assert_eq!(out.status.code(), Some(2));
}

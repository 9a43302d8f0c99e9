//! `ssoenv populate` end to end: the real binary, the fake AWS (with latency,
//! throttling and failures), a temp HOME, and botocore reading the result.

#[path = "support/binary.rs"]
mod binary;
use binary::ssoenv_bin;

#[path = "fake_aws/mod.rs"]
mod fake_aws;
#[path = "support/python.rs"]
mod python;

use fake_aws::{Account, FakeAws, Fault};
use serde_json::Value;
use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const START_URL: &str = "https://d-abc123.awsapps.com/start";

/// A config full of things populate must leave alone: comments, other tools'
/// sections, odd spacing, a nested value; CRLF line endings.
const ORIGINAL: &str = "# my AWS config: hands off\r\n\
    [default]\r\n\
    region = us-east-1\r\n\
    \r\n\
    ; another tool's notes\r\n\
    [profile  hand-written ]\r\n\
    region: eu-west-1 # not a comment\r\n\
    s3 =\r\n\
    \x20 max_concurrent_requests = 20\r\n\
    \r\n\
    [plugins]\r\n\
    cli_legacy_plugin_path = /opt/x\r\n\
    \r\n\
    [sso-session corp]\r\n\
    sso_start_url = https://d-abc123.awsapps.com/start\r\n\
    sso_region = us-east-1\r\n\
    sso_registration_scopes = sso:account:access\r\n";

struct World {
    fake: FakeAws,
    home: tempfile::TempDir,
}

impl World {
    fn new(config: &str) -> World {
        let home = tempfile::tempdir().unwrap();
        let aws = home.path().join(".aws");
        std::fs::create_dir_all(&aws).unwrap();
        std::fs::write(aws.join("config"), config).unwrap();
        let browser = home.path().join("browser");
        std::fs::write(&browser, "#!/bin/sh\nexec curl -sfL -o /dev/null \"$1\"\n").unwrap();
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
        World {
            fake: FakeAws::start(),
            home,
        }
    }

    /// Signed in to sso-session corp, with the request log cleared.
    fn signed_in(config: &str) -> World {
        let w = World::new(config);
        let out = w.ssoenv(&["login", "--sso-session", "corp"]);
        assert!(out.status.success(), "{}", stderr(&out));
        w.fake.clear_requests();
        w.fake.reset_max_in_flight();
        w
    }

    fn config_path(&self) -> PathBuf {
        self.home.path().join(".aws/config")
    }

    fn config(&self) -> String {
        std::fs::read_to_string(self.config_path()).unwrap()
    }

    fn cmd(&self, program: &str, args: &[&str]) -> Command {
        let mut c = Command::new(program);
        c.args(args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("LANG", "C.UTF-8")
            .env("BROWSER", self.home.path().join("browser"))
            .envs(self.fake.env());
        c
    }

    fn ssoenv(&self, args: &[&str]) -> Output {
        self.cmd(ssoenv_bin(), args).output().unwrap()
    }

    fn populate(&self, extra: &[&str]) -> Output {
        let mut args = vec!["populate", "--sso-session", "corp"];
        args.extend_from_slice(extra);
        self.ssoenv(&args)
    }

    /// The profile names botocore sees (tests/py/botocore_view.py).
    fn botocore_profiles(&self) -> serde_json::Map<String, Value> {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/botocore_view.py");
        let out = self
            .cmd(&python::python3_str(), &[script.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "botocore_view.py: {}", stderr(&out));
        let view: Value = serde_json::from_slice(&out.stdout).unwrap();
        view.get("profiles")
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("botocore rejects the file: {view}"))
            .clone()
    }

    /// `ssoenv list --json` as name → settings.
    fn ssoenv_profiles(&self) -> serde_json::Map<String, Value> {
        let out = self.ssoenv(&["list", "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        items
            .into_iter()
            .map(|i| {
                (
                    i["name"].as_str().unwrap().to_string(),
                    i["settings"].clone(),
                )
            })
            .collect()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstderr: {}",
        o.status.code(),
        stderr(o)
    );
}

/// The names generated for `n` accounts × `roles` roles by the default template.
fn generated_names(n: usize, roles: usize) -> BTreeSet<String> {
    (1..=n)
        .flat_map(|i| (1..=roles).map(move |j| format!("account-{i:04}.Role{j}")))
        .collect()
}

#[test]
fn writes_900_profiles_that_botocore_reads_and_leaves_the_rest_alone() {
    let w = World::signed_in(ORIGINAL);
    w.fake.generate_accounts(300, 3);
    w.fake.set_latency(Duration::from_millis(20));
    let before_profiles = w.botocore_profiles();

    let started = Instant::now();
    let out = w.populate(&[]);
    let took = started.elapsed();
    assert_ok(&out);
    let path = w.config_path().display().to_string();
    assert!(
        stderr(&out).contains(&format!(
            "900 profiles (900 added, 0 removed, 0 unchanged) in {path}"
        )),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());

    // Every request went through, at most 8 at a time, and concurrency paid off
    // (300 sequential calls at 20 ms would take 6 s alone).
    assert_eq!(w.fake.count("ListAccountRoles"), 300);
    assert_eq!(w.fake.count("ListAccounts"), 3);
    let in_flight = w.fake.max_in_flight();
    assert!(
        in_flight <= 8,
        "{in_flight} requests were in flight at once"
    );
    assert!(
        in_flight >= 4,
        "only {in_flight} requests at once: not concurrent"
    );
    assert!(took < Duration::from_secs(6), "populate took {took:?}");

    // The original, byte for byte, then one blank line and the block (CRLF too).
    let text = w.config();
    assert!(text.starts_with(ORIGINAL), "the original changed");
    let added = &text[ORIGINAL.len()..];
    assert!(
        added.starts_with("\r\n# BEGIN ssoenv populate: corp"),
        "{}",
        &added[..80]
    );
    assert!(added.ends_with("# END ssoenv populate: corp\r\n"));
    assert!(
        !added.replace("\r\n", "").contains('\n'),
        "the block must use the file's CRLF"
    );
    assert!(added.contains(
        "[profile account-0001.Role1]\r\nsso_session = corp\r\nsso_account_id = 100000000001\r\nsso_role_name = Role1\r\n"
    ));

    // botocore sees the 900 new profiles, the old ones unchanged, as ssoenv does.
    let botocore = w.botocore_profiles();
    assert_eq!(botocore.len(), before_profiles.len() + 900);
    let names: BTreeSet<String> = botocore.keys().cloned().collect();
    assert!(generated_names(300, 3).is_subset(&names));
    for (name, settings) in &before_profiles {
        assert_eq!(&botocore[name], settings, "profile {name} changed");
    }
    assert_eq!(
        botocore["account-0123.Role2"]["sso_account_id"],
        "100000000123"
    );
    assert_eq!(botocore["account-0123.Role2"]["sso_session"], "corp");
    assert_eq!(w.ssoenv_profiles(), botocore);

    // Again: nothing to write, the file byte-identical.
    let mtime = std::fs::metadata(w.config_path())
        .unwrap()
        .modified()
        .unwrap();
    let again = w.populate(&[]);
    assert_ok(&again);
    assert!(
        stderr(&again).contains("900 profiles (0 added, 0 removed, 900 unchanged)")
            && stderr(&again).contains("nothing changed"),
        "{}",
        stderr(&again)
    );
    assert_eq!(w.config(), text);
    assert_eq!(
        std::fs::metadata(w.config_path())
            .unwrap()
            .modified()
            .unwrap(),
        mtime
    );
    // The one backup is the file as it was before the first write.
    let backup = w.home.path().join(".aws/config.ssoenv-backup");
    assert_eq!(std::fs::read_to_string(backup).unwrap(), ORIGINAL);
}

#[test]
fn prune_removes_exactly_the_profiles_of_accounts_that_are_gone() {
    let w = World::signed_in(ORIGINAL);
    w.fake.generate_accounts(5, 2);
    assert_ok(&w.populate(&[]));
    let all = w.config();
    assert_eq!(w.botocore_profiles().len(), 2 + 10);

    let accounts: Vec<Account> = w.fake.accounts().into_iter().take(3).collect();
    w.fake.set_accounts(accounts);

    // Without --prune: kept, nothing written.
    let out = w.populate(&[]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("10 profiles (0 added, 0 removed, 10 unchanged)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(w.config(), all);

    // With --prune: exactly the 4 profiles of accounts 4 and 5 go.
    let out = w.populate(&["--prune"]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("6 profiles (0 added, 4 removed, 6 unchanged)"),
        "{}",
        stderr(&out)
    );
    let names: BTreeSet<String> = w.botocore_profiles().keys().cloned().collect();
    let gone: BTreeSet<String> = generated_names(5, 2)
        .difference(&generated_names(3, 2))
        .cloned()
        .collect();
    assert_eq!(gone.len(), 4);
    assert!(names.is_disjoint(&gone));
    assert!(generated_names(3, 2).is_subset(&names));
    assert_eq!(names.len(), 2 + 6);
    assert!(w.config().starts_with(ORIGINAL));
}

#[test]
fn throttled_role_listings_are_retried_until_every_profile_is_written() {
    let w = World::signed_in(ORIGINAL);
    w.fake.generate_accounts(40, 3);
    w.fake
        .set_fault(Fault::throttle("/assignment/roles").after(3).times(25));
    let out = w.populate(&[]);
    assert_ok(&out);
    assert!(
        stderr(&out).contains("120 profiles (120 added, 0 removed, 0 unchanged)"),
        "{}",
        stderr(&out)
    );
    let throttled = w
        .fake
        .requests_for("ListAccountRoles")
        .iter()
        .filter(|r| r.status == Some(429))
        .count();
    assert_eq!(throttled, 25);
    assert_eq!(w.fake.count("ListAccountRoles"), 40 + 25);
    let names: BTreeSet<String> = w.botocore_profiles().keys().cloned().collect();
    assert!(generated_names(40, 3).is_subset(&names));
}

#[test]
fn a_rate_limited_portal_is_paced_until_every_profile_is_written() {
    let w = World::signed_in(ORIGINAL);
    w.fake.generate_accounts(150, 2);
    // Far below what populate sends unpaced, with a small burst: it must be
    // throttled, learn the pace, and still list every account's roles.
    w.fake.set_rate_limit("ListAccountRoles", 50, 5, false);
    w.fake.set_rate_limit("ListAccounts", 50, 1, true);
    let out = w.populate(&["-v"]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains("300 profiles (300 added, 0 removed, 0 unchanged)"),
        "{err}"
    );
    let throttled = w.fake.throttled("ListAccountRoles");
    assert!(throttled > 0, "the limit never bit: {err}");
    let all = throttled + w.fake.throttled("ListAccounts");
    assert!(
        err.contains(&format!(", {all} throttled, pacing at ")),
        "{err}"
    );
    // Each account answered exactly once; every refusal was asked again.
    let answered = w
        .fake
        .requests_for("ListAccountRoles")
        .iter()
        .filter(|r| r.status == Some(200))
        .count();
    assert_eq!(answered, 150);
    assert_eq!(w.fake.count("ListAccountRoles"), 150 + throttled);
    // The accounts were listed once (two pages), the second page after its
    // refusal (with Retry-After) too.
    let pages = w.fake.requests_for("ListAccounts");
    assert_eq!(pages.iter().filter(|r| r.status == Some(200)).count(), 2);
    assert_eq!(w.fake.throttled("ListAccounts"), pages.len() - 2);
    let names: BTreeSet<String> = w.botocore_profiles().keys().cloned().collect();
    assert!(generated_names(150, 2).is_subset(&names));
    let config = w.config();
    assert!(config.contains(
        "[profile account-0150.Role2]\r\nsso_session = corp\r\nsso_account_id = 100000000150\r\nsso_role_name = Role2\r\n"
    ));
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let w = World::signed_in(ORIGINAL);
    let out = w.populate(&["--dry-run", "--region", "eu-central-1"]);
    assert_ok(&out);
    let diff = stdout(&out);
    let path = w.config_path().display().to_string();
    assert!(
        diff.starts_with(&format!("--- {path}\n+++ {path}\n@@")),
        "{diff}"
    );
    assert!(diff.contains("+# BEGIN ssoenv populate: corp"), "{diff}");
    assert!(
        diff.contains("+[profile dev.AdministratorAccess]\r\n+sso_session = corp\r\n+sso_account_id = 111111111111\r\n+sso_role_name = AdministratorAccess\r\n+region = eu-central-1\r\n"),
        "{diff}"
    );
    assert!(stderr(&out).contains("6 profiles (6 added, 0 removed, 0 unchanged)"));
    assert!(stderr(&out).contains("dry run: nothing written"));
    assert_eq!(w.config(), ORIGINAL);
    assert!(!w.home.path().join(".aws/config.ssoenv-backup").exists());
}

#[test]
fn a_failing_portal_leaves_the_file_byte_identical() {
    let w = World::signed_in(ORIGINAL);
    w.fake.generate_accounts(20, 1);
    w.fake
        .set_fault(Fault::server_error_html("/assignment/roles").after(5));
    let out = w.populate(&[]);
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "sso portal at {}/assignment/roles answered HTTP 500",
            w.fake.url()
        )),
        "{err}"
    );
    assert!(
        !err.contains("<html") && !err.contains("Internal Server Error"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert_eq!(w.config(), ORIGINAL);
    assert!(!w.home.path().join(".aws/config.ssoenv-backup").exists());
}

#[test]
fn without_a_token_or_a_terminal_it_asks_to_sign_in() {
    let w = World::new(ORIGINAL);
    for extra in [&[][..], &["--no-login"][..]] {
        let out = w.populate(extra);
        assert_eq!(out.status.code(), Some(77), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("run: ssoenv login --sso-session corp"),
            "{}",
            stderr(&out)
        );
    }
    assert!(w.fake.requests().is_empty(), "no sign-in started");
    assert_eq!(w.config(), ORIGINAL);
}

#[test]
fn names_taken_elsewhere_are_skipped_with_a_warning_and_regions_follow_the_session() {
    let config = format!(
        "[profile dev.AdministratorAccess]\nregion = mine\n\n\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\nregion = ap-south-1\n"
    );
    let w = World::signed_in(&config);
    std::fs::write(
        w.home.path().join(".aws/credentials"),
        "[prod.ReadOnly]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n",
    )
    .unwrap();
    let out = w.populate(&[]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains("skipped profile dev.AdministratorAccess")
            && err.contains(&w.config_path().display().to_string()),
        "{err}"
    );
    assert!(
        err.contains("skipped profile prod.ReadOnly") && err.contains(".aws/credentials"),
        "{err}"
    );
    assert!(
        err.contains("4 profiles (4 added, 0 removed, 0 unchanged)"),
        "{err}"
    );
    let profiles = w.botocore_profiles();
    assert_eq!(profiles["dev.AdministratorAccess"]["region"], "mine");
    assert_eq!(profiles["dev.ReadOnly"]["region"], "ap-south-1");
    assert!(w.config().starts_with(&config));

    // A template with collisions: every colliding name gets its account id.
    w.fake.set_accounts(vec![
        Account::new("111111111111", "team", &["Admin"]),
        Account::new("222222222222", "team", &["Admin", "Dev"]),
    ]);
    let out = w.populate(&[
        "--template",
        "{sso_session}-{account_name}-{role_name}",
        "--prune",
    ]);
    assert_ok(&out);
    let names: BTreeSet<String> = w
        .botocore_profiles()
        .keys()
        .filter(|n| n.starts_with("corp-"))
        .cloned()
        .collect();
    let want: BTreeSet<String> = [
        "corp-team-Admin-111111111111",
        "corp-team-Admin-222222222222",
        "corp-team-Dev",
    ]
    .map(String::from)
    .into();
    assert_eq!(names, want);
    assert!(
        stderr(&out).contains("3 profiles (3 added, 4 removed, 0 unchanged)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn on_a_terminal_it_signs_in_inline_and_shows_progress() {
    let w = World::new(ORIGINAL);
    w.fake.generate_accounts(30, 2);
    w.fake.set_latency(Duration::from_millis(20));
    // `script` gives ssoenv a pseudo-terminal, as an interactive shell would.
    let out = w
        .cmd(
            "script",
            &[
                "-qec",
                "\"$SSOENV\" populate --sso-session corp",
                "/dev/null",
            ],
        )
        .env("SSOENV", ssoenv_bin())
        .env("TERM", "xterm")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Sign in to sso-session corp"), "{text}");
    assert!(text.contains("listing roles"), "no progress bar: {text}");
    assert!(
        text.contains("60 profiles (60 added, 0 removed, 0 unchanged)"),
        "{text}"
    );
    assert_eq!(w.fake.count("CreateToken"), 1);

    // --no-login on a terminal, with the token still good: no new sign-in.
    let out = w
        .cmd(
            "script",
            &[
                "-qec",
                "\"$SSOENV\" populate --sso-session corp --no-login",
                "/dev/null",
            ],
        )
        .env("SSOENV", ssoenv_bin())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("nothing changed"), "{}", stdout(&out));
    assert_eq!(w.fake.count("CreateToken"), 1);
}

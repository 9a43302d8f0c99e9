//! Many ssoenv processes at once share one fetch: 40 parallel `ssoenv export`
//! runs (the real binary, the fake AWS answering slowly so that they overlap)
//! with an empty role-credential cache make one GetRoleCredentials call; with a
//! token that needs refreshing, one refresh; with a role chained on an SSO
//! profile, one AssumeRole. Every run succeeds with the same keys, and the cache
//! files left behind are complete, private, and alone (no temp files).

mod common;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::{CORP_FILE, START_URL, World, stderr};
use fake_aws::BEARER_HEADER;
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

const PARALLEL: usize = 40;
/// Generous: the runs below take about a second; a deadlock takes forever.
const DEADLINE: Duration = Duration::from_secs(60);
const DEPLOY_ARN: &str = "arn:aws:iam::444444444444:role/Deploy";

fn world(extra: &str) -> World {
    World::with_config(&format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n\
         [profile deploy]\nrole_arn = {DEPLOY_ARN}\nsource_profile = dev\nregion = us-west-2\n\
         {extra}\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    ))
}

impl World {
    fn sso_cache(&self) -> PathBuf {
        self.path().join(".aws/sso/cache")
    }

    fn role_cache(&self) -> PathBuf {
        self.path().join(".aws/cli/cache")
    }

    /// Starts one `ssoenv export PROFILE` per name, all at once, and waits for all.
    fn export_in_parallel(&self, profiles: &[String]) -> Vec<Output> {
        let children: Vec<_> = profiles
            .iter()
            .map(|p| {
                self.ssoenv_command(&["export", p, "--format", "credential-process"])
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        finish(children)
    }
}

/// Waits for every child; a run still going after [`DEADLINE`] (a process
/// waiting on a lock nobody will release) is killed and fails the test.
fn finish(mut children: Vec<Child>) -> Vec<Output> {
    let started = Instant::now();
    while children.iter_mut().any(|c| c.try_wait().unwrap().is_none()) {
        if started.elapsed() > DEADLINE {
            for c in &mut children {
                let _ = c.kill();
                let _ = c.wait();
            }
            panic!("ssoenv still runs after {DEADLINE:?}: it waits on a lock");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}: {text:?}", path.display()))
}

/// Every run exited 0 with credential_process JSON; returns the access keys printed.
fn access_keys(outs: &[Output]) -> Vec<String> {
    outs.iter()
        .map(|o| {
            assert!(
                o.status.success(),
                "exit {:?}: {}",
                o.status.code(),
                stderr(o)
            );
            let v: Value = serde_json::from_slice(&o.stdout).unwrap();
            v["AccessKeyId"].as_str().unwrap().to_string()
        })
        .collect()
}

/// Every run exited 0 and printed the same access key; returns the keys.
fn the_same_key(outs: &[Output]) -> Vec<String> {
    let keys = access_keys(outs);
    assert!(
        keys.iter().all(|k| *k == keys[0]),
        "different keys: {keys:?}"
    );
    keys
}

/// The files in `dir`, checking that the folder is 0700, that every file is
/// 0600, and that no temp file (`.ssoenv-*.tmp`) was left behind. Lock files
/// (`*.lock`) are skipped; the rest are returned.
fn cache_files(dir: &Path) -> Vec<PathBuf> {
    assert_eq!(mode(dir), 0o700, "{}", dir.display());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.starts_with(".ssoenv-"), "temp file left: {name}");
        assert_eq!(mode(&path), 0o600, "{name}");
        if !name.ends_with(".lock") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The role-credential cache entry: the keys the AWS CLI reads, and issued by the fake.
fn check_role_entry(w: &World, path: &Path) -> String {
    let v = read_json(path);
    let c = &v["Credentials"];
    for key in [
        "AccessKeyId",
        "SecretAccessKey",
        "SessionToken",
        "Expiration",
    ] {
        assert!(
            c[key].as_str().is_some_and(|s| !s.is_empty()),
            "{}: no {key}",
            path.display()
        );
    }
    let id = c["AccessKeyId"].as_str().unwrap();
    assert!(
        w.fake
            .issued_credentials(id, c["SecretAccessKey"].as_str().unwrap()),
        "{}: keys the fake did not issue",
        path.display()
    );
    id.to_string()
}

#[test]
fn forty_exports_with_an_empty_cache_make_one_get_role_credentials_call() {
    let w = world("");
    w.seed_corp_token(3600, false);
    w.fake.set_latency(Duration::from_millis(200));

    let outs = w.export_in_parallel(&vec!["dev".to_string(); PARALLEL]);
    let keys = the_same_key(&outs);
    assert_eq!(w.fake.count("GetRoleCredentials"), 1);
    assert_eq!(w.fake.requests().len(), 1, "only the one call");

    let files = cache_files(&w.role_cache());
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(read_json(&files[0])["ProviderType"], "sso");
    assert_eq!(check_role_entry(&w, &files[0]), keys[0]);
}

#[test]
fn forty_exports_that_need_a_token_refresh_make_one_create_token_call() {
    // 40 profiles (one role in each of 40 accounts) of one sso-session, so that
    // each process fetches its own role and they all need the token at once.
    let names: Vec<String> = (1..=PARALLEL).map(|i| format!("p{i:02}")).collect();
    let profiles: String = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            format!(
                "[profile {n}]\nsso_session = corp\nsso_account_id = {:012}\nsso_role_name = Role1\n",
                100_000_000_001u64 + i as u64
            )
        })
        .collect();
    let w = world(&profiles);
    w.fake.generate_accounts(PARALLEL, 1);
    // Ten minutes left: inside the refresh window, so every process wants a refresh.
    let old = w.seed_corp_token(600, true);
    w.fake.set_latency(Duration::from_millis(200));

    let outs = w.export_in_parallel(&names);
    let keys = access_keys(&outs);
    assert_eq!(w.browser_opened(), 0);
    let creates = w.fake.requests_for("CreateToken");
    assert_eq!(creates.len(), 1, "one refresh for 40 processes");
    let grant: Value = serde_json::from_str(&creates[0].body).unwrap();
    assert_eq!(grant["grantType"], "refresh_token");
    assert_eq!(w.fake.count("Authorize"), 0);

    // The token file holds the refreshed token, and every process used it.
    let files = cache_files(&w.sso_cache());
    assert_eq!(files, vec![w.sso_cache().join(CORP_FILE)]);
    let token = read_json(&files[0]);
    let access = token["accessToken"].as_str().unwrap();
    assert_ne!(access, old.access_token);
    assert!(w.fake.token_is_valid(access));
    assert_eq!(token["clientId"], old.client_id.clone().unwrap().as_str());
    assert!(
        token["refreshToken"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    let gets = w.fake.requests_for("GetRoleCredentials");
    assert_eq!(gets.len(), PARALLEL);
    for g in &gets {
        let bearer = g
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(BEARER_HEADER))
            .map(|(_, v)| v.as_str());
        assert_eq!(bearer, Some(access), "a process used another token");
    }

    // One role cache entry per profile, each complete and distinct.
    let files = cache_files(&w.role_cache());
    assert_eq!(files.len(), PARALLEL);
    let mut cached: Vec<String> = files.iter().map(|f| check_role_entry(&w, f)).collect();
    let mut printed = keys.clone();
    cached.sort();
    printed.sort();
    assert_eq!(cached, printed);
}

#[test]
fn forty_exports_of_a_chained_role_make_one_assume_role_call() {
    let w = world("");
    w.seed_corp_token(3600, false);
    w.fake.set_latency(Duration::from_millis(200));

    let outs = w.export_in_parallel(&vec!["deploy".to_string(); PARALLEL]);
    let keys = the_same_key(&outs);
    assert_eq!(w.fake.count("GetRoleCredentials"), 1);
    assert_eq!(w.fake.count("AssumeRole"), 1);
    let assume = &w.fake.requests_for("AssumeRole")[0];
    assert_eq!(assume.status, Some(200));
    assert!(assume.body.contains("Deploy"), "{}", assume.body);

    // Two entries: the SSO role (the source) and the assumed role.
    let files = cache_files(&w.role_cache());
    assert_eq!(files.len(), 2, "{files:?}");
    let mut ids: Vec<String> = files.iter().map(|f| check_role_entry(&w, f)).collect();
    ids.retain(|id| *id == keys[0]);
    assert_eq!(ids.len(), 1, "the assumed role's keys are cached");
}

#[test]
fn a_chain_through_the_same_role_twice_does_not_wait_on_itself() {
    // `again` and its source `deploy` assume the same role, so they share one
    // cache file (the AWS CLI's key leaves the source out) and so one lock file.
    let w = world(&format!(
        "[profile again]\nrole_arn = {DEPLOY_ARN}\nsource_profile = deploy\n"
    ));
    w.seed_corp_token(3600, false);
    let keys = access_keys(&w.export_in_parallel(&["again".to_string()]));
    assert!(w.fake.count("AssumeRole") >= 1);
    let files = cache_files(&w.role_cache());
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files.iter().any(|f| check_role_entry(&w, f) == keys[0]),
        "the printed keys are the cached ones"
    );
}

/// A lock another process holds (here, this test) is waited for, but a run
/// that may not sign in waits at most SSOENV_READ_TIMEOUT, then says which
/// lock and exits 75, so a sign-in in one terminal never freezes another's
/// prompt. Released in time, the wait ends in success.
#[test]
fn a_held_lock_is_waited_for_within_the_time_limit() {
    let w = world("");
    w.seed_corp_token(3600, false);
    let entry = common::dev_role_cache_file(w.path());
    std::fs::create_dir_all(w.role_cache()).unwrap();
    let lock_path = PathBuf::from(format!("{}.lock", entry.display()));
    let held = std::fs::File::create(&lock_path).unwrap();
    held.lock().unwrap();

    let started = Instant::now();
    let out = w
        .ssoenv_command(&["export", "dev", "--no-login"])
        .env("SSOENV_READ_TIMEOUT", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(75), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("ssoenv: another ssoenv process has held ")
            && err.contains(&lock_path.display().to_string()),
        "{err}"
    );
    assert!(took < Duration::from_secs(10), "gave up after {took:?}");
    assert_eq!(w.fake.count("GetRoleCredentials"), 0);

    // Released while the next run waits: it goes on and succeeds.
    let child = w
        .ssoenv_command(&["export", "dev", "--no-login"])
        .env("SSOENV_READ_TIMEOUT", "10")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(held);
    let out = finish(vec![child]).remove(0);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(w.fake.count("GetRoleCredentials"), 1);
}

/// When the fetch fails at the endpoint, the processes that were waiting for
/// it end with the same failure at once instead of each trying in turn: six
/// parallel runs against a silent portal cost one time limit and one request,
/// not six of each.
#[test]
fn waiting_runs_share_an_endpoint_failure_instead_of_queueing() {
    let w = world("");
    w.seed_corp_token(3600, false);
    w.fake
        .set_fault(fake_aws::Fault::hang("/federation/credentials"));
    let started = Instant::now();
    let children: Vec<_> = (0..6)
        .map(|_| {
            w.ssoenv_command(&["export", "dev", "--no-login"])
                .env("SSOENV_READ_TIMEOUT", "2")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs = finish(children);
    let took = started.elapsed();
    assert_eq!(w.fake.count("GetRoleCredentials"), 1, "one request in all");
    let mut shared = 0;
    for out in &outs {
        assert_eq!(out.status.code(), Some(69), "{}", stderr(out));
        let err = stderr(out);
        assert!(err.contains("/federation/credentials"), "{err}");
        shared += usize::from(err.contains("another ssoenv process got this a moment ago"));
    }
    assert_eq!(shared, 5, "all but the one that asked");
    eprintln!("six runs against a silent portal ended after {took:?}");

    // A run that starts afterwards tries for itself.
    w.fake.clear_faults();
    let out = w.ssoenv(&["export", "dev", "--no-login"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

//! A process killed at any moment never leaves a corrupt or partial file where
//! a reader looks. `ssoenv export dev` (which refreshes the SSO token and
//! fetches the role, so it writes both caches) and `ssoenv populate` (which
//! rewrites ~/.aws/config) are started again and again and SIGKILLed after a
//! random delay spread over the whole life of the process. After each kill the
//! token and role caches are the old bytes or complete new JSON (0600), the
//! config and its backup are byte for byte the old or the new text, and the
//! next run works. Left-over temp and lock files are counted and printed.
//!
//! `SSOENV_CRASH_KILLS` sets the kills per loop (default 200);
//! `SSOENV_CRASH_SEED` replays a run (the seed is printed).

mod common;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::{START_URL, World, stderr};
use fake_aws::TokenRequest;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// sha1("corp"): the AWS CLI's token file name for `[sso-session corp]`.
const CORP_FILE: &str = "ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

/// The keys a token cache must hold after a refresh (the AWS CLI's, all of them).
const TOKEN_KEYS: [&str; 8] = [
    "startUrl",
    "region",
    "accessToken",
    "expiresAt",
    "clientId",
    "clientSecret",
    "registrationExpiresAt",
    "refreshToken",
];

/// An expired role credential in the AWS CLI's shape: what the cache held before.
const OLD_ROLE: &str = r#"{"ProviderType": "sso", "Credentials": {"AccessKeyId": "ASIAOLDOLDOLDOLDOLD1", "SecretAccessKey": "old-secret", "SessionToken": "old-session", "Expiration": "2020-01-01T00:00:00Z", "AccountId": "111111111111"}}"#;

/// Kills per loop.
fn kills() -> usize {
    std::env::var("SSOENV_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

/// A random source, seeded from `SSOENV_CRASH_SEED` or at random (printed).
fn rng(test: &str) -> (StdRng, u64) {
    let seed = std::env::var("SSOENV_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(rand::random);
    eprintln!("{test}: SSOENV_CRASH_SEED={seed}");
    (StdRng::seed_from_u64(seed), seed)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn write_private(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// Runs `cmd` to the end; returns how long it took.
fn lifetime(mut cmd: Command) -> Duration {
    let started = Instant::now();
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    let took = started.elapsed();
    assert!(out.status.success(), "{}", stderr(&out));
    took
}

/// How long the runs measured before the kills lived.
struct Lifetimes(Vec<Duration>);

impl Lifetimes {
    fn longest(&self) -> Duration {
        self.0.iter().copied().max().unwrap_or_default()
    }

    fn median(&self) -> Duration {
        let mut all = self.0.clone();
        all.sort();
        all[all.len() / 2]
    }

    /// When to kill run `i`: a third anywhere in a run's life, a third in its
    /// second half, where the writes are, and a third up to a millisecond
    /// (mostly microseconds) after a write starts (a run that ends first is
    /// counted as such).
    fn aim(&self, rng: &mut StdRng, i: usize) -> Aim {
        let longest = self.longest().as_secs_f64();
        let half = self.median().as_secs_f64() / 2.0;
        let mut secs = |from: f64, to: f64| Duration::from_secs_f64(rng.random_range(from..to));
        match i % 3 {
            0 => Aim::After(secs(0.0, longest)),
            1 => Aim::After(secs(half, longest)),
            // Mostly within microseconds, where a write is at its shortest steps.
            _ => Aim::AtWrite(Duration::from_secs_f64(
                0.001 * rng.random_range(0.0f64..1.0).powi(3),
            )),
        }
    }
}

/// When a kill lands.
#[derive(Debug, Clone, Copy)]
enum Aim {
    /// This long after the start.
    After(Duration),
    /// This long after a write starts: a temp file (or, for the config, the
    /// backup) appears in a watched folder.
    AtWrite(Duration),
}

/// What in `dirs` marks a write in progress: ssoenv's temp files and the backup.
fn write_marks(dirs: &[&Path]) -> BTreeSet<PathBuf> {
    dirs.iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (name.starts_with(".ssoenv-") && name.ends_with(".tmp"))
                || name.ends_with(".ssoenv-backup")
        })
        .collect()
}

/// Starts `cmd` and SIGKILLs it as `aim` says (`watch`: the folders it writes
/// in); whether the kill ended it (false: it had finished already, and then it
/// must have succeeded).
fn run_and_kill(mut cmd: Command, aim: Aim, watch: &[&Path]) -> bool {
    let before = write_marks(watch);
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    match aim {
        Aim::After(delay) => std::thread::sleep(delay),
        Aim::AtWrite(delay) => {
            let started = Instant::now();
            while child.try_wait().unwrap().is_none() {
                if write_marks(watch).difference(&before).next().is_some() {
                    std::thread::sleep(delay);
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "a run takes over 30 s"
                );
            }
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    match status.signal() {
        Some(9) => true,
        _ => {
            assert!(status.success(), "finished before the kill, but {status}");
            false
        }
    }
}

/// Files in `dir` named like ssoenv's temp files (`.ssoenv-*.tmp`), which may
/// have no permission bit beyond `max_mode`.
fn temp_files(dir: &Path, max_mode: u32) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let temps: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(".ssoenv-") && name.ends_with(".tmp")
        })
        .collect();
    for t in &temps {
        assert_eq!(mode(t) & !max_mode, 0, "{}: {:o}", t.display(), mode(t));
    }
    temps
}

/// Every `*.json` in `dir` (where the AWS CLI, the SDKs and ssoenv look) is
/// 0600 JSON with `keys` non-empty (at `Credentials` when `nested`).
fn check_readers_see_whole_files(dir: &Path, keys: &[&str], nested: bool, seed: u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.map(|e| e.unwrap().path()) {
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
            panic!(
                "seed {seed}: {} is not JSON ({e}): {} bytes",
                path.display(),
                text.len()
            )
        });
        let obj = if nested { &v["Credentials"] } else { &v };
        for key in keys {
            assert!(
                obj[key].as_str().is_some_and(|s| !s.is_empty()),
                "seed {seed}: {} has no {key}",
                path.display()
            );
        }
        assert_eq!(mode(&path), 0o600, "seed {seed}: {}", path.display());
    }
}

/// What the kills hit, for the printed summary.
#[derive(Default, Debug)]
struct Tally(BTreeMap<&'static str, usize>);

impl Tally {
    fn add(&mut self, what: &'static str) {
        *self.0.entry(what).or_default() += 1;
    }

    fn count(&self, what: &str) -> usize {
        self.0.get(what).copied().unwrap_or(0)
    }

    /// With enough kills, some landed before the first write and some after
    /// it, so the loop saw both sides of the writes (not only finished runs).
    fn check_both_sides(&self, before: &str, after: &[&str], seed: u64) {
        if kills() < 100 {
            return;
        }
        let after: usize = after.iter().map(|a| self.count(a)).sum();
        assert!(
            self.count(before) > 0 && after > 0,
            "seed {seed}: the kills missed the writes: {:?}",
            self.0
        );
    }
}

#[test]
fn killing_export_at_random_moments_never_leaves_a_partial_cache() {
    let w = World::with_config(&format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    ));
    // Small, so the writes are a fair share of the process's life.
    w.fake.set_latency(Duration::from_millis(2));
    let token_path = w.path().join(".aws/sso/cache").join(CORP_FILE);
    let role_dir = w.path().join(".aws/cli/cache");
    // A refreshable token with ten minutes left (so every run refreshes it) and
    // an expired role credential (so every run fetches the role): both caches
    // are rewritten by each run. Returns the token file's bytes.
    let seed_caches = |role_path: Option<&Path>| -> String {
        let issued = w.fake.issue_token(TokenRequest {
            session_name: Some("corp".into()),
            lifetime_secs: Some(600),
            refresh: true,
            ..TokenRequest::default()
        });
        let text = issued.cache_json(START_URL, "us-east-1");
        write_private(&token_path, &text);
        if let Some(p) = role_path {
            write_private(p, OLD_ROLE);
        }
        text
    };
    let export = || w.ssoenv_command(&["export", "dev"]);

    // How long a run lives, and which file the role goes to.
    seed_caches(None);
    let mut lives = Lifetimes(vec![lifetime(export())]);
    let role_path = std::fs::read_dir(&role_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("the role cache file");
    for _ in 0..4 {
        seed_caches(Some(&role_path));
        lives.0.push(lifetime(export()));
    }
    assert_eq!(w.fake.count("CreateToken"), 5, "every run refreshes");
    assert_eq!(w.fake.count("GetRoleCredentials"), 5, "every run fetches");

    let (mut rng, seed) = rng("export");
    let mut tally = Tally::default();
    let mut temps = 0;
    for i in 0..kills() {
        let old_token = seed_caches(Some(&role_path));
        let aim = lives.aim(&mut rng, i);
        let killed = run_and_kill(export(), aim, &[token_path.parent().unwrap(), &role_dir]);
        check_readers_see_whole_files(
            token_path.parent().unwrap(),
            &["accessToken", "expiresAt"],
            false,
            seed,
        );
        check_readers_see_whole_files(
            &role_dir,
            &[
                "AccessKeyId",
                "SecretAccessKey",
                "SessionToken",
                "Expiration",
            ],
            true,
            seed,
        );
        let token_now = std::fs::read_to_string(&token_path).unwrap();
        let token_written = token_now != old_token;
        if token_written {
            let t: Value = serde_json::from_str(&token_now).unwrap();
            for key in TOKEN_KEYS {
                assert!(t[key].is_string(), "seed {seed}: the token lost {key}");
            }
        }
        let role_written = std::fs::read_to_string(&role_path).unwrap() != OLD_ROLE;
        assert!(
            token_written || !role_written,
            "seed {seed}: the role was fetched without the refreshed token"
        );
        tally.add(match (killed, token_written, role_written) {
            (false, _, _) => "finished before the kill",
            (true, false, _) => "killed before any write",
            (true, true, false) => "killed after the token write, before the role write",
            (true, true, true) => "killed after both writes",
        });
        temps = temp_files(token_path.parent().unwrap(), 0o600).len()
            + temp_files(&role_dir, 0o600).len();
        // The next run works from whatever the kill left.
        let out = export().stdin(Stdio::null()).output().unwrap();
        assert!(out.status.success(), "seed {seed}: {}", stderr(&out));
    }
    tally.check_both_sides(
        "killed before any write",
        &[
            "killed after the token write, before the role write",
            "killed after both writes",
        ],
        seed,
    );
    let locks = [token_path.parent().unwrap(), role_dir.as_path()]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .to_string_lossy()
                .ends_with(".lock")
        })
        .count();
    eprintln!(
        "export: {} kills, a run lives {:?} (median; up to {:?}): {:?}; left behind: {temps} temp files, {locks} lock files",
        kills(),
        lives.median(),
        lives.longest(),
        tally.0
    );
}

/// The config `populate` starts from each time: LF, a comment, a hand-written profile.
const ORIGINAL: &str = "# my AWS config\n\
    [default]\n\
    region = us-east-1\n\
    \n\
    [profile hand-written]\n\
    region = eu-west-1\n\
    \n\
    [sso-session corp]\n\
    sso_start_url = https://d-abc123.awsapps.com/start\n\
    sso_region = us-east-1\n";

#[test]
fn killing_populate_at_random_moments_leaves_the_old_or_the_new_config() {
    let original = ORIGINAL;
    let w = World::with_config(original);
    let aws = w.path().join(".aws");
    let config = w.config_file();
    let backup = aws.join("config.ssoenv-backup");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let issued = w.fake.issue_token(TokenRequest {
        session_name: Some("corp".into()),
        lifetime_secs: Some(3600),
        ..TokenRequest::default()
    });
    write_private(
        &aws.join("sso/cache").join(CORP_FILE),
        &issued.cache_json(START_URL, "us-east-1"),
    );
    // 150 profiles: a file of some size, from few requests.
    w.fake.generate_accounts(50, 3);
    w.fake.set_latency(Duration::from_millis(1));
    let reset = || {
        std::fs::write(&config, original).unwrap();
        let _ = std::fs::remove_file(&backup);
    };
    let populate = || w.ssoenv_command(&["populate", "--sso-session", "corp"]);

    // The new text (the same on every run), and how long a run lives.
    let mut lives = Lifetimes(Vec::new());
    let mut new = None;
    for _ in 0..5 {
        reset();
        lives.0.push(lifetime(populate()));
        let text = std::fs::read_to_string(&config).unwrap();
        assert!(text.contains("[profile account-0050.Role3]"));
        assert_eq!(*new.get_or_insert_with(|| text.clone()), text);
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), original);
    }
    let new = new.unwrap();

    let (mut rng, seed) = rng("populate");
    let mut tally = Tally::default();
    let mut temps = 0;
    for i in 0..kills() {
        reset();
        let aim = lives.aim(&mut rng, i);
        let killed = run_and_kill(populate(), aim, &[&aws]);
        let now = std::fs::read_to_string(&config).unwrap();
        assert!(
            now == original || now == new,
            "seed {seed}: the config is neither the old nor the new text ({} bytes)",
            now.len()
        );
        assert_eq!(mode(&config), 0o644, "seed {seed}: the mode changed");
        let backed_up = match std::fs::read_to_string(&backup) {
            Ok(b) => {
                assert!(
                    b == original,
                    "seed {seed}: a partial backup ({} bytes)",
                    b.len()
                );
                assert_eq!(mode(&backup), 0o600);
                true
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => panic!("{e}"),
        };
        assert!(
            backed_up || now == original,
            "seed {seed}: the config was rewritten without a backup"
        );
        tally.add(match (killed, backed_up, now == new) {
            (false, _, _) => "finished before the kill",
            (true, false, _) => "killed before any write",
            (true, true, false) => "killed after the backup, before the config write",
            (true, true, true) => "killed after the config write",
        });
        // A copy of the config: no more readable than the config.
        temps = temp_files(&aws, 0o644).len();
        // The next run works from whatever the kill left.
        let out = populate().stdin(Stdio::null()).output().unwrap();
        assert!(out.status.success(), "seed {seed}: {}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&config).unwrap(), new);
    }

    tally.check_both_sides(
        "killed before any write",
        &[
            "killed after the backup, before the config write",
            "killed after the config write",
        ],
        seed,
    );

    // A later save removes temp files left by a killed one once they are old,
    // and leaves young ones (a save in progress) alone.
    std::fs::write(aws.join(".ssoenv-crashed.tmp"), "[partial").unwrap();
    std::fs::write(aws.join(".ssoenv-busy.tmp"), "[partial").unwrap();
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    for t in temp_files(&aws, 0o644) {
        if !t.ends_with(".ssoenv-busy.tmp") {
            let f = std::fs::File::options().write(true).open(&t).unwrap();
            f.set_modified(an_hour_ago).unwrap();
        }
    }
    reset();
    let out = populate().stdin(Stdio::null()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(temp_files(&aws, 0o644), vec![aws.join(".ssoenv-busy.tmp")]);

    let others: Vec<String> = std::fs::read_dir(&aws)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".ssoenv-"))
        .collect();
    eprintln!(
        "populate: {} kills, a run lives {:?} (median; up to {:?}): {:?}; left behind: {temps} temp files; also in ~/.aws: {others:?}",
        kills(),
        lives.median(),
        lives.longest(),
        tally.0
    );
}

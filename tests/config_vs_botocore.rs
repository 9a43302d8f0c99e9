//! Differential test of the config reader: for every case under tests/fixtures/configs/,
//! `ssoenv list --json` must see exactly the profiles real botocore sees (tests/py/botocore_view.py),
//! or reject the files botocore rejects and name the offending `path:line` on stderr.

#[path = "support/binary.rs"]
mod binary;
use binary::ssoenv_bin;

#[path = "support/python.rs"]
mod python;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use tempfile::TempDir;

/// Guards against a corpus that shrank or went all one way without anyone noticing.
const MIN_CASES: usize = 25;
const MIN_REJECTED: usize = 5;
const MIN_ACCEPTED: usize = 20;

/// The case the default-location test reads from `$HOME/.aws/` (it has both files).
const DEFAULT_LOCATION_CASE: &str = "35-both-files-merge";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One fixture directory: `config` and/or `credentials`, and an optional one-line README.
struct Case {
    name: String,
    dir: PathBuf,
    about: String,
}

fn corpus() -> Vec<Case> {
    let root = manifest_dir().join("tests/fixtures/configs");
    let entries = fs::read_dir(&root).unwrap_or_else(|e| panic!("reading {}: {e}", root.display()));
    let mut cases: Vec<Case> = entries
        .map(|entry| entry.expect("reading the corpus directory").path())
        .filter(|dir| dir.is_dir())
        .map(|dir| Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            about: fs::read_to_string(dir.join("README"))
                .map(|text| text.trim().to_owned())
                .unwrap_or_default(),
            dir,
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// A throwaway HOME holding one case's files under `.aws/`, so paths are stable and short.
struct Sandbox {
    home: TempDir,
    config: PathBuf,
    credentials: PathBuf,
    /// Point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at the files (else rely on HOME).
    explicit_paths: bool,
}

impl Sandbox {
    fn new(case: &Case, explicit_paths: bool) -> Sandbox {
        let home = tempfile::tempdir().expect("creating a temp HOME");
        let aws = home.path().join(".aws");
        fs::create_dir(&aws).expect("creating $HOME/.aws");
        for file in ["config", "credentials"] {
            let source = case.dir.join(file);
            if source.is_file() {
                fs::copy(&source, aws.join(file))
                    .unwrap_or_else(|e| panic!("copying {}: {e}", source.display()));
            }
        }
        Sandbox {
            config: aws.join("config"),
            credentials: aws.join("credentials"),
            home,
            explicit_paths,
        }
    }

    /// A command with a clean environment: HOME, PATH, LANG and the two file variables only.
    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .current_dir(self.home.path())
            .env("HOME", self.home.path())
            .env("LANG", "C.UTF-8");
        cmd.env("PATH", python::path_if_present());
        if self.explicit_paths {
            cmd.env("AWS_CONFIG_FILE", &self.config)
                .env("AWS_SHARED_CREDENTIALS_FILE", &self.credentials);
        }
        cmd
    }

    /// The path ssoenv must name for a file botocore rejects ("config" or "credentials").
    fn path_of(&self, file: &str) -> Option<String> {
        match file {
            "config" => Some(self.config.display().to_string()),
            "credentials" => Some(self.credentials.display().to_string()),
            _ => None,
        }
    }
}

/// What botocore makes of one case.
enum Botocore {
    Accepts(BTreeMap<String, Value>),
    Rejects {
        kind: String,
        file: String,
        path: String,
        line: Option<u64>,
        message: String,
    },
}

/// Runs the oracle; `Err` means the harness itself is broken (e.g. no botocore), not a mismatch.
fn botocore_view(sandbox: &Sandbox) -> Result<Botocore, String> {
    let script = manifest_dir().join("tests/py/botocore_view.py");
    let output = sandbox
        .command(&python::python3_str())
        .arg(&script)
        .output()
        .map_err(|e| format!("cannot run python3 {}: {e}", script.display()))?;
    if !output.status.success() {
        return Err(format!(
            "python3 {} failed ({}); botocore must be installed in .venv \
             (python3 -m pip install botocore)\nstderr:\n{}",
            script.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let view: Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "botocore_view.py printed invalid JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })?;
    if let Some(Value::Object(profiles)) = view.get("profiles") {
        return Ok(Botocore::Accepts(profiles.clone().into_iter().collect()));
    }
    let error = view
        .get("error")
        .ok_or_else(|| format!("botocore_view.py printed neither profiles nor error: {view}"))?;
    let text = |key: &str| {
        error
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let verdict = Botocore::Rejects {
        kind: text("type"),
        file: text("file"),
        path: text("path"),
        line: error.get("line").and_then(Value::as_u64),
        message: text("message"),
    };
    if let Botocore::Rejects { file, .. } = &verdict
        && sandbox.path_of(file).is_none()
    {
        return Err(format!(
            "botocore_view.py could not tell which file botocore rejected: {error}"
        ));
    }
    Ok(verdict)
}

fn ssoenv_list(sandbox: &Sandbox) -> Output {
    sandbox
        .command(ssoenv_bin())
        .args(["list", "--json"])
        .output()
        .expect("running ssoenv list --json")
}

/// JSON-quotes a string so control characters and spaces are visible in the report.
fn q(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serialises")
}

fn show(value: &Value) -> String {
    serde_json::to_string(value).expect("a value always serialises")
}

fn excerpt(bytes: &[u8]) -> String {
    const LIMIT: usize = 600;
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_end();
    if text.chars().count() > LIMIT {
        let cut: String = text.chars().take(LIMIT).collect();
        format!("{cut}…")
    } else {
        text.to_owned()
    }
}

/// A settings value is a string, or an object of strings (one level of nesting).
fn is_setting_value(value: &Value) -> bool {
    match value {
        Value::String(_) => true,
        Value::Object(nested) => nested.values().all(Value::is_string),
        _ => false,
    }
}

/// Checks the shape of `ssoenv list --json` and returns name → settings.
fn ssoenv_profiles(stdout: &[u8], problems: &mut Vec<String>) -> Option<BTreeMap<String, Value>> {
    let parsed: Value = match serde_json::from_slice(stdout) {
        Ok(value) => value,
        Err(e) => {
            problems.push(format!(
                "ssoenv stdout is not JSON ({e}): {}",
                excerpt(stdout)
            ));
            return None;
        }
    };
    let Value::Array(items) = parsed else {
        problems.push(format!(
            "ssoenv stdout is not a JSON array: {}",
            excerpt(stdout)
        ));
        return None;
    };
    let mut profiles = BTreeMap::new();
    for item in items {
        let name = item.get("name").and_then(Value::as_str);
        let kind_ok = item.get("kind").is_some_and(Value::is_string);
        let settings = item.get("settings").and_then(Value::as_object);
        let (Some(name), true, Some(settings)) = (name, kind_ok, settings) else {
            problems.push(format!(
                "ssoenv entry lacks a string \"name\", a string \"kind\" or an object \"settings\": {}",
                show(&item)
            ));
            continue;
        };
        for (key, value) in settings {
            if !is_setting_value(value) {
                problems.push(format!(
                    "profile {}: setting {} is neither a string nor an object of strings: {}",
                    q(name),
                    q(key),
                    show(value)
                ));
            }
        }
        let settings = Value::Object(settings.clone());
        if profiles.insert(name.to_owned(), settings).is_some() {
            problems.push(format!("ssoenv lists profile {} twice", q(name)));
        }
    }
    Some(profiles)
}

fn diff_profiles(
    botocore: &BTreeMap<String, Value>,
    ssoenv: &BTreeMap<String, Value>,
    problems: &mut Vec<String>,
) {
    let names: BTreeSet<&String> = botocore.keys().chain(ssoenv.keys()).collect();
    for name in names {
        match (botocore.get(name), ssoenv.get(name)) {
            (Some(want), None) => problems.push(format!(
                "profile {}: botocore has it with {}, ssoenv does not list it",
                q(name),
                show(want)
            )),
            (None, Some(got)) => problems.push(format!(
                "profile {}: botocore does not have it, ssoenv lists it with {}",
                q(name),
                show(got)
            )),
            (Some(want), Some(got)) => diff_settings(name, want, got, problems),
            (None, None) => unreachable!("the name came from one of the maps"),
        }
    }
}

fn diff_settings(name: &str, want: &Value, got: &Value, problems: &mut Vec<String>) {
    let empty = serde_json::Map::new();
    let want = want.as_object().unwrap_or(&empty);
    let got = got.as_object().unwrap_or(&empty);
    let keys: BTreeSet<&String> = want.keys().chain(got.keys()).collect();
    for key in keys {
        let detail = match (want.get(key), got.get(key)) {
            (Some(w), Some(g)) if w == g => continue,
            (Some(w), Some(g)) => format!("botocore {}, ssoenv {}", show(w), show(g)),
            (Some(w), None) => format!("botocore {}, ssoenv has no such key", show(w)),
            (None, Some(g)) => format!("botocore has no such key, ssoenv {}", show(g)),
            (None, None) => unreachable!("the key came from one of the maps"),
        };
        problems.push(format!("profile {} key {}: {detail}", q(name), q(key)));
    }
}

/// True when `stderr` holds `path:line` with no further digit after it (`:1` is not `:12`).
fn names_location(stderr: &str, path: &str, line: Option<u64>) -> bool {
    let Some(line) = line else {
        return stderr.contains(path);
    };
    let needle = format!("{path}:{line}");
    stderr
        .match_indices(&needle)
        .any(|(at, _)| !stderr[at + needle.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// The outcome of one case: whether botocore accepted it, and every disagreement found.
struct Checked {
    accepted: bool,
    profiles: usize,
    problems: Vec<String>,
}

fn check_case(case: &Case, explicit_paths: bool) -> Result<Checked, String> {
    let sandbox = Sandbox::new(case, explicit_paths);
    let verdict = botocore_view(&sandbox)?;
    let output = ssoenv_list(&sandbox);
    let stdout = &output.stdout;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut problems = Vec::new();
    let checked = match verdict {
        Botocore::Accepts(want) => {
            if output.status.success() {
                if let Some(got) = ssoenv_profiles(stdout, &mut problems) {
                    diff_profiles(&want, &got, &mut problems);
                }
            } else {
                problems.push(format!(
                    "botocore accepts the files ({} profiles), ssoenv failed ({}): {}",
                    want.len(),
                    output.status,
                    excerpt(stderr.as_bytes())
                ));
            }
            Checked {
                accepted: true,
                profiles: want.len(),
                problems,
            }
        }
        Botocore::Rejects {
            kind,
            file,
            path,
            line,
            message,
        } => {
            let path = if explicit_paths {
                sandbox.path_of(&file).expect("checked in botocore_view")
            } else {
                path
            };
            let location = match line {
                Some(n) => format!("{path}:{n}"),
                None => path.clone(),
            };
            let why =
                format!("botocore rejects the {file} file with {kind} at {location} ({message})");
            match output.status.code() {
                Some(0) => problems.push(format!(
                    "{why}; ssoenv exited 0 and printed: {}",
                    excerpt(stdout)
                )),
                Some(101) => problems.push(format!(
                    "{why}; ssoenv panicked: {}",
                    excerpt(stderr.as_bytes())
                )),
                None => problems.push(format!("{why}; ssoenv was killed ({})", output.status)),
                Some(_) => {}
            }
            if !stdout.is_empty() {
                problems.push(format!(
                    "{why}; ssoenv printed on stdout: {}",
                    excerpt(stdout)
                ));
            }
            if !output.status.success() && !names_location(&stderr, &path, line) {
                problems.push(format!(
                    "{why}; ssoenv's stderr does not name {location}: {}",
                    excerpt(stderr.as_bytes())
                ));
            }
            Checked {
                accepted: false,
                profiles: 0,
                problems,
            }
        }
    };
    Ok(checked)
}

/// Runs every case on a few threads (each case starts a python3 and an ssoenv).
fn check_all(cases: &[Case]) -> Vec<Result<Checked, String>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Checked, String>>>> =
        Mutex::new((0..cases.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    let result = check_case(case, true);
                    results.lock().unwrap()[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|result| result.expect("every case was checked"))
        .collect()
}

fn report(cases: &[&Case], results: &[&Checked], total: usize) -> String {
    let mut text = format!(
        "{} of {total} config cases disagree with botocore \
         (ssoenv list --json vs botocore.session.Session().full_config['profiles']):\n",
        cases.len()
    );
    for (case, checked) in cases.iter().zip(results) {
        text.push_str(&format!("\n--- {}", case.name));
        if !case.about.is_empty() {
            text.push_str(&format!("  ({})", case.about));
        }
        text.push('\n');
        for problem in &checked.problems {
            text.push_str(&format!("    {problem}\n"));
        }
    }
    text
}

#[test]
fn every_config_case_matches_botocore() {
    let cases = corpus();
    assert!(
        cases.len() >= MIN_CASES,
        "the corpus has {} cases, expected at least {MIN_CASES}",
        cases.len()
    );
    let results = check_all(&cases);

    let broken: Vec<String> = cases
        .iter()
        .zip(&results)
        .filter_map(|(case, result)| result.as_ref().err().map(|e| format!("{}: {e}", case.name)))
        .collect();
    if let Some(first) = broken.first() {
        panic!(
            "the botocore oracle failed on {} of {} cases; the first:\n{first}",
            broken.len(),
            cases.len()
        );
    }
    let results: Vec<&Checked> = results.iter().map(|r| r.as_ref().unwrap()).collect();

    let accepted = results.iter().filter(|c| c.accepted).count();
    let rejected = results.len() - accepted;
    assert!(
        rejected >= MIN_REJECTED,
        "botocore rejects only {rejected} cases, the corpus must hold at least {MIN_REJECTED}"
    );
    assert!(
        accepted >= MIN_ACCEPTED,
        "botocore accepts only {accepted} cases, the corpus must hold at least {MIN_ACCEPTED}"
    );

    let (bad_cases, bad_results): (Vec<&Case>, Vec<&Checked>) = cases
        .iter()
        .zip(results.iter().copied())
        .filter(|(_, checked)| !checked.problems.is_empty())
        .unzip();
    assert!(
        bad_cases.is_empty(),
        "{}",
        report(&bad_cases, &bad_results, cases.len())
    );
}

#[test]
fn default_file_locations_match_botocore() {
    let cases = corpus();
    let case = cases
        .iter()
        .find(|case| case.name == DEFAULT_LOCATION_CASE)
        .unwrap_or_else(|| panic!("the corpus lost {DEFAULT_LOCATION_CASE}"));
    let checked = check_case(case, false).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        checked.accepted && checked.profiles > 0,
        "{DEFAULT_LOCATION_CASE} must be a case botocore accepts with profiles"
    );
    assert!(
        checked.problems.is_empty(),
        "{}",
        report(&[case], &[&checked], 1)
    );
}

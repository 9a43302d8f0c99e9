//! Hostile config values, end to end: profile names, sso-session names,
//! regions (with a newline from a continuation line), static keys in
//! ~/.aws/credentials and `credential_process` output (with `\n` in its JSON)
//! full of `'`, `"`, `$(touch CANARY)`, backticks, `;`, `|`, `&`, `\`, `%`,
//! `!` and non-ASCII. The real binary exports each profile in every format,
//! and each output goes to its real reader: dash, bash, zsh and fish evaluate
//! `ssoenv export` and `ssoenv use --shell`, python-dotenv reads dotenv,
//! Python reads JSON, botocore runs the `credential_process` output, and
//! PowerShell output is read by its quoting rules (pwsh is not installed).
//! Nothing may run (no CANARY file appears), and every variable holds exactly
//! the value botocore reads from the same files.

mod common;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

#[path = "support/powershell.rs"]
mod powershell;

use common::python;
use powershell::parse_powershell;
use serde_json::Value;
use ssoenv::shell::Op;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{START_URL, World};

/// A value no shell may act on: every character that means something to
/// one of them, a trailing `\` (which fish's quoting must escape) and a
/// typographic quote (which ends a PowerShell string).
const NASTY: &str = "'\"$(touch CANARY)\"`touch CANARY`;|&\\%!é日本🦀\u{2019}$HOME\\";

/// The profile with static keys in ~/.aws/credentials.
const STATIC: &str = "it's \"$(touch CANARY)\" `touch CANARY`;|&\\%!é日本🦀";
/// The `credential_process` profile.
const PROCESS: &str = "proc;$(touch CANARY)|&`touch CANARY`'\u{2019}%!";
/// The SSO profile and its sso-session.
const SSO: &str = "sso $(touch CANARY) 'q' \"dq\" \\ %s !!";
const SESSION: &str = "corp'$(touch CANARY)\"";

const STATIC_ID: &str = "AKIA'$(touch CANARY)`x`";
/// Ends in `\`: the last character fish's quoting has to get right.
const STATIC_SECRET: &str = "s\"e;c|r&e\\%!`touch CANARY`$(touch CANARY)'\\";
/// A region over two lines (a continuation line), as botocore reads it.
const REGION: &str = "eu-west-1'$(touch CANARY)\";|&\nsecond `line` \\ % ! é";

/// The names every reader is asked about.
const NAMES: [&str; 9] = [
    "SSOENV_PROFILE",
    "AWS_SSO_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "SSOENV_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
];

/// `s` as one word of Python's `shlex.split` (posix), which botocore uses for
/// `[profile NAME]` headers and ssoenv for `credential_process`.
fn shlex_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}

/// A config line's value continued on an indented line, for a value with
/// one newline.
fn ini_value(v: &str) -> String {
    v.replace('\n', "\n  ")
}

struct Setup {
    w: World,
    /// Where the shells run: `touch CANARY` would land here.
    cwd: PathBuf,
}

fn setup() -> Setup {
    let w = World::with_config("");
    let home = w.path();
    let helper = home.join("helper.py");
    std::fs::write(
        &helper,
        "import json, sys\n\
         print(json.dumps({\"Version\": 1, \"AccessKeyId\": \"ASIA\\u2019`touch CANARY`\",\n\
         \"SecretAccessKey\": \"line one\\nline two '$(touch CANARY)'\\\\\",\n\
         \"SessionToken\": \"|\".join(sys.argv[1:]) + \"\\nend\",\n\
         \"Expiration\": \"2099-01-02T03:04:05Z\"}))\n",
    )
    .unwrap();
    let config = format!(
        "[profile {static_name}]\nregion = {region}\n\
         [profile {process_name}]\nregion = {region}\n\
         credential_process = python3 {helper} {arg1} {arg2}\n\
         [profile {sso_name}]\nsso_session = {SESSION}\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\nregion = {region}\n\
         [sso-session {session_header}]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n",
        static_name = shlex_quote(STATIC),
        process_name = shlex_quote(PROCESS),
        sso_name = shlex_quote(SSO),
        session_header = shlex_quote(SESSION),
        region = ini_value(REGION),
        helper = shlex_quote(&helper.display().to_string()),
        arg1 = shlex_quote("$(touch CANARY)"),
        arg2 = shlex_quote(NASTY),
    );
    std::fs::write(w.config_file(), config).unwrap();
    std::fs::write(
        home.join(".aws/credentials"),
        format!(
            "[{STATIC}]\naws_access_key_id = {STATIC_ID}\naws_secret_access_key = {STATIC_SECRET}\n\
             aws_session_token = {}\n",
            ini_value(&format!("{NASTY}\nsecond line"))
        ),
    )
    .unwrap();
    let cwd = home.join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    Setup { w, cwd }
}

fn run_ok(mut cmd: Command, what: &str) -> Output {
    let out = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| {
        panic!("{what}: cannot run ({e}); install it (.ci/run does)");
    });
    assert!(
        out.status.success(),
        "{what}: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs Python code with `input` on stdin; its stdout parsed as JSON.
fn python_json(w: &World, code: &str, input: &[u8], what: &str) -> Value {
    let mut child = w
        .command(python::python3(), &["-c", code])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run python3");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What botocore reads from the files: `profiles` and `sso_sessions`.
fn botocore_config(w: &World) -> Value {
    python_json(
        w,
        "import json, botocore.session\n\
         c = botocore.session.Session().full_config\n\
         print(json.dumps({'profiles': c['profiles'], 'sso_sessions': c['sso_sessions']}))",
        b"",
        "botocore",
    )
}

/// The variables after an export of `profile` with credentials `keys`
/// (access key, secret key, session token), by name; `None` for unset.
fn expected(profile: &str, keys: [&str; 3]) -> BTreeMap<String, Option<String>> {
    let mut want = BTreeMap::new();
    let mut put = |k: &str, v: Option<&str>| {
        want.insert(k.to_string(), v.map(str::to_string));
    };
    put("SSOENV_PROFILE", Some(profile));
    put("AWS_SSO_PROFILE", Some(profile));
    put("AWS_REGION", Some(REGION));
    put("AWS_DEFAULT_REGION", Some(REGION));
    put("SSOENV_REGION", Some(REGION));
    put("AWS_ACCESS_KEY_ID", Some(keys[0]));
    put("AWS_SECRET_ACCESS_KEY", Some(keys[1]));
    put("AWS_SESSION_TOKEN", Some(keys[2]));
    put("AWS_PROFILE", None);
    want
}

/// Parses `S<value>\0` / `U\0` fields, one per name of [`NAMES`].
fn parse_fields(stdout: &[u8], what: &str) -> BTreeMap<String, Option<String>> {
    let text = String::from_utf8(stdout.to_vec()).unwrap();
    let fields: Vec<&str> = text.split('\0').collect();
    assert_eq!(fields.len(), NAMES.len() + 1, "{what}: {text:?}");
    NAMES
        .iter()
        .zip(fields)
        .map(|(name, f)| {
            let v = match f.split_at_checked(1) {
                Some(("S", v)) => Some(v.to_string()),
                Some(("U", "")) => None,
                _ => panic!("{what}: garbled field for {name}: {f:?}"),
            };
            (name.to_string(), v)
        })
        .collect()
}

#[derive(Clone, Copy)]
enum Dialect {
    Posix,
    Fish,
}

/// Code that prints each of [`NAMES`] as `S<value>` or `U`, NUL-terminated.
fn printer(dialect: Dialect) -> String {
    NAMES
        .iter()
        .map(|n| match dialect {
            Dialect::Posix => format!(
                "if [ -n \"${{{n}+x}}\" ]; then printf 'S%s\\0' \"${n}\"; else printf 'U\\0'; fi\n"
            ),
            Dialect::Fish => {
                format!("if set -q {n}; printf 'S%s\\0' \"${n}\"; else; printf 'U\\0'; end\n")
            }
        })
        .collect()
}

/// The shells, each evaluating the output of `ssoenv ARGS` for profile `$P`
/// the way a user would.
fn shells(format_args: &str) -> Vec<(&'static str, Vec<&'static str>, Dialect, String)> {
    let posix = |fmt: &str| format!("eval \"$(\"$SSOENV\" {format_args} {fmt})\"\n");
    let mut out = vec![
        ("sh", vec!["-eu", "-c"], Dialect::Posix, posix("sh")),
        (
            "bash",
            vec!["--norc", "--noprofile", "-eu", "-o", "pipefail", "-c"],
            Dialect::Posix,
            posix("bash"),
        ),
        (
            "zsh",
            vec!["-f", "-e", "-u", "-c"],
            Dialect::Posix,
            posix("zsh"),
        ),
        (
            "fish",
            vec!["--no-config", "-c"],
            Dialect::Fish,
            format!("$SSOENV {format_args} fish | source\n"),
        ),
    ];
    for (_, _, dialect, script) in &mut out {
        script.push_str(&printer(*dialect));
    }
    out
}

/// Checks one profile in every format and through `use --shell`.
fn check_profile(s: &Setup, profile: &str, want: &BTreeMap<String, Option<String>>) {
    let w = &s.w;
    let canary_free = |what: &str| {
        let left: Vec<_> = std::fs::read_dir(&s.cwd)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            left.is_empty(),
            "{what}: something ran and created {left:?}"
        );
    };

    // The shells: `eval "$(ssoenv export "$P" --format X)"` and
    // `eval "$(ssoenv use "$P" --shell X)"` (what the hook runs).
    for args in ["export \"$P\" --format", "use \"$P\" --shell"] {
        for (shell, flags, dialect, script) in shells(args) {
            let script = match dialect {
                Dialect::Fish => script.replace("\"$P\"", "$P"),
                Dialect::Posix => script,
            };
            if args.starts_with("use") && shell == "sh" {
                continue; // the hook is for bash, zsh and fish
            }
            let what = format!("{shell}: {args} for {profile:?}");
            let mut flags = flags.clone();
            flags.push(&script);
            let mut cmd = w.command(shell, &flags);
            cmd.current_dir(&s.cwd)
                .env("P", profile)
                .env("AWS_PROFILE", "other")
                .env("LC_ALL", "C.UTF-8");
            let out = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| {
                panic!("{what}: cannot run {shell} ({e}); install it (.ci/run does)")
            });
            // First: did anything run?
            canary_free(&what);
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{what}: {}\nstderr: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(&parse_fields(&out.stdout, &what), want, "{what}");
        }
    }

    let export = |format: &str| {
        let mut cmd = w.ssoenv_command(&["export", profile, "--format", format]);
        cmd.current_dir(&s.cwd);
        run_ok(cmd, &format!("export {profile:?} --format {format}")).stdout
    };
    let set_only = |want: &BTreeMap<String, Option<String>>| -> BTreeMap<String, String> {
        want.iter()
            .filter_map(|(k, v)| Some((k.clone(), v.clone()?)))
            .collect()
    };

    // dotenv through python-dotenv, with and without its interpolation. It
    // keeps the backslash of `\$` and `` \` `` (src/shell/dotenv.rs says so).
    let view = python_json(
        w,
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/dotenv_view.py"),
        )
        .unwrap(),
        &export("dotenv"),
        "python-dotenv (.venv/bin/pip install -r tests/py/requirements.txt)",
    );
    let dotenv_want: BTreeMap<String, String> = set_only(want)
        .into_iter()
        .map(|(k, v)| (k, v.replace('$', "\\$").replace('`', "\\`")))
        .collect();
    for reading in ["raw", "interpolated"] {
        let mut got: BTreeMap<String, String> =
            serde_json::from_value(view[reading].clone()).unwrap();
        got.retain(|k, _| NAMES.contains(&k.as_str()));
        assert_eq!(
            got, dotenv_want,
            "python-dotenv ({reading}) for {profile:?}"
        );
    }

    // JSON through Python.
    let got = python_json(
        w,
        "import json, sys; print(json.dumps(json.load(sys.stdin)))",
        &export("json"),
        "python json",
    );
    let mut got: BTreeMap<String, String> = serde_json::from_value(got).unwrap();
    got.retain(|k, _| NAMES.contains(&k.as_str()));
    let mut json_want = set_only(want);
    json_want.remove("AWS_PROFILE");
    assert_eq!(got, json_want, "json for {profile:?}");

    // credential_process output run by botocore: a profile whose
    // credential_process prints exactly what ssoenv printed.
    let output = s.w.path().join("credential-process.json");
    std::fs::write(&output, export("credential-process")).unwrap();
    let reader_config = s.w.path().join("reader-config");
    std::fs::write(
        &reader_config,
        format!(
            "[profile reader]\ncredential_process = cat {}\n",
            shlex_quote(&output.display().to_string())
        ),
    )
    .unwrap();
    let mut cmd = w.command(
        python::python3(),
        &[
            "-c",
            "import json, botocore.session\n\
             c = botocore.session.Session(profile='reader').get_credentials().get_frozen_credentials()\n\
             print(json.dumps([c.access_key, c.secret_key, c.token]))",
        ],
    );
    cmd.env("AWS_CONFIG_FILE", &reader_config)
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    let out = run_ok(cmd, "botocore credential_process");
    let got: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    let keys = [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ];
    let keys: Vec<String> = keys.iter().map(|k| want[*k].clone().unwrap()).collect();
    assert_eq!(
        got, keys,
        "botocore reading credential-process for {profile:?}"
    );

    // PowerShell, by its quoting rules.
    let script = String::from_utf8(export("powershell")).unwrap();
    let ops = parse_powershell(&script).unwrap_or_else(|e| panic!("{e}\n{script}"));
    let mut env: BTreeMap<String, Option<String>> =
        NAMES.iter().map(|n| (n.to_string(), None)).collect();
    env.insert("AWS_PROFILE".into(), Some("other".into()));
    for op in ops {
        match op {
            Op::Set(k, v) => env.insert(k, Some(v)),
            Op::Unset(k) => env.insert(k, None),
        };
    }
    env.retain(|k, _| NAMES.contains(&k.as_str()));
    assert_eq!(&env, want, "powershell for {profile:?}");
    canary_free("the readers");
}

#[test]
fn hostile_values_are_read_back_exactly_and_never_run() {
    let s = setup();
    let w = &s.w;

    // The fixture means what it says: botocore reads these exact values.
    let config = botocore_config(w);
    let profiles = &config["profiles"];
    let names: Vec<&str> = profiles
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    for name in [STATIC, PROCESS, SSO] {
        assert_eq!(profiles[name]["region"], REGION, "{name}");
    }
    assert_eq!(profiles[STATIC]["aws_access_key_id"], STATIC_ID);
    assert_eq!(profiles[STATIC]["aws_secret_access_key"], STATIC_SECRET);
    let token = format!("{NASTY}\nsecond line");
    assert_eq!(profiles[STATIC]["aws_session_token"], token.as_str());
    assert_eq!(profiles[SSO]["sso_session"], SESSION);
    assert_eq!(config["sso_sessions"][SESSION]["sso_region"], "us-east-1");

    // ssoenv lists the same names.
    let out = run_ok(w.ssoenv_command(&["list", "--names"]), "list --names");
    let mut listed: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    listed.sort();
    let mut want_names = vec![STATIC.to_string(), PROCESS.to_string(), SSO.to_string()];
    want_names.sort();
    assert_eq!(listed, want_names);

    // Static keys from ~/.aws/credentials.
    check_profile(
        &s,
        STATIC,
        &expected(STATIC, [STATIC_ID, STATIC_SECRET, &token]),
    );

    // credential_process: its arguments reach the helper literally, and the
    // `\n` in its JSON becomes a newline.
    let session = format!("$(touch CANARY)|{NASTY}\nend");
    check_profile(
        &s,
        PROCESS,
        &expected(
            PROCESS,
            [
                "ASIA\u{2019}`touch CANARY`",
                "line one\nline two '$(touch CANARY)'\\",
                &session,
            ],
        ),
    );

    // SSO, after a sign-in to the hostile sso-session.
    let mut login = w.ssoenv_command(&["login", SSO]);
    login.current_dir(&s.cwd);
    run_ok(login, "login");
    let mut export = w.ssoenv_command(&["export", SSO, "--format", "json"]);
    export.current_dir(&s.cwd);
    let issued: Value = serde_json::from_slice(&run_ok(export, "export").stdout).unwrap();
    let key = |k: &str| issued[k].as_str().unwrap().to_string();
    let (id, secret, token) = (
        key("AWS_ACCESS_KEY_ID"),
        key("AWS_SECRET_ACCESS_KEY"),
        key("AWS_SESSION_TOKEN"),
    );
    assert!(w.fake.issued_credentials(&id, &secret));
    check_profile(&s, SSO, &expected(SSO, [&id, &secret, &token]));
    assert_eq!(
        w.fake.count("GetRoleCredentials"),
        1,
        "the rest came from the cache"
    );

    // The profile from AWS_PROFILE instead of the command line.
    let script = format!(
        "eval \"$(\"$SSOENV\" export)\"\n{}",
        printer(Dialect::Posix)
    );
    let mut cmd = w.command("bash", &["--norc", "--noprofile", "-eu", "-c", &script]);
    cmd.current_dir(&s.cwd).env("AWS_PROFILE", STATIC);
    let out = run_ok(cmd, "AWS_PROFILE");
    let want = expected(
        STATIC,
        [STATIC_ID, STATIC_SECRET, &format!("{NASTY}\nsecond line")],
    );
    assert_eq!(parse_fields(&out.stdout, "AWS_PROFILE"), want);

    // No CANARY anywhere in the home folder.
    let mut stack = vec![w.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            assert_ne!(e.file_name(), "CANARY", "in {}", dir.display());
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            }
        }
    }
}

//! Exports rendered by `ssoenv::shell` run through the real shells with hostile
//! values: quotes, `$(touch PWNED)`, backticks, `\` at the end, newlines, CR,
//! non-ASCII. Every value must come back byte for byte, both as the shell sees
//! it and as a child process sees it (`env -0`), removed variables must be
//! gone, and nothing may run (no `PWNED`, nothing in the working directory, no
//! stderr).
//!
//! sh is dash; bash, zsh and fish run without their rc files, under a UTF-8
//! and under the C locale. PowerShell is not packaged for Debian: its output
//! is read by a parser that follows PowerShell's single-quoted string rules.
//! dotenv output is read by python-dotenv and by POSIX shells sourcing it.
//! shellcheck lints sample exports.

#[path = "support/powershell.rs"]
mod powershell;
#[path = "support/python.rs"]
mod python;

use powershell::parse_powershell;
use ssoenv::shell::{Format, Op, render};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// What values are built from. No NUL: no environment variable can hold one
/// (`render` drops it; the unit tests cover that).
const PIECES: &[&str] = &[
    "'",
    "\"",
    "\\",
    "$(touch PWNED)",
    "`touch PWNED`",
    "$HOME",
    "${HOME}",
    "$",
    "!",
    "!!",
    "%",
    "%s",
    ";",
    "|",
    "&",
    "\n",
    "\r",
    "\r\n",
    "\t",
    " ",
    "  ",
    "",
    "é",
    "日本",
    "🦀",
    "👩‍👩‍👧",
    "\\'",
    "'\\''",
    "#",
    "{}",
    "{a,b}",
    "*",
    "?",
    "~",
    "[a]",
    "=",
    "-n",
    "\\n",
    "\\0",
    "\\\\",
    "; touch PWNED #",
    "'; touch PWNED; '",
    "\"; touch PWNED; \"",
    "(touch PWNED)",
    ">PWNED",
    "$'\\x41'",
    "\u{2018}",
    "\u{2019}",
    "\u{201A}",
    "\u{201B}",
    "\u{85}",
    "\u{2028}",
    "\x1b[31m",
    "\x7f",
    "\u{feff}",
    "x",
    "AKIA0123456789ABCDEF",
    "a/b+c=",
];

/// A deterministic generator (splitmix64), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Every piece alone and with a `\` after it, every ordered pair of pieces,
/// and 1,500 random concatenations of 1 to 8 pieces (about 4,900 values).
fn values() -> Vec<String> {
    let mut out = Vec::new();
    for a in PIECES {
        out.push(a.to_string());
        out.push(format!("{a}\\"));
        for b in PIECES {
            out.push(format!("{a}{b}"));
        }
    }
    let mut rng = Rng(0x5_50E4);
    for _ in 0..1500 {
        let n = 1 + rng.below(8);
        out.push((0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect());
    }
    out
}

/// Values per shell invocation.
const BATCH: usize = 400;

/// Variables present in the environment the shell starts with.
const PRESET: &[(&str, &str)] = &[
    ("SSOENV_GONE_FIRST", "set before"),
    ("SSOENV_GONE_MIDDLE", "set before"),
    ("SSOENV_KEEP", "untouched"),
];

/// One batch: each value set under its own name, around them unsets of
/// preset variables, a set then unset, an unset of a variable never set, and
/// stale sets that a later set must replace.
fn batch_ops(values: &[String], with_unsets: bool) -> Vec<Op> {
    let set = |k: &str, v: &str| Op::Set(k.to_string(), v.to_string());
    let unset = |k: &str| Op::Unset(k.to_string());
    let mut ops = Vec::new();
    if with_unsets {
        ops.push(unset("SSOENV_GONE_FIRST"));
        ops.push(set("SSOENV_SET_THEN_UNSET", "x"));
    }
    for (i, v) in values.iter().enumerate() {
        let name = format!("SSOENV_T_{i}");
        if i % 7 == 0 {
            ops.push(set(&name, "stale"));
        }
        ops.push(set(&name, v));
        if with_unsets && i == values.len() / 2 {
            ops.push(unset("SSOENV_GONE_MIDDLE"));
        }
    }
    if with_unsets {
        ops.push(unset("SSOENV_SET_THEN_UNSET"));
        ops.push(unset("SSOENV_NEVER_SET"));
    }
    ops
}

/// The variables after `ops`, by name: `None` for unset. Covers every name
/// in `PRESET` and `ops`.
fn model(ops: &[Op]) -> BTreeMap<String, Option<String>> {
    let mut vars: BTreeMap<String, Option<String>> = PRESET
        .iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect();
    for op in ops {
        match op {
            Op::Set(k, v) => vars.insert(k.clone(), Some(v.clone())),
            Op::Unset(k) => vars.insert(k.clone(), None),
        };
    }
    vars
}

#[derive(Clone, Copy, PartialEq)]
enum Dialect {
    Posix,
    Fish,
}

struct Shell {
    program: &'static str,
    args: &'static [&'static str],
    dialect: Dialect,
}

const DASH: Shell = Shell {
    program: "sh",
    args: &["-eu"],
    dialect: Dialect::Posix,
};
const BASH: Shell = Shell {
    program: "bash",
    args: &["--norc", "--noprofile", "-eu", "-o", "pipefail"],
    dialect: Dialect::Posix,
};
const ZSH: Shell = Shell {
    program: "zsh",
    args: &["-f", "-e", "-u"],
    dialect: Dialect::Posix,
};
const FISH: Shell = Shell {
    program: "fish",
    args: &["--no-config"],
    dialect: Dialect::Fish,
};

const LOCALES: &[&str] = &["C.UTF-8", "C"];

/// Code that prints, for each name, `S<value>` or `U` (unset) and a NUL, then
/// the exported environment as a child sees it (`env -0`).
fn printer(dialect: Dialect, names: &[&String]) -> String {
    let mut out = String::from("\n");
    for name in names {
        out.push_str(&match dialect {
            Dialect::Posix => format!(
                "if [ -n \"${{{name}+x}}\" ]; then printf 'S%s\\0' \"${name}\"; else printf 'U\\0'; fi\n"
            ),
            Dialect::Fish => format!(
                "if set -q {name}; printf 'S%s\\0' \"${name}\"; else; printf 'U\\0'; end\n"
            ),
        });
    }
    out.push_str("env -0\n");
    out
}

/// Runs `script` in `shell` in an empty working directory with only `PRESET`
/// (plus PATH, HOME, locale) in its environment, and checks that the shell
/// and its children see exactly `want`, with nothing run.
fn run_and_check(
    shell: &Shell,
    locale: &str,
    script: &str,
    want: &BTreeMap<String, Option<String>>,
    context: &str,
) {
    let work = tempfile::tempdir().unwrap();
    let cwd = work.path().join("cwd");
    let home = work.path().join("home");
    std::fs::create_dir(&cwd).unwrap();
    std::fs::create_dir(&home).unwrap();
    let names: Vec<&String> = want.keys().collect();
    let full = format!("{script}{}", printer(shell.dialect, &names));
    let path = work.path().join("script");
    std::fs::write(&path, &full).unwrap();

    let output = Command::new(shell.program)
        .args(shell.args)
        .arg(&path)
        .current_dir(&cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("LC_ALL", locale)
        .envs(PRESET.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}); install it (.ci/run does)",
                shell.program
            )
        });
    let what = format!("{context} under {} (LC_ALL={locale})", shell.program);
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "{what}: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let left: Vec<_> = std::fs::read_dir(&cwd)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "{what}: the script created {left:?}");

    let stdout = String::from_utf8(output.stdout)
        .unwrap_or_else(|e| panic!("{what}: output is not UTF-8: {e}"));
    let mut fields = stdout.split('\0');
    let mut bad = Vec::new();
    for name in &names {
        let field = fields
            .next()
            .unwrap_or_else(|| panic!("{what}: output ends before {name}"));
        let seen = match field.split_at_checked(1) {
            Some(("S", v)) => Some(v),
            Some(("U", "")) => None,
            _ => panic!("{what}: garbled field for {name}: {field:?}"),
        };
        if seen != want[*name].as_deref() {
            bad.push(format!(
                "{name}: shell sees {seen:?}, want {:?}",
                want[*name]
            ));
        }
    }
    let env: BTreeMap<&str, &str> = fields
        .filter(|f| !f.is_empty())
        .filter_map(|f| f.split_once('='))
        .filter(|(k, _)| k.starts_with("SSOENV_"))
        .collect();
    for (name, value) in want {
        if env.get(name.as_str()).copied() != value.as_deref() {
            bad.push(format!(
                "{name}: child sees {:?}, want {value:?}",
                env.get(name.as_str())
            ));
        }
    }
    for name in env.keys() {
        if !want.contains_key(*name) {
            bad.push(format!(
                "{name}: unexpected variable in the child's environment"
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "{what}: {} mismatches, first ones:\n{}",
        bad.len(),
        bad[..bad.len().min(10)].join("\n")
    );
}

/// All values through `shell` with `format`, in batches run in parallel.
fn roundtrip(format: Format, shell: &Shell) {
    let values = values();
    std::thread::scope(|scope| {
        for (n, chunk) in values.chunks(BATCH).enumerate() {
            for locale in LOCALES {
                scope.spawn(move || {
                    let ops = batch_ops(chunk, true);
                    let want = model(&ops);
                    run_and_check(
                        shell,
                        locale,
                        &render(format, &ops),
                        &want,
                        &format!("{format:?} batch {n}"),
                    );
                });
            }
        }
    });
}

#[test]
fn generated_values_cover_the_pieces() {
    let values = values();
    assert!(values.len() >= 1000, "{}", values.len());
    for must in [
        "\\",
        "'",
        "\"",
        "$(touch PWNED)",
        "`touch PWNED`",
        "\n",
        "\r",
        "\t",
        "",
        "日本",
        "🦀",
    ] {
        assert!(values.iter().any(|v| v == must), "{must:?} alone");
        assert!(
            values
                .iter()
                .any(|v| v.contains(must) && v.ends_with('\\') && v.len() > must.len() + 1)
        );
    }
    assert!(values.iter().all(|v| !v.contains('\0')));
}

#[test]
fn sh_format_under_dash() {
    roundtrip(Format::Sh, &DASH);
}

#[test]
fn sh_format_under_bash() {
    roundtrip(Format::Sh, &BASH);
}

#[test]
fn sh_format_under_zsh() {
    roundtrip(Format::Sh, &ZSH);
}

#[test]
fn bash_format_under_bash() {
    roundtrip(Format::Bash, &BASH);
}

#[test]
fn zsh_format_under_zsh() {
    roundtrip(Format::Zsh, &ZSH);
}

#[test]
fn fish_format_under_fish() {
    roundtrip(Format::Fish, &FISH);
}

/// A POSIX shell sourcing the dotenv file with `set -a` reads every value
/// that has no newline or CR (the shell keeps `\n` and `\r` as written), and
/// runs nothing.
#[test]
fn dotenv_sourced_by_posix_shells() {
    let values: Vec<String> = values()
        .into_iter()
        .filter(|v| !v.contains(['\n', '\r']))
        .collect();
    assert!(values.len() >= 1000);
    std::thread::scope(|scope| {
        for shell in [&DASH, &BASH] {
            for (n, chunk) in values.chunks(BATCH).enumerate() {
                scope.spawn(move || {
                    let ops = batch_ops(chunk, false);
                    let want = model(&ops);
                    let script = format!("set -a\n{}set +a\n", render(Format::Dotenv, &ops));
                    run_and_check(
                        shell,
                        "C.UTF-8",
                        &script,
                        &want,
                        &format!("dotenv batch {n}"),
                    );
                });
            }
        }
    });
}

/// Runs tests/py/dotenv_view.py on `text`: python-dotenv's reading with
/// interpolation off and on.
fn python_dotenv(
    text: &str,
) -> (
    BTreeMap<String, Option<String>>,
    BTreeMap<String, Option<String>>,
) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/py/dotenv_view.py");
    let mut child = Command::new(python::python3())
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run the .venv python3");
    let mut stdin = child.stdin.take().unwrap();
    let text = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let output: Output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "{} failed ({}); python-dotenv must be installed in .venv \
         (.venv/bin/pip install -r tests/py/requirements.txt)\nstderr:\n{}",
        script.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    #[derive(serde::Deserialize)]
    struct View {
        version: String,
        raw: BTreeMap<String, Option<String>>,
        interpolated: BTreeMap<String, Option<String>>,
    }
    let view: View = serde_json::from_slice(&output.stdout).unwrap();
    let version: Vec<u32> = view
        .version
        .split('.')
        .map_while(|p| p.parse().ok())
        .collect();
    assert!(
        version >= vec![1, 2, 4],
        "python-dotenv {} misreads a value ending in `\\`; the tests need 1.2.4 or later \
         (.venv/bin/pip install -r tests/py/requirements.txt)",
        view.version
    );
    (view.raw, view.interpolated)
}

/// What python-dotenv reads for `value`: it keeps the backslash of `\$` and
/// `` \` `` (see src/shell/dotenv.rs).
fn python_dotenv_reading(value: &str) -> String {
    value.replace('$', "\\$").replace('`', "\\`")
}

#[test]
fn dotenv_read_by_python_dotenv() {
    let values = values();
    let ops = batch_ops(&values, true);
    let text = render(Format::Dotenv, &ops);
    let (raw, interpolated) = python_dotenv(&text);
    let want: BTreeMap<String, Option<String>> = model(&ops)
        .into_iter()
        .filter(|(k, _)| ops.iter().any(|op| matches!(op, Op::Set(n, _) if n == k)))
        .filter_map(|(k, v)| Some((k, Some(python_dotenv_reading(&v?)))))
        .collect();
    let mut bad = Vec::new();
    for (name, value) in &want {
        if raw.get(name) != Some(value) {
            bad.push(format!("{name}: raw {:?}, want {value:?}", raw.get(name)));
        }
        let original = ops.iter().rev().find_map(|op| match op {
            Op::Set(n, v) if n == name => Some(v),
            _ => None,
        });
        // Documented exception: the default interpolation expands `${NAME}`.
        if !original.unwrap().contains("${") && interpolated.get(name) != Some(value) {
            bad.push(format!(
                "{name}: interpolated {:?}, want {value:?}",
                interpolated.get(name)
            ));
        }
    }
    assert_eq!(
        raw.len(),
        want.len(),
        "unsets are left out, nothing else appears"
    );
    assert!(
        bad.is_empty(),
        "{} mismatches, first ones:\n{}",
        bad.len(),
        bad[..bad.len().min(10)].join("\n")
    );
}

#[test]
fn powershell_read_by_its_quoting_rules() {
    let values = values();
    let ops = batch_ops(&values, true);
    let script = render(Format::Powershell, &ops);
    let parsed = parse_powershell(&script).unwrap();
    assert_eq!(parsed.len(), ops.len());
    for (got, want) in parsed.iter().zip(&ops) {
        assert_eq!(got, want);
    }
}

#[test]
fn powershell_snapshots() {
    let ops = [
        Op::Set("AWS_ACCESS_KEY_ID".into(), "ASIAEXAMPLE".into()),
        Op::Set("Q".into(), "it's ‘quoted’ ‚low‛".into()),
        Op::Set(
            "CODE".into(),
            "$(Remove-Item -Recurse ~) `n \"$env:HOME\" @x".into(),
        ),
        Op::Set("LINES".into(), "a\r\nb\\".into()),
        Op::Set("EMPTY".into(), String::new()),
        Op::Unset("AWS_PROFILE".into()),
    ];
    assert_eq!(
        render(Format::Powershell, &ops),
        "$env:AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE'\n\
         $env:Q = 'it''s ‘‘quoted’’ ‚‚low‛‛'\n\
         $env:CODE = '$(Remove-Item -Recurse ~) `n \"$env:HOME\" @x'\n\
         $env:LINES = 'a\r\nb\\'\n\
         $env:EMPTY = ''\n\
         Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n"
    );
    assert_eq!(
        parse_powershell(&render(Format::Powershell, &ops)).unwrap(),
        ops
    );
}

#[test]
fn json_read_back() {
    let values = values();
    let ops = batch_ops(&values, true);
    let got: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&render(Format::Json, &ops)).unwrap();
    let want: BTreeMap<String, String> = model(&ops)
        .into_iter()
        .filter(|(k, _)| !PRESET.iter().any(|(p, _)| p == k))
        .filter_map(|(k, v)| Some((k, v?)))
        .collect();
    let got: BTreeMap<String, String> = got
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap().to_string()))
        .collect();
    assert_eq!(got, want);
}

/// An export as `ssoenv export` writes it, with the nastier value classes.
fn sample(nasty: bool) -> Vec<Op> {
    let mut ops = vec![
        Op::Set("AWS_ACCESS_KEY_ID".into(), "ASIAIOSFODNN7EXAMPLE".into()),
        Op::Set(
            "AWS_SECRET_ACCESS_KEY".into(),
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+=".into(),
        ),
        Op::Set(
            "AWS_SESSION_TOKEN".into(),
            "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJGMEQCIFAKE+token==".into(),
        ),
        Op::Set(
            "AWS_CREDENTIAL_EXPIRATION".into(),
            "2026-01-02T03:04:05Z".into(),
        ),
        Op::Unset("AWS_PROFILE".into()),
        Op::Unset("AWS_DEFAULT_PROFILE".into()),
        Op::Unset("AWS_SECURITY_TOKEN".into()),
        Op::Set("SSOENV_PROFILE".into(), "dev-admin@acme".into()),
        Op::Set("AWS_REGION".into(), "eu-west-1".into()),
        Op::Set("AWS_DEFAULT_REGION".into(), "eu-west-1".into()),
    ];
    if nasty {
        for (i, v) in PIECES.iter().enumerate() {
            ops.push(Op::Set(format!("NASTY_{i}"), format!("{v}{v}\\")));
        }
    }
    ops
}

fn shellcheck(script: &str, args: &[&str]) -> Output {
    let mut child = Command::new("shellcheck")
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run shellcheck; install it (.ci/run does)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn shellcheck_finds_nothing_in_an_export() {
    for (format, dialect) in [(Format::Sh, "sh"), (Format::Bash, "bash")] {
        let out = shellcheck(&render(format, &sample(false)), &["-s", dialect]);
        assert!(
            out.status.success() && out.stdout.is_empty(),
            "{dialect}:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// With hostile values shellcheck only asks whether `$x` in single quotes
/// should expand (SC2016), whether `\'` was meant as an escape (SC1003) and
/// whether a typographic quote was meant as a quote (SC1112): all three
/// describe exactly the literal values intended here.
#[test]
fn shellcheck_finds_only_literal_quoting_hints_in_hostile_values() {
    let out = shellcheck(
        &render(Format::Sh, &sample(true)),
        &["-s", "sh", "-e", "SC2016,SC1003,SC1112"],
    );
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

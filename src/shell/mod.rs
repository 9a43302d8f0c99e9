//! The only code that knows shell syntax. An export is an ordered list of
//! [`Op`]s; [`render`] turns it into code for one shell (or a dotenv file or
//! JSON), with one quoting function per format, so no caller ever builds a
//! shell string by hand.
//!
//! `tests/shell_roundtrip.rs` runs every format through its real reader (sh,
//! bash, zsh, fish, python-dotenv; PowerShell through a parser of its quoting
//! rules) with hostile values: quotes, `$(…)`, backticks, `\` at the end,
//! newlines, non-ASCII.

mod dotenv;
mod fish;
mod posix;
mod powershell;

use std::borrow::Cow;

/// One change to the environment; an ordered list of these is an export.
/// Later operations win: `Set(A, 1)` then `Unset(A)` leaves `A` unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// Set and export `NAME` to the value.
    Set(String, String),
    /// Remove `NAME` from the environment.
    Unset(String),
}

/// The output formats of `ssoenv export --format`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Format {
    /// POSIX sh: `export NAME='value'` (also right for bash, zsh, dash, ksh).
    Sh,
    /// bash (the same code as `sh`).
    Bash,
    /// zsh (the same code as `sh`).
    Zsh,
    /// fish: `set -gx NAME 'value'`.
    Fish,
    /// PowerShell: `$env:NAME = 'value'`.
    #[value(alias = "pwsh")]
    Powershell,
    /// A dotenv file: `NAME="value"` (variables to remove are left out).
    Dotenv,
    /// A JSON object of the variables that are set.
    Json,
    /// The AWS `credential_process` JSON.
    // Not rendered here: it describes credentials, not environment operations,
    // so `cmd::export` builds it and `render` returns an empty string for it.
    CredentialProcess,
}

/// `value` as one word that `format`'s shell reads literally (for the shells;
/// dotenv and JSON get the POSIX form, which they never need).
/// `word` as it can be pasted into a POSIX shell, fish or zsh as one
/// argument: bare when it holds only characters no shell treats specially,
/// else single-quoted (so `$(…)`, `;` or a space in a profile name never
/// runs or splits when a hint is pasted).
pub fn hint_word(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "/._-+,:@%=".contains(c);
    if !word.is_empty() && word.chars().all(plain) && !word.starts_with('-') {
        word.to_string()
    } else {
        quote(Format::Sh, word)
    }
}

pub fn quote(format: Format, value: &str) -> String {
    match format {
        Format::Fish => fish::quote(value),
        Format::Powershell => powershell::quote(value),
        _ => posix::quote(value),
    }
}

/// Renders `ops` as text for `format`: for the shells one statement per
/// operation, in order, each ending in a newline.
///
/// - Names that are not valid identifiers ([`is_valid_name`]) are never
///   rendered: callers must validate earlier (a debug build panics), and a
///   release build skips the operation rather than emit raw text.
/// - NUL characters are dropped from values: no environment variable can hold
///   one, and a C string would end there anyway.
/// - `Dotenv` and `Json` cannot say "unset", so they hold the variables that
///   are set once all operations are applied: a `Set` followed later by an
///   `Unset` or another `Set` of the same name is left out. Dotenv is one line
///   per variable; JSON a pretty-printed object, both in the order of those
///   last `Set`s.
/// - `CredentialProcess` renders as an empty string (see [`Format`]).
pub fn render(format: Format, ops: &[Op]) -> String {
    let ops = ops.iter().filter_map(checked);
    match format {
        Format::Sh | Format::Bash | Format::Zsh => lines(ops, posix::set, posix::unset),
        Format::Fish => lines(ops, fish::set, fish::unset),
        Format::Powershell => lines(ops, powershell::set, powershell::unset),
        Format::Dotenv => {
            let mut out = String::new();
            for (name, value) in final_sets(ops) {
                dotenv::set(&mut out, name, &value);
            }
            out
        }
        Format::Json => json(final_sets(ops)),
        Format::CredentialProcess => String::new(),
    }
}

/// Whether `name` is a portable shell identifier: `[A-Za-z_][A-Za-z0-9_]*`.
/// Only such names are ever rendered.
pub fn is_valid_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// An operation ready to render: a valid name and, for a set, a value
/// without NUL.
enum Checked<'a> {
    Set(&'a str, Cow<'a, str>),
    Unset(&'a str),
}

fn checked(op: &Op) -> Option<Checked<'_>> {
    let name = match op {
        Op::Set(name, _) | Op::Unset(name) => name,
    };
    debug_assert!(
        is_valid_name(name),
        "invalid variable name reached shell::render: {name:?}"
    );
    if !is_valid_name(name) {
        return None;
    }
    Some(match op {
        Op::Set(_, value) if value.contains('\0') => {
            Checked::Set(name, value.replace('\0', "").into())
        }
        Op::Set(_, value) => Checked::Set(name, value.into()),
        Op::Unset(_) => Checked::Unset(name),
    })
}

/// Line-based formats: one call of `set` or `unset` per operation, each
/// appending one statement (possibly spanning lines) ending in `\n`.
fn lines<'a>(
    ops: impl Iterator<Item = Checked<'a>>,
    set: fn(&mut String, &str, &str),
    unset: fn(&mut String, &str),
) -> String {
    let mut out = String::new();
    for op in ops {
        match op {
            Checked::Set(name, value) => set(&mut out, name, &value),
            Checked::Unset(name) => unset(&mut out, name),
        }
    }
    out
}

/// The `Set`s that no later operation on the same name overrides, in order.
fn final_sets<'a>(ops: impl Iterator<Item = Checked<'a>>) -> Vec<(&'a str, Cow<'a, str>)> {
    let ops: Vec<Checked<'a>> = ops.collect();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for op in ops.into_iter().rev() {
        match op {
            Checked::Set(name, value) if seen.insert(name) => out.push((name, value)),
            Checked::Set(..) => {}
            Checked::Unset(name) => {
                seen.insert(name);
            }
        }
    }
    out.reverse();
    out
}

fn json(vars: Vec<(&str, Cow<'_, str>)>) -> String {
    let vars: serde_json::Map<String, serde_json::Value> = vars
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.into_owned().into()))
        .collect();
    let mut out = serde_json::to_string_pretty(&vars).expect("a map of strings serializes");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(k: &str, v: &str) -> Op {
        Op::Set(k.into(), v.into())
    }

    fn unset(k: &str) -> Op {
        Op::Unset(k.into())
    }

    #[test]
    fn valid_names() {
        for ok in ["A", "_", "_1", "AWS_ACCESS_KEY_ID", "a1_b2", "Z9"] {
            assert!(is_valid_name(ok), "{ok}");
        }
        for bad in [
            "", "1A", "A-B", "A B", "A=B", "A.B", "é", "Aé", "A\0", "$A", "A;B", "A'", "-", "A\n",
        ] {
            assert!(!is_valid_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn shells_render_in_order_one_statement_per_op() {
        let ops = [set("A", "1"), unset("B"), set("C", "it's")];
        assert_eq!(
            render(Format::Sh, &ops),
            "export A='1'\nunset B\nexport C='it'\\''s'\n"
        );
        assert_eq!(render(Format::Bash, &ops), render(Format::Sh, &ops));
        assert_eq!(render(Format::Zsh, &ops), render(Format::Sh, &ops));
        assert_eq!(
            render(Format::Fish, &ops),
            "set -gx A '1'\nset -e B; or true\nset -gx C 'it\\'s'\n"
        );
        assert_eq!(
            render(Format::Powershell, &ops),
            "$env:A = '1'\nRemove-Item Env:B -ErrorAction SilentlyContinue\n$env:C = 'it''s'\n"
        );
        assert_eq!(render(Format::Dotenv, &ops), "A=\"1\"\nC=\"it's\"\n");
    }

    #[test]
    fn dotenv_and_json_hold_the_resulting_variables() {
        let ops = [
            set("B", "1"),
            set("A", "\"q\"\n"),
            unset("X"),
            set("C", "gone"),
            unset("C"),
            set("B", "2"),
        ];
        assert_eq!(
            render(Format::Json, &ops),
            "{\n  \"A\": \"\\\"q\\\"\\n\",\n  \"B\": \"2\"\n}\n"
        );
        assert_eq!(
            render(Format::Dotenv, &ops),
            "A=\"\\\"q\\\"\\n\"\nB=\"2\"\n"
        );
        assert_eq!(render(Format::Json, &[]), "{}\n");
    }

    #[test]
    fn credential_process_is_rendered_elsewhere() {
        assert_eq!(render(Format::CredentialProcess, &[set("A", "1")]), "");
    }

    #[test]
    fn nothing_to_do_renders_nothing() {
        for format in [
            Format::Sh,
            Format::Bash,
            Format::Zsh,
            Format::Fish,
            Format::Powershell,
            Format::Dotenv,
        ] {
            assert_eq!(render(format, &[]), "", "{format:?}");
        }
    }

    #[test]
    fn nul_is_dropped_from_values() {
        let ops = [set("A", "a\0b\0")];
        assert_eq!(render(Format::Sh, &ops), "export A='ab'\n");
        assert_eq!(render(Format::Fish, &ops), "set -gx A 'ab'\n");
        assert_eq!(render(Format::Powershell, &ops), "$env:A = 'ab'\n");
        assert_eq!(render(Format::Dotenv, &ops), "A=\"ab\"\n");
        assert_eq!(render(Format::Json, &ops), "{\n  \"A\": \"ab\"\n}\n");
    }

    /// A debug build stops at the bug; a release build leaves the operation out.
    #[test]
    #[cfg_attr(debug_assertions, should_panic(expected = "invalid variable name"))]
    fn invalid_names_are_never_rendered() {
        let ops = [
            set("A", "1"),
            set("X;touch PWNED;Y", "v"),
            unset("$(touch PWNED)"),
            set("", "v"),
        ];
        for format in [
            Format::Sh,
            Format::Fish,
            Format::Powershell,
            Format::Dotenv,
            Format::Json,
        ] {
            let out = render(format, &ops);
            assert!(!out.contains("PWNED") && !out.contains("\"v\""), "{out}");
            assert!(out.contains('A'), "{out}");
        }
    }

    #[test]
    fn format_names_on_the_command_line() {
        use clap::ValueEnum;
        let names: Vec<String> = Format::value_variants()
            .iter()
            .map(|f| f.to_possible_value().unwrap().get_name().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "sh",
                "bash",
                "zsh",
                "fish",
                "powershell",
                "dotenv",
                "json",
                "credential-process"
            ]
        );
        assert_eq!(Format::from_str("pwsh", false), Ok(Format::Powershell));
    }
}

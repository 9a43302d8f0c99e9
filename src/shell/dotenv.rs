//! dotenv files (`--format dotenv > .env`): `NAME="value"`, one line each.
//!
//! Inside the double quotes `\`, `"`, `$` and the backtick are escaped with a
//! backslash and newline and carriage return are written `\n` and `\r`, so a
//! value is always one line and nothing in it is expanded or run, even by the
//! dotenv readers that interpolate (`$VAR`, `${VAR}`, Ruby's `$(cmd)`) or by a
//! POSIX shell that sources the file with `set -a; . ./.env`.
//!
//! Variables to remove are left out (and so is an earlier set of them): dotenv
//! has no way to say "unset", and `NAME=` would set an empty value, which is
//! not the same (an empty `AWS_PROFILE` is still a profile name to an SDK).
//! `shell::render` passes only the variables that end up set.
//!
//! dotenv is not one format; readers differ on the rarer escapes. The values
//! AWS hands out (letters, digits, `/+=:.-`) read back exactly everywhere.
//! Beyond those, as tested in `tests/shell_roundtrip.rs`:
//! - python-dotenv 1.2.4 reads back every value, except that it keeps the
//!   backslash of `\$` and `` \` `` (it knows no such escapes) and by default
//!   expands `${NAME}` with no way to escape it. Before 1.2.4 it also misread
//!   a value ending in `\` (taking the escaped `\` and the closing `"` for an
//!   escaped quote).
//! - `set -a; . ./.env` in a POSIX shell reads back every value without a
//!   newline or carriage return (the shell keeps `\n` and `\r` as written).
//! - Node's `dotenv` turns `\n` and `\r` into line breaks but keeps the other
//!   backslashes.

use std::fmt::Write;

pub(super) fn set(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "{name}={}", quote(value));
}

/// `value` as one double-quoted dotenv value on a single line.
pub(super) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' | '"' | '$' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        for (value, quoted) in [
            ("", r#""""#),
            ("plain", r#""plain""#),
            ("it's", r#""it's""#),
            (r#"a"b"#, r#""a\"b""#),
            (r"ends\", r#""ends\\""#),
            (r"\n", r#""\\n""#),
            (
                "$HOME ${HOME} $(touch PWNED)",
                r#""\$HOME \${HOME} \$(touch PWNED)""#,
            ),
            ("`touch PWNED`", r#""\`touch PWNED\`""#),
            ("line\nbreak\r\ttab", "\"line\\nbreak\\r\ttab\""),
            ("# not a comment", "\"# not a comment\""),
            ("日本 é 🦀", "\"日本 é 🦀\""),
        ] {
            assert_eq!(quote(value), quoted, "{value:?}");
        }
    }

    #[test]
    fn statements() {
        let mut out = String::new();
        set(&mut out, "A", "x\ny");
        assert_eq!(out, "A=\"x\\ny\"\n");
    }

    #[test]
    fn every_value_is_one_line() {
        let mut out = String::new();
        set(&mut out, "A", "\n\r\r\n\u{2028}\u{85}");
        assert_eq!(out.matches('\n').count(), 1);
        assert!(!out.contains('\r'));
    }
}

//! POSIX shells (sh/dash, bash, zsh, ksh): `export NAME='value'`. Inside
//! single quotes every byte is literal, so the only character to handle is `'`
//! itself, written as `'\''` (close, escaped quote, reopen). Nothing is ever
//! expanded: no `$`, backticks, `!` or globs.

use std::fmt::Write;

pub(super) fn set(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "export {name}={}", quote(value));
}

pub(super) fn unset(out: &mut String, name: &str) {
    let _ = writeln!(out, "unset {name}");
}

/// `value` as one single-quoted word.
pub(super) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str(r"'\''"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        for (value, quoted) in [
            ("", "''"),
            ("plain", "'plain'"),
            ("'", r"''\'''"),
            ("it's", r"'it'\''s'"),
            (r"'\''", r"''\''\'\'''\'''"),
            (r"ends\", r"'ends\'"),
            (r#"a"b"#, r#"'a"b'"#),
            (
                "$(touch PWNED) `id` $HOME !x",
                "'$(touch PWNED) `id` $HOME !x'",
            ),
            ("line\nbreak\r\ttab", "'line\nbreak\r\ttab'"),
            ("日本 é 🦀", "'日本 é 🦀'"),
        ] {
            assert_eq!(quote(value), quoted, "{value:?}");
        }
    }

    #[test]
    fn statements() {
        let mut out = String::new();
        set(&mut out, "A", "x'y");
        unset(&mut out, "B");
        assert_eq!(out, "export A='x'\\''y'\nunset B\n");
    }
}

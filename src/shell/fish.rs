//! fish: `set -gx NAME 'value'`. fish is not POSIX: inside single quotes it
//! still treats `\\` and `\'` as escapes, so POSIX quoting would break on a
//! value ending in `\` (the `\'` would swallow the closing quote). Here `\`
//! becomes `\\` and `'` becomes `\'`; everything else, newlines included, is
//! literal inside fish single quotes.

use std::fmt::Write;

pub(super) fn set(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "set -gx {name} {}", quote(value));
}

/// `set -e` of a variable that is not set returns status 4, which would make
/// `ssoenv export --format fish | source; and …` fail: `; or true` keeps the
/// status of the whole export 0.
pub(super) fn unset(out: &mut String, name: &str) {
    let _ = writeln!(out, "set -e {name}; or true");
}

/// `value` as one fish single-quoted word.
pub(super) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\\' => out.push_str(r"\\"),
            '\'' => out.push_str(r"\'"),
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
            ("'", r"'\''"),
            (r"ends\", r"'ends\\'"),
            (r"\'", r"'\\\''"),
            (r"'\''", r"'\'\\\'\''"),
            (r"\n", r"'\\n'"),
            (r#"a"b"#, r#"'a"b'"#),
            (
                "$(touch PWNED) (id) $HOME {a,b} *",
                "'$(touch PWNED) (id) $HOME {a,b} *'",
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
        set(&mut out, "A", r"x\");
        unset(&mut out, "B");
        assert_eq!(out, "set -gx A 'x\\\\'\nset -e B; or true\n");
    }
}

//! PowerShell: `$env:NAME = 'value'`. In a single-quoted (verbatim) string
//! nothing is expanded, and a quote is written by doubling it. PowerShell
//! counts five characters as single quotes: `'` and the typographic U+2018,
//! U+2019, U+201A, U+201B; any of them would end the string, so all are
//! doubled.
//!
//! Cannot be represented: the empty value. Windows PowerShell and PowerShell
//! before 7.5 treat `$env:NAME = ''` as removing the variable.

use std::fmt::Write;

pub(super) fn set(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "$env:{name} = {}", quote(value));
}

/// `-ErrorAction SilentlyContinue`: removing a variable that is not set is
/// not an error for an export.
pub(super) fn unset(out: &mut String, name: &str) {
    let _ = writeln!(out, "Remove-Item Env:{name} -ErrorAction SilentlyContinue");
}

/// The characters PowerShell's tokenizer treats as single quotes.
pub(super) fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// `value` as one PowerShell single-quoted string.
pub(super) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if is_single_quote(c) {
            out.push(c);
        }
        out.push(c);
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
            ("it's", "'it''s'"),
            ("''", "''''''"),
            ("\u{2018}a\u{2019}", "'\u{2018}\u{2018}a\u{2019}\u{2019}'"),
            ("\u{201A}\u{201B}", "'\u{201A}\u{201A}\u{201B}\u{201B}'"),
            (r"ends\", r"'ends\'"),
            (
                "\"$(Remove-Item x) `n $env:HOME\"",
                "'\"$(Remove-Item x) `n $env:HOME\"'",
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
        assert_eq!(
            out,
            "$env:A = 'x''y'\nRemove-Item Env:B -ErrorAction SilentlyContinue\n"
        );
    }
}

//! The handful of Python string rules that botocore's config reader inherits
//! (what counts as whitespace, how lines end, `str.splitlines`), so that ssoenv
//! splits and trims exactly where the AWS CLI does.

/// Python's `str.isspace` for one character. Unlike Rust's `char::is_whitespace`
/// it also counts the information separators U+001C..U+001F.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{0B}'
            | '\u{0C}'
            | '\r'
            | '\u{1C}'..='\u{1F}'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// Python's `str.strip()`.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Python's `str.rstrip()`.
pub fn rstrip(s: &str) -> &str {
    s.trim_end_matches(is_space)
}

/// Lines as Python's text files yield them (universal newlines: `\n`, `\r\n`
/// and a lone `\r` all end a line), without their terminators.
pub fn file_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&text[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push(&text[start..i]);
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Python's `str.splitlines()` (which splits on more than newlines).
pub fn splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\u{0B}'
                | '\u{0C}'
                | '\u{1C}'
                | '\u{1D}'
                | '\u{1E}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_break {
            out.push(&s[start..i]);
            let mut next = i + c.len_utf8();
            if c == '\r'
                && let Some(&(j, '\n')) = chars.peek()
            {
                chars.next();
                next = j + 1;
            }
            start = next;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_counts_python_whitespace() {
        assert_eq!(strip("\u{1C} a b \u{3000}"), "a b");
        assert_eq!(strip("\u{FEFF}x"), "\u{FEFF}x");
    }

    #[test]
    fn file_lines_use_universal_newlines() {
        assert_eq!(file_lines("a\r\nb\rc\nd"), vec!["a", "b", "c", "d"]);
        assert_eq!(file_lines("a\n\n"), vec!["a", ""]);
        assert_eq!(file_lines("a\u{0B}b"), vec!["a\u{0B}b"]);
    }

    #[test]
    fn splitlines_matches_python() {
        assert_eq!(splitlines("a\u{0B}b\r\nc\u{2028}"), vec!["a", "b", "c"]);
        assert_eq!(splitlines("\nx"), vec!["", "x"]);
    }
}

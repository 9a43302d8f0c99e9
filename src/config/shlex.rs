//! Python's `shlex.split` (POSIX mode), which botocore uses to split section
//! headers like `[profile "my dev"]`. A port rather than a crate because the
//! common shell-word crates differ from Python on comments and escapes, and a
//! header must split exactly as the AWS CLI splits it.

/// Why a string could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    NoClosingQuotation,
    NoEscapedCharacter,
}

impl std::fmt::Display for SplitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SplitError::NoClosingQuotation => f.write_str("no closing quotation"),
            SplitError::NoEscapedCharacter => f.write_str("no escaped character"),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Space,
    Word,
    Quote(char),
    Escape,
    End,
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// `shlex.split(s)` with Python's defaults (posix, no comments).
pub fn split(s: &str) -> Result<Vec<String>, SplitError> {
    let mut chars = s.chars();
    let mut state = State::Space;
    let mut words = Vec::new();
    loop {
        if state == State::End {
            return Ok(words);
        }
        let mut token = String::new();
        let mut quoted = false;
        let mut escaped_from = State::Word;
        loop {
            let next = chars.next();
            match state {
                State::End => break,
                State::Space => match next {
                    None => {
                        state = State::End;
                        break;
                    }
                    Some(c) if is_ws(c) => continue,
                    Some('\\') => {
                        escaped_from = State::Word;
                        state = State::Escape;
                    }
                    Some(q @ ('\'' | '"')) => state = State::Quote(q),
                    Some(c) => {
                        token.push(c);
                        state = State::Word;
                    }
                },
                State::Quote(q) => {
                    quoted = true;
                    match next {
                        None => return Err(SplitError::NoClosingQuotation),
                        Some(c) if c == q => state = State::Word,
                        Some('\\') if q == '"' => {
                            escaped_from = state;
                            state = State::Escape;
                        }
                        Some(c) => token.push(c),
                    }
                }
                State::Escape => match next {
                    None => return Err(SplitError::NoEscapedCharacter),
                    Some(c) => {
                        if let State::Quote(q) = escaped_from
                            && c != q
                            && c != '\\'
                        {
                            token.push('\\');
                        }
                        token.push(c);
                        state = escaped_from;
                    }
                },
                State::Word => match next {
                    None => {
                        state = State::End;
                        break;
                    }
                    Some(c) if is_ws(c) => {
                        state = State::Space;
                        if !token.is_empty() || quoted {
                            break;
                        }
                    }
                    Some(q @ ('\'' | '"')) => state = State::Quote(q),
                    Some('\\') => {
                        escaped_from = State::Word;
                        state = State::Escape;
                    }
                    Some(c) => token.push(c),
                },
            }
        }
        if quoted || !token.is_empty() {
            words.push(token);
        } else {
            return Ok(words);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Vec<String> {
        split(x).unwrap()
    }

    #[test]
    fn splits_like_python() {
        assert_eq!(s("profile  dev "), ["profile", "dev"]);
        assert_eq!(s("profile \"a b\""), ["profile", "a b"]);
        assert_eq!(s("profile 'x y'z"), ["profile", "x yz"]);
        assert_eq!(s("profile ''"), ["profile", ""]);
        assert_eq!(s(r#"a "b\"c\d" e\ f"#), ["a", "b\"c\\d", "e f"]);
        assert_eq!(s("profile #x"), ["profile", "#x"]);
        assert_eq!(s(""), Vec::<String>::new());
        assert_eq!(s("a\u{a0}b"), ["a\u{a0}b"]);
    }

    #[test]
    fn reports_unbalanced_input() {
        assert_eq!(split("profile 'x"), Err(SplitError::NoClosingQuotation));
        assert_eq!(split("profile x\\"), Err(SplitError::NoEscapedCharacter));
    }
}

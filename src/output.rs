//! Writing to the terminal: colour only when it is wanted, and a closed pipe
//! (`ssoenv list | head`) treated as the end of output rather than an error.

use crate::error::{Error, Result};
use std::io::{IsTerminal, Write};

/// Whether and how to style text for stdout.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour when stdout is a terminal, `--no-color` was not given and
    /// `NO_COLOR` is unset or empty (https://no-color.org).
    pub fn detect(no_color_flag: bool, no_color_env: Option<&str>) -> Self {
        let env_off = no_color_env.is_some_and(|v| !v.is_empty());
        Style {
            color: !no_color_flag && !env_off && std::io::stdout().is_terminal(),
        }
    }

    /// `text` wrapped in an ANSI SGR sequence when colour is on.
    pub fn paint(&self, sgr: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Writes all of `text` to stdout and flushes.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::Output)
}

/// Whether an error is just the reader going away.
pub fn is_broken_pipe(err: &Error) -> bool {
    matches!(err, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Text safe to print on a terminal: control characters (a terminal-title
/// escape in a profile name, say) shown escaped.
pub fn printable(s: &str) -> String {
    if s.chars().any(char::is_control) {
        s.escape_debug().to_string()
    } else {
        s.to_string()
    }
}

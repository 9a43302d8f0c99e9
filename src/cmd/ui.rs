//! The sign-in as the user sees it on stderr: the URL (and code) always
//! printed, so it works over SSH; a browser opened unless `--no-browser`; and
//! on a terminal a spinner with the time left. Silent extras when not a terminal.

use crate::env::Env;
use crate::sso::browser;
use crate::sso::signin::SignInUi;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// The terminal side of a sign-in.
pub struct TerminalUi<'a> {
    pub env: &'a Env,
    pub open_browser: bool,
    pub label: String,
    tty: bool,
    frame: usize,
    last: Option<Instant>,
}

impl<'a> TerminalUi<'a> {
    pub fn new(env: &'a Env, open_browser: bool, label: String) -> Self {
        TerminalUi {
            env,
            open_browser,
            label,
            tty: std::io::stderr().is_terminal(),
            frame: 0,
            last: None,
        }
    }
}

impl SignInUi for TerminalUi<'_> {
    fn show(&mut self, url: &str, user_code: Option<&str>) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "Sign in to {} in your browser:\n\n  {url}\n",
            self.label
        );
        if let Some(code) = user_code {
            let _ = writeln!(err, "Check that the page shows this code: {code}\n");
        }
    }

    fn open_browser(&mut self, url: &str) {
        if !self.open_browser {
            return;
        }
        if browser::launch(url, self.env).is_none() {
            eprintln!("(no browser could be opened: open the URL above yourself)");
        }
    }

    fn waiting(&mut self, left: Duration) {
        if !self.tty
            || self
                .last
                .is_some_and(|t| t.elapsed() < Duration::from_millis(90))
        {
            return;
        }
        self.last = Some(Instant::now());
        const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
        self.frame = (self.frame + 1) % FRAMES.len();
        let secs = left.as_secs();
        eprint!(
            "\r\x1b[2K{} Waiting for the browser… {}m{:02}s left (Ctrl-C to cancel)",
            FRAMES[self.frame],
            secs / 60,
            secs % 60
        );
    }

    fn done(&mut self) {
        if self.tty && self.last.is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}

/// `12m`, `1h05m`, `expired 3m ago`.
pub fn human_left(secs: i64) -> String {
    let fmt = |s: i64| {
        let m = s / 60;
        if m >= 60 {
            format!("{}h{:02}m", m / 60, m % 60)
        } else if m > 0 {
            format!("{m}m")
        } else {
            format!("{s}s")
        }
    };
    if secs >= 0 {
        format!("{} left", fmt(secs))
    } else {
        format!("expired {} ago", fmt(-secs))
    }
}

//! The sign-in as the user sees it on stderr: the URL (and, for the device
//! flow, the code) always printed; a browser opened only where one can
//! finish the flow (not with `--no-browser`, not over SSH without a
//! display, not without an opener); the address the browser ended on
//! accepted back on the terminal (paste-back); a spinner with the time left
//! where nothing is typed. Silent extras when not a terminal.

use crate::env::Env;
use crate::sso::browser;
use crate::sso::signin::SignInUi;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// The terminal side of a sign-in.
pub struct TerminalUi<'a> {
    pub env: &'a Env,
    pub open_browser: bool,
    pub label: String,
    tty: bool,
    /// Standard input is a terminal, so an address can be pasted back.
    stdin_tty: bool,
    stdin_closed: bool,
    /// What was typed on the terminal and not yet a whole line.
    typed: Vec<u8>,
    /// The spinner is off while the terminal waits for a paste.
    spinner: bool,
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
            stdin_tty: std::io::stdin().is_terminal(),
            stdin_closed: false,
            typed: Vec::new(),
            spinner: true,
            frame: 0,
            last: None,
        }
    }

    /// Why no browser is opened here, if none is.
    fn no_browser(&self) -> Option<String> {
        if !self.open_browser {
            return Some("--no-browser".into());
        }
        browser::unavailable(self.env).map(str::to_string)
    }

    /// Opens `url` where a browser can finish the flow; says why not otherwise.
    fn open(&mut self, url: &str) {
        match self.no_browser() {
            Some(why) => eprintln!("(no browser is opened here: {why})"),
            None => {
                if browser::launch(url, self.env).is_none() {
                    eprintln!("(no browser could be opened: open the URL above yourself)");
                }
            }
        }
    }

    fn clear_line(&self) {
        if self.tty && self.last.is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}

impl SignInUi for TerminalUi<'_> {
    fn show_authorize(&mut self, url: &str, paste: bool) {
        eprintln!("Sign in to {} in your browser:\n\n  {url}\n", self.label);
        self.open(url);
        if paste {
            self.spinner = false;
            eprintln!(
                "If the browser is on another machine, it ends on an address starting \
                 http://127.0.0.1:… that does not load: copy that address, paste it here \
                 and press Enter.\nWaiting for the browser (Ctrl-C to cancel)…"
            );
        }
    }

    fn show_device(&mut self, verification_uri: &str, complete: Option<&str>, user_code: &str) {
        eprintln!(
            "Sign in to {}: open\n\n  {verification_uri}\n\nand enter the code {user_code}\n",
            self.label
        );
        if let Some(full) = complete.filter(|c| *c != verification_uri) {
            eprintln!("(or open {full}, which carries the code)\n");
        }
        self.open(complete.unwrap_or(verification_uri));
    }

    fn can_paste(&self) -> bool {
        // A background job that read the terminal would be stopped (SIGTTIN).
        self.stdin_tty && !self.stdin_closed && in_foreground()
    }

    fn browser_opens(&self) -> bool {
        self.no_browser().is_none()
    }

    fn pasted(&mut self, wait: Duration) -> Option<String> {
        if let Some(line) = take_line(&mut self.typed) {
            return Some(line);
        }
        if !self.can_paste() {
            std::thread::sleep(wait);
            return None;
        }
        if !stdin_ready(wait) || !in_foreground() {
            return None;
        }
        // One read of what is there (never waiting for a newline), kept until
        // a line is whole: `abc` and Ctrl-D, or a terminal in raw mode, must
        // not hold up the loopback listener.
        let mut buf = [0u8; 4096];
        // SAFETY: reads into a buffer of the given length.
        let n = unsafe { libc::read(0, buf.as_mut_ptr().cast(), buf.len()) };
        match usize::try_from(n) {
            Ok(0) => self.stdin_closed = true,
            Ok(n) => self.typed.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        take_line(&mut self.typed)
    }

    fn say(&mut self, message: &str) {
        self.clear_line();
        eprintln!("{message}");
    }

    fn waiting(&mut self, left: Duration) {
        if !self.tty
            || !self.spinner
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
        self.clear_line();
    }
}

/// The first whole line typed (ended by Enter: `\n` or, in raw mode, `\r`),
/// without the markers of a bracketed paste; blank lines are skipped.
fn take_line(typed: &mut Vec<u8>) -> Option<String> {
    loop {
        let end = typed.iter().position(|b| *b == b'\n' || *b == b'\r')?;
        let line: Vec<u8> = typed.drain(..=end).collect();
        let text = String::from_utf8_lossy(&line[..end])
            .replace("\x1b[200~", "")
            .replace("\x1b[201~", "");
        if !text.trim().is_empty() {
            return Some(text.trim().to_string());
        }
    }
}

/// Whether ssoenv is the terminal's foreground job (only that may read it).
fn in_foreground() -> bool {
    // SAFETY: plain queries of the calling process and its terminal.
    unsafe { libc::tcgetpgrp(0) == libc::getpgrp() }
}

/// Whether standard input has something to read within `wait` (a terminal
/// in its usual line mode reports it once Enter is pressed). No thread is
/// left reading: a command started after the sign-in keeps its terminal.
fn stdin_ready(wait: Duration) -> bool {
    let mut fds = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: one valid pollfd for the duration of the call.
    let n = unsafe { libc::poll(&mut fds, 1, ms) };
    n > 0 && fds.revents & (libc::POLLIN | libc::POLLHUP) != 0
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

//! Opening a URL for the user: the programs in `$BROWSER` (colon-separated,
//! `%s` replaced by the URL or the URL appended, as xdg-open and Python's
//! webbrowser do), else the platform's opener. An opener that fails at once
//! (`BROWSER=false`, `xdg-open` on a headless box) does not count as opened.

use crate::env::Env;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long [`open`] gives an opener to fail before counting it as opened.
pub const OPENER_WAIT: Duration = Duration::from_millis(1500);

/// Tries to open `url`, waiting up to [`OPENER_WAIT`] for each opener: one that
/// exits non-zero in that time does not count, and the next is tried. Returns the
/// program that took it (still running, or exited with success), or `None`.
pub fn open(url: &str, env: &Env) -> Option<String> {
    open_within(url, env, OPENER_WAIT)
}

/// Starts the first opener that can be started and never waits for it: for the
/// sign-in, which prints the URL anyway and whose "browser" may wait for ssoenv.
pub fn launch(url: &str, env: &Env) -> Option<String> {
    open_within(url, env, Duration::ZERO)
}

fn open_within(url: &str, env: &Env, wait: Duration) -> Option<String> {
    let candidates: Vec<Vec<String>> = match env.non_empty("BROWSER") {
        Some(list) => list
            .split(':')
            .filter_map(|c| shell_words::split(c).ok())
            .filter(|words| !words.is_empty())
            .map(|words| {
                if words.iter().any(|w| w.contains("%s")) {
                    words.iter().map(|w| w.replace("%s", url)).collect()
                } else {
                    let mut w = words;
                    w.push(url.to_string());
                    w
                }
            })
            .collect(),
        None => platform_openers()
            .iter()
            .map(|p| {
                let mut argv: Vec<String> = p.iter().map(|w| w.to_string()).collect();
                argv.push(url.to_string());
                argv
            })
            .collect(),
    };
    for argv in candidates {
        let child = Command::new(&argv[0])
            .args(&argv[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let Ok(mut child) = child else { continue };
        match crate::child_wait::wait_until(&mut child, Instant::now() + wait)
            .ok()
            .flatten()
        {
            Some(status) if !status.success() => continue,
            Some(_) => {}
            None => {
                // Still running: reap it whenever it ends, without waiting here.
                std::thread::spawn(move || child.wait());
            }
        }
        return Some(argv[0].clone());
    }
    None
}

/// The openers to try, each as the words before the URL.
fn platform_openers() -> &'static [&'static [&'static str]] {
    if cfg!(target_os = "macos") {
        &[&["open"]]
    } else if cfg!(windows) {
        &[&["explorer"]]
    } else {
        &[&["xdg-open"], &["gio", "open"], &["wslview"]]
    }
}

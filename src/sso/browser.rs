//! Opening a URL for the user: the programs in `$BROWSER` (colon-separated,
//! `%s` replaced by the URL or the URL appended, as xdg-open and Python's
//! webbrowser do), else the platform's opener. Never waits for the browser.

use crate::env::Env;
use std::process::{Command, Stdio};

/// Tries to open `url`; returns the program that took it, or `None`.
pub fn open(url: &str, env: &Env) -> Option<String> {
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
        if let Ok(mut child) = child {
            // Reap it whenever it ends, without waiting here.
            std::thread::spawn(move || child.wait());
            return Some(argv[0].clone());
        }
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

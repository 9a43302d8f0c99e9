//! Opening a URL for the user: the programs in `$BROWSER` (colon-separated,
//! `%s` replaced by the URL or the URL appended, as xdg-open and Python's
//! webbrowser do), else the platform's opener: `open` on macOS, the Windows
//! browser under WSL (`wslview`, else Windows' own openers), `xdg-open` or
//! `gio open` elsewhere. An opener that fails at once (`BROWSER=false`,
//! `xdg-open` on a headless box) does not count as opened. Whether a browser
//! here can finish a sign-in at all (not over SSH without a display, not
//! without any opener) is [`unavailable`]'s answer.

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
    // Openers are looked up on the PATH ssoenv was given.
    let path = search_path(env).to_string();
    let cwd = std::env::current_dir().unwrap_or_default();
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
        None => platform_openers(env).iter().map(|p| p.argv(url)).collect(),
    };
    for argv in candidates {
        let Ok(program) = which::which_in(&argv[0], Some(&path), &cwd) else {
            continue;
        };
        let child = Command::new(program)
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

/// A program that opens URLs: the words before the URL, and whether the URL
/// must be escaped for `cmd.exe`.
struct Opener {
    words: &'static [&'static str],
    for_cmd: bool,
}

impl Opener {
    const fn plain(words: &'static [&'static str]) -> Opener {
        Opener {
            words,
            for_cmd: false,
        }
    }

    fn argv(&self, url: &str) -> Vec<String> {
        let mut argv: Vec<String> = self.words.iter().map(|w| w.to_string()).collect();
        argv.push(if self.for_cmd {
            cmd_escape(url)
        } else {
            url.to_string()
        });
        argv
    }
}

const MACOS: &[Opener] = &[Opener::plain(&["open"])];
const WINDOWS: &[Opener] = &[Opener::plain(&["explorer"])];
/// Under WSL, the Windows browser: wslview (wslu) when installed, else
/// Windows' URL handler, else `cmd.exe /c start`, whose command line needs
/// `&` and its other special characters escaped.
const WSL: &[Opener] = &[
    Opener::plain(&["wslview"]),
    Opener::plain(&["rundll32.exe", "url.dll,FileProtocolHandler"]),
    // The empty title: WSL turns an empty argument into `""` on the Windows
    // command line (and would escape a literal `""` into `"\"\""`).
    Opener {
        words: &["cmd.exe", "/c", "start", ""],
        for_cmd: true,
    },
];
const LINUX: &[Opener] = &[
    Opener::plain(&["xdg-open"]),
    Opener::plain(&["gio", "open"]),
    Opener::plain(&["wslview"]),
];

/// The openers to try when `$BROWSER` names none.
fn platform_openers(env: &Env) -> &'static [Opener] {
    if cfg!(target_os = "macos") {
        MACOS
    } else if cfg!(windows) {
        WINDOWS
    } else if is_wsl(env) {
        WSL
    } else {
        LINUX
    }
}

/// Whether this is Linux under WSL with its Windows interop: `WSL_DISTRO_NAME`
/// or `WSL_INTEROP` (set by WSL in every session), or a kernel that says so
/// in /proc/version while WSL's interop is registered (a Docker Desktop
/// container runs on the same kernel but reaches no Windows programs).
pub fn is_wsl(env: &Env) -> bool {
    env.non_empty("WSL_DISTRO_NAME").is_some()
        || env.non_empty("WSL_INTEROP").is_some()
        || (cfg!(target_os = "linux")
            && std::path::Path::new("/proc/sys/fs/binfmt_misc/WSLInterop").exists()
            && std::fs::read_to_string("/proc/version")
                .is_ok_and(|v| v.to_ascii_lowercase().contains("microsoft")))
}

/// The PATH openers are looked up on: the one ssoenv was given, else the
/// default `execvp` uses (never the current folder).
fn search_path(env: &Env) -> &str {
    env.non_empty("PATH").unwrap_or("/usr/bin:/bin")
}

/// `url` for `cmd.exe`'s command line: its special characters (`&`, `|`,
/// `<`, `>`, `^`, `(`, `)`) escaped with `^`, so `start` gets the whole URL.
pub fn cmd_escape(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        if "&|<>^()".contains(c) {
            out.push('^');
        }
        out.push(c);
    }
    out
}

/// Why no browser on this machine can finish a sign-in, or `None` when one
/// can: `$BROWSER` names one (the user's own choice, even over SSH); else an
/// SSH session without a display cannot show one to the user; else there
/// must be an opener on `PATH`.
pub fn unavailable(env: &Env) -> Option<&'static str> {
    if env.non_empty("BROWSER").is_some() {
        return None;
    }
    let remote = env.non_empty("SSH_CONNECTION").is_some() || env.non_empty("SSH_TTY").is_some();
    let display = env.non_empty("DISPLAY").is_some() || env.non_empty("WAYLAND_DISPLAY").is_some();
    // Over SSH into WSL too: the Windows desktop is not the user's.
    if remote && !display {
        return Some("this is an SSH session without a display");
    }
    let path = search_path(env);
    let cwd = std::env::current_dir().unwrap_or_default();
    let found = platform_openers(env)
        .iter()
        .any(|o| which::which_in(o.words[0], Some(path), &cwd).is_ok());
    (!found).then_some("no program to open a browser was found (set BROWSER to one)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmd_gets_every_special_character_escaped() {
        assert_eq!(
            cmd_escape("https://x/authorize?a=1&b=(2)|3^4<5>"),
            "https://x/authorize?a=1^&b=^(2^)^|3^^4^<5^>"
        );
        let wsl = Env::from_pairs([("WSL_DISTRO_NAME", "Ubuntu")]);
        let cmd = platform_openers(&wsl).last().unwrap();
        assert_eq!(
            cmd.argv("https://x/?a=1&b=2"),
            ["cmd.exe", "/c", "start", "", "https://x/?a=1^&b=2"]
        );
    }

    #[test]
    fn over_ssh_without_a_display_no_browser_can_finish_unless_one_is_named() {
        let ssh = |extra: &[(&'static str, &'static str)]| {
            let mut vars = vec![
                ("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22"),
                ("PATH", "/usr/bin:/bin"),
            ];
            vars.extend_from_slice(extra);
            unavailable(&Env::from_pairs(vars))
        };
        assert!(ssh(&[]).is_some_and(|why| why.contains("SSH")));
        assert_eq!(ssh(&[("BROWSER", "w3m")]), None);
        let no_opener = unavailable(&Env::from_pairs([("PATH", "/nonexistent")]));
        assert!(
            no_opener.is_some_and(|why| why.contains("BROWSER")),
            "{no_opener:?}"
        );
    }
}

//! Entry point: parse the command line, run the subcommand, and print any
//! error once as `ssoenv: <message>` with the exit code it maps to. A panic
//! (a bug) prints only where it happened, never its message, and exits 70.
//!
//! On Linux with glibc the binary has its own C `main` instead of Rust's
//! runtime start, which asks glibc for the main thread's stack bounds (glibc
//! parses /proc/self/maps: a tenth of a cached `export`) for a stack overflow
//! message. ssoenv does the two other things that start does itself: a closed
//! standard descriptor is opened on /dev/null (so no file ssoenv opens can
//! become its stdout), and SIGPIPE is ignored (a closed pipe is an error
//! ssoenv handles; std restores SIGPIPE in the programs it starts). glibc
//! hands std the arguments before `main`; with other C libraries, Rust's
//! start is kept.
#![cfg_attr(all(not(test), target_os = "linux", target_env = "gnu"), no_main)]

use ssoenv::cli::Cli;
use ssoenv::cmd::{self, Context};
use ssoenv::env::Env;
use ssoenv::error::WithHint;
use ssoenv::output::{self, Style};
use std::io::Write;

/// The exit status after a panic (EX_SOFTWARE: an internal software error).
const EXIT_INTERNAL: i32 = 70;

/// The C entry point (see the module comment); the arguments are read
/// through `std::env::args_os`, which glibc fills before `main` runs.
#[cfg(all(not(test), target_os = "linux", target_env = "gnu"))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    prepare_process();
    run()
}

/// What Rust's runtime start would have done that ssoenv relies on.
#[cfg(all(not(test), target_os = "linux", target_env = "gnu"))]
fn prepare_process() {
    for fd in 0..=2 {
        // SAFETY: fcntl with F_GETFD only asks whether `fd` is open.
        let closed = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF);
        if closed {
            // SAFETY: a constant C string; the lowest free descriptor is `fd`.
            if unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) } != fd {
                // As Rust's runtime: running on without it is not safe.
                std::process::abort();
            }
        }
    }
    // SAFETY: setting a signal to be ignored has no other effect.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
}

/// Elsewhere, Rust's own start.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() {
    run();
}

/// Runs the command line and exits with its status.
#[cfg_attr(test, allow(dead_code))]
fn run() -> ! {
    install_panic_hook();
    let cli = Cli::from_process();
    let env = Env::from_process();
    let style = Style::detect(cli.global.no_color, env.get("NO_COLOR"));
    let ctx = Context {
        env,
        verbose: cli.global.verbose,
        style,
    };
    let code = match cmd::run(cli.command, &ctx) {
        Ok(()) => 0,
        Err(e) if output::is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("ssoenv: {}", WithHint(&e));
            e.exit_code()
        }
    };
    std::process::exit(code);
}

/// Replaces the default panic output: its message could hold a token or a key
/// (an `expect` on a value, a `Debug` of a struct), and a backtrace is of no
/// use to a user. Whatever thread panics, the whole process ends with
/// [`EXIT_INTERNAL`], so a broken `exec --server` does not keep serving.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info.location().map(|l| (l.file(), l.line()));
        // Not eprintln!: with stderr gone, a second panic here would abort.
        let _ = writeln!(std::io::stderr(), "{}", panic_line(at));
        std::process::exit(EXIT_INTERNAL);
    }));
}

/// The one line printed for a panic at `at` (file, line), if known.
fn panic_line(at: Option<(&str, u32)>) -> String {
    let place = match at {
        Some((file, line)) => format!(" at {file}:{line}"),
        None => String::new(),
    };
    format!("ssoenv: internal error{place} (this is a bug in ssoenv; please report it)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panic_line_names_the_place_only() {
        assert_eq!(
            panic_line(Some(("src/cmd/export.rs", 42))),
            "ssoenv: internal error at src/cmd/export.rs:42 \
             (this is a bug in ssoenv; please report it)"
        );
        assert_eq!(
            panic_line(None),
            "ssoenv: internal error (this is a bug in ssoenv; please report it)"
        );
    }

    /// Set in the child run of [`a_panic_prints_no_payload_and_exits_70`]
    /// (read by this test binary only, never by ssoenv).
    const CHILD: &str = "PANIC_HOOK_TEST_CHILD";

    /// The hook as installed, in a child process (this test binary run again
    /// for this test only): a panic whose message holds a secret prints the
    /// one line without it, even with backtraces asked for, and exits 70.
    #[test]
    fn a_panic_prints_no_payload_and_exits_70() {
        if std::env::var_os(CHILD).is_some() {
            install_panic_hook();
            let secret = String::from("aoaSECRET-ACCESS-TOKEN");
            // A panic on another thread ends the process too.
            let _ = std::thread::spawn(move || panic!("token {secret}")).join();
            unreachable!("the hook exits the process");
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "tests::a_panic_prints_no_payload_and_exits_70",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .env("RUST_BACKTRACE", "full")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(EXIT_INTERNAL), "{stderr}");
        assert!(!stderr.contains("SECRET"), "{stderr}");
        assert!(!stderr.contains("backtrace"), "{stderr}");
        let line = stderr
            .lines()
            .find(|l| l.starts_with("ssoenv: internal error"))
            .unwrap_or_else(|| panic!("no internal-error line in {stderr}"));
        assert!(
            line.starts_with("ssoenv: internal error at src/main.rs:")
                && line.ends_with(" (this is a bug in ssoenv; please report it)"),
            "{line}"
        );
    }
}

//! The command as ssoenv's child: the signals a user or supervisor sends to
//! ssoenv are passed on to it, and its exit status becomes ssoenv's (128+N
//! after signal N, as a shell reports it).

use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;
use tokio::signal::unix::{Signal, SignalKind, signal};

/// The signals passed on, with their numbers.
const FORWARDED: [(fn() -> SignalKind, libc::c_int); 6] = [
    (SignalKind::interrupt, libc::SIGINT),
    (SignalKind::terminate, libc::SIGTERM),
    (SignalKind::hangup, libc::SIGHUP),
    (SignalKind::quit, libc::SIGQUIT),
    (SignalKind::user_defined1, libc::SIGUSR1),
    (SignalKind::user_defined2, libc::SIGUSR2),
];

/// Handlers for [`FORWARDED`], installed before the child starts.
pub struct Signals {
    handlers: Vec<(Signal, libc::c_int)>,
    /// Whether Ctrl-C and Ctrl-\ at the terminal reach the child by themselves.
    keyboard_reaches_child: bool,
}

impl Signals {
    pub fn install() -> std::io::Result<Signals> {
        let handlers = FORWARDED
            .iter()
            .map(|(kind, number)| Ok((signal(kind())?, *number)))
            .collect::<std::io::Result<_>>()?;
        Ok(Signals {
            handlers,
            keyboard_reaches_child: in_terminal_foreground(),
        })
    }

    /// Whether a signal ssoenv received should be passed on. The terminal sends
    /// SIGINT and SIGQUIT to the whole foreground process group, the child
    /// included: passing them on as well would make one Ctrl-C arrive twice
    /// (and a second Ctrl-C means "stop now" to terraform and others).
    fn forward(&self, number: libc::c_int) -> bool {
        !(self.keyboard_reaches_child && (number == libc::SIGINT || number == libc::SIGQUIT))
    }
}

/// Whether ssoenv (and so its child) is the terminal's foreground process group.
fn in_terminal_foreground() -> bool {
    // SAFETY: isatty, tcgetpgrp and getpgrp only read process state.
    unsafe { libc::isatty(0) == 1 && libc::tcgetpgrp(0) == libc::getpgrp() }
}

/// Waits for the child, passing each signal ssoenv receives on to it.
pub async fn wait(
    child: &mut tokio::process::Child,
    mut signals: Signals,
) -> std::io::Result<ExitStatus> {
    loop {
        let received = std::future::poll_fn(|cx| {
            for (s, number) in signals.handlers.iter_mut() {
                if s.poll_recv(cx).is_ready() {
                    return std::task::Poll::Ready(*number);
                }
            }
            std::task::Poll::Pending
        });
        tokio::select! {
            status = child.wait() => return status,
            number = received => {
                if !signals.forward(number) {
                    continue;
                }
                if let Some(pid) = child.id() {
                    // SAFETY: kill(2) with our own child's pid and a valid signal number.
                    unsafe { libc::kill(pid as libc::pid_t, number) };
                }
            }
        }
    }
}

/// The status a shell would report for the child.
pub fn exit_code(status: ExitStatus) -> i32 {
    status
        .code()
        .or_else(|| status.signal().map(|n| 128 + n))
        .unwrap_or(1)
}

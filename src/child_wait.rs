//! Waiting for a child process without blocking past a deadline: what running
//! a `credential_process` helper and opening a browser both need.

use std::io;
use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

/// The child's status once it exits, or `None` at `deadline` (checked at
/// least once, so a past deadline only asks whether it has ended already).
pub fn wait_until(child: &mut Child, deadline: Instant) -> io::Result<Option<ExitStatus>> {
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

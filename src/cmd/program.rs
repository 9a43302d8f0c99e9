//! The command `exec` runs (with or without `--server`): which one, where it
//! is, and why it cannot be started, in the exit statuses shells use (127
//! when it is not found, 126 when it cannot run).

use super::Context;
use crate::cli::ExecArgs;
use crate::error::{Error, Result};

/// The command to run: the one given, else `$SHELL`, else `/bin/sh`.
pub fn command_line(args: &ExecArgs, ctx: &Context) -> Vec<String> {
    if args.command.is_empty() {
        vec![ctx.env.non_empty("SHELL").unwrap_or("/bin/sh").to_string()]
    } else {
        args.command.clone()
    }
}

/// Exit status for a command that was not found (as shells and `env`).
const NOT_FOUND: i32 = 127;
/// Exit status for a command that was found but cannot be run.
const CANNOT_RUN: i32 = 126;

/// The program for `name`: a path as given, else found on `PATH`. A file
/// that is there but cannot be run (not executable, a folder) is told apart
/// from one that is not there, by message and exit status.
pub fn find(name: &str, ctx: &Context) -> Result<std::path::PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    if let Ok(found) = which::which_in(name, ctx.env.get("PATH"), &cwd) {
        return Ok(found);
    }
    let present = if name.contains('/') {
        Some(cwd.join(name)).filter(|p| std::fs::symlink_metadata(p).is_ok())
    } else {
        std::env::split_paths(ctx.env.get("PATH").unwrap_or_default())
            .map(|dir| cwd.join(dir).join(name))
            .find(|p| p.exists())
    };
    Err(match present {
        Some(path) => Error::Command {
            message: format!(
                "cannot run {name}: {} is {}",
                path.display(),
                if path.is_dir() {
                    "a folder"
                } else {
                    "not executable"
                }
            ),
            hint: format!("chmod +x {} if it is a program", path.display()),
            exit: CANNOT_RUN,
        },
        None => Error::Command {
            message: format!("command not found: {name}"),
            hint: if name.contains('/') {
                "check the path".into()
            } else {
                "check the spelling, or that its folder is on PATH".into()
            },
            exit: NOT_FOUND,
        },
    })
}

/// Why the program could not be started: a missing interpreter (`#!`) is
/// "not found" (127); everything else, such as a binary for another system
/// or an environment too large to pass, is "cannot run" (126).
pub fn spawn_error(name: &str, e: std::io::Error) -> Error {
    let (exit, hint) = match e.kind() {
        std::io::ErrorKind::NotFound => (
            NOT_FOUND,
            "a script's #! interpreter must exist too".to_string(),
        ),
        std::io::ErrorKind::ArgumentListTooLong => (
            CANNOT_RUN,
            "the environment and arguments are too large for the system: unset large \
             variables (ssoenv adds the AWS_* ones)"
                .to_string(),
        ),
        _ => (
            CANNOT_RUN,
            "check that it is a program for this system".to_string(),
        ),
    };
    Error::Command {
        message: format!("cannot run {name}: {e}"),
        hint,
        exit,
    }
}

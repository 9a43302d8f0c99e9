//! `ssoenv exec`: run a command with a profile's credentials. On Unix the
//! command replaces ssoenv (execvp), so the terminal, stdin and every signal
//! reach it directly and its exit status (128+N after a signal, as the shell
//! reports it) is the caller's to see. With `--server` the credentials come
//! from a local endpoint instead (see `server.rs`).

use super::Context;
use super::export::credentials;
use crate::cli::ExecArgs;
use crate::config::Config;
use crate::creds::contract;
use crate::error::{Error, Result};
use crate::shell::Op;
use std::process::Command;

pub fn run(args: &ExecArgs, ctx: &Context) -> Result<()> {
    if args.server {
        return super::server::run(args, ctx);
    }
    let config = Config::load(&ctx.env)?;
    let (profile, creds) = credentials(&config, args.profile.as_deref(), &args.creds, ctx)?;
    let argv = command_line(args, ctx);
    let program = find(&argv[0], ctx)?;
    let mut cmd = Command::new(&program);
    cmd.args(&argv[1..]);
    for op in contract::ops(
        &profile.name,
        &creds,
        args.creds.region.as_deref(),
        profile.region.as_deref(),
        &ctx.env,
    ) {
        match op {
            Op::Set(k, v) => cmd.env(k, v),
            Op::Unset(k) => cmd.env_remove(k),
        };
    }
    // Inside `exec --server` (or an ECS task), the command gets this
    // profile's keys, never the outer credential endpoint and its token.
    for var in contract::CONTAINER_VARS {
        cmd.env_remove(var);
    }
    ctx.note(format_args!(
        "running {} with {}",
        program.display(),
        profile.name
    ));
    Err(spawn_error(&argv[0], replace_process(cmd)))
}

/// The command to run: the one given, else `$SHELL`, else `/bin/sh`.
pub(super) fn command_line(args: &ExecArgs, ctx: &Context) -> Vec<String> {
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
pub(super) fn find(name: &str, ctx: &Context) -> Result<std::path::PathBuf> {
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

#[cfg(unix)]
fn replace_process(mut cmd: Command) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    cmd.exec()
}

#[cfg(not(unix))]
fn replace_process(mut cmd: Command) -> std::io::Error {
    match cmd.status() {
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(e) => e,
    }
}

/// Why the program could not be started: a missing interpreter (`#!`) is
/// "not found" (127); everything else, such as a binary for another system
/// or an environment too large to pass, is "cannot run" (126).
pub(super) fn spawn_error(name: &str, e: std::io::Error) -> Error {
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

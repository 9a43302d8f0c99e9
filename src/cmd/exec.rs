//! `ssoenv exec`: run a command with a profile's credentials. On Unix the
//! command replaces ssoenv (execvp), so the terminal, stdin and every signal
//! reach it directly and its exit status (128+N after a signal, as the shell
//! reports it) is the caller's to see. With `--server` the credentials come
//! from a local endpoint instead (see `server.rs`).

use super::Context;
use super::export::credentials;
use super::program::{command_line, find, spawn_error};
use crate::cli::ExecArgs;
use crate::config::Config;
use crate::creds::contract;
use crate::error::Result;
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

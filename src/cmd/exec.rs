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

/// Splits the words after `exec` into the profile and the command, as
/// people type them: `exec dev -- cmd`, `exec dev cmd --flag` (aws-vault's
/// habit), `exec --profile dev cmd`, and `exec -- cmd` (the profile from the
/// environment). clap fills the first word into the profile in the last two;
/// `argv` (the process's) tells whether `--` came before it.
///
/// A command word that starts with `-` where no `--` was typed is a
/// misspelt option (`exec dev --regin x`): that is an error with clap's kind
/// of suggestion, not a command called `--regin`.
pub fn normalize(args: &mut ExecArgs, argv: &[std::ffi::OsString]) -> Result<()> {
    if args.profile_flag.is_some() {
        let first = args.profile.take();
        args.command.splice(0..0, first);
        args.profile = args.profile_flag.take();
    } else if args.profile.is_some() && dash_dash_before_profile(argv) {
        let first = args.profile.take();
        args.command.splice(0..0, first);
    }
    if let Some(word) = args.command.first().filter(|w| w.starts_with('-'))
        && !argv.iter().any(|a| a == "--")
    {
        return Err(misspelt_option(word));
    }
    Ok(())
}

/// The error for an unknown option of `exec`, with the closest ones.
fn misspelt_option(word: &str) -> crate::error::Error {
    use clap::CommandFactory;
    let cli = crate::cli::Cli::command();
    let longs: Vec<String> = cli
        .find_subcommand("exec")
        .into_iter()
        .flat_map(|c| c.get_arguments())
        .chain(cli.get_arguments())
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    let name = word.split('=').next().unwrap_or(word);
    let similar = crate::config::did_you_mean(name, longs.iter());
    crate::error::Error::Usage {
        message: format!("exec: unexpected option {word:?} (a command does not start with '-')"),
        hint: match similar.first() {
            Some(best) => {
                format!("did you mean {best}? A command whose name starts with '-' goes after --")
            }
            None => {
                "see ssoenv exec --help; a command whose name starts with '-' goes after --".into()
            }
        },
    }
}

/// Whether `--` comes before any positional word after `exec` in `argv`.
fn dash_dash_before_profile(argv: &[std::ffi::OsString]) -> bool {
    if !argv.iter().any(|a| a == "--") {
        return false;
    }
    // exec's own options (the global ones take no value): building only
    // these costs a fraction of the whole command line's definition.
    use clap::Args;
    let exec = ExecArgs::augment_args(clap::Command::new("exec"));
    // Options that take a value (whose next word is that value).
    let takes_value = |word: &str| {
        exec.get_arguments().any(|a| {
            !a.is_positional()
                && a.get_action().takes_values()
                && (word
                    .strip_prefix("--")
                    .is_some_and(|l| a.get_long() == Some(l))
                    || word.strip_prefix('-').is_some_and(|s| {
                        s.len() == 1 && a.get_short().map(String::from).as_deref() == Some(s)
                    }))
        })
    };
    let mut words = argv
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy())
        .skip_while(|w| w != "exec")
        .skip(1);
    while let Some(word) = words.next() {
        if word == "--" {
            return true;
        }
        if word.starts_with('-') && word.len() > 1 {
            if !word.contains('=') && takes_value(&word) {
                words.next();
            }
            continue;
        }
        return false;
    }
    false
}

pub fn run(args: &ExecArgs, ctx: &Context) -> Result<()> {
    if args.server {
        return super::server::run(args, ctx);
    }
    let config = Config::load(&ctx.env)?;
    let (profile, creds) = credentials(&config, args.profile.as_deref(), &args.creds, ctx)?;
    super::nesting::warn(ctx, &profile.name, super::nesting::How::Exec);
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
        "running {} with {}{}",
        program.display(),
        profile.name,
        match creds.expiration {
            Some(t) => format!(
                " (credentials until {}, {})",
                crate::cache_format::format_time(t),
                super::ui::human_left(
                    t.unix_timestamp() - time::OffsetDateTime::now_utc().unix_timestamp()
                )
            ),
            None => " (credentials without an expiry)".into(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// (profile, command) as `normalize` leaves them for `ssoenv ARGS`.
    fn split(line: &str) -> (Option<String>, Vec<String>) {
        let argv: Vec<std::ffi::OsString> = std::iter::once("ssoenv")
            .chain(line.split_whitespace())
            .map(Into::into)
            .collect();
        let cli = crate::cli::Cli::try_parse_from(&argv).unwrap();
        let crate::cli::Command::Exec(mut args) = cli.command else {
            panic!("not exec")
        };
        normalize(&mut args, &argv).unwrap();
        (args.profile, args.command)
    }

    #[test]
    fn the_profile_and_the_command_as_people_type_them() {
        let p = |s: &str| Some(s.to_string());
        let c = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        assert_eq!(split("exec dev -- aws s3 ls"), (p("dev"), c("aws s3 ls")));
        assert_eq!(
            split("exec dev aws s3 ls --recursive"),
            (p("dev"), c("aws s3 ls --recursive"))
        );
        assert_eq!(split("exec -- aws s3 ls"), (None, c("aws s3 ls")));
        assert_eq!(
            split("-v exec --region x -- aws --region y"),
            (None, c("aws --region y"))
        );
        assert_eq!(split("exec --region x dev -- aws"), (p("dev"), c("aws")));
        assert_eq!(
            split("exec --profile dev aws s3 ls -v"),
            (p("dev"), c("aws s3 ls -v"))
        );
        assert_eq!(split("exec --profile dev -- aws"), (p("dev"), c("aws")));
        assert_eq!(
            split("exec -d 1h dev terraform plan"),
            (p("dev"), c("terraform plan"))
        );
        assert_eq!(split("exec dev"), (p("dev"), vec![]));
        assert_eq!(split("exec dev aws -- x"), (p("dev"), c("aws -- x")));
        assert_eq!(split("exec dev -- -weird"), (p("dev"), c("-weird")));
    }

    #[test]
    fn a_misspelt_option_is_not_a_command() {
        let argv: Vec<std::ffi::OsString> = ["ssoenv", "exec", "dev", "--regin", "x"]
            .iter()
            .map(Into::into)
            .collect();
        let cli = crate::cli::Cli::try_parse_from(&argv).unwrap();
        let crate::cli::Command::Exec(mut args) = cli.command else {
            panic!("not exec")
        };
        let e = normalize(&mut args, &argv).unwrap_err();
        assert_eq!(e.exit_code(), 64);
        assert!(
            e.hint().unwrap().contains("did you mean --region?"),
            "{:?}",
            e.hint()
        );
    }
}

//! `ssoenv exec --server`: run a command that asks a loopback endpoint for its
//! credentials (the container-credentials protocol, aws-facts §8) instead of
//! holding keys in its environment, so they are renewed for as long as it runs.
//! ssoenv stays the command's parent: it forwards signals, waits, and exits
//! with the command's status. The async runtime exists only on this path.

mod child;
mod http;
mod provider;

use super::Context;
use super::export::credentials;
use super::login::sign_in_options;
use super::program::{command_line, find, spawn_error};
use crate::cli::ExecArgs;
use crate::config::Config;
use crate::creds::contract;
use crate::creds::resolve::Resolver;
use crate::error::{Error, Result};
use crate::shell::Op;
use provider::Provider;
use std::sync::Arc;

/// Where the child finds the endpoint and the secret it must present.
const FULL_URI: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
const AUTH_TOKEN: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";

/// Set by the contract for plain `exec`; the child must not get them here.
const NOT_FOR_THE_CHILD: [&str; 6] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    contract::EXPIRES_MARK,
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
];

pub fn run(args: &ExecArgs, ctx: &Context) -> Result<()> {
    let config = Config::load(&ctx.env)?;
    // Resolved once up front: a sign-in (on a terminal) or a config error
    // happens before the command exists, as with plain `exec`.
    let (profile, creds) = credentials(&config, args.profile.as_deref(), &args.creds, ctx)?;
    super::nesting::warn(ctx, &profile.name, super::nesting::How::Exec);
    let argv = command_line(args, ctx);
    let program = find(&argv[0], ctx)?;
    let token = random_token()?;

    let net = ctx.network(&config, config.profiles.get(&profile.name));
    let (config, env, name) = (
        Arc::new(config),
        Arc::new(ctx.env.clone()),
        profile.name.clone(),
    );
    let sign_in = sign_in_options(ctx, false);
    let mfa_code = args.creds.mfa_code.clone();
    let duration = super::pick::duration(&args.creds)?;
    let for_fetch = profile.clone();
    let fetch = move |min_ttl: i64| {
        let resolver = Resolver {
            config: &config,
            env: &env,
            net: &net,
            min_ttl,
            may_sign_in: false,
            sign_in,
            mfa_code: mfa_code.clone(),
            interactive: false,
            duration,
        };
        let mut ui = super::ui::TerminalUi::new(&env, false, String::new());
        // Warnings would repeat on every renewal; failures are reported once by the provider.
        resolver
            .resolve(&for_fetch, &mut ui, &mut |_| {})
            .map(|(c, _)| c)
    };
    let watch = [".aws/sso/cache", ".aws/cli/cache"]
        .iter()
        .filter_map(|p| ctx.env.home().map(|h| h.join(p)))
        .collect();
    let provider = Arc::new(Provider::new(
        creds,
        Box::new(fetch),
        watch,
        name.clone(),
        ctx.verbose > 0,
    ));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| io_error("start the credential server", e))?;
    let code = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| io_error("listen on 127.0.0.1", e))?;
        let port = listener
            .local_addr()
            .map_err(|e| io_error("listen on 127.0.0.1", e))?
            .port();
        let url = format!("http://127.0.0.1:{port}{}", http::PATH);
        // Handlers before the child exists, so no signal meant for it is lost.
        let signals = child::Signals::install().map_err(|e| io_error("handle signals", e))?;
        let mut cmd = tokio::process::Command::new(&program);
        cmd.args(&argv[1..]);
        for op in child_ops(args, &profile, &url, &token, ctx, &provider) {
            match op {
                Op::Set(k, v) => cmd.env(k, v),
                Op::Unset(k) => cmd.env_remove(k),
            };
        }
        // If ssoenv itself is killed (SIGKILL, OOM), the command is told with
        // SIGTERM instead of running on against an endpoint that is gone.
        #[cfg(target_os = "linux")]
        // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut process = cmd.spawn().map_err(|e| spawn_error(&argv[0], e))?;
        let stop = Arc::new(tokio::sync::Notify::new());
        let server = tokio::spawn(http::serve(
            listener,
            provider.clone(),
            token.clone(),
            stop.clone(),
        ));
        if ctx.verbose > 0 {
            eprintln!(
                "ssoenv: running {} with {name}, credentials served on {url}",
                program.display()
            );
        }
        let status = child::wait(&mut process, signals)
            .await
            .map_err(|e| io_error("wait for the command", e))?;
        stop.notify_one();
        let _ = server.await;
        Ok::<i32, Error>(child::exit_code(status))
    })?;
    // A renewal still running on a blocking thread is abandoned, not awaited.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    std::process::exit(code)
}

/// The contract's region and profile variables, the endpoint instead of keys.
fn child_ops(
    args: &ExecArgs,
    profile: &crate::config::profile::Profile,
    url: &str,
    token: &str,
    ctx: &Context,
    provider: &Provider,
) -> Vec<Op> {
    let mut ops: Vec<Op> = contract::ops(
        &profile.name,
        &provider.current(),
        args.creds.region.as_deref(),
        profile.region.as_deref(),
        &ctx.env,
    )
    .into_iter()
    .filter(
        |op| !matches!(op, Op::Set(k, _) | Op::Unset(k) if NOT_FOR_THE_CHILD.contains(&k.as_str())),
    )
    .collect();
    ops.extend(NOT_FOR_THE_CHILD.iter().map(|k| Op::Unset(k.to_string())));
    ops.push(Op::Set(FULL_URI.into(), url.into()));
    ops.push(Op::Set(AUTH_TOKEN.into(), token.into()));
    ops
}

/// 256 random bits, hex: the secret a request must carry.
fn random_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Usage {
        message: format!("cannot get random bytes: {e}"),
        hint: String::new(),
    })?;
    Ok(hex::encode(bytes))
}

fn io_error(action: &str, e: std::io::Error) -> Error {
    Error::Usage {
        message: format!("cannot {action}: {e}"),
        hint: String::new(),
    }
}

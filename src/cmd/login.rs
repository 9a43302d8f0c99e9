//! `ssoenv login`: sign in to a profile's SSO session (PKCE in the browser by
//! default, the device flow for legacy profiles or `--device-code`), unless the
//! cached token still has more than 15 minutes, which it says instead.

use super::Context;
use super::target;
use super::ui::{TerminalUi, human_left};
use crate::cli::LoginArgs;
use crate::config::Config;
use crate::endpoints::{self, Service};
use crate::error::{Error, Result};
use crate::sso::oidc::Flow;
use crate::sso::session::{self, Outcome};
use crate::sso::signin::{self, SignInOptions};
use crate::sso::token_cache::{self, format_time};
use std::time::Duration;
use time::OffsetDateTime;

pub fn run(args: &LoginArgs, ctx: &Context) -> Result<()> {
    let config = Config::load(&ctx.env)?;
    let picked = match args.sso_session {
        Some(_) => None,
        None => Some(super::pick::profile(
            &config,
            super::pick::named(&args.profile, &args.profile_flag),
            super::pick::Offer::Sso,
            ctx,
        )?),
    };
    // A picked name counts as typed; one from the environment keeps its origin.
    let named = match &picked {
        Some((name, None)) => Some(name.as_str()),
        _ => super::pick::named(&args.profile, &args.profile_flag),
    };
    let target = target::resolve(&config, &ctx.env, named, args.sso_session.as_deref())?;
    let (token, outcome) = token_for(
        ctx,
        &config,
        &target,
        &Want {
            may_sign_in: true,
            force: args.force,
            renew_low: true,
            device_code: args.device_code,
            open_browser: !args.no_browser,
        },
    )?;
    let left = human_left(token.seconds_left(OffsetDateTime::now_utc()));
    let until = format_time(token.expires_at);
    let what = match outcome {
        Outcome::Cached => format!(
            "already signed in to {} (token valid until {until}, {left}); --force signs in again",
            target.label()
        ),
        Outcome::Refreshed => format!(
            "refreshed the token of {} (valid until {until}, {left})",
            target.label()
        ),
        Outcome::SignedIn => format!(
            "signed in to {} (token valid until {until}, {left})",
            target.label()
        ),
    };
    eprintln!("ssoenv: {what}");
    Ok(())
}

/// Sign-in settings from the command line and the environment: the flow
/// (`--device-code`, then `SSOENV_LOGIN_FLOW`; the session's saved choice
/// comes after both) and `SSOENV_LOGIN_TIMEOUT` (seconds to approve in the
/// browser; default and for 0: 600).
pub fn sign_in_options(ctx: &Context, device_code: bool) -> SignInOptions {
    let timeout = ctx
        .env
        .non_empty("SSOENV_LOGIN_TIMEOUT")
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|v| *v > 0)
        .unwrap_or(600);
    let env_flow = ctx.env.non_empty("SSOENV_LOGIN_FLOW");
    let (flow, bad_flow_env) = if device_code {
        (Some(Flow::Device), false)
    } else {
        match env_flow.map(signin::parse_flow) {
            Some(Some(flow)) => (Some(flow), false),
            Some(None) => (None, true),
            None => (None, false),
        }
    };
    SignInOptions {
        flow,
        bad_flow_env,
        timeout: Duration::from_secs(timeout),
    }
}

/// `~/.aws/sso/cache`, or an error when there is no home folder.
pub fn sso_cache_dir(ctx: &Context) -> Result<std::path::PathBuf> {
    token_cache::cache_dir(&ctx.env).ok_or_else(|| Error::Usage {
        message: "cannot tell where the home folder is".into(),
        hint: "set HOME".into(),
    })
}

/// A usable token for `target` (cached, refreshed, or signed in when
/// `may_sign_in`) and the portal URL to use it with: what `configure` and
/// `populate` need before they list accounts and roles.
pub fn portal_access(
    ctx: &Context,
    config: &Config,
    target: &target::Target,
    may_sign_in: bool,
    device_code: bool,
    open_browser: bool,
) -> Result<(token_cache::Token, String)> {
    let want = Want {
        may_sign_in,
        force: false,
        renew_low: false,
        device_code,
        open_browser,
    };
    let (token, _) = token_for(ctx, config, target, &want)?;
    let portal = endpoints::resolve(
        Service::Sso,
        session::portal_region(&token, &target.session),
        target.profile,
        config,
        &ctx.env,
    );
    ctx.note(format_args!("sso portal endpoint: {}", portal.url));
    Ok((token, portal.url))
}

/// What a command wants of the token: see [`session::Request`].
struct Want {
    may_sign_in: bool,
    force: bool,
    renew_low: bool,
    device_code: bool,
    open_browser: bool,
}

/// The token of `target`'s session, by the rules of [`session::ensure_token`].
fn token_for(
    ctx: &Context,
    config: &Config,
    target: &target::Target,
    want: &Want,
) -> Result<(token_cache::Token, Outcome)> {
    let cache_dir = sso_cache_dir(ctx)?;
    let oidc = endpoints::resolve(
        Service::SsoOidc,
        &target.session.region,
        target.profile,
        config,
        &ctx.env,
    );
    ctx.note(format_args!("sso-oidc endpoint: {}", oidc.url));
    let net = ctx.network(config, target.profile);
    let req = session::Request {
        session: &target.session,
        cache_dir: &cache_dir,
        oidc: &oidc,
        region_home: session::region_home(
            config,
            &target.session,
            target.profile.map(|p| p.name.as_str()),
        ),
        env: &ctx.env,
        net: &net,
        may_sign_in: want.may_sign_in,
        force: want.force,
        renew_low: want.renew_low,
        login_hint: target.login_hint.clone(),
        options: sign_in_options(ctx, want.device_code),
    };
    let mut ui = TerminalUi::new(&ctx.env, want.open_browser, target.label());
    session::ensure_token(&req, &mut ui, &mut |w| ctx.warn(w))
}

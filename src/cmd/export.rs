//! `ssoenv export`: a profile's credentials as code for a shell (or dotenv,
//! JSON, or the `credential_process` format). With cached credentials this
//! reads three small files and touches no network.

use super::Context;
use super::login::{sign_in_options, sso_cache_dir};
use super::ui::TerminalUi;
use crate::cache_format::format_time;
use crate::cli::{CredentialProcessArgs, CredsArgs, ExportArgs};
use crate::config::Config;
use crate::config::profile::{Profile, Source};
use crate::creds::cache as role_cache;
use crate::creds::contract;
use crate::creds::resolve::{Credentials, Origin, Resolver};
use crate::error::Result;
use crate::output;
use crate::shell::{self, Format};
use std::io::IsTerminal;

pub fn run(args: &ExportArgs, ctx: &Context) -> Result<()> {
    let config = Config::load(&ctx.env)?;
    let (profile, text) = code(
        &config,
        super::pick::named(&args.profile, &args.profile_flag),
        &args.creds,
        args.format,
        ctx,
    )?;
    if std::io::stdout().is_terminal()
        && let Some(hint) = eval_hint(args.format, &profile.name)
    {
        eprintln!("ssoenv: {hint}");
    }
    output::print(&text)
}

/// On a terminal, exports only print: the one line that loads them into
/// this shell instead (none for the formats that are not shell code).
fn eval_hint(format: Format, profile: &str) -> Option<String> {
    let name = shell::hint_word(profile);
    let line = match format {
        Format::Sh | Format::Bash | Format::Zsh => format!("eval \"$(ssoenv export {name})\""),
        Format::Fish => format!("ssoenv export {name} --format fish | source"),
        Format::Powershell => {
            format!("ssoenv export {name} --format powershell | Invoke-Expression")
        }
        Format::Dotenv | Format::Json | Format::CredentialProcess => return None,
    };
    Some(format!(
        "this only prints the variables; to load them into this shell, run: {line} \
         (or `ssoenv use {name}` with the hook from `ssoenv init`)"
    ))
}

/// The selected profile's credentials as `format` (also what `ssoenv use`
/// prints for the hook), and the profile.
pub fn code(
    config: &Config,
    profile: Option<&str>,
    args: &CredsArgs,
    format: Format,
    ctx: &Context,
) -> Result<(Profile, String)> {
    let (profile, creds) = credentials(config, profile, args, ctx)?;
    let text = match format {
        Format::CredentialProcess => credential_process_json(&creds),
        format => {
            let ops = contract::ops(
                &profile.name,
                &creds,
                args.region.as_deref(),
                profile.region.as_deref(),
                &ctx.env,
            );
            shell::render(format, &ops)
        }
    };
    Ok((profile, text))
}

/// `ssoenv credential-process PROFILE`: the same as `export --format credential-process`.
pub fn run_credential_process(args: &CredentialProcessArgs, ctx: &Context) -> Result<()> {
    let config = Config::load(&ctx.env)?;
    let profile = super::pick::named(&args.profile, &args.profile_flag);
    let (_, creds) = credentials(&config, profile, &args.creds, ctx)?;
    output::print(&credential_process_json(&creds))
}

/// Resolves the selected profile's credentials, signing in inline only when
/// allowed and on a terminal.
pub fn credentials(
    config: &Config,
    profile: Option<&str>,
    args: &CredsArgs,
    ctx: &Context,
) -> Result<(Profile, Credentials)> {
    let (name, from) = super::pick::profile(config, profile, super::pick::Offer::Any, ctx)?;
    let profile = config.resolve(&name).map_err(|e| e.named_by(&name, from))?;
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let net = ctx.network(config, config.profiles.get(&name));
    let resolver = Resolver {
        config,
        env: &ctx.env,
        net: &net,
        min_ttl: args.min_ttl,
        may_sign_in: interactive && !args.no_login,
        sign_in: sign_in_options(ctx, false),
        mfa_code: args.mfa_code.clone(),
        interactive,
        duration: super::pick::duration(args)?,
    };
    // Fail early (before any lock) when there is no home folder at all.
    sso_cache_dir(ctx)?;
    let mut ui = TerminalUi::new(&ctx.env, true, format!("profile {name}"));
    let (creds, origin) = resolver.resolve(&profile, &mut ui, &mut |w| ctx.warn(w))?;
    // Only with -v: naming the cache file hashes the cache key again, work a
    // cached export has no other need for.
    if ctx.verbose > 0 {
        ctx.note(format_args!(
            "credentials for {name} from {}",
            describe_origin(origin, &profile, ctx)
        ));
    }
    Ok((profile, creds))
}

/// Where credentials came from, in words for `-v`: a place or a service, never
/// a key or a token.
fn describe_origin(origin: Origin, profile: &Profile, ctx: &Context) -> String {
    match origin {
        Origin::Cache => match role_cache_file(profile, ctx) {
            Some(file) => format!("the cache ({file})"),
            None => "the cache".into(),
        },
        Origin::Portal => "the SSO portal".into(),
        Origin::Sts => "STS AssumeRole".into(),
        Origin::Process => "credential_process".into(),
        Origin::Files => "static keys".into(),
        Origin::Environment => "the environment (AWS_ACCESS_KEY_ID)".into(),
    }
}

/// The role cache file of an SSO or assume-role profile, `~`-shortened.
fn role_cache_file(profile: &Profile, ctx: &Context) -> Option<String> {
    let key = match &profile.source {
        Source::Sso(role) => role_cache::sso_key(role),
        Source::AssumeRole(role) => role_cache::assume_role_key(role),
        _ => return None,
    };
    let path = role_cache::cache_path(&role_cache::cache_dir(&ctx.env)?, &key);
    Some(
        match ctx.env.home().and_then(|h| path.strip_prefix(h).ok()) {
            Some(rest) => format!("~/{}", rest.display()),
            None => path.display().to_string(),
        },
    )
}

/// The `Version: 1` JSON that `credential_process` expects.
pub fn credential_process_json(creds: &Credentials) -> String {
    let mut v = serde_json::json!({
        "Version": 1,
        "AccessKeyId": creds.access_key_id,
        "SecretAccessKey": creds.secret_access_key,
    });
    if let Some(t) = &creds.session_token {
        v["SessionToken"] = t.clone().into();
    }
    if let Some(e) = creds.expiration {
        v["Expiration"] = format_time(e).into();
    }
    let mut text = v.to_string();
    text.push('\n');
    text
}

//! `ssoenv logout`: end the portal session of a token, then delete the token
//! and the role credentials cached from it, and say what was removed. A portal
//! that cannot be reached does not stop the local clean-up.

use super::Context;
use super::login::sso_cache_dir;
use super::target::{self, Target};
use crate::cli::LogoutArgs;
use crate::config::Config;
use crate::creds::cache as role_cache;
use crate::endpoints::{self, Service};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::sso::http::Http;
use crate::sso::{portal, session, token_cache};
use std::path::Path;
use std::time::Duration;
use time::OffsetDateTime;

/// The most the best-effort Logout call may take (less if `SSOENV_READ_TIMEOUT`
/// is shorter): a silent portal must not hold up the local clean-up.
const LOGOUT_LIMIT: Duration = Duration::from_secs(5);

pub fn run(args: &LogoutArgs, ctx: &Context) -> Result<()> {
    let config = Config::load(&ctx.env)?;
    let targets: Vec<Target> = if args.all {
        target::all_sessions(&config)
    } else {
        vec![target::resolve(
            &config,
            &ctx.env,
            args.profile.as_deref(),
            args.sso_session.as_deref(),
        )?]
    };
    let cache_dir = sso_cache_dir(ctx)?;
    let role_dir = role_cache::cache_dir(&ctx.env);
    for t in &targets {
        let path = token_cache::token_path(&cache_dir, &t.session);
        let token = token_cache::read(&path).unwrap_or_else(|e| {
            ctx.warn(format_args!("{e}; deleting it"));
            None
        });
        let mut portal_note = String::new();
        if let Some(token) = token.filter(|tok| tok.seconds_left(OffsetDateTime::now_utc()) > 0) {
            let base = endpoints::resolve(
                Service::Sso,
                session::portal_region(&token, &t.session),
                t.profile,
                &config,
                &ctx.env,
            );
            // Each session with its own profile's trust settings; the local
            // clean-up happens whatever becomes of the portal call.
            let net = ctx.network(&config, t.profile);
            let ended = Http::with_read_limit(&ctx.env, &net, LOGOUT_LIMIT)
                .and_then(|http| portal::logout(&http, &base.url, &token.access_token));
            match ended {
                Ok(()) => portal_note = "ended the portal session, ".into(),
                Err(e) => ctx.warn(format_args!(
                    "could not end the portal session ({e}); removing the local files anyway"
                )),
            }
        }
        let mut removed = Vec::new();
        if remove(&path)? {
            removed.push("the token".to_string());
        }
        let mut creds = 0;
        if let Some(dir) = &role_dir {
            for (_, role) in target::roles_of(&config, &t.session) {
                if remove(&role_cache::cache_path(dir, &role_cache::sso_key(&role)))? {
                    creds += 1;
                }
            }
        }
        if creds > 0 {
            removed.push(format!(
                "{creds} cached role credential{}",
                if creds == 1 { "" } else { "s" }
            ));
        }
        let what = if removed.is_empty() {
            "nothing was cached".to_string()
        } else {
            format!("removed {}", removed.join(" and "))
        };
        eprintln!("ssoenv: signed out of {}: {portal_note}{what}", t.label());
    }
    if targets.is_empty() {
        eprintln!("ssoenv: no SSO sessions in the config");
    }
    // Temp files that killed ssoenv processes left long ago hold tokens and
    // keys too; they go with the rest.
    fsutil::remove_stale_temps(&cache_dir);
    if let Some(dir) = &role_dir {
        fsutil::remove_stale_temps(dir);
    }
    Ok(())
}

/// Deletes a file; `Ok(false)` if it was not there.
fn remove(path: &Path) -> Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(Error::CacheIo {
            action: "delete",
            path: path.to_path_buf(),
            source,
        }),
    }
}

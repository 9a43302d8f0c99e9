//! `ssoenv logout`: end the portal session of a token, then delete the token
//! and the role credentials cached from it, and say what was removed. A portal
//! that cannot be reached does not stop the local clean-up.

use super::Context;
use super::login::sso_cache_dir;
use super::target::{self, Target};
use crate::cli::LogoutArgs;
use crate::config::Config;
use crate::config::profile::{RoleSource, Source, SsoSession};
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
            super::pick::named(&args.profile, &args.profile_flag),
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
        // Under the token's lock, as a renewal takes it: a renewal running now
        // finishes first, and none writes a token back after this. A session
        // never used here (no token, no lock file) has nothing to wait for,
        // and gets no cache folder or lock file made for it.
        let mut lock_name = path.as_os_str().to_os_string();
        lock_name.push(".lock");
        let used = path.exists() || Path::new(&lock_name).exists();
        let token_lock = if used {
            Some(session::lock(&path, false, &ctx.env)?)
        } else {
            None
        };
        if remove(&path)? {
            removed.push("the token".to_string());
        }
        drop(token_lock);
        let mut creds = 0;
        if let Some(dir) = &role_dir {
            for key in session_cache_keys(&config, &t.session) {
                if remove_locked(&role_cache::cache_path(dir, &key), ctx)? {
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
    if args.all
        && let Some(dir) = &role_dir
    {
        // As `aws sso logout`: every role credential the portal gave, by what
        // the file says, whatever profiles the config has today.
        let swept = sweep_sso_credentials(dir, ctx)?;
        if swept > 0 {
            eprintln!(
                "ssoenv: removed {swept} more cached role credential{} from SSO sessions",
                if swept == 1 { "" } else { "s" }
            );
        }
    }
    // Temp files that killed ssoenv processes left long ago hold tokens and
    // keys too; they go with the rest.
    fsutil::remove_stale_temps(&cache_dir);
    if let Some(dir) = &role_dir {
        fsutil::remove_stale_temps(dir);
    }
    Ok(())
}

/// The role-cache keys of everything `session` gave: its SSO roles, and the
/// roles assumed from them (a chain of `source_profile`s down to one of them).
fn session_cache_keys(config: &Config, session: &SsoSession) -> Vec<String> {
    let mut keys: Vec<String> = target::roles_of(config, session)
        .iter()
        .map(|(_, role)| role_cache::sso_key(role))
        .collect();
    for name in config.profiles.keys() {
        let Ok(profile) = config.resolve(name) else {
            continue;
        };
        if let Source::AssumeRole(role) = &profile.source
            && comes_from(config, &role.source, session)
        {
            keys.push(role_cache::assume_role_key(role));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Whether a role's source credentials come, at the end of its chain, from
/// an SSO role of `session`.
fn comes_from(config: &Config, source: &RoleSource, session: &SsoSession) -> bool {
    let mut source = source.clone();
    // A chain longer than the config has profiles is a cycle.
    for _ in 0..=config.profiles.len() {
        let RoleSource::Profile(name) = &source else {
            return false;
        };
        match config.resolve(name).map(|p| p.source) {
            Ok(Source::Sso(role)) => return target::same_session(&role.session, session),
            Ok(Source::AssumeRole(next)) if next.source != source => source = next.source,
            _ => return false,
        }
    }
    false
}

/// Deletes every role-credential file the SSO portal gave (`ProviderType`
/// `sso`), each under its lock; returns how many.
fn sweep_sso_credentials(dir: &Path, ctx: &Context) -> Result<usize> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let from_sso = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .is_some_and(|v| v.get("ProviderType").and_then(|p| p.as_str()) == Some("sso"));
        if from_sso && remove_locked(&path, ctx)? {
            removed += 1;
        }
    }
    Ok(removed)
}

/// Deletes a cache file under its lock (so a fetch running now cannot write
/// it back afterwards); `Ok(false)` if it was not there.
fn remove_locked(path: &Path, ctx: &Context) -> Result<bool> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(false);
    }
    let _lock = session::lock(path, false, &ctx.env)?;
    remove(path)
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

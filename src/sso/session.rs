//! Getting a usable SSO token: the cached one while it has time left; a silent
//! refresh when it runs low; a browser sign-in when nothing else works, but
//! only where one is allowed. A lock file beside the cache makes parallel
//! ssoenv processes run one sign-in (or refresh) and share its result.

use super::http::Http;
use super::oidc::{GRANT_REFRESH, Oidc, Registration};
use super::signin::{self, SignInOptions, SignInUi};
use super::start_url;
use super::token_cache::{self, Token};
use crate::config::profile::SsoSession;
use crate::endpoints::{self, Endpoint, EndpointSource, Service};
use crate::env::Env;
use crate::error::{Error, Result};
use serde_json::json;
use std::fs::File;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

/// Refresh (or, for `login`, re-sign-in) below this many seconds left.
pub const REFRESH_WINDOW: i64 = 15 * 60;
/// A token with less than this left is not handed to commands.
pub const MIN_USABLE: i64 = 60;

/// How the token was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Cached,
    Refreshed,
    SignedIn,
}

/// Everything [`ensure_token`] needs.
pub struct Request<'a> {
    pub session: &'a SsoSession,
    pub cache_dir: &'a Path,
    /// The OIDC endpoint for the session's configured region.
    pub oidc: &'a Endpoint,
    /// Where the AWS CLI would record a region learnt from a custom start
    /// URL: the config file and the section (`sso-session NAME`, or
    /// `profile NAME` for a legacy profile).
    pub region_home: Option<(PathBuf, String)>,
    pub env: &'a Env,
    /// Trust roots and proxies for the requests it makes.
    pub net: &'a crate::net::Network,
    /// Whether a browser sign-in may start (an explicit `login`, or a terminal).
    pub may_sign_in: bool,
    /// `login --force`: sign in even with a valid token.
    pub force: bool,
    /// For `login`: a token with less than [`REFRESH_WINDOW`] left is renewed.
    pub renew_low: bool,
    /// What to tell the user to run when a sign-in is needed and not allowed.
    pub login_hint: String,
    pub options: SignInOptions,
}

impl Request<'_> {
    fn label(&self) -> String {
        match &self.session.name {
            Some(n) => format!("sso-session {n}"),
            None => self.session.start_url.clone(),
        }
    }
}

/// Where `sso_region` of `session` is written: the config file and the
/// section that holds the start URL (`sso-session NAME`, or the legacy
/// `profile`'s own section).
pub fn region_home(
    config: &crate::config::Config,
    session: &SsoSession,
    profile: Option<&str>,
) -> Option<(PathBuf, String)> {
    let path = crate::config::edit::config_path(config).ok()?;
    let section = match (&session.name, profile) {
        (Some(name), _) => format!("sso-session {name}"),
        (None, Some("default")) => "default".to_string(),
        (None, Some(p)) => format!("profile {p}"),
        (None, None) => return None,
    };
    Some((path, section))
}

/// The region of the portal that accepts `token`: where it was issued (a
/// custom start URL may lead to another region than `sso_region` says),
/// else the session's.
pub fn portal_region<'a>(token: &'a Token, session: &'a SsoSession) -> &'a str {
    token
        .region
        .as_deref()
        .filter(|r| !r.is_empty() && token.start_url.as_deref() == Some(&session.start_url))
        .unwrap_or(&session.region)
}

/// Marks the cached token at `path` as expired when it is still `rejected`
/// (the portal answered 401 for it): the next `login` signs in (or
/// refreshes) instead of calling it valid, and commands say to sign in. A
/// token another process has put there meanwhile is left alone. Best effort.
pub fn mark_rejected(path: &Path, rejected: &Token) {
    if let Ok(Some(mut current)) = token_cache::read(path)
        && current.access_token == rejected.access_token
    {
        current.expires_at = OffsetDateTime::now_utc() - time::Duration::seconds(1);
        let _ = token_cache::write(path, &current);
    }
}

/// The token file of the request's session.
pub fn token_path(req: &Request) -> PathBuf {
    token_cache::token_path(req.cache_dir, req.session)
}

/// Reads the cache, warning (not failing) on a corrupt file. A token made
/// for another start URL (the session was repointed since) is not this
/// session's, and is passed over.
fn read_cached(path: &Path, session: &SsoSession, warn: &mut dyn FnMut(String)) -> Option<Token> {
    match token_cache::read(path) {
        Ok(t) => t.filter(|t| {
            t.start_url
                .as_deref()
                .is_none_or(|u| u.trim_end_matches('/') == session.start_url.trim_end_matches('/'))
        }),
        Err(e) => {
            warn(format!("{e}; ignoring it"));
            None
        }
    }
}

/// A token for `req.session`, from the cache, a refresh or a sign-in.
pub fn ensure_token(
    req: &Request,
    ui: &mut dyn SignInUi,
    warn: &mut dyn FnMut(String),
) -> Result<(Token, Outcome)> {
    let path = token_path(req);
    let now = OffsetDateTime::now_utc();
    let cached = read_cached(&path, req.session, warn);
    let threshold = if req.renew_low {
        REFRESH_WINDOW
    } else {
        MIN_USABLE
    };
    if !req.force
        && let Some(t) = &cached
    {
        let left = t.seconds_left(now);
        if left > REFRESH_WINDOW || (left > threshold && !t.refreshable(now)) {
            return Ok((t.clone(), Outcome::Cached));
        }
    }
    // The HTTP client (and its runtime) is built only when the network is needed.
    let cell: std::cell::OnceCell<Http> = std::cell::OnceCell::new();
    let http = || -> Result<&Http> {
        if let Some(h) = cell.get() {
            return Ok(h);
        }
        let h = Http::new(req.env, req.net)?;
        Ok(cell.get_or_init(|| h))
    };

    // Refresh: only under the lock, and only if nobody else did meanwhile.
    if !req.force
        && let Some(t) = cached.as_ref().filter(|t| t.refreshable(now))
    {
        // Another process is signing in or refreshing: a token that still
        // lasts serves meanwhile (the prompt must not wait for a browser).
        let _lock = match lock(&path, req.may_sign_in, req.env) {
            Ok(l) => l,
            Err(Error::Busy { .. }) if t.seconds_left(OffsetDateTime::now_utc()) > threshold => {
                return Ok((t.clone(), Outcome::Cached));
            }
            Err(e) => return Err(e),
        };
        let current = read_cached(&path, req.session, warn);
        if let Some(c) = &current
            && c.seconds_left(OffsetDateTime::now_utc()) > REFRESH_WINDOW
        {
            return Ok((c.clone(), Outcome::Cached));
        }
        let base = current.as_ref().filter(|c| c.refreshable(now)).unwrap_or(t);
        // The room for the new token comes first: AWS replaces the refresh
        // token, so a renewal that cannot be saved would end the session.
        let reserved = match reserve(&path, Some(base)) {
            Ok(r) => r,
            Err(e) => {
                let left = base.seconds_left(OffsetDateTime::now_utc());
                if left > threshold {
                    warn(format!(
                        "not renewing the token of {} now, as the new one could not be saved \
                         ({e}); it lasts {} more minute(s), and the session stays signed in",
                        req.label(),
                        left / 60
                    ));
                    return Ok((base.clone(), Outcome::Cached));
                }
                return Err(e);
            }
        };
        match refresh(http()?, req, base) {
            Ok(new) => {
                reserved
                    .commit(new.to_json().as_bytes())
                    .map_err(|source| Error::TokenNotSaved {
                        session: req.label(),
                        path: path.clone(),
                        source,
                        login_hint: req.login_hint.clone(),
                    })?;
                return Ok((new, Outcome::Refreshed));
            }
            Err(e) => {
                let left = base.seconds_left(OffsetDateTime::now_utc());
                warn(format!(
                    "could not refresh the token of {}: {e}",
                    req.label()
                ));
                if left > threshold {
                    return Ok((base.clone(), Outcome::Cached));
                }
            }
        }
    }

    if !req.may_sign_in {
        let reason = match &cached {
            Some(t) if t.seconds_left(now) > 0 => "its token expires in under a minute",
            Some(_) => "its token has expired",
            // Said as it is: a file that is there but cannot be read is not "no token".
            None if token_cache::read(&path).is_err() => {
                "its token file cannot be read (see the warning above)"
            }
            None => "there is no token",
        };
        return Err(Error::NotSignedIn {
            session: req.label(),
            reason: reason.into(),
            hint: format!("run: {}", req.login_hint),
        });
    }
    let _lock = lock(&path, true, req.env)?;
    // Someone else may have signed in while this process waited for the lock.
    if let Some(c) = read_cached(&path, req.session, warn)
        && c.seconds_left(OffsetDateTime::now_utc()) > REFRESH_WINDOW
        && (!req.force
            || cached
                .as_ref()
                .is_none_or(|old| old.access_token != c.access_token))
    {
        return Ok((c, Outcome::Cached));
    }
    // A sign-in that could not be saved would have to be done again.
    let reserved = reserve(&path, cached.as_ref())?;
    let start = start_url::resolve(req.session, http)?;
    let base = oidc_base(req, &start.region);
    req.net.note(&format!(
        "signing in to {} in {} through {base}",
        start.url, start.region
    ));
    let token = signin::sign_in(
        http()?,
        &base,
        req.session,
        &start,
        req.cache_dir,
        req.options,
        ui,
    )?;
    reserved
        .commit(token.to_json().as_bytes())
        .map_err(|source| Error::CacheIo {
            action: "write",
            path: path.clone(),
            source,
        })?;
    if start.region != req.session.region {
        record_region(req, &start.region, warn);
    }
    Ok((token, Outcome::SignedIn))
}

/// Holds room beside `path` for a token like `like` (twice its size and
/// 4 KiB more: a new token may be longer).
fn reserve(path: &Path, like: Option<&Token>) -> Result<crate::fsutil::Reserved> {
    let size = 2 * like.map_or(0, |t| t.to_json().len()) + 4096;
    crate::fsutil::reserve_private(path, size).map_err(|source| Error::CacheIo {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
}

/// The OIDC endpoint for `region`: the configured endpoint, unless it is
/// the default one and the portal turned out to be in another region.
fn oidc_base(req: &Request, region: &str) -> String {
    if req.oidc.source == EndpointSource::Default && region != req.session.region {
        endpoints::default_url(Service::SsoOidc, region)
    } else {
        req.oidc.url.clone()
    }
}

/// Writes the region a custom start URL led to back as `sso_region`, as the
/// AWS CLI does after its sign-in, so both tools reach the portal where it
/// is; says what changed, or why it could not.
fn record_region(req: &Request, region: &str, warn: &mut dyn FnMut(String)) {
    let Some((path, section)) = &req.region_home else {
        return;
    };
    let written = crate::config::edit::ConfigEdit::open(path).and_then(|mut edit| {
        edit.upsert_section(section, &[("sso_region", region)])?;
        edit.save()
    });
    match written {
        Ok(_) => warn(format!(
            "the start URL of {} leads to a portal in {region}: sso_region is now {region} \
             in [{section}] of {} (it was {:?})",
            req.label(),
            path.display(),
            req.session.region
        )),
        Err(e) => warn(format!(
            "the start URL of {} leads to a portal in {region}, but sso_region says {:?} and \
             could not be updated ({e}): set sso_region = {region} in [{section}]",
            req.label(),
            req.session.region
        )),
    }
}

/// The refresh-token grant; keeps the client and the old refresh token when
/// the answer has none.
fn refresh(http: &Http, req: &Request, old: &Token) -> Result<Token> {
    let reg = Registration {
        client_id: old.client_id.clone().unwrap_or_default(),
        client_secret: old.client_secret.clone().unwrap_or_default(),
        expires_at: old
            .registration_expires_at
            .unwrap_or(OffsetDateTime::UNIX_EPOCH),
        grant_types: vec![GRANT_REFRESH.into()],
        scopes: None,
    };
    let region = old.region.as_deref().unwrap_or(&req.session.region);
    let oidc = Oidc {
        http,
        base: oidc_base(req, region).trim_end_matches('/').to_string(),
    };
    let new = oidc.create_token(
        &reg,
        GRANT_REFRESH,
        json!({"refreshToken": old.refresh_token.clone().unwrap_or_default()}),
    )?;
    let mut token = old.clone();
    token.access_token = new.access_token;
    token.expires_at = OffsetDateTime::now_utc() + time::Duration::seconds(new.expires_in);
    if new.refresh_token.is_some() {
        token.refresh_token = new.refresh_token;
    }
    Ok(token)
}

/// An exclusive lock on `<token file>.lock` (or beside any cache file),
/// released when dropped or when the process dies (flock), so a crashed
/// process never blocks the others.
///
/// A busy lock belongs to another ssoenv that is signing in or fetching. A
/// `patient` caller (one that may sign in itself) waits for it as long as it
/// takes, which a sign-in may; any other caller (`--no-login`, the shell
/// hook's renewal, a `credential_process` run) waits at most twice
/// `SSOENV_READ_TIMEOUT` and a second, then gives up with [`Error::Busy`], so a sign-in in
/// one terminal never freezes the prompt of another. On a terminal the wait
/// is announced.
pub fn lock(token_path: &Path, patient: bool, env: &Env) -> Result<File> {
    // Built from the path's bytes (`display` would replace what is not UTF-8).
    let mut lock_name = token_path.as_os_str().to_os_string();
    lock_name.push(".lock");
    let lock_path = PathBuf::from(lock_name);
    let io = |source| Error::CacheIo {
        action: "lock",
        path: lock_path.clone(),
        source,
    };
    if let Some(dir) = lock_path.parent() {
        crate::fsutil::ensure_private_dir(dir).map_err(io)?;
    }
    let file = crate::fsutil::open_lock_file(&lock_path).map_err(io)?;
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {}
        Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
    }
    // Twice the time limit and a second: what one call of the holder may take
    // (retries included), so that a waiter sees the holder's failure rather
    // than giving up just before it. `SSOENV_LOCK_WAIT` (seconds) says
    // otherwise: the shell hooks give 0, so a prompt never waits.
    let limit = env
        .non_empty("SSOENV_LOCK_WAIT")
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| *v >= 0.0)
        .and_then(|v| std::time::Duration::try_from_secs_f64(v).ok())
        .unwrap_or_else(|| {
            crate::sso::http::read_timeout(env) * 2 + std::time::Duration::from_secs(1)
        });
    if limit.is_zero() && !patient {
        return Err(Error::Busy {
            path: lock_path,
            waited: 0,
        });
    }
    if std::io::stderr().is_terminal() {
        eprintln!(
            "ssoenv: waiting for another ssoenv process (it holds {})",
            lock_path.display()
        );
    }
    if patient {
        file.lock().map_err(io)?;
        return Ok(file);
    }
    let started = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(25));
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < limit => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Busy {
                    path: lock_path,
                    waited: started.elapsed().as_secs(),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
    }
}

/// One fetch for many processes: takes the lock beside `path` (see [`lock`]),
/// asks `recheck` whether another process filled the cache meanwhile, and
/// only then runs `fetch`.
///
/// When `fetch` fails at the endpoint (an error answer, no answer), the
/// failure is written into the lock file before the lock is released, and a
/// process that was already waiting ends with it at once
/// ([`Error::SeenByAnother`]) instead of trying again: forty parallel runs
/// against a failing portal fail in one time limit, not forty in a row. A
/// process that starts later tries for itself. The record names the endpoint
/// and the status, never a secret (it is the error's own message).
pub fn fetch_once<T>(
    path: &Path,
    patient: bool,
    env: &Env,
    recheck: impl FnOnce() -> Option<T>,
    fetch: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let waiting_since = std::time::SystemTime::now();
    let mut held = lock(path, patient, env)?;
    if let Some(v) = recheck() {
        return Ok(v);
    }
    if let Some(failure) = failure_since(&mut held, waiting_since) {
        return Err(failure);
    }
    let result = fetch();
    match &result {
        Err(
            e @ (Error::Api { .. }
            | Error::Network { .. }
            | Error::Tls { .. }
            | Error::Proxy { .. }),
        ) => record_failure(&mut held, e),
        _ => record_failure_text(&mut held, ""),
    }
    result
}

/// What [`fetch_once`] writes into a lock file when a fetch fails.
#[derive(serde::Serialize, serde::Deserialize)]
struct Failure {
    /// Unix seconds.
    at: f64,
    exit: i32,
    message: String,
    hint: Option<String>,
}

fn record_failure(file: &mut File, e: &Error) {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let failure = Failure {
        at,
        exit: e.exit_code(),
        message: e.to_string(),
        hint: e.hint(),
    };
    record_failure_text(file, &serde_json::to_string(&failure).unwrap_or_default());
}

/// Replaces the lock file's text (best effort: the lock works without it).
fn record_failure_text(file: &mut File, text: &str) {
    use std::io::{Seek, Write};
    let _ = file
        .set_len(0)
        .and_then(|()| file.seek(std::io::SeekFrom::Start(0)))
        .and_then(|_| file.write_all(text.as_bytes()));
}

/// The failure recorded in the lock file at or after `since`, if any.
fn failure_since(file: &mut File, since: std::time::SystemTime) -> Option<Error> {
    use std::io::{Read, Seek};
    let mut text = String::new();
    file.seek(std::io::SeekFrom::Start(0)).ok()?;
    file.take(64 * 1024).read_to_string(&mut text).ok()?;
    let failure: Failure = serde_json::from_str(&text).ok()?;
    let since = since
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    (failure.at >= since).then_some(Error::SeenByAnother {
        message: failure.message,
        hint: failure.hint,
        exit: failure.exit,
    })
}

//! The credentials the endpoint hands out: a cached copy while it has time
//! left, renewed by one request at a time (the others wait, then share the
//! result) on a blocking thread. Credentials due for renewal but still valid
//! are handed out at once while the renewal runs in the background, so an SDK
//! (botocore gives up after about 2 s) never waits on a slow endpoint while
//! it could be served. When renewing fails the user hears it once, and a
//! sign-in elsewhere (the caches change) is picked up at the next request.

use crate::cache_format::format_time;
use crate::creds::resolve::Credentials;
use crate::error::Error;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use time::OffsetDateTime;

/// Resolves the profile's credentials, reusing cached ones with this many seconds left. Blocking.
pub type Fetch = Box<dyn Fn(i64) -> Result<Credentials, Error> + Send + Sync>;

/// Renew when less than this is left (or a third of the lifetime, if shorter).
const RENEW_BEFORE: Duration = Duration::from_secs(300);

/// After a failure, wait this long before trying again unless the caches changed.
const RETRY_AFTER: Duration = Duration::from_secs(5);

/// Credentials due for renewal are still handed out at once while they have
/// at least this long left (or a tenth of their lifetime, if shorter); closer
/// to their end, a request waits for the renewal.
const SERVE_MARGIN: Duration = Duration::from_secs(5);

/// How long a request waits for a renewal before it is given the held
/// credentials (while they are servable).
const WAIT_FOR_RENEWAL: Duration = Duration::from_secs(1);

/// Why there are no credentials to give: the body of a 500 answer.
#[derive(Debug, Clone)]
pub struct Unavailable {
    pub code: &'static str,
    pub message: String,
}

struct Held {
    creds: Credentials,
    obtained: OffsetDateTime,
}

impl Held {
    /// Whether these may still be handed out without renewing first.
    fn fresh(&self, now: OffsetDateTime) -> bool {
        let Some(exp) = self.creds.expiration else {
            return true;
        };
        let life: Duration = (exp - self.obtained).try_into().unwrap_or_default();
        let window = RENEW_BEFORE.min(life / 3);
        exp - now >= window
    }

    fn window_secs(&self) -> i64 {
        let life = self.creds.expiration.map_or(RENEW_BEFORE, |e| {
            (e - self.obtained).try_into().unwrap_or_default()
        });
        RENEW_BEFORE.min(life / 3).as_secs_f64().ceil() as i64
    }

    fn valid(&self, now: OffsetDateTime) -> bool {
        self.creds.expiration.is_none_or(|e| e > now)
    }

    /// Whether these have at least [`SERVE_MARGIN`] (or a tenth of their
    /// lifetime) left.
    fn servable(&self, now: OffsetDateTime) -> bool {
        self.creds.expiration.is_none_or(|e| {
            let life: Duration = (e - self.obtained).try_into().unwrap_or_default();
            e - now >= SERVE_MARGIN.min(life / 10)
        })
    }
}

struct Failure {
    at: Instant,
    caches: Vec<Option<SystemTime>>,
    why: Unavailable,
}

struct State {
    held: Held,
    failure: Option<Failure>,
}

pub struct Provider {
    fetch: Arc<Fetch>,
    state: Mutex<State>,
    renewing: tokio::sync::Mutex<()>,
    /// Whether a renewal started by [`Provider::get`] runs in the background.
    background: AtomicBool,
    /// Folders whose change (a new token, new role credentials) is worth a retry.
    watch: Vec<PathBuf>,
    profile: String,
    verbose: bool,
}

impl Provider {
    pub fn new(
        creds: Credentials,
        fetch: Fetch,
        watch: Vec<PathBuf>,
        profile: String,
        verbose: bool,
    ) -> Provider {
        Provider {
            fetch: Arc::new(fetch),
            state: Mutex::new(State {
                held: Held {
                    creds,
                    obtained: OffsetDateTime::now_utc(),
                },
                failure: None,
            }),
            renewing: tokio::sync::Mutex::new(()),
            background: AtomicBool::new(false),
            watch,
            profile,
            verbose,
        }
    }

    /// The credentials held now, whatever their state.
    pub fn current(&self) -> Credentials {
        self.lock().held.creds.clone()
    }

    /// Credentials with enough time left. When the held ones are due for
    /// renewal, one renewal starts in the background and the request waits
    /// for it up to [`WAIT_FOR_RENEWAL`] (or half of what the held ones have
    /// left); if it has not ended by then, the held ones are handed out if
    /// they were [`Held::servable`] (an SDK gives up after about 2 s). Only nearly expired ones make a request
    /// wait for the renewal to end.
    pub async fn get(self: &Arc<Self>) -> Result<Credentials, Unavailable> {
        if let Some(c) = self.fresh() {
            return Ok(c);
        }
        // How long this request may wait for a renewal: a second, or half of
        // what the held credentials have left, so that they still serve after.
        let patience = {
            let st = self.lock();
            let now = OffsetDateTime::now_utc();
            st.held.servable(now).then(|| {
                let left = st.held.creds.expiration.map_or(WAIT_FOR_RENEWAL, |e| {
                    (e - now).try_into().unwrap_or_default()
                });
                WAIT_FOR_RENEWAL.min(left / 2)
            })
        };
        let Some(patience) = patience else {
            return self.renew().await;
        };
        if !self.background.swap(true, Ordering::SeqCst) {
            let me = self.clone();
            tokio::spawn(async move {
                let _ = me.renew().await;
                me.background.store(false, Ordering::SeqCst);
            });
        }
        let started = Instant::now();
        while self.background.load(Ordering::SeqCst) && started.elapsed() < patience {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let st = self.lock();
        if st.held.valid(OffsetDateTime::now_utc()) {
            return Ok(st.held.creds.clone());
        }
        match &st.failure {
            Some(f) => Err(f.why.clone()),
            None => Err(Unavailable {
                code: "CredentialsUnavailable",
                message: format!("the credentials of {} are being renewed", self.profile),
            }),
        }
    }

    /// Renews the credentials (one renewal at a time; the others wait for it
    /// and share its result), or says why they cannot be had.
    async fn renew(&self) -> Result<Credentials, Unavailable> {
        let _one_at_a_time = self.renewing.lock().await;
        if let Some(c) = self.fresh() {
            return Ok(c);
        }
        let caches = self.stamp();
        let (min_ttl, recent) = {
            let st = self.lock();
            let recent = st
                .failure
                .as_ref()
                .filter(|f| f.at.elapsed() < RETRY_AFTER && f.caches == caches)
                .map(|f| f.why.clone());
            (st.held.window_secs(), recent)
        };
        let outcome = match recent {
            Some(why) => Err(why),
            None => {
                let fetch = self.fetch.clone();
                match tokio::task::spawn_blocking(move || fetch(min_ttl)).await {
                    Ok(Ok(creds)) => Ok(creds),
                    Ok(Err(e)) => Err(self.failed(&e, caches)),
                    Err(e) => Err(Unavailable {
                        code: "CredentialsUnavailable",
                        message: format!("renewing failed: {e}"),
                    }),
                }
            }
        };
        let mut st = self.lock();
        match outcome {
            Ok(creds) => {
                if self.verbose {
                    let until = creds.expiration.map_or("never".into(), format_time);
                    eprintln!(
                        "ssoenv: renewed the credentials of {} (valid until {until})",
                        self.profile
                    );
                }
                st.failure = None;
                st.held = Held {
                    creds: creds.clone(),
                    obtained: OffsetDateTime::now_utc(),
                };
                Ok(creds)
            }
            // Not renewable now: what is held still serves while it lasts.
            Err(_) if st.held.valid(OffsetDateTime::now_utc()) => Ok(st.held.creds.clone()),
            Err(why) => Err(why),
        }
    }

    fn fresh(&self) -> Option<Credentials> {
        let st = self.lock();
        st.held
            .fresh(OffsetDateTime::now_utc())
            .then(|| st.held.creds.clone())
    }

    /// Records a failure; tells the user once, until renewing works again.
    fn failed(&self, e: &Error, caches: Vec<Option<SystemTime>>) -> Unavailable {
        let session_gone = matches!(
            e,
            Error::NotSignedIn { .. } | Error::SignIn { .. } | Error::Api { status: 401, .. }
        );
        let why = if session_gone {
            Unavailable {
                code: "SsoSessionExpired",
                message: format!(
                    "the SSO session of profile {:?} has ended: run `ssoenv login {}`",
                    self.profile,
                    crate::shell::hint_word(&self.profile)
                ),
            }
        } else {
            Unavailable {
                code: "CredentialsUnavailable",
                message: format!("cannot renew the credentials of {}: {e}", self.profile),
            }
        };
        let mut st = self.lock();
        if st.failure.is_none() {
            let line = if session_gone {
                format!(
                    "the SSO session of {:?} has ended and cannot be renewed: run `ssoenv login {}` (the command keeps running)",
                    self.profile,
                    crate::shell::hint_word(&self.profile)
                )
            } else {
                why.message.clone()
            };
            eprintln!("ssoenv: {line}");
        }
        st.failure = Some(Failure {
            at: Instant::now(),
            caches,
            why: why.clone(),
        });
        why
    }

    /// The newest modification time in each watched folder.
    fn stamp(&self) -> Vec<Option<SystemTime>> {
        self.watch
            .iter()
            .map(|dir| {
                std::fs::read_dir(dir)
                    .ok()?
                    .filter_map(|e| e.ok()?.metadata().ok()?.modified().ok())
                    .max()
            })
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

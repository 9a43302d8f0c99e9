//! A profile → credentials. SSO roles come from the role-credential cache while
//! they have time left (no network, no HTTP client built), else from the portal
//! with the session's token (refreshing or signing in as the rules allow), and
//! are cached for the AWS CLI and the next run. Static keys come from the files.

use super::cache::{self, CachedCredentials};
use crate::config::Config;
use crate::config::profile::{AssumeRole, Profile, RoleSource, Source, SsoRole};
use crate::endpoints::{self, Service};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::net::Network;
use crate::shell::hint_word;
use crate::sso::http::Http;
use crate::sso::session;
use crate::sso::signin::{SignInOptions, SignInUi};
use crate::sso::{portal, token_cache};
use std::fmt;
use std::path::Path;
use time::OffsetDateTime;

/// Credentials to hand to a program.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    /// `None` for long-term keys.
    pub expiration: Option<OffsetDateTime>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("expiration", &self.expiration)
            .finish_non_exhaustive()
    }
}

/// Where the credentials came from (for `-v` and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Cache,
    Portal,
    Sts,
    Process,
    Files,
    Environment,
}

/// How long a `credential_process` may take.
pub const PROCESS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// What resolving needs besides the profile.
pub struct Resolver<'a> {
    pub config: &'a Config,
    pub env: &'a Env,
    /// Trust roots and proxies for the requests it makes.
    pub net: &'a Network,
    /// Minimum seconds left for a cached entry to be used.
    pub min_ttl: i64,
    /// Whether a browser sign-in may start when no token is usable.
    pub may_sign_in: bool,
    pub sign_in: SignInOptions,
    /// An MFA code given on the command line (`--mfa-code`).
    pub mfa_code: Option<String>,
    /// Whether the user can be asked for an MFA code on the terminal.
    pub interactive: bool,
    /// `--duration`: the session length asked of AssumeRole for the selected
    /// profile (its cache key includes it, as botocore's does).
    pub duration: Option<u32>,
}

impl Resolver<'_> {
    /// Credentials for `profile`.
    pub fn resolve(
        &self,
        profile: &Profile,
        ui: &mut dyn SignInUi,
        warn: &mut dyn FnMut(String),
    ) -> Result<(Credentials, Origin)> {
        self.resolve_within(profile, &profile.name, ui, warn)
    }

    /// Credentials for `profile`, a link in the chain of the `selected` one.
    /// Every AssumeRole of the chain uses the selected profile's STS settings
    /// (region, endpoints), as botocore's session does.
    fn resolve_within(
        &self,
        profile: &Profile,
        selected: &str,
        ui: &mut dyn SignInUi,
        warn: &mut dyn FnMut(String),
    ) -> Result<(Credentials, Origin)> {
        let selected_here = profile.name == selected;
        match &profile.source {
            Source::Sso(role) => {
                if selected_here && let Some(d) = self.duration {
                    warn(format!(
                        "--duration {d} does not apply to profile {:?}: for an SSO profile, \
                         the permission set's session duration (set in IAM Identity Center) \
                         decides how long its credentials last",
                        profile.name
                    ));
                }
                self.sso(profile, role, ui, warn)
            }
            Source::Static {
                access_key_id,
                secret_access_key,
                session_token,
            } => Ok((
                Credentials {
                    access_key_id: access_key_id.clone(),
                    secret_access_key: secret_access_key.clone(),
                    session_token: session_token.clone(),
                    expiration: None,
                },
                Origin::Files,
            )),
            Source::AssumeRole(role) if selected_here && self.duration.is_some() => {
                let role = AssumeRole {
                    duration_seconds: self.duration,
                    ..role.clone()
                };
                self.assume_role(profile, &role, selected, ui, warn)
            }
            Source::AssumeRole(role) => self.assume_role(profile, role, selected, ui, warn),
            Source::Process(command) => Ok((
                super::process::run(command, &profile.name, self.env, PROCESS_TIMEOUT)?,
                Origin::Process,
            )),
            Source::Settings => Err(Error::Usage {
                message: format!("profile {:?} has no credentials of its own", profile.name),
                hint: "name a profile with SSO, keys or a role (see `ssoenv list`)".into(),
            }),
            _ => Err(Error::Usage {
                message: format!(
                    "profile {:?} is {}: ssoenv does not resolve that kind yet",
                    profile.name,
                    profile.kind.as_str()
                ),
                hint: "use the AWS CLI for this profile for now".into(),
            }),
        }
    }

    fn sso(
        &self,
        profile: &Profile,
        role: &SsoRole,
        ui: &mut dyn SignInUi,
        warn: &mut dyn FnMut(String),
    ) -> Result<(Credentials, Origin)> {
        let dir = cache::cache_dir(self.env).ok_or_else(no_home)?;
        let path = cache::cache_path(&dir, &cache::sso_key(role));
        let now = OffsetDateTime::now_utc();
        if let Some(c) = read_usable(&path, now, self.min_ttl, warn) {
            return Ok((from_cache(c), Origin::Cache));
        }
        // One fetch for many processes: lock, then look again (quietly: a
        // corrupt entry was reported above).
        let recheck = || {
            read_usable(&path, OffsetDateTime::now_utc(), self.min_ttl, &mut |_| {})
                .map(|c| (from_cache(c), Origin::Cache))
        };
        session::fetch_once(&path, self.may_sign_in, self.env, recheck, || {
            let section = self.config.profile(&profile.name).ok();
            let token_dir = token_cache::cache_dir(self.env).ok_or_else(no_home)?;
            let oidc = endpoints::resolve(
                Service::SsoOidc,
                &role.session.region,
                section,
                self.config,
                self.env,
            );
            let req = session::Request {
                session: &role.session,
                cache_dir: &token_dir,
                oidc: &oidc,
                region_home: session::region_home(self.config, &role.session, Some(&profile.name)),
                env: self.env,
                net: self.net,
                may_sign_in: self.may_sign_in,
                force: false,
                renew_low: false,
                login_hint: format!("ssoenv login {}", hint_word(&profile.name)),
                options: self.sign_in,
            };
            let (token, _) = session::ensure_token(&req, ui, warn)?;
            let portal_url = endpoints::resolve(
                Service::Sso,
                session::portal_region(&token, &role.session),
                section,
                self.config,
                self.env,
            );
            let http = Http::new(self.env, self.net)?;
            let rc = portal::get_role_credentials(
                &http,
                &portal_url.url,
                &token.access_token,
                &role.account_id,
                &role.role_name,
            )
            .inspect_err(|e| {
                if matches!(e, Error::Api { status: 401, .. }) {
                    // The service no longer takes this token, whatever its
                    // expiry says: `login` must sign in again, not call it valid.
                    session::mark_rejected(
                        &token_cache::token_path(&token_dir, &role.session),
                        &token,
                    );
                }
            })?;
            let expiration =
                OffsetDateTime::from_unix_timestamp_nanos(i128::from(rc.expiration_ms) * 1_000_000)
                    .unwrap_or(now);
            let cached = CachedCredentials {
                access_key_id: rc.access_key_id,
                secret_access_key: rc.secret_access_key,
                session_token: Some(rc.session_token),
                expiration,
                account_id: Some(role.account_id.clone()),
                provider_type: Some("sso".into()),
            };
            cache::write(&path, &cached)?;
            Ok((from_cache(cached), Origin::Portal))
        })
    }
}

impl Resolver<'_> {
    fn assume_role(
        &self,
        profile: &Profile,
        role: &AssumeRole,
        selected: &str,
        ui: &mut dyn SignInUi,
        warn: &mut dyn FnMut(String),
    ) -> Result<(Credentials, Origin)> {
        let dir = cache::cache_dir(self.env).ok_or_else(no_home)?;
        let path = cache::cache_path(&dir, &cache::assume_role_key(role));
        let now = OffsetDateTime::now_utc();
        if let Some(c) = read_usable(&path, now, self.min_ttl, warn) {
            return Ok((from_cache(c), Origin::Cache));
        }
        let source = match &role.source {
            RoleSource::Profile(name) if *name == profile.name => {
                // A profile may name itself to use its own static keys.
                let section = self.config.profile(name)?;
                Credentials {
                    access_key_id: section
                        .get("aws_access_key_id")
                        .unwrap_or_default()
                        .to_string(),
                    secret_access_key: section
                        .get("aws_secret_access_key")
                        .unwrap_or_default()
                        .to_string(),
                    session_token: section.get("aws_session_token").map(str::to_string),
                    expiration: None,
                }
            }
            RoleSource::Profile(name) => {
                let source_profile = self.config.resolve(name)?;
                self.resolve_within(&source_profile, selected, ui, warn)?.0
            }
            RoleSource::Environment => environment_credentials(self.env, &profile.name)?,
            other => {
                return Err(Error::Usage {
                    message: format!(
                        "profile {:?} takes its source credentials from {other:?}, which ssoenv cannot reach",
                        profile.name
                    ),
                    hint: "use source_profile or credential_source = Environment".into(),
                });
            }
        };
        // One AssumeRole for many processes: lock, then look again. The lock is
        // taken only now, with the source credentials in hand, so that it is never
        // held while the source takes its own: two roles of a chain can share a
        // cache file (the key leaves the source out), and a second flock on it
        // from the same process would wait forever.
        //
        // The MFA code is asked for first: a lock held while a prompt waits for
        // the user would stall every other process of this role without a word.
        let token_code = match &role.mfa_serial {
            None => None,
            Some(serial) => Some(self.mfa_code(&profile.name, serial)?),
        };
        let recheck = || {
            read_usable(&path, OffsetDateTime::now_utc(), self.min_ttl, &mut |_| {})
                .map(|c| (from_cache(c), Origin::Cache))
        };
        session::fetch_once(&path, self.may_sign_in, self.env, recheck, || {
            let section = self.config.profile(selected).ok();
            let region = endpoints::client_region(None, section, self.env);
            let sts = endpoints::sts(region, section, self.config, self.env);
            let http = Http::new(self.env, self.net)?;
            let creds = super::sts::assume_role(
                &http,
                &sts.endpoint.url,
                &sts.signing_region,
                &source,
                &super::sts::AssumeRoleParams {
                    role_arn: role.role_arn.clone(),
                    role_session_name: role
                        .role_session_name
                        .clone()
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| super::sts::default_session_name(&profile.name, now)),
                    external_id: role.external_id.clone(),
                    duration_seconds: role.duration_seconds,
                    serial_number: role.mfa_serial.clone(),
                    token_code,
                },
            )?;
            let cached = CachedCredentials {
                access_key_id: creds.access_key_id.clone(),
                secret_access_key: creds.secret_access_key.clone(),
                session_token: creds.session_token.clone(),
                expiration: creds.expiration.unwrap_or(now),
                account_id: crate::config::profile::parse_role_arn(&role.role_arn)
                    .map(|(a, _)| a.to_string()),
                provider_type: None,
            };
            cache::write(&path, &cached)?;
            Ok((creds, Origin::Sts))
        })
    }

    /// The MFA code: `--mfa-code`, else asked on the terminal.
    fn mfa_code(&self, profile: &str, serial: &str) -> Result<String> {
        if let Some(code) = &self.mfa_code {
            return Ok(code.clone());
        }
        if !self.interactive {
            return Err(Error::Usage {
                message: format!("profile {profile:?} needs an MFA code for {serial}"),
                hint: "pass --mfa-code CODE, or run on a terminal to be asked".into(),
            });
        }
        eprint!("MFA code for {serial}: ");
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| Error::Usage {
                message: format!("cannot read the MFA code: {e}"),
                hint: "pass --mfa-code CODE".into(),
            })?;
        Ok(line.trim().to_string())
    }
}

/// `credential_source = Environment`: the keys in ssoenv's own environment.
fn environment_credentials(env: &Env, profile: &str) -> Result<Credentials> {
    match (
        env.non_empty("AWS_ACCESS_KEY_ID"),
        env.non_empty("AWS_SECRET_ACCESS_KEY"),
    ) {
        (Some(a), Some(s)) => Ok(Credentials {
            access_key_id: a.to_string(),
            secret_access_key: s.to_string(),
            session_token: env.non_empty("AWS_SESSION_TOKEN").map(str::to_string),
            expiration: None,
        }),
        _ => Err(Error::Usage {
            message: format!(
                "profile {profile:?} uses credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"
            ),
            hint: "set them, or use source_profile".into(),
        }),
    }
}

fn no_home() -> Error {
    Error::Usage {
        message: "cannot tell where the home folder is".into(),
        hint: "set HOME".into(),
    }
}

fn read_usable(
    path: &Path,
    now: OffsetDateTime,
    min_ttl: i64,
    warn: &mut dyn FnMut(String),
) -> Option<CachedCredentials> {
    match cache::read(path) {
        Ok(c) => c.filter(|c| c.usable(now, min_ttl)),
        Err(e) => {
            warn(format!("{e}; fetching new credentials"));
            None
        }
    }
}

fn from_cache(c: CachedCredentials) -> Credentials {
    Credentials {
        access_key_id: c.access_key_id,
        secret_access_key: c.secret_access_key,
        session_token: c.session_token,
        expiration: Some(c.expiration),
    }
}

//! Which SSO session a command is about: the one of a profile (named on the
//! command line, or AWS_PROFILE, or `default`), or an `[sso-session]` by name.

use crate::config::profile::{Kind, Source, SsoSession};
use crate::config::{self, Config, Section};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::shell::hint_word;

/// A session, the profile it came from (for endpoint settings) and how to
/// tell the user to sign in to it.
pub struct Target<'a> {
    pub session: SsoSession,
    pub profile: Option<&'a Section>,
    pub login_hint: String,
}

impl Target<'_> {
    /// `sso-session corp` or the legacy start URL.
    pub fn label(&self) -> String {
        match &self.session.name {
            Some(n) => format!("sso-session {n}"),
            None => self.session.start_url.clone(),
        }
    }
}

/// The session of `--sso-session NAME`, or of the selected profile.
pub fn resolve<'a>(
    config: &'a Config,
    env: &Env,
    profile: Option<&str>,
    sso_session: Option<&str>,
) -> Result<Target<'a>> {
    if let Some(name) = sso_session {
        return Ok(Target {
            session: config.sso_session(name)?,
            profile: None,
            login_hint: format!("ssoenv login --sso-session {}", hint_word(name)),
        });
    }
    let (name, from) = config::select_profile(profile, env);
    let section = config.profile(&name).map_err(|e| e.named_by(&name, from))?;
    let login_hint = if profile.is_some() || name != "default" {
        format!("ssoenv login {}", hint_word(&name))
    } else {
        "ssoenv login".to_string()
    };
    let resolved = config.resolve(&name)?;
    let session = match resolved.source {
        Source::Sso(role) => role.session,
        // A profile with only `sso_session` (no account/role) can still sign in.
        _ if resolved.kind == Kind::Settings && section.get("sso_session").is_some() => {
            config.sso_session(section.get("sso_session").unwrap_or_default())?
        }
        _ => {
            return Err(Error::Usage {
                message: format!(
                    "profile {name:?} does not use IAM Identity Center (it is {})",
                    resolved.kind.as_str()
                ),
                hint: "name an SSO profile (see `ssoenv list`) or use --sso-session NAME".into(),
            });
        }
    };
    Ok(Target {
        session,
        profile: Some(section),
        login_hint,
    })
}

/// Every session in the config: each valid `[sso-session]`, then each legacy
/// start URL (once), with the first profile that uses it.
pub fn all_sessions(config: &Config) -> Vec<Target<'_>> {
    let mut out: Vec<Target> = Vec::new();
    for name in config.sso_sessions.keys() {
        if let Ok(session) = config.sso_session(name) {
            out.push(Target {
                session,
                profile: None,
                login_hint: format!("ssoenv login --sso-session {}", hint_word(name)),
            });
        }
    }
    for (name, section) in &config.profiles {
        if let Ok(p) = config.resolve(name)
            && let Source::Sso(role) = p.source
            && role.session.name.is_none()
            && !out.iter().any(|t| t.session == role.session)
        {
            out.push(Target {
                session: role.session,
                profile: Some(section),
                login_hint: format!("ssoenv login {}", hint_word(name)),
            });
        }
    }
    out
}

/// The SSO profiles whose credentials come from `session`, with their roles.
pub fn roles_of<'a>(
    config: &'a Config,
    session: &SsoSession,
) -> Vec<(&'a str, crate::config::profile::SsoRole)> {
    config
        .profiles
        .keys()
        .filter_map(|name| match config.resolve(name).ok()?.source {
            Source::Sso(role) if same_session(&role.session, session) => {
                Some((name.as_str(), role))
            }
            _ => None,
        })
        .collect()
}

/// Two sessions share a token: same sso-session name, or same legacy start URL.
pub fn same_session(a: &SsoSession, b: &SsoSession) -> bool {
    match (&a.name, &b.name) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a.start_url == b.start_url,
        _ => false,
    }
}

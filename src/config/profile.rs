//! What a profile is for: each profile classified the way botocore picks a
//! credential provider (assume-role, web identity, SSO, static keys,
//! credential_process), with its settings checked and typed.

use super::{Config, FileKind, Section};
use crate::error::{Error, Result};
use std::borrow::Cow;

/// How a profile gets credentials, in botocore's order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `sso_account_id` + `sso_role_name` with an `sso_session`.
    Sso,
    /// `sso_account_id` + `sso_role_name` with `sso_start_url` in the profile.
    SsoLegacy,
    /// `role_arn` with `source_profile` or `credential_source`.
    AssumeRole,
    /// `role_arn` with `web_identity_token_file`.
    WebIdentity,
    /// `aws_access_key_id` + `aws_secret_access_key`.
    Static,
    /// `credential_process`.
    Process,
    /// Only settings (region, output, ...), no credentials of its own.
    Settings,
}

impl Kind {
    /// The name shown by `list` and used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sso => "sso",
            Kind::SsoLegacy => "sso-legacy",
            Kind::AssumeRole => "assume-role",
            Kind::WebIdentity => "web-identity",
            Kind::Static => "static",
            Kind::Process => "process",
            Kind::Settings => "settings",
        }
    }

    /// Whether a profile of this kind yields credentials.
    pub fn has_credentials(self) -> bool {
        self != Kind::Settings
    }
}

/// The sign-in a token comes from: a named `[sso-session]`, or a legacy start URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoSession {
    /// The `[sso-session]` name; `None` for legacy profiles.
    pub name: Option<String>,
    pub start_url: String,
    pub region: String,
    /// `sso_registration_scopes` as configured, split at commas; `None`
    /// when the key is absent (the AWS CLI hashes that as `null` in the
    /// registration cache key), `Some(vec![])` when it is empty.
    pub scopes: Option<Vec<String>>,
    /// `ssoenv_login_flow` (`device` or `pkce`) of the profile or the
    /// `[sso-session]`, as written: checked only when a sign-in starts, so a
    /// typo never stands in the way of cached credentials.
    pub login_flow: Option<String>,
}

/// The key of a profile or `[sso-session]` that saves the sign-in flow
/// (`device` or `pkce`); botocore passes over keys it does not know.
pub const LOGIN_FLOW_KEY: &str = "ssoenv_login_flow";

/// The scope of a registration when none is configured (the AWS CLI's
/// default for the authorization-code flow).
pub const DEFAULT_SCOPE: &str = "sso:account:access";

impl SsoSession {
    /// The scopes asked for: the configured ones, else [`DEFAULT_SCOPE`].
    pub fn scopes_or_default(&self) -> Vec<String> {
        match &self.scopes {
            Some(s) if !s.is_empty() => s.clone(),
            _ => vec![DEFAULT_SCOPE.to_string()],
        }
    }
}

/// An SSO role: an account and a permission set, reached through a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoRole {
    pub account_id: String,
    pub role_name: String,
    pub session: SsoSession,
}

/// Where an assumed role's source credentials come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleSource {
    Profile(String),
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

/// A role assumed with STS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRole {
    pub role_arn: String,
    pub source: RoleSource,
    pub role_session_name: Option<String>,
    pub external_id: Option<String>,
    pub mfa_serial: Option<String>,
    pub duration_seconds: Option<u32>,
}

/// A profile's credential source, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Sso(SsoRole),
    AssumeRole(AssumeRole),
    WebIdentity {
        role_arn: String,
        token_file: String,
    },
    Static {
        access_key_id: String,
        secret_access_key: String,
        session_token: Option<String>,
    },
    Process(String),
    Settings,
}

/// A checked profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub kind: Kind,
    pub source: Source,
    pub region: Option<String>,
}

const SSO_KEYS: [&str; 4] = [
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
];

/// Classifies a profile without validating it (for display).
pub fn kind_of(section: &Section) -> Kind {
    let from_credentials = |key: &str| {
        section
            .settings
            .get(key)
            .is_some_and(|s| s.file == FileKind::Credentials)
    };
    if section.has("role_arn") && !section.has("web_identity_token_file") {
        Kind::AssumeRole
    } else if section.has("web_identity_token_file") {
        Kind::WebIdentity
    } else if section.has("sso_account_id") || section.has("sso_role_name") {
        if section.has("sso_session") {
            Kind::Sso
        } else {
            Kind::SsoLegacy
        }
    } else if from_credentials("aws_access_key_id") || from_credentials("aws_secret_access_key") {
        Kind::Static
    } else if section.has("credential_process") {
        Kind::Process
    } else if section.has("aws_access_key_id") || section.has("aws_secret_access_key") {
        Kind::Static
    } else {
        Kind::Settings
    }
}

/// The account and role name in `arn:aws:iam::123456789012:role/path/Name`.
pub fn parse_role_arn(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(6, ':');
    let (arn_word, _partition, service, _region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if arn_word != "arn" || service != "iam" {
        return None;
    }
    let role = resource.strip_prefix("role/")?;
    let name = role.rsplit('/').next()?;
    (!account.is_empty() && !name.is_empty()).then_some((account, name))
}

impl Config {
    /// The profile `name`, checked and typed, with its source chain validated.
    pub fn resolve(&self, name: &str) -> Result<Profile> {
        let section = self.profile(name)?;
        let kind = kind_of(section);
        let source = match kind {
            Kind::Sso | Kind::SsoLegacy => Source::Sso(self.sso_role(section)?),
            Kind::AssumeRole => Source::AssumeRole(self.assume_role(section)?),
            Kind::WebIdentity => Source::WebIdentity {
                role_arn: self.required(section, "role_arn")?.to_string(),
                token_file: self
                    .required(section, "web_identity_token_file")?
                    .to_string(),
            },
            Kind::Static => Source::Static {
                access_key_id: self.required(section, "aws_access_key_id")?.to_string(),
                secret_access_key: self.required(section, "aws_secret_access_key")?.to_string(),
                session_token: section
                    .get("aws_session_token")
                    .or_else(|| section.get("aws_security_token"))
                    .map(str::to_string),
            },
            Kind::Process => {
                Source::Process(self.required(section, "credential_process")?.to_string())
            }
            Kind::Settings => Source::Settings,
        };
        Ok(Profile {
            name: name.to_string(),
            kind,
            source,
            region: section
                .get("region")
                .filter(|r| !r.is_empty())
                .map(str::to_string),
        })
    }

    /// An `[sso-session]` by name, checked.
    pub fn sso_session(&self, name: &str) -> Result<SsoSession> {
        let Some(section) = self.sso_sessions.get(name) else {
            return Err(Error::UnknownSsoSession {
                name: shown(name).into_owned(),
                file: self.display_path(FileKind::Config),
                similar: super::did_you_mean(name, self.sso_sessions.keys()),
            });
        };
        let missing: Vec<&str> = ["sso_start_url", "sso_region"]
            .into_iter()
            .filter(|k| section.get(k).is_none_or(str::is_empty))
            .collect();
        if !missing.is_empty() {
            return Err(Error::InvalidProfile {
                profile: name.to_string(),
                message: format!("[sso-session {name}] lacks {}", missing.join(" and ")),
                hint: format!(
                    "add {} to [sso-session {name}] in {}",
                    missing.join(" and "),
                    self.display_path(FileKind::Config)
                ),
            });
        }
        Ok(SsoSession {
            name: Some(name.to_string()),
            start_url: section.get("sso_start_url").unwrap_or_default().to_string(),
            region: section.get("sso_region").unwrap_or_default().to_string(),
            scopes: scopes(section.get("sso_registration_scopes")),
            login_flow: section.get(LOGIN_FLOW_KEY).map(str::to_string),
        })
    }

    fn sso_role(&self, section: &Section) -> Result<SsoRole> {
        let profile = &section.name;
        let mut merged: Vec<(&str, Option<&str>)> =
            SSO_KEYS.iter().map(|k| (*k, section.get(k))).collect();
        let mut scopes_value = section.get("sso_registration_scopes");
        let mut flow_value = section.get(LOGIN_FLOW_KEY);
        let session_name = section.get("sso_session");
        if let Some(session_name) = session_name {
            let Some(session) = self.sso_sessions.get(session_name) else {
                let session_name = shown(session_name);
                return Err(self.invalid(
                    section,
                    "sso_session",
                    format!("sso_session {session_name:?} has no [sso-session {session_name}] section"),
                    format!("add [sso-session {session_name}] with sso_start_url and sso_region, or fix the name"),
                ));
            };
            for (key, setting) in &session.settings {
                let Some(session_value) = setting.value.as_text() else {
                    continue;
                };
                if let Some(profile_value) = section.get(key)
                    && profile_value != session_value
                    // The saved flow is read in any case: `Device` is `device`.
                    && !(key == LOGIN_FLOW_KEY
                        && profile_value.trim().eq_ignore_ascii_case(session_value.trim()))
                {
                    // Values are quoted only for the sso_ settings: any other key
                    // (aws_secret_access_key, say) may hold a secret.
                    let message = if key.starts_with("sso_") {
                        format!(
                            "{key} is {:?} here but {:?} in [sso-session {session_name}]",
                            shown(profile_value),
                            shown(session_value)
                        )
                    } else {
                        format!("{key} differs here and in [sso-session {session_name}]")
                    };
                    return Err(self.invalid(
                        section,
                        key,
                        message,
                        format!("remove {key} from the profile (the sso-session's value is used) or make them equal"),
                    ));
                }
                if let Some(slot) = merged.iter_mut().find(|(k, _)| k == key) {
                    slot.1 = Some(session_value);
                }
                if key == "sso_registration_scopes" {
                    scopes_value = Some(session_value);
                }
                if key == LOGIN_FLOW_KEY {
                    flow_value = Some(session_value);
                }
            }
        }
        let missing: Vec<&str> = merged
            .iter()
            .filter(|(_, v)| v.is_none_or(str::is_empty))
            .map(|(k, _)| *k)
            .collect();
        if !missing.is_empty() {
            let place = match session_name {
                Some(s)
                    if missing
                        .iter()
                        .any(|k| k.starts_with("sso_start") || *k == "sso_region") =>
                {
                    format!("[profile {profile}] or [sso-session {s}]")
                }
                _ => format!("[profile {profile}]"),
            };
            return Err(Error::InvalidProfile {
                profile: profile.clone(),
                message: format!("is set up for SSO but lacks {}", missing.join(", ")),
                hint: format!(
                    "add {} to {place} in {}, or run `ssoenv configure`",
                    missing.join(", "),
                    self.display_path(FileKind::Config)
                ),
            });
        }
        let get = |key: &str| {
            merged
                .iter()
                .find(|(k, _)| *k == key)
                .and_then(|(_, v)| *v)
                .unwrap_or_default()
                .to_string()
        };
        Ok(SsoRole {
            account_id: get("sso_account_id"),
            role_name: get("sso_role_name"),
            session: SsoSession {
                name: session_name.map(str::to_string),
                start_url: get("sso_start_url"),
                region: get("sso_region"),
                scopes: scopes(scopes_value),
                login_flow: flow_value.map(str::to_string),
            },
        })
    }

    fn assume_role(&self, section: &Section) -> Result<AssumeRole> {
        let role_arn = self.required(section, "role_arn")?.to_string();
        let source = match (
            section.get("source_profile"),
            section.get("credential_source"),
        ) {
            (Some(_), Some(_)) => {
                return Err(self.invalid(
                    section,
                    "credential_source",
                    "has both source_profile and credential_source".into(),
                    "keep one of them".into(),
                ));
            }
            (None, None) => {
                return Err(self.invalid(
                    section,
                    "role_arn",
                    "has role_arn but neither source_profile nor credential_source".into(),
                    "add source_profile = <profile with credentials>, or credential_source = Environment".into(),
                ));
            }
            (Some(source), None) => {
                self.check_source_chain(section)?;
                RoleSource::Profile(source.to_string())
            }
            (None, Some(cs)) => match cs {
                "Environment" => RoleSource::Environment,
                "Ec2InstanceMetadata" => RoleSource::Ec2InstanceMetadata,
                "EcsContainer" => RoleSource::EcsContainer,
                other => {
                    return Err(self.invalid(
                        section,
                        "credential_source",
                        format!(
                            "credential_source {:?} is not one the AWS CLI knows",
                            shown(other)
                        ),
                        "use Environment, Ec2InstanceMetadata or EcsContainer".into(),
                    ));
                }
            },
        };
        let duration_seconds = match section.get("duration_seconds") {
            None => None,
            Some(d) => Some(d.trim().parse::<u32>().map_err(|_| {
                self.invalid(
                    section,
                    "duration_seconds",
                    format!(
                        "duration_seconds {:?} is not a whole number of seconds",
                        shown(d)
                    ),
                    "use a number between 900 and 43200".into(),
                )
            })?),
        };
        let opt = |k: &str| section.get(k).map(str::to_string);
        Ok(AssumeRole {
            role_arn,
            source,
            role_session_name: opt("role_session_name"),
            external_id: opt("external_id"),
            mfa_serial: opt("mfa_serial"),
            duration_seconds,
        })
    }

    /// Follows `source_profile` links from `start` and reports a missing link,
    /// a cycle, or a chain that ends in a profile without credentials.
    fn check_source_chain(&self, start: &Section) -> Result<()> {
        let mut chain: Vec<&str> = vec![&start.name];
        let mut current = start;
        while let Some(next_name) = current.get("source_profile") {
            let Some(next) = self.profiles.get(next_name) else {
                return Err(self.invalid(
                    current,
                    "source_profile",
                    format!("source_profile {:?} does not exist", shown(next_name)),
                    "name a profile from `ssoenv list`".into(),
                ));
            };
            let has_static = next.has("aws_access_key_id") || next.has("aws_secret_access_key");
            if chain.contains(&next_name) {
                if next_name == current.name && has_static {
                    return Ok(());
                }
                chain.push(next_name);
                return Err(self.invalid(
                    start,
                    "source_profile",
                    format!("source_profile chain loops: {}", chain.join(" -> ")),
                    "point one of them at a profile with its own credentials".into(),
                ));
            }
            chain.push(next_name);
            match kind_of(next) {
                Kind::AssumeRole => current = next,
                Kind::Settings => {
                    return Err(self.invalid(
                        current,
                        "source_profile",
                        format!("source_profile {next_name:?} has no credentials of its own"),
                        format!("give [profile {next_name}] credentials (SSO, keys or credential_process)"),
                    ));
                }
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    fn required<'a>(&self, section: &'a Section, key: &str) -> Result<&'a str> {
        match section.get(key) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(Error::InvalidProfile {
                profile: section.name.clone(),
                message: format!("lacks {key}"),
                hint: format!(
                    "add {key} to the profile in {}",
                    self.display_path(FileKind::Config)
                ),
            }),
        }
    }

    /// An error about `key` of a profile, naming the file and line it is on.
    fn invalid(&self, section: &Section, key: &str, message: String, hint: String) -> Error {
        let place = section
            .settings
            .get(key)
            .map(|s| format!(" ({}:{})", self.display_path(s.file), s.line))
            .unwrap_or_default();
        Error::InvalidProfile {
            profile: section.name.clone(),
            message: format!("{message}{place}"),
            hint,
        }
    }
}

/// A value as messages show it: its first line only. A continuation line may be
/// an indented `aws_secret_access_key = …` that joined the value above it.
fn shown(value: &str) -> Cow<'_, str> {
    match value.split_once('\n') {
        Some((first, _)) => Cow::Owned(format!("{first} …")),
        None => Cow::Borrowed(value),
    }
}

/// `sso_registration_scopes` as botocore parses it: split at commas, each
/// stripped, empty ones dropped; absent stays absent.
fn scopes(value: Option<&str>) -> Option<Vec<String>> {
    value.map(|v| {
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(config: &str) -> Config {
        Config::from_texts(config, "").unwrap()
    }

    #[test]
    fn incomplete_sso_setups_point_at_ssoenv_configure() {
        let c = cfg("[profile a]\nsso_account_id = 1\nsso_role_name = R\n");
        let hint = c.resolve("a").unwrap_err().hint().unwrap_or_default();
        assert!(hint.ends_with("or run `ssoenv configure`"), "{hint}");
        let hint = c
            .sso_session("nope")
            .unwrap_err()
            .hint()
            .unwrap_or_default();
        assert!(hint.contains("or run `ssoenv configure`"), "{hint}");
    }

    #[test]
    fn classifies_in_botocore_order() {
        let c = Config::from_texts(
            "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = k\n\
             [profile k]\ncredential_process = x\n\
             [profile s]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n\
             [profile l]\nsso_start_url = u\nsso_region = r\nsso_account_id = 1\nsso_role_name = R\n\
             [profile p]\nregion = eu-west-1\n\
             [sso-session corp]\nsso_start_url = https://x\nsso_region = eu-west-1\n",
            "[k]\naws_access_key_id = A\naws_secret_access_key = S\n",
        )
        .unwrap();
        let kinds: Vec<_> = ["r", "k", "s", "l", "p"]
            .iter()
            .map(|n| c.resolve(n).unwrap().kind)
            .collect();
        assert_eq!(
            kinds,
            [
                Kind::AssumeRole,
                Kind::Static,
                Kind::Sso,
                Kind::SsoLegacy,
                Kind::Settings
            ]
        );
    }

    #[test]
    fn sso_session_values_merge_and_must_agree() {
        let base = "[sso-session corp]\nsso_start_url = https://a\nsso_region = us-east-1\nsso_registration_scopes = a, b\n";
        let c = cfg(&format!(
            "[profile d]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n{base}"
        ));
        let Source::Sso(role) = c.resolve("d").unwrap().source else {
            panic!()
        };
        assert_eq!(role.session.start_url, "https://a");
        assert_eq!(role.session.scopes, Some(vec!["a".into(), "b".into()]));
        let c = cfg(&format!(
            "[profile d]\nsso_session = corp\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n{base}"
        ));
        let err = c.resolve("d").unwrap_err().to_string();
        assert!(
            err.contains("sso_region") && err.contains("config:3"),
            "{err}"
        );
    }

    #[test]
    fn reports_unknown_session_missing_keys_and_cycles() {
        let c = cfg("[profile d]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n");
        assert!(c.resolve("d").unwrap_err().to_string().contains("nope"));
        let c = cfg("[profile d]\nsso_start_url = u\nsso_account_id = 1\n");
        let err = c.resolve("d").unwrap_err().to_string();
        assert!(err.contains("sso_region, sso_role_name"), "{err}");
        let c = cfg(
            "[profile a]\nrole_arn = x\nsource_profile = b\n[profile b]\nrole_arn = y\nsource_profile = a\n",
        );
        let err = c.resolve("a").unwrap_err().to_string();
        assert!(err.contains("a -> b -> a"), "{err}");
        let c = Config::from_texts(
            "[profile a]\nrole_arn = x\nsource_profile = a\n",
            "[a]\naws_access_key_id = A\naws_secret_access_key = S\n",
        )
        .unwrap();
        assert_eq!(c.resolve("a").unwrap().kind, Kind::AssumeRole);
    }

    #[test]
    fn role_arn_parts() {
        assert_eq!(
            parse_role_arn("arn:aws:iam::123456789012:role/path/Admin"),
            Some(("123456789012", "Admin"))
        );
        assert_eq!(parse_role_arn("nonsense"), None);
    }
}

//! How ssoenv reaches the network: which certificate authorities it trusts
//! ([`trust`]) and which proxy each request goes through ([`proxy`]), decided
//! once per command from the environment and the profile in use. Deciding
//! reads no file; the roots are loaded only when an HTTP client is built,
//! so the cached path stays free of both.

pub mod proxy;
pub mod trust;

use crate::config::Section;
use crate::env::Env;
use std::sync::Arc;
use trust::Roots;

/// A `-v` note sink handed down from the command (lower layers never print).
pub type Note = Arc<dyn Fn(&str) + Send + Sync>;

/// The network settings of one command.
#[derive(Clone)]
pub struct Network {
    pub roots: Roots,
    pub proxies: proxy::Proxies,
    note: Option<Note>,
    /// The roots once read, so that several clients of one command read them once.
    loaded: std::sync::OnceLock<(rustls::RootCertStore, String)>,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Network")
            .field("roots", &self.roots)
            .field("proxies", &self.proxies)
            .finish_non_exhaustive()
    }
}

impl Network {
    /// The settings for `profile` (the profile the command is about, as
    /// named on the command line or by `AWS_PROFILE`), with botocore's
    /// precedence for the CA bundle: `AWS_CA_BUNDLE`, then the profile's
    /// `ca_bundle`. Both are expanded like botocore's paths (`~`, `$VAR`).
    pub fn new(env: &Env, profile: Option<&Section>) -> Network {
        let named = env
            .non_empty("AWS_CA_BUNDLE")
            .map(|p| (p, "AWS_CA_BUNDLE".to_string()))
            .or_else(|| {
                let section = profile?;
                let path = section.get("ca_bundle").filter(|p| !p.is_empty())?;
                Some((path, format!("ca_bundle of profile {}", section.name)))
            });
        let roots = match named {
            Some((path, setting)) => Roots::Bundle {
                path: env.expand_path(path.trim()),
                setting,
            },
            None => Roots::Default {
                cert_file: env.non_empty("SSL_CERT_FILE").map(Into::into),
                cert_dir: env.non_empty("SSL_CERT_DIR").map(Into::into),
            },
        };
        Network {
            roots,
            proxies: proxy::Proxies::from_env(env),
            note: None,
            loaded: std::sync::OnceLock::new(),
        }
    }

    /// The same settings, with `-v` notes going to `note`.
    pub fn with_note(mut self, note: Note) -> Network {
        self.note = Some(note);
        self
    }

    /// The trusted roots and what they are, read on first use; the first
    /// use also tells `-v` what is trusted and which proxies apply.
    pub fn roots(&self) -> crate::error::Result<(rustls::RootCertStore, String)> {
        if let Some(done) = self.loaded.get() {
            return Ok(done.clone());
        }
        let loaded = self.roots.load()?;
        // The static build does not ask the system (see Cargo.toml).
        let names = if cfg!(target_feature = "crt-static") {
            "; host names looked up in /etc/hosts, then through the servers in /etc/resolv.conf"
        } else {
            ""
        };
        self.note(&format!(
            "HTTPS trusts {}; {}{names}",
            loaded.description,
            self.proxies.describe()
        ));
        Ok(self
            .loaded
            .get_or_init(|| (loaded.store, loaded.description))
            .clone())
    }

    /// A `-v` note, when the command asked for them.
    pub fn note(&self, message: &str) {
        if let Some(n) = &self.note {
            n(message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{FileKind, Setting, Value};

    fn profile(ca: &str) -> Section {
        let mut s = Section {
            name: "dev".into(),
            settings: Default::default(),
        };
        s.settings.insert(
            "ca_bundle".into(),
            Setting::new(Value::Text(ca.into()), FileKind::Config, 1),
        );
        s
    }

    #[test]
    fn the_environment_wins_over_the_profile_and_paths_are_expanded() {
        let env = Env::from_pairs([("HOME", "/home/me"), ("AWS_CA_BUNDLE", "/etc/corp.pem")]);
        let got = Network::new(&env, Some(&profile("~/ca.pem"))).roots;
        assert_eq!(
            got,
            Roots::Bundle {
                path: "/etc/corp.pem".into(),
                setting: "AWS_CA_BUNDLE".into()
            }
        );
        let env = Env::from_pairs([("HOME", "/home/me"), ("AWS_CA_BUNDLE", "")]);
        let got = Network::new(&env, Some(&profile("~/ca.pem"))).roots;
        assert_eq!(
            got,
            Roots::Bundle {
                path: "/home/me/ca.pem".into(),
                setting: "ca_bundle of profile dev".into()
            }
        );
        let env = Env::from_pairs([("SSL_CERT_FILE", "/x.pem")]);
        assert_eq!(
            Network::new(&env, None).roots,
            Roots::Default {
                cert_file: Some("/x.pem".into()),
                cert_dir: None
            }
        );
    }
}

//! `~/.aws/config` and `~/.aws/credentials` → the profiles, sso-sessions and
//! services sections the AWS CLI sees, merged the way botocore merges them.

pub mod edit;
pub mod ini;
pub mod profile;
pub mod pystr;
pub mod shlex;

use crate::env::Env;
use crate::error::{Error, Result};
pub use ini::{Map, Value};
use std::path::{Path, PathBuf};

pub use ini::FileKind;

/// One key of a profile or section, and the file and line it was written on.
pub type Setting = ini::Entry;

/// A named group of settings: a profile, an `[sso-session]` or a `[services]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub settings: Map<Setting>,
}

impl Section {
    /// The text of `key`, if it is set to plain text (sub-sections give `None`).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.settings.get(key).and_then(|s| s.value.as_text())
    }

    /// Whether `key` is present at all.
    pub fn has(&self, key: &str) -> bool {
        self.settings.contains_key(key)
    }
}

/// The two files ssoenv reads, as botocore locates them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPaths {
    /// `AWS_CONFIG_FILE`, default `~/.aws/config`; `None` when set to the empty string.
    pub config: Option<PathBuf>,
    /// `AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`.
    pub credentials: Option<PathBuf>,
}

impl ConfigPaths {
    /// Locates both files from the environment (botocore expands `$VARS` and `~`).
    pub fn from_env(env: &Env) -> Self {
        let locate = |var: &str, default: &str| match env.get(var) {
            Some("") => None,
            Some(path) => Some(env.expand_path(path)),
            None => Some(env.expand_path(default)),
        };
        ConfigPaths {
            config: locate("AWS_CONFIG_FILE", "~/.aws/config"),
            credentials: locate("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"),
        }
    }

    /// The path of one of the two files.
    pub fn path(&self, kind: FileKind) -> Option<&Path> {
        match kind {
            FileKind::Config => self.config.as_deref(),
            FileKind::Credentials => self.credentials.as_deref(),
        }
    }
}

/// Everything both files say, as the AWS CLI sees it.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub paths: Option<ConfigPaths>,
    /// Profiles in botocore's order: config file order, then credentials-only ones.
    pub profiles: Map<Section>,
    pub sso_sessions: Map<Section>,
    pub services: Map<Section>,
}

impl Config {
    /// Reads the files named by the environment. A missing file is an empty one
    /// (as for the AWS CLI); an unreadable or malformed one is an error naming it.
    pub fn load(env: &Env) -> Result<Self> {
        let paths = ConfigPaths::from_env(env);
        let config_text = paths.config.as_deref().map(read_optional).transpose()?;
        let creds_text = paths
            .credentials
            .as_deref()
            .map(read_optional)
            .transpose()?;
        let mut config = Config::default();
        if let (Some(path), Some(Some(bytes))) = (paths.config.as_deref(), config_text) {
            let sections = parse_file(path, &bytes, FileKind::Config)?;
            config.add_config_sections(sections);
        }
        if let (Some(path), Some(Some(bytes))) = (paths.credentials.as_deref(), creds_text) {
            let sections = parse_file(path, &bytes, FileKind::Credentials)?;
            config.add_credentials_sections(sections);
        }
        config.paths = Some(paths);
        Ok(config)
    }

    /// Builds a config from file contents (for tests and tools that already hold them).
    pub fn from_texts(config: &str, credentials: &str) -> Result<Self> {
        let mut out = Config::default();
        out.add_config_sections(parse_file(
            Path::new("config"),
            config.as_bytes(),
            FileKind::Config,
        )?);
        out.add_credentials_sections(parse_file(
            Path::new("credentials"),
            credentials.as_bytes(),
            FileKind::Credentials,
        )?);
        Ok(out)
    }

    /// botocore's `build_profile_map`: `[profile X]`, `[default]`, `[sso-session X]`
    /// and `[services X]`; headers are split shell-style and need exactly two words.
    fn add_config_sections(&mut self, sections: Vec<ini::Section>) {
        for section in sections {
            let header = section.name.clone();
            let target = if header.starts_with("profile") {
                &mut self.profiles
            } else if header.starts_with("sso-session") {
                &mut self.sso_sessions
            } else if header.starts_with("services") {
                &mut self.services
            } else if header == "default" {
                self.profiles
                    .insert("default".into(), to_section("default", section));
                continue;
            } else {
                continue;
            };
            if let Ok(words) = shlex::split(&header)
                && let [_, name] = words.as_slice()
            {
                target.insert(name.clone(), to_section(name, section));
            }
        }
    }

    /// The credentials file: bare section names; its keys win over the config's, key by key.
    fn add_credentials_sections(&mut self, sections: Vec<ini::Section>) {
        for section in sections {
            let name = section.name.clone();
            let incoming = to_section(&name, section);
            match self.profiles.get_mut(&name) {
                Some(existing) => existing.settings.extend(incoming.settings),
                None => {
                    self.profiles.insert(name, incoming);
                }
            }
        }
    }

    /// The files this config was read from, for messages.
    pub fn file_list(&self) -> Vec<PathBuf> {
        self.paths
            .iter()
            .flat_map(|p| [p.config.clone(), p.credentials.clone()])
            .flatten()
            .collect()
    }

    /// A profile by name, or an error that says where ssoenv looked and
    /// which names are close.
    pub fn profile(&self, name: &str) -> Result<&Section> {
        self.profiles
            .get(name)
            .ok_or_else(|| Error::UnknownProfile {
                name: name.to_string(),
                files: self.file_list(),
                similar: did_you_mean(name, self.profiles.keys()),
                from: None,
            })
    }

    /// The display path of a file kind, for messages (`~/.aws/config` when unknown).
    pub fn display_path(&self, kind: FileKind) -> String {
        match self.paths.as_ref().and_then(|p| p.path(kind)) {
            Some(p) => p.display().to_string(),
            None => match kind {
                FileKind::Config => "~/.aws/config".into(),
                FileKind::Credentials => "~/.aws/credentials".into(),
            },
        }
    }
}

/// The variables that name a profile, in the order they count after the
/// command line: the AWS CLI's two (v2 documents `AWS_PROFILE` first;
/// botocore alone checks `AWS_DEFAULT_PROFILE` first), then the profile in
/// use in this shell (`ssoenv use`, or inside `ssoenv exec`).
pub const PROFILE_VARS: [&str; 3] = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "SSOENV_PROFILE"];

/// The profile a command uses: the explicit argument, then [`PROFILE_VARS`],
/// then `default`.
pub fn selected_profile(explicit: Option<&str>, env: &Env) -> String {
    select_profile(explicit, env).0
}

/// [`selected_profile`], with the variable the name came from (`None`: the
/// command line, or `default`).
pub fn select_profile(explicit: Option<&str>, env: &Env) -> (String, Option<&'static str>) {
    if let Some(p) = explicit.filter(|p| !p.is_empty()) {
        return (p.to_string(), None);
    }
    PROFILE_VARS
        .iter()
        .find_map(|var| env.non_empty(var).map(|p| (p.to_string(), Some(*var))))
        .unwrap_or_else(|| ("default".to_string(), None))
}

/// Whether the command line or the environment names a profile (else the
/// command falls back to `default`).
pub fn profile_named(explicit: Option<&str>, env: &Env) -> bool {
    explicit.is_some_and(|p| !p.is_empty())
        || PROFILE_VARS.iter().any(|v| env.non_empty(v).is_some())
}

/// The names among `known` closest to `name`, best first (at most three):
/// the same name in other case, then names a Jaro-Winkler similarity above
/// 0.8 finds (clap's measure for misspelt subcommands), as typos of a few
/// letters and swapped letters are.
pub fn did_you_mean<'a>(name: &str, known: impl Iterator<Item = &'a String>) -> Vec<String> {
    let lower = name.to_lowercase();
    let mut scored: Vec<(f64, &String)> = known
        .filter(|k| k.as_str() != name)
        .filter_map(|k| {
            let score = if k.to_lowercase() == lower {
                2.0
            } else {
                strsim::jaro_winkler(&lower, &k.to_lowercase())
            };
            (score > 0.8).then_some((score, k))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k.clone()).collect()
}

fn to_section(name: &str, section: ini::Section) -> Section {
    Section {
        name: name.to_string(),
        settings: section.entries,
    }
}

/// Reads a file; `Ok(None)` when it does not exist or is not a file (botocore's
/// `os.path.isfile` check), an error when it exists but cannot be read.
fn read_optional(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return Ok(None),
        Err(source) => {
            return Err(Error::ConfigRead {
                path: path.to_path_buf(),
                source,
            });
        }
    }
    std::fs::read(path)
        .map(Some)
        .map_err(|source| Error::ConfigRead {
            path: path.to_path_buf(),
            source,
        })
}

/// Decodes (strict UTF-8, as Python reads it) and parses one file.
fn parse_file(path: &Path, bytes: &[u8], file: FileKind) -> Result<Vec<ini::Section>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = 1 + before
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')))
            .count();
        Error::ConfigSyntax {
            path: path.to_path_buf(),
            line,
            message: "this line is not valid UTF-8; save the file as UTF-8".into(),
        }
    })?;
    ini::parse(text, file).map_err(|e| {
        let mut message = e.message;
        if e.line == 1 && text.starts_with('\u{FEFF}') {
            message.push_str(
                " (the file starts with a byte-order mark: save it as UTF-8 without BOM)",
            );
        }
        Error::ConfigSyntax {
            path: path.to_path_buf(),
            line: e.line,
            message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_selection_order() {
        let env = Env::from_pairs([("AWS_PROFILE", "p"), ("AWS_DEFAULT_PROFILE", "d")]);
        assert_eq!(selected_profile(Some("x"), &env), "x");
        assert_eq!(selected_profile(None, &env), "p");
        let env = Env::from_pairs([("AWS_PROFILE", ""), ("AWS_DEFAULT_PROFILE", "d")]);
        assert_eq!(selected_profile(None, &env), "d");
        assert_eq!(selected_profile(None, &Env::default()), "default");
        // The profile in use counts after the AWS CLI's variables.
        let env = Env::from_pairs([("SSOENV_PROFILE", "u"), ("AWS_DEFAULT_PROFILE", "d")]);
        assert_eq!(
            select_profile(None, &env),
            ("d".into(), Some("AWS_DEFAULT_PROFILE"))
        );
        let env = Env::from_pairs([("SSOENV_PROFILE", "u")]);
        assert_eq!(
            select_profile(None, &env),
            ("u".into(), Some("SSOENV_PROFILE"))
        );
        assert!(profile_named(None, &env));
        assert!(!profile_named(Some(""), &Env::default()));
    }

    #[test]
    fn suggests_close_names() {
        let known: Vec<String> = ["dev", "Dev2", "prod", "deploy", "payments-dev"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(did_you_mean("deev", known.iter()), ["dev", "Dev2"]);
        assert_eq!(did_you_mean("DEV", known.iter())[0], "dev");
        assert_eq!(did_you_mean("prdo", known.iter()), ["prod"]);
        assert!(did_you_mean("zzz", known.iter()).is_empty());
        assert!(did_you_mean("dev", known.iter()).iter().all(|n| n != "dev"));
    }

    #[test]
    fn locates_files_like_botocore() {
        let env = Env::from_pairs([("HOME", "/h"), ("AWS_SHARED_CREDENTIALS_FILE", "")]);
        let paths = ConfigPaths::from_env(&env);
        assert_eq!(paths.config, Some(PathBuf::from("/h/.aws/config")));
        assert_eq!(paths.credentials, None);
    }
}

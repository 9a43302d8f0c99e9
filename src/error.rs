//! The one error type of ssoenv: every failure a user can act on, each with a hint,
//! and the exit code `main` maps it to.

use std::fmt;
use std::path::PathBuf;

/// The service names errors carry for the two services whose refusals get
/// hints of their own (the modules that call them use these names).
pub const PORTAL_SERVICE: &str = "sso portal";
pub const STS_SERVICE: &str = "sts";

/// The error codes AWS services use for throttling, whatever the HTTP status
/// (STS throttles with `400 Throttling`).
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
];

/// Everything that can stop a command. `Display` gives the one-line message;
/// [`Error::hint`] gives what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A config or credentials file that botocore would refuse to read.
    #[error("{}:{line}: {message}", path.display())]
    ConfigSyntax {
        path: PathBuf,
        line: usize,
        message: String,
    },

    /// A config or credentials file that exists but cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    ConfigRead {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A profile name that is in neither file.
    #[error(
        "profile {name:?}{} is not in {}",
        from.map(|v| format!(" (from {v})")).unwrap_or_default(),
        files_display(.files)
    )]
    UnknownProfile {
        name: String,
        files: Vec<PathBuf>,
        /// Known names close to `name`.
        similar: Vec<String>,
        /// The variable that named the profile, when not the command line.
        from: Option<&'static str>,
    },

    /// An `[sso-session NAME]` that is not in the config.
    #[error("there is no [sso-session {name}] in {file}")]
    UnknownSsoSession {
        name: String,
        file: String,
        similar: Vec<String>,
    },

    /// A profile whose settings cannot work (missing keys, unknown sso-session, cycles...).
    #[error("profile {profile:?}: {message}")]
    InvalidProfile {
        profile: String,
        message: String,
        hint: String,
    },

    /// A cache file that exists but cannot be used (not JSON, missing keys).
    #[error("{}: {message}", path.display())]
    CacheCorrupt { path: PathBuf, message: String },

    /// A renewed token that could not be saved: AWS no longer takes the
    /// refresh token the cache holds, so the session must be signed in again.
    #[error(
        "the token of {session} was renewed, but the new one could not be saved to {}: \
         {source}",
        path.display()
    )]
    TokenNotSaved {
        session: String,
        path: PathBuf,
        source: std::io::Error,
        login_hint: String,
    },

    /// A cache file or folder that cannot be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    CacheIo {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    /// No usable SSO token, and ssoenv may not (or cannot) start a sign-in here.
    #[error("not signed in to {session} ({reason})")]
    NotSignedIn {
        session: String,
        reason: String,
        hint: String,
    },

    /// The sign-in itself failed: denied, expired, cancelled.
    #[error("sign-in to {session} failed: {message}")]
    SignIn {
        session: String,
        message: String,
        hint: String,
    },

    /// Another ssoenv process held a cache lock longer than this one may wait.
    #[error(
        "another ssoenv process has held {} for {waited} s (it is signing in or fetching credentials)",
        path.display()
    )]
    Busy { path: PathBuf, waited: u64 },

    /// An endpoint failure another ssoenv process met while this one waited
    /// for it (see `session::fetch_once`): its message, hint and exit status.
    #[error("{message} (another ssoenv process got this a moment ago)")]
    SeenByAnother {
        message: String,
        hint: Option<String>,
        exit: i32,
    },

    /// An AWS endpoint answered with an error.
    #[error("{service} at {url} answered HTTP {status}{}: {message}", code_suffix(.code))]
    Api {
        service: &'static str,
        url: String,
        status: u16,
        code: String,
        message: String,
    },

    /// An AWS endpoint could not be reached or did not answer in time.
    #[error("{service} at {url}: {detail}")]
    Network {
        service: &'static str,
        url: String,
        detail: String,
    },

    /// An `sso_start_url` that cannot be signed in to: not https, or a custom
    /// domain that does not lead to an AWS access portal.
    #[error("sso_start_url {start_url} {message}")]
    StartUrl {
        start_url: String,
        message: String,
        hint: String,
    },

    /// A CA bundle named by `AWS_CA_BUNDLE` or a profile's `ca_bundle` that
    /// cannot be used.
    #[error("cannot use the CA bundle {} (from {setting}): {problem}", path.display())]
    CaBundle {
        path: PathBuf,
        setting: String,
        problem: String,
    },

    /// The TLS handshake with an endpoint failed: most often a certificate
    /// that the trusted roots do not vouch for (`certificate`), or one made
    /// out for another host. The reason names the proxy the connection went
    /// through, if any.
    #[error("{service} at {url}: TLS with {host} failed: {reason}")]
    Tls {
        service: &'static str,
        url: String,
        host: String,
        reason: String,
        certificate: bool,
        /// What was trusted, as `-v` tells it.
        trusted: String,
    },

    /// A proxy variable whose value is not a proxy URL (never shown: it may
    /// hold a password).
    #[error("{var} is set, but not to a proxy URL")]
    ProxySetting { var: &'static str },

    /// The proxy a request went through refused it, could not be reached,
    /// or failed the CONNECT.
    #[error("{service} at {url}: the proxy {proxy} (from {var}) {detail}")]
    Proxy {
        service: &'static str,
        url: String,
        proxy: String,
        var: &'static str,
        detail: String,
    },

    /// A profile's `credential_process` could not be run, failed, or printed
    /// something other than usable credentials (never echoing what it printed).
    #[error("profile {profile:?}: {message}")]
    CredentialProcess {
        profile: String,
        message: String,
        hint: String,
    },

    /// The command `exec` was to run could not be started: 127 when it is not
    /// found, 126 when it cannot be run, as shells and `env` exit.
    #[error("{message}")]
    Command {
        message: String,
        hint: String,
        exit: i32,
    },

    /// A file changed under ssoenv while it was being edited. Nothing of
    /// ssoenv's edit stays; the other version is in place, or, where it could
    /// not be put back safely, kept in `kept`.
    #[error(
        "{} changed while ssoenv was working on it; {}",
        path.display(),
        match kept {
            None => "it was left as the other writer left it".to_string(),
            Some(k) => format!(
                "the file holds one version and another is kept in {}",
                k.display()
            ),
        }
    )]
    Changed {
        path: PathBuf,
        kept: Option<PathBuf>,
    },

    /// A request that makes no sense for the given profile or options.
    #[error("{message}")]
    Usage { message: String, hint: String },

    /// Output could not be written (other than a closed pipe, which is not an error).
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
}

impl Error {
    /// Says which variable named the profile of an [`Error::UnknownProfile`]
    /// about `name` (`None`: the command line did).
    pub fn named_by(self, name: &str, var: Option<&'static str>) -> Error {
        match self {
            Error::UnknownProfile {
                name: n,
                files,
                similar,
                ..
            } if n == name => Error::UnknownProfile {
                name: n,
                files,
                similar,
                from: var,
            },
            other => other,
        }
    }
}

/// What to do about a file that could not be read, written, locked or
/// deleted: named by what actually went wrong.
fn io_hint(path: &std::path::Path, source: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let shown = path.display();
    match source.kind() {
        ErrorKind::NotADirectory | ErrorKind::AlreadyExists => format!(
            "a file stands where a folder must be on the way to {shown} (for example \
             ~/.aws/sso/cache or ~/.aws/cli/cache is a file): move it away"
        ),
        ErrorKind::IsADirectory => format!("{shown} is a folder, not a file: move it away"),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => format!(
            "no space left on the disk that holds {shown} (or the quota is used up): free \
             some space and run the command again"
        ),
        ErrorKind::FileTooLarge => format!(
            "a file size limit (ulimit -f) stops ssoenv from writing {shown}: raise it and run \
             the command again"
        ),
        ErrorKind::ReadOnlyFilesystem => {
            format!("{shown} is on a read-only file system")
        }
        ErrorKind::ResourceBusy => {
            format!("{shown} is busy (in use, or a mount point): try again, or check what holds it")
        }
        ErrorKind::PermissionDenied => {
            format!("permission denied on {shown}: check the owner and mode of it and its folder")
        }
        _ => format!("check {shown} and its folder"),
    }
}

/// "did you mean dev? " (names quoted for the shell), or nothing.
fn did_you_mean_hint(similar: &[String], what: &str) -> String {
    match similar {
        [] => String::new(),
        names => {
            let names: Vec<String> = names.iter().map(|n| crate::shell::hint_word(n)).collect();
            format!("did you mean the {what} {}? ", names.join(" or "))
        }
    }
}

fn code_suffix(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!(" {code}")
    }
}

fn files_display(files: &[PathBuf]) -> String {
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    if names.is_empty() {
        "any config file".to_string()
    } else {
        names.join(" or ")
    }
}

impl Error {
    /// Whether this is an AWS throttling answer (HTTP 429, or a throttling code).
    pub fn is_throttling(&self) -> bool {
        matches!(self, Error::Api { status, code, .. }
            if *status == 429 || THROTTLING_CODES.contains(&code.as_str()))
    }

    /// What the user can do about it, shown on a second line.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::ConfigSyntax { .. } => {
                Some("fix that line: the AWS CLI and SDKs cannot read this file either".to_string())
            }
            Error::ConfigRead { path, .. } => Some(format!(
                "check that {} is a readable file, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere",
                path.display()
            )),
            Error::UnknownProfile { similar, from, .. } => {
                let mut hint = did_you_mean_hint(similar, "profile");
                if let Some(var) = from {
                    hint.push_str(&format!(
                        "{var} names it: unset {var} or name a profile on the command line, or "
                    ));
                }
                hint.push_str("run `ssoenv list` to see the profiles you have");
                Some(hint)
            }
            Error::UnknownSsoSession { name, similar, .. } => Some(format!(
                "{}add [sso-session {name}] with sso_start_url and sso_region, or run `ssoenv \
                 configure`; `ssoenv list --sso-sessions` lists the sessions you have",
                did_you_mean_hint(similar, "sso-session")
            )),
            Error::InvalidProfile { hint, .. } if !hint.is_empty() => Some(hint.clone()),
            Error::InvalidProfile { .. } => None,
            Error::CacheCorrupt { path, .. } => Some(format!(
                "delete {}: ssoenv (or `ssoenv login`) will fetch it anew",
                path.display()
            )),
            Error::CacheIo { path, source, .. } => Some(io_hint(path, source)),
            Error::TokenNotSaved {
                path,
                source,
                login_hint,
                ..
            } => Some(format!(
                "the cache still holds the old token, whose refresh token AWS has replaced, so \
                 this session must be signed in again once the file can be written ({}); then \
                 run: {login_hint}",
                io_hint(path, source)
            )),
            Error::NotSignedIn { hint, .. }
            | Error::SignIn { hint, .. }
            | Error::CredentialProcess { hint, .. }
            | Error::StartUrl { hint, .. }
            | Error::Command { hint, .. }
            | Error::Usage { hint, .. } => (!hint.is_empty()).then(|| hint.clone()),
            Error::Api { status, .. } if *status == 401 => Some(
                "the SSO session was revoked or has expired: sign in again with `ssoenv login`"
                    .into(),
            ),
            Error::Api {
                status: 403,
                service,
                ..
            } if *service == PORTAL_SERVICE => Some(
                "the SSO user has no access to this account and role: check the profile's \
                 sso_account_id and sso_role_name (`ssoenv populate --dry-run` lists the ones \
                 you can use)"
                    .into(),
            ),
            Error::Api {
                status: 403,
                service,
                ..
            } if *service == STS_SERVICE => Some(
                "the source credentials may not do this: check the profile's role_arn, and the \
                 role's trust policy and the source's permissions in IAM"
                    .into(),
            ),
            e @ Error::Api { .. } if e.is_throttling() => Some(
                "the service is throttling requests and still did after ssoenv's retries; \
                     try again in a moment"
                    .into(),
            ),
            Error::Api { status, .. } if *status >= 500 => Some(
                "the service is failing, or a proxy in front of it is; try again in a moment"
                    .into(),
            ),
            Error::Api { status, .. } if (200..300).contains(status) => Some(
                "the answer was not what AWS sends: check the AWS_ENDPOINT_URL_* variables, \
                 [services] sections and any proxy in between"
                    .into(),
            ),
            Error::Api { .. } => None,
            Error::Network { .. } => Some(
                "check the network, or the AWS_ENDPOINT_URL_* variables and [services] sections; \
                 SSOENV_CONNECT_TIMEOUT / SSOENV_READ_TIMEOUT (seconds) change the time limits"
                    .into(),
            ),
            Error::CaBundle { setting, .. } => Some(format!(
                "point {setting} at a readable PEM file of CA certificates, or unset it to \
                 trust the OS store and the built-in roots"
            )),
            Error::Tls {
                certificate: true,
                trusted,
                ..
            } => Some(format!(
                "trusted now: {trusted}. If a company proxy or security software inspects TLS, \
                 give ssoenv its CA: install it in the OS trust store, or name a PEM file with \
                 AWS_CA_BUNDLE (environment) or ca_bundle (profile); SSL_CERT_FILE / \
                 SSL_CERT_DIR also work. If the host is wrong, check the AWS_ENDPOINT_URL_* \
                 variables and [services] sections"
            )),
            Error::Tls { .. } => Some(
                "the server and ssoenv found no TLS settings in common, or something in \
                 between broke the handshake: check any proxy or security software in between"
                    .into(),
            ),
            Error::ProxySetting { var } => Some(format!(
                "write it as http://host:port, or http://user:password@host:port with \
                 characters such as @ : / # in the password percent-encoded (%40 %3A %2F \
                 %23); or unset {var}"
            )),
            Error::Proxy { var, .. } => Some(format!(
                "check the proxy named by {var} (its address, and user:password in its URL if \
                 it wants credentials), or list this host in NO_PROXY to reach it directly"
            )),
            Error::Changed { kept: None, .. } => {
                Some("run the command again: it starts from the file as it is now".into())
            }
            Error::Changed { kept: Some(k), .. } => Some(format!(
                "compare the two, keep the lines you want in the file, delete {}, and run \
                 the command again",
                k.display()
            )),
            Error::Busy { .. } => Some(
                "try again once it is done (the lock ends with that process); \
                 SSOENV_READ_TIMEOUT (seconds) sets how long to wait"
                    .into(),
            ),
            Error::SeenByAnother { hint, .. } => hint.clone(),
            Error::Output(_) => None,
        }
    }

    /// The process exit status for this error (sysexits-style where one fits).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::ConfigSyntax { .. } | Error::InvalidProfile { .. } => 78, // EX_CONFIG
            Error::ConfigRead { .. } => 66,                                  // EX_NOINPUT
            Error::UnknownProfile { .. } => 67,                              // EX_NOUSER
            Error::UnknownSsoSession { .. } => 78,
            Error::CacheCorrupt { .. } => 65, // EX_DATAERR
            Error::CacheIo { .. } | Error::Output(_) => 74, // EX_IOERR
            Error::TokenNotSaved { .. } => 74,
            Error::NotSignedIn { .. } | Error::SignIn { .. } => 77, // EX_NOPERM
            Error::Api { status, .. } if *status == 401 || *status == 403 => 77,
            Error::Api { .. } | Error::Network { .. } => 69, // EX_UNAVAILABLE
            Error::Tls { .. } | Error::Proxy { .. } => 69,
            Error::CaBundle { .. } | Error::StartUrl { .. } | Error::ProxySetting { .. } => 78,
            Error::CredentialProcess { .. } => 69, // EX_UNAVAILABLE
            Error::Usage { .. } => 64,             // EX_USAGE
            Error::Busy { .. } | Error::Changed { .. } => 75, // EX_TEMPFAIL
            Error::SeenByAnother { exit, .. } | Error::Command { exit, .. } => *exit,
        }
    }
}

/// Results across ssoenv.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Helper so `Display` of a hint-bearing error can be shown with its hint.
pub struct WithHint<'a>(pub &'a Error);

impl fmt::Display for WithHint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        if let Some(hint) = self.0.hint() {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_errors_are_told_by_their_cause() {
        let hint = |kind: std::io::ErrorKind| {
            Error::CacheIo {
                action: "write",
                path: "/home/me/.aws/cli/cache/x.json".into(),
                source: std::io::Error::from(kind),
            }
            .hint()
            .unwrap_or_default()
        };
        use std::io::ErrorKind::*;
        assert!(hint(StorageFull).contains("no space left"));
        assert!(hint(ResourceBusy).contains("is busy"));
        assert!(hint(PermissionDenied).contains("permission denied on /home/me"));
        assert!(hint(NotADirectory).contains("a file stands where a folder must be"));
        assert!(hint(ReadOnlyFilesystem).contains("read-only"));
    }
}

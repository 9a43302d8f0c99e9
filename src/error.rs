//! The one error type of ssoenv: every failure a user can act on, each with a hint,
//! and the exit code `main` maps it to.

use std::fmt;
use std::path::PathBuf;

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
    #[error("profile {name:?} is not in {}", files_display(.files))]
    UnknownProfile { name: String, files: Vec<PathBuf> },

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

    /// A cache file or folder that cannot be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    CacheIo {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    /// Output could not be written (other than a closed pipe, which is not an error).
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
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
            Error::UnknownProfile { .. } => {
                Some("run `ssoenv list` to see the profiles you have".to_string())
            }
            Error::InvalidProfile { hint, .. } if !hint.is_empty() => Some(hint.clone()),
            Error::InvalidProfile { .. } => None,
            Error::CacheCorrupt { path, .. } => Some(format!(
                "delete {} and sign in again with `ssoenv login`",
                path.display()
            )),
            Error::CacheIo { path, .. } => Some(format!(
                "check the permissions of {} and its folder",
                path.display()
            )),
            Error::Output(_) => None,
        }
    }

    /// The process exit status for this error (sysexits-style where one fits).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::ConfigSyntax { .. } | Error::InvalidProfile { .. } => 78, // EX_CONFIG
            Error::ConfigRead { .. } => 66,                                  // EX_NOINPUT
            Error::UnknownProfile { .. } => 67,                              // EX_NOUSER
            Error::CacheCorrupt { .. } => 65,                                // EX_DATAERR
            Error::CacheIo { .. } | Error::Output(_) => 74,                  // EX_IOERR
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

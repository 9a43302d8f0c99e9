//! The Python peers the tests compare ssoenv with (botocore, boto3, awscli,
//! aws-sso-util, python-dotenv) come from the project's own `.venv`, whatever
//! `python3` is first on PATH; when `.venv` is missing, a test says how to make it.

#![allow(dead_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// `<repo>/.venv/bin`, whether or not it exists.
fn venv_bin_unchecked() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin")
}

/// `<root>/.venv/bin` when it holds a python3, else the message saying how to make it.
pub fn venv_bin_in(root: &Path) -> Result<PathBuf, String> {
    let bin = root.join(".venv/bin");
    if bin.join("python3").exists() {
        Ok(bin)
    } else {
        Err(missing_message(root))
    }
}

/// What to do when `.venv` is missing or incomplete.
pub fn missing_message(root: &Path) -> String {
    format!(
        "{} is missing: the tests run botocore, boto3, awscli, aws-sso-util and \
         python-dotenv from the project's .venv. Create it with `bash .ci/run` \
         (which also installs the shells and linters), or with \
         `python3 -m venv .venv && .venv/bin/pip install -r tests/py/requirements.txt` \
         in {}",
        root.join(".venv/bin/python3").display(),
        root.display()
    )
}

/// `<repo>/.venv/bin`; panics with [`missing_message`] when it has no python3.
pub fn venv_bin() -> PathBuf {
    venv_bin_in(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|message| panic!("{message}"))
}

/// The venv's interpreter, `<repo>/.venv/bin/python3`.
pub fn python3() -> PathBuf {
    venv_bin().join("python3")
}

/// The same as a string, for command lines and config values.
pub fn python3_str() -> String {
    python3().display().to_string()
}

/// The PATH for a child that runs `python3`, `aws` or `aws-sso-util` by name:
/// the venv's bin folder first, then this process's PATH. Panics like [`venv_bin`].
pub fn path() -> OsString {
    prepend(&venv_bin())
}

/// Like [`path`], but for children that may never run Python: the venv's bin
/// folder comes first when it exists, and PATH is left as it is when it does not.
pub fn path_if_present() -> OsString {
    let bin = venv_bin_unchecked();
    if bin.join("python3").exists() {
        prepend(&bin)
    } else {
        std::env::var_os("PATH").unwrap_or_default()
    }
}

fn prepend(bin: &Path) -> OsString {
    let mut parts = vec![bin.to_path_buf()];
    if let Some(rest) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&rest));
    }
    std::env::join_paths(parts).expect("a PATH entry holds a ':'")
}

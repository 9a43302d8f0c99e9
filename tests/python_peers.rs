//! The Python peers come from `<repo>/.venv` whatever PATH says, so plain
//! `cargo test` works as a newcomer runs it; a missing `.venv` is explained.

#[path = "support/python.rs"]
mod python;

use std::process::Command;

#[test]
fn the_venv_python_has_every_peer_even_with_a_bare_path() {
    let python = python::python3();
    assert!(
        python.starts_with(env!("CARGO_MANIFEST_DIR")),
        "{}",
        python.display()
    );
    let out = Command::new(&python)
        .args([
            "-c",
            "import botocore, boto3, awscli, aws_sso_util, dotenv, importlib.metadata as m\n\
             print(m.version('python-dotenv'))",
        ])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} lacks a peer: {}\n(.venv/bin/pip install -r tests/py/requirements.txt)",
        python.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let version: Vec<u32> = String::from_utf8_lossy(&out.stdout)
        .trim()
        .split('.')
        .map_while(|p| p.parse().ok())
        .collect();
    assert!(version >= vec![1, 2, 4], "python-dotenv {version:?}");
}

#[test]
fn children_find_the_venv_first_on_path() {
    let out = Command::new("sh")
        .args(["-c", "command -v python3"])
        .env("PATH", python::path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        python::python3_str()
    );
}

#[test]
fn a_missing_venv_says_how_to_make_it() {
    let empty = tempfile::tempdir().unwrap();
    let message = python::venv_bin_in(empty.path()).unwrap_err();
    assert!(message.contains("bash .ci/run"), "{message}");
    assert!(
        message.contains(
            "python3 -m venv .venv && .venv/bin/pip install -r tests/py/requirements.txt"
        ),
        "{message}"
    );
    assert!(
        message.contains(&empty.path().display().to_string()),
        "{message}"
    );
    std::fs::create_dir_all(empty.path().join(".venv/bin")).unwrap();
    std::fs::write(empty.path().join(".venv/bin/python3"), "").unwrap();
    assert_eq!(
        python::venv_bin_in(empty.path()).unwrap(),
        empty.path().join(".venv/bin")
    );
}

//! The completions and man page in the repository are exactly what the binary
//! generates (run `.ci/regen` after changing the CLI), and the man page lints clean.

use std::process::Command;

const FILES: [(&str, &[&str]); 6] = [
    ("completions/ssoenv.bash", &["completions", "bash"]),
    ("completions/_ssoenv", &["completions", "zsh"]),
    ("completions/ssoenv.fish", &["completions", "fish"]),
    ("completions/_ssoenv.ps1", &["completions", "powershell"]),
    ("completions/ssoenv.elv", &["completions", "elvish"]),
    ("man/ssoenv.1", &["man"]),
];

fn repo(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn committed_files_match_the_binary() {
    let mut stale = Vec::new();
    for (path, args) in FILES {
        let out = Command::new(env!("CARGO_BIN_EXE_ssoenv"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "ssoenv {args:?} failed");
        let committed = std::fs::read(repo(path)).unwrap_or_default();
        if committed != out.stdout {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run .ci/regen and commit"
    );
}

#[test]
fn man_page_lints_clean_and_has_every_section() {
    let page = std::fs::read_to_string(repo("man/ssoenv.1")).unwrap();
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "\"ENVIRONMENT\"",
        "\"FILES\"",
        "\"EXIT STATUS\"",
        "\"EXAMPLES\"",
    ] {
        assert!(
            page.contains(&format!(".SH {section}")),
            "no {section} section"
        );
    }
    for var in [
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_PROFILE",
        "NO_COLOR",
    ] {
        assert!(page.contains(var), "{var} not documented");
    }
    let out = Command::new("mandoc")
        .args(["-Tlint", "-W", "warning"])
        .arg(repo("man/ssoenv.1"))
        .output()
        .expect("mandoc is needed (see .ci/run)");
    assert!(
        out.status.success(),
        "mandoc -Tlint: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bash_completion_loads_and_completes_subcommands() {
    let script = format!(
        "source {}; COMP_WORDS=(ssoenv li); COMP_CWORD=1; _ssoenv ssoenv li ssoenv; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        repo("completions/ssoenv.bash").display()
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &script])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l == "list"), "{text}");
}

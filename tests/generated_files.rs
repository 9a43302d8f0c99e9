//! The completions and man page in the repository are exactly what the binary
//! generates (run `.ci/regen` after changing the CLI), the man page lints clean
//! and is complete: every section, every command with its arguments, and every
//! environment variable the code or the shell hooks use.

#[path = "support/binary.rs"]
mod binary;
use binary::ssoenv_bin;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const FILES: [(&str, &[&str]); 6] = [
    ("completions/ssoenv.bash", &["completions", "bash"]),
    ("completions/_ssoenv", &["completions", "zsh"]),
    ("completions/ssoenv.fish", &["completions", "fish"]),
    ("completions/_ssoenv.ps1", &["completions", "powershell"]),
    ("completions/ssoenv.elv", &["completions", "elvish"]),
    ("man/ssoenv.1", &["man"]),
];

/// The sections of the man page, in order.
const SECTIONS: [&str; 9] = [
    "NAME",
    "SYNOPSIS",
    "DESCRIPTION",
    "COMMANDS",
    "OPTIONS",
    "ENVIRONMENT",
    "FILES",
    "EXIT STATUS",
    "EXAMPLES",
];

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The stdout of a successful `ssoenv ARGS`.
fn ssoenv(args: &[&str]) -> String {
    let out = Command::new(ssoenv_bin()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "ssoenv {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The committed man page.
fn man_page() -> String {
    std::fs::read_to_string(repo("man/ssoenv.1")).unwrap()
}

/// The sections of a roff page: title (quotes removed) → body.
fn sections(page: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in page.lines() {
        if let Some(title) = line.strip_prefix(".SH ") {
            out.push((title.trim_matches('"').to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

fn section(page: &str, title: &str) -> String {
    sections(page)
        .into_iter()
        .find(|(t, _)| t == title)
        .map(|(_, body)| body)
        .unwrap_or_else(|| panic!("no {title} section"))
}

/// How roff text spells `text` (hyphens are `\-` on the page).
fn roff(text: &str) -> String {
    text.replace('-', "\\-")
}

/// The tags of the `.TP` entries in `body`, as plain text (fonts removed),
/// whether the tag is a text line or the argument of `.RI`.
fn tags(body: &str) -> Vec<String> {
    let lines: Vec<&str> = body.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0] == ".TP")
        .map(|w| {
            let tag = w[1].strip_prefix(".RI ").unwrap_or(w[1]).trim_matches('"');
            ["\\fB", "\\fI", "\\fR"]
                .iter()
                .fold(tag.to_string(), |t, font| t.replace(font, ""))
                .replace("\\-", "-")
        })
        .collect()
}

/// The lines that start the entries of a `--help` block ("Commands:",
/// "Arguments:", "Options:"): indented 2 (or 6, for long options without a
/// short one), where wrapped descriptions are indented further.
fn help_block<'a>(help: &'a str, heading: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in help.lines().filter(|l| !l.trim().is_empty()) {
        if !line.starts_with(' ') {
            inside = line.trim_end() == heading;
            continue;
        }
        let trimmed = line.trim_start();
        if inside && line.len() - trimmed.len() <= 6 {
            out.push(trimmed);
        }
    }
    out
}

/// The first word of each entry of a `--help` block.
fn help_names(help: &str, heading: &str) -> Vec<String> {
    help_block(help, heading)
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// The short and long option names in the "Options:" block of `help`
/// (`-f`, `--format`).
fn options_in_help(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in help_block(help, "Options:") {
        for word in line.split_whitespace() {
            let word = word.trim_end_matches(',').trim_end_matches("...");
            let short = word.len() == 2 && word.starts_with('-') && word != "--";
            let long = word.len() > 2 && word.starts_with("--");
            if !(short || long) {
                break;
            }
            out.push(word.to_string());
        }
    }
    out
}

#[test]
fn committed_files_match_the_binary() {
    let mut stale = Vec::new();
    for (path, args) in FILES {
        let out = Command::new(ssoenv_bin()).args(args).output().unwrap();
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
fn man_page_lints_clean() {
    // `-W style` is mandoc's strictest level: any message at all fails.
    let out = Command::new("mandoc")
        .args(["-Tlint", "-W", "style"])
        .arg(repo("man/ssoenv.1"))
        .output()
        .expect("mandoc is needed (see .ci/run)");
    let messages = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && messages.trim().is_empty(),
        "mandoc -Tlint -W style:\n{messages}"
    );
}

#[test]
fn man_page_has_every_section_in_order() {
    let page = man_page();
    let found = sections(&page);
    let titles: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(titles, SECTIONS);
    for (title, body) in &found {
        let text = body.lines().filter(|l| !l.starts_with('.')).count();
        assert!(text > 0, "the {title} section has no text");
    }
    let description = section(&page, "DESCRIPTION");
    assert!(
        description.lines().filter(|l| *l == ".PP").count() >= 2,
        "DESCRIPTION should be more than the one-line about:\n{description}"
    );
}

#[test]
fn man_page_documents_every_command_and_its_arguments() {
    let page = man_page();
    let commands_section = section(&page, "COMMANDS");
    // The entries of COMMANDS by command name: a tag starting `ssoenv NAME`,
    // then everything up to the next such tag.
    let mut entries: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut previous = "";
    for line in commands_section.lines() {
        let tag = line.strip_prefix(".RI \"").unwrap_or(line);
        let is_tag = std::mem::replace(&mut previous, line) == ".TP";
        if let Some(rest) = tag.strip_prefix("\\fBssoenv ").filter(|_| is_tag) {
            let name = rest.split("\\fR").next().unwrap().replace("\\-", "-");
            entries.insert(name.clone(), String::new());
            current = Some(name);
        } else if let Some(name) = &current {
            entries.get_mut(name).unwrap().push_str(line);
            entries.get_mut(name).unwrap().push('\n');
        }
    }

    let top = ssoenv(&["--help"]);
    let commands = help_names(&top, "Commands:");
    assert!(commands.len() >= 10, "no commands in --help?\n{top}");
    for name in &commands {
        let entry = entries
            .get(name)
            .unwrap_or_else(|| panic!("COMMANDS has no entry for `ssoenv {name}`"));
        if name == "help" {
            continue;
        }
        let help = ssoenv(&[name, "--help"]);
        for arg in help_names(&help, "Arguments:") {
            // `[PROFILE]`, `<SHELL>`, `[COMMAND]...`
            let value = arg.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
            assert!(
                entry.contains(&format!(".TP\n\\fI{}\\fR\n", roff(value))),
                "`ssoenv {name}`: argument {value} is not described in COMMANDS:\n{entry}"
            );
        }
        let options = options_in_help(&help);
        assert!(options.contains(&"--help".to_string()), "{help}");
        for option in options {
            if [
                "-h",
                "--help",
                "-V",
                "--version",
                "-v",
                "--verbose",
                "--no-color",
            ]
            .contains(&option.as_str())
            {
                continue;
            }
            assert!(
                entry.contains(&format!("\\fB{}\\fR", roff(&option))),
                "`ssoenv {name}`: option {option} is not in COMMANDS:\n{entry}"
            );
        }
    }
    let stale: Vec<&String> = entries.keys().filter(|e| !commands.contains(e)).collect();
    assert!(
        stale.is_empty(),
        "COMMANDS documents commands --help does not list: {stale:?}"
    );

    // The options of every command are under OPTIONS.
    let options_section = section(&page, "OPTIONS");
    let global = tags(&options_section).join("\n");
    for option in options_in_help(&top) {
        assert!(
            global.contains(&option),
            "global option {option} is not under OPTIONS"
        );
    }
}

/// Every `"AWS_..."` and `"SSOENV_..."` string literal in the Rust files under
/// `dir`, and every upper-case name passed to `get("…")`, `non_empty("…")`,
/// `var("…")` or `var_os("…")` (HOME, PATH, ...), with a file it is in.
fn variables_in_rust(dir: &Path, out: &mut BTreeMap<String, PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            variables_in_rust(&path, out);
            continue;
        }
        // The man page's own tables would count as uses of what they document.
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("cmd/man.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            let len = rest
                .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(rest.len());
            let (name, after) = rest.split_at(len);
            if !after.starts_with('"') || name.is_empty() {
                continue;
            }
            let before = &text[..i];
            let read = ["get(", "non_empty(", "non_empty_os(", "var(", "var_os("]
                .iter()
                .any(|f| before.ends_with(f));
            if name.starts_with("AWS_") || name.starts_with("SSOENV_") || read {
                out.entry(name.to_string()).or_insert_with(|| path.clone());
            }
        }
    }
}

/// Every `AWS_...` and `SSOENV_...` name in the shell hooks under `dir`, except
/// the `@SSOENV_...@` placeholders that `ssoenv init` fills in.
fn variables_in_hooks(dir: &Path, out: &mut BTreeMap<String, PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for prefix in ["AWS_", "SSOENV_"] {
            for (i, _) in text.match_indices(prefix) {
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| c == '@' || c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &text[i..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                    .unwrap_or(rest.len());
                let name = rest[..len].trim_end_matches('_');
                if name.len() > prefix.len() {
                    out.entry(name.to_string()).or_insert_with(|| path.clone());
                }
            }
        }
    }
}

#[test]
fn man_page_documents_every_environment_variable() {
    let mut used = BTreeMap::new();
    variables_in_rust(&repo("src"), &mut used);
    variables_in_hooks(&repo("shell"), &mut used);
    for expected in [
        "AWS_CONFIG_FILE",
        "SSOENV_REGION",
        "HOME",
        "PATH",
        "NO_COLOR",
    ] {
        assert!(used.contains_key(expected), "the scan missed {expected}");
    }

    let page = man_page();
    let documented: BTreeSet<String> = tags(&section(&page, "ENVIRONMENT"))
        .iter()
        .flat_map(|t| t.split(", ").map(str::to_string).collect::<Vec<_>>())
        .collect();
    let missing: Vec<String> = used
        .iter()
        .filter(|(name, _)| !documented.contains(*name))
        .map(|(name, path)| format!("{name} (used in {})", path.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "not documented under ENVIRONMENT in src/cmd/man.rs: {missing:?}"
    );
    // And nothing documented that the code no longer uses.
    let stale: Vec<&String> = documented
        .iter()
        .filter(|name| {
            (name.starts_with("AWS_") || name.starts_with("SSOENV_")) && !used.contains_key(*name)
        })
        .collect();
    assert!(
        stale.is_empty(),
        "documented under ENVIRONMENT but used nowhere: {stale:?}"
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

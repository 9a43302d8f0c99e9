//! `ssoenv init SHELL`: prints the shell hook. The hooks are real scripts under
//! `shell/` (linted and tested as files), embedded here; `init` fills in the
//! binary's absolute path (quoted for that shell), the prompt switch and the
//! completion script.

use super::{Context, completions};
use crate::cli::{HookShell, InitArgs};
use crate::error::{Error, Result};
use crate::output;
use crate::shell::{self, Format};
use std::path::{Path, PathBuf};

const BASH: &str = include_str!("../../shell/ssoenv.bash");
const ZSH: &str = include_str!("../../shell/ssoenv.zsh");
const FISH: &str = include_str!("../../shell/ssoenv.fish");

pub fn run(args: &InitArgs, ctx: &Context) -> Result<()> {
    let bin = binary_path(ctx);
    output::print(&hook(args.shell, &bin, !args.no_prompt))
}

/// The hook for `shell`, calling the binary at `bin`.
pub fn hook(shell: HookShell, bin: &Path, prompt: bool) -> String {
    let (template, completion_shell) = match shell {
        HookShell::Bash => (BASH, clap_complete::Shell::Bash),
        HookShell::Zsh => (ZSH, clap_complete::Shell::Zsh),
        HookShell::Fish => (FISH, clap_complete::Shell::Fish),
    };
    let mut completion = completions::script(completion_shell);
    if shell == HookShell::Zsh {
        // The hook binds the completion itself, also when compinit runs later.
        completion = completion.replace("compdef _ssoenv ssoenv", ":");
    }
    let bin = bin.to_string_lossy();
    let bin = if shell == HookShell::Fish && is_plain(&bin, "/.+") {
        // fish_indent drops quotes that are not needed; so does the hook.
        bin.into_owned()
    } else {
        shell::quote(format(shell), &bin)
    };
    if shell == HookShell::Fish {
        completion = unquote_plain_words(&completion);
    }
    template
        .replace("@SSOENV_BIN@", &bin)
        .replace("@SSOENV_PROMPT@", if prompt { "1" } else { "0" })
        .replace("@SSOENV_COMPLETION@", completion.trim_end())
}

/// Whether `word` is letters, digits, `_`, `-` and the characters in `extra` only.
fn is_plain(word: &str, extra: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || extra.contains(c))
}

/// fish script with `"word"` written as `word` where the quotes change nothing,
/// as fish_indent writes it (clap_complete quotes such words). Text inside
/// single or double quotes or in comments is left as it is.
fn unquote_plain_words(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    let mut rest = script;
    while let Some(c) = rest.chars().next() {
        match c {
            '\'' | '"' => {
                let end = closing_quote(rest, c);
                let quoted = &rest[..end];
                let inner = &quoted[1..quoted.len() - 1];
                if c == '"' && quoted.len() >= 2 && quoted.ends_with('"') && is_plain(inner, "") {
                    out.push_str(inner);
                } else {
                    out.push_str(quoted);
                }
                rest = &rest[end..];
            }
            '#' if out.is_empty() || out.ends_with(char::is_whitespace) => {
                // A comment, to the end of the line.
                let end = rest.find('\n').unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            '\\' => {
                let end = rest.char_indices().nth(2).map_or(rest.len(), |(i, _)| i);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            c => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// The length of the quoted string at the start of `text` (opened by `quote`),
/// including both quotes; fish lets `\` escape a character inside either kind.
fn closing_quote(text: &str, quote: char) -> usize {
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return i + 1;
        }
    }
    text.len()
}

/// The export format the hook of `shell` evaluates.
pub fn format(shell: HookShell) -> Format {
    match shell {
        HookShell::Bash => Format::Bash,
        HookShell::Zsh => Format::Zsh,
        HookShell::Fish => Format::Fish,
    }
}

/// The path the hook calls: the one the user ran when it is on PATH or given
/// with a folder (so an upgrade behind a symlink keeps working), else the
/// running executable.
fn binary_path(ctx: &Context) -> PathBuf {
    let argv0 = std::env::args_os().next().map(PathBuf::from);
    let cwd = std::env::current_dir().ok();
    let given = argv0.and_then(|a| {
        if a.components().count() > 1 {
            cwd.map(|c| c.join(&a)).filter(|p| p.is_file())
        } else {
            which::which_in(&a, ctx.env.get("PATH"), cwd?).ok()
        }
    });
    given
        .or_else(|| std::env::current_exe().ok())
        .unwrap_or_else(|| PathBuf::from("ssoenv"))
}

/// The error for `use`/`unuse` run without the hook: a program cannot change
/// the environment of the shell that started it.
pub fn hook_missing(command: &str, profile: Option<&str>, ctx: &Context) -> Error {
    let shell = ctx
        .env
        .non_empty("SHELL")
        .and_then(|s| Path::new(s).file_name()?.to_str().map(str::to_owned))
        .unwrap_or_default();
    let (install, rc) = match shell.as_str() {
        "zsh" => ("eval \"$(ssoenv init zsh)\"", "~/.zshrc"),
        "fish" => ("ssoenv init fish | source", "~/.config/fish/config.fish"),
        _ => ("eval \"$(ssoenv init bash)\"", "~/.bashrc"),
    };
    let once = match (command, profile) {
        ("use", Some(p)) => {
            let p = shell::quote(Format::Sh, p);
            if shell == "fish" {
                format!("ssoenv export {p} --format fish | source")
            } else {
                format!("eval \"$(ssoenv export {p})\"")
            }
        }
        _ => "ssoenv exec PROFILE -- COMMAND, which needs no hook".to_string(),
    };
    Error::Usage {
        message: format!(
            "`ssoenv {command}` changes the current shell, so it works only through the shell hook"
        ),
        hint: format!("add `{install}` to {rc} and open a new shell; or, this once: {once}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_lose_their_quotes_and_nothing_else_changes() {
        let script = r#"complete -n "__fish_x_needs" -a "list" -d 'say "list" here'"#;
        assert_eq!(
            unquote_plain_words(script),
            r#"complete -n __fish_x_needs -a list -d 'say "list" here'"#
        );
        let comment = "# cmd's \"x\"\nset a \"b\"";
        assert_eq!(unquote_plain_words(comment), "# cmd's \"x\"\nset a b");
        let kept = r#"-a "a b" -a "$x" -a "" -d 'it\'s "y"' -n "x \"y\"""#;
        assert_eq!(unquote_plain_words(kept), kept);
    }
}

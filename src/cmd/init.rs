//! `ssoenv init SHELL`: prints the shell hook. The hooks are real scripts under
//! `shell/` (linted and tested as files), embedded here; `init` fills in the
//! binary's absolute path (quoted for that shell) and the prompt switch.

use super::Context;
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

/// The hook for `shell`, calling the binary at `bin`. The completion script is
/// not in it: the hook reads it from `ssoenv completions` at the first Tab, so
/// a new shell parses only the hook.
pub fn hook(shell: HookShell, bin: &Path, prompt: bool) -> String {
    let template = match shell {
        HookShell::Bash => BASH,
        HookShell::Zsh => ZSH,
        HookShell::Fish => FISH,
    };
    let bin = bin.to_string_lossy();
    let bin = if shell == HookShell::Fish && is_plain(&bin, "/.+") {
        // fish_indent drops quotes that are not needed; so does the hook.
        bin.into_owned()
    } else {
        shell::quote(format(shell), &bin)
    };
    // Every new shell parses this: the comments (the scripts' documentation,
    // read in shell/) are left out, which makes it a third smaller.
    let name = match shell {
        HookShell::Bash => "bash",
        HookShell::Zsh => "zsh",
        HookShell::Fish => "fish",
    };
    let mut out = format!(
        "# ssoenv's hook for {name}, from `ssoenv init {name}` (commented source: \
         shell/ssoenv.{name} in ssoenv's repository)\n"
    );
    // shellcheck's directives stay, so the output lints as the source does.
    let comment = |l: &&str| {
        let l = l.trim_start();
        l.starts_with('#') && !l.starts_with("# shellcheck")
    };
    for line in template.lines().filter(|l| !comment(l)) {
        out.push_str(line);
        out.push('\n');
    }
    out.replace("@SSOENV_BIN@", &bin)
        .replace("@SSOENV_PROMPT@", if prompt { "1" } else { "0" })
}

/// Whether `word` is letters, digits, `_`, `-` and the characters in `extra` only.
fn is_plain(word: &str, extra: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || extra.contains(c))
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

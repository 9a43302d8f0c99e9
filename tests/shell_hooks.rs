//! The `ssoenv init` hooks in real interactive bash, zsh and fish under tmux
//! (keys sent with send-keys, the screen read with capture-pane): the prompt
//! segment and its states, `use`/`unuse`, renewal before expiry, Tab completion,
//! coexistence with other prompt hooks, and no process on an ordinary prompt.

mod common;
use common::ssoenv_bin;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{START_URL, World};
const WAIT: Duration = Duration::from_secs(20);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sh {
    Bash,
    Zsh,
    Fish,
}

impl Sh {
    fn name(self) -> &'static str {
        match self {
            Sh::Bash => "bash",
            Sh::Zsh => "zsh",
            Sh::Fish => "fish",
        }
    }

    /// Sets and exports a variable.
    fn export(self, name: &str, value: &str) -> String {
        match self {
            Sh::Fish => format!("set -gx {name} {value}"),
            _ => format!("export {name}={value}"),
        }
    }
}

/// A temp HOME with a config, a signed-in session, the fake AWS and a bin folder
/// whose `ssoenv` is the binary under test.
fn world() -> World {
    let w = World::with_config(&format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n\
                 [profile prod]\nsso_session = corp\nsso_account_id = 333333333333\nsso_role_name = ReadOnly\n\
                 [profile staging]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n\
                 [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    ));
    let bin = w.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(ssoenv_bin(), bin.join("ssoenv")).unwrap();
    let out = w.ssoenv(&["login", "dev"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    w
}

impl World {
    /// The shell's environment: `ssoenv` on PATH, a terminal type and a UTF-8 locale.
    fn shell_env(&self) -> Vec<(String, String)> {
        let mut env = self.env();
        for (k, v) in &mut env {
            if k == "PATH" {
                *v = format!("{}:{v}", self.path().join("bin").display());
            }
        }
        env.push(("TERM".into(), "xterm-256color".into()));
        env.push(("LANG".into(), "C.UTF-8".into()));
        env
    }

    /// The access keys in the AWS CLI's role cache.
    fn cached_keys(&self) -> Vec<String> {
        let dir = self.home.path().join(".aws/cli/cache");
        let mut keys = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if entry.path().extension().is_some_and(|e| e == "json") {
                let v: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(entry.path()).unwrap()).unwrap();
                keys.push(
                    v["Credentials"]["AccessKeyId"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                );
            }
        }
        keys
    }
}

/// One interactive shell in its own tmux server.
struct Tmux {
    socket: String,
    shell: Sh,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Tmux {
    /// Starts `shell` (prefixed with `wrapper`, e.g. strace) in a 200x50 window.
    fn start(world: &World, shell: Sh, wrapper: &[&str]) -> Tmux {
        let socket = format!(
            "ssoenv-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let argv: Vec<&str> = match shell {
            Sh::Bash => vec!["bash", "--norc", "--noprofile"],
            Sh::Zsh => vec!["zsh", "-f"],
            Sh::Fish => vec!["fish", "--no-config"],
        };
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &socket, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", "200", "-y", "50", "env", "-i"]);
        for (k, v) in world.shell_env() {
            cmd.arg(format!("{k}={v}"));
        }
        cmd.args(wrapper).args(argv);
        let out = cmd.output().expect("tmux is installed");
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let t = Tmux { socket, shell };
        // A plain, known prompt to start from.
        match shell {
            Sh::Bash => t.run("PS1='$ '"),
            Sh::Zsh => t.run("PROMPT='%# '"),
            Sh::Fish => {
                t.run("function fish_prompt; printf '> '; end; function fish_greeting; end")
            }
        }
        t.run("clear");
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// The screen as text (with `escapes`, colours as escape sequences).
    fn screen(&self, escapes: bool) -> String {
        if escapes {
            self.tmux(&["capture-pane", "-p", "-e", "-t", "0"])
        } else {
            self.tmux(&["capture-pane", "-p", "-t", "0"])
        }
    }

    /// Waits until the screen satisfies `ok`, or panics showing it.
    fn wait(&self, what: &str, escapes: bool, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(escapes);
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!(
                    "{}: waited for {what}; the screen:\n{screen}",
                    self.shell.name()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `line`, presses Enter and waits until it has finished (a marker is printed).
    fn run(&self, line: &str) {
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        self.keys(&["-l", line]);
        self.keys(&["Enter"]);
        self.keys(&["-l", &format!("echo done{n}")]);
        self.keys(&["Enter"]);
        self.wait(&format!("{line:?} to finish"), false, |s| {
            s.lines().any(|l| l == format!("done{n}"))
        });
    }

    /// Runs `line` and returns the lines it printed starting with `prefix`.
    fn output(&self, line: &str, prefix: &str) -> String {
        self.run("clear");
        self.run(line);
        let screen = self.screen(false);
        screen
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix:?} after {line:?} in:\n{screen}"))
            .to_string()
    }

    /// The last prompt line on the screen (clears first, so it is the current one).
    fn prompt(&self) -> String {
        self.run("clear");
        let screen = self.screen(false);
        screen
            .lines()
            .rfind(|l| !l.trim().is_empty() && !l.starts_with("done"))
            .unwrap_or_default()
            .to_string()
    }

    fn prompt_colored(&self) -> String {
        self.run("clear");
        // The marker is on the screen before the shell draws the next prompt
        // (fish draws it a little later, more so on a busy machine): wait for
        // a line after the marker.
        let prompt_drawn = |screen: &str| {
            let lines: Vec<&str> = screen.lines().filter(|l| !l.trim().is_empty()).collect();
            lines
                .iter()
                .rposition(|l| l.contains("done"))
                .is_some_and(|i| i + 1 < lines.len())
        };
        let screen = self.wait("the prompt after the marker", true, prompt_drawn);
        screen
            .lines()
            .rfind(|l| !l.trim().is_empty() && !l.contains("done"))
            .unwrap_or_default()
            .to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

/// Minutes in a segment such as `aws:dev 42m` or `aws:dev 1h00m`.
fn minutes_in(prompt: &str, profile: &str) -> Option<u64> {
    let rest = prompt.split(&format!("aws:{profile} ")).nth(1)?;
    let word = rest.split_whitespace().next()?.strip_suffix('m')?;
    match word.split_once('h') {
        Some((h, m)) => Some(h.parse::<u64>().ok()? * 60 + m.parse::<u64>().ok()?),
        None => word.parse().ok(),
    }
}

fn init_line(shell: Sh) -> &'static str {
    match shell {
        Sh::Bash => "eval \"$(ssoenv init bash)\"",
        Sh::Zsh => "autoload -Uz compinit && compinit -u && eval \"$(ssoenv init zsh)\"",
        Sh::Fish => "ssoenv init fish | source",
    }
}

/// Another prompt hook that rebuilds the prompt at every prompt (as starship and
/// git prompts do), loaded before ssoenv's.
fn other_prompt_hook(shell: Sh) -> &'static str {
    match shell {
        Sh::Bash => "PROMPT_COMMAND='PS1=\"[mine] \\$ \"'",
        Sh::Zsh => "precmd() { PROMPT='[mine] %# ' }",
        Sh::Fish => {
            "function fish_prompt; printf '[mine] > '; end; function fish_right_prompt; printf RIGHT; end"
        }
    }
}

fn hook_flow(shell: Sh) {
    let w = world();
    let t = Tmux::start(&w, shell, &[]);
    t.run(other_prompt_hook(shell));
    t.run(init_line(shell));
    t.run(init_line(shell)); // loading twice changes nothing

    // use: the segment with about an hour left, the keys the fake issued.
    t.run("ssoenv use dev");
    let prompt = t.prompt();
    assert!(prompt.starts_with("aws:dev "), "{shell:?}: {prompt:?}");
    assert!(
        prompt.contains("[mine]"),
        "the other hook's prompt stays: {prompt:?}"
    );
    let left = minutes_in(&prompt, "dev").unwrap();
    assert!((55..=60).contains(&left), "{prompt:?}");
    if shell == Sh::Fish {
        assert!(t.screen(false).contains("RIGHT"), "fish_right_prompt stays");
    }
    let key = t.output("echo \"key=$AWS_ACCESS_KEY_ID\"", "key=");
    assert_eq!(vec![key["key=".len()..].to_string()], w.cached_keys());
    let region = t.output("echo \"region=$AWS_REGION\"", "region=");
    assert_eq!(region, "region=eu-west-1");

    // The exit status of the last command survives the hook.
    t.run("clear");
    t.keys(&["-l", "false"]);
    t.keys(&["Enter"]);
    let status_var = if shell == Sh::Fish { "$status" } else { "$?" };
    t.keys(&["-l", &format!("echo \"status={status_var}\"")]);
    t.keys(&["Enter"]);
    let screen = t.wait("the status", false, |s| {
        s.lines().any(|l| l.starts_with("status="))
    });
    assert!(screen.lines().any(|l| l == "status=1"), "{screen}");

    // unuse removes the keys and the segment.
    t.run("ssoenv unuse");
    let key = t.output("echo \"key=[$AWS_ACCESS_KEY_ID]\"", "key=");
    assert_eq!(key, "key=[]");
    let prompt = t.prompt();
    assert!(!prompt.contains("aws:"), "{prompt:?}");

    // Five minutes left: the warning colour (yellow).
    w.fake.set_credential_lifetime(Duration::from_secs(300));
    t.run(&shell.export("SSOENV_REFRESH_WITHIN", "0"));
    t.run("ssoenv use prod");
    let prompt = t.prompt_colored();
    assert!(prompt.contains("\x1b[33m"), "yellow: {prompt:?}");
    assert!(prompt.contains("aws:prod 5m"), "{prompt:?}");
    let old = t.output("echo \"key=$AWS_ACCESS_KEY_ID\"", "key=");

    // Renewal: within the window, the next prompt loads fresh credentials
    // without a browser.
    let calls = w.fake.count("GetRoleCredentials");
    t.run(&shell.export("SSOENV_REFRESH_WITHIN", "600"));
    let new = t.output("echo \"key=$AWS_ACCESS_KEY_ID\"", "key=");
    assert_ne!(old, new, "renewed before the prompt");
    assert_eq!(
        w.fake.count("GetRoleCredentials"),
        calls + 1,
        "one renewal, not one per prompt"
    );
    assert_eq!(
        w.browser_opened(),
        1,
        "only the first login used the browser"
    );

    // Expired credentials and no way to renew: the expired state.
    w.fake.set_credential_lifetime(Duration::from_secs(2));
    t.run(&shell.export("SSOENV_REFRESH_WITHIN", "0"));
    t.run("ssoenv use dev --min-ttl 7200");
    std::thread::sleep(Duration::from_secs(3));
    let prompt = t.prompt_colored();
    assert!(prompt.contains("aws:dev expired"), "{prompt:?}");
    assert!(
        prompt.contains("\x1b[31m")
            || prompt.contains("\x1b[1;31m")
            || prompt.contains("\x1b[1m\x1b[31m"),
        "red: {prompt:?}"
    );

    // The SSO session gone: the prompt says so instead of renewing.
    t.run("ssoenv logout --all");
    t.run(&shell.export("SSOENV_REFRESH_WITHIN", "600"));
    let prompt = t.prompt();
    assert!(
        prompt.contains("aws:dev expired (ssoenv login)"),
        "{prompt:?}"
    );
    assert_eq!(w.browser_opened(), 1, "the hook never opens a browser");

    // Tab completes profile names.
    t.run("clear");
    t.keys(&["-l", "ssoenv exec pr"]);
    t.keys(&["Tab"]);
    t.wait("Tab to complete `prod`", false, |s| {
        s.contains("ssoenv exec prod")
    });
    t.keys(&["C-c"]);
}

#[test]
fn bash_hook_prompt_use_unuse_renewal_and_completion() {
    hook_flow(Sh::Bash);
}

#[test]
fn zsh_hook_prompt_use_unuse_renewal_and_completion() {
    hook_flow(Sh::Zsh);
}

#[test]
fn fish_hook_prompt_use_unuse_renewal_and_completion() {
    hook_flow(Sh::Fish);
}

/// Five ordinary prompts, with credentials loaded, under strace: no execve, no fork.
fn no_process_on_prompts(shell: Sh) {
    let w = world();
    let log = w.home.path().join("strace.log");
    let log_arg = log.display().to_string();
    let t = Tmux::start(
        &w,
        shell,
        &[
            "strace",
            "-f",
            "-e",
            "trace=execve,fork,vfork,clone,clone3",
            "-o",
            &log_arg,
        ],
    );
    // Without compinit (slow under strace): the hook then checks for it at
    // each prompt, which must not start a process either.
    t.run(&format!("eval \"$(ssoenv init {})\"", shell.name()));
    t.run("ssoenv use dev");
    t.run("clear");
    let before = std::fs::read_to_string(&log).unwrap();
    let prompts_before = t
        .screen(false)
        .lines()
        .filter(|l| l.starts_with("aws:dev"))
        .count();
    for _ in 0..5 {
        t.keys(&["Enter"]);
    }
    t.wait("five more prompts", false, |s| {
        s.lines().filter(|l| l.starts_with("aws:dev")).count() >= prompts_before + 5
    });
    std::thread::sleep(Duration::from_millis(300));
    let after = std::fs::read_to_string(&log).unwrap();
    let new = &after[before.len()..];
    let calls: Vec<&str> = new
        .lines()
        .filter(|l| {
            ["execve(", "fork(", "clone(", "clone3("]
                .iter()
                .any(|c| l.contains(c))
        })
        .collect();
    assert!(
        calls.is_empty(),
        "{shell:?} started processes on ordinary prompts:\n{new}"
    );
}

#[test]
fn bash_prompts_start_no_process() {
    no_process_on_prompts(Sh::Bash);
}

#[test]
fn zsh_prompts_start_no_process() {
    no_process_on_prompts(Sh::Zsh);
}

/// Runs `script` in `argv` with the hook's binary on PATH; returns stdout and stderr.
fn run_script(w: &World, argv: &[&str], script: &str) -> (String, String, bool) {
    let out = Command::new(argv[0])
        .args(&argv[1..])
        .arg(script)
        .env_clear()
        .envs(w.shell_env())
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

#[test]
fn hooks_load_silently_and_only_once_under_strict_shells() {
    let w = world();
    let (out, err, ok) = run_script(
        &w,
        &["bash", "--norc", "-eu", "-o", "pipefail", "-c"],
        "eval \"$(ssoenv init bash)\"; eval \"$(ssoenv init bash)\"; printf '%s\\n' \"${PROMPT_COMMAND[@]}\"",
    );
    assert!(ok && err.is_empty(), "bash: {err}");
    assert_eq!(out, "_ssoenv_hook\n", "registered once");
    let (out, err, ok) = run_script(
        &w,
        &["bash", "--norc", "-eu", "-o", "pipefail", "-c"],
        "PROMPT_COMMAND='history -a'; eval \"$(ssoenv init bash)\"; eval \"$(ssoenv init bash)\"; printf '%s|' \"${PROMPT_COMMAND[@]}\"",
    );
    assert!(ok && err.is_empty(), "bash: {err}");
    assert_eq!(
        out, "history -a|_ssoenv_hook|",
        "after the existing PROMPT_COMMAND"
    );

    let (out, err, ok) = run_script(
        &w,
        &["zsh", "--no-rcs", "-c"],
        "eval \"$(ssoenv init zsh)\"; eval \"$(ssoenv init zsh)\"; print -l $precmd_functions",
    );
    assert!(ok && err.is_empty(), "zsh: {err}");
    assert_eq!(out.matches("_ssoenv_precmd").count(), 1, "{out}");
    // Loaded before compinit (as many plugin managers do): completion is
    // bound at the first prompt after compinit, once, and the check removed.
    let (out, err, ok) = run_script(
        &w,
        &["zsh", "--no-rcs", "-c"],
        "eval \"$(ssoenv init zsh)\"; eval \"$(ssoenv init zsh)\"; print -l -- $precmd_functions; \
         autoload -Uz compinit && compinit -u -D; for f in $precmd_functions; do $f; done; \
         print -l -- after $precmd_functions \"comp=$_comps[ssoenv]\"",
    );
    assert!(ok && err.is_empty(), "zsh: {err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "_ssoenv_precmd",
            "_ssoenv_bind_completion",
            "after",
            "_ssoenv_precmd",
            "comp=_ssoenv"
        ],
        "{out}"
    );

    let (out, err, ok) = run_script(
        &w,
        &["fish", "--no-config", "-c"],
        "ssoenv init fish | source; functions fish_prompt | string collect | md5sum; ssoenv init fish | source; functions fish_prompt | string collect | md5sum; complete -c ssoenv | count",
    );
    assert!(ok && err.is_empty(), "fish: {err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], lines[1], "fish_prompt unchanged by a second load");
}

#[test]
fn no_prompt_leaves_the_prompt_alone_and_provides_ssoenv_prompt() {
    let w = world();
    for (argv, script) in [
        (
            vec!["bash", "--norc", "-eu", "-c"],
            "PS1='mine'; eval \"$(ssoenv init bash --no-prompt)\"; ssoenv use dev; _ssoenv_hook; echo \"[$PS1]\"; echo \"[$(ssoenv_prompt)]\"",
        ),
        (
            vec!["zsh", "--no-rcs", "-c"],
            "PROMPT='mine'; eval \"$(ssoenv init zsh --no-prompt)\"; ssoenv use dev; _ssoenv_precmd; echo \"[$PROMPT]\"; echo \"[$(ssoenv_prompt)]\"",
        ),
        (
            vec!["fish", "--no-config", "-c"],
            "function fish_prompt; echo mine; end; ssoenv init fish --no-prompt | source; ssoenv use dev; echo \"[\"(fish_prompt)\"]\"; echo \"[\"(ssoenv_prompt)\"]\"",
        ),
    ] {
        let (out, err, ok) = run_script(&w, &argv, script);
        assert!(ok, "{argv:?}: {err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "[mine]", "{argv:?}: the prompt is left alone");
        assert!(
            lines[1].starts_with("[aws:dev ") && minutes_in(lines[1], "dev").is_some(),
            "{argv:?}: {out}"
        );
    }
}

#[test]
fn hook_output_is_lint_clean() {
    let w = world();
    let bash = w.ssoenv(&["init", "bash"]);
    let lint = Command::new("shellcheck")
        .args(["-s", "bash", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = feed(lint, &bash.stdout);
    assert!(
        out.status.success(),
        "shellcheck:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let fish = w.ssoenv(&["init", "fish"]);
    let indent = Command::new("fish_indent")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = feed(indent, &fish.stdout);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&fish.stdout),
        "fish_indent would change the fish hook"
    );
}

fn feed(mut child: std::process::Child, input: &[u8]) -> Output {
    use std::io::Write;
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn use_without_the_hook_explains_how_to_load_it() {
    let w = world();
    let out = Command::new(ssoenv_bin())
        .args(["use", "dev"])
        .env_clear()
        .envs(w.shell_env())
        .env("SHELL", "/usr/bin/zsh")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("eval \"$(ssoenv init zsh)\"") && err.contains("~/.zshrc"),
        "{err}"
    );
    assert!(err.contains("eval \"$(ssoenv export 'dev')\""), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn the_hook_calls_the_binary_by_the_path_it_was_run_from() {
    let w = world();
    // On PATH under a folder with a quote in its name; the symlink is kept
    // (not resolved), so an upgrade behind it keeps working.
    let odd = w.home.path().join("it's bin");
    std::fs::create_dir(&odd).unwrap();
    let bin: PathBuf = odd.join("ssoenv");
    std::os::unix::fs::symlink(ssoenv_bin(), &bin).unwrap();
    let path = format!("{}:/usr/bin:/bin", odd.display());
    for (shell, quoted) in [
        (
            "bash",
            format!(
                "_ssoenv_bin='{}'",
                bin.display().to_string().replace('\'', "'\\''")
            ),
        ),
        (
            "fish",
            format!(
                "set -g _ssoenv_bin '{}'",
                bin.display().to_string().replace('\'', "\\'")
            ),
        ),
    ] {
        let out = Command::new("sh")
            .args(["-c", &format!("ssoenv init {shell}")])
            .env("PATH", &path)
            .env("HOME", w.home.path())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(&quoted),
            "{shell}: want {quoted}\n{}",
            first_lines(&text)
        );
    }
    // And it works from there: the hook runs that binary.
    let (out, err, ok) = run_script(
        &w,
        &["bash", "--norc", "-eu", "-c"],
        &format!(
            "PATH={}; eval \"$(ssoenv init bash)\"; ssoenv use dev; echo \"$SSOENV_PROFILE\"",
            shell_words::quote(&path)
        ),
    );
    assert!(ok, "{err}");
    assert_eq!(out, "dev\n");
    assert!(Path::new(&bin).exists());
}

fn first_lines(s: &str) -> String {
    s.lines().take(15).collect::<Vec<_>>().join("\n")
}

/// A renewal that fails (an endpoint down, not a lost session) is tried less
/// and less often: after 1, 2, 4, then every 8 minutes, so a broken network
/// slows a prompt rarely; a success goes back to once a minute. The hook's
/// renewal is driven directly with a stand-in binary that fails and counts
/// its runs, at chosen times (bash takes the time from `_ssoenv_now`, fish
/// as an argument).
#[test]
fn a_failing_renewal_backs_off() {
    let w = world();
    let stub = w.path().join("failing-ssoenv");
    std::fs::write(
        &stub,
        "#!/bin/sh\necho run >> \"$HOME/renewals\"\n[ -e \"$HOME/works\" ] || exit 69\n",
    )
    .unwrap();
    std::fs::set_permissions(&stub, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    // Seconds after the start at which a prompt comes, and how many renewals
    // have run by then (first try, then 2, 4, 8, 8 minutes apart).
    let times = [0, 60, 119, 120, 300, 359, 360, 839, 840, 1319, 1320];
    let runs = [1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5];
    let count = || {
        std::fs::read_to_string(w.path().join("renewals"))
            .unwrap_or_default()
            .lines()
            .count()
    };
    for shell in ["bash", "fish"] {
        let _ = std::fs::remove_file(w.path().join("renewals"));
        let _ = std::fs::remove_file(w.path().join("works"));
        let mut script = match shell {
            "bash" => format!(
                "eval \"$(ssoenv init bash)\"; _ssoenv_bin={}; SSOENV_PROFILE=dev; \
                 SSOENV_EXPIRES=$((1000000 + 300)); base=1000000\n",
                stub.display()
            ),
            _ => format!(
                "ssoenv init fish | source; set -g _ssoenv_bin {}; set -gx SSOENV_PROFILE dev; \
                 set -g base 1000000\n",
                stub.display()
            ),
        };
        for t in times {
            script += &match shell {
                "bash" => format!(
                    "_ssoenv_now=$((base + {t})); _ssoenv_left=100; _ssoenv_renew; \
                     wc -l < \"$HOME/renewals\"\n"
                ),
                _ => format!(
                    "set -g _ssoenv_left 100; _ssoenv_renew (math $base + {t}); \
                     wc -l < \"$HOME/renewals\"\n"
                ),
            };
        }
        // Working again: back to once a minute.
        script += &match shell {
            "bash" => "touch \"$HOME/works\"; _ssoenv_now=$((base + 1800)); _ssoenv_left=100; \
                       _ssoenv_renew; _ssoenv_now=$((base + 1860)); _ssoenv_left=100; \
                       _ssoenv_renew; wc -l < \"$HOME/renewals\"\n"
                .to_string(),
            _ => "touch \"$HOME/works\"; set -g _ssoenv_left 100; _ssoenv_renew (math $base + 1800); \
                  set -g _ssoenv_left 100; _ssoenv_renew (math $base + 1860); \
                  wc -l < \"$HOME/renewals\"\n"
                .to_string(),
        };
        let argv: &[&str] = match shell {
            "bash" => &["bash", "--norc", "-c"],
            _ => &["fish", "--no-config", "-c"],
        };
        let (out, err, ok) = run_script(&w, argv, &script);
        assert!(ok, "{shell}: {err}");
        let seen: Vec<usize> = out.lines().map(|l| l.trim().parse().unwrap_or(0)).collect();
        let mut want = runs.to_vec();
        want.push(7);
        assert_eq!(seen, want, "{shell}: renewals run by each prompt\n{err}");
        assert_eq!(count(), 7, "{shell}");
    }
}

//! The scripts of `ssoenv completions bash|zsh|fish` complete profile and
//! sso-session names from the config as it is at Tab time: in bash by calling
//! the registered completion function, in fish with `complete -C`, and in a
//! real interactive zsh under tmux (keys sent with send-keys, the screen read
//! with capture-pane).

#[path = "support/binary.rs"]
mod binary;
use binary::ssoenv_bin;

use clap::CommandFactory;
use clap_complete::Shell;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long a shell under tmux may take to show what a test waits for.
const WAIT: Duration = Duration::from_secs(15);

const CONFIG: &str = "\
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Dev
region = eu-west-1

[profile prod]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Admin

[profile prod-eu]
sso_session = corp
sso_account_id = 333333333333
sso_role_name = Admin
region = eu-central-1

[profile staging]
sso_session = lab
sso_account_id = 444444444444
sso_role_name = Dev

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[sso-session lab]
sso_start_url = https://lab.awsapps.com/start
sso_region = eu-west-1
";

/// A profile the tests add to show the completions follow the config.
const PROD_US: &str = "\n[profile prod-us]\nsso_session = corp\nsso_account_id = 555555555555\nsso_role_name = Admin\n";

/// A temp HOME with the config and the completion scripts, and an empty
/// folder to run the shells in (so no file name can pass for a completion).
struct World {
    home: tempfile::TempDir,
}

impl World {
    fn new() -> World {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join(".aws")).unwrap();
        std::fs::create_dir_all(home.path().join("empty")).unwrap();
        std::fs::write(home.path().join(".aws/config"), CONFIG).unwrap();
        let w = World { home };
        for shell in ["bash", "zsh", "fish"] {
            let out = w
                .command(ssoenv_bin())
                .args(["completions", shell])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "ssoenv completions {shell}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::fs::write(w.script(shell), &out.stdout).unwrap();
        }
        w
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    /// Where the completion script for `shell` is.
    fn script(&self, shell: &str) -> PathBuf {
        self.path(&format!("completion.{shell}"))
    }

    /// Adds the profile `prod-us` to the config.
    fn add_prod_us(&self) {
        use std::io::Write;
        let mut config = std::fs::OpenOptions::new()
            .append(true)
            .open(self.path(".aws/config"))
            .unwrap();
        config.write_all(PROD_US.as_bytes()).unwrap();
    }

    /// `program` in the empty folder with only HOME, TERM and a PATH that
    /// finds the binary under test first.
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let bin = Path::new(ssoenv_bin()).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into())
        );
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("HOME", self.home.path())
            .env("PATH", path)
            .env("TERM", "xterm-256color")
            .current_dir(self.path("empty"));
        cmd
    }
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `script` in `bash --norc -eu -o pipefail` with the completion script
/// sourced and `comp WORD...` defined: it completes the last word as bash does
/// (through the function `complete -p ssoenv` names) and prints COMPREPLY, then `--`.
fn bash(w: &World, script: &str) -> Output {
    let prelude = format!(
        r#"source '{}'
fn=$(complete -p ssoenv)
fn=${{fn##*-F }}
fn=${{fn%% *}}
comp() {{
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${{#COMP_LINE}}
    COMPREPLY=()
    "$fn" ssoenv "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD - 1]}}" || :
    printf '%s\n' "${{COMPREPLY[@]}}" --
}}
"#,
        w.script("bash").display()
    );
    w.command("bash")
        .args(["--norc", "--noprofile", "-eu", "-o", "pipefail", "-c"])
        .arg(prelude + script)
        .output()
        .unwrap()
}

/// The replies of each `comp` call in `script`.
fn bash_replies(w: &World, script: &str) -> Vec<Vec<String>> {
    let out = bash(w, script);
    assert!(
        out.status.success(),
        "bash: {}{}",
        text(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut replies = vec![Vec::new()];
    for line in text(&out).lines() {
        if line == "--" {
            replies.push(Vec::new());
        } else {
            replies.last_mut().unwrap().push(line.to_owned());
        }
    }
    replies.pop();
    replies
}

fn bash_complete(w: &World, words: &str) -> Vec<String> {
    let mut args: Vec<String> = words.split(' ').map(|w| format!("'{w}'")).collect();
    args.insert(0, "comp".into());
    let mut replies = bash_replies(w, &args.join(" "));
    assert_eq!(replies.len(), 1, "{words}");
    replies.remove(0)
}

#[test]
fn bash_completes_profiles_and_sso_sessions_from_the_config() {
    let w = World::new();
    assert_eq!(bash_complete(&w, "ssoenv exec pr"), ["prod", "prod-eu"]);
    assert_eq!(
        bash_complete(&w, "ssoenv use "),
        ["dev", "prod", "prod-eu", "staging"]
    );
    assert_eq!(
        bash_complete(&w, "ssoenv whoami --region eu-west-1 st"),
        ["staging"]
    );
    assert_eq!(bash_complete(&w, "ssoenv export -f json d"), ["dev"]);
    assert_eq!(bash_complete(&w, "ssoenv -v credential-process d"), ["dev"]);
    assert_eq!(bash_complete(&w, "ssoenv login --sso-session l"), ["lab"]);
    assert_eq!(
        bash_complete(&w, "ssoenv logout --sso-session "),
        ["corp", "lab"]
    );
    // `--sso-session=l`: as one word, and split at `=` as COMP_WORDBREAKS does.
    assert_eq!(
        bash_complete(&w, "ssoenv login --sso-session=l"),
        ["--sso-session=lab"]
    );
    assert_eq!(bash_complete(&w, "ssoenv login --sso-session = l"), ["lab"]);
    // The rest is clap's.
    assert_eq!(bash_complete(&w, "ssoenv ex"), ["export", "exec"]);
    assert!(bash_complete(&w, "ssoenv exec dev --re").contains(&"--region".to_owned()));
    assert!(bash_complete(&w, "ssoenv exec pr --").contains(&"--min-ttl".to_owned()));
    assert_eq!(
        bash_complete(&w, "ssoenv exec dev zzz"),
        Vec::<String>::new()
    );
}

#[test]
fn bash_completes_a_command_not_a_profile_after_exec_dashdash() {
    let w = World::new();
    let profiles = ["dev", "prod", "prod-eu", "staging"];
    let first = bash_complete(&w, "ssoenv exec dev -- ");
    assert!(
        first.iter().all(|r| !profiles.contains(&r.as_str())),
        "{first:?}"
    );
    let pr = bash_complete(&w, "ssoenv exec dev -- pr");
    assert!(pr.contains(&"printf".to_owned()), "{pr:?}");
    assert!(!pr.contains(&"prod".to_owned()), "{pr:?}");
    assert_eq!(
        bash_complete(&w, "ssoenv exec -- stag"),
        Vec::<String>::new()
    );
    // The command's arguments: file names (bash's default), no profiles.
    assert_eq!(
        bash_complete(&w, "ssoenv exec dev -- ls pr"),
        Vec::<String>::new()
    );
}

#[test]
fn bash_loads_silently_twice_under_nounset_and_ignores_an_ssoenv_function() {
    let w = World::new();
    let out = bash(
        &w,
        &format!(
            "source '{}'\nssoenv() {{ echo not-a-profile; }}\ncomp ssoenv exec pr",
            w.script("bash").display()
        ),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text(&out), "prod\nprod-eu\n--\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn bash_completions_follow_the_config_without_reloading() {
    let w = World::new();
    let replies = bash_replies(
        &w,
        &format!(
            "comp ssoenv exec prod-\nprintf '{}' >> \"$HOME/.aws/config\"\ncomp ssoenv exec prod-",
            PROD_US.replace('\n', "\\n")
        ),
    );
    assert_eq!(replies, [vec!["prod-eu"], vec!["prod-eu", "prod-us"]]);
}

/// What fish's `complete -C` gives for each line, with the completion script
/// sourced (and an `ssoenv` function that must not be called), without descriptions.
fn fish(w: &World, lines: &[&str]) -> Vec<Vec<String>> {
    let mut script = format!(
        "source '{}'\nfunction ssoenv; echo not-a-profile; end\n",
        w.script("fish").display()
    );
    for line in lines {
        if let Some(command) = line.strip_prefix('!') {
            script.push_str(command);
        } else {
            script.push_str(&format!("complete -C '{line}'"));
        }
        script.push_str("\necho ::\n");
    }
    let out = w
        .command("fish")
        .args(["--no-config", "-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "fish: {}{}",
        text(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut replies = vec![Vec::new()];
    for line in text(&out).lines() {
        if line == "::" {
            replies.push(Vec::new());
        } else {
            let word = line.split('\t').next().unwrap_or_default();
            replies.last_mut().unwrap().push(word.to_owned());
        }
    }
    replies.pop();
    replies
}

#[test]
fn fish_completes_profiles_and_sso_sessions_from_the_config() {
    let w = World::new();
    let got = fish(
        &w,
        &[
            "ssoenv exec pr",
            "ssoenv logout --sso-session ",
            "ssoenv login -v --sso-session l",
            "ssoenv logout --sso-session=c",
            "ssoenv use --shell bash s",
            "ssoenv whoami --region eu-west-1 ",
            "ssoenv exec dev ",
            "ssoenv exec dev -- ech",
            "ssoenv exec prod -- ssoenv exec pr",
            "ssoenv ex",
        ],
    );
    let expected: [&[&str]; 10] = [
        &["prod", "prod-eu"],
        &["corp", "lab"],
        &["lab"],
        &["--sso-session=corp"],
        &["staging"],
        &["dev", "prod", "prod-eu", "staging"],
        &[],
        &["echo"],
        &["prod", "prod-eu"],
        &["exec", "export"],
    ];
    assert_eq!(got.len(), expected.len(), "{got:?}");
    for (got, expected) in got.iter().zip(expected) {
        assert_eq!(got, expected);
    }
    // After `--` a command (fish matches command names fuzzily), not a profile.
    let after = fish(&w, &["ssoenv exec dev -- stag", "ssoenv exec -- prod"]);
    assert!(
        after
            .iter()
            .flatten()
            .all(|c| !c.starts_with("staging") && !c.starts_with("prod")),
        "{after:?}"
    );
}

#[test]
fn fish_completions_follow_the_config_without_reloading() {
    let w = World::new();
    let add = format!(
        "!printf '{}' >> $HOME/.aws/config",
        PROD_US.replace('\n', "\\n")
    );
    let got = fish(&w, &["ssoenv exec prod-", &add, "ssoenv exec prod-"]);
    assert_eq!(got, [vec!["prod-eu"], vec![], vec!["prod-eu", "prod-us"]]);
}

/// An interactive shell in a tmux server of its own, 200×50.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn start(w: &World, shell: &[&str]) -> Tmux {
        let t = Tmux {
            socket: w.path("tmux.sock"),
        };
        let out = t
            .tmux(w)
            .args(["new-session", "-d", "-x", "200", "-y", "50"])
            .args(shell)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    fn tmux(&self, w: &World) -> Command {
        let mut cmd = w.command("tmux");
        cmd.arg("-S").arg(&self.socket).args(["-f", "/dev/null"]);
        cmd
    }

    /// Types `literal`, then presses `keys` (tmux key names).
    fn send(&self, w: &World, literal: &str, keys: &[&str]) {
        if !literal.is_empty() {
            let out = self
                .tmux(w)
                .args(["send-keys", "-l", literal])
                .output()
                .unwrap();
            assert!(out.status.success());
        }
        if !keys.is_empty() {
            let out = self.tmux(w).arg("send-keys").args(keys).output().unwrap();
            assert!(out.status.success());
        }
    }

    fn screen(&self, w: &World) -> String {
        text(&self.tmux(w).args(["capture-pane", "-p"]).output().unwrap())
    }

    /// The screen once `done` holds for it; panics with the screen after [`WAIT`].
    fn wait(&self, w: &World, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let screen = self.screen(w);
            if done(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Clears the screen and the line, types `line`, presses `keys`, types
    /// `@@` and returns the command line once the `@@` shows: what the keys made of `line`.
    fn complete(&self, w: &World, line: &str, keys: &[&str]) -> String {
        self.send(w, "", &["C-u", "C-l"]);
        self.wait(w, "an empty prompt", |s| s.trim_end() == "%");
        self.send(w, line, keys);
        self.send(w, "@@", &[]);
        let screen = self.wait(w, &format!("{line:?} completed"), |s| {
            s.lines().any(|l| l.starts_with("% ") && l.ends_with("@@"))
        });
        let line = screen.lines().find(|l| l.starts_with("% ")).unwrap();
        line["% ".len()..line.len() - "@@".len()].to_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

#[test]
fn zsh_completes_profiles_and_sso_sessions_from_the_config() {
    let w = World::new();
    let t = Tmux::start(&w, &["zsh", "-f"]);
    t.send(
        &w,
        &format!(
            "PS1='%% '; autoload -U compinit && compinit -u -D && source '{}' && ssoenv() {{ print not-a-profile; }} && print READY$((6*7))",
            w.script("zsh").display()
        ),
        &["Enter"],
    );
    t.wait(&w, "zsh with the completion loaded", |s| {
        s.lines().any(|l| l == "READY42")
    });

    // The common prefix, and on the next Tab the list.
    assert_eq!(
        t.complete(&w, "ssoenv exec pr", &["Tab"]),
        "ssoenv exec prod"
    );
    t.send(&w, "", &["C-u", "C-l"]);
    t.wait(&w, "an empty prompt", |s| s.trim_end() == "%");
    t.send(&w, "ssoenv exec pr", &["Tab", "Tab"]);
    let screen = t.wait(&w, "the list of prod and prod-eu", |s| {
        s.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["prod", "prod-eu"])
    });
    assert!(!screen.contains("staging"), "{screen}");

    assert_eq!(
        t.complete(&w, "ssoenv login --sso-session l", &["Tab"]),
        "ssoenv login --sso-session lab "
    );
    assert_eq!(
        t.complete(&w, "ssoenv logout --sso-session=c", &["Tab"]),
        "ssoenv logout --sso-session=corp "
    );
    assert_eq!(
        t.complete(&w, "ssoenv use st", &["Tab"]),
        "ssoenv use staging "
    );
    // clap's subcommands, and after `exec ... --` a command, not a profile.
    assert_eq!(t.complete(&w, "ssoenv whoa", &["Tab"]), "ssoenv whoami ");
    assert_eq!(
        t.complete(&w, "ssoenv exec -- stag", &["Tab"]),
        "ssoenv exec -- stag"
    );
    assert!(
        t.complete(&w, "ssoenv exec dev -- ech", &["Tab"])
            .starts_with("ssoenv exec dev -- echo"),
        "{}",
        t.screen(&w)
    );

    // The config changes; the loaded completion follows.
    assert_eq!(
        t.complete(&w, "ssoenv exec prod-", &["Tab"]),
        "ssoenv exec prod-eu "
    );
    w.add_prod_us();
    assert_eq!(
        t.complete(&w, "ssoenv exec prod-u", &["Tab"]),
        "ssoenv exec prod-us "
    );
}

#[test]
fn zsh_loads_silently_twice_without_rcs_and_under_nounset() {
    let w = World::new();
    let script = std::fs::read_to_string(w.script("zsh")).unwrap();
    assert!(
        script.contains("compdef _ssoenv ssoenv"),
        "init binds it by this text"
    );
    // What `ssoenv init zsh` embeds.
    let hooked = w.path("hooked.zsh");
    std::fs::write(&hooked, script.replace("compdef _ssoenv ssoenv", ":")).unwrap();
    let load = format!(
        "source '{0}'; source '{0}'; (( $+functions[_ssoenv] && $+functions[_ssoenv_profiles] ))",
        hooked.display()
    );
    for options in [&["--no-rcs"][..], &["--no-rcs", "-o", "nounset"]] {
        let out = w
            .command("zsh")
            .args(options)
            .args(["-c", &load])
            .output()
            .unwrap();
        assert!(out.status.success(), "{options:?}");
        assert_eq!(text(&out), "");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{options:?}");
    }
}

#[test]
fn scripts_are_what_the_library_generates_and_lint_clean() {
    let w = World::new();
    for (name, shell) in [
        ("bash", Shell::Bash),
        ("zsh", Shell::Zsh),
        ("fish", Shell::Fish),
    ] {
        let file = std::fs::read_to_string(w.script(name)).unwrap();
        assert_eq!(file, ssoenv::cmd::completions::script(shell), "{name}");
        assert!(
            !file.contains("__SSOENV_DYNAMIC_"),
            "{name}: a placeholder is left"
        );
        for needle in ["command ssoenv list ", "--names", "--sso-sessions"] {
            assert!(file.contains(needle), "{name}: no {needle}");
        }
    }
    // PowerShell and elvish: clap_complete's script as it is.
    for shell in [Shell::PowerShell, Shell::Elvish] {
        let mut clap = Vec::new();
        clap_complete::generate(shell, &mut ssoenv::cli::Cli::command(), "ssoenv", &mut clap);
        assert_eq!(
            ssoenv::cmd::completions::script(shell),
            String::from_utf8(clap).unwrap()
        );
    }

    // clap's bash script splits compgen's output on purpose (SC2207).
    let out = Command::new("shellcheck")
        .args(["-s", "bash", "-e", "SC2207"])
        .arg(w.script("bash"))
        .output()
        .expect("shellcheck is needed (see .ci/run)");
    assert!(out.status.success(), "shellcheck:\n{}", text(&out));

    // The fish layer is as fish_indent writes it (the hook embeds it).
    let fish = std::fs::read_to_string(w.script("fish")).unwrap();
    let layer = &fish[fish.find("\n# Dynamic completion").expect("the fish layer") + 1..];
    let mut indent = w
        .command("fish_indent")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        indent
            .stdin
            .take()
            .unwrap()
            .write_all(layer.as_bytes())
            .unwrap();
    }
    let out = indent.wait_with_output().unwrap();
    assert_eq!(text(&out), layer, "fish_indent would change the fish layer");
}

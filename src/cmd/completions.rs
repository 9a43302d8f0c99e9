//! `ssoenv completions SHELL`: the completion script for a shell, generated
//! from the clap definition (the committed copies in `completions/` come from here).
//!
//! clap_complete writes the subcommands and options. For bash, zsh and fish a
//! thin layer on top completes profile and sso-session names from the config
//! as it is at Tab time (`ssoenv list --names`, `ssoenv list --sso-sessions`),
//! and completes the command after `exec … --` as a command. Which arguments
//! take a profile or an sso-session comes from the clap definition (see
//! [`kind`]), so a new subcommand with a `profile` argument gets it too.
//! PowerShell and elvish get clap_complete's script as it is.

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;
use crate::output;
use clap::builder::PossibleValuesParser;
use clap::{Arg, Command, CommandFactory};
use clap_complete::Shell;

pub fn run(args: &CompletionsArgs) -> Result<()> {
    output::print(&script(args.shell))
}

/// The completion script for `shell`. It can be evaluated more than once, and
/// works when `ssoenv` is a shell function wrapping the binary.
pub fn script(shell: Shell) -> String {
    match shell {
        Shell::Bash => bash(),
        Shell::Zsh => zsh(),
        Shell::Fish => fish(),
        _ => clap_script(shell, Cli::command()),
    }
}

fn clap_script(shell: Shell, mut cmd: Command) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "ssoenv", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// What an argument's value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Profile,
    SsoSession,
}

impl Kind {
    /// The `ssoenv list` option that prints the names, one a line.
    fn list_option(self) -> &'static str {
        match self {
            Kind::Profile => "--names",
            Kind::SsoSession => "--sso-sessions",
        }
    }
}

/// Whether `arg` takes a profile or an sso-session name: its id is `profile` or
/// `sso_session`, or its value is called PROFILE or SSO_SESSION.
fn kind(arg: &Arg) -> Option<Kind> {
    if !arg.get_action().takes_values() || !arg.get_possible_values().is_empty() {
        return None;
    }
    let value_name = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map(|name| name.as_str());
    match (arg.get_id().as_str(), value_name) {
        ("profile", _) | (_, Some("PROFILE")) => Some(Kind::Profile),
        ("sso_session", _) | (_, Some("SSO_SESSION")) => Some(Kind::SsoSession),
        _ => None,
    }
}

/// An option, as the shells need to know it.
#[derive(Debug)]
struct Opt {
    longs: Vec<String>,
    shorts: Vec<char>,
}

impl Opt {
    fn of(arg: &Arg) -> Opt {
        let mut longs: Vec<String> = arg.get_long().map(str::to_owned).into_iter().collect();
        longs.extend(
            arg.get_all_aliases()
                .unwrap_or_default()
                .into_iter()
                .map(str::to_owned),
        );
        let mut shorts: Vec<char> = arg.get_short().into_iter().collect();
        shorts.extend(arg.get_all_short_aliases().unwrap_or_default());
        Opt { longs, shorts }
    }

    /// `--long` and `-s`, each checked to need no quoting in any shell.
    fn spellings(&self) -> impl Iterator<Item = String> + '_ {
        let longs = self.longs.iter().map(|l| format!("--{l}"));
        let shorts = self.shorts.iter().map(|s| format!("-{s}"));
        longs.chain(shorts).map(plain)
    }
}

/// A (sub)command on the way to an argument that is completed dynamically.
#[derive(Debug)]
struct Node {
    /// The subcommands from the top (none for `ssoenv` itself), each as its
    /// name and then its aliases.
    path: Vec<Vec<String>>,
    /// Every option that takes a value (so the word after it is not a positional).
    value_options: Vec<String>,
    /// The positionals (numbered from 1) that take a name.
    positionals: Vec<(usize, Kind)>,
    /// The options that take a name.
    options: Vec<(Opt, Kind)>,
    /// Whether a command follows `--` (an argument with `last = true`).
    rest: bool,
}

impl Node {
    fn of(cmd: &Command, path: Vec<Vec<String>>) -> Node {
        let mut node = Node {
            path,
            value_options: Vec::new(),
            positionals: Vec::new(),
            options: Vec::new(),
            rest: false,
        };
        for arg in cmd.get_arguments() {
            if arg.is_positional() {
                if arg.is_last_set() || arg.is_trailing_var_arg_set() {
                    node.rest = true;
                } else if let (Some(kind), Some(index)) = (kind(arg), arg.get_index()) {
                    node.positionals.push((index, kind));
                }
            } else if arg.get_action().takes_values() {
                let opt = Opt::of(arg);
                node.value_options.extend(opt.spellings());
                if let Some(kind) = kind(arg) {
                    node.options.push((opt, kind));
                }
            }
        }
        node
    }

    fn is_dynamic(&self) -> bool {
        !self.positionals.is_empty() || !self.options.is_empty() || self.rest
    }

    /// The subcommand names (not aliases), space-separated.
    fn key(&self) -> String {
        let names: Vec<&str> = self.path.iter().map(|names| names[0].as_str()).collect();
        names.join(" ")
    }

    /// The options that take a `kind` name.
    fn options(&self, kind: Kind) -> impl Iterator<Item = &Opt> {
        self.options
            .iter()
            .filter(move |(_, k)| *k == kind)
            .map(|(opt, _)| opt)
    }

    /// The positionals that take a `kind` name.
    fn positionals(&self, kind: Kind) -> impl Iterator<Item = usize> + '_ {
        self.positionals
            .iter()
            .filter(move |(_, k)| *k == kind)
            .map(|(index, _)| *index)
    }
}

/// The commands that complete something dynamically, and the commands above
/// them, parents first.
fn nodes() -> Vec<Node> {
    fn collect(cmd: &Command, path: Vec<Vec<String>>, out: &mut Vec<Node>) -> bool {
        let at = out.len();
        out.push(Node::of(cmd, path.clone()));
        let mut dynamic = out[at].is_dynamic();
        for sub in cmd.get_subcommands() {
            let mut names = vec![sub.get_name()];
            names.extend(sub.get_all_aliases());
            let mut path = path.clone();
            path.push(names.into_iter().map(|n| plain(n.to_owned())).collect());
            dynamic |= collect(sub, path, out);
        }
        if !dynamic {
            out.truncate(at);
        }
        dynamic
    }
    let mut cmd = Cli::command();
    // Adds the global options to every subcommand, and `help`.
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, Vec::new(), &mut out);
    out
}

/// `word`, which the generated scripts use unquoted, or a panic if it would
/// need quoting (the tests generate every script).
fn plain(word: String) -> String {
    assert!(
        !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{word:?} needs quoting in a completion script"
    );
    word
}

/// `words` joined as ` a b c ` (so `*" $w "*` tests membership).
fn spaced(words: impl IntoIterator<Item = String>) -> String {
    let mut out = String::from(" ");
    for word in words {
        out.push_str(&word);
        out.push(' ');
    }
    out
}

const BASH: &str = r#"
# Dynamic completion, added by ssoenv to clap's script above: profile and
# sso-session names come from the config as it is at Tab time, the command
# after `exec ... --` is completed as a command, and the rest is left to _ssoenv.

# What (sub)command $1 takes: the options with a value, the positionals
# (numbered from 1) that are a profile or an sso-session, the options that take
# one, and whether a command follows `--`.
_ssoenv_dyn_node() {
    _ssoenv_vopts=' ' _ssoenv_ppos=' ' _ssoenv_spos=' ' _ssoenv_popts=' ' _ssoenv_sopts=' ' _ssoenv_rest=0
    case $1 in
@NODES@
    esac
}

# Sets _ssoenv_child to the subcommand that word $2 names in (sub)command $1.
_ssoenv_dyn_child() {
    case "$1/$2" in
@CHILDREN@
        *) return 1 ;;
    esac
}

_ssoenv_dynamic() {
    local cur=${2-} prefix='' pend='' opt='' path='' kind='' w i j n=0 dd=0 name
    local _ssoenv_vopts _ssoenv_ppos _ssoenv_spos _ssoenv_popts _ssoenv_sopts _ssoenv_rest _ssoenv_child
    _ssoenv_dyn_node ''
    # With `=` in COMP_WORDBREAKS, `--opt=value` is the words `--opt`, `=`, `value`.
    if [[ $cur == = ]]; then
        cur=''
    fi
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ -n $pend ]]; then
            if [[ $w != = ]]; then
                pend=''
            fi
        elif ((dd)); then
            n=$((n + 1))
        elif [[ $w == -- ]]; then
            if ((_ssoenv_rest)); then
                _ssoenv_dyn_rest $((i + 1)) "$cur"
                return 0
            fi
            dd=1
        elif [[ $w == --*=* ]]; then
            :
        elif [[ $w == --* ]]; then
            if [[ $_ssoenv_vopts == *" $w "* ]]; then
                pend=$w
            fi
        elif [[ $w == -?* ]]; then
            # Short options: the first that takes a value takes the rest of the
            # word, or the next word.
            for ((j = 1; j < ${#w}; j++)); do
                if [[ $_ssoenv_vopts == *" -${w:j:1} "* ]]; then
                    if ((j == ${#w} - 1)); then
                        pend=-${w:j:1}
                    fi
                    break
                fi
            done
        elif ((n == 0)) && _ssoenv_dyn_child "$path" "$w"; then
            path=$_ssoenv_child
            _ssoenv_dyn_node "$path"
        else
            n=$((n + 1))
        fi
    done
    if [[ -n $pend ]]; then
        opt=$pend
    elif ((dd == 0)) && [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        prefix=$opt=
        cur=${cur#*=}
    elif ((dd)) || [[ $cur != -* ]]; then
        if [[ $_ssoenv_ppos == *" $((n + 1)) "* ]]; then
            kind=--names
        elif [[ $_ssoenv_spos == *" $((n + 1)) "* ]]; then
            kind=--sso-sessions
        fi
    fi
    if [[ -n $opt && $_ssoenv_popts == *" $opt "* ]]; then
        kind=--names
    elif [[ -n $opt && $_ssoenv_sopts == *" $opt "* ]]; then
        kind=--sso-sessions
    fi
    if [[ -z $kind ]]; then
        _ssoenv "$@"
        return
    fi
    COMPREPLY=()
    while IFS= read -r name; do
        if [[ $name == "$cur"* ]]; then
            COMPREPLY+=("$prefix$name")
        fi
    done < <(command ssoenv list "$kind" 2>/dev/null)
    # No file names when no name matches.
    compopt +o default +o bashdefault 2>/dev/null || :
    return 0
}

# Completes the command that starts at word $1 ($2 is the word at the cursor):
# as bash-completion does if it is loaded, else command names, then file names.
_ssoenv_dyn_rest() {
    if declare -F _command_offset >/dev/null; then
        _command_offset "$1"
    elif ((COMP_CWORD == $1)); then
        mapfile -t COMPREPLY < <(compgen -c -- "$2")
    else
        COMPREPLY=()
    fi
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _ssoenv_dynamic -o nosort -o bashdefault -o default ssoenv
else
    complete -F _ssoenv_dynamic -o bashdefault -o default ssoenv
fi
"#;

fn bash() -> String {
    let mut nodes = Vec::new();
    let mut children = Vec::new();
    for node in self::nodes() {
        let options = |kind| spaced(node.options(kind).flat_map(Opt::spellings));
        let positionals = |kind| spaced(node.positionals(kind).map(|i| i.to_string()));
        // A command with nothing to say gets _ssoenv_dyn_node's defaults.
        if !node.value_options.is_empty() || node.is_dynamic() {
            let vars = [
                ("vopts", spaced(node.value_options.iter().cloned())),
                ("ppos", positionals(Kind::Profile)),
                ("spos", positionals(Kind::SsoSession)),
                ("popts", options(Kind::Profile)),
                ("sopts", options(Kind::SsoSession)),
                ("rest", u8::from(node.rest).to_string()),
            ];
            let vars: Vec<String> = vars
                .iter()
                .map(|(name, value)| format!("_ssoenv_{name}='{value}'"))
                .collect();
            nodes.push(format!("        '{}') {} ;;", node.key(), vars.join(" ")));
        }
        if let Some((names, parents)) = node.path.split_last() {
            let parent: Vec<&str> = parents.iter().map(|n| n[0].as_str()).collect();
            let parent = parent.join(" ");
            let patterns: Vec<String> = names
                .iter()
                .map(|name| format!("'{parent}/{name}'"))
                .collect();
            children.push(format!(
                "        {}) _ssoenv_child='{}' ;;",
                patterns.join(" | "),
                node.key()
            ));
        }
    }
    clap_script(Shell::Bash, Cli::command())
        + &BASH
            .replace("@NODES@", &nodes.join("\n"))
            .replace("@CHILDREN@", &children.join("\n"))
}

/// The zsh functions put in front of clap's `_ssoenv`, which becomes `_ssoenv_clap`.
const ZSH: &str = r#"
# Dynamic completion, added by ssoenv to clap's script below: profile and
# sso-session names come from the config as it is at Tab time, and the command
# after `exec ... --` is completed as a command.
_ssoenv() {
    # The command line as it is before _arguments narrows `words` down.
    local -a _ssoenv_words
    _ssoenv_words=("${words[@]}")
    local _ssoenv_current=$CURRENT
    _ssoenv_clap "$@"
}

# Sets REPLY to the index of the `--` before the cursor, or fails.
_ssoenv_dashdash() {
    local i
    for (( i = 2; i < ${_ssoenv_current:-0}; i++ )); do
        if [[ ${_ssoenv_words[i]} == -- ]]; then
            REPLY=$i
            return 0
        fi
    done
    return 1
}

# Offers the names `ssoenv list $3` prints as $1 ($2 describes one).
_ssoenv_names() {
    local tag=$1 descr=$2 option=$3 expl
    shift 3
    local -a names
    names=(${(f)"$(command ssoenv list $option 2>/dev/null)"})
    _wanted $tag expl $descr compadd "$@" -a - names
}

_ssoenv_profiles() {
    _ssoenv_names profiles profile --names "$@"
}

_ssoenv_sso_sessions() {
    _ssoenv_names sso-sessions sso-session --sso-sessions "$@"
}

# A profile of a subcommand that takes a command after `--`: not after it.
_ssoenv_profiles_before_rest() {
    local REPLY
    _ssoenv_dashdash && return 1
    _ssoenv_profiles "$@"
}

_ssoenv_sso_sessions_before_rest() {
    local REPLY
    _ssoenv_dashdash && return 1
    _ssoenv_sso_sessions "$@"
}

# The command after `--`, completed as if it stood alone.
_ssoenv_rest() {
    local REPLY
    _ssoenv_dashdash || return 1
    words=("${(@)_ssoenv_words[REPLY+1,-1]}")
    (( CURRENT = _ssoenv_current - REPLY ))
    _normal
}

_ssoenv_clap() {
"#;

/// The zsh actions of the dynamic arguments. clap_complete has no way to set
/// one, so each argument gets a single possible value instead (which clap
/// writes as the action `(VALUE)`), and the text is replaced.
const ZSH_ACTIONS: [(&str, &str); 5] = [
    ("__SSOENV_DYNAMIC_PROFILE__", "_ssoenv_profiles"),
    ("__SSOENV_DYNAMIC_SSO_SESSION__", "_ssoenv_sso_sessions"),
    (
        "__SSOENV_DYNAMIC_PROFILE_BEFORE_REST__",
        "_ssoenv_profiles_before_rest",
    ),
    (
        "__SSOENV_DYNAMIC_SSO_SESSION_BEFORE_REST__",
        "_ssoenv_sso_sessions_before_rest",
    ),
    ("__SSOENV_DYNAMIC_REST__", "_ssoenv_rest"),
];

/// `cmd` with each dynamic argument (in every subcommand) given the value
/// standing for its zsh action.
fn zsh_mark(mut cmd: Command) -> Command {
    let rest = cmd
        .get_arguments()
        .any(|a| a.is_positional() && (a.is_last_set() || a.is_trailing_var_arg_set()));
    let mut marks = Vec::new();
    for arg in cmd.get_arguments() {
        // A positional before a command after `--` must not be offered after `--`.
        let before_rest = rest && arg.is_positional();
        let action = match kind(arg) {
            _ if arg.is_positional() && (arg.is_last_set() || arg.is_trailing_var_arg_set()) => {
                "_ssoenv_rest"
            }
            Some(Kind::Profile) if before_rest => "_ssoenv_profiles_before_rest",
            Some(Kind::SsoSession) if before_rest => "_ssoenv_sso_sessions_before_rest",
            Some(Kind::Profile) => "_ssoenv_profiles",
            Some(Kind::SsoSession) => "_ssoenv_sso_sessions",
            None => continue,
        };
        let (value, _) = ZSH_ACTIONS.iter().find(|(_, a)| *a == action).unwrap();
        marks.push((arg.get_id().clone(), *value));
    }
    for (id, value) in marks {
        cmd = cmd.mut_arg(id, |arg| {
            arg.value_parser(PossibleValuesParser::new([value]))
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(sub, zsh_mark);
    }
    cmd
}

/// clap's zsh script with the dynamic actions, and `_ssoenv` renamed
/// `_ssoenv_clap` behind [`ZSH`]'s functions. If clap's text is not as
/// expected, its script as it is.
fn zsh() -> String {
    const HEAD: &str = "\n_ssoenv() {\n";
    let mut text = clap_script(Shell::Zsh, zsh_mark(Cli::command()));
    for (value, action) in ZSH_ACTIONS {
        text = text.replace(&format!("({value})"), action);
    }
    if text.matches(HEAD).count() != 1 || text.contains("__SSOENV_DYNAMIC_") {
        return clap_script(Shell::Zsh, Cli::command());
    }
    text.replacen(HEAD, ZSH, 1)
}

const FISH: &str = r#"
# Dynamic completion, added by ssoenv to clap's script above: profile and
# sso-session names come from the config as it is at Tab time, and the command
# after `exec ... --` is completed as a command.

# Walks the tokens before the cursor along the subcommands $argv[1] (names
# separated by spaces, aliases by commas). $argv[2] is 1 if a command follows
# `--`; the rest are the options that take a value. Prints `value`, the option,
# when the cursor is on an option's value; `rest` and the tokens after `--`;
# or `pos` and the number of the positional the cursor is on. Fails when the
# command line is not in those subcommands.
function __fish_ssoenv_dyn_walk
    set -l path (string split ' ' -- $argv[1])
    set -l rest $argv[2]
    set -l vopts $argv[3..-1]
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l n 0
    set -l pend
    set -l dd 0
    set -l i 0
    for t in $tokens
        set i (math $i + 1)
        if test -n "$pend"
            set pend
            continue
        end
        if test $dd = 1
            set n (math $n + 1)
            continue
        end
        switch $t
            case --
                set dd 1
                if test $rest = 1
                    set -q path[1]
                    and return 1
                    set -l after $tokens
                    set -e after[1..$i]
                    printf '%s\n' rest $after
                    return 0
                end
            case '--*=*'
            case '--*'
                if contains -- $t $vopts
                    set pend $t
                end
            case '-?*'
                # Short options: the first that takes a value takes the rest of
                # the token, or the next token.
                set -l chars (string split '' -- (string sub -s 2 -- $t))
                for j in (seq (count $chars))
                    if contains -- -$chars[$j] $vopts
                        if test $j = (count $chars)
                            set pend -$chars[$j]
                        end
                        break
                    end
                end
            case '*'
                if test $n = 0; and set -q path[1]
                    contains -- $t (string split , -- $path[1])
                    or return 1
                    set -e path[1]
                else
                    set n (math $n + 1)
                end
        end
    end
    set -q path[1]
    and return 1
    if test -n "$pend"
        printf '%s\n' value $pend
    else
        printf '%s\n' pos (math $n + 1)
    end
end

# Whether the command line is in the subcommands (arguments as for the walk).
function __fish_ssoenv_dyn_in
    __fish_ssoenv_dyn_walk $argv >/dev/null
end

# Whether the cursor is on positional $argv[1] (then as for the walk).
function __fish_ssoenv_dyn_positional
    set -l w (__fish_ssoenv_dyn_walk $argv[2..-1])
    or return 1
    test "$w[1]" = pos
    and test "$w[2]" = $argv[1]
end

# Whether the cursor is in the command after `--` (arguments as for the walk).
function __fish_ssoenv_dyn_after_dashdash
    set -l w (__fish_ssoenv_dyn_walk $argv)
    and test "$w[1]" = rest
end

# Completes the command after `--` as if it stood alone.
function __fish_ssoenv_dyn_rest
    set -l w (__fish_ssoenv_dyn_walk $argv)
    or return
    set -e w[1]
    __fish_complete_subcommand --commandline $w (commandline -ct)
end

"#;

fn fish() -> String {
    let mut lines = Vec::new();
    for node in nodes() {
        let path: Vec<String> = node.path.iter().map(|names| names.join(",")).collect();
        let args = format!(
            "'{}' {}{}",
            path.join(" "),
            u8::from(node.rest),
            spaced(node.value_options.iter().cloned()).trim_end()
        );
        let list =
            |kind: Kind| format!("'(command ssoenv list {} 2>/dev/null)'", kind.list_option());
        for (index, kind) in &node.positionals {
            lines.push(format!(
                "complete -c ssoenv -n \"__fish_ssoenv_dyn_positional {index} {args}\" -f -a {}",
                list(*kind)
            ));
        }
        for (opt, kind) in &node.options {
            let shorts = opt.shorts.iter().map(|s| format!(" -s {s}"));
            let longs = opt.longs.iter().map(|l| format!(" -l {l}"));
            let spec: String = shorts.chain(longs).collect();
            lines.push(format!(
                "complete -c ssoenv -n \"__fish_ssoenv_dyn_in {args}\"{spec} -r -f -a {}",
                list(*kind)
            ));
        }
        if node.rest {
            lines.push(format!(
                "complete -c ssoenv -n \"__fish_ssoenv_dyn_after_dashdash {args}\" -f -a \"(__fish_ssoenv_dyn_rest {args})\""
            ));
        }
    }
    clap_script(Shell::Fish, Cli::command()) + FISH + &lines.join("\n") + "\n"
}

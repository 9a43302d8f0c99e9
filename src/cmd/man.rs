//! `ssoenv man`: the manual page, from the clap definition plus the sections
//! clap cannot know (environment, files, exit status, examples).

use crate::cli::Cli;
use crate::error::Result;
use crate::output;
use clap::CommandFactory;
use clap_mangen::Man;

/// Environment variables ssoenv reads, with what they do.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "AWS_CONFIG_FILE",
        "The config file (default ~/.aws/config). $VARS and a leading ~ are expanded; set but empty means no config file, as in botocore.",
    ),
    (
        "AWS_SHARED_CREDENTIALS_FILE",
        "The credentials file (default ~/.aws/credentials); its keys override the config file's, key by key.",
    ),
    (
        "AWS_PROFILE",
        "The profile used when none is named on the command line.",
    ),
    (
        "AWS_DEFAULT_PROFILE",
        "The profile used when neither a profile argument nor AWS_PROFILE is given.",
    ),
    ("HOME", "Where ~/.aws is."),
    ("NO_COLOR", "When set and not empty, no colour is used."),
];

/// Files ssoenv reads.
const FILES: &[(&str, &str)] = &[
    (
        "~/.aws/config",
        "Profiles ([default], [profile NAME]), [sso-session NAME] and [services NAME] sections.",
    ),
    (
        "~/.aws/credentials",
        "Static keys and settings in sections named after profiles.",
    ),
];

/// Exit statuses and their meaning.
const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success (also when the reader of the output goes away early).",
    ),
    ("2", "The command line was wrong."),
    (
        "66",
        "A config or credentials file exists but cannot be read.",
    ),
    ("67", "The named profile does not exist."),
    ("74", "Output could not be written."),
    (
        "78",
        "A config or credentials file is malformed, or a profile's settings cannot work; the message names the file and line.",
    ),
];

/// Examples, as command and explanation.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "ssoenv list",
        "Show every profile with its kind, account, role, region and sso-session.",
    ),
    (
        "ssoenv list --json | jq '.[] | select(.kind == \"sso\") | .name'",
        "The SSO profiles, for a script.",
    ),
    (
        "ssoenv completions zsh > ~/.zfunc/_ssoenv",
        "Install zsh completions.",
    ),
];

pub fn run() -> Result<()> {
    output::print(&render())
}

/// The whole page as roff.
pub fn render() -> String {
    let cmd = Cli::command();
    let man = Man::new(cmd.clone())
        .title("SSOENV")
        .date(MAN_DATE)
        .manual("ssoenv manual");
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = man.render_title(&mut buf);
    let _ = man.render_name_section(&mut buf);
    let _ = man.render_synopsis_section(&mut buf);
    let _ = man.render_description_section(&mut buf);
    let _ = man.render_options_section(&mut buf);
    let mut page = String::from_utf8_lossy(&buf).into_owned();
    commands(&mut page, &cmd);
    section(&mut page, "ENVIRONMENT", ENVIRONMENT);
    section(&mut page, "FILES", FILES);
    section(&mut page, "EXIT STATUS", EXIT_STATUS);
    section(&mut page, "EXAMPLES", EXAMPLES);
    page
}

/// The date on the page: the last time its content changed.
const MAN_DATE: &str = "2026-11-22";

/// One entry per subcommand: its usage line, what it does, and its options.
fn commands(page: &mut String, cmd: &clap::Command) {
    page.push_str(".SH COMMANDS\n");
    for sub in cmd.get_subcommands() {
        let mut usage = format!("\\fBssoenv {}\\fR", sub.get_name());
        let args: Vec<&clap::Arg> = sub.get_arguments().filter(|a| !a.is_hide_set()).collect();
        for arg in &args {
            if arg.is_positional() {
                usage.push_str(&format!(
                    " \\fI{}\\fR",
                    arg.get_id().as_str().to_uppercase()
                ));
            } else if let Some(long) = arg.get_long() {
                usage.push_str(&format!(" [\\fB\\-\\-{}\\fR]", escape(long)));
            }
        }
        page.push_str(&format!(".TP\n{usage}\n"));
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        page.push_str(&format!("{}\n", escape(&about)));
        for arg in args.iter().filter(|a| !a.is_positional()) {
            let Some(long) = arg.get_long() else { continue };
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            page.push_str(&format!(
                ".RS\n.TP\n\\fB\\-\\-{}\\fR\n{}\n.RE\n",
                escape(long),
                escape(&help)
            ));
        }
        for arg in args.iter().filter(|a| a.is_positional()) {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() {
                page.push_str(&format!(
                    ".RS\n.TP\n\\fI{}\\fR\nOne of: {}.\n.RE\n",
                    arg.get_id().as_str().to_uppercase(),
                    escape(&values.join(", "))
                ));
            }
        }
    }
}

fn section(page: &mut String, title: &str, items: &[(&str, &str)]) {
    page.push_str(&format!(".SH \"{title}\"\n"));
    for (term, text) in items {
        page.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            escape(term),
            escape(text)
        ));
    }
}

/// Escapes text for roff: backslashes, hyphens, and a leading dot or quote.
fn escape(text: &str) -> String {
    let s = text.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

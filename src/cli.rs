//! The command-line surface as clap types, and nothing else: no logic lives
//! here, so completions and the man page can be generated from it.

use clap::{Args, Parser, Subcommand};

/// Short-lived AWS credentials from IAM Identity Center (AWS SSO) profiles,
/// for any command and any shell.
///
/// ssoenv reads ~/.aws/config and ~/.aws/credentials exactly as the AWS CLI
/// does, and shares the AWS CLI's token and credential caches.
#[derive(Debug, Parser)]
#[command(name = "ssoenv", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The options every subcommand takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Say what ssoenv reads and does, on stderr (never secrets).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Never colour the output (also: the NO_COLOR environment variable).
    #[arg(long, global = true)]
    pub no_color: bool,
}

impl Cli {
    /// The command line of this process. The commands that run most often
    /// (from prompts, `credential_process` and scripts) are first parsed
    /// against a command that knows only them, which costs a fraction of
    /// building all of them; anything that parse does not accept (help,
    /// `--version`, a mistake, other subcommands) is parsed again in full, so
    /// what is printed and how the arguments are read never differ.
    pub fn from_process() -> Cli {
        let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        Cli::parse_narrow(&args).unwrap_or_else(|| Cli::parse_from(args))
    }

    /// `args` parsed against a command with only the subcommand named in
    /// `args[1]`, if it is one of the frequent ones and the parse succeeds.
    pub fn parse_narrow(args: &[std::ffi::OsString]) -> Option<Cli> {
        use clap::{Command as ClapCommand, FromArgMatches};
        let name = args.get(1)?.to_str()?;
        let sub = match name {
            "export" => ExportArgs::augment_args(ClapCommand::new("export")),
            "exec" => ExecArgs::augment_args(ClapCommand::new("exec")),
            "credential-process" => {
                CredentialProcessArgs::augment_args(ClapCommand::new("credential-process"))
            }
            "use" => UseArgs::augment_args(ClapCommand::new("use")),
            // Every new shell runs `init` once (its hook line).
            "init" => InitArgs::augment_args(ClapCommand::new("init")),
            "list" => ListArgs::augment_args(ClapCommand::new("list")),
            _ => return None,
        };
        let command = GlobalArgs::augment_args(ClapCommand::new("ssoenv"))
            .subcommand_required(true)
            .subcommand(sub);
        let matches = command.try_get_matches_from(args).ok()?;
        Cli::from_arg_matches(&matches).ok()
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the profiles in ~/.aws/config and ~/.aws/credentials.
    #[command(visible_alias = "ls")]
    List(ListArgs),

    /// Print shell code that loads a profile's credentials: eval "$(ssoenv export dev)".
    Export(ExportArgs),

    /// Run a command (default: $SHELL) with a profile's credentials in its environment.
    Exec(ExecArgs),

    /// Print a profile's credentials as `credential_process` JSON (for
    /// `credential_process = ssoenv credential-process dev` in ~/.aws/config).
    CredentialProcess(CredentialProcessArgs),

    /// Show who a profile's credentials belong to (STS GetCallerIdentity).
    Whoami(WhoamiArgs),

    /// Sign in to IAM Identity Center (the AWS CLI shares the token).
    Login(LoginArgs),

    /// Sign out: end the portal session, delete the token and the role
    /// credentials cached from it.
    Logout(LogoutArgs),

    /// Show each SSO session's token and each cached role credential, with expiries.
    Status(StatusArgs),

    /// Print the shell hook: eval "$(ssoenv init bash)" in ~/.bashrc, likewise
    /// for zsh, or `ssoenv init fish | source` in config.fish.
    ///
    /// The hook shows the active profile and the time its credentials have left
    /// in the prompt, renews them shortly before they expire, enables completion,
    /// and makes `ssoenv use` and `ssoenv unuse` work in the current shell.
    Init(InitArgs),

    /// Load a profile's credentials into the current shell (needs the hook from `ssoenv init`).
    Use(UseArgs),

    /// Remove from the current shell everything `ssoenv use` set (needs the hook from `ssoenv init`).
    Unuse(UnuseArgs),

    /// Set up an sso-session and a profile, interactively or from flags (like
    /// `aws configure sso`): sign in, pick the account and role, write ~/.aws/config.
    Configure(ConfigureArgs),

    /// Write a profile for every account and role an sso-session can reach, into
    /// a block of ~/.aws/config that ssoenv owns.
    ///
    /// IAM Identity Center throttles a user's portal requests (from about 20 a
    /// second): populate starts with 4 requests in flight (at most 8), learns
    /// the rate from the throttling answers, paces itself to it and honours
    /// Retry-After, so 1,000 accounts take about 1,000 / rate seconds with few
    /// requests throttled. On a terminal it shows the accounts done and the
    /// requests throttled; -v reports them too.
    Populate(PopulateArgs),

    /// Open the AWS console in the browser, signed in as a profile.
    Console(ConsoleArgs),

    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),

    /// Print the manual page (roff), e.g. `ssoenv man | man -l -`.
    Man,
}

/// Options of `ssoenv completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The shells `ssoenv init` has a hook for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HookShell {
    Bash,
    Zsh,
    Fish,
}

/// Options of `ssoenv init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The shell to print the hook for.
    #[arg(value_enum)]
    pub shell: HookShell,

    /// Leave the prompt alone; define `ssoenv_prompt`, which prints the segment, instead.
    #[arg(long)]
    pub no_prompt: bool,
}

/// Options of `ssoenv use`.
#[derive(Debug, Args)]
pub struct UseArgs {
    /// The profile to load (default: as for export; on a terminal with none, a picker).
    pub profile: Option<String>,

    /// The profile, as the AWS CLI and aws-vault name it (same as the argument).
    #[arg(long = "profile", value_name = "PROFILE", conflicts_with = "profile")]
    pub profile_flag: Option<String>,

    #[command(flatten)]
    pub creds: CredsArgs,

    /// Print the code for this shell instead of needing the hook (the hook runs this).
    #[arg(long, value_enum, value_name = "SHELL")]
    pub shell: Option<HookShell>,
}

/// Options of `ssoenv unuse`.
#[derive(Debug, Args)]
pub struct UnuseArgs {
    /// Print the code for this shell instead of needing the hook (the hook runs this).
    #[arg(long, value_enum, value_name = "SHELL")]
    pub shell: Option<HookShell>,
}

/// Options of `ssoenv configure`. Every question can be answered by a flag;
/// without a terminal, all the needed ones must be given.
#[derive(Debug, Args)]
pub struct ConfigureArgs {
    /// The [sso-session] name to create or reuse.
    #[arg(long, value_name = "NAME")]
    pub sso_session: Option<String>,

    /// The portal's start URL (https://…/start).
    #[arg(long, value_name = "URL")]
    pub start_url: Option<String>,

    /// The region of IAM Identity Center.
    #[arg(long, value_name = "REGION")]
    pub sso_region: Option<String>,

    /// The registration scopes, comma separated.
    #[arg(long, value_name = "SCOPES")]
    pub scopes: Option<String>,

    /// The account: its id, or its exact name.
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,

    /// The role (permission set) name.
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,

    /// The profile's default region.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// The profile's output format (json, yaml, yaml-stream, text, table).
    #[arg(long, value_name = "FORMAT")]
    pub output: Option<String>,

    /// The profile's name (default: <account-name>.<role>).
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<String>,

    /// Use the device-code flow to sign in.
    #[arg(long, visible_alias = "use-device-code")]
    pub device_code: bool,

    /// Do not open a browser; only print the sign-in URL.
    #[arg(long)]
    pub no_browser: bool,

    /// Change an existing sso-session's start URL or SSO region without
    /// asking (every profile of that session follows it).
    #[arg(long)]
    pub force: bool,
}

/// Options of `ssoenv populate`.
#[derive(Debug, Args)]
pub struct PopulateArgs {
    /// The [sso-session] whose accounts and roles to write.
    #[arg(long, value_name = "NAME")]
    pub sso_session: String,

    /// The profile name pattern: {account_name}, {account_id}, {role_name}, {sso_session}.
    #[arg(
        long,
        value_name = "TEMPLATE",
        default_value = "{account_name}.{role_name}"
    )]
    pub template: String,

    /// The region to set in every profile.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Remove the profiles of accounts and roles that are no longer reachable.
    #[arg(long)]
    pub prune: bool,

    /// Print the changes as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Never start a browser sign-in; fail if no token is usable.
    #[arg(long)]
    pub no_login: bool,
}

/// Options of `ssoenv console`.
#[derive(Debug, Args)]
pub struct ConsoleArgs {
    /// The profile (default: AWS_PROFILE, AWS_DEFAULT_PROFILE, the profile in use, `default`).
    pub profile: Option<String>,

    /// The profile, as the AWS CLI and aws-vault name it (same as the argument).
    #[arg(long = "profile", value_name = "PROFILE", conflicts_with = "profile")]
    pub profile_flag: Option<String>,

    /// Print the sign-in URL instead of opening it.
    #[arg(long)]
    pub print: bool,

    /// Open this service's console (e.g. s3, ec2, cloudwatch).
    #[arg(long, value_name = "NAME", conflicts_with = "destination")]
    pub service: Option<String>,

    /// Open this console URL.
    #[arg(long, value_name = "URL")]
    pub destination: Option<String>,

    #[command(flatten)]
    pub creds: CredsArgs,
}

/// Options of `ssoenv list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print a JSON array with every setting of every profile (secrets redacted).
    #[arg(long, conflicts_with_all = ["names", "sso_sessions"])]
    pub json: bool,

    /// Print only the profile names, one a line (for completions and scripts).
    #[arg(long, conflicts_with = "sso_sessions")]
    pub names: bool,

    /// Print only the [sso-session] names, one a line (for completions and scripts).
    #[arg(long)]
    pub sso_sessions: bool,
}

/// Options of `ssoenv login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The profile whose SSO session to sign in to (default: AWS_PROFILE, AWS_DEFAULT_PROFILE, the profile in use, `default`).
    #[arg(conflicts_with = "sso_session")]
    pub profile: Option<String>,

    /// The profile, as the AWS CLI names it (same as the argument).
    #[arg(long = "profile", value_name = "PROFILE", conflicts_with_all = ["profile", "sso_session"])]
    pub profile_flag: Option<String>,

    /// Sign in to this [sso-session] instead of a profile's.
    #[arg(long, value_name = "NAME")]
    pub sso_session: Option<String>,

    /// Use the device-code flow (a code to confirm) instead of the browser redirect.
    #[arg(long, visible_alias = "use-device-code")]
    pub device_code: bool,

    /// Do not open a browser; only print the URL (for SSH sessions).
    #[arg(long)]
    pub no_browser: bool,

    /// Sign in again even if the cached token is still valid.
    #[arg(long)]
    pub force: bool,
}

/// Options of `ssoenv logout`.
#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// The profile whose SSO session to end (default: AWS_PROFILE, AWS_DEFAULT_PROFILE, the profile in use, `default`).
    #[arg(conflicts_with_all = ["sso_session", "all"])]
    pub profile: Option<String>,

    /// The profile, as the AWS CLI names it (same as the argument).
    #[arg(long = "profile", value_name = "PROFILE", conflicts_with_all = ["profile", "sso_session", "all"])]
    pub profile_flag: Option<String>,

    /// End this [sso-session].
    #[arg(long, value_name = "NAME", conflicts_with = "all")]
    pub sso_session: Option<String>,

    /// End every SSO session in the config.
    #[arg(long)]
    pub all: bool,
}

/// Options of `ssoenv status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// How credentials are obtained, for `export` and `exec`.
#[derive(Debug, Clone, Args)]
pub struct CredsArgs {
    /// The region to hand over (default: the profile's).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Never start a browser sign-in; fail if no token is usable.
    #[arg(long)]
    pub no_login: bool,

    /// The MFA code, for a role with `mfa_serial` (else asked on the terminal).
    #[arg(long, value_name = "CODE")]
    pub mfa_code: Option<String>,

    /// Reuse cached credentials only with at least this many seconds left.
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    pub min_ttl: i64,

    /// How long the session lasts: seconds, or 1h, 90m, 1h30m (as aws-vault
    /// takes it). For an assume-role profile, AssumeRole's DurationSeconds;
    /// for `console`, the console session (15 minutes to 12 hours). An SSO
    /// profile's permission set decides its own.
    #[arg(long, short = 'd', value_name = "DURATION")]
    pub duration: Option<String>,
}

/// Options of `ssoenv export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The profile (default: AWS_PROFILE, AWS_DEFAULT_PROFILE, the profile in use, `default`; on a terminal with none, a picker).
    pub profile: Option<String>,

    /// The profile, as the AWS CLI and aws-vault name it (same as the argument).
    #[arg(long = "profile", value_name = "PROFILE", conflicts_with = "profile")]
    pub profile_flag: Option<String>,

    /// The output format.
    #[arg(long, short, value_enum, default_value = "sh")]
    pub format: crate::shell::Format,

    #[command(flatten)]
    pub creds: CredsArgs,
}

/// Options of `ssoenv exec`.
#[derive(Debug, Args)]
pub struct ExecArgs {
    /// The profile (default: AWS_PROFILE, AWS_DEFAULT_PROFILE, the profile in use, `default`; on a terminal with none, a picker).
    #[arg(index = 1)]
    pub profile: Option<String>,

    /// The profile, as aws-vault and the AWS CLI name it (then every word
    /// after the options is the command).
    #[arg(long = "profile", value_name = "PROFILE")]
    pub profile_flag: Option<String>,

    #[command(flatten)]
    pub creds: CredsArgs,

    /// Serve the credentials to the command from a local endpoint that renews
    /// them (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead of putting keys in its
    /// environment: for commands that run longer than the credentials last.
    #[arg(long)]
    pub server: bool,

    /// The command and its arguments: every word after the profile (its
    /// flags included), or after `--`.
    #[arg(
        index = 2,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "COMMAND"
    )]
    pub command: Vec<String>,
}

/// Options of `ssoenv credential-process`.
#[derive(Debug, Args)]
pub struct CredentialProcessArgs {
    /// The profile whose credentials to print.
    #[arg(required_unless_present = "profile_flag")]
    pub profile: Option<String>,

    /// The profile, as the AWS CLI and aws-vault name it (same as the argument).
    #[arg(long = "profile", value_name = "PROFILE", conflicts_with = "profile")]
    pub profile_flag: Option<String>,

    #[command(flatten)]
    pub creds: CredsArgs,
}

/// Options of `ssoenv whoami`.
#[derive(Debug, Args)]
pub struct WhoamiArgs {
    /// The profile (default: AWS_PROFILE, AWS_DEFAULT_PROFILE, the profile in use, `default`; on a terminal with none, a picker).
    pub profile: Option<String>,

    /// The profile, as the AWS CLI and aws-vault name it (same as the argument).
    #[arg(long = "profile", value_name = "PROFILE", conflicts_with = "profile")]
    pub profile_flag: Option<String>,

    /// Print JSON (Account, Arn, UserId).
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub creds: CredsArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn argv(line: &[&str]) -> Vec<OsString> {
        std::iter::once("ssoenv")
            .chain(line.iter().copied())
            .map(OsString::from)
            .collect()
    }

    /// Whatever the narrow parse accepts, the full one reads the same way;
    /// whatever it does not (help, version, mistakes), the full one handles.
    #[test]
    fn the_narrow_parse_agrees_with_the_full_one_or_declines() {
        let accepted: &[&[&str]] = &[
            &["export", "dev"],
            &["export"],
            &["export", "dev", "--format", "fish", "--min-ttl", "60"],
            &[
                "export",
                "-f",
                "dotenv",
                "--region",
                "eu-west-1",
                "dev",
                "-v",
            ],
            &["export", "--no-color", "help"],
            &["export", "dev", "--no-login", "--mfa-code", "123456", "-vv"],
            &["exec", "dev", "--", "env", "-i"],
            &[
                "exec",
                "--server",
                "dev",
                "--min-ttl=3600",
                "--",
                "/bin/true",
            ],
            &["exec"],
            &["credential-process", "legacy"],
            &["credential-process", "legacy", "--region", "us-east-1"],
            &[
                "use",
                "dev",
                "--no-login",
                "--min-ttl",
                "660",
                "--shell",
                "zsh",
            ],
            &["use"],
            &["init", "zsh"],
            &["init", "fish", "--no-prompt"],
            &["exec", "dev", "aws", "s3", "ls", "--recursive"],
            &["exec", "--profile", "dev", "aws", "-v"],
            &["export", "--profile", "dev", "-d", "1h"],
            &["list"],
            &["list", "--names"],
            &["list", "--json", "--no-color"],
        ];
        for line in accepted {
            let args = argv(line);
            let narrow = Cli::parse_narrow(&args).unwrap_or_else(|| panic!("{line:?} declined"));
            let full = Cli::try_parse_from(&args).unwrap();
            assert_eq!(format!("{narrow:?}"), format!("{full:?}"), "{line:?}");
        }
        let declined: &[&[&str]] = &[
            &[],
            &["-v", "export", "dev"],
            &["export", "--help"],
            &["export", "-h"],
            &["export", "--version"],
            &["export", "dev", "--format", "nope"],
            &["export", "dev", "--bogus"],
            &["export", "a", "b"],
            &["credential-process"],
            &["list", "--json", "--names"],
            &["ls"],
            &["login", "dev"],
            &["init", "tcsh"],
            &["help", "export"],
        ];
        for line in declined {
            assert!(
                Cli::parse_narrow(&argv(line)).is_none(),
                "{line:?} accepted"
            );
        }
    }
}

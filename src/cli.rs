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
    /// Say what ssoenv reads and does, on stderr (never secrets).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Never colour the output (also: the NO_COLOR environment variable).
    #[arg(long, global = true)]
    pub no_color: bool,

    #[command(subcommand)]
    pub command: Command,
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
    /// The profile to load.
    pub profile: String,

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
    /// The profile (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then `default`).
    pub profile: Option<String>,

    /// Print the sign-in URL instead of opening it.
    #[arg(long)]
    pub print: bool,

    /// Open this service's console (e.g. s3, ec2, cloudwatch).
    #[arg(long, value_name = "NAME", conflicts_with = "destination")]
    pub service: Option<String>,

    /// Open this console URL.
    #[arg(long, value_name = "URL")]
    pub destination: Option<String>,

    /// How long the console session lasts, in seconds (900 to 43200).
    #[arg(long, value_name = "SECONDS")]
    pub duration: Option<u32>,

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
    /// The profile whose SSO session to sign in to (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then `default`).
    #[arg(conflicts_with = "sso_session")]
    pub profile: Option<String>,

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
    /// The profile whose SSO session to end (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then `default`).
    #[arg(conflicts_with_all = ["sso_session", "all"])]
    pub profile: Option<String>,

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
#[derive(Debug, Args)]
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
}

/// Options of `ssoenv export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The profile (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then `default`).
    pub profile: Option<String>,

    /// The output format.
    #[arg(long, short, value_enum, default_value = "sh")]
    pub format: crate::shell::Format,

    #[command(flatten)]
    pub creds: CredsArgs,
}

/// Options of `ssoenv exec`.
#[derive(Debug, Args)]
pub struct ExecArgs {
    /// The profile (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then `default`).
    pub profile: Option<String>,

    #[command(flatten)]
    pub creds: CredsArgs,

    /// Serve the credentials to the command from a local endpoint that renews
    /// them (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead of putting keys in its
    /// environment: for commands that run longer than the credentials last.
    #[arg(long)]
    pub server: bool,

    /// The command and its arguments, after `--`.
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

/// Options of `ssoenv credential-process`.
#[derive(Debug, Args)]
pub struct CredentialProcessArgs {
    /// The profile whose credentials to print.
    pub profile: String,

    #[command(flatten)]
    pub creds: CredsArgs,
}

/// Options of `ssoenv whoami`.
#[derive(Debug, Args)]
pub struct WhoamiArgs {
    /// The profile (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then `default`).
    pub profile: Option<String>,

    /// Print JSON (Account, Arn, UserId).
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub creds: CredsArgs,
}

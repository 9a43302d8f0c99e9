//! One module per subcommand; `run` dispatches to them with the shared context.

pub mod completions;
pub mod configure;
pub mod console;
pub mod exec;
pub mod export;
pub mod init;
pub mod line;
pub mod list;
pub mod login;
pub mod logout;
pub mod man;
pub mod nesting;
pub mod pick;
pub mod populate;
pub mod program;
pub mod server;
pub mod status;
pub mod target;
pub mod ui;
pub mod unuse;
pub mod use_profile;
pub mod whoami;

use crate::cli::Command;
use crate::env::Env;
use crate::error::Result;
use crate::output::Style;

/// What every subcommand gets: the environment snapshot and output settings.
#[derive(Debug)]
pub struct Context {
    pub env: Env,
    pub verbose: u8,
    pub style: Style,
}

impl Context {
    /// A `-v` note on stderr. Callers never pass secrets here.
    pub fn note(&self, message: impl std::fmt::Display) {
        if self.verbose > 0 {
            eprintln!("ssoenv: {message}");
        }
    }

    /// The network settings for a command about `profile`; without one, the
    /// profile `AWS_PROFILE` (or `default`) selects, whose `ca_bundle`
    /// the AWS CLI would use too. `-v` notes go to stderr.
    pub fn network(
        &self,
        config: &crate::config::Config,
        profile: Option<&crate::config::Section>,
    ) -> crate::net::Network {
        let profile = profile.or_else(|| {
            config
                .profile(&crate::config::selected_profile(None, &self.env))
                .ok()
        });
        let net = crate::net::Network::new(&self.env, profile);
        if self.verbose > 0 {
            net.with_note(std::sync::Arc::new(|m| eprintln!("ssoenv: {m}")))
        } else {
            net
        }
    }

    /// A warning on stderr, always shown.
    pub fn warn(&self, message: impl std::fmt::Display) {
        eprintln!("ssoenv: warning: {message}");
    }
}

/// Runs one subcommand.
pub fn run(command: Command, ctx: &Context) -> Result<()> {
    match command {
        Command::List(args) => list::run(&args, ctx),
        Command::Export(args) => export::run(&args, ctx),
        Command::Exec(mut args) => {
            exec::normalize(&mut args, &std::env::args_os().collect::<Vec<_>>())?;
            exec::run(&args, ctx)
        }
        Command::CredentialProcess(args) => export::run_credential_process(&args, ctx),
        Command::Whoami(args) => whoami::run(&args, ctx),
        Command::Login(args) => login::run(&args, ctx),
        Command::Logout(args) => logout::run(&args, ctx),
        Command::Status(args) => status::run(&args, ctx),
        Command::Init(args) => init::run(&args, ctx),
        Command::Use(args) => use_profile::run(&args, ctx),
        Command::Unuse(args) => unuse::run(&args, ctx),
        Command::Configure(args) => configure::run(&args, ctx),
        Command::Populate(args) => populate::run(&args, ctx),
        Command::Console(args) => console::run(&args, ctx),
        Command::Completions(args) => completions::run(&args),
        Command::Man => man::run(),
    }
}

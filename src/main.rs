//! Entry point: parse the command line, run the subcommand, and print any
//! error once as `ssoenv: <message>` with the exit code it maps to.

use clap::Parser;
use ssoenv::cli::Cli;
use ssoenv::cmd::{self, Context};
use ssoenv::env::Env;
use ssoenv::error::WithHint;
use ssoenv::output::{self, Style};

fn main() {
    let cli = Cli::parse();
    let env = Env::from_process();
    let style = Style::detect(cli.no_color, env.get("NO_COLOR"));
    let ctx = Context {
        env,
        verbose: cli.verbose,
        style,
    };
    let code = match cmd::run(cli.command, &ctx) {
        Ok(()) => 0,
        Err(e) if output::is_broken_pipe(&e) => 0,
        Err(e) => {
            eprintln!("ssoenv: {}", WithHint(&e));
            e.exit_code()
        }
    };
    std::process::exit(code);
}

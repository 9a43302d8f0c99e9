//! `ssoenv completions SHELL`: the completion script for a shell, generated
//! from the clap definition (the committed copies in `completions/` come from here).

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;
use crate::output;
use clap::CommandFactory;

pub fn run(args: &CompletionsArgs) -> Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "ssoenv", &mut buf);
    output::print(&String::from_utf8_lossy(&buf))
}

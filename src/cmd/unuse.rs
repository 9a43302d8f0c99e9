//! `ssoenv unuse`: removes from the current shell what `ssoenv use` set. Like
//! `use`, it works through the hook, which evaluates `ssoenv unuse --shell SHELL`.

use super::{Context, init};
use crate::cli::UnuseArgs;
use crate::creds::contract;
use crate::error::Result;
use crate::{output, shell};

pub fn run(args: &UnuseArgs, ctx: &Context) -> Result<()> {
    let Some(hook_shell) = args.shell else {
        return Err(init::hook_missing("unuse", None, ctx));
    };
    let ops = contract::unset_ops(&ctx.env);
    output::print(&shell::render(init::format(hook_shell), &ops))
}

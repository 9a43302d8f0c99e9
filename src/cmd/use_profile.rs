//! `ssoenv use PROFILE`: loads a profile's credentials into the current shell.
//! A process cannot change its parent's environment, so the hook from
//! `ssoenv init` runs `ssoenv use PROFILE --shell SHELL` and evaluates the code
//! it prints; run bare, it explains how to load the hook.

use super::Context;
use super::{export, init};
use crate::cli::UseArgs;
use crate::config::Config;
use crate::error::Result;
use crate::output;

pub fn run(args: &UseArgs, ctx: &Context) -> Result<()> {
    let profile = super::pick::named(&args.profile, &args.profile_flag);
    let Some(shell) = args.shell else {
        return Err(init::hook_missing("use", profile, ctx));
    };
    let config = Config::load(&ctx.env)?;
    let (profile, code) = export::code(&config, profile, &args.creds, init::format(shell), ctx)?;
    super::nesting::warn(ctx, &profile.name, super::nesting::How::Use);
    output::print(&code)
}

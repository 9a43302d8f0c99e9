//! `ssoenv whoami`: the account, ARN and user id behind a profile's
//! credentials, from STS GetCallerIdentity.

use super::Context;
use super::export::credentials;
use crate::cli::WhoamiArgs;
use crate::config::Config;
use crate::creds::sts;
use crate::endpoints;
use crate::error::Result;
use crate::output;
use crate::sso::http::Http;

pub fn run(args: &WhoamiArgs, ctx: &Context) -> Result<()> {
    let config = Config::load(&ctx.env)?;
    let (profile, creds) = credentials(
        &config,
        super::pick::named(&args.profile, &args.profile_flag),
        &args.creds,
        ctx,
    )?;
    let section = config.profile(&profile.name).ok();
    let region = endpoints::client_region(args.creds.region.as_deref(), section, &ctx.env);
    let sts = endpoints::sts(region, section, &config, &ctx.env);
    let net = ctx.network(&config, section);
    let http = Http::new(&ctx.env, &net)?;
    let id = sts::get_caller_identity(&http, &sts.endpoint.url, &sts.signing_region, &creds)?;
    let text = if args.json {
        let mut t = serde_json::to_string_pretty(&id).unwrap_or_default();
        t.push('\n');
        t
    } else {
        format!(
            "Profile: {}\nAccount: {}\nArn:     {}\nUserId:  {}\n",
            profile.name, id.account, id.arn, id.user_id
        )
    };
    output::print(&text)
}

//! Which profile a command is about when the command line names none: the
//! environment's (`AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, the profile in use),
//! else `default` when there is one, else, on a terminal, a type-to-filter
//! picker like granted's `assume` and aws-sso-cli. Off a terminal the
//! command goes on with `default` and its clear error.

use super::Context;
use crate::config::profile::{self, Kind};
use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::output::printable;
use std::io::IsTerminal;

/// The profile named on the command line: the argument or `--profile`.
pub fn named<'a>(arg: &'a Option<String>, flag: &'a Option<String>) -> Option<&'a str> {
    arg.as_deref().or(flag.as_deref())
}

/// A `--duration` in seconds: a whole number of seconds, or hours, minutes
/// and seconds as aws-vault and Go write them (`1h`, `90m`, `1h30m`, `45s`).
pub fn parse_duration(text: &str) -> Result<u32> {
    let bad = || Error::Usage {
        message: format!("--duration {text:?} is not a duration"),
        hint: "give seconds (3600) or hours and minutes (1h, 90m, 1h30m)".into(),
    };
    let text = text.trim();
    if let Ok(secs) = text.parse::<u32>() {
        return Ok(secs);
    }
    let (mut total, mut number, mut seen) = (0u64, String::new(), false);
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return Err(bad()),
        };
        let n: u64 = number.parse().map_err(|_| bad())?;
        total = total.saturating_add(n.saturating_mul(unit));
        number.clear();
        seen = true;
    }
    if !number.is_empty() || !seen {
        return Err(bad());
    }
    u32::try_from(total).map_err(|_| bad())
}

/// `--duration` of these options, in seconds (checked before anything is fetched).
pub fn duration(args: &crate::cli::CredsArgs) -> Result<Option<u32>> {
    args.duration.as_deref().map(parse_duration).transpose()
}

/// The profiles a picker offers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// Every profile (exec, export, use, whoami, console).
    Any,
    /// Profiles that sign in to IAM Identity Center (login).
    Sso,
}

/// The selected profile's name, and the variable that named it (for
/// messages); `explicit` is the command line's.
pub fn profile(
    config: &Config,
    explicit: Option<&str>,
    offer: Offer,
    ctx: &Context,
) -> Result<(String, Option<&'static str>)> {
    if config::profile_named(explicit, &ctx.env) || config.profiles.contains_key("default") {
        return Ok(config::select_profile(explicit, &ctx.env));
    }
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !terminal {
        return Ok(config::select_profile(explicit, &ctx.env));
    }
    let rows = rows(config, offer);
    if rows.is_empty() {
        return Ok(config::select_profile(explicit, &ctx.env));
    }
    let chosen = inquire::Select::new("Profile:", rows)
        .with_page_size(15)
        .with_help_message("type to filter, ↑↓ to move, enter to choose, esc to cancel")
        .prompt()
        .map_err(|e| match e {
            inquire::InquireError::OperationCanceled
            | inquire::InquireError::OperationInterrupted => Error::Usage {
                message: "no profile was chosen".into(),
                hint: "name one: ssoenv COMMAND PROFILE (see `ssoenv list`)".into(),
            },
            other => Error::Usage {
                message: format!("cannot show the profile picker on this terminal: {other}"),
                hint: "name a profile: ssoenv COMMAND PROFILE (see `ssoenv list`)".into(),
            },
        })?;
    Ok((chosen.name, None))
}

/// One line of the picker: the profile's name, kind, account, role, region.
struct Row {
    name: String,
    shown: String,
}

impl std::fmt::Display for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

fn rows(config: &Config, offer: Offer) -> Vec<Row> {
    let sections: Vec<_> = config
        .profiles
        .values()
        .map(|s| (s, profile::kind_of(s)))
        .filter(|(_, kind)| offer == Offer::Any || matches!(kind, Kind::Sso | Kind::SsoLegacy))
        .collect();
    let width = sections
        .iter()
        .map(|(s, _)| printable(&s.name).chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    sections
        .into_iter()
        .map(|(s, kind)| {
            let (account, role) = match kind {
                Kind::Sso | Kind::SsoLegacy => (s.get("sso_account_id"), s.get("sso_role_name")),
                Kind::AssumeRole | Kind::WebIdentity => s
                    .get("role_arn")
                    .and_then(profile::parse_role_arn)
                    .map_or((None, None), |(a, r)| (Some(a), Some(r))),
                _ => (None, None),
            };
            let cell = |v: Option<&str>| printable(v.unwrap_or("-"));
            Row {
                name: s.name.clone(),
                shown: format!(
                    "{:width$}  {:<12} {:<12} {:<24} {}",
                    printable(&s.name),
                    kind.as_str(),
                    cell(account),
                    cell(role),
                    cell(s.get("region")),
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_aws_vault_writes_them() {
        assert_eq!(parse_duration("3600").unwrap(), 3600);
        assert_eq!(parse_duration("1h").unwrap(), 3600);
        assert_eq!(parse_duration("90m").unwrap(), 5400);
        assert_eq!(parse_duration("1h30m").unwrap(), 5400);
        assert_eq!(parse_duration("1h0m15s").unwrap(), 3615);
        for bad in ["", "h", "1x", "1h30", "-5", "1.5h", "99999999999"] {
            assert_eq!(parse_duration(bad).unwrap_err().exit_code(), 64, "{bad}");
        }
    }
}

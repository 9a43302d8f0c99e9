//! `ssoenv configure`: the setup of `aws configure sso`, done better. It asks
//! for (or takes from flags) the sso-session, signs in, lets the user search
//! the accounts and roles the portal returns, and writes the `[sso-session]`
//! and `[profile]` sections with the safe config editor.

use super::Context;
use super::login::portal_access;
use super::target::Target;
use crate::cli::ConfigureArgs;
use crate::config::Config;
use crate::config::edit::{self, ConfigEdit};
use crate::config::profile::SsoSession;
use crate::error::{Error, Result};
use crate::sso::portal::{self, Account};
use crate::sso::{session, start_url};
use std::io::IsTerminal;

/// Output formats the AWS CLI knows.
const OUTPUTS: [&str; 5] = ["json", "yaml", "yaml-stream", "text", "table"];

/// The default registration scope.
const DEFAULT_SCOPES: &str = "sso:account:access";

pub fn run(args: &ConfigureArgs, ctx: &Context) -> Result<()> {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let mut ask = Asker { interactive };
    let config = Config::load(&ctx.env)?;
    let path = edit::config_path(&config)?;

    // The sso-session: reused when it exists, else asked for.
    let existing: Vec<&String> = config.sso_sessions.keys().collect();
    let default_name = existing.first().map_or("sso", |s| s.as_str());
    let name = ask.text(
        "SSO session name",
        args.sso_session.as_deref(),
        // Unattended, the session must be named.
        interactive.then_some(default_name),
        "--sso-session",
        check_name,
    )?;
    let known = config.sso_sessions.get(&name);
    let known_value = |key: &str| known.and_then(|s| s.get(key)).map(str::to_string);
    let start_url = match (&args.start_url, known_value("sso_start_url")) {
        (None, Some(url)) => url,
        (flag, known) => ask.text(
            "Start URL",
            flag.as_deref(),
            known.as_deref(),
            "--start-url",
            check_start_url,
        )?,
    };
    // Repointing a session moves every profile that uses it: asked on a
    // terminal, and only with --force without one.
    if let Some(old) = known_value("sso_start_url").filter(|old| *old != start_url)
        && !args.force
    {
        let users = config
            .profiles
            .values()
            .filter(|p| p.get("sso_session") == Some(name.as_str()))
            .count();
        let question = format!(
            "[sso-session {name}] signs in at {old}; change it to {start_url}? \
             ({users} profile(s) use this session)"
        );
        if !interactive {
            return Err(Error::Usage {
                message: format!("[sso-session {name}] already signs in at {old}, not {start_url}"),
                hint: format!(
                    "add --force to change it for the {users} profile(s) that use it, or \
                     name a new session with --sso-session"
                ),
            });
        }
        if !ask.confirm_no(&question)? {
            return Err(Error::Usage {
                message: format!("[sso-session {name}] left as it was"),
                hint: "run again with another --sso-session name".into(),
            });
        }
    }
    let sso_region = match (&args.sso_region, known_value("sso_region")) {
        (None, Some(r)) => r,
        (None, None) => {
            // As `aws configure sso`: the region the start URL's portal names
            // is the answer offered (and taken, unattended).
            let found = portal_region(ctx, &config, &start_url);
            ask.text(
                "SSO region",
                None,
                found.as_deref(),
                "--sso-region",
                check_region,
            )?
        }
        (flag, known) => ask.text(
            "SSO region",
            flag.as_deref(),
            known.as_deref(),
            "--sso-region",
            check_region,
        )?,
    };
    let scopes = match (&args.scopes, known_value("sso_registration_scopes")) {
        (None, Some(s)) => s,
        (flag, known) => ask.text(
            "Registration scopes",
            flag.as_deref(),
            Some(known.as_deref().unwrap_or(DEFAULT_SCOPES)),
            "--scopes",
            check_scopes,
        )?,
    };

    // Sign in (the token is cached under the session's name, as the AWS CLI does).
    let session = SsoSession {
        name: Some(name.clone()),
        start_url: start_url.clone(),
        region: sso_region.clone(),
        scopes: Some(
            scopes
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        ),
        login_flow: known_value(crate::config::profile::LOGIN_FLOW_KEY),
    };
    let target = Target {
        session,
        profile: None,
        login_hint: format!(
            "ssoenv configure --sso-session {}",
            crate::shell::hint_word(&name)
        ),
    };
    let (token, portal_url) = portal_access(
        ctx,
        &config,
        &target,
        true,
        args.device_code,
        !args.no_browser,
    )?;
    // A company start URL may lead to a portal in another region than the
    // one given: the session is written with the portal's, as the AWS CLI
    // stores the region it resolved.
    let portal_region = session::portal_region(&token, &target.session);
    let sso_region = if portal_region != sso_region {
        ctx.warn(format_args!(
            "the start URL leads to a portal in {portal_region}: sso_region is {portal_region}, \
             not {sso_region}"
        ));
        portal_region.to_string()
    } else {
        sso_region
    };

    // The account and the role, from what the portal returns.
    let http = crate::sso::http::Http::new(&ctx.env, &ctx.network(&config, None))?;
    // Listed once: the picker and its search work on this answer.
    let pacer = crate::sso::pacer::Pacer::with_patience(crate::sso::http::read_timeout(&ctx.env));
    let mut accounts = portal::list_accounts(&http, &portal_url, &token.access_token, &pacer)?;
    accounts.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    let account = pick_account(&mut ask, &accounts, args.account.as_deref())?;
    let mut roles =
        portal::list_account_roles(&http, &portal_url, &token.access_token, &account.id, &pacer)?;
    roles.sort();
    let role = pick_role(&mut ask, &roles, args.role.as_deref(), account)?;

    // The profile's settings and name.
    let region = ask.text(
        "Default region for the profile",
        args.region.as_deref(),
        Some(&sso_region),
        "--region",
        check_region,
    )?;
    let output = ask.text(
        "Output format (json, yaml, yaml-stream, text, table)",
        args.output.as_deref(),
        Some("json"),
        "--output",
        check_output,
    )?;
    let suggested = default_profile_name(&account.name, &account.id, &role);
    let profile = ask.text(
        "Profile name",
        args.profile.as_deref(),
        Some(&suggested),
        "--profile",
        check_name,
    )?;
    if config.profiles.contains_key(&profile)
        && args.profile.is_none()
        && !ask.confirm(&format!("Profile {profile} exists. Update it?"))?
    {
        return Err(Error::Usage {
            message: format!("profile {profile} left as it was"),
            hint: "run again and choose another profile name (or --profile NAME)".into(),
        });
    }

    let mut edit = ConfigEdit::open(&path)?;
    edit.upsert_section(
        &format!("sso-session {name}"),
        &[
            ("sso_start_url", &start_url),
            ("sso_region", &sso_region),
            ("sso_registration_scopes", &scopes),
        ],
    )?;
    let header = if profile == "default" {
        "default".to_string()
    } else {
        format!("profile {profile}")
    };
    edit.upsert_section(
        &header,
        &[
            ("sso_session", &name),
            ("sso_account_id", &account.id),
            ("sso_role_name", &role),
            ("region", &region),
            ("output", &output),
        ],
    )?;
    let wrote = edit.save()?;
    let verb = if wrote { "wrote" } else { "already had" };
    eprintln!(
        "ssoenv: {verb} [{header}] and [sso-session {name}] in {}",
        path.display()
    );
    let shown = shell_words::quote(&profile);
    // Through output::print, so a reader that went away is not an error.
    crate::output::print(&format!(
        "Use it with:\n  ssoenv exec {shown} -- aws sts get-caller-identity\n  ssoenv use {shown}\n"
    ))
}

/// Asks questions on a terminal, or takes the answers from flags.
struct Asker {
    interactive: bool,
}

impl Asker {
    /// The flag's value if given (checked), else the answer typed at a prompt
    /// (checked as typed), else without a terminal the default, else an error
    /// naming the flag.
    fn text(
        &mut self,
        question: &str,
        flag: Option<&str>,
        default: Option<&str>,
        flag_name: &str,
        check: fn(&str) -> std::result::Result<(), String>,
    ) -> Result<String> {
        if let Some(v) = flag {
            let v = v.trim();
            check(v).map_err(|why| Error::Usage {
                message: format!("{flag_name} {v:?}: {why}"),
                hint: String::new(),
            })?;
            return Ok(v.to_string());
        }
        if !self.interactive {
            // Unattended, a question with a default takes it.
            return default
                .map(str::to_string)
                .ok_or_else(|| needs_flag(flag_name));
        }
        match super::line::read(question, default, &|v| check(v.trim())) {
            Ok(super::line::Outcome::Line(v)) => Ok(v.trim().to_string()),
            Ok(super::line::Outcome::Cancelled) => {
                Err(prompt_error(inquire::InquireError::OperationCanceled))
            }
            Err(e) => Err(prompt_error(inquire::InquireError::IO(e))),
        }
    }

    /// Like [`Asker::confirm`], with "no" as the answer Enter gives.
    fn confirm_no(&mut self, question: &str) -> Result<bool> {
        inquire::Confirm::new(question)
            .with_default(false)
            .prompt()
            .map_err(prompt_error)
    }

    fn confirm(&mut self, question: &str) -> Result<bool> {
        if !self.interactive {
            return Ok(true);
        }
        inquire::Confirm::new(question)
            .with_default(true)
            .prompt()
            .map_err(prompt_error)
    }

    /// One of `items` (shown with `label`), searched by typing; `None` when not interactive.
    fn pick<'a, T>(
        &mut self,
        question: &str,
        items: &'a [T],
        label: impl Fn(&T) -> String,
    ) -> Result<Option<&'a T>> {
        if !self.interactive {
            return Ok(None);
        }
        let labels: Vec<Choice> = items
            .iter()
            .enumerate()
            .map(|(i, t)| Choice(i, label(t)))
            .collect();
        let chosen = inquire::Select::new(question, labels)
            .with_page_size(15)
            .with_help_message("type to search, ↑↓ to move, enter to choose")
            .prompt()
            .map_err(prompt_error)?;
        Ok(items.get(chosen.0))
    }
}

/// A choice in a picker: its index and what is shown.
struct Choice(usize, String);

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.1)
    }
}

fn needs_flag(flag: &str) -> Error {
    Error::Usage {
        message: format!(
            "configure needs an answer for {flag}, and there is no terminal to ask on"
        ),
        hint: format!("give {flag} (every question has a flag: ssoenv configure --help)"),
    }
}

fn prompt_error(e: inquire::InquireError) -> Error {
    match e {
        inquire::InquireError::OperationCanceled | inquire::InquireError::OperationInterrupted => {
            Error::Usage {
                message: "configure was cancelled; nothing was written".into(),
                hint: String::new(),
            }
        }
        other => Error::Usage {
            message: format!("cannot ask on this terminal: {other}"),
            hint: "give the answers as flags (ssoenv configure --help)".into(),
        },
    }
}

fn pick_account<'a>(
    ask: &mut Asker,
    accounts: &'a [Account],
    flag: Option<&str>,
) -> Result<&'a Account> {
    if accounts.is_empty() {
        return Err(Error::Usage {
            message: "this sign-in cannot reach any account".into(),
            hint: "ask your administrator for an assignment, or sign in as another user".into(),
        });
    }
    if let Some(want) = flag {
        return accounts
            .iter()
            .find(|a| a.id == want || a.name == want)
            .ok_or_else(|| Error::Usage {
                message: format!(
                    "no account {want:?} among the {} this sign-in can reach",
                    accounts.len()
                ),
                hint: format!(
                    "give an account id or exact name; for example {} ({})",
                    accounts[0].name, accounts[0].id
                ),
            });
    }
    if accounts.len() == 1 {
        eprintln!(
            "ssoenv: the only account: {} ({})",
            accounts[0].name, accounts[0].id
        );
        return Ok(&accounts[0]);
    }
    let question = format!("Account ({} available)", accounts.len());
    ask.pick(&question, accounts, |a| {
        if a.email.is_empty() {
            format!("{} ({})", a.name, a.id)
        } else {
            format!("{} ({}, {})", a.name, a.id, a.email)
        }
    })?
    .ok_or_else(|| needs_flag("--account"))
}

fn pick_role(
    ask: &mut Asker,
    roles: &[String],
    flag: Option<&str>,
    account: &Account,
) -> Result<String> {
    if roles.is_empty() {
        return Err(Error::Usage {
            message: format!(
                "no role in account {} ({}) for this sign-in",
                account.name, account.id
            ),
            hint: "pick another account".into(),
        });
    }
    if let Some(want) = flag {
        return roles
            .iter()
            .find(|r| r.as_str() == want)
            .cloned()
            .ok_or_else(|| Error::Usage {
                message: format!(
                    "no role {want:?} in account {} ({})",
                    account.name, account.id
                ),
                hint: format!("the roles there: {}", roles.join(", ")),
            });
    }
    if roles.len() == 1 {
        eprintln!("ssoenv: the only role: {}", roles[0]);
        return Ok(roles[0].clone());
    }
    ask.pick("Role", roles, |r| r.clone())?
        .cloned()
        .ok_or_else(|| needs_flag("--role"))
}

/// `<account-name>.<role>`, made a safe profile name.
pub fn default_profile_name(account_name: &str, account_id: &str, role: &str) -> String {
    let account = if account_name.trim().is_empty() {
        account_id
    } else {
        account_name
    };
    edit::sanitize_profile_name(&format!("{account}.{role}"))
}

fn check_name(v: &str) -> std::result::Result<(), String> {
    if v.is_empty() {
        Err("must not be empty".into())
    } else if v.contains([']', '[', '\n', '\r']) || v.chars().any(char::is_control) {
        Err("must not contain brackets or control characters".into())
    } else if v.contains(char::is_whitespace) {
        Err("must not contain spaces".into())
    } else {
        Ok(())
    }
}

/// The region of the portal `start_url` leads to, when its host (or, for a
/// company domain, the portal it redirects to) names one. Best effort: any
/// failure only means no region is offered.
fn portal_region(ctx: &Context, config: &Config, start_url: &str) -> Option<String> {
    let host = reqwest::Url::parse(start_url).ok()?.host_str()?.to_string();
    if let Some(region) = start_url::region_from_host(&host) {
        return Some(region);
    }
    if start_url::is_aws_owned(&host) {
        return None;
    }
    let net = ctx.network(config, None);
    let http = crate::sso::http::Http::with_read_limit(&ctx.env, &net, REGION_LOOKUP_LIMIT).ok()?;
    let session = SsoSession {
        name: None,
        start_url: start_url.to_string(),
        region: String::new(),
        scopes: None,
        login_flow: None,
    };
    let found = start_url::resolve(&session, || Ok(&http));
    if let Err(e) = &found {
        ctx.note(format_args!("no region from the start URL: {e}"));
    }
    found.ok().map(|r| r.region)
}

/// How long `configure` waits for a company domain to say where it leads (the
/// AWS CLI's `configure sso` waits 10 s).
const REGION_LOOKUP_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

fn check_start_url(v: &str) -> std::result::Result<(), String> {
    let rest = v
        .strip_prefix("https://")
        .ok_or("must start with https:// (for example https://d-1234567890.awsapps.com/start)")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) || v.contains(char::is_whitespace) {
        return Err("must be a URL with a host and no spaces".into());
    }
    Ok(())
}

/// A region looks like `eu-west-1`, `us-gov-west-1` or `cn-north-1`.
fn check_region(v: &str) -> std::result::Result<(), String> {
    let parts: Vec<&str> = v.split('-').collect();
    let ok = parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
        && parts[0].len() == 2
        && parts[0].chars().all(|c| c.is_ascii_lowercase());
    if ok {
        Ok(())
    } else {
        Err("must look like a region, for example eu-west-1 or us-east-1".into())
    }
}

fn check_scopes(v: &str) -> std::result::Result<(), String> {
    if v.split(',').any(|s| !s.trim().is_empty()) && !v.contains(char::is_control) {
        Ok(())
    } else {
        Err("give at least one scope, comma separated (for example sso:account:access)".into())
    }
}

fn check_output(v: &str) -> std::result::Result<(), String> {
    if OUTPUTS.contains(&v) {
        Ok(())
    } else {
        Err(format!("must be one of {}", OUTPUTS.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_checked() {
        assert!(check_start_url("https://d-1234.awsapps.com/start").is_ok());
        assert!(check_start_url("http://d-1234.awsapps.com/start").is_err());
        assert!(check_start_url("https://").is_err());
        for ok in ["eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-3"] {
            assert!(check_region(ok).is_ok(), "{ok}");
        }
        for bad in ["eu-west", "EU-WEST-1", "europe", "eu-west-1a", ""] {
            assert!(check_region(bad).is_err(), "{bad}");
        }
        assert!(check_output("json").is_ok() && check_output("xml").is_err());
        assert!(
            check_name("dev").is_ok() && check_name("a b").is_err() && check_name("a]").is_err()
        );
    }

    #[test]
    fn default_names_are_safe_profile_names() {
        assert_eq!(
            default_profile_name("Prod Web", "1", "Admin"),
            "Prod-Web.Admin"
        );
        assert_eq!(
            default_profile_name("", "123456789012", "ReadOnly"),
            "123456789012.ReadOnly"
        );
    }
}

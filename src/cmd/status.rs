//! `ssoenv status`: every SSO session with the state of its token (valid until,
//! refreshable, expired, none) and every cached role credential with its
//! expiry. Reads files only: no network.

use super::Context;
use super::login::sso_cache_dir;
use super::target;
use super::ui::human_left;
use crate::cli::StatusArgs;
use crate::config::Config;
use crate::creds::cache as role_cache;
use crate::error::Result;
use crate::output::{self, printable};
use crate::sso::session::REFRESH_WINDOW;
use crate::sso::token_cache::{self, format_time};
use serde::Serialize;
use time::OffsetDateTime;

#[derive(Serialize)]
struct SessionRow {
    name: Option<String>,
    start_url: String,
    region: String,
    /// valid | expiring | refreshable | expired | none | unreadable
    state: &'static str,
    expires_at: Option<String>,
    seconds_left: Option<i64>,
    refreshable: bool,
    token_file: String,
}

#[derive(Serialize)]
struct CredentialRow {
    profile: String,
    account_id: String,
    role_name: String,
    sso_session: Option<String>,
    /// valid | expiring | expired | unreadable
    state: &'static str,
    expires_at: Option<String>,
    seconds_left: Option<i64>,
    cache_file: String,
}

#[derive(Serialize)]
struct Status {
    sessions: Vec<SessionRow>,
    credentials: Vec<CredentialRow>,
}

pub fn run(args: &StatusArgs, ctx: &Context) -> Result<()> {
    let config = Config::load(&ctx.env)?;
    let now = OffsetDateTime::now_utc();
    let cache_dir = sso_cache_dir(ctx)?;
    let role_dir = role_cache::cache_dir(&ctx.env);
    let mut status = Status {
        sessions: Vec::new(),
        credentials: Vec::new(),
    };
    for t in target::all_sessions(&config) {
        let path = token_cache::token_path(&cache_dir, &t.session);
        let (state, expires_at, left, refreshable) = match token_cache::read(&path) {
            Ok(None) => ("none", None, None, false),
            Err(_) => ("unreadable", None, None, false),
            Ok(Some(tok)) => {
                let left = tok.seconds_left(now);
                let refreshable = tok.refreshable(now);
                let state = if left > REFRESH_WINDOW {
                    "valid"
                } else if refreshable {
                    "refreshable"
                } else if left > 0 {
                    "expiring"
                } else {
                    "expired"
                };
                (
                    state,
                    Some(format_time(tok.expires_at)),
                    Some(left),
                    refreshable,
                )
            }
        };
        status.sessions.push(SessionRow {
            name: t.session.name.clone(),
            start_url: t.session.start_url.clone(),
            region: t.session.region.clone(),
            state,
            expires_at,
            seconds_left: left,
            refreshable,
            token_file: path.display().to_string(),
        });
        let Some(dir) = &role_dir else { continue };
        for (profile, role) in target::roles_of(&config, &t.session) {
            let path = role_cache::cache_path(dir, &role_cache::sso_key(&role));
            let (state, expires_at, left) = match role_cache::read(&path) {
                Ok(None) => continue,
                Err(_) => ("unreadable", None, None),
                Ok(Some(c)) => {
                    let left = c.seconds_left(now);
                    let state = if left > REFRESH_WINDOW {
                        "valid"
                    } else if left > 0 {
                        "expiring"
                    } else {
                        "expired"
                    };
                    (state, Some(format_time(c.expiration)), Some(left))
                }
            };
            status.credentials.push(CredentialRow {
                profile: profile.to_string(),
                account_id: role.account_id.clone(),
                role_name: role.role_name.clone(),
                sso_session: role.session.name.clone(),
                state,
                expires_at,
                seconds_left: left,
                cache_file: path.display().to_string(),
            });
        }
    }
    if args.json {
        let mut text = serde_json::to_string_pretty(&status).unwrap_or_default();
        text.push('\n');
        return output::print(&text);
    }
    output::print(&render(&status))
}

fn render(status: &Status) -> String {
    let mut out = String::new();
    if status.sessions.is_empty() {
        out.push_str(
            "No SSO sessions in the config (run `ssoenv configure` or `aws configure sso`).\n",
        );
        return out;
    }
    out.push_str("SSO sessions\n");
    for s in &status.sessions {
        let name = s.name.as_deref().map_or_else(
            || format!("{} (legacy)", printable(&s.start_url)),
            printable,
        );
        let detail = match (s.state, &s.expires_at, s.seconds_left) {
            ("none", ..) => "not signed in".to_string(),
            ("unreadable", ..) => "token file unreadable (sign in again)".to_string(),
            (state, Some(at), Some(left)) => format!(
                "{state}: until {at} ({}){}",
                human_left(left),
                if s.refreshable && state != "refreshable" {
                    ", refreshable"
                } else {
                    ""
                }
            ),
            (state, ..) => state.to_string(),
        };
        out.push_str(&format!("  {name}  [{}]  {detail}\n", printable(&s.region)));
    }
    if !status.credentials.is_empty() {
        out.push_str("Cached role credentials\n");
        for c in &status.credentials {
            let when = match (&c.expires_at, c.seconds_left) {
                (Some(at), Some(left)) => format!("{}: until {at} ({})", c.state, human_left(left)),
                _ => c.state.to_string(),
            };
            out.push_str(&format!(
                "  {}  {}/{}  {when}\n",
                printable(&c.profile),
                printable(&c.account_id),
                printable(&c.role_name)
            ));
        }
    }
    out
}

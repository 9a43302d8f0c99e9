//! `ssoenv list`: every profile the AWS CLI would see, as a table for people,
//! JSON for scripts, or bare names for completions. Secrets are never shown.

use super::Context;
use crate::cli::ListArgs;
use crate::config::profile::{self, Kind, LOGIN_FLOW_KEY};
use crate::config::{Config, Section, Value};
use crate::error::Result;
use crate::output::{self, printable};
use crate::sso::oidc::Flow;
use crate::sso::signin::parse_flow;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use std::mem::ManuallyDrop;

/// Keys whose values are secrets: `list` shows them as [`REDACTED`].
pub const SECRET_KEYS: [&str; 3] = [
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

/// What `list` prints instead of a secret.
pub const REDACTED: &str = "<redacted>";

/// One profile as `list` shows it.
struct Row<'a> {
    section: &'a Section,
    kind: Kind,
    account: Option<&'a str>,
    role: Option<&'a str>,
    region: Option<&'a str>,
    sso_session: Option<&'a str>,
    /// The saved sign-in flow: the profile's `ssoenv_login_flow`, else its
    /// sso-session's.
    login_flow: Option<&'a str>,
    error: Option<String>,
}

pub fn run(args: &ListArgs, ctx: &Context) -> Result<()> {
    // The process ends right after listing, and freeing thousands of small
    // strings one by one costs more than printing them: the exit reclaims them.
    let config: &'static Config = Box::leak(Box::new(Config::load(&ctx.env)?));
    if let Some(paths) = &config.paths {
        ctx.note(format_args!(
            "read {} profiles from {} and {}",
            config.profiles.len(),
            paths
                .config
                .as_ref()
                .map_or("-".into(), |p| p.display().to_string()),
            paths
                .credentials
                .as_ref()
                .map_or("-".into(), |p| p.display().to_string()),
        ));
    }
    if args.names || args.sso_sessions {
        let names = if args.names {
            config.profiles.keys()
        } else {
            config.sso_sessions.keys()
        };
        let mut out = String::new();
        for name in names {
            out.push_str(name);
            out.push('\n');
        }
        return output::print(&out);
    }
    let rows: ManuallyDrop<Vec<Row>> =
        ManuallyDrop::new(config.profiles.values().map(|s| row(config, s)).collect());
    if args.json {
        let array: Vec<JsonRow> = rows.iter().map(to_json).collect();
        let mut text = serde_json::to_string_pretty(&array).unwrap_or_else(|_| "[]".into());
        text.push('\n');
        std::mem::forget(array);
        return output::print(&text);
    }
    output::print(&table(&rows, ctx))?;
    for r in rows.iter().filter(|r| r.error.is_some()) {
        eprintln!(
            "ssoenv: warning: profile {:?}: {}",
            r.section.name,
            r.error.as_deref().unwrap_or_default()
        );
    }
    Ok(())
}

fn row<'a>(config: &'a Config, section: &'a Section) -> Row<'a> {
    let kind = profile::kind_of(section);
    let error = config.resolve(&section.name).err().map(|e| match e.hint() {
        Some(h) => format!("{e} ({h})"),
        None => e.to_string(),
    });
    let (account, role) = match kind {
        Kind::Sso | Kind::SsoLegacy => {
            (section.get("sso_account_id"), section.get("sso_role_name"))
        }
        Kind::AssumeRole | Kind::WebIdentity => section
            .get("role_arn")
            .and_then(profile::parse_role_arn)
            .map_or((None, None), |(a, r)| (Some(a), Some(r))),
        _ => (None, None),
    };
    let sso_session = match kind {
        Kind::SsoLegacy => Some("(legacy)"),
        _ => section.get("sso_session"),
    };
    // The flow a sign-in for this profile would use when nothing on the
    // command line or in the environment says otherwise.
    let login_flow = match kind {
        Kind::SsoLegacy => Some("device"),
        Kind::Sso => section
            .get(LOGIN_FLOW_KEY)
            .or_else(|| {
                config
                    .sso_sessions
                    .get(section.get("sso_session")?)?
                    .get(LOGIN_FLOW_KEY)
            })
            .map(|v| match parse_flow(v) {
                Some(Flow::Device) => "device",
                Some(Flow::AuthCode) => "pkce",
                // Shown as written, so the typo can be found.
                None => v,
            }),
        _ => None,
    };
    Row {
        section,
        kind,
        account,
        role,
        region: section.get("region").filter(|r| !r.is_empty()),
        sso_session,
        login_flow,
        error: error.map(|e| {
            e.trim_start_matches(&format!("profile {:?}: ", section.name))
                .to_string()
        }),
    }
}

/// A row as `list --json` prints it, serialised straight from the config.
#[derive(Serialize)]
struct JsonRow<'a> {
    name: &'a str,
    kind: &'static str,
    account: Option<&'a str>,
    role: Option<&'a str>,
    region: Option<&'a str>,
    sso_session: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    login_flow: Option<&'a str>,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    settings: Redacted<'a>,
}

/// A profile's settings with secret values replaced by [`REDACTED`].
struct Redacted<'a>(&'a Section);

impl Serialize for Redacted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.settings.len()))?;
        for (key, setting) in &self.0.settings {
            if SECRET_KEYS.contains(&key.as_str()) {
                map.serialize_entry(key, REDACTED)?;
            } else {
                match &setting.value {
                    Value::Text(t) => map.serialize_entry(key, t)?,
                    Value::Nested(m) => map.serialize_entry(key, &NestedJson(m))?,
                }
            }
        }
        map.end()
    }
}

/// A nested sub-section as a JSON object, in file order.
struct NestedJson<'a>(&'a crate::config::Map<String>);

impl Serialize for NestedJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter())
    }
}

fn to_json<'a>(row: &'a Row) -> JsonRow<'a> {
    JsonRow {
        name: &row.section.name,
        kind: row.kind.as_str(),
        account: row.account,
        role: row.role,
        region: row.region,
        sso_session: row.sso_session.filter(|_| row.kind != Kind::SsoLegacy),
        login_flow: row.login_flow,
        valid: row.error.is_none(),
        error: row.error.as_deref(),
        settings: Redacted(row.section),
    }
}

fn table(rows: &[Row], ctx: &Context) -> String {
    const HEADERS: [&str; 6] = [
        "PROFILE",
        "KIND",
        "ACCOUNT",
        "ROLE",
        "REGION",
        "SSO-SESSION",
    ];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            let kind = if r.error.is_some() {
                format!("{}!", r.kind.as_str())
            } else {
                r.kind.as_str().to_string()
            };
            let c = |v: Option<&str>| printable(v.unwrap_or("-"));
            [
                printable(&r.section.name),
                kind,
                c(r.account),
                c(r.role),
                c(r.region),
                c(r.sso_session),
            ]
        })
        .collect();
    let mut widths = HEADERS.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let style = ctx.style;
    let mut out = String::with_capacity(64 * (rows.len() + 1));
    let line = |cols: [String; 6], out: &mut String, paint: &dyn Fn(usize, &str) -> String| {
        let last = cols.len() - 1;
        for (i, cell) in cols.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            out.push_str(&paint(i, cell));
            if i < last {
                out.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push('\n');
    };
    line(HEADERS.map(String::from), &mut out, &|_, s| {
        style.paint("1", s)
    });
    for (row, r) in cells.into_iter().zip(rows) {
        let kind_color = match (&r.error, r.kind) {
            (Some(_), _) => "31",
            (None, Kind::Sso | Kind::SsoLegacy) => "36",
            (None, Kind::AssumeRole) => "35",
            (None, Kind::Settings) => "2",
            _ => "33",
        };
        line(row, &mut out, &|i, s| match i {
            1 => style.paint(kind_color, s),
            _ => s.to_string(),
        });
    }
    if rows.is_empty() {
        out.push_str(
            "(no profiles: run `ssoenv configure` to add one, or `ssoenv populate \
             --sso-session NAME` for every account and role a session can reach)\n",
        );
    }
    out
}

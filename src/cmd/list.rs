//! `ssoenv list`: every profile the AWS CLI would see, as a table for people,
//! JSON for scripts, or bare names for completions. Secrets are never shown.

use super::Context;
use crate::cli::ListArgs;
use crate::config::profile::{self, Kind};
use crate::config::{Config, Section, Value};
use crate::error::Result;
use crate::output;
use serde_json::{Map, Value as Json};

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
    error: Option<String>,
}

pub fn run(args: &ListArgs, ctx: &Context) -> Result<()> {
    let config = Config::load(&ctx.env)?;
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
    if args.names {
        let mut out = String::new();
        for name in config.profiles.keys() {
            out.push_str(name);
            out.push('\n');
        }
        return output::print(&out);
    }
    let rows: Vec<Row> = config.profiles.values().map(|s| row(&config, s)).collect();
    if args.json {
        let array: Vec<Json> = rows.iter().map(to_json).collect();
        let mut text = serde_json::to_string_pretty(&array).unwrap_or_else(|_| "[]".into());
        text.push('\n');
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
    Row {
        section,
        kind,
        account,
        role,
        region: section.get("region").filter(|r| !r.is_empty()),
        sso_session,
        error: error.map(|e| {
            e.trim_start_matches(&format!("profile {:?}: ", section.name))
                .to_string()
        }),
    }
}

fn to_json(row: &Row) -> Json {
    let mut settings = Map::new();
    for (key, setting) in &row.section.settings {
        let value = if SECRET_KEYS.contains(&key.as_str()) {
            Json::String(REDACTED.into())
        } else {
            match &setting.value {
                Value::Text(t) => Json::String(t.clone()),
                Value::Nested(m) => Json::Object(
                    m.iter()
                        .map(|(k, v)| (k.clone(), Json::String(v.clone())))
                        .collect(),
                ),
            }
        };
        settings.insert(key.clone(), value);
    }
    let opt = |v: Option<&str>| v.map_or(Json::Null, |s| Json::String(s.into()));
    let mut obj = Map::new();
    obj.insert("name".into(), Json::String(row.section.name.clone()));
    obj.insert("kind".into(), Json::String(row.kind.as_str().into()));
    obj.insert("account".into(), opt(row.account));
    obj.insert("role".into(), opt(row.role));
    obj.insert("region".into(), opt(row.region));
    obj.insert(
        "sso_session".into(),
        opt(row.sso_session.filter(|_| row.kind != Kind::SsoLegacy)),
    );
    obj.insert("valid".into(), Json::Bool(row.error.is_none()));
    if let Some(e) = &row.error {
        obj.insert("error".into(), Json::String(e.clone()));
    }
    obj.insert("settings".into(), Json::Object(settings));
    Json::Object(obj)
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
        out.push_str("(no profiles: run `ssoenv configure` or `aws configure sso`)\n");
    }
    out
}

/// A cell safe to print on a terminal: control characters shown escaped.
fn printable(s: &str) -> String {
    if s.chars().any(char::is_control) {
        s.escape_debug().to_string()
    } else {
        s.to_string()
    }
}

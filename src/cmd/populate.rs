//! `ssoenv populate`: a profile for every account and role an sso-session can
//! reach, written into a block of `~/.aws/config` that ssoenv owns (one block
//! per session, between marker comments), so that everything else in the file
//! stays as it was. The accounts are listed once; the roles of many accounts
//! concurrently, at a pace learned from the portal's throttling (see
//! [`crate::sso::pacer`]: at most [`MAX_IN_FLIGHT`] requests at a time). The
//! result is deterministic: a second run with the same answers writes nothing.

use super::Context;
use super::login;
use super::target;
use crate::cli::PopulateArgs;
use crate::config::Config;
use crate::config::edit::{self, ConfigEdit, sanitize_profile_name};
use crate::config::ini::{self, FileKind, Value};
use crate::error::{Error, Result};
use crate::output;
use crate::sso::http::Http;
use crate::sso::pacer::Pacer;
use crate::sso::portal::{self, Account};
use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub use crate::sso::pacer::MAX_IN_FLIGHT;

/// The placeholders a `--template` may use.
const PLACEHOLDERS: [&str; 4] = ["account_name", "account_id", "role_name", "sso_session"];

pub fn run(args: &PopulateArgs, ctx: &Context) -> Result<()> {
    let template = Template::parse(&args.template)?;
    let config = Config::load(&ctx.env)?;
    let path = edit::config_path(&config)?;
    let session = args.sso_session.as_str();
    let target = target::resolve(&config, &ctx.env, None, Some(session))?;
    let region = match &args.region {
        Some(r) => Some(r.trim().to_string()).filter(|r| !r.is_empty()),
        None => config
            .sso_sessions
            .get(session)
            .and_then(|s| s.get("region"))
            .map(str::to_string)
            .filter(|r| !r.is_empty()),
    };

    // Everything the portal says, before the file is even opened.
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let may_sign_in = interactive && !args.no_login;
    let (token, portal_url) =
        login::portal_access(ctx, &config, &target, may_sign_in, false, true)?;
    let http = Http::new(&ctx.env, &ctx.network(&config, None))?;
    let started = std::time::Instant::now();
    // One pacer for the run: ListAccounts and ListAccountRoles count against
    // the same user.
    let pacer = Pacer::with_patience(crate::sso::http::read_timeout(&ctx.env));
    let mut accounts = portal::list_accounts(&http, &portal_url, &token.access_token, &pacer)?;
    accounts.sort_by(|a, b| a.id.cmp(&b.id));
    accounts.dedup_by(|a, b| a.id == b.id);
    let roles = all_roles(&http, &portal_url, &token.access_token, &accounts, &pacer)?;
    let (throttled, rate) = pacer.stats();
    ctx.note(format_args!(
        "listed {} accounts and {} roles in {:.2?}{}",
        accounts.len(),
        roles.iter().map(Vec::len).sum::<usize>(),
        started.elapsed(),
        pace(throttled, rate)
    ));

    // The block as it should be.
    let mut edit = ConfigEdit::open(&path)?;
    let old = old_profiles(edit.block(session).unwrap_or(""));
    let outside = profiles_outside(&edit, session, &config)?;
    let wanted = name_profiles(&template, session, &accounts, &roles);
    let unnamed = unnamed_accounts(&template, &accounts);
    if let Some(first) = unnamed.first() {
        ctx.warn(format_args!(
            "{} account name(s) have no letters or digits a profile name can use (such as {:?} \
             of {}): their profiles are named with the account id instead",
            unnamed.len(),
            first.name,
            first.id
        ));
    }
    let mut block: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut reached: BTreeSet<(String, String)> = BTreeSet::new();
    for p in wanted {
        reached.insert((p.account_id.clone(), p.role_name.clone()));
        if let Some(file) = outside.get(&p.name) {
            ctx.warn(format_args!(
                "skipped profile {} (account {}, role {}): {} already has a profile of that name \
                 outside the ssoenv block; rename one of them or change --template",
                p.name,
                p.account_id,
                p.role_name,
                file.display()
            ));
            continue;
        }
        let mut keys = vec![
            ("sso_session".to_string(), session.to_string()),
            ("sso_account_id".to_string(), p.account_id),
            ("sso_role_name".to_string(), p.role_name),
        ];
        if let Some(r) = &region {
            keys.push(("region".to_string(), r.clone()));
        }
        block.insert(p.name, keys);
    }
    // Profiles of accounts and roles no longer returned: kept unless --prune.
    for (name, profile) in &old {
        let gone = match (&profile.account_id, &profile.role_name) {
            (Some(a), Some(r)) => !reached.contains(&(a.clone(), r.clone())),
            _ => true,
        };
        if !gone || args.prune || outside.contains_key(name) {
            continue;
        }
        if block.contains_key(name) {
            ctx.warn(format_args!(
                "profile {name} (no longer reachable) is replaced by a new profile of the same name"
            ));
            continue;
        }
        block.insert(name.clone(), profile.keys.clone());
    }

    let body = render(&block);
    edit.set_block(session, &body)?;
    let counts = Counts::of(&old, &block);
    if args.dry_run {
        output::print(&edit.diff())?;
        let what = if edit.changed() {
            "dry run: nothing written"
        } else {
            "dry run: nothing would change"
        };
        eprintln!(
            "ssoenv: {} in {} ({what})",
            counts.summary(),
            path.display()
        );
        return Ok(());
    }
    let wrote = edit.save()?;
    let tail = if wrote { "" } else { "; nothing changed" };
    eprintln!("ssoenv: {} in {}{tail}", counts.summary(), path.display());
    Ok(())
}

/// A `--template` split into literal text and placeholders.
struct Template(Vec<Piece>);

enum Piece {
    Text(String),
    Field(&'static str),
}

impl Template {
    fn parse(template: &str) -> Result<Template> {
        let bad = |why: String| Error::Usage {
            message: format!("--template {template:?}: {why}"),
            hint: format!(
                "use the placeholders {}, e.g. --template '{{account_name}}.{{role_name}}'",
                PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
            ),
        };
        let mut pieces = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(bad("a `}` without its `{`".into()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| bad("a `{` without its `}`".into()))?;
            let name = &rest[open + 1..open + close];
            let field = PLACEHOLDERS
                .into_iter()
                .find(|p| *p == name)
                .ok_or_else(|| bad(format!("unknown placeholder {{{name}}}")))?;
            pieces.push(Piece::Text(rest[..open].to_string()));
            pieces.push(Piece::Field(field));
            rest = &rest[open + close + 1..];
        }
        pieces.push(Piece::Text(rest.to_string()));
        if !pieces.iter().any(|p| matches!(p, Piece::Field(_))) {
            return Err(bad(
                "it has no placeholder, so every profile would get the same name".into(),
            ));
        }
        Ok(Template(pieces))
    }

    /// Whether the template has the placeholder `field`.
    fn uses(&self, field: &str) -> bool {
        self.0
            .iter()
            .any(|p| matches!(p, Piece::Field(f) if *f == field))
    }

    fn expand(&self, fields: &dyn Fn(&str) -> String) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(f) => out.push_str(&fields(f)),
            }
        }
        out
    }
}

/// What the portal's throttling did to the run, for the progress line and
/// the `-v` note: nothing when it did not throttle.
fn pace(throttled: u64, rate: Option<f64>) -> String {
    match rate {
        Some(rate) if throttled > 0 => {
            format!(", {throttled} throttled, pacing at {rate:.1} requests/s")
        }
        _ => String::new(),
    }
}

/// ListAccountRoles for every account, at `pacer`'s pace (at most
/// [`MAX_IN_FLIGHT`] at a time), in the accounts' order. The first failure (in
/// account order) ends it: the other workers stop taking accounts.
fn all_roles(
    http: &Http,
    base: &str,
    token: &str,
    accounts: &[Account],
    pacer: &Pacer,
) -> Result<Vec<Vec<String>>> {
    let progress = progress_bar(accounts.len() as u64);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<Result<Vec<String>>>>> =
        Mutex::new((0..accounts.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..accounts.len().min(MAX_IN_FLIGHT) {
            scope.spawn(|| {
                while !failed.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(account) = accounts.get(i) else {
                        break;
                    };
                    let roles = portal::list_account_roles(http, base, token, &account.id, pacer);
                    if roles.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(roles);
                    let (throttled, rate) = pacer.stats();
                    progress.set_message(pace(throttled, rate));
                    progress.inc(1);
                }
            });
        }
    });
    progress.finish_and_clear();
    let mut out = Vec::with_capacity(accounts.len());
    for result in results.into_inner().unwrap_or_else(|e| e.into_inner()) {
        match result {
            Some(Ok(mut roles)) => {
                roles.sort();
                roles.dedup();
                out.push(roles);
            }
            Some(Err(e)) => return Err(e),
            // Not listed because an earlier account failed (reported above).
            None => out.push(Vec::new()),
        }
    }
    Ok(out)
}

/// A bar on stderr when it is a terminal (accounts done of all, and how
/// many requests the portal throttled); nothing otherwise.
fn progress_bar(len: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} listing roles: {pos}/{len} accounts{msg} {wide_bar} {elapsed}",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    bar
}

/// Whether an account name leaves nothing once made fit for a profile name.
fn unusable_name(name: &str) -> bool {
    sanitize_profile_name(name).is_empty()
}

/// The accounts (id, name) whose names `template` cannot use, so that their
/// profiles are named with the account id instead: worth telling the user.
fn unnamed_accounts<'a>(template: &Template, accounts: &'a [Account]) -> Vec<&'a Account> {
    if !template.uses("account_name") {
        return Vec::new();
    }
    accounts
        .iter()
        .filter(|a| !a.name.trim().is_empty() && unusable_name(&a.name))
        .collect()
}

/// One profile to generate.
struct Wanted {
    name: String,
    account_id: String,
    role_name: String,
}

/// Names every account and role with the template; sorted by (account id, role).
///
/// Collisions are settled deterministically: when several accounts/roles give
/// the same name, each of them gets `-<account_id>` appended; if some still
/// share a name (the same account), the second, third… in role-name order get
/// `-2`, `-3`…. An account name with nothing usable in a profile name
/// (`日本`, say) stands as the account id (see [`unnamed_accounts`]); a
/// template that still gives an empty name skips that role.
fn name_profiles(
    template: &Template,
    session: &str,
    accounts: &[Account],
    roles: &[Vec<String>],
) -> Vec<Wanted> {
    let mut out: Vec<Wanted> = Vec::new();
    for (account, roles) in accounts.iter().zip(roles) {
        for role in roles {
            let raw = template.expand(&|field| match field {
                "account_name" if unusable_name(&account.name) => account.id.clone(),
                "account_name" => account.name.clone(),
                "account_id" => account.id.clone(),
                "role_name" => role.clone(),
                _ => session.to_string(),
            });
            out.push(Wanted {
                name: sanitize_profile_name(&raw),
                account_id: account.id.clone(),
                role_name: role.clone(),
            });
        }
    }
    out.retain(|w| !w.name.is_empty());
    let count = |out: &[Wanted]| {
        let mut n: BTreeMap<String, usize> = BTreeMap::new();
        for w in out {
            *n.entry(w.name.clone()).or_default() += 1;
        }
        n
    };
    let seen = count(&out);
    for w in &mut out {
        if seen[&w.name] > 1 {
            w.name = format!("{}-{}", w.name, w.account_id);
        }
    }
    // Still shared (or clashing with a suffixed name): number them in order.
    for _ in 0..4 {
        let seen = count(&out);
        if seen.values().all(|&n| n == 1) {
            break;
        }
        let mut taken: BTreeSet<String> = BTreeSet::new();
        for w in &mut out {
            if seen[&w.name] > 1 && !taken.insert(w.name.clone()) {
                let mut k = 2;
                while seen.contains_key(&format!("{}-{k}", w.name))
                    || taken.contains(&format!("{}-{k}", w.name))
                {
                    k += 1;
                }
                w.name = format!("{}-{k}", w.name);
                taken.insert(w.name.clone());
            }
        }
    }
    out
}

/// A profile found in the old block.
struct OldProfile {
    account_id: Option<String>,
    role_name: Option<String>,
    keys: Vec<(String, String)>,
}

/// The profiles of the block as it is (unreadable content counts as none).
fn old_profiles(body: &str) -> BTreeMap<String, OldProfile> {
    let mut out = BTreeMap::new();
    let Ok(sections) = ini::parse(body, FileKind::Config) else {
        return out;
    };
    for section in sections {
        let Some(name) = section.name.strip_prefix("profile ") else {
            continue;
        };
        let text = |k: &str| {
            section
                .entries
                .get(k)
                .and_then(|e| e.value.as_text())
                .map(str::to_string)
        };
        let keys = section
            .entries
            .iter()
            .filter_map(|(k, e)| match &e.value {
                Value::Text(v) if !v.contains(['\n', '\r']) => Some((k.clone(), v.clone())),
                _ => None,
            })
            .collect();
        out.insert(
            name.trim().to_string(),
            OldProfile {
                account_id: text("sso_account_id"),
                role_name: text("sso_role_name"),
                keys,
            },
        );
    }
    out
}

/// Profiles defined anywhere but this session's block: the rest of the config
/// file (other blocks included) and the credentials file, with the file.
fn profiles_outside(
    edit: &ConfigEdit,
    session: &str,
    config: &Config,
) -> Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    let rest = edit.text_without_block(session)?;
    let rest = Config::from_texts(&rest, "").map_err(|e| relabel(e, edit.path()))?;
    for name in rest.profiles.keys() {
        out.insert(name.clone(), edit.path().to_path_buf());
    }
    if let Some(creds) = config.paths.as_ref().and_then(|p| p.credentials.clone())
        && let Ok(text) = std::fs::read_to_string(&creds)
        && let Ok(sections) = ini::parse(&text, FileKind::Credentials)
    {
        for s in sections {
            out.entry(s.name).or_insert_with(|| creds.clone());
        }
    }
    Ok(out)
}

/// `Config::from_texts` names its file `config`: name the real one.
fn relabel(e: Error, path: &Path) -> Error {
    match e {
        Error::ConfigSyntax { line, message, .. } => Error::ConfigSyntax {
            path: path.to_path_buf(),
            line,
            message,
        },
        other => other,
    }
}

/// The block's text: one section per profile, sorted by name, a blank line between.
fn render(block: &BTreeMap<String, Vec<(String, String)>>) -> String {
    let mut out = String::new();
    for (name, keys) in block {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("[profile {name}]\n"));
        for (k, v) in keys {
            if v.is_empty() {
                out.push_str(&format!("{k} =\n"));
            } else {
                out.push_str(&format!("{k} = {v}\n"));
            }
        }
    }
    out
}

/// What changed between the old block and the new one.
struct Counts {
    total: usize,
    added: usize,
    updated: usize,
    removed: usize,
    unchanged: usize,
}

impl Counts {
    fn of(
        old: &BTreeMap<String, OldProfile>,
        new: &BTreeMap<String, Vec<(String, String)>>,
    ) -> Counts {
        let mut c = Counts {
            total: new.len(),
            added: 0,
            updated: 0,
            removed: old.keys().filter(|k| !new.contains_key(*k)).count(),
            unchanged: 0,
        };
        for (name, keys) in new {
            match old.get(name) {
                None => c.added += 1,
                Some(o) if &o.keys == keys => c.unchanged += 1,
                Some(_) => c.updated += 1,
            }
        }
        c
    }

    fn summary(&self) -> String {
        let updated = if self.updated > 0 {
            format!("{} updated, ", self.updated)
        } else {
            String::new()
        };
        format!(
            "{} profiles ({} added, {updated}{} removed, {} unchanged)",
            self.total, self.added, self.removed, self.unchanged
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str, name: &str) -> Account {
        Account {
            id: id.into(),
            name: name.into(),
            email: String::new(),
        }
    }

    fn names(template: &str, accounts: &[Account], roles: &[&[&str]]) -> Vec<String> {
        let t = Template::parse(template).unwrap();
        let roles: Vec<Vec<String>> = roles
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect();
        name_profiles(&t, "corp", accounts, &roles)
            .into_iter()
            .map(|w| w.name)
            .collect()
    }

    #[test]
    fn templates_expand_and_sanitise() {
        let accounts = [
            account("111111111111", "My Dev (EU)"),
            account("222222222222", ""),
        ];
        assert_eq!(
            names(
                "{account_name}.{role_name}",
                &accounts,
                &[&["Admin"], &["Read Only"]]
            ),
            vec!["My-Dev-EU-.Admin", "222222222222.Read-Only"]
        );
        assert_eq!(
            names(
                "{sso_session}/{account_id}:{role_name}",
                &accounts[..1],
                &[&["A"]]
            ),
            vec!["corp-111111111111-A"]
        );
        // A name with nothing usable stands as the account id, and is told.
        let unusable = [
            account("333333333333", "日本"),
            account("444444444444", "開発"),
        ];
        assert_eq!(
            names("{account_name}", &unusable, &[&["Admin"], &["Admin"]]),
            vec!["333333333333", "444444444444"]
        );
        let t = Template::parse("{account_name}.{role_name}").unwrap();
        assert_eq!(unnamed_accounts(&t, &unusable).len(), 2);
        assert_eq!(unnamed_accounts(&t, &accounts).len(), 0);
        let t = Template::parse("{account_id}.{role_name}").unwrap();
        assert_eq!(unnamed_accounts(&t, &unusable).len(), 0);
        assert!(Template::parse("{account}").is_err());
        assert!(Template::parse("{role_name").is_err());
        assert!(Template::parse("x}").is_err());
        assert!(Template::parse("fixed").is_err());
    }

    #[test]
    fn collisions_get_the_account_id_then_a_number() {
        let accounts = [
            account("111111111111", "dev"),
            account("222222222222", "dev"),
        ];
        assert_eq!(
            names(
                "{account_name}.{role_name}",
                &accounts,
                &[&["A", "B"], &["A"]]
            ),
            vec!["dev.A-111111111111", "dev.B", "dev.A-222222222222"]
        );
        let accounts = [account("111111111111", "dev")];
        assert_eq!(
            names("{account_name}.{role_name}", &accounts, &[&["a b", "a/b"]]),
            vec!["dev.a-b-111111111111", "dev.a-b-111111111111-2"]
        );
    }

    #[test]
    fn counts_and_render() {
        let mut new = BTreeMap::new();
        new.insert("b".to_string(), vec![("k".to_string(), "v".to_string())]);
        new.insert("a".to_string(), vec![("k".to_string(), String::new())]);
        assert_eq!(render(&new), "[profile a]\nk =\n\n[profile b]\nk = v\n");
        let old = old_profiles("[profile b]\nk = v\n[profile c]\nsso_account_id = 1\n");
        let c = Counts::of(&old, &new);
        assert_eq!(c.summary(), "2 profiles (1 added, 1 removed, 1 unchanged)");
    }
}

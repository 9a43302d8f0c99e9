//! The environment contract shared by `exec` and `export` (aws-facts §8): which
//! variables are set and which are removed, including the region rule. Pure:
//! it takes the current environment and returns the operations.

use super::resolve::Credentials;
use crate::env::Env;
use crate::shell::Op;
use crate::sso::token_cache::format_time;

/// Variables removed because they would make SDKs ignore or fail on the keys.
pub const REMOVED: [&str; 3] = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"];

/// Records the region ssoenv set, so that a later switch knows it may replace it.
pub const REGION_MARK: &str = "SSOENV_REGION";

/// The operations that hand `creds` of `profile` to a program.
///
/// Region: `--region` wins; else the profile's region; else a region the user
/// set by hand is kept; a region ssoenv itself set earlier (recorded in
/// `SSOENV_REGION`) is removed when the new profile has none.
pub fn ops(
    profile: &str,
    creds: &Credentials,
    region_flag: Option<&str>,
    profile_region: Option<&str>,
    current: &Env,
) -> Vec<Op> {
    let set = |k: &str, v: &str| Op::Set(k.to_string(), v.to_string());
    let unset = |k: &str| Op::Unset(k.to_string());
    let mut out = vec![
        set("AWS_ACCESS_KEY_ID", &creds.access_key_id),
        set("AWS_SECRET_ACCESS_KEY", &creds.secret_access_key),
    ];
    out.push(match &creds.session_token {
        Some(t) => set("AWS_SESSION_TOKEN", t),
        None => unset("AWS_SESSION_TOKEN"),
    });
    out.push(match creds.expiration {
        Some(t) => set("AWS_CREDENTIAL_EXPIRATION", &format_time(t)),
        None => unset("AWS_CREDENTIAL_EXPIRATION"),
    });
    out.extend(REMOVED.iter().map(|k| unset(k)));
    out.push(set("SSOENV_PROFILE", profile));
    match region_flag.or(profile_region).filter(|r| !r.is_empty()) {
        Some(region) => {
            out.push(set("AWS_REGION", region));
            out.push(set("AWS_DEFAULT_REGION", region));
            out.push(set(REGION_MARK, region));
        }
        None => {
            let ours = current.non_empty(REGION_MARK);
            if ours.is_some() && current.get("AWS_REGION") == ours {
                out.push(unset("AWS_REGION"));
            }
            if ours.is_some() && current.get("AWS_DEFAULT_REGION") == ours {
                out.push(unset("AWS_DEFAULT_REGION"));
            }
            out.push(unset(REGION_MARK));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Credentials {
        Credentials {
            access_key_id: "AK".into(),
            secret_access_key: "SK".into(),
            session_token: Some("ST".into()),
            expiration: None,
        }
    }

    fn region_ops(ops: &[Op]) -> Vec<String> {
        ops.iter()
            .filter_map(|o| match o {
                Op::Set(k, v) if k.contains("REGION") => Some(format!("{k}={v}")),
                Op::Unset(k) if k.contains("REGION") => Some(format!("-{k}")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn region_rule() {
        let none = Env::default();
        assert_eq!(
            region_ops(&ops("p", &creds(), Some("ap-1"), Some("eu-1"), &none)),
            [
                "AWS_REGION=ap-1",
                "AWS_DEFAULT_REGION=ap-1",
                "SSOENV_REGION=ap-1"
            ]
        );
        // A hand-set region stays when the profile has none.
        let user = Env::from_pairs([("AWS_REGION", "us-2"), ("AWS_DEFAULT_REGION", "us-2")]);
        assert_eq!(
            region_ops(&ops("p", &creds(), None, None, &user)),
            ["-SSOENV_REGION"]
        );
        // One ssoenv set is removed.
        let ours = Env::from_pairs([
            ("AWS_REGION", "eu-1"),
            ("AWS_DEFAULT_REGION", "eu-1"),
            ("SSOENV_REGION", "eu-1"),
        ]);
        assert_eq!(
            region_ops(&ops("p", &creds(), None, None, &ours)),
            ["-AWS_REGION", "-AWS_DEFAULT_REGION", "-SSOENV_REGION"]
        );
    }
}

//! The environment contract shared by `exec` and `export` (aws-facts §8): which
//! variables are set and which are removed, including the region rule. Pure:
//! it takes the current environment and returns the operations.

use super::resolve::Credentials;
use crate::cache_format::format_time;
use crate::env::Env;
use crate::shell::Op;

/// Variables removed because they would make SDKs ignore or fail on the keys.
pub const REMOVED: [&str; 3] = ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"];

/// The container-credential variables (an `exec --server` endpoint, or ECS's):
/// a command started by `exec` with a profile's keys does not get them, so no
/// SDK or nested ssoenv reaches the outer endpoint.
pub const CONTAINER_VARS: [&str; 4] = [
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
];

/// Records the region ssoenv set, so that a later switch knows it may replace it.
pub const REGION_MARK: &str = "SSOENV_REGION";

/// The profile whose credentials ssoenv set (for prompts and scripts).
pub const PROFILE_MARK: &str = "SSOENV_PROFILE";

/// When the credentials expire, in Unix seconds: prompts compute the time left
/// from it with shell arithmetic, without parsing a date or starting a process.
pub const EXPIRES_MARK: &str = "SSOENV_EXPIRES";

/// The profile name again, for prompt themes: starship's `aws` module and
/// powerlevel10k's `aws` segment both show it. They also read `AWS_PROFILE`,
/// but an SDK follows that instead of the keys (the JavaScript SDK v3 skips
/// the keys when it is set; botocore fails where the profile is not in the
/// config), so ssoenv names the profile in aws-sso-cli's variable, which
/// botocore and the AWS CLI do not read (docs/prompts.md).
pub const PROMPT_PROFILE: &str = "AWS_SSO_PROFILE";

/// What other credential tools set beside their keys (aws-vault, awsu,
/// AWSume): starship reads these profiles before `AWS_SSO_PROFILE`, and the
/// expiries when ssoenv's keys have none, so they go when ssoenv replaces the
/// keys; left, the prompt would name the other tool's profile.
pub const OTHER_TOOLS: [&str; 5] = [
    "AWS_VAULT",
    "AWSU_PROFILE",
    "AWSUME_PROFILE",
    "AWS_SESSION_EXPIRATION",
    "AWSUME_EXPIRATION",
];

/// The credential variables ssoenv sets, and the profile name for prompts.
const CREDENTIAL_VARS: [&str; 5] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    PROMPT_PROFILE,
];

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
    out.extend(OTHER_TOOLS.iter().map(|k| unset(k)));
    out.push(set(PROMPT_PROFILE, profile));
    out.push(set(PROFILE_MARK, profile));
    out.push(match creds.expiration {
        Some(t) => set(EXPIRES_MARK, &t.unix_timestamp().to_string()),
        None => unset(EXPIRES_MARK),
    });
    match region_flag.or(profile_region).filter(|r| !r.is_empty()) {
        Some(region) => {
            out.push(set("AWS_REGION", region));
            out.push(set("AWS_DEFAULT_REGION", region));
            out.push(set(REGION_MARK, region));
        }
        None => out.extend(unset_our_region(current)),
    }
    out
}

/// The operations that remove everything [`ops`] set (for `ssoenv unuse`):
/// the credentials only when ssoenv set them (`SSOENV_PROFILE` is present),
/// the region only when it is still the one ssoenv set. Keys a user exported
/// by hand stay.
pub fn unset_ops(current: &Env) -> Vec<Op> {
    let mut out = Vec::new();
    if current.get(PROFILE_MARK).is_some() {
        out.extend(CREDENTIAL_VARS.iter().map(|k| Op::Unset(k.to_string())));
    }
    out.extend(unset_our_region(current));
    out.push(Op::Unset(PROFILE_MARK.to_string()));
    out.push(Op::Unset(EXPIRES_MARK.to_string()));
    out
}

/// Removes `AWS_REGION` / `AWS_DEFAULT_REGION` where they still hold the region
/// ssoenv set, and the mark itself.
fn unset_our_region(current: &Env) -> Vec<Op> {
    let mut out = Vec::new();
    let ours = current.non_empty(REGION_MARK);
    for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
        if ours.is_some() && current.get(name) == ours {
            out.push(Op::Unset(name.to_string()));
        }
    }
    out.push(Op::Unset(REGION_MARK.to_string()));
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

    fn names(ops: &[Op]) -> Vec<String> {
        ops.iter()
            .map(|o| match o {
                Op::Set(k, v) => format!("{k}={v}"),
                Op::Unset(k) => format!("-{k}"),
            })
            .collect()
    }

    #[test]
    fn expiry_is_also_given_in_unix_seconds() {
        let mut c = creds();
        c.expiration = Some(time::OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap());
        let all = names(&ops("p", &c, None, None, &Env::default()));
        assert!(
            all.contains(&"SSOENV_EXPIRES=1800000000".to_string()),
            "{all:?}"
        );
        assert!(all.contains(&"AWS_CREDENTIAL_EXPIRATION=2027-01-15T08:00:00Z".to_string()));
        let all = names(&ops("p", &creds(), None, None, &Env::default()));
        assert!(all.contains(&"-SSOENV_EXPIRES".to_string()), "{all:?}");
    }

    #[test]
    fn prompts_get_the_profile_in_a_variable_no_sdk_reads() {
        let all = names(&ops("dev", &creds(), None, None, &Env::default()));
        assert!(all.contains(&"AWS_SSO_PROFILE=dev".to_string()), "{all:?}");
        for gone in [
            "AWS_PROFILE",
            "AWS_VAULT",
            "AWSUME_PROFILE",
            "AWSUME_EXPIRATION",
        ] {
            assert!(all.contains(&format!("-{gone}")), "{gone}: {all:?}");
        }
        assert!(!all.iter().any(|o| o.starts_with("AWS_PROFILE=")));
    }

    #[test]
    fn unset_removes_only_what_ssoenv_set() {
        // Keys exported by hand, without ssoenv: only the marks go.
        let by_hand = Env::from_pairs([("AWS_ACCESS_KEY_ID", "AK"), ("AWS_REGION", "us-2")]);
        assert_eq!(
            names(&unset_ops(&by_hand)),
            ["-SSOENV_REGION", "-SSOENV_PROFILE", "-SSOENV_EXPIRES"]
        );
        // After `use`: the credentials and ssoenv's region; a region changed by hand stays.
        let used = Env::from_pairs([
            ("SSOENV_PROFILE", "dev"),
            ("SSOENV_REGION", "eu-1"),
            ("AWS_REGION", "eu-1"),
            ("AWS_DEFAULT_REGION", "ap-9"),
        ]);
        assert_eq!(
            names(&unset_ops(&used)),
            [
                "-AWS_ACCESS_KEY_ID",
                "-AWS_SECRET_ACCESS_KEY",
                "-AWS_SESSION_TOKEN",
                "-AWS_CREDENTIAL_EXPIRATION",
                "-AWS_SSO_PROFILE",
                "-AWS_REGION",
                "-SSOENV_REGION",
                "-SSOENV_PROFILE",
                "-SSOENV_EXPIRES"
            ]
        );
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

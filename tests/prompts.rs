//! Prompt themes with their default settings: the real starship's `aws`
//! module shows the profile and the time left under `exec` and after `use`,
//! powerlevel10k's `aws` segment finds the profile in the variables it reads,
//! and SDKs still take the keys (docs/prompts.md says what is set and why).

mod common;
use common::ssoenv_bin;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::{START_URL, World, starship, stderr, stdout};

/// powerlevel10k's test for its `aws` segment and the name it shows
/// (internal/p10k.zsh, `prompt_aws` and `_p9k_prompt_aws_init`).
const P10K_PROFILE: &str =
    "${AWS_SSO_PROFILE:-${AWS_VAULT:-${AWSUME_PROFILE:-${AWS_PROFILE:-$AWS_DEFAULT_PROFILE}}}}";

/// Profiles `dev` (eu-west-1) and `prod` (no region) through the fake's SSO,
/// `keys` with static keys in ~/.aws/credentials; signed in; the role
/// credentials last two hours; `ssoenv` on PATH; starship's default settings.
fn world() -> World {
    let w = World::with_config(&format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\nregion = eu-west-1\n\
         [profile prod]\nsso_session = corp\nsso_account_id = 333333333333\n\
         sso_role_name = ReadOnly\n\
         [profile keys]\n\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n"
    ));
    std::fs::write(
        w.path().join(".aws/credentials"),
        "[keys]\naws_access_key_id = AKIASTATICKEYS\naws_secret_access_key = static\n",
    )
    .unwrap();
    // An empty file: every starship module with its default settings.
    std::fs::write(w.path().join("starship.toml"), "").unwrap();
    let bin = w.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(ssoenv_bin(), bin.join("ssoenv")).unwrap();
    std::os::unix::fs::symlink(starship(), bin.join("starship")).unwrap();
    w.fake
        .set_credential_lifetime(Duration::from_secs(2 * 60 * 60));
    w.seed_corp_token(8 * 60 * 60, false);
    w
}

/// `program args…` in the world, with its bin folder first on PATH and
/// starship reading the empty config.
fn command(w: &World, program: &str, args: &[&str]) -> Command {
    let mut c = w.command(program, args);
    let path: PathBuf = w.path().join("bin");
    c.env(
        "PATH",
        format!(
            "{}:{}",
            path.display(),
            std::env::var("PATH").unwrap_or_default()
        ),
    )
    .env("STARSHIP_CONFIG", w.path().join("starship.toml"))
    .env("LANG", "C.UTF-8");
    c
}

/// Runs `cmd`, which must succeed; its output without colour codes.
fn run(mut cmd: Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{:?}: {}", cmd, stderr(&out));
    strip_colours(&stdout(&out))
}

fn strip_colours(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI … final byte (a letter).
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The seconds in starship's `[1h59m58s]`, when the text has one.
fn time_left(module: &str) -> Option<u64> {
    let inside = module.split_once('[')?.1.split_once(']')?.0;
    let mut total = 0;
    let mut number = String::new();
    for c in inside.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u64 = std::mem::take(&mut number).parse().ok()?;
        total += n * match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
    }
    number.is_empty().then_some(total)
}

/// starship's module line shows `profile`, `region` (if any) and about two
/// hours left.
fn assert_shows(module: &str, profile: &str, region: Option<&str>) {
    let expected = match region {
        Some(r) => format!("☁️  {profile} ({r}) ["),
        None => format!("☁️  {profile} ["),
    };
    assert!(
        module.contains(&expected),
        "want {expected:?} in {module:?}"
    );
    let left = time_left(module).unwrap_or_else(|| panic!("no time left in {module:?}"));
    assert!((2 * 3600 - 120..=2 * 3600).contains(&left), "{module:?}");
}

#[test]
fn starship_shows_the_profile_and_time_left_under_exec() {
    let w = world();
    let module = run(command(
        &w,
        "ssoenv",
        &["exec", "dev", "--", "starship", "module", "aws"],
    ));
    assert_shows(&module, "dev", Some("eu-west-1"));

    // What another tool or the user left in the shell does not win over
    // ssoenv's profile: starship reads these before AWS_SSO_PROFILE.
    let mut cmd = command(
        &w,
        "ssoenv",
        &["exec", "dev", "--", "starship", "module", "aws"],
    );
    for (k, v) in [
        ("AWS_VAULT", "vault-profile"),
        ("AWSU_PROFILE", "awsu-profile"),
        ("AWSUME_PROFILE", "awsume-profile"),
        ("AWS_PROFILE", "other"),
        ("AWS_SSO_PROFILE", "aws-sso-cli-profile"),
        ("AWS_SESSION_EXPIRATION", "2020-01-01T00:00:00Z"),
        ("AWSUME_EXPIRATION", "2020-01-01T00:00:00Z"),
    ] {
        cmd.env(k, v);
    }
    assert_shows(&run(cmd), "dev", Some("eu-west-1"));
}

#[test]
fn a_nested_exec_shows_the_inner_profile_only() {
    let w = world();
    // Static keys do not expire: no time left, and none from the outer exec.
    let module = run(command(
        &w,
        "ssoenv",
        &[
            "exec", "dev", "--", "ssoenv", "exec", "keys", "--", "starship", "module", "aws",
        ],
    ));
    assert!(module.contains("☁️  keys "), "{module:?}");
    assert!(
        !module.contains("dev") && !module.contains('['),
        "{module:?}"
    );
    assert!(
        !module.contains("eu-west-1"),
        "the outer region went: {module:?}"
    );

    let module = run(command(
        &w,
        "ssoenv",
        &[
            "exec", "keys", "--", "ssoenv", "exec", "prod", "--", "starship", "module", "aws",
        ],
    ));
    assert_shows(&module, "prod", None);
}

/// `ssoenv use dev`, `use prod` and `unuse` in a shell with the hook, with
/// starship's module and powerlevel10k's profile after each.
fn use_in(shell: &[&str], script: &str) -> Vec<String> {
    let w = world();
    let mut cmd = command(&w, shell[0], &shell[1..]);
    cmd.arg(script);
    run(cmd).split("--\n").map(str::to_string).collect()
}

fn assert_use_flow(shell: &str, steps: &[String]) {
    assert_eq!(steps.len(), 4, "{shell}: {steps:?}");
    let (dev, prod, gone) = (&steps[0], &steps[1], &steps[2]);
    assert_shows(dev, "dev", Some("eu-west-1"));
    assert!(dev.ends_with("p10k:dev\n"), "{shell}: {dev:?}");
    assert_shows(prod, "prod", None);
    assert!(prod.ends_with("p10k:prod\n"), "{shell}: {prod:?}");
    // After unuse nothing is left for either theme to show.
    assert_eq!(gone, "\np10k:\n", "{shell}");
}

#[test]
fn starship_follows_use_and_unuse_in_bash() {
    // powerlevel10k is for zsh only; bash shows the variable it reads first.
    let show = "starship module aws; echo; echo \"p10k:${AWS_SSO_PROFILE-}\"; printf '%s\\n' --";
    let steps = use_in(
        &["bash", "--norc", "-eu", "-o", "pipefail", "-c"],
        &format!(
            "eval \"$(ssoenv init bash)\"; ssoenv use dev; {show}; ssoenv use prod; {show}; \
             ssoenv unuse; {show}"
        ),
    );
    assert_use_flow("bash", &steps);
}

#[test]
fn starship_and_p10k_follow_use_and_unuse_in_zsh() {
    let show =
        format!("starship module aws; echo; echo \"p10k:{P10K_PROFILE}\"; printf '%s\\n' --");
    let steps = use_in(
        &["zsh", "--no-rcs", "-c"],
        &format!(
            "eval \"$(ssoenv init zsh)\"; ssoenv use dev; {show}; ssoenv use prod; {show}; \
             ssoenv unuse; {show}"
        ),
    );
    assert_use_flow("zsh", &steps);
}

#[test]
fn starship_follows_use_and_unuse_in_fish() {
    // powerlevel10k is for zsh only; the line is there to keep the shape.
    let show = "starship module aws; echo; echo \"p10k:$AWS_SSO_PROFILE\"; printf '%s\\n' --";
    let steps = use_in(
        &["fish", "--no-config", "-c"],
        &format!(
            "ssoenv init fish | source; ssoenv use dev; {show}; ssoenv use prod; {show}; \
             ssoenv unuse; {show}"
        ),
    );
    assert_use_flow("fish", &steps);
}

#[test]
fn p10k_sees_the_profile_under_exec() {
    let w = world();
    let mut cmd = command(
        &w,
        "ssoenv",
        &[
            "exec",
            "dev",
            "--",
            "zsh",
            "--no-rcs",
            "-c",
            &format!("print -r -- {P10K_PROFILE}"),
        ],
    );
    cmd.env("AWS_VAULT", "vault-profile")
        .env("AWSUME_PROFILE", "awsume-profile")
        .env("AWS_SSO_PROFILE", "aws-sso-cli-profile");
    assert_eq!(run(cmd), "dev\n");
}

#[test]
fn sdks_still_take_the_keys_with_the_prompt_profile_set() {
    let w = world();
    // botocore with ssoenv's environment: its credentials are the keys, also
    // where the config is not there at all (a container, another machine),
    // where an AWS_PROFILE would have made it fail with ProfileNotFound.
    let script = "import botocore.session, os\n\
                  c = botocore.session.get_session().get_credentials()\n\
                  print(c.method, c.access_key == os.environ['AWS_ACCESS_KEY_ID'], \
                  os.environ['AWS_SSO_PROFILE'], 'AWS_PROFILE' in os.environ)";
    let empty = tempfile::tempdir().unwrap();
    for home in [w.path(), empty.path()] {
        let home = home.display().to_string();
        let out = run(command(
            &w,
            "ssoenv",
            &[
                "exec",
                "dev",
                "--",
                "env",
                &format!("HOME={home}"),
                "python3",
                "-c",
                script,
            ],
        ));
        assert_eq!(out, "env True dev False\n", "HOME={home}");
    }
}

#[test]
fn under_exec_server_starship_shows_the_profile_and_the_sign_in_time_left() {
    let w = world();
    // No keys and no expiry in the environment: starship shows the profile
    // because the config gives it an sso_session, and the time left of the
    // SSO sign-in (8 hours) from the token cache, not of the role credentials.
    let module = run(command(
        &w,
        "ssoenv",
        &["exec", "--server", "dev", "--", "starship", "module", "aws"],
    ));
    assert!(module.contains("☁️  dev (eu-west-1) ["), "{module:?}");
    let left = time_left(&module).unwrap_or_else(|| panic!("no time left in {module:?}"));
    assert!((8 * 3600 - 120..=8 * 3600).contains(&left), "{module:?}");
}

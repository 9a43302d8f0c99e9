//! A profile started inside an environment that another profile's
//! credentials already fill (an outer `ssoenv exec` or `ssoenv use`, or
//! aws-vault's `exec`): one warning on stderr naming both, as aws-vault
//! gives for its own nesting. The inner profile wins; nothing is refused.

use super::Context;
use crate::creds::contract::PROFILE_MARK;

/// The variable the shell hook sets for `use`: the profile that this very
/// shell loaded last (empty when none). A `use` that switches from it is an
/// ordinary switch; one over a profile that came from outside (the shell
/// was started by `ssoenv exec`, or inside another shell's `use`) nests.
pub const USED_HERE: &str = "SSOENV_USED_HERE";

/// aws-vault's mark of the profile whose credentials it put in the environment.
pub const AWS_VAULT: &str = "AWS_VAULT";

/// How the inner profile arrives.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum How {
    Exec,
    Use,
}

/// The warning for starting `inner` in `ctx`'s environment, if it nests.
pub fn warning(ctx: &Context, inner: &str, how: How) -> Option<String> {
    let command = match how {
        How::Exec => "ssoenv exec",
        How::Use => "ssoenv use",
    };
    if let Some(outer) = ctx.env.non_empty(AWS_VAULT) {
        return Some(format!(
            "{command} {inner:?} inside aws-vault's environment for {outer:?} ({AWS_VAULT}): \
             {inner:?}'s credentials replace those"
        ));
    }
    let outer = ctx.env.non_empty(PROFILE_MARK)?;
    let switch = how == How::Use && ctx.env.get(USED_HERE) == Some(outer);
    if outer == inner || switch {
        return None;
    }
    Some(format!(
        "{command} {inner:?} inside the environment ssoenv set up for {outer:?} \
         ({PROFILE_MARK}): {inner:?}'s credentials replace {outer:?}'s"
    ))
}

/// Prints [`warning`], if any, once.
pub fn warn(ctx: &Context, inner: &str, how: How) {
    if let Some(w) = warning(ctx, inner, how) {
        ctx.warn(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::Env;

    fn ctx(pairs: &[(&str, &str)]) -> Context {
        Context {
            env: Env::from_pairs(pairs.iter().copied()),
            verbose: 0,
            style: crate::output::Style { color: false },
        }
    }

    #[test]
    fn nesting_is_named_and_a_switch_is_not() {
        let outer = ctx(&[("SSOENV_PROFILE", "dev")]);
        let w = warning(&outer, "prod", How::Exec).unwrap();
        assert!(
            w.contains("\"prod\" inside the environment ssoenv set up for \"dev\""),
            "{w}"
        );
        assert!(warning(&outer, "dev", How::Exec).is_none());
        // A shell started by exec: its hook loaded nothing yet.
        assert!(
            warning(
                &ctx(&[("SSOENV_PROFILE", "dev"), (USED_HERE, "")]),
                "prod",
                How::Use
            )
            .is_some()
        );
        // The same shell's own `use dev`, then `use prod`: a switch.
        assert!(
            warning(
                &ctx(&[("SSOENV_PROFILE", "dev"), (USED_HERE, "dev")]),
                "prod",
                How::Use
            )
            .is_none()
        );
        let vault = ctx(&[("AWS_VAULT", "legacy")]);
        let w = warning(&vault, "prod", How::Use).unwrap();
        assert!(w.contains("aws-vault's environment for \"legacy\""), "{w}");
        assert!(warning(&ctx(&[]), "prod", How::Exec).is_none());
    }
}

//! Property test: whatever bytes are in the config and credentials files, the
//! reader and the profile checks answer (a config or an error) and never panic.
//! 100,000 generated inputs per run: half arbitrary text, half built from the
//! pieces that matter to the parser (brackets, separators, indents, newlines).

use proptest::prelude::*;
use ssoenv::config::Config;

fn config_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[".to_string()),
        Just("]".to_string()),
        Just("[profile ".to_string()),
        Just("[sso-session ".to_string()),
        Just("[DEFAULT]".to_string()),
        Just("[default]".to_string()),
        Just("=".to_string()),
        Just(":".to_string()),
        Just("#".to_string()),
        Just(";".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\r\n".to_string()),
        Just("  ".to_string()),
        Just("\t".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("\\".to_string()),
        Just("\u{a0}\u{1c}\u{2028}\u{feff}".to_string()),
        Just("role_arn = arn:aws:iam::1:role/x\n".to_string()),
        Just("source_profile = a\n".to_string()),
        Just("sso_session = a\nsso_account_id = 1\nsso_role_name = r\n".to_string()),
        Just("aws_access_key_id = k\n".to_string()),
        Just("credential_process = x\n".to_string()),
        "[a-z ]{0,6}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn exercise(config: &str, credentials: &str) {
    if let Ok(cfg) = Config::from_texts(config, credentials) {
        for name in cfg.profiles.keys() {
            let _ = cfg.resolve(name);
        }
        for name in cfg.sso_sessions.keys() {
            let _ = cfg.sso_session(name);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 50_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn structured_input_never_panics(config in config_like(), credentials in config_like()) {
        exercise(&config, &credentials);
    }

    #[test]
    fn arbitrary_text_never_panics(config in any::<String>(), credentials in "(\\PC|\n|\r){0,200}") {
        exercise(&config, &credentials);
    }
}

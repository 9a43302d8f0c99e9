//! Differential test: thousands of generated config files, full of the corner
//! cases of botocore's reader, must read the same in ssoenv as in real botocore
//! (same profiles, sso-sessions and services with the same values, or both
//! refusing the file).

#[path = "support/python.rs"]
mod python;
use serde_json::{Map, Value as Json};
use ssoenv::config::{Config, Map as ConfigMap, Section, Value};
use std::process::Command;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const HEADERS: &[&str] = &[
    "[default]",
    "[profile default]",
    "[profile dev]",
    "[profile  dev ]",
    "[profile \"a b\"]",
    "[profile 'x y']",
    "[profile a b c]",
    "[profile 'open]",
    "[profilefoo bar]",
    "[profile]",
    "[DEFAULT]",
    "[sso-session corp]",
    "[services s]",
    "[other]",
    "[a]b]",
    "[profile dev] # trailing",
    "[profile ünï/@+.]",
    "[profile \\\"q]",
    "[]",
    "[profile \"\"]",
];
const KEYS: &[&str] = &[
    "region",
    "Region",
    "sso_session",
    "s3",
    "sts",
    "endpoint_url",
    "output",
    "key with space",
    "a:b",
    "x",
    "aws_access_key_id",
];
const SEPARATORS: &[&str] = &["=", " = ", ":", " : ", "\t=\t", "= ", " ="];
const VALUES: &[&str] = &[
    "us-east-1",
    "",
    "a # not a comment",
    "v ; semi",
    "a=b",
    "x:y",
    "$(touch /tmp/pwned)",
    "'quoted'",
    "\"dq\"",
    "tab\there",
    "ünïcødé",
    "back\\",
    " padded ",
    "\u{a0}nbsp\u{a0}",
    "\u{1c}sep",
    "line\u{0b}tab",
    "u\u{2028}v",
];
const INDENTS: &[&str] = &["  ", "\t", "    ", " ", "\u{a0}", "\u{1c}"];
const COMMENTS: &[&str] = &["# comment", "; comment", "  # indented", "#", "\t; x"];
const ENDINGS: &[&str] = &["\n", "\n", "\n", "\r\n", "\r"];

fn generate(rng: &mut Rng) -> String {
    let mut out = String::new();
    let lines = 1 + rng.next() % 14;
    if rng.chance(96) {
        out.push_str(rng.pick(HEADERS));
        out.push_str(rng.pick(ENDINGS));
    }
    for _ in 0..lines {
        let roll = rng.next() % 100;
        let line = if roll < 12 {
            rng.pick(HEADERS).to_string()
        } else if roll < 22 {
            rng.pick(COMMENTS).to_string()
        } else if roll < 30 {
            String::new()
        } else if roll < 45 {
            // an indented line: a continuation or a nested key
            let body = if rng.chance(70) {
                format!(
                    "{}{}{}",
                    rng.pick(KEYS),
                    rng.pick(&["=", " = ", ":"]),
                    rng.pick(VALUES)
                )
            } else {
                rng.pick(VALUES).to_string()
            };
            format!("{}{}", rng.pick(INDENTS), body)
        } else if roll < 52 {
            format!("{}{}", rng.pick(KEYS), rng.pick(&["=", " =", ":"]))
        } else if roll < 54 {
            rng.pick(&["no separator here", "= empty key", "[profile ok]"])
                .to_string()
        } else {
            let prefix = if rng.chance(10) {
                rng.pick(INDENTS)
            } else {
                ""
            };
            format!(
                "{prefix}{}{}{}",
                rng.pick(KEYS),
                rng.pick(SEPARATORS),
                rng.pick(VALUES)
            )
        };
        out.push_str(&line);
        out.push_str(rng.pick(ENDINGS));
    }
    out
}

fn to_json(sections: &ConfigMap<Section>) -> Json {
    let mut out = Map::new();
    for (name, section) in sections {
        let mut settings = Map::new();
        for (k, s) in &section.settings {
            let v = match &s.value {
                Value::Text(t) => Json::String(t.clone()),
                Value::Nested(m) => Json::Object(
                    m.iter()
                        .map(|(k, v)| (k.clone(), Json::String(v.clone())))
                        .collect(),
                ),
            };
            settings.insert(k.clone(), v);
        }
        out.insert(name.clone(), Json::Object(settings));
    }
    Json::Object(out)
}

#[test]
fn generated_configs_read_like_botocore() {
    const CASES: usize = 5000;
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x5EED_0F55_0E4F_2026);
    let texts: Vec<String> = (0..CASES).map(|_| generate(&mut rng)).collect();
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i:05}")), t).unwrap();
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/py/botocore_bulk.py");
    let out = Command::new(python::python3())
        .arg(script)
        .arg(dir.path())
        .env("PYTHONUTF8", "1")
        .output()
        .expect("python3 with botocore is needed (see .ci/run)");
    assert!(
        out.status.success(),
        "botocore_bulk.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<Json> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(expected.len(), CASES);

    let mut mismatches = Vec::new();
    let mut rejected = 0;
    for (i, (text, want)) in texts.iter().zip(&expected).enumerate() {
        let ours = Config::from_texts(text, "");
        match (ours, want.get("error")) {
            (Err(_), Some(_)) => rejected += 1,
            (Ok(cfg), None) => {
                let got = serde_json::json!({
                    "profiles": to_json(&cfg.profiles),
                    "sso_sessions": to_json(&cfg.sso_sessions),
                    "services": to_json(&cfg.services),
                });
                if &got != want {
                    mismatches.push(format!(
                        "case {i}: {text:?}\n  botocore: {want}\n  ssoenv:   {got}"
                    ));
                }
            }
            (Err(e), None) => mismatches.push(format!(
                "case {i}: {text:?}\n  botocore accepts: {want}\n  ssoenv rejects: {e}"
            )),
            (Ok(cfg), Some(_)) => mismatches.push(format!(
                "case {i}: {text:?}\n  botocore rejects\n  ssoenv accepts: {}",
                to_json(&cfg.profiles)
            )),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {CASES} generated configs differ from botocore:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!(
        "rejected {rejected} of {CASES}; with profiles: {}",
        expected
            .iter()
            .filter(|e| e
                .get("profiles")
                .is_some_and(|p| p.as_object().is_some_and(|o| !o.is_empty())))
            .count()
    );
    // The generator must exercise both outcomes, or the comparison proves little.
    assert!(
        rejected > CASES / 10 && rejected < CASES * 2 / 3,
        "rejected {rejected}"
    );
}

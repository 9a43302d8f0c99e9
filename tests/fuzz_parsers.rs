//! Fuzzing of every reader that takes text ssoenv does not control: the config
//! and credentials files, the SSO token cache (and its timestamps), the client
//! registration cache beside it, the role-credential cache, and what a
//! `credential_process` prints. Each target mixes structured documents (the
//! right keys with wrong types, nulls, huge, negative and float numbers, odd and
//! boundary timestamps, duplicated keys, deep nesting, long and non-ASCII
//! strings, NULs, a BOM), mutations of valid documents, and arbitrary input.
//! Beyond "never panics" it proves: an accepted cache entry is written and read
//! back unchanged (to the second); a timestamp ssoenv writes reads back as the
//! same instant; valid documents are read exactly and ones missing a required
//! key are refused; no error message quotes a secret from its input.
//!
//! Targets: `parse_time`, `Token::from_json`, `oidc::cached_registration`,
//! `CachedCredentials::from_json`, `process::parse_output`, and
//! `Config::from_texts`/`Config::load` with `resolve` and `sso_session` on every
//! profile and sso-session read. One file, so that one build and one command
//! run them all, and the JSON and timestamp generators are shared.
//!
//! Cases per target: `SSOENV_FUZZ_CASES` (default [`DEFAULT_CASES`], a few
//! seconds per target in a debug build). The documented long run:
//! `SSOENV_FUZZ_CASES=1000000 cargo test --release --test fuzz_parsers -- --nocapture --test-threads=1`.

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{TestCaseResult, TestRunner};
use serde_json::{Map, Value, json};
use ssoenv::config::Config;
use ssoenv::creds::cache::CachedCredentials;
use ssoenv::creds::process::parse_output;
use ssoenv::creds::resolve::Credentials;
use ssoenv::env::Env;
use ssoenv::sso::oidc;
use ssoenv::sso::token_cache::{Token, format_time, parse_time};
use std::fmt::Debug;
use std::path::Path;
use std::time::Instant;
use time::{Duration, OffsetDateTime, UtcOffset};

/// Cases per target when `SSOENV_FUZZ_CASES` is not set.
const DEFAULT_CASES: u32 = 10_000;

/// 0001-01-01T00:00:00Z and 9998-12-31T23:59:59Z: the instants generated as
/// valid, with a year of room on each side for offsets.
const MIN_TS: i64 = -62_135_596_800;
const MAX_TS: i64 = 253_370_764_799;

/// The "now" of the credential_process and registration targets.
const NOW_TS: i64 = 1_717_243_200; // 2024-06-01T12:00:00Z

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW_TS).unwrap()
}

fn cases() -> u32 {
    match std::env::var("SSOENV_FUZZ_CASES") {
        Ok(v) => v.replace(['_', ','], "").parse().unwrap_or_else(|_| {
            panic!("SSOENV_FUZZ_CASES={v:?} is not a whole number of cases per target")
        }),
        Err(_) => DEFAULT_CASES,
    }
}

/// Runs `check` on `cases()` inputs from `strategy`; a failure (or a panic)
/// is shrunk to a small input and reported with it.
fn fuzz<S>(name: &str, strategy: S, check: impl Fn(S::Value) -> TestCaseResult)
where
    S: Strategy,
    S::Value: Debug,
{
    let config = ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..ProptestConfig::default()
    };
    let mut runner = TestRunner::new(config);
    let start = Instant::now();
    if let Err(e) = runner.run(&strategy, check) {
        panic!("{name}: {e}");
    }
    eprintln!("{name}: {} inputs in {:.1?}", cases(), start.elapsed());
}

// ---------------------------------------------------------------------------
// Shared generators: strings, timestamps, JSON.

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A secret value: long and random enough never to appear by chance in a
/// message that does not quote it.
fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9/+]{16,40}"
}

/// Seconds precision, as the AWS CLI writes its timestamps.
fn to_second(t: OffsetDateTime) -> OffsetDateTime {
    t.replace_nanosecond(0).unwrap()
}

/// An instant in years 0001..=9998, with or without a fraction of a second.
fn instant() -> impl Strategy<Value = OffsetDateTime> {
    (
        MIN_TS..=MAX_TS,
        prop_oneof![Just(0u32), 0u32..1_000_000_000],
    )
        .prop_map(|(s, n)| {
            OffsetDateTime::from_unix_timestamp(s)
                .unwrap()
                .replace_nanosecond(n)
                .unwrap()
        })
}

/// `t` in one of the spellings that tools write and ssoenv reads, and the
/// instant that spelling stands for (the fraction is dropped where the
/// spelling has none).
fn spell(t: OffsetDateTime, style: u8, offset_minutes: i16) -> (String, OffsetDateTime) {
    let z = format_time(t);
    let (date, clock) = (&z[..10], &z[11..19]);
    let nanos = t.nanosecond();
    match style % 9 {
        0 => (z.clone(), to_second(t)),
        1 => (format!("{date}T{clock}.{nanos:09}Z"), t),
        2 => (format!("{date}T{clock}+00:00"), to_second(t)),
        3 => (format!("{date}T{clock}UTC"), to_second(t)),
        4 => (format!("{date} {clock}"), to_second(t)),
        5 => (format!("{date}T{clock} UTC"), to_second(t)),
        6 => {
            let offset = UtcOffset::from_whole_seconds(i32::from(offset_minutes) * 60).unwrap();
            let local = t.to_offset(offset);
            let (h, m) = (offset_minutes.abs() / 60, offset_minutes.abs() % 60);
            let sign = if offset_minutes < 0 { '-' } else { '+' };
            let l = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                local.year(),
                u8::from(local.month()),
                local.day(),
                local.hour(),
                local.minute(),
                local.second()
            );
            (format!("{l}.{nanos:09}{sign}{h:02}:{m:02}"), t)
        }
        7 => (format!(" \t{z}\n"), to_second(t)),
        _ => {
            let ms = (nanos / 1_000_000) as u16;
            (
                format!("{date}T{clock}.{ms:03}Z"),
                to_second(t).replace_millisecond(ms).unwrap(),
            )
        }
    }
}

/// A valid spelling of an instant in years 0001..=9998, with what it stands for.
fn valid_time() -> impl Strategy<Value = (String, OffsetDateTime)> {
    (instant(), any::<u8>(), -1439i16..=1439).prop_map(|(t, style, off)| spell(t, style, off))
}

/// Timestamps at and past every boundary: impossible dates and times, leap
/// seconds, years 0 and 9999 with offsets, long fractions, odd zones.
fn odd_time() -> impl Strategy<Value = String> {
    let year = select(vec![
        "0000",
        "0001",
        "1969",
        "1970",
        "2024",
        "9999",
        "10000",
        "-001",
        "99",
        "２０２４",
    ]);
    let month = select(vec!["00", "01", "02", "06", "12", "13", "1", "99"]);
    let day = select(vec!["00", "01", "28", "29", "30", "31", "32", "1"]);
    let sep = select(vec!["T", "t", " ", "_", "  ", ""]);
    let hour = select(vec!["00", "23", "24", "99", "1"]);
    let minute = select(vec!["00", "59", "60", "1"]);
    let second = select(vec!["00", "59", "60", "61", "1"]);
    let frac = select(vec![
        "",
        ".",
        ".0",
        ".123",
        ".999999999",
        ".1234567890123",
        ".９",
    ]);
    let zone = select(vec![
        "Z", "z", "UTC", " UTC", "utc", "+00:00", "-00:00", "+23:59", "-23:59", "+24:00", "+99:99",
        "+0100", "+01", "-", "+", "GMT", "", " Z", "ZZ", "Z ", "-01:00", "+01:00",
    ]);
    ((year, month, day, sep), (hour, minute, second, frac, zone)).prop_map(
        |((y, mo, d, sep), (h, mi, s, f, z))| format!("{y}-{mo}-{d}{sep}{h}:{mi}:{s}{f}{z}"),
    )
}

/// The first and last instants a four-digit year can spell, with every zone:
/// an offset can move them out of years 0000..=9999 in UTC.
fn edge_time() -> impl Strategy<Value = String> {
    let at = select(vec![
        "0000-01-01T00:00:00",
        "0000-01-01T23:59:59",
        "0001-01-01T00:00:00",
        "9999-12-31T23:59:59",
        "9999-12-31T00:00:00",
        "9999-12-31T23:59:60",
        "9999-12-31 23:59:59.999999999",
    ]);
    let zone = select(vec![
        "", "Z", "UTC", "+00:00", "+00:01", "-00:01", "+23:59", "-23:59", "+01:00", "-01:00",
    ]);
    (at, zone).prop_map(|(a, z)| format!("{a}{z}"))
}

/// A valid spelling with one non-ASCII or odd character put somewhere near
/// the positions the reader looks at (10: the `T`, 19: where an offset starts).
fn broken_time() -> impl Strategy<Value = String> {
    (
        valid_time(),
        0usize..32,
        select(vec![
            'é', '€', '😀', '\u{a0}', '\u{2028}', '\u{feff}', '\0', ' ', 'T',
        ]),
        any::<bool>(),
    )
        .prop_map(|((mut s, _), pos, c, digit_last)| {
            let mut at = pos.min(s.len());
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            s.insert(at, c);
            if digit_last {
                s.push('7');
            }
            s
        })
}

/// Anything that might sit where a timestamp is expected.
fn time_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => valid_time().prop_map(|(s, _)| s),
        3 => odd_time(),
        1 => edge_time(),
        2 => broken_time(),
        1 => "[0-9T:.Z+ -]{0,30}",
        1 => any::<String>(),
    ]
    .boxed()
}

/// JSON lexemes, valid and not, that are not objects or arrays.
fn json_scalar() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(vec![
            "null", "true", "false", "0", "-0", "1", "-1", "1.0", "1e0", "1E400", "-1e400",
            "1e-400", "18446744073709551615", "18446744073709551616", "-9223372036854775809",
            "1.7976931348623157e308", "5e-324", "0.1", "01", "+1", ".5", "NaN", "Infinity",
            "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\uD83D\\uDE00\"",
            "\"\\x41\"", "\"a\tb\"", "\"\u{0}\"", "\"unterminated", "tru", "nul", "[]", "{}",
            "[1,]", "{\"a\":1,}", "{\"a\"}", "\"\\\"", "\"\u{feff}\"",
        ])
        .prop_map(String::from),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<u64>().prop_map(|n| n.to_string()),
        1 => any::<f64>().prop_map(|f| if f.is_finite() { format!("{f:e}") } else { "1e999".into() }),
        3 => any::<String>().prop_map(|s| json_str(&s)),
        2 => time_text().prop_map(|s| json_str(&s)),
        1 => long_string(),
        1 => deep_nesting(),
    ]
    .boxed()
}

/// Up to 100,000 characters of one kind.
fn long_string() -> impl Strategy<Value = String> {
    (
        0usize..100_000,
        select(vec!["A", "é", "😀", "\\n", "\\u0041", " "]),
    )
        .prop_map(|(n, piece)| format!("\"{}\"", piece.repeat(n)))
}

/// Arrays or objects nested up to 5,000 deep, closed or not.
fn deep_nesting() -> impl Strategy<Value = String> {
    (1usize..5000, any::<bool>(), any::<bool>()).prop_map(|(depth, objects, closed)| {
        let (open, close) = if objects {
            ("{\"a\":", "}")
        } else {
            ("[", "]")
        };
        let tail = if closed {
            close.repeat(depth)
        } else {
            String::new()
        };
        format!("{}1{tail}", open.repeat(depth))
    })
}

/// A key: any text, or one the readers know.
fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        select(vec![
            "accessToken",
            "expiresAt",
            "Credentials",
            "Expiration",
            "Version",
            "AccessKeyId",
            "SecretAccessKey",
            "SessionToken",
            "clientId",
            "clientSecret",
            "grantTypes",
            "",
        ])
        .prop_map(String::from),
    ]
}

/// Any JSON-ish value, nested a few levels.
fn json_value() -> BoxedStrategy<String> {
    json_scalar()
        .prop_recursive(3, 24, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec((json_key(), inner), 0..5).prop_map(|v| {
                    let entries: Vec<String> = v
                        .iter()
                        .map(|(k, v)| format!("{}:{v}", json_str(k)))
                        .collect();
                    format!("{{{}}}", entries.join(","))
                }),
            ]
        })
        .boxed()
}

/// A valid JSON value, for the extra keys of valid documents.
fn valid_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // (NaN and the infinities become null.)
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z]{0,6}", inner), 0..4)
                .prop_map(|v| Value::Object(v.into_iter().collect())),
        ]
    })
}

/// What a field of a structured document holds when it has the right type.
#[derive(Clone, Copy, Debug)]
enum Field {
    /// A secret string: no message may quote it.
    Secret,
    /// A timestamp.
    Time,
    /// Ordinary text.
    Text,
    /// An ARN with an account in it.
    Arn,
    /// `grantTypes`: an array of grant names.
    Grants,
    /// credential_process `Version`.
    Version,
    /// An object with these fields.
    Object(&'static [(&'static str, Field)]),
    /// Anything.
    Any,
}

/// A field's JSON text, and the secrets in it.
fn field_value(field: Field) -> BoxedStrategy<(String, Vec<String>)> {
    let plain = |s: BoxedStrategy<String>| s.prop_map(|v| (v, Vec::new())).boxed();
    let wrong = plain(json_value());
    match field {
        Field::Secret => prop_oneof![
            6 => secret().prop_map(|s| (json_str(&s), vec![s])),
            1 => Just(("\"\"".to_string(), Vec::new())),
            // The wrong type, with the secret inside: still not to be quoted.
            1 => (secret(), any::<bool>()).prop_map(|(s, array)| {
                let text = if array { format!("[{}]", json_str(&s)) } else { format!("{{\"v\":{}}}", json_str(&s)) };
                (text, vec![s])
            }),
            2 => wrong,
        ]
        .boxed(),
        Field::Time => prop_oneof![5 => plain(time_text().prop_map(|s| json_str(&s)).boxed()), 1 => wrong].boxed(),
        Field::Text => prop_oneof![
            4 => plain(any::<String>().prop_map(|s| json_str(&s)).boxed()),
            1 => wrong,
        ]
        .boxed(),
        Field::Arn => prop_oneof![
            3 => plain("arn:aws:sts::[0-9]{0,12}:assumed-role/[a-z]{1,5}/[a-z]{1,5}".prop_map(|s| json_str(&s)).boxed()),
            2 => plain("(arn|:|[a-zé]){0,12}".prop_map(|s| json_str(&s)).boxed()),
            1 => wrong,
        ]
        .boxed(),
        Field::Grants => {
            let grant = prop_oneof![
                select(vec![oidc::GRANT_DEVICE, oidc::GRANT_AUTH_CODE, oidc::GRANT_REFRESH])
                    .prop_map(json_str),
                json_value(),
            ];
            prop_oneof![
                4 => plain(prop::collection::vec(grant, 0..4).prop_map(|v| format!("[{}]", v.join(","))).boxed()),
                1 => wrong,
            ]
            .boxed()
        }
        Field::Version => prop_oneof![
            4 => plain(Just("1".to_string()).boxed()),
            2 => plain(select(vec!["1.0", "2", "0", "-1", "\"1\"", "null", "true", "1e0", "10", "[1]"]).prop_map(String::from).boxed()),
            1 => wrong,
        ]
        .boxed(),
        Field::Object(fields) => prop_oneof![5 => structured_object(fields), 1 => wrong].boxed(),
        Field::Any => wrong,
    }
}

/// How a known key is spelled in the document: exactly, with a `\u` escape
/// (the same key once decoded), or not quite.
fn key_spelling(key: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => Just(json_str(key)),
        1 => Just(format!("\"\\u{:04x}{}\"", key.as_bytes()[0], &key[1..])),
        1 => select(vec![0u8, 1, 2]).prop_map(move |how| match how {
            0 => json_str(&key.to_lowercase()),
            1 => json_str(&format!(" {key}")),
            _ => json_str(&format!("{key}\0")),
        }),
    ]
}

/// An object made of known fields (drawn with repeats, so keys come twice)
/// with right and wrong values, plus unknown keys; its text and secrets.
fn structured_object(
    fields: &'static [(&'static str, Field)],
) -> BoxedStrategy<(String, Vec<String>)> {
    let known = select(fields).prop_flat_map(|(key, field)| {
        (key_spelling(key), field_value(field)).prop_map(|(k, (v, secrets))| (k, v, secrets))
    });
    let unknown = (json_key(), json_value()).prop_map(|(k, v)| (json_str(&k), v, Vec::new()));
    let entry = prop_oneof![6 => known, 1 => unknown];
    (
        prop::collection::vec(entry, 0..10),
        select(vec![",", ", ", " ,\n\t", ",\r\n  "]),
    )
        .prop_map(|(entries, sep)| {
            let mut secrets = Vec::new();
            let body: Vec<String> = entries
                .into_iter()
                .map(|(k, v, s)| {
                    secrets.extend(s);
                    format!("{k}:{v}")
                })
                .collect();
            (format!("{{{}}}", body.join(sep)), secrets)
        })
        .boxed()
}

/// A structured document, sometimes with a BOM, whitespace or junk around it.
fn structured_doc(fields: &'static [(&'static str, Field)]) -> BoxedStrategy<Doc> {
    let before =
        prop_oneof![8 => Just(""), 1 => select(vec!["\u{feff}", " ", "\n", "\t\r\n", "\0"])];
    let after = prop_oneof![8 => Just(""), 1 => select(vec!["\n", " ", "x", ",", "}", "\0", "{}"])];
    (before, structured_object(fields), after)
        .prop_map(|(b, (text, secrets), a)| Doc {
            text: format!("{b}{text}{a}"),
            secrets,
        })
        .boxed()
}

/// An input document and the secrets in it that no message may quote.
#[derive(Debug, Clone)]
struct Doc {
    text: String,
    secrets: Vec<String>,
}

impl Doc {
    fn plain(text: String) -> Doc {
        Doc {
            text,
            secrets: Vec::new(),
        }
    }
}

/// One change to a document.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, &'static str),
    InsertByte(usize, u8),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let piece = select(vec![
        "\"",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\\",
        "\\u",
        "\\ud800",
        "null",
        "1e999",
        "-",
        "\0",
        "\u{feff}",
        "é",
        "😀",
        " ",
        "\n",
        "\r",
        "0",
        "9",
        "T",
        "Z",
        "+",
        "UTC",
        "=",
        "#",
        "[profile ",
        "\"Version\":1,",
        "\"x\":",
        "  ",
    ]);
    let edit = prop_oneof![
        (any::<usize>(), 1usize..8).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), piece).prop_map(|(i, p)| Edit::Insert(i, p)),
        (
            any::<usize>(),
            select(vec![0xffu8, 0xc3, 0xe2, 0x80, 0x00, 0xfe])
        )
            .prop_map(|(i, b)| Edit::InsertByte(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Edit::Duplicate(i, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ];
    prop::collection::vec(edit, 1..6)
}

fn apply<T: Clone>(
    v: &mut Vec<T>,
    edit: &Edit,
    piece: impl Fn(&str) -> Vec<T>,
    byte: impl Fn(u8) -> Vec<T>,
) {
    let len = v.len();
    let at = |i: usize| i % (len + 1);
    match *edit {
        Edit::Delete(i, n) => {
            let i = at(i);
            let end = (i + n).min(v.len());
            v.drain(i..end);
        }
        Edit::Insert(i, p) => {
            let i = at(i);
            v.splice(i..i, piece(p));
        }
        Edit::InsertByte(i, b) => {
            let i = at(i);
            v.splice(i..i, byte(b));
        }
        Edit::Duplicate(i, n) => {
            let i = at(i);
            let end = (i + n).min(v.len());
            let copy = v[i..end].to_vec();
            v.splice(end..end, copy);
        }
        Edit::Truncate(i) => {
            let i = at(i);
            v.truncate(i);
        }
    }
}

/// `text` with `edits` applied character by character (stays UTF-8; a byte
/// insertion becomes U+FFFD).
fn mutate_text(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        apply(&mut chars, e, |p| p.chars().collect(), |_| vec!['\u{fffd}']);
    }
    chars.into_iter().collect()
}

/// `bytes` with `edits` applied byte by byte (may break UTF-8).
fn mutate_bytes(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for e in edits {
        apply(&mut out, e, |p| p.as_bytes().to_vec(), |b| vec![b]);
    }
    out
}

/// Text that is no document at all.
fn junk() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<String>(),
        1 => "(\\PC|\n|\r){0,200}",
        1 => json_value(),
        1 => deep_nesting(),
    ]
    .boxed()
}

/// Fails the case when `message` quotes one of `secrets`.
fn assert_quotes_no_secret(message: &str, secrets: &[String]) -> TestCaseResult {
    for s in secrets {
        prop_assert!(
            !message.contains(s.as_str()),
            "the message {message:?} quotes the secret {s:?}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Timestamps (the token cache, role cache, registration cache and
// credential_process all read them with parse_time).

#[test]
fn timestamps_never_panic_and_read_back_as_written() {
    fuzz("parse_time", time_text(), |raw| {
        if let Some(t) = parse_time(&raw) {
            let written = format_time(t);
            prop_assert_eq!(written.len(), 20, "{:?} was written as {:?}", raw, written);
            prop_assert_eq!(
                parse_time(&written),
                Some(to_second(t)),
                "{:?} was written as {:?}",
                raw,
                written
            );
        }
        Ok(())
    });
}

#[test]
fn valid_timestamps_are_read_exactly() {
    fuzz(
        "parse_time, valid spellings",
        valid_time(),
        |(raw, expected)| {
            prop_assert_eq!(parse_time(&raw), Some(expected), "{:?}", raw);
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------
// The SSO token cache.

const TOKEN_FIELDS: &[(&str, Field)] = &[
    ("startUrl", Field::Text),
    ("region", Field::Text),
    ("accessToken", Field::Secret),
    ("expiresAt", Field::Time),
    ("clientId", Field::Text),
    ("clientSecret", Field::Secret),
    ("registrationExpiresAt", Field::Time),
    ("refreshToken", Field::Secret),
];

/// A token as the AWS CLI (or another tool) might write it, and what it holds.
fn valid_token() -> impl Strategy<Value = (Token, Doc)> {
    let optional_time = prop::option::of(valid_time());
    (
        (
            secret(),
            valid_time(),
            prop::option::of(any::<String>()),
            prop::option::of("[a-z]{2}-[a-z]{4,9}-[0-9]"),
        ),
        (
            prop::option::of("[A-Za-z0-9_-]{1,40}"),
            prop::option::of(secret()),
            optional_time,
            prop::option::of(secret()),
        ),
        prop::collection::vec(("x[A-Za-z]{0,8}", valid_json()), 0..4),
        any::<bool>(),
    )
        .prop_map(
            |(
                (access, (exp_raw, exp), start_url, region),
                (client_id, client_secret, reg, refresh),
                extra,
                pretty,
            )| {
                let mut map = Map::new();
                let mut put = |k: &str, v: Option<String>| {
                    if let Some(v) = v {
                        map.insert(k.to_string(), Value::String(v));
                    }
                };
                put("startUrl", start_url.clone());
                put("region", region.clone());
                put("accessToken", Some(access.clone()));
                put("expiresAt", Some(exp_raw));
                put("clientId", client_id.clone());
                put("clientSecret", client_secret.clone());
                put(
                    "registrationExpiresAt",
                    reg.as_ref().map(|(raw, _)| raw.clone()),
                );
                put("refreshToken", refresh.clone());
                let extra: Map<String, Value> = extra.into_iter().collect();
                for (k, v) in &extra {
                    map.insert(k.clone(), v.clone());
                }
                let value = Value::Object(map);
                let text = if pretty {
                    serde_json::to_string_pretty(&value).unwrap()
                } else {
                    value.to_string()
                };
                let secrets = [Some(access.clone()), client_secret.clone(), refresh.clone()]
                    .into_iter()
                    .flatten()
                    .collect();
                let token = Token {
                    start_url,
                    region,
                    access_token: access,
                    expires_at: exp,
                    client_id,
                    client_secret,
                    registration_expires_at: reg.map(|(_, t)| t),
                    refresh_token: refresh,
                    extra,
                };
                (token, Doc { text, secrets })
            },
        )
}

fn token_input() -> BoxedStrategy<Doc> {
    prop_oneof![
        4 => structured_doc(TOKEN_FIELDS),
        2 => valid_token().prop_map(|(_, doc)| doc),
        3 => (valid_token(), edits()).prop_map(|((_, doc), e)| Doc::plain(mutate_text(&doc.text, &e))),
        2 => junk().prop_map(Doc::plain),
    ]
    .boxed()
}

/// The token as it reads back after ssoenv rewrites it: times to the second.
fn token_as_rewritten(t: &Token) -> Token {
    Token {
        expires_at: to_second(t.expires_at),
        registration_expires_at: t.registration_expires_at.map(to_second),
        ..t.clone()
    }
}

/// JSON values equal, floats to within two units in the last place: serde_json
/// (without its `float_roundtrip` feature) reads some long decimals one unit
/// off, so a float under a key ssoenv does not use can move by that when the
/// token is rewritten.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x.signum() == y.signum() && x.to_bits().abs_diff(y.to_bits()) <= 2)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// Fails the case unless the two tokens are the same (see [`same_json`]).
fn assert_same_token(got: &Token, want: &Token) -> TestCaseResult {
    let without_extra = |t: &Token| Token {
        extra: Map::new(),
        ..t.clone()
    };
    prop_assert_eq!(without_extra(got), without_extra(want));
    let (a, b) = (
        Value::Object(got.extra.clone()),
        Value::Object(want.extra.clone()),
    );
    prop_assert!(same_json(&a, &b), "other keys differ: {} != {}", a, b);
    Ok(())
}

fn check_token(doc: &Doc) -> TestCaseResult {
    match Token::from_json(&doc.text) {
        Err(message) => assert_quotes_no_secret(&message, &doc.secrets),
        Ok(token) => {
            assert_quotes_no_secret(&format!("{token:?}"), &doc.secrets)?;
            let written = token.to_json();
            let again = Token::from_json(&written);
            prop_assert!(
                again.is_ok(),
                "a token ssoenv wrote cannot be read back: {:?}",
                again
            );
            assert_same_token(&again.unwrap(), &token_as_rewritten(&token))
        }
    }
}

#[test]
fn token_cache_reader_never_panics_nor_quotes_secrets_and_rewrites_exactly() {
    fuzz("token cache", token_input(), |doc| check_token(&doc));
}

#[test]
fn valid_tokens_are_read_exactly() {
    fuzz(
        "token cache, valid documents",
        valid_token(),
        |(expected, doc)| {
            let got = Token::from_json(&doc.text);
            prop_assert!(got.is_ok(), "refused: {:?}", got);
            assert_same_token(&got.unwrap(), &expected)?;
            check_token(&doc)
        },
    );
}

// ---------------------------------------------------------------------------
// The client registration cache beside the tokens (read from its file).

const REGISTRATION_FIELDS: &[(&str, Field)] = &[
    ("clientId", Field::Text),
    ("clientSecret", Field::Secret),
    ("expiresAt", Field::Time),
    ("scopes", Field::Any),
    ("grantTypes", Field::Grants),
];

/// A registration as the AWS CLI writes it, usable for at least 15 minutes
/// and a second after `now()`, and what it holds.
fn valid_registration() -> impl Strategy<Value = (oidc::Registration, String)> {
    let grants = prop::sample::subsequence(
        vec![
            oidc::GRANT_DEVICE,
            oidc::GRANT_AUTH_CODE,
            oidc::GRANT_REFRESH,
        ],
        0..=3,
    )
    .prop_shuffle();
    (
        "[A-Za-z0-9_-]{1,30}",
        secret(),
        (NOW_TS + 15 * 60 + 1..=MAX_TS, any::<u8>(), -1439i16..=1439),
        grants,
        any::<bool>(),
    )
        .prop_map(
            |(client_id, client_secret, (at, style, off), grants, grants_key)| {
                let (raw, expires_at) =
                    spell(OffsetDateTime::from_unix_timestamp(at).unwrap(), style, off);
                let mut doc = json!({
                    "clientId": client_id,
                    "clientSecret": client_secret,
                    "expiresAt": raw,
                    "scopes": ["sso:account:access"],
                });
                if grants_key || !grants.is_empty() {
                    doc["grantTypes"] = json!(grants);
                }
                let reg = oidc::Registration {
                    client_id,
                    client_secret,
                    expires_at,
                    grant_types: grants.iter().map(|g| g.to_string()).collect(),
                    scopes: Some(vec!["sso:account:access".to_string()]),
                };
                (reg, doc.to_string())
            },
        )
}

/// A registration file, the flow it is wanted for, and (for a valid one)
/// the registration it holds.
fn registration_input() -> BoxedStrategy<(Vec<u8>, oidc::Flow, Option<oidc::Registration>)> {
    let grant = select(vec![oidc::Flow::Device, oidc::Flow::AuthCode]);
    let doc = prop_oneof![
        3 => structured_doc(REGISTRATION_FIELDS).prop_map(|d| (d.text.into_bytes(), None)),
        2 => valid_registration().prop_map(|(reg, text)| (text.into_bytes(), Some(reg))),
        2 => (valid_registration(), edits()).prop_map(|((_, text), e)| (mutate_bytes(text.as_bytes(), &e), None)),
        1 => (structured_doc(REGISTRATION_FIELDS), edits()).prop_map(|(d, e)| (mutate_bytes(d.text.as_bytes(), &e), None)),
        1 => junk().prop_map(|t| (t.into_bytes(), None)),
    ];
    (doc, grant)
        .prop_map(|((bytes, valid), grant)| (bytes, grant, valid))
        .boxed()
}

/// Whether a registration for `grant_types` serves `flow`: as the AWS CLI
/// decides, one with `authorization_code` serves PKCE only, any other the
/// device flow only.
fn fits(grant_types: &[String], flow: oidc::Flow) -> bool {
    let auth_code = grant_types.iter().any(|g| g == oidc::GRANT_AUTH_CODE);
    auth_code == (flow == oidc::Flow::AuthCode)
}

#[test]
fn registration_cache_reader_never_panics_and_uses_exactly_the_fitting_registrations() {
    let dir = scratch_dir();
    let path = dir.path().join("registration.json");
    fuzz(
        "registration cache",
        registration_input(),
        |(bytes, grant, valid)| {
            std::fs::write(&path, &bytes).unwrap();
            let used = oidc::cached_registration(&path, grant, now());
            if let Some(reg) = &used {
                prop_assert!(!reg.client_id.is_empty() && !reg.client_secret.is_empty());
                prop_assert!(reg.expires_at - now() >= Duration::minutes(15));
                prop_assert!(
                    fits(&reg.grant_types, grant),
                    "{:?} used for {:?}",
                    reg,
                    grant
                );
            }
            if let Some(valid) = valid {
                let expected = fits(&valid.grant_types, grant).then_some(valid);
                prop_assert_eq!(used, expected, "for {:?}", grant);
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------
// The role-credential cache.

const CREDS_FIELDS: &[(&str, Field)] = &[
    ("AccessKeyId", Field::Secret),
    ("SecretAccessKey", Field::Secret),
    ("SessionToken", Field::Secret),
    ("Expiration", Field::Time),
    ("AccountId", Field::Text),
];

const USER_FIELDS: &[(&str, Field)] = &[("Arn", Field::Arn), ("AssumedRoleId", Field::Text)];

const ROLE_CACHE_FIELDS: &[(&str, Field)] = &[
    ("ProviderType", Field::Text),
    ("Credentials", Field::Object(CREDS_FIELDS)),
    ("Credentials", Field::Object(CREDS_FIELDS)),
    ("AssumedRoleUser", Field::Object(USER_FIELDS)),
    ("ResponseMetadata", Field::Any),
];

/// Role credentials in either shape the AWS CLI writes (SSO, or the STS
/// response of assume-role), and what they hold.
fn valid_role_credentials() -> impl Strategy<Value = (CachedCredentials, Doc)> {
    (
        (secret(), secret(), prop_oneof![secret().prop_map(Some), Just(None)], valid_time()),
        (select(vec![0u8, 1, 2, 3]), select(vec![0u8, 1, 2]), "[0-9]{12}", select(vec![0u8, 1, 2])),
        any::<bool>(),
    )
        .prop_map(|((akid, sk, st, (exp_raw, exp)), (provider, account_from, account, st_spelling), pretty)| {
            let provider_type = match provider {
                0 => Some("sso".to_string()),
                1 => Some("other".to_string()),
                _ => None,
            };
            let mut creds = Map::new();
            creds.insert("AccessKeyId".into(), json!(akid));
            creds.insert("SecretAccessKey".into(), json!(sk));
            match (&st, st_spelling) {
                (Some(t), _) => {
                    creds.insert("SessionToken".into(), json!(t));
                }
                (None, 0) => {}
                (None, 1) => {
                    creds.insert("SessionToken".into(), Value::Null);
                }
                (None, _) => {
                    creds.insert("SessionToken".into(), json!(""));
                }
            }
            creds.insert("Expiration".into(), json!(exp_raw));
            let mut top = Map::new();
            if let Some(p) = &provider_type {
                top.insert("ProviderType".into(), json!(p));
            }
            let account_id = match account_from {
                0 => {
                    creds.insert("AccountId".into(), json!(account));
                    Some(account)
                }
                1 => {
                    top.insert(
                        "AssumedRoleUser".into(),
                        json!({"AssumedRoleId": "AROA:x", "Arn": format!("arn:aws:sts::{account}:assumed-role/r/x")}),
                    );
                    Some(account)
                }
                _ => None,
            };
            top.insert("Credentials".into(), Value::Object(creds));
            let value = Value::Object(top);
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                value.to_string()
            };
            let secrets = [Some(akid.clone()), Some(sk.clone()), st.clone()]
                .into_iter()
                .flatten()
                .collect();
            let expected = CachedCredentials {
                access_key_id: akid,
                secret_access_key: sk,
                session_token: st,
                expiration: exp,
                account_id,
                provider_type,
            };
            (expected, Doc { text, secrets })
        })
}

fn role_cache_input() -> BoxedStrategy<Doc> {
    prop_oneof![
        4 => structured_doc(ROLE_CACHE_FIELDS),
        2 => valid_role_credentials().prop_map(|(_, doc)| doc),
        3 => (valid_role_credentials(), edits()).prop_map(|((_, doc), e)| Doc::plain(mutate_text(&doc.text, &e))),
        2 => junk().prop_map(Doc::plain),
    ]
    .boxed()
}

fn check_role_credentials(doc: &Doc) -> TestCaseResult {
    match CachedCredentials::from_json(&doc.text) {
        Err(message) => assert_quotes_no_secret(&message, &doc.secrets),
        Ok(creds) => {
            let shown = format!("{creds:?}");
            for s in &doc.secrets {
                // The key ID's last four characters are shown, as `aws configure list` does.
                if s != &creds.access_key_id {
                    prop_assert!(!shown.contains(s.as_str()), "{shown} quotes {s:?}");
                }
            }
            let written = creds.to_json();
            let again = CachedCredentials::from_json(&written);
            prop_assert!(
                again.is_ok(),
                "credentials ssoenv wrote cannot be read back: {:?}",
                again
            );
            let expected = CachedCredentials {
                expiration: to_second(creds.expiration),
                ..creds
            };
            prop_assert_eq!(again.unwrap(), expected);
            Ok(())
        }
    }
}

#[test]
fn role_cache_reader_never_panics_nor_quotes_secrets_and_rewrites_exactly() {
    fuzz("role cache", role_cache_input(), |doc| {
        check_role_credentials(&doc)
    });
}

#[test]
fn valid_role_credentials_are_read_exactly() {
    fuzz(
        "role cache, valid documents",
        valid_role_credentials(),
        |(expected, doc)| {
            let got = CachedCredentials::from_json(&doc.text);
            prop_assert!(got.is_ok(), "refused: {:?}", got);
            prop_assert_eq!(got.unwrap(), expected);
            check_role_credentials(&doc)
        },
    );
}

// ---------------------------------------------------------------------------
// What a credential_process prints.

const PROCESS_FIELDS: &[(&str, Field)] = &[
    ("Version", Field::Version),
    ("AccessKeyId", Field::Secret),
    ("SecretAccessKey", Field::Secret),
    ("SessionToken", Field::Secret),
    ("Expiration", Field::Time),
];

const REQUIRED_PROCESS_KEYS: [&str; 3] = ["Version", "AccessKeyId", "SecretAccessKey"];

/// Valid credential_process output, what it holds, and the JSON object.
fn valid_process_output() -> impl Strategy<Value = (Credentials, Map<String, Value>, Vec<String>)> {
    // Expirations after `now()`, up to the last valid year.
    let future = (
        NOW_TS + 1..=MAX_TS,
        any::<u8>(),
        -1439i16..=1439,
        0u32..1_000_000_000,
    )
        .prop_map(|(s, style, off, n)| {
            let t = OffsetDateTime::from_unix_timestamp(s)
                .unwrap()
                .replace_nanosecond(n)
                .unwrap();
            spell(t, style, off)
        });
    (
        (secret(), secret(), select(vec![0u8, 1, 2, 3]), secret()),
        (select(vec![0u8, 1, 2]), future),
        prop::collection::vec(("x[A-Za-z]{0,8}", valid_json()), 0..4),
    )
        .prop_map(
            |((akid, sk, st_how, st), (exp_how, (exp_raw, exp)), extra)| {
                let mut map = Map::new();
                map.insert("Version".into(), json!(1));
                map.insert("AccessKeyId".into(), json!(akid));
                map.insert("SecretAccessKey".into(), json!(sk));
                let session_token = match st_how {
                    0 => {
                        map.insert("SessionToken".into(), json!(st));
                        Some(st.clone())
                    }
                    1 => {
                        map.insert("SessionToken".into(), Value::Null);
                        None
                    }
                    2 => {
                        map.insert("SessionToken".into(), json!(""));
                        None
                    }
                    _ => None,
                };
                let expiration = match exp_how {
                    0 => {
                        map.insert("Expiration".into(), json!(exp_raw));
                        Some(exp)
                    }
                    1 => {
                        map.insert("Expiration".into(), Value::Null);
                        None
                    }
                    _ => None,
                };
                map.extend(extra);
                let secrets = vec![akid.clone(), sk.clone(), st];
                let creds = Credentials {
                    access_key_id: akid,
                    secret_access_key: sk,
                    session_token,
                    expiration,
                };
                (creds, map, secrets)
            },
        )
}

fn process_input() -> BoxedStrategy<(Vec<u8>, Vec<String>)> {
    prop_oneof![
        4 => structured_doc(PROCESS_FIELDS).prop_map(|d| (d.text.into_bytes(), d.secrets)),
        2 => valid_process_output().prop_map(|(_, map, secrets)| (Value::Object(map).to_string().into_bytes(), secrets)),
        3 => (valid_process_output(), edits())
            .prop_map(|((_, map, _), e)| (mutate_bytes(Value::Object(map).to_string().as_bytes(), &e), Vec::new())),
        1 => junk().prop_map(|s| (s.into_bytes(), Vec::new())),
        1 => prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| (b, Vec::new())),
    ]
    .boxed()
}

fn check_process_output(bytes: &[u8], secrets: &[String]) -> TestCaseResult {
    match parse_output(bytes, now()) {
        Err(message) => assert_quotes_no_secret(&message, secrets),
        Ok(creds) => {
            prop_assert!(!creds.access_key_id.is_empty() && !creds.secret_access_key.is_empty());
            prop_assert!(creds.session_token.as_deref() != Some(""));
            prop_assert!(creds.expiration.is_none_or(|t| t > now()));
            Ok(())
        }
    }
}

#[test]
fn credential_process_output_never_panics_nor_quotes_secrets() {
    fuzz(
        "credential_process output",
        process_input(),
        |(bytes, secrets)| check_process_output(&bytes, &secrets),
    );
}

#[test]
fn valid_credential_process_output_is_accepted_and_incomplete_output_refused() {
    let input = (
        valid_process_output(),
        select(REQUIRED_PROCESS_KEYS.to_vec()),
        any::<bool>(),
    );
    fuzz(
        "credential_process output, valid and incomplete",
        input,
        |((expected, map, secrets), key, empty)| {
            let text = Value::Object(map.clone()).to_string();
            let got = parse_output(text.as_bytes(), now());
            prop_assert!(got.is_ok(), "refused: {:?}", got);
            prop_assert_eq!(got.unwrap(), expected);

            // The same without a required key (or with it empty): refused, naming the key.
            let mut broken = map;
            if empty && key != "Version" {
                broken.insert(key.to_string(), json!(""));
            } else {
                broken.remove(key);
            }
            let text = Value::Object(broken).to_string();
            match parse_output(text.as_bytes(), now()) {
                Ok(_) => prop_assert!(false, "accepted without {}: {}", key, text),
                Err(message) => {
                    prop_assert!(message.contains(key), "{message:?} does not name {key}");
                    assert_quotes_no_secret(&message, &secrets)?;
                }
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------
// The config and credentials files.

/// Secret values that config messages must never quote (nor their first
/// 12 characters, which a cut-short quote would show).
const CONFIG_SECRETS: [&str; 2] = [
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN",
];

fn config_secret_prefixes() -> Vec<String> {
    CONFIG_SECRETS.iter().map(|s| s[..12].to_string()).collect()
}

/// The pieces that matter to the parser and the profile checks.
fn config_like() -> BoxedStrategy<String> {
    let [secret_key, session_token] = CONFIG_SECRETS;
    let piece = prop_oneof![
        6 => select(vec![
            "[", "]", "[profile ", "[sso-session ", "[services ", "[DEFAULT]", "[default]",
            "[profile a]\n", "[profile b]\n", "[profile \"a b\"]\n", "[profile 'x]\n", "[sso-session a]\n",
            "=", ":", "#", ";", "\n", "\r", "\r\n", "  ", "\t", "\"", "'", "\\", "\0", "\u{feff}",
            "\u{a0}\u{1c}\u{2028}\u{feff}", "a", "b",
            "role_arn = arn:aws:iam::1:role/x\n",
            "source_profile = a\n", "source_profile = b\n",
            "credential_source = Environment\n", "credential_source = Nope\n",
            "sso_session = a\nsso_account_id = 1\nsso_role_name = r\n",
            "sso_start_url = https://x\nsso_region = r\n",
            "sso_start_url = https://y\n",
            "sso_registration_scopes = a,,b\n",
            "web_identity_token_file = /t\n",
            "duration_seconds = 99999999999\n", "duration_seconds = -1\n",
            "aws_access_key_id = k\n",
            "credential_process = x 'y\n",
            "s3 =\n  max_concurrent_requests = 1\n",
            "region = eu-west-1\n",
        ])
        .prop_map(String::from),
        1 => select(vec![
            format!("aws_secret_access_key = {secret_key}\n"),
            format!("  aws_secret_access_key = {secret_key}\n"),
            format!("aws_secret_access_key: {secret_key}\n"),
            format!("aws_session_token = {session_token}\n"),
            format!("aws_session_token={session_token}\n"),
        ]),
        1 => "[a-z ]{0,6}",
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..40)
        .prop_map(|v| v.concat())
        .boxed()
}

/// Sections of a valid config file, one of each kind of profile and of each
/// mistake the profile checks report (a missing or half sso-session, values
/// that disagree with it, a source_profile loop or dead end, both sources).
/// `KEY` and `TOKEN` stand for the secrets.
const CONFIG_BLOCKS: &[&str] = &[
    "# comment\n[default]\nregion = eu-west-1\n\n",
    "[DEFAULT]\noutput = json\n",
    "[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\n\
     sso_registration_scopes = sso:account:access, ,x\n",
    "[sso-session half]\nsso_region = eu-west-1\n",
    "[sso-session keyed]\nsso_start_url = https://k\nsso_region = r\naws_secret_access_key = KEY\n",
    "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\n\
     region = eu-west-1\ns3 =\n  max_concurrent_requests = 20\n",
    "[profile other-region]\nsso_session = corp\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n",
    "[profile half]\nsso_session = half\nsso_account_id = 1\nsso_role_name = R\n",
    "[profile keyed]\nsso_session = keyed\nsso_account_id = 1\nsso_role_name = R\naws_secret_access_key = TOKEN\n",
    "[profile nosession]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = R\n",
    "[profile legacy]\nsso_start_url = https://d-2.awsapps.com/start\nsso_region = us-east-1\n\
     sso_account_id = 2\nsso_role_name = R\n",
    "[profile partial]\nsso_account_id = 2\n",
    "[profile deploy]\nrole_arn = arn:aws:iam::222222222222:role/Deploy\nsource_profile = dev\n",
    "[profile chain]\nrole_arn = arn:aws:iam::3:role/C\nsource_profile = deploy\nduration_seconds = 3600\n",
    "[profile loop]\nrole_arn = arn:aws:iam::1:role/L\nsource_profile = loop\n",
    "[profile dead]\nrole_arn = arn:aws:iam::1:role/D\nsource_profile = default\nduration_seconds = 1h\n",
    "[profile both]\nrole_arn = r\nsource_profile = dev\ncredential_source = Environment\n",
    // Indented, a secret line continues the value above it.
    "[profile indented]\nrole_arn = arn:aws:iam::1:role/I\nsource_profile = dev\n  aws_secret_access_key = KEY\n",
    "[profile indented-env]\nrole_arn = r\ncredential_source = Environment\n  aws_session_token = TOKEN\n",
    "[profile env]\nrole_arn = arn:aws:iam::1:role/E\ncredential_source = Ec2InstanceMetadata\n",
    "[profile web]\nrole_arn = arn:aws:iam::1:role/W\nweb_identity_token_file = /tmp/t\n",
    "[profile proc]\ncredential_process = /bin/echo '{\"Version\": 1}'\n",
    "[profile static]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = KEY\naws_session_token = TOKEN\n",
    "[services s]\ns3 =\n  endpoint_url = http://x\n",
];

/// Sections of a valid credentials file.
const CREDENTIALS_BLOCKS: &[&str] = &[
    "[keys]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = KEY\naws_session_token = TOKEN\n",
    "[loop]\r\naws_access_key_id = AKIA\r\naws_secret_access_key = KEY\r\n",
    "[dev]\nregion = us-west-2\naws_secret_access_key = KEY\n",
    "[half-keys]\naws_access_key_id = AKIA\n",
    "[default]\naws_access_key_id = AKIA\naws_secret_access_key = KEY\n",
];

/// A valid file (0: config, 1: credentials): some of its sections, in any order.
fn valid_config_file(which: usize) -> impl Strategy<Value = String> {
    let blocks = if which == 0 {
        CONFIG_BLOCKS
    } else {
        CREDENTIALS_BLOCKS
    };
    let [key, token] = CONFIG_SECRETS;
    prop::sample::subsequence(blocks.to_vec(), 0..=blocks.len())
        .prop_shuffle()
        .prop_map(move |b| b.concat().replace("KEY", key).replace("TOKEN", token))
}

/// The text of one file (0: config, 1: credentials), and whether the lines
/// that hold the secrets are intact. A mutation can merge a key and its secret
/// into one word, which a message may then quote: that is not a leak of a value.
fn config_text(which: usize) -> BoxedStrategy<(String, bool)> {
    prop_oneof![
        3 => config_like().prop_map(|t| (t, true)),
        3 => valid_config_file(which).prop_map(|t| (t, true)),
        3 => (valid_config_file(which), edits()).prop_map(|(t, e)| (mutate_text(&t, &e), false)),
        1 => any::<String>().prop_map(|t| (t, true)),
        1 => "(\\PC|\n|\r){0,200}".prop_map(|t| (t, true)),
    ]
    .boxed()
}

/// Both files as text, or (one case in eight) as bytes that may not be UTF-8,
/// read from disk; and whether no message may quote a secret.
#[derive(Debug, Clone)]
enum ConfigInput {
    Text(String, String, bool),
    Bytes(Vec<u8>, Vec<u8>),
}

fn config_input() -> BoxedStrategy<ConfigInput> {
    let bytes = || (config_text(0), edits()).prop_map(|((t, _), e)| mutate_bytes(t.as_bytes(), &e));
    prop_oneof![
        7 => (config_text(0), config_text(1))
            .prop_map(|((c, c_intact), (k, k_intact))| ConfigInput::Text(c, k, c_intact && k_intact)),
        1 => (bytes(), bytes()).prop_map(|(c, k)| ConfigInput::Bytes(c, k)),
    ]
    .boxed()
}

fn full_message(e: &ssoenv::error::Error) -> String {
    format!("{e}\n{}", e.hint().unwrap_or_default())
}

fn check_config(config: ssoenv::error::Result<Config>, intact: bool) -> TestCaseResult {
    let secrets = if intact {
        config_secret_prefixes()
    } else {
        Vec::new()
    };
    let config = match config {
        Ok(config) => config,
        Err(e) => return assert_quotes_no_secret(&full_message(&e), &secrets),
    };
    for name in config.profiles.keys() {
        if let Err(e) = config.resolve(name) {
            assert_quotes_no_secret(&full_message(&e), &secrets)?;
        }
    }
    for name in config.sso_sessions.keys() {
        if let Err(e) = config.sso_session(name) {
            assert_quotes_no_secret(&full_message(&e), &secrets)?;
        }
    }
    Ok(())
}

#[test]
fn config_reader_never_panics_nor_quotes_secrets() {
    let dir = scratch_dir();
    let (config_path, credentials_path) =
        (dir.path().join("config"), dir.path().join("credentials"));
    let env = Env::from_pairs([
        ("HOME", dir.path().to_str().unwrap()),
        ("AWS_CONFIG_FILE", config_path.to_str().unwrap()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            credentials_path.to_str().unwrap(),
        ),
    ]);
    fuzz("config", config_input(), |input| match input {
        ConfigInput::Text(config, credentials, intact) => {
            check_config(Config::from_texts(&config, &credentials), intact)
        }
        ConfigInput::Bytes(config, credentials) => {
            write(&config_path, &config);
            write(&credentials_path, &credentials);
            check_config(Config::load(&env), false)
        }
    });
}

/// A temporary folder for the targets that read files: in memory where
/// there is a tmpfs (a file write there costs a tenth of one on disk).
fn scratch_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    shm.is_dir()
        .then(|| tempfile::tempdir_in(shm).ok())
        .flatten()
        .unwrap_or_else(|| tempfile::tempdir().unwrap())
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

// ---------------------------------------------------------------------------
// What the fuzzers found, kept as fixed cases.

#[test]
fn inputs_the_fuzzers_found_stay_fixed() {
    // Byte 19 inside a multi-byte character: the offset check sliced there and panicked.
    assert_eq!(parse_time("1969-1-31 T99:1:1.９+01"), None);
    let token = r#"{"accessToken":"t","expiresAt":"2024-01-01T00:00:0é7"}"#;
    assert!(Token::from_json(token).unwrap_err().contains("expiresAt"));

    // Valid times that an offset takes past 9999-12-31 or before 0000-01-01 in UTC:
    // writing them back panicked, or gave a year the reader refuses.
    for raw in ["9999-12-31T23:59:59-00:01", "0000-01-01T00:00:00+01:00"] {
        assert_eq!(parse_time(raw), None, "{raw}");
        let token = format!(r#"{{"accessToken":"t","expiresAt":"{raw}"}}"#);
        assert!(Token::from_json(&token).is_err(), "{raw}");
    }
    assert_eq!(
        parse_time("9999-12-31T22:59:59-01:00")
            .map(format_time)
            .as_deref(),
        Some("9999-12-31T23:59:59Z")
    );

    // Syntax errors quote a line only up to its key, never the secret after it.
    let secret = CONFIG_SECRETS[0];
    for (config, credentials, quoted) in [
        (
            "aws_secret_access_key = SECRET\n",
            "",
            r#""aws_secret_access_key = …" comes before any [section] header"#,
        ),
        (
            "",
            "[k]\naws_secret_access_key SECRET\n",
            r#""aws_secret_access_key …" is neither"#,
        ),
        ("", "[k]\n= SECRET\n", r#""= …" has no key"#),
        (
            "[profile a]\ns3 =\n  aws_secret_access_key: SECRET\n",
            "",
            r#""aws_secret_access_key: …" in an indented sub-section"#,
        ),
    ] {
        let err = Config::from_texts(
            &config.replace("SECRET", secret),
            &credentials.replace("SECRET", secret),
        )
        .unwrap_err();
        let message = full_message(&err);
        assert!(message.contains(quoted), "{message}");
        assert!(!message.contains(&secret[..12]), "{message}");
    }

    // A secret key set in both a profile and its sso-session: the two values
    // differ, and neither is quoted.
    let [key, token] = CONFIG_SECRETS;
    let config = format!(
        "[sso-session s]\nsso_start_url = https://x\nsso_region = r\naws_secret_access_key = {key}\n\
         [profile p]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\naws_secret_access_key = {token}\n"
    );
    let err = Config::from_texts(&config, "")
        .unwrap()
        .resolve("p")
        .unwrap_err();
    let message = full_message(&err);
    assert!(
        message.contains("aws_secret_access_key differs here and in [sso-session s]"),
        "{message}"
    );
    assert!(
        !message.contains(&key[..12]) && !message.contains(&token[..12]),
        "{message}"
    );

    // An indented secret line joins the value above it; messages that quote
    // that value show its first line only.
    for (setting, quoted) in [
        (
            "source_profile = base",
            r#"source_profile "base …" does not exist"#,
        ),
        (
            "credential_source = Env",
            r#"credential_source "Env …" is not one"#,
        ),
        (
            "credential_source = Environment\nduration_seconds = 1h",
            r#"duration_seconds "1h …" is not a whole"#,
        ),
    ] {
        let config = format!(
            "[profile dev]\nrole_arn = arn:aws:iam::1:role/x\n{setting}\n  aws_secret_access_key = {key}\n"
        );
        let err = Config::from_texts(&config, "")
            .unwrap()
            .resolve("dev")
            .unwrap_err();
        let message = full_message(&err);
        assert!(message.contains(quoted), "{message}");
        assert!(!message.contains(&key[..12]), "{message}");
    }
}

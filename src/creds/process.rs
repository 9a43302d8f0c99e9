//! `credential_process`: run a profile's helper program the way botocore does
//! (split shell-style, no shell, no `~`/`$VAR` expansion) and read the
//! credentials it prints as JSON. Errors name the profile and the program but
//! never echo what it printed: that output holds secrets.

use super::resolve::Credentials;
use crate::cache_format::parse_time;
use crate::config::shlex;
use crate::env::Env;
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The variable handed to a `credential_process` with the profiles whose
/// helpers are already running above it (one per line): a helper that runs
/// ssoenv for the same profile again is stopped at the second level instead
/// of forking without end.
pub const CHAIN_VAR: &str = "SSOENV_CREDENTIAL_PROCESS_CHAIN";

/// More than any credentials JSON needs; output past this is drained and refused.
const MAX_OUTPUT: u64 = 1 << 20;

/// The hint for output that is not the credential_process JSON.
const FORMAT_HINT: &str = "a credential_process must print JSON like {\"Version\": 1, \"AccessKeyId\": ..., \
     \"SecretAccessKey\": ..., \"SessionToken\": ..., \"Expiration\": \"2024-01-02T03:04:05Z\"} \
     (SessionToken and Expiration are optional)";

/// Runs `command` (the `credential_process` of `profile`) with exactly the
/// variables of `env`, stdin and stderr inherited (so the helper can prompt),
/// stdout captured, and returns the credentials it printed. The helper is
/// killed if it has not exited and closed its output within `timeout`.
pub fn run(command: &str, profile: &str, env: &Env, timeout: Duration) -> Result<Credentials> {
    let argv = shlex::split(command).map_err(|e| Error::InvalidProfile {
        profile: profile.to_string(),
        message: format!("credential_process cannot be split into words: {e}"),
        hint: "fix the quoting of credential_process: it is split like a POSIX shell line \
               (but run without a shell)"
            .into(),
    })?;
    let Some((program, args)) = argv.split_first() else {
        return Err(Error::InvalidProfile {
            profile: profile.to_string(),
            message: "credential_process is empty".into(),
            hint: "give the command that prints the credentials, or remove the line".into(),
        });
    };
    let fail = |message: String, hint: &str| Error::CredentialProcess {
        profile: profile.to_string(),
        message: format!("credential_process {program:?} {message}"),
        hint: hint.to_string(),
    };
    let mut chain: Vec<&str> = env
        .get(CHAIN_VAR)
        .map(|c| c.lines().collect())
        .unwrap_or_default();
    if chain.contains(&profile) {
        chain.push(profile);
        let shown: Vec<String> = chain.iter().map(|p| format!("{p:?}")).collect();
        return Err(fail(
            format!(
                "runs ssoenv for this profile again ({}): it would never end",
                shown.join(" → ")
            ),
            "a profile's credential_process must not ask ssoenv (or the AWS CLI) for that same \
             profile; point it at the program that holds the keys, or use source_profile",
        ));
    }
    chain.push(profile);
    let chain = chain.join("\n");

    let mut child = Command::new(program)
        .args(args)
        .env_clear()
        .envs(env.iter())
        .env(CHAIN_VAR, &chain)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| spawn_error(&fail, program, &e))?;

    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    // Detached: if a grandchild keeps the pipe open after a timeout, the thread
    // ends when it closes the pipe (or with ssoenv), and nobody waits for it.
    std::thread::spawn(move || {
        let _ = tx.send(read_capped(stdout));
    });

    let deadline = Instant::now() + timeout;
    let timed_out = |child: &mut Child| {
        let _ = child.kill();
        let _ = child.wait();
        fail(
            format!("did not finish within {timeout:?} and was stopped"),
            "it may be waiting for something (input, a browser, the network); \
             run it by hand to see",
        )
    };
    let output = match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(output) => output,
        Err(_) => return Err(timed_out(&mut child)),
    };
    let status = match crate::child_wait::wait_until(&mut child, deadline) {
        Ok(Some(status)) => status,
        Ok(None) => return Err(timed_out(&mut child)),
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(fail(format!("could not be waited for: {e}"), ""));
        }
    };

    if !status.success() {
        return Err(fail(
            exit_description(status),
            "its own messages, if any, are above; run it by hand to see what it needs",
        ));
    }
    let output = match output {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Err(fail(
                format!("printed more than {MAX_OUTPUT} bytes"),
                FORMAT_HINT,
            ));
        }
        Err(e) => return Err(fail(format!("output could not be read: {e}"), "")),
    };
    parse_output(&output, OffsetDateTime::now_utc()).map_err(|message| fail(message, FORMAT_HINT))
}

fn spawn_error(fail: &dyn Fn(String, &str) -> Error, program: &str, e: &io::Error) -> Error {
    match e.kind() {
        io::ErrorKind::NotFound if program.contains('/') => fail(
            "was not found".into(),
            "check the path in credential_process (`~` and $VARIABLES are not expanded there); \
             a script's #! interpreter must exist too",
        ),
        io::ErrorKind::NotFound => fail(
            "was not found on PATH".into(),
            "install it, or give its full path in credential_process \
             (`~` and $VARIABLES are not expanded there)",
        ),
        io::ErrorKind::PermissionDenied => fail(
            "could not be run: permission denied".into(),
            "check that the file is executable (chmod +x)",
        ),
        _ => fail(
            format!("could not be run: {e}"),
            "check that it is an executable program",
        ),
    }
}

/// All of `out`, or `None` if it is longer than [`MAX_OUTPUT`] (the rest is
/// drained so the helper is not blocked writing it).
fn read_capped(out: impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    let mut out = out;
    (&mut out).take(MAX_OUTPUT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_OUTPUT {
        io::copy(&mut out, &mut io::sink())?;
        return Ok(None);
    }
    Ok(Some(bytes))
}

fn exit_description(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("was killed by signal {signal}");
        }
    }
    format!("failed ({status})")
}

/// The credentials in a helper's output (`bytes`, as printed), or a message
/// that says what is wrong without quoting any value but `Version`. Pure: an
/// `Expiration` at or before `now` is refused. Public for the fuzz tests.
pub fn parse_output(bytes: &[u8], now: OffsetDateTime) -> Result<Credentials, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("printed nothing".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "printed output that is not UTF-8")?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "printed output that is not JSON (syntax error at line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    let Value::Object(map) = value else {
        return Err(format!(
            "printed JSON {} instead of an object",
            kind(&value)
        ));
    };
    match map.get("Version") {
        None => return Err("printed JSON without \"Version\" (it must be 1)".into()),
        Some(v) if v.as_u64() == Some(1) => {}
        Some(Value::Number(n)) => {
            return Err(format!(
                "printed \"Version\": {n}; only version 1 is supported"
            ));
        }
        Some(v) => {
            return Err(format!(
                "printed \"Version\" as {}; it must be the number 1",
                kind(v)
            ));
        }
    }
    let access_key_id = required(&map, "AccessKeyId")?;
    let secret_access_key = required(&map, "SecretAccessKey")?;
    let session_token = optional(&map, "SessionToken")?.filter(|s| !s.is_empty());
    let expiration = match optional(&map, "Expiration")? {
        None => None,
        Some(raw) => Some(parse_time(&raw).ok_or(
            "printed an \"Expiration\" that is not an ISO 8601 time like 2024-01-02T03:04:05Z",
        )?),
    };
    if let Some(at) = expiration
        && at <= now
    {
        let at = at.format(&Rfc3339).unwrap_or_else(|_| at.to_string());
        return Err(format!("printed credentials that expired at {at}"));
    }
    Ok(Credentials {
        access_key_id,
        secret_access_key,
        session_token,
        expiration,
    })
}

fn required(map: &Map<String, Value>, key: &str) -> Result<String, String> {
    match optional(map, key)? {
        Some(s) if !s.is_empty() => Ok(s),
        Some(_) => Err(format!("printed an empty \"{key}\"")),
        None => Err(format!("printed JSON without \"{key}\"")),
    }
}

/// The string at `key`; absent and `null` are both `None` (as in botocore).
fn optional(map: &Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(format!(
            "printed \"{key}\" as {}; it must be a string",
            kind(v)
        )),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> OffsetDateTime {
        time::macros::datetime!(2024-06-01 12:00 UTC)
    }

    #[test]
    fn reads_the_documented_shape() {
        let c = parse_output(
            br#"{"Version":1,"AccessKeyId":"AK","SecretAccessKey":"SK","SessionToken":"ST","Expiration":"2024-06-01T13:00:00Z"}"#,
            now(),
        )
        .unwrap();
        assert_eq!(c.access_key_id, "AK");
        assert_eq!(c.secret_access_key, "SK");
        assert_eq!(c.session_token.as_deref(), Some("ST"));
        assert_eq!(
            c.expiration,
            Some(time::macros::datetime!(2024-06-01 13:00 UTC))
        );
        let c = parse_output(
            br#"{"Version":1,"AccessKeyId":"AK","SecretAccessKey":"SK","SessionToken":null,"Expiration":null}"#,
            now(),
        )
        .unwrap();
        assert_eq!((c.session_token, c.expiration), (None, None));
    }

    #[test]
    fn version_must_be_the_integer_one() {
        for bad in [r#""1""#, "2", "1.0", "true", "null", "-1"] {
            let out = format!(r#"{{"Version":{bad},"AccessKeyId":"AK","SecretAccessKey":"SK"}}"#);
            let e = parse_output(out.as_bytes(), now()).unwrap_err();
            assert!(e.contains("Version"), "{bad}: {e}");
        }
    }

    #[test]
    fn messages_never_quote_secret_values() {
        let cases: &[&[u8]] = &[
            br#"{"Version":1,"AccessKeyId":"SECRETX","SecretAccessKey":7}"#,
            br#"{"Version":1,"AccessKeyId":"SECRETX","SecretAccessKey":"SECRETX","Expiration":"SECRETX"}"#,
            br#"{"Version":1,"AccessKeyId":"SECRETX","SecretAccessKey":"SECRETX","SessionToken":["SECRETX"]}"#,
            br#"{"Version":1,"AccessKeyId":"SECRETX" "SecretAccessKey":"SECRETX"}"#,
            br#"SECRETX"#,
            br#"["SECRETX"]"#,
            b"{\"Version\":1,\"AccessKeyId\":\"SECRETX\xff\"}",
        ];
        for case in cases {
            let e = parse_output(case, now()).unwrap_err();
            assert!(!e.contains("SECRETX"), "{e}");
        }
    }
}

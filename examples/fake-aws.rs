//! Runs the test-suite's fake AWS by hand or from shell and Python tests:
//! `cargo run --example fake-aws -- --port 0` prints its URL on stdout and serves until killed;
//! drive it with the `/_fake/…` control routes.

#[path = "../tests/fake_aws/mod.rs"]
mod fake_aws;

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: fake-aws [--port N] [--interval SECS] [--latency-ms MS]

Serves fake SSO OIDC, SSO portal and STS endpoints on http://127.0.0.1:N (0 = any free
port), prints that URL on stdout and serves until killed. Control it over /_fake/...";

struct Args {
    port: u16,
    interval: Option<u64>,
    latency_ms: Option<u64>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        port: 0,
        interval: None,
        latency_ms: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |v: &str| -> Result<u64, String> {
            v.parse()
                .map_err(|_| format!("{flag}: not a number: {v:?}"))
        };
        match flag.as_str() {
            "--port" => {
                args.port = u16::try_from(number(&value)?)
                    .map_err(|_| format!("--port: out of range: {value}"))?;
            }
            "--interval" => args.interval = Some(number(&value)?),
            "--latency-ms" => args.latency_ms = Some(number(&value)?),
            _ => return Err(format!("unknown flag {flag:?}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("fake-aws: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let aws = match fake_aws::FakeAws::start_on(args.port) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("fake-aws: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::FAILURE;
        }
    };
    if let Some(secs) = args.interval {
        aws.set_poll_interval(secs);
    }
    if let Some(ms) = args.latency_ms {
        aws.set_latency(Duration::from_millis(ms));
    }
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "{}", aws.url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    for (name, value) in aws.env() {
        eprintln!("export {name}={value}");
    }
    // SIGINT and SIGTERM end the process with their default action.
    loop {
        std::thread::park();
    }
}

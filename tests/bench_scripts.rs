//! The benchmark scripts' own command line: `--help` is an answer, not a mistake, and
//! neither it nor a wrong option starts a benchmark.

use std::process::{Command, Output};

fn bench_run(args: &[&str]) -> Output {
    Command::new("bash")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/bench/run"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn bench_run_help_prints_the_usage_and_succeeds() {
    for flag in ["--help", "-h"] {
        let out = bench_run(&[flag]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{flag}: {stdout}");
        assert!(stdout.starts_with("usage: bench/run"), "{flag}: {stdout}");
        assert!(stdout.contains("--update-docs"), "{flag}: {stdout}");
        assert!(out.stderr.is_empty(), "{flag}: {:?}", out.stderr);
    }
    // A wrong option is still a usage error, on stderr.
    let out = bench_run(&["--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("usage: bench/run"));
}

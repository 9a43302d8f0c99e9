//! Fidelity test of the fake AWS: real boto3/botocore must get along with it (signatures,
//! SSO token cache, OIDC flows, paginators, error shapes). Runs tests/py/boto_fake.py
//! against a fresh fake; Python with boto3 is required, a missing one fails the test.

#[path = "fake_aws/mod.rs"]
mod fake_aws;
#[path = "support/python.rs"]
mod python;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fake_aws::FakeAws;

const TIME_LIMIT: Duration = Duration::from_secs(180);

#[test]
fn boto3_agrees_with_the_fake() {
    let aws = FakeAws::start();
    let home = tempfile::tempdir().expect("temp HOME");
    let aws_dir = home.path().join(".aws");
    std::fs::create_dir_all(&aws_dir).unwrap();

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/py/boto_fake.py");
    let mut cmd = Command::new(python::python3());
    cmd.arg(script)
        .current_dir(home.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Nothing of the developer's AWS setup (or proxies) may leak into the child.
    for (name, _) in std::env::vars_os() {
        let upper = name.to_string_lossy().to_ascii_uppercase();
        if upper.starts_with("AWS_") || upper.ends_with("_PROXY") {
            cmd.env_remove(&name);
        }
    }
    cmd.envs(aws.env())
        .env("FAKE_AWS_URL", aws.url())
        .env("HOME", home.path())
        .env("AWS_CONFIG_FILE", aws_dir.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", aws_dir.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("PYTHONDONTWRITEBYTECODE", "1");

    let mut child = cmd
        .spawn()
        .expect("the .venv python3 (with boto3) is needed for the fidelity test");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    match status {
        Some(s) if s.success() => {}
        Some(s) => panic!("boto_fake.py failed ({s}):\n{out}\n--- stderr ---\n{err}"),
        None => panic!("boto_fake.py took over {TIME_LIMIT:?}:\n{out}\n--- stderr ---\n{err}"),
    }
}

//! ssoenv on a company network: the fake AWS over HTTPS with a CA of the
//! test's own (as a TLS-inspecting proxy presents one), trusted through each
//! setting the AWS CLI and OpenSSL-based tools read, refused clearly when not
//! trusted, and reached through a forward proxy (CONNECT for HTTPS, absolute
//! form for HTTP) that may be down or want credentials. The real binary, a
//! temporary HOME, the whole login → export → whoami path.

mod common;
#[path = "fake_aws/mod.rs"]
mod fake_aws;
#[path = "support/proxy.rs"]
mod proxy;

use common::{CORP_FILE, World, output_within, stderr, stdout};
use fake_aws::FakeAws;
use fake_aws::tls::TestCa;
use proxy::TestProxy;
use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

fn config(ca_bundle: Option<&str>) -> String {
    let pinned = ca_bundle.map_or_else(String::new, |p| format!("ca_bundle = {p}\n"));
    format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\nregion = eu-west-1\n{pinned}\
         [sso-session corp]\nsso_start_url = {}\nsso_region = us-east-1\n",
        common::START_URL
    )
}

/// A world whose fake speaks HTTPS as `localhost` with a certificate from `ca`.
fn https_world(ca: &TestCa, ca_bundle: Option<&str>) -> World {
    let fake = FakeAws::start_tls(ca.server_config(&["localhost", "127.0.0.1"]), "localhost");
    World::with_fake(&config(ca_bundle), fake)
}

/// Writes the CA's certificate into the HOME; returns its path.
fn ca_file(w: &World, ca: &TestCa, name: &str) -> PathBuf {
    let path = w.path().join(name);
    ca.write_pem(&path);
    path
}

fn run(w: &World, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut c = w.ssoenv_command(args);
    c.env("SSOENV_LOGIN_TIMEOUT", "20");
    for (k, v) in env {
        c.env(k, v);
    }
    output_within(&mut c, Duration::from_secs(60)).expect("ssoenv hung")
}

/// Sign-in (PKCE, the "browser" is curl trusting the same CA), export and
/// whoami: each must succeed.
fn login_export_whoami(w: &World, env: &[(&str, String)]) {
    let login = run(w, &["login", "dev"], env);
    assert!(login.status.success(), "login: {}", stderr(&login));
    let export = run(w, &["export", "dev", "--format", "json"], env);
    assert!(export.status.success(), "export: {}", stderr(&export));
    assert!(stdout(&export).contains("AWS_SESSION_TOKEN"));
    let whoami = run(w, &["whoami", "dev"], env);
    assert!(whoami.status.success(), "whoami: {}", stderr(&whoami));
    assert!(
        stdout(&whoami).contains("111111111111"),
        "{}",
        stdout(&whoami)
    );
    assert!(w.fake.count("GetCallerIdentity") >= 1);
}

/// Every file under ~/.aws/sso and ~/.aws/cli, with its bytes.
fn cache_files(w: &World) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in [".aws/sso/cache", ".aws/cli/cache"] {
        if let Ok(entries) = std::fs::read_dir(w.path().join(dir)) {
            // Lock files are not caches (they may hold the last failure).
            for e in entries
                .flatten()
                .filter(|e| !e.path().to_string_lossy().ends_with(".lock"))
            {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_untrusted_certificate_is_named_as_such_and_changes_nothing() {
    let ca = TestCa::new("Corp TLS Inspection CA");
    let w = https_world(&ca, None);
    let curl_trusts = [(
        "CURL_CA_BUNDLE",
        ca_file(&w, &ca, "ca.pem").display().to_string(),
    )];

    let login = run(&w, &["login", "dev"], &curl_trusts);
    assert_eq!(login.status.code(), Some(69), "{}", stderr(&login));
    let err = stderr(&login);
    assert!(err.contains("TLS with localhost failed"), "{err}");
    assert!(err.contains("invalid peer certificate"), "{err}");
    assert!(!err.contains("cannot connect"), "{err}");
    for named in [
        "AWS_CA_BUNDLE",
        "ca_bundle",
        "OS trust store",
        "inspects TLS",
        "SSL_CERT_FILE",
        "built-in Mozilla roots",
    ] {
        assert!(err.contains(named), "hint lacks {named}: {err}");
    }
    assert_eq!(w.fake.requests().len(), 0, "a refused server got a request");
    assert_eq!(cache_files(&w), vec![]);

    // With a token already cached, export fails the same way and leaves it be.
    w.seed_corp_token(3600, false);
    let before = cache_files(&w);
    let export = run(&w, &["export", "dev"], &[]);
    assert_eq!(export.status.code(), Some(69), "{}", stderr(&export));
    assert!(
        stderr(&export).contains("sso portal at https://localhost:"),
        "{}",
        stderr(&export)
    );
    assert!(stderr(&export).contains("invalid peer certificate"));
    assert_eq!(cache_files(&w), before);
}

#[test]
fn each_trust_setting_makes_the_whole_path_work_over_https() {
    let ca = TestCa::new("Corp Root CA");
    // AWS_CA_BUNDLE, as for the AWS CLI.
    let w = https_world(&ca, None);
    let pem = ca_file(&w, &ca, "corp.pem").display().to_string();
    login_export_whoami(
        &w,
        &[("AWS_CA_BUNDLE", pem.clone()), ("CURL_CA_BUNDLE", pem)],
    );

    // The profile's ca_bundle, with ~ expanded.
    let w = https_world(&ca, Some("~/corp.pem"));
    let pem = ca_file(&w, &ca, "corp.pem").display().to_string();
    login_export_whoami(&w, &[("CURL_CA_BUNDLE", pem)]);

    // SSL_CERT_FILE stands for the OS store, as for OpenSSL.
    let w = https_world(&ca, None);
    let pem = ca_file(&w, &ca, "corp.pem").display().to_string();
    login_export_whoami(
        &w,
        &[("SSL_CERT_FILE", pem.clone()), ("CURL_CA_BUNDLE", pem)],
    );

    // SSL_CERT_DIR: a folder of PEM files.
    let w = https_world(&ca, None);
    std::fs::create_dir(w.path().join("certs")).unwrap();
    let pem = ca_file(&w, &ca, "certs/corp.pem").display().to_string();
    let dir = w.path().join("certs").display().to_string();
    login_export_whoami(&w, &[("SSL_CERT_DIR", dir), ("CURL_CA_BUNDLE", pem)]);
}

#[test]
fn aws_ca_bundle_wins_over_the_profile_and_replaces_the_os_store() {
    let ca = TestCa::new("Corp Root CA");
    let other = TestCa::new("Some Other CA");
    let w = https_world(&ca, Some("~/corp.pem"));
    let good = ca_file(&w, &ca, "corp.pem").display().to_string();
    let wrong = ca_file(&w, &other, "other.pem").display().to_string();
    w.seed_corp_token(3600, false);
    let out = run(
        &w,
        &["export", "dev", "-v"],
        &[("AWS_CA_BUNDLE", wrong.clone()), ("SSL_CERT_FILE", good)],
    );
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("invalid peer certificate"), "{err}");
    assert!(
        err.contains(&format!(
            "HTTPS trusts only {wrong} (1 certificates, from AWS_CA_BUNDLE)"
        )),
        "{err}"
    );
    // Without the variable the profile's bundle is used, and works.
    let out = run(&w, &["export", "dev", "-v"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("from ca_bundle of profile dev"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bundle_that_cannot_be_used_names_the_file_and_the_setting() {
    let ca = TestCa::new("Corp Root CA");
    let w = https_world(&ca, Some("~/notes.txt"));
    w.seed_corp_token(3600, false);
    std::fs::write(w.path().join("notes.txt"), "not a certificate\n").unwrap();
    let missing = w.path().join("missing.pem").display().to_string();

    let out = run(
        &w,
        &["export", "dev"],
        &[("AWS_CA_BUNDLE", missing.clone())],
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "cannot use the CA bundle {missing} (from AWS_CA_BUNDLE): cannot read it"
        )),
        "{err}"
    );

    let out = run(&w, &["export", "dev"], &[]);
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("notes.txt (from ca_bundle of profile dev)"),
        "{err}"
    );
    assert!(err.contains("holds no PEM certificate"), "{err}");

    // A FIFO is refused, not waited on.
    let fifo = w.path().join("fifo.pem");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = run(
        &w,
        &["export", "dev"],
        &[("AWS_CA_BUNDLE", fifo.display().to_string())],
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    assert_eq!(w.fake.requests().len(), 0);
}

#[test]
fn a_certificate_for_another_host_is_refused_with_the_reason() {
    let ca = TestCa::new("Corp Root CA");
    let fake = FakeAws::start_tls(ca.server_config(&["sso.corp.example"]), "localhost");
    let w = World::with_fake(&config(None), fake);
    let pem = ca_file(&w, &ca, "corp.pem").display().to_string();
    w.seed_corp_token(3600, false);
    let out = run(&w, &["export", "dev"], &[("AWS_CA_BUNDLE", pem)]);
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    let err = stderr(&out).to_lowercase();
    assert!(
        err.contains("not valid for name") || err.contains("notvalidforname"),
        "{err}"
    );
}

/// New proxy log lines while ssoenv alone runs `whoami dev` (role credentials
/// cached, so its one request is STS's GetCallerIdentity; no browser runs).
fn whoami_through(w: &World, proxy: &TestProxy, env: &[(&str, String)]) -> Vec<String> {
    let before = proxy.log().len();
    let out = run(w, &["whoami", "dev"], env);
    assert!(out.status.success(), "{}", stderr(&out));
    proxy.log()[before..].to_vec()
}

#[test]
fn https_goes_through_a_connect_proxy_and_no_proxy_goes_direct() {
    let ca = TestCa::new("Corp Root CA");
    let w = https_world(&ca, None);
    let pem = ca_file(&w, &ca, "corp.pem").display().to_string();
    let proxy = TestProxy::start();
    let env = [
        ("AWS_CA_BUNDLE", pem.clone()),
        ("CURL_CA_BUNDLE", pem.clone()),
        ("HTTPS_PROXY", proxy.url()),
    ];
    login_export_whoami(&w, &env);
    // ssoenv's own request goes through the tunnel.
    let tunnel = format!("CONNECT localhost:{} 200", w.fake.port());
    assert_eq!(whoami_through(&w, &proxy, &env), [tunnel]);
    // -v says which roots and which proxy.
    let out = run(&w, &["whoami", "dev", "-v"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("HTTPS trusts only {pem}")), "{err}");
    assert!(
        err.contains(&format!("https through {} (from HTTPS_PROXY)", proxy.url())),
        "{err}"
    );

    // NO_PROXY (either case) sends the fake's host direct; so does an empty
    // https_proxy, which decides over HTTPS_PROXY as in Python and curl.
    for (var, value) in [
        ("NO_PROXY", "example.com, localhost"),
        ("no_proxy", ".example.com,localhost:1,localhost"),
        ("https_proxy", ""),
    ] {
        let mut direct = env.to_vec();
        direct.push((var, value.into()));
        assert_eq!(
            whoami_through(&w, &proxy, &direct),
            Vec::<String>::new(),
            "{var}"
        );
    }
}

#[test]
fn a_socks5_proxy_such_as_ssh_dynamic_forwarding_works() {
    let ca = TestCa::new("Corp Root CA");
    let w = https_world(&ca, None);
    let pem = ca_file(&w, &ca, "corp.pem").display().to_string();
    let proxy = TestProxy::start();
    let env = [
        ("AWS_CA_BUNDLE", pem.clone()),
        ("CURL_CA_BUNDLE", pem.clone()),
        ("ALL_PROXY", format!("socks5h://127.0.0.1:{}", proxy.port())),
    ];
    login_export_whoami(&w, &env);
    let tunnel = format!("SOCKS5 localhost:{}", w.fake.port());
    assert_eq!(whoami_through(&w, &proxy, &env), [tunnel]);

    // A SOCKS proxy that is down is named as the proxy.
    let dead = format!("socks5h://127.0.0.1:{}", proxy::dead_port());
    let out = run(
        &w,
        &["whoami", "dev"],
        &[("AWS_CA_BUNDLE", pem), ("ALL_PROXY", dead.clone())],
    );
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "the proxy {dead} (from ALL_PROXY) cannot be reached"
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_proxy_that_never_answers_or_a_proxy_url_that_is_not_one_is_named() {
    let ca = TestCa::new("Corp Root CA");
    let w = https_world(&ca, None);
    let pem = ca_file(&w, &ca, "corp.pem").display().to_string();
    w.seed_corp_token(3600, false);
    // A firewalled proxy: the connection is made, nothing ever answers.
    let hole = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hole_url = format!("http://127.0.0.1:{}", hole.local_addr().unwrap().port());
    let started = std::time::Instant::now();
    let out = run(
        &w,
        &["export", "dev"],
        &[
            ("AWS_CA_BUNDLE", pem.clone()),
            ("HTTPS_PROXY", hole_url.clone()),
            ("SSOENV_CONNECT_TIMEOUT", "1".into()),
            ("SSOENV_READ_TIMEOUT", "3".into()),
        ],
    );
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "the proxy {hole_url} (from HTTPS_PROXY) did not complete the connection in time"
        )),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(hole);

    // A password with an unencoded '#' makes no URL: an error naming the
    // variable, never its value, instead of going direct.
    let out = run(
        &w,
        &["export", "dev"],
        &[
            ("AWS_CA_BUNDLE", pem),
            ("HTTPS_PROXY", "http://alice:p#ss@proxy.corp:3128".into()),
        ],
    );
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("HTTPS_PROXY is set, but not to a proxy URL"),
        "{err}"
    );
    assert!(!err.contains("p#ss"), "{err}");
    assert_eq!(w.fake.requests().len(), 0);
}

#[test]
fn the_cached_path_reads_no_certificate_and_uses_no_proxy() {
    let ca = TestCa::new("Corp Root CA");
    let w = https_world(&ca, None);
    let pem = ca_file(&w, &ca, "corp.pem").display().to_string();
    w.seed_corp_token(3600, false);
    let out = run(&w, &["export", "dev"], &[("AWS_CA_BUNDLE", pem)]);
    assert!(out.status.success(), "{}", stderr(&out));
    // With role credentials cached, a broken bundle and a dead proxy change nothing.
    let dead = format!("http://127.0.0.1:{}", proxy::dead_port());
    let out = run(
        &w,
        &["export", "dev", "-v"],
        &[
            ("AWS_CA_BUNDLE", "/nonexistent/ca.pem".into()),
            ("HTTPS_PROXY", dead),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("HTTPS trusts"), "{}", stderr(&out));
    assert_eq!(w.fake.count("GetRoleCredentials"), 1);
}

#[test]
fn a_proxy_that_is_down_or_wants_credentials_is_named_as_the_proxy() {
    let ca = TestCa::new("Corp Root CA");
    let w = https_world(&ca, None);
    let pem = ca_file(&w, &ca, "corp.pem").display().to_string();
    w.seed_corp_token(3600, false);
    let before = cache_files(&w);

    let dead = format!("http://127.0.0.1:{}", proxy::dead_port());
    let out = run(
        &w,
        &["export", "dev"],
        &[
            ("AWS_CA_BUNDLE", pem.clone()),
            ("HTTPS_PROXY", dead.clone()),
        ],
    );
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "the proxy {dead} (from HTTPS_PROXY) cannot be reached"
        )),
        "{err}"
    );
    assert!(err.contains("NO_PROXY"), "{err}");
    assert_eq!(cache_files(&w), before);

    // A proxy that wants credentials: told, then given them in the URL.
    let guarded = TestProxy::with_credentials("alice", "pr0xy-S3cret");
    let out = run(
        &w,
        &["export", "dev"],
        &[
            ("AWS_CA_BUNDLE", pem.clone()),
            ("https_proxy", guarded.url()),
        ],
    );
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "the proxy {} (from https_proxy) answered the CONNECT with HTTP 407",
            guarded.url()
        )),
        "{}",
        stderr(&out)
    );
    let with_creds = format!("http://alice:pr0xy-S3cret@127.0.0.1:{}", guarded.port());
    let out = run(
        &w,
        &["export", "dev", "-v"],
        &[("AWS_CA_BUNDLE", pem), ("https_proxy", with_creds)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("pr0xy-S3cret"), "{}", stderr(&out));
    assert!(
        guarded.log().iter().any(|l| l.ends_with(" 200")),
        "{:?}",
        guarded.log()
    );
}

#[test]
fn plain_http_endpoints_go_through_http_proxy() {
    let w = World::with_config(&config(None));
    w.seed_corp_token(3600, false);
    let proxy = TestProxy::start();
    let out = run(&w, &["export", "dev"], &[("HTTP_PROXY", proxy.url())]);
    assert!(out.status.success(), "{}", stderr(&out));
    let forwarded = format!(
        "GET http://127.0.0.1:{}/federation/credentials",
        w.fake.port()
    );
    assert!(
        proxy.log().iter().any(|l| l.starts_with(&forwarded)),
        "{:?}",
        proxy.log()
    );

    // A 407 from the proxy itself on a plain request names the proxy too.
    std::fs::remove_dir_all(w.path().join(".aws/cli/cache")).unwrap();
    let guarded = TestProxy::with_credentials("bob", "pw");
    let out = run(&w, &["export", "dev"], &[("http_proxy", guarded.url())]);
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "the proxy {} (from http_proxy) answered HTTP 407",
            guarded.url()
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_token_cache_file_name_is_the_aws_clis() {
    // The seeding helper and ssoenv agree on where the corp token lives.
    let w = World::with_config(&config(None));
    w.seed_corp_token(3600, false);
    assert!(w.path().join(".aws/sso/cache").join(CORP_FILE).exists());
}

/// Whether the binary at `path` is statically linked (an ELF file with no
/// program interpreter), as `cargo build-static` makes it on Linux with glibc.
fn is_static_elf(path: &str) -> bool {
    let b = std::fs::read(path).unwrap();
    if b.len() < 64 || &b[..4] != b"\x7fELF" || b[4] != 2 {
        return false;
    }
    let word = |at: usize, n: usize| {
        b[at..at + n]
            .iter()
            .rev()
            .fold(0usize, |acc, x| (acc << 8) | usize::from(*x))
    };
    let (phoff, phentsize, phnum) = (word(0x20, 8), word(0x36, 2), word(0x38, 2));
    const PT_INTERP: usize = 3;
    !(0..phnum).any(|i| word(phoff + i * phentsize, 4) == PT_INTERP)
}

/// The static build has glibc linked in, whose NSS must not load the
/// system's modules (libnss_systemd crashed it): it looks names up itself
/// (/etc/hosts, /etc/resolv.conf) and a missing HOME up in /etc/passwd, so
/// it never reads /etc/nsswitch.conf: not for the endpoints (named
/// `localhost`), not for an HTTP proxy given by name, not for a `socks5://`
/// proxy (which is asked to look the name up), not without HOME. The usual
/// build uses the system's resolver; CI runs this against the static one.
#[test]
fn the_static_build_never_asks_glibc_to_look_up_a_name() {
    let bin = common::ssoenv_bin();
    if !is_static_elf(bin) {
        eprintln!("skipped: {bin} is not a static build (SSOENV_TEST_BIN names one)");
        return;
    }
    let ca = TestCa::new("Corp Root CA");
    let w = https_world(&ca, None);
    let pem = ca_file(&w, &ca, "corp.pem").display().to_string();
    let proxy = TestProxy::start();
    let by_name = format!("http://localhost:{}", proxy.port());
    let socks = format!("socks5://localhost:{}", proxy.port());
    let trace = w.path().join("strace.log");
    let traced = |args: &[&str], env: &[(&str, String)], unset: &[&str]| {
        let mut c = w.command("strace", &["-f", "-qq", "-e", "trace=openat,open"]);
        c.arg("-o").arg(&trace).arg(bin).args(args);
        c.env("AWS_CA_BUNDLE", &pem).env("CURL_CA_BUNDLE", &pem);
        for (k, v) in env {
            c.env(k, v);
        }
        for k in unset {
            c.env_remove(k);
        }
        let out = output_within(&mut c, Duration::from_secs(60)).expect("ssoenv hung");
        let opened = std::fs::read_to_string(&trace).unwrap();
        (out, opened)
    };
    // Signed in without tracing: the "browser" (curl) is the system's.
    let env = [
        ("AWS_CA_BUNDLE", pem.clone()),
        ("CURL_CA_BUNDLE", pem.clone()),
    ];
    let login = run(&w, &["login", "dev"], &env);
    assert!(login.status.success(), "login: {}", stderr(&login));
    for (what, args, env) in [
        ("direct", vec!["whoami", "dev"], vec![]),
        ("export", vec!["export", "dev"], vec![]),
        (
            "HTTP proxy",
            vec!["whoami", "dev"],
            vec![("HTTPS_PROXY", by_name.clone())],
        ),
        (
            "SOCKS5 proxy",
            vec!["whoami", "dev"],
            vec![("ALL_PROXY", socks.clone())],
        ),
    ] {
        let (out, opened) = traced(&args, &env, &[]);
        assert!(out.status.success(), "{what}: {}", stderr(&out));
        assert!(!opened.contains("nsswitch.conf"), "{what}: {opened}");
    }
    // -v says how names are looked up, for whoever debugs a VPN.
    let verbose = run(&w, &["whoami", "dev", "-v"], &env);
    assert!(verbose.status.success(), "{}", stderr(&verbose));
    assert!(
        stderr(&verbose).contains(
            "host names looked up in /etc/hosts, then through the servers in /etc/resolv.conf"
        ),
        "{}",
        stderr(&verbose)
    );
    let log = proxy.log();
    let port = w.fake.port();
    assert!(
        log.contains(&format!("CONNECT localhost:{port} 200")),
        "{log:?}"
    );
    assert!(log.contains(&format!("SOCKS5 localhost:{port}")), "{log:?}");

    let (out, opened) = traced(&["list"], &[], &["HOME"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(opened.contains("/etc/passwd"), "{opened}");
    assert!(!opened.contains("nsswitch.conf"), "{opened}");
}

/// A host name that cannot be looked up (a VPN down, a typo in an endpoint
/// setting) is said to be that, naming the host, not a refused connection;
/// in both builds (glibc's resolver, or the static build's own).
#[test]
fn a_host_name_that_cannot_be_looked_up_is_named() {
    let w = World::with_config(&config(None));
    let url = format!("http://nohost.invalid:{}", w.fake.port());
    let out = run(
        &w,
        &["login", "dev"],
        &[
            ("AWS_ENDPOINT_URL_SSO_OIDC", url),
            // A DNS server that never answers makes the resolver give up
            // after its own timeouts (about 10 s), within this limit.
            ("SSOENV_CONNECT_TIMEOUT", "40".into()),
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(69), "{err}");
    assert!(
        err.contains("cannot look up the host name nohost.invalid"),
        "{err}"
    );
    assert!(!err.contains("cannot connect"), "{err}");
    assert_eq!(w.fake.requests().len(), 0);
}

//! Start URLs on a company's own domain, resolved as the current AWS CLI v2
//! resolves them: the fake plays the company domain (`/start` over HTTPS,
//! redirecting to an AWS access portal URL), and ssoenv must send the
//! resolved URL to SSO OIDC, keep the configured one for the token cache,
//! learn the region from the portal's host, and refuse what is not https or
//! does not lead to an AWS-owned portal.

mod common;
#[path = "fake_aws/mod.rs"]
mod fake_aws;

use common::{World, output_within, stderr};
use fake_aws::FakeAws;
use fake_aws::tls::TestCa;
use serde_json::Value;
use ssoenv::sso::token_cache::sha1_hex;
use std::process::Output;
use std::time::Duration;

const PORTAL: &str = "https://ssoins-722374a1b2c3d4e5.portal.eu-central-1.app.aws";

struct Corp {
    w: World,
    pem: String,
    start: String,
}

/// The fake over HTTPS as `localhost`, trusted through AWS_CA_BUNDLE; the
/// config's start URL is the fake's `/start` (or `start_url` when given).
fn corp(sso_region: &str, start_url: Option<&str>) -> Corp {
    let ca = TestCa::new("Corp Root CA");
    let fake = FakeAws::start_tls(ca.server_config(&["localhost"]), "localhost");
    let start = start_url.map_or_else(|| format!("{}/start", fake.url()), str::to_string);
    fake.configure(|c| c.custom_domain_redirect = Some(format!("{PORTAL}/?src=corp#top")));
    let config = format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\n\
         sso_role_name = AdministratorAccess\nregion = eu-west-1\n\
         [profile legacy]\nsso_start_url = {start}\nsso_region = {sso_region}\n\
         sso_account_id = 222222222222\nsso_role_name = ReadOnly\n\
         [sso-session corp]\nsso_start_url = {start}\nsso_region = {sso_region}\n\
         sso_registration_scopes = sso:account:access\n"
    );
    let w = World::with_fake(&config, fake);
    let pem = w.path().join("corp.pem");
    ca.write_pem(&pem);
    Corp {
        pem: pem.display().to_string(),
        w,
        start,
    }
}

impl Corp {
    fn run(&self, args: &[&str]) -> Output {
        let mut c = self.w.ssoenv_command(args);
        c.env("SSOENV_LOGIN_TIMEOUT", "20")
            .env("AWS_CA_BUNDLE", &self.pem)
            .env("CURL_CA_BUNDLE", &self.pem);
        output_within(&mut c, Duration::from_secs(60)).expect("ssoenv hung")
    }

    fn token(&self, key: &str) -> Value {
        let path = self
            .w
            .path()
            .join(".aws/sso/cache")
            .join(format!("{}.json", sha1_hex(key)));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn bodies(&self, operation: &str) -> Vec<Value> {
        self.w
            .fake
            .requests_for(operation)
            .iter()
            .map(|r| serde_json::from_str(&r.body).unwrap())
            .collect()
    }
}

#[test]
fn a_company_domain_signs_in_at_the_portal_it_leads_to() {
    let c = corp("eu-central-1", None);
    let out = c.run(&["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(c.w.fake.count("CustomDomainHead"), 1);
    // OIDC gets the resolved portal URL, normalised.
    let reg = &c.bodies("RegisterClient")[0];
    assert_eq!(reg["issuerUrl"], PORTAL, "{reg}");
    // The token is cached under the session's name, with the configured URL.
    let token = c.token("corp");
    assert_eq!(token["startUrl"], c.start.as_str());
    assert_eq!(token["region"], "eu-central-1");
    let out = c.run(&["export", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));

    // A legacy profile (device flow): StartDeviceAuthorization gets the
    // portal URL, the token file is named after the configured URL.
    c.w.fake.set_auto_approve(true);
    let out = c.run(&["login", "legacy"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let start = &c.bodies("StartDeviceAuthorization")[0];
    assert_eq!(start["startUrl"], PORTAL, "{start}");
    assert_eq!(c.token(&c.start)["startUrl"], c.start.as_str());
}

#[test]
fn a_domain_that_refuses_head_is_asked_with_get() {
    let c = corp("eu-central-1", None);
    c.w.fake.configure(|cfg| cfg.custom_domain_head = false);
    let out = c.run(&["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(c.w.fake.count("CustomDomainHead"), 1);
    assert_eq!(c.w.fake.count("CustomDomainGet"), 1);
    assert_eq!(c.bodies("RegisterClient")[0]["issuerUrl"], PORTAL);
}

#[test]
fn the_portal_host_gives_the_region_and_sso_region_is_updated_as_the_cli_does() {
    let c = corp("us-east-1", None);
    let out = c.run(&["login", "dev"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("sso_region is now eu-central-1 in [sso-session corp]"),
        "{err}"
    );
    let config = std::fs::read_to_string(c.w.config_file()).unwrap();
    let session = config.split("[sso-session corp]").nth(1).unwrap();
    assert!(session.contains("sso_region = eu-central-1"), "{config}");
    assert!(!session.contains("us-east-1"), "{config}");
    assert_eq!(c.token("corp")["region"], "eu-central-1");
    // The registration is cached under the configured URL and the portal's region.
    let key_args = format!(
        "{{\"region\": \"eu-central-1\", \"scopes\": [\"sso:account:access\"], \"session_name\": \"corp\", \"startUrl\": \"{}\", \"tool\": \"botocore\"}}",
        c.start
    );
    let reg =
        c.w.path()
            .join(".aws/sso/cache")
            .join(format!("{}.json", sha1_hex(&key_args)));
    assert!(reg.exists(), "no registration at {}", reg.display());
}

#[test]
fn start_urls_that_cannot_lead_to_a_portal_are_refused_clearly() {
    // Not https: refused before any request.
    let c = corp("eu-central-1", Some("http://sso.corp.example/start"));
    let out = c.run(&["login", "dev"]);
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sso_start_url http://sso.corp.example/start must use https"),
        "{}",
        stderr(&out)
    );
    assert_eq!(c.w.fake.requests().len(), 0);

    // A redirect to a host that is not AWS's.
    let c = corp("eu-central-1", None);
    c.w.fake.configure(|cfg| {
        cfg.custom_domain_redirect = Some("https://login.evil.example/x?y".into())
    });
    let out = c.run(&["login", "dev"]);
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "sso_start_url {} does not lead to an AWS access portal (it leads to https://login.evil.example/x)",
            c.start
        )),
        "{err}"
    );
    assert!(err.contains("hint: check sso_start_url"), "{err}");
    assert_eq!(c.w.fake.count("RegisterClient"), 0);

    // No redirect at all: the page itself is not a portal.
    c.w.fake.configure(|cfg| cfg.custom_domain_redirect = None);
    let out = c.run(&["login", "dev"]);
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains("does not lead to an AWS access portal"));

    // A redirect to an AWS host over plain http.
    c.w.fake.configure(|cfg| {
        cfg.custom_domain_redirect = Some("http://d-abc123.awsapps.com/start".into())
    });
    let out = c.run(&["login", "dev"]);
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("which is not https"),
        "{}",
        stderr(&out)
    );
    // Nothing was cached (only the lock file of the sign-in remains).
    let cached: Vec<_> = std::fs::read_dir(c.w.path().join(".aws/sso/cache"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert_eq!(cached, Vec::<String>::new());
}

#[test]
fn resolving_uses_the_same_trust_and_names_itself_when_it_fails() {
    let c = corp("eu-central-1", None);
    let mut cmd = c.w.ssoenv_command(&["login", "dev"]);
    cmd.env("SSOENV_LOGIN_TIMEOUT", "20");
    let out = output_within(&mut cmd, Duration::from_secs(60)).unwrap();
    assert_eq!(out.status.code(), Some(69), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("start URL at https://localhost:"), "{err}");
    assert!(err.contains("invalid peer certificate"), "{err}");
}

#[test]
fn configure_takes_the_region_from_the_portal_a_company_domain_leads_to() {
    let c = corp("eu-central-1", None);
    // A config without the session yet; configure is told only the start URL.
    std::fs::write(c.w.config_file(), "").unwrap();
    let out = c.run(&common::configure_args("corp2", &c.start, None));
    assert!(out.status.success(), "{}", stderr(&out));
    let config = std::fs::read_to_string(c.w.config_file()).unwrap();
    let session = config.split("[sso-session corp2]").nth(1).unwrap();
    assert!(session.contains("sso_region = eu-central-1"), "{config}");
    assert!(
        session.contains(&format!("sso_start_url = {}", c.start)),
        "{config}"
    );
    assert!(c.w.fake.count("CustomDomainHead") >= 1);
}

#[test]
fn configure_stores_the_portals_region_over_a_wrong_one_given() {
    let c = corp("eu-central-1", None);
    std::fs::write(c.w.config_file(), "").unwrap();
    let out = c.run(&common::configure_args(
        "corp2",
        &c.start,
        Some("us-east-1"),
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    let config = std::fs::read_to_string(c.w.config_file()).unwrap();
    let session = config.split("[sso-session corp2]").nth(1).unwrap();
    assert!(session.contains("sso_region = eu-central-1"), "{config}");
    assert!(!config.contains("us-east-1"), "{config}");
    assert_eq!(config.matches("[sso-session corp2]").count(), 1, "{config}");
}

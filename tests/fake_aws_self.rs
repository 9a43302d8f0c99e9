//! Tests of the fake AWS itself over plain HTTP: OIDC flows, pagination, SigV4 checks, fault
//! injection and the request log, so that product tests can trust what the fake says.

#[path = "fake_aws/mod.rs"]
mod fake_aws;

use std::time::{Duration, Instant};

use fake_aws::client::{self, HttpResponse};
use fake_aws::{FakeAws, Fault, TokenRequest, sigv4, util};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn post(aws: &FakeAws, path: &str, body: Value) -> HttpResponse {
    client::post_json(&format!("{}{path}", aws.url()), &body).expect("request")
}

fn portal(aws: &FakeAws, path_and_query: &str, token: &str) -> HttpResponse {
    client::get_with(
        &format!("{}{path_and_query}", aws.url()),
        fake_aws::BEARER_HEADER,
        token,
    )
    .expect("request")
}

/// A signed STS request, as an SDK would send it.
fn sts(
    aws: &FakeAws,
    (akid, secret, token): (&str, &str, Option<&str>),
    body: &str,
    signed_at_ms: u64,
) -> HttpResponse {
    let host = aws.url().trim_start_matches("http://").to_string();
    let mut headers = vec![
        ("host".to_string(), host),
        (
            "content-type".to_string(),
            "application/x-www-form-urlencoded; charset=utf-8".to_string(),
        ),
    ];
    sigv4::sign(
        akid,
        secret,
        token,
        "us-east-1",
        "sts",
        &util::amz_date(signed_at_ms),
        "POST",
        "/",
        "",
        &mut headers,
        body.as_bytes(),
    );
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .filter(|(k, _)| k != "host")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client::request(
        "POST",
        &format!("{}/", aws.url()),
        &headers,
        body.as_bytes(),
        Duration::from_secs(10),
    )
    .expect("request")
}

fn xml_value<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let start = xml.find(&open).map(|i| i + open.len()).unwrap_or(0);
    let end = xml[start..].find('<').map(|i| i + start).unwrap_or(start);
    &xml[start..end]
}

#[test]
fn signing_key_matches_the_aws_documentation_vector() {
    let key = sigv4::signing_key(
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "20120215",
        "us-east-1",
        "iam",
    );
    assert_eq!(
        hex::encode(key),
        "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
    );
    assert_eq!(util::iso8601(0), "1970-01-01T00:00:00Z");
    assert_eq!(
        util::parse_amz_date("20240229T235959Z"),
        Some(1_709_251_199_000)
    );
    assert_eq!(util::amz_date(1_709_251_199_000), "20240229T235959Z");
}

#[test]
fn device_flow_pending_slow_down_approve_and_no_refresh_token() {
    let aws = FakeAws::start();
    let reg = post(
        &aws,
        "/client/register",
        json!({"clientName": "t", "clientType": "public"}),
    );
    assert_eq!(reg.status, 200, "{}", reg.body);
    let reg = reg.json();
    let (id, secret) = (
        reg["clientId"].as_str().unwrap(),
        reg["clientSecret"].as_str().unwrap(),
    );
    let start = post(
        &aws,
        "/device_authorization",
        json!({"clientId": id, "clientSecret": secret, "startUrl": "https://d-1.awsapps.com/start"}),
    )
    .json();
    assert_eq!(start["interval"], 1);
    assert_eq!(start["expiresIn"], 600);
    let user_code = start["userCode"].as_str().unwrap();
    assert!(
        user_code.len() == 9 && user_code.as_bytes()[4] == b'-',
        "{user_code}"
    );
    assert_eq!(
        start["verificationUriComplete"],
        format!("{}/device?user_code={user_code}", aws.url())
    );

    let poll = json!({"clientId": id, "clientSecret": secret,
        "grantType": "urn:ietf:params:oauth:grant-type:device_code",
        "deviceCode": start["deviceCode"]});
    let r = post(&aws, "/token", poll.clone());
    assert_eq!(r.status, 400);
    assert_eq!(r.error_type(), Some("AuthorizationPendingException"));
    assert_eq!(r.json()["error"], "authorization_pending");
    let r = post(&aws, "/token", poll.clone());
    assert_eq!(r.error_type(), Some("SlowDownException"));

    let page = client::get(start["verificationUriComplete"].as_str().unwrap()).unwrap();
    assert_eq!(page.status, 200);
    assert!(page.body.contains("approved"), "{}", page.body);
    std::thread::sleep(Duration::from_millis(1000));
    let r = post(&aws, "/token", poll.clone());
    assert_eq!(r.status, 200, "{}", r.body);
    let tok = r.json();
    assert_eq!(tok["tokenType"], "Bearer");
    assert_eq!(tok["expiresIn"], 3600);
    assert!(tok.get("refreshToken").is_none(), "{tok}");
    assert!(aws.token_is_valid(tok["accessToken"].as_str().unwrap()));
    // A device code is good for one token.
    let r = post(&aws, "/token", poll);
    assert_eq!(r.error_type(), Some("InvalidGrantException"));
    assert_eq!(
        r.header("x-amzn-errortype"),
        Some("InvalidGrantException:http://internal.amazon.com/coral/com.amazonaws.ssooidc/")
    );
}

#[test]
fn device_flow_denied_and_expired() {
    let aws = FakeAws::start();
    let reg = post(
        &aws,
        "/client/register",
        json!({"clientName": "t", "clientType": "public"}),
    )
    .json();
    let start = |aws: &FakeAws| {
        post(
            aws,
            "/device_authorization",
            json!({"clientId": reg["clientId"], "clientSecret": reg["clientSecret"], "startUrl": "https://x"}),
        )
        .json()
    };
    let poll = |aws: &FakeAws, s: &Value| {
        post(
            aws,
            "/token",
            json!({"clientId": reg["clientId"], "clientSecret": reg["clientSecret"],
                "grantType": "urn:ietf:params:oauth:grant-type:device_code", "deviceCode": s["deviceCode"]}),
        )
    };
    aws.deny_authorization(true);
    let s = start(&aws);
    client::get(s["verificationUriComplete"].as_str().unwrap()).unwrap();
    assert_eq!(poll(&aws, &s).error_type(), Some("AccessDeniedException"));

    aws.deny_authorization(false);
    aws.set_device_code_lifetime(Duration::ZERO);
    let s = start(&aws);
    assert_eq!(poll(&aws, &s).error_type(), Some("ExpiredTokenException"));

    // Wrong secret.
    let r = post(
        &aws,
        "/device_authorization",
        json!({"clientId": reg["clientId"], "clientSecret": "nope", "startUrl": "https://x"}),
    );
    assert_eq!(
        (r.status, r.error_type()),
        (401, Some("InvalidClientException"))
    );
}

#[test]
fn authorization_code_with_pkce_refresh_and_logout() {
    let aws = FakeAws::start();
    let reg = post(
        &aws,
        "/client/register",
        json!({"clientName": "t", "clientType": "public", "scopes": ["sso:account:access"],
            "grantTypes": ["authorization_code", "refresh_token"],
            "redirectUris": ["http://127.0.0.1/oauth/callback"],
            "issuerUrl": "https://d-1.awsapps.com/start"}),
    )
    .json();
    let verifier = "a".repeat(20) + &"B-._~9".repeat(8);
    let challenge = util::base64url(&Sha256::digest(verifier.as_bytes()));
    let redirect = "http://127.0.0.1:4242/oauth/callback";
    let url = format!(
        "{}/authorize?response_type=code&client_id={}&redirect_uri={}&state=xyz&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge={challenge}",
        aws.url(),
        reg["clientId"].as_str().unwrap(),
        util::encode(redirect)
    );
    let r = client::get(&url).unwrap();
    assert_eq!(r.status, 302, "{}", r.body);
    let location = r.header("location").unwrap().to_string();
    assert!(
        location.starts_with(&format!("{redirect}?code=")),
        "{location}"
    );
    assert!(location.ends_with("&state=xyz"), "{location}");
    let code = location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();

    let exchange = |code: &str, verifier: &str, redirect: &str| {
        post(
            &aws,
            "/token",
            json!({"clientId": reg["clientId"], "clientSecret": reg["clientSecret"],
                "grantType": "authorization_code", "code": code,
                "redirectUri": redirect, "codeVerifier": verifier}),
        )
    };
    // A wrong verifier spends the code.
    let wrong = "z".repeat(64);
    assert_eq!(
        exchange(code, &wrong, redirect).error_type(),
        Some("InvalidGrantException")
    );
    assert_eq!(
        exchange(code, &verifier, redirect).error_type(),
        Some("InvalidGrantException")
    );

    let code = client::get(&url)
        .unwrap()
        .header("location")
        .unwrap()
        .to_string();
    let code = code
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    let r = exchange(&code, &verifier, "http://127.0.0.1:9999/oauth/callback");
    assert_eq!(
        r.error_type(),
        Some("InvalidGrantException"),
        "redirect URI must match"
    );

    let code = client::get(&url)
        .unwrap()
        .header("location")
        .unwrap()
        .to_string();
    let code = code
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    let r = exchange(&code, &verifier, redirect);
    assert_eq!(r.status, 200, "{}", r.body);
    let tok = r.json();
    let refresh = tok["refreshToken"]
        .as_str()
        .expect("refresh token")
        .to_string();

    let refresh_with = |rt: &str| {
        post(
            &aws,
            "/token",
            json!({"clientId": reg["clientId"], "clientSecret": reg["clientSecret"],
                "grantType": "refresh_token", "refreshToken": rt}),
        )
    };
    let r = refresh_with(&refresh);
    assert_eq!(r.status, 200, "{}", r.body);
    let new = r.json();
    assert_ne!(new["refreshToken"], tok["refreshToken"]);
    assert_eq!(
        refresh_with(&refresh).error_type(),
        Some("InvalidGrantException")
    );

    // Logout kills the access token and its refresh token.
    let access = new["accessToken"].as_str().unwrap();
    let r = client::request(
        "POST",
        &format!("{}/logout", aws.url()),
        &[(fake_aws::BEARER_HEADER, access)],
        b"",
        Duration::from_secs(5),
    )
    .unwrap();
    assert_eq!(r.status, 200);
    assert!(!aws.token_is_valid(access));
    assert_eq!(
        refresh_with(new["refreshToken"].as_str().unwrap()).error_type(),
        Some("InvalidGrantException")
    );
    let r = portal(&aws, "/assignment/accounts", access);
    assert_eq!(
        (r.status, r.error_type()),
        (401, Some("UnauthorizedException"))
    );

    // Denied sign-in comes back as an error on the redirect.
    aws.deny_authorization(true);
    let r = client::get(&url).unwrap();
    assert_eq!(
        r.header("location"),
        Some(format!("{redirect}?error=access_denied&error_description=The%20user%20denied%20the%20request&state=xyz").as_str())
    );
    // A redirect URI that is not loopback is refused outright.
    let bad = url.replace(
        &util::encode(redirect),
        &util::encode("http://evil.example/cb"),
    );
    assert_eq!(client::get(&bad).unwrap().status, 400);
}

#[test]
fn malformed_requests_get_aws_errors_not_panics() {
    let aws = FakeAws::start();
    for path in ["/client/register", "/device_authorization", "/token"] {
        let r = client::request(
            "POST",
            &format!("{}{path}", aws.url()),
            &[("Content-Type", "application/json")],
            b"{not json",
            Duration::from_secs(5),
        )
        .unwrap();
        assert_eq!(
            (r.status, r.error_type()),
            (400, Some("InvalidRequestException")),
            "{path}"
        );
    }
    let r = post(
        &aws,
        "/client/register",
        json!({"clientName": "x", "clientType": "private"}),
    );
    assert_eq!(r.error_type(), Some("InvalidClientMetadataException"));
    let r = post(
        &aws,
        "/token",
        json!({"clientId": "x", "clientSecret": "y", "grantType": "password"}),
    );
    assert_eq!(r.error_type(), Some("InvalidClientException"));
    let r = client::get(&format!("{}/nope", aws.url())).unwrap();
    assert_eq!(r.status, 404);
    let r = sts(
        &aws,
        ("AKIDNOTKNOWN", "x", None),
        "Action=GetCallerIdentity&Version=2011-06-15",
        util::now_ms(),
    );
    assert_eq!(r.status, 403);
    assert_eq!(xml_value(&r.body, "Code"), "InvalidClientTokenId");
    let r = client::request(
        "POST",
        &format!("{}/", aws.url()),
        &[],
        b"Action=GetCallerIdentity",
        Duration::from_secs(5),
    )
    .unwrap();
    assert_eq!(xml_value(&r.body, "Code"), "MissingAuthenticationToken");
}

#[test]
fn portal_pagination_and_role_credentials() {
    let aws = FakeAws::start();
    aws.generate_accounts(25, 3);
    let token = aws.issue_access_token("s", Duration::from_secs(600));

    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    let mut pages = 0;
    loop {
        let q = match &next {
            Some(t) => format!("/assignment/accounts?max_result=10&next_token={t}"),
            None => "/assignment/accounts?max_result=10".to_string(),
        };
        let r = portal(&aws, &q, &token);
        assert_eq!(r.status, 200, "{}", r.body);
        let v = r.json();
        pages += 1;
        seen.extend(
            v["accountList"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["accountId"].as_str().unwrap().to_string()),
        );
        match v["nextToken"].as_str() {
            Some(t) => next = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 25);
    assert_eq!(seen[0], "100000000001");
    assert_eq!(aws.count("ListAccounts"), 3);
    // Default page size is 20.
    let v = portal(&aws, "/assignment/accounts", &token).json();
    assert_eq!(v["accountList"].as_array().unwrap().len(), 20);
    assert_eq!(
        portal(&aws, "/assignment/accounts?max_result=101", &token).status,
        400
    );
    assert_eq!(
        portal(&aws, "/assignment/accounts?next_token=garbage", &token).status,
        400
    );
    assert_eq!(
        portal(&aws, "/assignment/accounts", "not-a-token").status,
        401
    );

    let v = portal(
        &aws,
        "/assignment/roles?account_id=100000000002&max_result=2",
        &token,
    )
    .json();
    assert_eq!(
        v["roleList"],
        json!([{"roleName": "Role1", "accountId": "100000000002"}, {"roleName": "Role2", "accountId": "100000000002"}])
    );
    let t = v["nextToken"].as_str().unwrap();
    let v = portal(
        &aws,
        &format!("/assignment/roles?account_id=100000000002&max_result=2&next_token={t}"),
        &token,
    )
    .json();
    assert_eq!(v["roleList"].as_array().unwrap().len(), 1);
    assert!(v.get("nextToken").is_none());
    assert_eq!(
        portal(&aws, "/assignment/roles?account_id=999999999999", &token).status,
        404
    );

    let before = util::now_ms();
    let r = portal(
        &aws,
        "/federation/credentials?role_name=Role3&account_id=100000000025",
        &token,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let c = &r.json()["roleCredentials"];
    let exp = c["expiration"].as_u64().unwrap();
    assert!(
        exp >= before + 3_599_000 && exp <= util::now_ms() + 3_600_000,
        "milliseconds: {exp}"
    );
    assert!(c["accessKeyId"].as_str().unwrap().starts_with("ASIA"));
    let r = portal(
        &aws,
        "/federation/credentials?role_name=Nope&account_id=100000000025",
        &token,
    );
    assert_eq!(
        (r.status, r.error_type()),
        (403, Some("ForbiddenException"))
    );

    // The credentials sign STS calls as the SSO role.
    let creds = (
        c["accessKeyId"].as_str().unwrap(),
        c["secretAccessKey"].as_str().unwrap(),
        c["sessionToken"].as_str(),
    );
    let r = sts(
        &aws,
        creds,
        "Action=GetCallerIdentity&Version=2011-06-15",
        util::now_ms(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        xml_value(&r.body, "Arn"),
        "arn:aws:sts::100000000025:assumed-role/AWSReservedSSO_Role3_abc123/test-user"
    );
    let expired = aws.issue_access_token("s", Duration::ZERO);
    assert_eq!(portal(&aws, "/assignment/accounts", &expired).status, 401);
}

#[test]
fn sts_signatures_assume_role_and_expiry() {
    let aws = FakeAws::start();
    aws.add_static_key(
        "AKIAFAKE000000000001",
        "s3cr3t/with+chars",
        "123456789012",
        "alice",
    );
    let me = ("AKIAFAKE000000000001", "s3cr3t/with+chars", None);
    let gci = "Action=GetCallerIdentity&Version=2011-06-15";
    let r = sts(&aws, me, gci, util::now_ms());
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    ));
    assert_eq!(
        xml_value(&r.body, "Arn"),
        "arn:aws:iam::123456789012:user/alice"
    );
    assert_eq!(xml_value(&r.body, "Account"), "123456789012");
    assert!(!xml_value(&r.body, "RequestId").is_empty());

    let r = sts(
        &aws,
        ("AKIAFAKE000000000001", "wrong", None),
        gci,
        util::now_ms(),
    );
    assert_eq!(
        (r.status, xml_value(&r.body, "Code")),
        (403, "SignatureDoesNotMatch")
    );
    assert!(
        aws.requests()
            .last()
            .unwrap()
            .note
            .as_deref()
            .unwrap()
            .contains("canonical request")
    );
    let r = sts(&aws, me, gci, util::now_ms() - 6 * 60 * 1000);
    assert_eq!(xml_value(&r.body, "Code"), "SignatureDoesNotMatch");
    assert!(
        xml_value(&r.body, "Message").starts_with("Signature expired"),
        "{}",
        r.body
    );

    let arn = "arn:aws:iam::210987654321:role/path/Deployer";
    let body = format!(
        "Action=AssumeRole&Version=2011-06-15&RoleArn={}&RoleSessionName=ci%40build&DurationSeconds=900",
        util::encode(arn)
    );
    let r = sts(&aws, me, &body, util::now_ms());
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        xml_value(&r.body, "Arn"),
        "arn:aws:sts::210987654321:assumed-role/Deployer/ci@build"
    );
    let exp = xml_value(&r.body, "Expiration").to_string();
    assert!(exp.ends_with('Z') && exp.len() == 20, "{exp}");
    let (akid, secret, token) = (
        xml_value(&r.body, "AccessKeyId").to_string(),
        xml_value(&r.body, "SecretAccessKey").to_string(),
        xml_value(&r.body, "SessionToken").to_string(),
    );
    let r = sts(&aws, (&akid, &secret, Some(&token)), gci, util::now_ms());
    assert_eq!(
        xml_value(&r.body, "Arn"),
        "arn:aws:sts::210987654321:assumed-role/Deployer/ci@build"
    );
    let r = sts(&aws, (&akid, &secret, None), gci, util::now_ms());
    assert_eq!(xml_value(&r.body, "Code"), "InvalidClientTokenId");
    // Role chaining is capped at one hour.
    let chained = format!(
        "Action=AssumeRole&Version=2011-06-15&RoleArn={}&RoleSessionName=x2&DurationSeconds=7200",
        util::encode(arn)
    );
    let r = sts(
        &aws,
        (&akid, &secret, Some(&token)),
        &chained,
        util::now_ms(),
    );
    assert_eq!(xml_value(&r.body, "Code"), "ValidationError");

    aws.expire_credentials();
    let r = sts(&aws, (&akid, &secret, Some(&token)), gci, util::now_ms());
    assert_eq!(
        (r.status, xml_value(&r.body, "Code")),
        (400, "ExpiredToken")
    );

    for bad in [
        "Action=AssumeRole&RoleSessionName=ab".to_string(),
        format!(
            "Action=AssumeRole&RoleArn={}&RoleSessionName=a",
            util::encode(arn)
        ),
        format!(
            "Action=AssumeRole&RoleArn={}&RoleSessionName=a%20b",
            util::encode(arn)
        ),
        format!(
            "Action=AssumeRole&RoleArn={}&RoleSessionName=ab&DurationSeconds=899",
            util::encode(arn)
        ),
        "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A12345%3Arole%2Fx&RoleSessionName=ab"
            .to_string(),
    ] {
        let r = sts(&aws, me, &bad, util::now_ms());
        assert_eq!(
            (r.status, xml_value(&r.body, "Code")),
            (400, "ValidationError"),
            "{bad}: {}",
            r.body
        );
    }

    aws.require_external_id(arn, "ext-123");
    let r = sts(&aws, me, &body, util::now_ms());
    assert_eq!(
        (r.status, xml_value(&r.body, "Code")),
        (403, "AccessDenied")
    );
    let r = sts(
        &aws,
        me,
        &format!("{body}&ExternalId=ext-123"),
        util::now_ms(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let mfa_arn = "arn:aws:iam::210987654321:role/Admin";
    aws.require_mfa(mfa_arn, "arn:aws:iam::123456789012:mfa/alice", "123456");
    let base = format!(
        "Action=AssumeRole&RoleArn={}&RoleSessionName=ab&SerialNumber={}",
        util::encode(mfa_arn),
        util::encode("arn:aws:iam::123456789012:mfa/alice")
    );
    let r = sts(
        &aws,
        me,
        &format!("{base}&TokenCode=654321"),
        util::now_ms(),
    );
    assert_eq!(xml_value(&r.body, "Code"), "AccessDenied");
    let r = sts(
        &aws,
        me,
        &format!("{base}&TokenCode=123456"),
        util::now_ms(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        aws.requests_for("AssumeRole")
            .last()
            .unwrap()
            .param("TokenCode")
            .as_deref(),
        Some("123456")
    );
}

#[test]
fn faults_status_garbage_throttle_hang_close() {
    let aws = FakeAws::start();
    let token = aws.issue_access_token("s", Duration::from_secs(600));
    let creds = "/federation/credentials?role_name=ReadOnly&account_id=111111111111";

    aws.set_fault(Fault::server_error_html("/federation").times(1));
    let r = portal(&aws, creds, &token);
    assert_eq!(r.status, 500);
    assert!(r.body.starts_with("<html>"));
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert_eq!(portal(&aws, creds, &token).status, 200);

    aws.set_fault(Fault::respond("/federation", 200, "{\"roleCredentials\":{\"accessKe").times(1));
    let r = portal(&aws, creds, &token);
    assert_eq!(r.status, 200);
    assert!(serde_json::from_str::<Value>(&r.body).is_err());

    aws.set_fault(Fault::throttle("/assignment").times(2).after(1));
    assert_eq!(portal(&aws, "/assignment/accounts", &token).status, 200);
    let r = portal(&aws, "/assignment/accounts", &token);
    assert_eq!(
        (r.status, r.error_type()),
        (429, Some("TooManyRequestsException"))
    );
    assert_eq!(r.json()["message"], "Too Many Requests");
    assert_eq!(portal(&aws, "/assignment/accounts", &token).status, 429);
    assert_eq!(portal(&aws, "/assignment/accounts", &token).status, 200);

    aws.set_fault(Fault::throttle("/").operation("GetCallerIdentity").times(1));
    let r = client::request(
        "POST",
        &format!("{}/", aws.url()),
        &[],
        b"Action=GetCallerIdentity&Version=2011-06-15",
        Duration::from_secs(5),
    )
    .unwrap();
    assert_eq!((r.status, xml_value(&r.body, "Code")), (400, "Throttling"));

    aws.set_fault(Fault::hang("/token").times(1));
    let started = Instant::now();
    let err = client::request(
        "POST",
        &format!("{}/token", aws.url()),
        &[],
        b"{}",
        Duration::from_millis(500),
    )
    .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
        "{err:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(450));

    aws.set_fault(Fault::close("/client/register").method("POST").times(1));
    let err = client::post_json(&format!("{}/client/register", aws.url()), &json!({})).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof, "{err:?}");
    // The fault is spent; the next call is answered normally.
    let r = post(
        &aws,
        "/client/register",
        json!({"clientName": "a", "clientType": "public"}),
    );
    assert_eq!(r.status, 200);

    let log = aws.requests_for("GetRoleCredentials");
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].fault.as_deref(), Some("respond"));
    assert_eq!(log[0].status, Some(500));
    assert_eq!(log[2].header(fake_aws::BEARER_HEADER), Some(token.as_str()));
    assert_eq!(log[2].param("role_name").as_deref(), Some("ReadOnly"));
    let hung = aws.requests_for("CreateToken");
    assert_eq!(
        (hung[0].fault.as_deref(), hung[0].status),
        (Some("hang"), None)
    );
    assert_eq!(
        aws.requests_for("RegisterClient")[0].fault.as_deref(),
        Some("close")
    );
    assert_eq!(
        aws.requests_for("GetCallerIdentity")[0].error.as_deref(),
        Some("Throttling")
    );

    aws.set_latency(Duration::from_millis(300));
    let started = Instant::now();
    portal(&aws, creds, &token);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[test]
fn control_api_over_http() {
    let aws = FakeAws::start();
    let url = |p: &str| format!("{}/_fake{p}", aws.url());
    let r = client::post_json(
        &url("/config"),
        &json!({"intervalSecs": 2, "tokenLifetimeSecs": 60}),
    )
    .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["intervalSecs"], 2);
    assert_eq!(aws.config().token_lifetime_secs, 60);
    let r = client::post_json(&url("/config"), &json!({"noSuchKey": 1})).unwrap();
    assert_eq!(r.status, 400);

    let t = client::post_json(
        &url("/tokens"),
        &json!({"sessionName": "my-sso", "refresh": true, "lifetimeSecs": 120}),
    )
    .unwrap()
    .json();
    assert!(t["accessToken"].as_str().unwrap().starts_with("aoa"));
    assert!(
        t["refreshToken"].is_string()
            && t["clientId"].is_string()
            && t["registrationExpiresAt"].is_string()
    );
    // The refresh token works with the client it came with.
    let r = post(
        &aws,
        "/token",
        json!({"clientId": t["clientId"], "clientSecret": t["clientSecret"], "grantType": "refresh_token", "refreshToken": t["refreshToken"]}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["expiresIn"], 60);

    let r = client::post_json(&url("/static-keys"), &json!({"accessKeyId": "AKIA1", "secretAccessKey": "s", "account": "123456789012", "user": "bob"})).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let r = sts(
        &aws,
        ("AKIA1", "s", None),
        "Action=GetCallerIdentity",
        util::now_ms(),
    );
    assert_eq!(
        xml_value(&r.body, "Arn"),
        "arn:aws:iam::123456789012:user/bob"
    );

    let r = client::post_json(
        &url("/accounts"),
        &json!([{"accountId": "444444444444", "accountName": "solo", "roles": ["Only"]}]),
    )
    .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(aws.accounts()[0].roles, vec!["Only"]);
    client::post_json(
        &url("/accounts/generate"),
        &json!({"accounts": 150, "roles": 2}),
    )
    .unwrap();
    assert_eq!(aws.accounts().len(), 150);

    client::post_json(&url("/faults"), &json!([{"path": "/assignment", "kind": "respond", "status": 503, "body": "busy", "contentType": "text/plain", "times": 1}])).unwrap();
    let faults = client::get(&url("/faults")).unwrap().json();
    assert_eq!(faults[0]["kind"], "respond");
    assert_eq!(faults[0]["fired"], 0);
    let tok = t["accessToken"].as_str().unwrap();
    assert_eq!(portal(&aws, "/assignment/accounts", tok).status, 503);
    client::delete(&url("/faults")).unwrap();

    let log = client::get(&url("/requests?operation=ListAccounts"))
        .unwrap()
        .json();
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["status"], 503);
    assert_eq!(log[0]["fault"], "respond");
    client::delete(&url("/requests")).unwrap();
    assert!(aws.requests().is_empty());

    client::post_json(&url("/expire"), &json!({"tokens": true})).unwrap();
    assert!(!aws.token_is_valid(tok));
    client::post_json(&url("/reset"), &json!({})).unwrap();
    assert_eq!(aws.accounts().len(), 3);
    assert_eq!(aws.config().interval_secs, 1);
}

#[test]
fn cache_json_has_the_token_cache_shape() {
    let aws = FakeAws::start();
    let t = aws.issue_token(TokenRequest {
        session_name: Some("x".into()),
        refresh: true,
        ..Default::default()
    });
    let v: Value =
        serde_json::from_str(&t.cache_json("https://d-1.awsapps.com/start", "us-east-1")).unwrap();
    for k in [
        "startUrl",
        "region",
        "accessToken",
        "expiresAt",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
        "refreshToken",
    ] {
        assert!(v[k].is_string(), "{k} missing in {v}");
    }
    assert_eq!(v["expiresAt"].as_str().unwrap().len(), 20);
}

#[test]
fn rate_limits_refuse_beyond_the_burst_per_operation_and_refill() {
    let aws = FakeAws::start();
    let token = aws.issue_access_token("s", Duration::from_secs(600));
    let roles = "/assignment/roles?account_id=111111111111";
    // Never refilled: the burst of 3 passes, then every request is refused
    // (and told to come back when a request's worth would have refilled).
    aws.set_rate_limit("ListAccountRoles", 0, 3, true);
    let statuses: Vec<u16> = (0..4).map(|_| portal(&aws, roles, &token).status).collect();
    assert_eq!(statuses, [200, 200, 200, 429]);
    let r = portal(&aws, roles, &token);
    assert_eq!(
        (r.status, r.error_type(), r.header("retry-after")),
        (429, Some("TooManyRequestsException"), Some("3600"))
    );
    // Another operation has its own (here: no) limit.
    assert_eq!(portal(&aws, "/assignment/accounts", &token).status, 200);
    assert_eq!(aws.throttled("ListAccountRoles"), 2);
    assert_eq!(aws.throttled("ListAccounts"), 0);
    let refused = aws.requests_for("ListAccountRoles");
    assert_eq!(refused[4].fault.as_deref(), Some("rate_limit"));
    assert_eq!(
        refused[4].error.as_deref(),
        Some("TooManyRequestsException")
    );

    // A refilled bucket lets requests through again; without retryAfter a
    // refusal has no Retry-After.
    post(
        &aws,
        "/_fake/config",
        json!({"rateLimits": {"ListAccountRoles": {"perSecond": 1000, "burst": 1}}}),
    );
    let mut statuses = Vec::new();
    for _ in 0..2 {
        // 1,000 a second: 10 ms refills the one-request bucket.
        std::thread::sleep(Duration::from_millis(10));
        statuses.push(portal(&aws, roles, &token).status);
    }
    assert_eq!(statuses, [200, 200]);
    post(
        &aws,
        "/_fake/config",
        json!({"rateLimits": {"ListAccountRoles": {"perSecond": 0, "burst": 1}}}),
    );
    let r = portal(&aws, roles, &token);
    assert_eq!((r.status, r.header("retry-after")), (429, None));
}

#!/usr/bin/env python3
"""Proves the fake AWS agrees with a real AWS client: boto3/botocore talk to it through
AWS_ENDPOINT_URL_{SSO_OIDC,SSO,STS} and must accept its answers (and its SigV4 checks must
accept botocore's signatures). Run by tests/fake_aws_boto.rs with FAKE_AWS_URL set and HOME,
AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE inside a temporary directory."""

import base64
import hashlib
import http.client
import json
import os
import sys
import time
import traceback
import urllib.parse
import urllib.request
from datetime import datetime, timezone

# Never let botocore look for instance metadata: this runs on a machine without AWS.
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

# A missing boto3 must fail the test, not skip it.
import boto3  # noqa: E402
import botocore.session  # noqa: E402
from botocore import UNSIGNED  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

URL = os.environ["FAKE_AWS_URL"]
REGION = "us-east-1"
START_URL = "https://d-1234567890.awsapps.com/start"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
NO_SIGNING = Config(signature_version=UNSIGNED, retries={"mode": "legacy"})

STATIC_AKID = "AKIAFAKESTATIC000001"
STATIC_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def control(method, path, body=None):
    """Calls the fake's /_fake control API."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        URL + "/_fake" + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def logged(operation):
    return control("GET", "/requests?operation=" + operation)


def header(record, name):
    return next((v for k, v in record["headers"] if k.lower() == name), None)


def error_code(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    raise AssertionError(f"{call} succeeded; expected a ClientError")


def sts_client(akid, secret, token=None):
    return boto3.client(
        "sts",
        region_name=REGION,
        aws_access_key_id=akid,
        aws_secret_access_key=secret,
        aws_session_token=token,
    )


def test_static_key_signatures():
    control(
        "POST",
        "/static-keys",
        {
            "accessKeyId": STATIC_AKID,
            "secretAccessKey": STATIC_SECRET,
            "account": "123456789012",
            "user": "alice",
        },
    )
    ident = sts_client(STATIC_AKID, STATIC_SECRET).get_caller_identity()
    assert ident["Arn"] == "arn:aws:iam::123456789012:user/alice", ident
    assert ident["Account"] == "123456789012", ident
    assert ident["UserId"].startswith("AIDA"), ident
    assert ident["ResponseMetadata"]["RequestId"], ident

    wrong = sts_client(STATIC_AKID, STATIC_SECRET[:-1] + "X")
    assert error_code(wrong.get_caller_identity) == "SignatureDoesNotMatch"
    unknown = sts_client("AKIAUNKNOWN000000000", STATIC_SECRET)
    assert error_code(unknown.get_caller_identity) == "InvalidClientTokenId"

    calls = logged("GetCallerIdentity")
    assert [c["status"] for c in calls] == [200, 403, 403], calls
    assert header(calls[0], "authorization").startswith("AWS4-HMAC-SHA256 Credential=")


def test_assume_role_and_expiry():
    control(
        "POST",
        "/static-keys",
        {
            "accessKeyId": STATIC_AKID,
            "secretAccessKey": STATIC_SECRET,
            "account": "123456789012",
            "user": "alice",
        },
    )
    base = sts_client(STATIC_AKID, STATIC_SECRET)
    role = "arn:aws:iam::210987654321:role/Deployer"
    r = base.assume_role(
        RoleArn=role, RoleSessionName="boto-fidelity", DurationSeconds=900
    )
    creds = r["Credentials"]
    assert r["AssumedRoleUser"]["Arn"] == (
        "arn:aws:sts::210987654321:assumed-role/Deployer/boto-fidelity"
    ), r
    left = (creds["Expiration"] - datetime.now(timezone.utc)).total_seconds()
    assert 880 < left <= 900, creds["Expiration"]

    assumed = sts_client(
        creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]
    )
    ident = assumed.get_caller_identity()
    assert ident["Arn"] == r["AssumedRoleUser"]["Arn"], ident
    assert ident["UserId"] == r["AssumedRoleUser"]["AssumedRoleId"], ident
    # Without its session token the key is not valid.
    no_token = sts_client(creds["AccessKeyId"], creds["SecretAccessKey"])
    assert error_code(no_token.get_caller_identity) == "InvalidClientTokenId"
    sent = header(logged("GetCallerIdentity")[0], "x-amz-security-token")
    assert sent == creds["SessionToken"]

    # Short-lived credentials stop working when they expire.
    control("POST", "/config", {"credentialLifetimeSecs": 3})
    short = base.assume_role(RoleArn=role, RoleSessionName="short")["Credentials"]
    control("POST", "/config", {"credentialLifetimeSecs": None})
    short_client = sts_client(
        short["AccessKeyId"], short["SecretAccessKey"], short["SessionToken"]
    )
    short_client.get_caller_identity()
    time.sleep(3.2)
    assert error_code(short_client.get_caller_identity) == "ExpiredToken"

    # ExternalId and MFA requirements.
    control("POST", "/roles", {"roleArn": role, "externalId": "ext-1"})
    assert (
        error_code(base.assume_role, RoleArn=role, RoleSessionName="x1")
        == "AccessDenied"
    )
    base.assume_role(RoleArn=role, RoleSessionName="x1", ExternalId="ext-1")
    mfa = "arn:aws:iam::123456789012:mfa/alice"
    control(
        "POST", "/roles", {"roleArn": role, "mfaSerial": mfa, "mfaCode": "123456"}
    )
    assert (
        error_code(
            base.assume_role,
            RoleArn=role,
            RoleSessionName="x2",
            SerialNumber=mfa,
            TokenCode="000000",
        )
        == "AccessDenied"
    )
    base.assume_role(
        RoleArn=role, RoleSessionName="x2", SerialNumber=mfa, TokenCode="123456"
    )
    # Role chaining is limited to one hour, as in AWS.
    assert (
        error_code(
            assumed.assume_role,
            RoleArn="arn:aws:iam::210987654321:role/Other",
            RoleSessionName="chained",
            DurationSeconds=7200,
        )
        == "ValidationError"
    )
    # botocore retries STS throttling and the retry succeeds.
    control(
        "POST",
        "/faults",
        {"path": "/", "operation": "GetCallerIdentity", "kind": "throttle", "times": 1},
    )
    control("DELETE", "/requests")
    base.get_caller_identity()
    assert [c["status"] for c in logged("GetCallerIdentity")] == [400, 200]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def sso_cache_path(key):
    digest = hashlib.sha1(key.encode()).hexdigest()
    return os.path.expanduser(f"~/.aws/sso/cache/{digest}.json")


def write_config():
    write(
        os.environ["AWS_CONFIG_FILE"],
        f"""[profile fake-sso]
sso_session = x
sso_account_id = 111111111111
sso_role_name = ReadOnly
region = {REGION}

[profile fake-refresh]
sso_session = r
sso_account_id = 333333333333
sso_role_name = AdministratorAccess
region = {REGION}

[profile fake-legacy]
sso_start_url = {START_URL}
sso_region = {REGION}
sso_account_id = 222222222222
sso_role_name = AdministratorAccess
region = {REGION}

[sso-session x]
sso_start_url = {START_URL}
sso_region = {REGION}

[sso-session r]
sso_start_url = {START_URL}
sso_region = {REGION}
sso_registration_scopes = sso:account:access
""",
    )


def test_sso_credential_provider_from_token_cache():
    write_config()
    issued = control("POST", "/tokens", {"sessionName": "x"})
    cache = {
        "startUrl": START_URL,
        "region": REGION,
        "accessToken": issued["accessToken"],
        "expiresAt": issued["expiresAt"],
    }
    write(sso_cache_path("x"), json.dumps(cache))
    ident = boto3.Session(profile_name="fake-sso").client("sts").get_caller_identity()
    assert ident["Arn"] == (
        "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_ReadOnly_abc123/test-user"
    ), ident
    calls = logged("GetRoleCredentials")
    assert len(calls) == 1, calls
    assert header(calls[0], "x-amz-sso_bearer_token") == issued["accessToken"]
    query = dict(urllib.parse.parse_qsl(calls[0]["query"]))
    assert query == {"role_name": "ReadOnly", "account_id": "111111111111"}, query

    # A legacy profile: the cache file is named after the start URL.
    legacy = control("POST", "/tokens", {"startUrl": START_URL})
    cache["accessToken"] = legacy["accessToken"]
    write(sso_cache_path(START_URL), json.dumps(cache))
    ident = boto3.Session(profile_name="fake-legacy").client("sts").get_caller_identity()
    assert ident["Account"] == "222222222222", ident
    assert header(logged("GetRoleCredentials")[-1], "x-amz-sso_bearer_token") == (
        legacy["accessToken"]
    )

    # A token close to expiry is refreshed by botocore with the refresh_token grant.
    old = control(
        "POST", "/tokens", {"sessionName": "r", "refresh": True, "lifetimeSecs": 300}
    )
    write(
        sso_cache_path("r"),
        json.dumps(
            {
                "startUrl": START_URL,
                "region": REGION,
                "accessToken": old["accessToken"],
                "expiresAt": old["expiresAt"],
                "clientId": old["clientId"],
                "clientSecret": old["clientSecret"],
                "registrationExpiresAt": old["registrationExpiresAt"],
                "refreshToken": old["refreshToken"],
            }
        ),
    )
    ident = boto3.Session(profile_name="fake-refresh").client("sts").get_caller_identity()
    assert ident["Account"] == "333333333333", ident
    refresh = logged("CreateToken")
    assert len(refresh) == 1 and refresh[0]["status"] == 200, refresh
    assert json.loads(refresh[0]["body"])["grantType"] == "refresh_token"
    with open(sso_cache_path("r")) as f:
        saved = json.load(f)
    assert saved["accessToken"] != old["accessToken"]
    assert saved["refreshToken"] != old["refreshToken"]
    bearer = header(logged("GetRoleCredentials")[-1], "x-amz-sso_bearer_token")
    assert bearer == saved["accessToken"]


def oidc_client():
    return botocore.session.get_session().create_client(
        "sso-oidc", region_name=REGION, config=NO_SIGNING
    )


def test_oidc_device_flow():
    oidc = oidc_client()
    reg = oidc.register_client(clientName="boto-fidelity", clientType="public")
    assert reg["clientSecretExpiresAt"] > time.time() + 89 * 86400, reg
    dev = oidc.start_device_authorization(
        clientId=reg["clientId"], clientSecret=reg["clientSecret"], startUrl=START_URL
    )
    assert dev["interval"] == 1 and dev["expiresIn"] == 600, dev
    assert dev["verificationUriComplete"] == (
        f"{URL}/device?user_code={dev['userCode']}"
    ), dev

    def poll():
        return oidc.create_token(
            grantType=DEVICE_GRANT,
            deviceCode=dev["deviceCode"],
            clientId=reg["clientId"],
            clientSecret=reg["clientSecret"],
        )

    assert error_code(poll) == "AuthorizationPendingException"
    try:
        poll()  # again at once: faster than the interval
        raise AssertionError("expected SlowDownException")
    except oidc.exceptions.SlowDownException:
        pass
    with urllib.request.urlopen(dev["verificationUriComplete"], timeout=10) as page:
        assert page.status == 200
    time.sleep(1.05)
    tok = poll()
    assert tok["tokenType"] == "Bearer" and tok["expiresIn"] == 3600, tok
    assert "refreshToken" not in tok, tok
    creds = boto3.client("sso", region_name=REGION, config=NO_SIGNING).get_role_credentials(
        roleName="ReadOnly", accountId="111111111111", accessToken=tok["accessToken"]
    )["roleCredentials"]
    assert creds["expiration"] > time.time() * 1000 + 3500 * 1000, creds
    assert error_code(poll) == "InvalidGrantException"

    # Registered for device_code + refresh_token (as the AWS CLI does for sso-sessions),
    # the device flow also yields a refresh token.
    reg = oidc.register_client(
        clientName="boto-fidelity",
        clientType="public",
        grantTypes=[DEVICE_GRANT, "refresh_token"],
        scopes=["sso:account:access"],
    )
    control("POST", "/config", {"autoApprove": True})
    dev = oidc.start_device_authorization(
        clientId=reg["clientId"], clientSecret=reg["clientSecret"], startUrl=START_URL
    )
    tok = poll()
    assert tok.get("refreshToken"), tok

    # Wrong secret.
    assert (
        error_code(
            oidc.start_device_authorization,
            clientId=reg["clientId"],
            clientSecret="nope",
            startUrl=START_URL,
        )
        == "InvalidClientException"
    )


def test_oidc_authorization_code_with_pkce():
    oidc = oidc_client()
    reg = oidc.register_client(
        clientName="boto-fidelity",
        clientType="public",
        grantTypes=["authorization_code", "refresh_token"],
        redirectUris=["http://127.0.0.1/oauth/callback"],
        issuerUrl=START_URL,
        scopes=["sso:account:access"],
    )
    verifier = "v" * 10 + "0123456789-._~abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        .decode()
        .rstrip("=")
    )
    redirect = "http://127.0.0.1:43123/oauth/callback"
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": reg["clientId"],
            "redirect_uri": redirect,
            "state": "st8",
            "code_challenge_method": "S256",
            "scopes": "sso:account:access",
            "code_challenge": challenge,
        },
        quote_via=urllib.parse.quote,
    )
    parsed = urllib.parse.urlsplit(URL)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    conn.request("GET", "/authorize?" + query)
    resp = conn.getresponse()
    resp.read()
    assert resp.status == 302, resp.status
    location = urllib.parse.urlsplit(resp.getheader("Location"))
    assert f"{location.scheme}://{location.netloc}{location.path}" == redirect
    back = dict(urllib.parse.parse_qsl(location.query))
    assert back["state"] == "st8" and back["code"], back

    tok = oidc.create_token(
        grantType="authorization_code",
        clientId=reg["clientId"],
        clientSecret=reg["clientSecret"],
        code=back["code"],
        redirectUri=redirect,
        codeVerifier=verifier,
    )
    assert tok["refreshToken"], tok
    new = oidc.create_token(
        grantType="refresh_token",
        clientId=reg["clientId"],
        clientSecret=reg["clientSecret"],
        refreshToken=tok["refreshToken"],
    )
    assert new["accessToken"] != tok["accessToken"], new
    assert (
        error_code(
            oidc.create_token,
            grantType="refresh_token",
            clientId=reg["clientId"],
            clientSecret=reg["clientSecret"],
            refreshToken=tok["refreshToken"],
        )
        == "InvalidGrantException"
    )
    # The code was spent.
    assert (
        error_code(
            oidc.create_token,
            grantType="authorization_code",
            clientId=reg["clientId"],
            clientSecret=reg["clientSecret"],
            code=back["code"],
            redirectUri=redirect,
            codeVerifier=verifier,
        )
        == "InvalidGrantException"
    )


def test_portal_paginators():
    control("POST", "/accounts/generate", {"accounts": 45, "roles": 3})
    token = control("POST", "/tokens", {"sessionName": "pages"})["accessToken"]
    sso = boto3.client("sso", region_name=REGION, config=NO_SIGNING)

    pages = list(
        sso.get_paginator("list_accounts").paginate(
            accessToken=token, PaginationConfig={"PageSize": 10}
        )
    )
    ids = [a["accountId"] for p in pages for a in p["accountList"]]
    assert len(pages) == 5 and len(ids) == 45 and len(set(ids)) == 45, (len(pages), ids)
    assert pages[0]["accountList"][0] == {
        "accountId": "100000000001",
        "accountName": "account-0001",
        "emailAddress": "aws+account-0001@example.com",
    }, pages[0]
    assert len(logged("ListAccounts")) == 5
    pages = list(sso.get_paginator("list_accounts").paginate(accessToken=token))
    assert [len(p["accountList"]) for p in pages] == [20, 20, 5]

    pages = list(
        sso.get_paginator("list_account_roles").paginate(
            accessToken=token,
            accountId="100000000045",
            PaginationConfig={"PageSize": 2},
        )
    )
    roles = [r["roleName"] for p in pages for r in p["roleList"]]
    assert len(pages) == 2 and roles == ["Role1", "Role2", "Role3"], pages

    assert error_code(sso.list_accounts, accessToken="bogus") == "UnauthorizedException"
    assert (
        error_code(
            sso.get_role_credentials,
            roleName="Nope",
            accountId="100000000001",
            accessToken=token,
        )
        == "ForbiddenException"
    )
    # botocore retries the portal's 429 and the retry succeeds.
    control(
        "POST",
        "/faults",
        {"path": "/assignment/accounts", "kind": "throttle", "times": 1},
    )
    control("DELETE", "/requests")
    sso.list_accounts(accessToken=token, maxResults=5)
    assert [c["status"] for c in logged("ListAccounts")] == [429, 200]

    sso.logout(accessToken=token)
    assert error_code(sso.list_accounts, accessToken=token) == "UnauthorizedException"


def main():
    tests = [v for k, v in globals().items() if k.startswith("test_") and callable(v)]
    failed = 0
    for test in tests:
        control("POST", "/reset", {})
        try:
            test()
            print(f"ok     {test.__name__}")
        except Exception:
            failed += 1
            print(f"FAILED {test.__name__}")
            traceback.print_exc(file=sys.stdout)
            print(json.dumps(control("GET", "/requests"), indent=1)[-6000:])
    print(f"{len(tests) - failed} passed, {failed} failed")
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

//! A local stand-in for the AWS endpoints ssoenv talks to (SSO OIDC, the SSO portal, STS, the
//! console federation endpoint), served on one loopback port so tests never reach real AWS.
//! Include it with `#[path = "fake_aws/mod.rs"] mod fake_aws;` and start it with
//! [`FakeAws::start`].
//!
//! ```ignore
//! let aws = FakeAws::start();
//! let token = aws.issue_access_token("my-sso", Duration::from_secs(3600));
//! // … run ssoenv with aws.env() …
//! assert_eq!(aws.count("GetRoleCredentials"), 1);
//! ```
#![allow(dead_code)]
// Handlers bail out with the finished AWS error `Response` as their `Err`; it is big, but
// boxing it would only add noise to a test server.
#![allow(clippy::result_large_err)]

pub mod client;
pub mod control;
pub mod faults;
mod oidc;
mod portal;
mod server;
mod signin;
pub mod sigv4;
pub mod state;
mod sts;
pub mod tls;
pub mod util;

use std::io;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::oneshot;

// Re-exported for whichever test needs them; not every test does.
#[allow(unused_imports)]
pub use control::{Expire, StaticKey, TokenRequest};
#[allow(unused_imports)]
pub use faults::{Fault, FaultKind};
#[allow(unused_imports)]
pub use portal::BEARER_HEADER;
#[allow(unused_imports)]
pub use state::{Account, Config, IssuedToken, RateLimit, RequestRecord, RoleRule, SigninToken};

/// The running fake. Dropping it stops the server.
pub struct FakeAws {
    url: String,
    port: u16,
    shared: Arc<state::Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FakeAws {
    /// Starts on a random loopback port. Panics only when the machine cannot give it one.
    pub fn start() -> FakeAws {
        FakeAws::start_on(0).expect("fake AWS: cannot listen on 127.0.0.1")
    }

    /// Starts on `127.0.0.1:port` (0 picks a free port), on a thread with its own runtime.
    pub fn start_on(port: u16) -> io::Result<FakeAws> {
        FakeAws::start_with(port, None, "127.0.0.1")
    }

    /// Starts on a random loopback port serving HTTPS with `tls`; its URL is
    /// `https://HOST:PORT` (HOST being a name the certificate is for, such as
    /// `localhost`).
    pub fn start_tls(tls: std::sync::Arc<rustls::ServerConfig>, host: &str) -> FakeAws {
        FakeAws::start_with(0, Some(tls), host).expect("fake AWS: cannot listen on 127.0.0.1")
    }

    fn start_with(
        port: u16,
        tls: Option<std::sync::Arc<rustls::ServerConfig>>,
        host: &str,
    ) -> io::Result<FakeAws> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let url = format!("{scheme}://{host}:{port}");
        let shared = Arc::new(state::Shared::new(url.clone()));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (tx, rx) = oneshot::channel();
        let for_server = shared.clone();
        let thread = std::thread::Builder::new()
            .name(format!("fake-aws-{port}"))
            .spawn(move || {
                runtime.block_on(async move {
                    if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                        server::serve(listener, for_server, rx, tls).await;
                    }
                });
            })?;
        Ok(FakeAws {
            url,
            port,
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, the endpoint of every service.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The variables that point AWS tools (and ssoenv) at the fake.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        [
            "AWS_ENDPOINT_URL_SSO_OIDC",
            "AWS_ENDPOINT_URL_SSO",
            "AWS_ENDPOINT_URL_STS",
            "AWS_ENDPOINT_URL_SIGNIN",
        ]
        .into_iter()
        .map(|k| (k, self.url.clone()))
        .collect()
    }

    // ----- request log -----

    /// Every AWS request so far, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.lock().requests.clone()
    }

    /// The requests for one operation, e.g. `"GetRoleCredentials"` or `"AssumeRole"`.
    pub fn requests_for(&self, operation: &str) -> Vec<RequestRecord> {
        let st = self.shared.lock();
        st.requests
            .iter()
            .filter(|r| r.operation == operation)
            .cloned()
            .collect()
    }

    /// How many requests for `operation` arrived.
    pub fn count(&self, operation: &str) -> usize {
        let st = self.shared.lock();
        st.requests
            .iter()
            .filter(|r| r.operation == operation)
            .count()
    }

    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    /// The most AWS requests that were being handled at the same time (received, not yet
    /// answered, latency included) since the start or [`FakeAws::reset_max_in_flight`].
    pub fn max_in_flight(&self) -> usize {
        self.shared.lock().max_in_flight
    }

    /// Starts counting [`FakeAws::max_in_flight`] anew.
    pub fn reset_max_in_flight(&self) {
        let mut st = self.shared.lock();
        st.max_in_flight = st.in_flight;
    }

    /// The console sign-in tokens `getSigninToken` handed out, oldest first.
    pub fn signin_tokens(&self) -> Vec<SigninToken> {
        self.shared.lock().signin_tokens.clone()
    }

    /// Whether `access_key_id` is temporary credentials the fake issued (GetRoleCredentials
    /// or AssumeRole) with this secret.
    pub fn issued_credentials(&self, access_key_id: &str, secret: &str) -> bool {
        self.shared
            .lock()
            .keys
            .get(access_key_id)
            .is_some_and(|k| k.temporary && k.secret == secret)
    }

    // ----- faults -----

    /// Adds a fault rule (rules are tried in the order they were added).
    pub fn set_fault(&self, fault: Fault) {
        self.shared
            .lock()
            .faults
            .push(faults::FaultSlot::new(fault));
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    // ----- configuration -----

    /// The current configuration.
    pub fn config(&self) -> Config {
        self.shared.lock().config.clone()
    }

    /// Changes the configuration in place.
    pub fn configure(&self, change: impl FnOnce(&mut Config)) {
        change(&mut self.shared.lock().config);
    }

    /// Delay before each AWS request is answered.
    pub fn set_latency(&self, latency: Duration) {
        self.configure(|c| c.latency_ms = latency.as_millis() as u64);
    }

    /// Limits `operation` (`ListAccountRoles`, say) to `per_second` requests a second with
    /// bursts of `burst`; beyond it, requests get the service's throttling answer, with
    /// `Retry-After` when `retry_after`.
    pub fn set_rate_limit(&self, operation: &str, per_second: u32, burst: u32, retry_after: bool) {
        self.configure(|c| {
            c.rate_limits.insert(
                operation.to_string(),
                RateLimit {
                    per_second,
                    burst,
                    retry_after,
                },
            );
        });
    }

    /// How many requests for `operation` its rate limit refused.
    pub fn throttled(&self, operation: &str) -> usize {
        let st = self.shared.lock();
        st.requests
            .iter()
            .filter(|r| {
                r.operation == operation && r.fault.as_deref() == Some(server::RATE_LIMITED)
            })
            .count()
    }

    /// Lifetime of every credential issued from now on (GetRoleCredentials and AssumeRole).
    pub fn set_credential_lifetime(&self, lifetime: Duration) {
        self.configure(|c| c.credential_lifetime_secs = Some(lifetime.as_secs()));
    }

    /// `expiresIn` of access tokens issued by CreateToken from now on.
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        self.configure(|c| c.token_lifetime_secs = lifetime.as_secs());
    }

    /// Characters of random text in each access token issued from now on.
    pub fn set_access_token_len(&self, len: usize) {
        self.configure(|c| c.access_token_len = len);
    }

    /// `expiresIn` of device codes.
    pub fn set_device_code_lifetime(&self, lifetime: Duration) {
        self.configure(|c| c.device_code_lifetime_secs = lifetime.as_secs());
    }

    /// `interval` of the device flow, in seconds.
    pub fn set_poll_interval(&self, secs: u64) {
        self.configure(|c| c.interval_secs = secs);
    }

    /// Whether polling faster than `interval` earns a SlowDownException.
    pub fn set_slow_down(&self, enforce: bool) {
        self.configure(|c| c.slow_down = enforce);
    }

    /// Device codes approve themselves (no browser step).
    pub fn set_auto_approve(&self, on: bool) {
        self.configure(|c| c.auto_approve = on);
    }

    /// The user says no: `/device` denies, `/authorize` redirects with `error=access_denied`.
    pub fn deny_authorization(&self, deny: bool) {
        self.configure(|c| c.deny = deny);
    }

    // ----- directory -----

    pub fn accounts(&self) -> Vec<Account> {
        self.shared.lock().accounts.clone()
    }

    /// Replaces the accounts and roles the portal shows.
    pub fn set_accounts(&self, accounts: Vec<Account>) {
        self.shared.lock().accounts = accounts;
    }

    /// `n` accounts (`100000000001`…, `account-0001`…) with roles `Role1`…`Role{roles}`.
    pub fn generate_accounts(&self, n: usize, roles: usize) {
        self.set_accounts(state::generated_accounts(n, roles));
    }

    // ----- keys and tokens -----

    /// Registers a long-term key of IAM user `user` in `account`; STS accepts its signatures.
    pub fn add_static_key(&self, access_key_id: &str, secret: &str, account: &str, user: &str) {
        let key = StaticKey {
            access_key_id: access_key_id.to_string(),
            secret_access_key: secret.to_string(),
            account: account.to_string(),
            user: user.to_string(),
            session_token: None,
            expires_in_secs: None,
        };
        control::add_static_key(&mut self.shared.lock(), key).expect("fake AWS: bad static key");
    }

    /// Conditions on assuming `role_arn`.
    pub fn set_role_rule(&self, role_arn: &str, rule: RoleRule) {
        self.shared
            .lock()
            .role_rules
            .insert(role_arn.to_string(), rule);
    }

    /// AssumeRole of `role_arn` needs this ExternalId.
    pub fn require_external_id(&self, role_arn: &str, external_id: &str) {
        self.set_role_rule(
            role_arn,
            RoleRule {
                external_id: Some(external_id.to_string()),
                ..RoleRule::default()
            },
        );
    }

    /// AssumeRole of `role_arn` needs this MFA device and code.
    pub fn require_mfa(&self, role_arn: &str, serial: &str, code: &str) {
        self.set_role_rule(
            role_arn,
            RoleRule {
                mfa_serial: Some(serial.to_string()),
                mfa_code: Some(code.to_string()),
                ..RoleRule::default()
            },
        );
    }

    /// An access token as if the user had signed in for `start_url_or_session`; a zero
    /// lifetime gives one that is already expired.
    pub fn issue_access_token(&self, start_url_or_session: &str, lifetime: Duration) -> String {
        self.issue_token(TokenRequest {
            start_url: Some(start_url_or_session.to_string()),
            lifetime_secs: Some(lifetime.as_secs()),
            ..TokenRequest::default()
        })
        .access_token
    }

    /// A token with all options; `IssuedToken::cache_json` turns it into a cache file.
    pub fn issue_token(&self, req: TokenRequest) -> IssuedToken {
        control::issue_token(&mut self.shared.lock(), &req)
    }

    /// Whether the portal would still accept this access token.
    pub fn token_is_valid(&self, access_token: &str) -> bool {
        self.shared.lock().valid_token(access_token).is_some()
    }

    /// Every access token issued so far stops working.
    pub fn expire_tokens(&self) {
        control::expire(
            &mut self.shared.lock(),
            Expire {
                tokens: true,
                credentials: false,
            },
        );
    }

    /// Every temporary credential issued so far stops working.
    pub fn expire_credentials(&self) {
        control::expire(
            &mut self.shared.lock(),
            Expire {
                tokens: false,
                credentials: true,
            },
        );
    }

    /// Back to a freshly started fake (same port).
    pub fn reset(&self) {
        control::reset(&mut self.shared.lock());
    }
}

impl Drop for FakeAws {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

//! The HTTP side of the fake: one loopback listener, one router for every service, the layer in
//! front of it that records, delays and sabotages requests, and the response shapes shared by
//! the services (JSON errors with `x-amzn-ErrorType`, STS XML, small HTML pages).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper::server::conn::http1;
use hyper::service::Service as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};

use super::faults::{self, FaultKind};
use super::state::{RequestRecord, Shared};
use super::util::{self, now_ms, xml_escape};
use super::{control, oidc, portal, signin, sts};

/// Largest request body the fake reads.
const MAX_BODY: usize = 1 << 20;

pub const OIDC_NAMESPACE: &str = "http://internal.amazon.com/coral/com.amazonaws.ssooidc/";
pub const PORTAL_NAMESPACE: &str =
    "http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/";
pub const STS_NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// The `fault` of a request refused by its operation's rate limit, in the request log.
pub const RATE_LIMITED: &str = "rate_limit";

/// Request extension: closes the connection the request came on, without an answer.
#[derive(Clone)]
struct ConnKill(Arc<Notify>);

/// Response extension: the AWS error code sent, for the request log.
#[derive(Clone)]
pub struct ErrorCode(pub String);

/// Response extension: diagnostics for the request log.
#[derive(Clone)]
pub struct Note(pub String);

/// Which AWS service a path belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    Oidc,
    Portal,
    Sts,
    /// The console federation endpoint (`/federation` exactly; the portal's
    /// GetRoleCredentials is `/federation/credentials`).
    Signin,
}

impl Service {
    pub fn of(path: &str) -> Service {
        if path == "/" {
            Service::Sts
        } else if path == "/federation" {
            Service::Signin
        } else if path.starts_with("/federation")
            || path.starts_with("/assignment")
            || path.starts_with("/logout")
        {
            Service::Portal
        } else {
            Service::Oidc
        }
    }
}

/// Every route of every service, with the front layer.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/client/register", post(oidc::register_client))
        .route(
            "/device_authorization",
            post(oidc::start_device_authorization),
        )
        .route("/token", post(oidc::create_token))
        .route("/authorize", get(oidc::authorize))
        .route("/device", get(oidc::verify_device))
        .route("/federation", get(signin::federation))
        .route("/federation/credentials", get(portal::get_role_credentials))
        .route("/assignment/accounts", get(portal::list_accounts))
        .route("/assignment/roles", get(portal::list_account_roles))
        .route("/logout", post(portal::logout))
        .route("/", post(sts::handle).get(sts::handle))
        .route("/start", axum::routing::any(custom_domain))
        .nest("/_fake", control::router())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(shared.clone(), front))
        .with_state(shared)
}

/// Accepts connections until `shutdown` fires (or its sender is dropped).
pub async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: oneshot::Receiver<()>,
    tls: Option<Arc<rustls::ServerConfig>>,
) {
    let app = router(shared);
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    loop {
        let stream = tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of descriptors and the like: wait instead of spinning.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        let app = app.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            // Over HTTPS, a client that refuses the certificate ends here.
            let stream: Box<dyn Stream> = match acceptor {
                None => Box::new(stream),
                Some(a) => match a.accept(stream).await {
                    Ok(s) => Box::new(s),
                    Err(_) => return,
                },
            };
            let kill = Arc::new(Notify::new());
            let svc = TowerToHyperService::new(app);
            let kill_for_requests = kill.clone();
            let service =
                hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
                    req.extensions_mut()
                        .insert(ConnKill(kill_for_requests.clone()));
                    svc.call(req)
                });
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .serve_connection(TokioIo::new(stream), service);
            // Dropping the connection future closes the socket without a response.
            tokio::select! {
                _ = conn => {}
                _ = kill.notified() => {}
            }
        });
    }
}

/// A connection, plain or TLS.
trait Stream: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send> Stream for T {}

/// Records the request, waits out the configured latency, applies a matching fault, then lets
/// the route answer and records the outcome. Control requests pass straight through.
async fn front(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/_fake") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
    };
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or("").to_string();
    let operation = classify(&parts.method, &path, &query, &bytes);
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| {
            let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (k.as_str().to_string(), v)
        })
        .collect();

    let (seq, latency_ms, fault, limited) = {
        let mut st = shared.lock();
        let fault = faults::pick(&mut st.faults, &method, &path, &operation);
        // A fault rule wins; else the operation's rate limit may refuse it.
        let limited = match fault {
            None => st.take_token(&operation, std::time::Instant::now()),
            Some(_) => None,
        };
        let retry_after = st
            .config
            .rate_limits
            .get(&operation)
            .is_some_and(|l| l.retry_after);
        let limited = limited.map(|wait| (wait, retry_after));
        let seq = st.next_seq;
        st.next_seq += 1;
        st.requests.push(RequestRecord {
            seq,
            time_ms: now_ms(),
            method,
            path: path.clone(),
            query,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            operation,
            status: None,
            error: None,
            fault: match (&fault, limited) {
                (Some(f), _) => Some(f.name().to_string()),
                (None, Some(_)) => Some(RATE_LIMITED.to_string()),
                (None, None) => None,
            },
            note: None,
        });
        st.in_flight += 1;
        st.max_in_flight = st.max_in_flight.max(st.in_flight);
        (seq, st.config.latency_ms, fault, limited)
    };
    // Counts the request out however it ends (answered, hung up, dropped).
    let _in_flight = InFlight(shared.clone());
    if latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(latency_ms)).await;
    }

    let response = match fault {
        None if limited.is_some() => {
            let mut r = throttle(Service::of(&path));
            if let Some((wait, true)) = limited {
                // Whole seconds (RFC 9110 delay-seconds), rounded up.
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
            }
            r
        }
        None => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Some(FaultKind::Respond {
            status,
            body,
            content_type,
        }) => {
            let ct = content_type.unwrap_or_else(|| "application/json".to_string());
            raw(status, &ct, body)
        }
        Some(FaultKind::Throttle) => throttle(Service::of(&path)),
        Some(FaultKind::Hang) => std::future::pending().await,
        Some(FaultKind::Close) => {
            if let Some(kill) = parts.extensions.get::<ConnKill>() {
                kill.0.notify_one();
            }
            std::future::pending().await
        }
    };

    let mut st = shared.lock();
    if let Some(rec) = st.requests.iter_mut().rev().find(|r| r.seq == seq) {
        rec.status = Some(response.status().as_u16());
        rec.error = response
            .extensions()
            .get::<ErrorCode>()
            .map(|e| e.0.clone());
        rec.note = response.extensions().get::<Note>().map(|n| n.0.clone());
    }
    response
}

/// One AWS request being handled; counted out of `in_flight` when dropped.
struct InFlight(Arc<Shared>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut st = self.0.lock();
        st.in_flight = st.in_flight.saturating_sub(1);
    }
}

/// The operation a request is, by method and path (and `Action` for STS).
pub fn classify(method: &Method, path: &str, query: &str, body: &[u8]) -> String {
    let op = match (method.as_str(), path) {
        ("POST", "/client/register") => "RegisterClient",
        ("POST", "/device_authorization") => "StartDeviceAuthorization",
        ("POST", "/token") => "CreateToken",
        ("GET", "/authorize") => "Authorize",
        ("GET", "/device") => "VerifyDevice",
        ("GET", "/federation/credentials") => "GetRoleCredentials",
        ("GET", "/assignment/accounts") => "ListAccounts",
        ("GET", "/assignment/roles") => "ListAccountRoles",
        ("POST", "/logout") => "Logout",
        ("HEAD", "/start") => "CustomDomainHead",
        (_, "/start") => "CustomDomainGet",
        ("GET", "/federation") => {
            let action = util::form_pairs(query)
                .and_then(|pairs| util::param(&pairs, "Action").map(str::to_string));
            match action.as_deref() {
                Some("getSigninToken") => "GetSigninToken",
                Some("login") => "ConsoleLogin",
                _ => "Federation",
            }
        }
        ("POST" | "GET", "/") => {
            let body = String::from_utf8_lossy(body);
            return [query, &body]
                .into_iter()
                .filter_map(util::form_pairs)
                .find_map(|pairs| util::param(&pairs, "Action").map(str::to_string))
                .unwrap_or_else(|| "Sts".to_string());
        }
        _ => "Unknown",
    };
    op.to_string()
}

/// A company domain in front of the access portal (`https://sso.corp.example/start` in the
/// field): redirects to the configured portal URL, refusing HEAD when told to.
async fn custom_domain(State(shared): State<Arc<Shared>>, method: Method) -> Response {
    let cfg = shared.lock().config.clone();
    if method == Method::HEAD && !cfg.custom_domain_head {
        return (StatusCode::METHOD_NOT_ALLOWED, "").into_response();
    }
    match cfg.custom_domain_redirect {
        Some(location) => (StatusCode::FOUND, [(header::LOCATION, location)], "").into_response(),
        None => html(200, "Corp", "Sign in to Corp"),
    }
}

async fn not_found() -> Response {
    let mut r = json(
        404,
        &serde_json::json!({"message": "No route for this request in the fake AWS"}),
    );
    r.extensions_mut().insert(ErrorCode("NotFound".into()));
    r
}

fn with_request_id(mut r: Response) -> Response {
    if let Ok(v) = HeaderValue::from_str(&util::request_id()) {
        r.headers_mut().insert("x-amzn-requestid", v);
    }
    r
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Any status, content type and body.
pub fn raw(code: u16, content_type: &str, body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status(code);
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    with_request_id(r)
}

/// A JSON answer.
pub fn json(code: u16, value: &serde_json::Value) -> Response {
    raw(code, "application/json", value.to_string())
}

/// An error of a rest-json service: body `body`, header `x-amzn-ErrorType: name:namespace`.
fn rest_json_error(code: u16, name: &str, namespace: &str, body: serde_json::Value) -> Response {
    let mut r = json(code, &body);
    if let Ok(v) = HeaderValue::from_str(&format!("{name}:{namespace}")) {
        r.headers_mut().insert("x-amzn-errortype", v);
    }
    r.extensions_mut().insert(ErrorCode(name.to_string()));
    r
}

/// An SSO OIDC error: `{"error","error_description"}`.
pub fn oidc_error(code: u16, name: &str, error: &str, description: &str) -> Response {
    rest_json_error(
        code,
        name,
        OIDC_NAMESPACE,
        serde_json::json!({"error": error, "error_description": description}),
    )
}

/// An SSO portal error: `{"message"}`.
pub fn portal_error(code: u16, name: &str, message: &str) -> Response {
    rest_json_error(
        code,
        name,
        PORTAL_NAMESPACE,
        serde_json::json!({"message": message}),
    )
}

/// An STS answer: `<{action}Response>` holding `<{action}Result>{result}` and the request id.
pub fn sts_result(action: &str, result: &str) -> Response {
    let body = format!(
        "<{action}Response xmlns=\"{STS_NAMESPACE}\">\n  <{action}Result>\n{result}  </{action}Result>\n  <ResponseMetadata>\n    <RequestId>{}</RequestId>\n  </ResponseMetadata>\n</{action}Response>\n",
        util::request_id()
    );
    raw(200, "text/xml", body)
}

/// An STS error: `<ErrorResponse><Error><Type>Sender</Type><Code/><Message/></Error>…`.
pub fn sts_error(code: u16, error_code: &str, message: &str) -> Response {
    let kind = if code >= 500 { "Receiver" } else { "Sender" };
    let body = format!(
        "<ErrorResponse xmlns=\"{STS_NAMESPACE}\">\n  <Error>\n    <Type>{kind}</Type>\n    <Code>{}</Code>\n    <Message>{}</Message>\n  </Error>\n  <RequestId>{}</RequestId>\n</ErrorResponse>\n",
        xml_escape(error_code),
        xml_escape(message),
        util::request_id()
    );
    let mut r = raw(code, "text/xml", body);
    r.extensions_mut().insert(ErrorCode(error_code.to_string()));
    r
}

/// The service's own throttling answer.
fn throttle(service: Service) -> Response {
    match service {
        Service::Sts => sts_error(400, "Throttling", "Rate exceeded"),
        Service::Portal => portal_error(429, "TooManyRequestsException", "Too Many Requests"),
        // The federation endpoint has no documented throttling shape; a bare 429 page.
        Service::Signin => {
            let mut r = html(429, "Too Many Requests", "Rate exceeded");
            r.extensions_mut().insert(ErrorCode("Throttling".into()));
            r
        }
        Service::Oidc => rest_json_error(
            429,
            "ThrottlingException",
            OIDC_NAMESPACE,
            serde_json::json!({"error": "throttling", "error_description": "Rate exceeded"}),
        ),
    }
}

/// A small HTML page, as the browser-facing endpoints show.
pub fn html(code: u16, title: &str, text: &str) -> Response {
    let body = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title></head>\n<body><h1>{t}</h1><p>{}</p></body></html>\n",
        util::html_escape(text),
        t = util::html_escape(title),
    );
    raw(code, "text/html; charset=utf-8", body)
}

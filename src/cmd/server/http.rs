//! The loopback HTTP endpoint: `GET /credentials` with the right
//! `Authorization` header answers the container-credentials JSON; no header is
//! 401, a wrong one 403 (compared in constant time), another method 405,
//! another path 404.

use super::provider::Provider;
use crate::cache_format::format_time;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// The one path that serves credentials.
pub const PATH: &str = "/credentials";

/// Accepts connections until `stop` is notified.
pub async fn serve(
    listener: TcpListener,
    provider: Arc<Provider>,
    token: String,
    stop: Arc<Notify>,
) {
    let token: Arc<[u8]> = token.into_bytes().into();
    loop {
        let stream = tokio::select! {
            _ = stop.notified() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
        };
        let (provider, token) = (provider.clone(), token.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let (provider, token) = (provider.clone(), token.clone());
                async move { Ok::<_, Infallible>(answer(&provider, &token, &req).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    provider: &Arc<Provider>,
    token: &[u8],
    req: &Request<Incoming>,
) -> Response<Full<Bytes>> {
    let Some(given) = req.headers().get(header::AUTHORIZATION) else {
        return error(
            StatusCode::UNAUTHORIZED,
            "MissingToken",
            "no Authorization header",
        );
    };
    if !bool::from(given.as_bytes().ct_eq(token)) {
        return error(
            StatusCode::FORBIDDEN,
            "InvalidToken",
            "wrong authorization token",
        );
    }
    if req.uri().path() != PATH {
        return error(StatusCode::NOT_FOUND, "NotFound", "no such path");
    }
    if req.method() != Method::GET {
        return error(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "only GET",
        );
    }
    match provider.get().await {
        Ok(c) => {
            // Keys without an expiry are re-fetched hourly all the same.
            let expiration = c
                .expiration
                .unwrap_or_else(|| time::OffsetDateTime::now_utc() + time::Duration::hours(1));
            let body = serde_json::json!({
                "AccessKeyId": c.access_key_id,
                "SecretAccessKey": c.secret_access_key,
                "Token": c.session_token.unwrap_or_default(),
                "Expiration": format_time(expiration),
            });
            json(StatusCode::OK, &body)
        }
        Err(why) => error(StatusCode::INTERNAL_SERVER_ERROR, why.code, &why.message),
    }
}

fn error(status: StatusCode, code: &str, message: &str) -> Response<Full<Bytes>> {
    json(
        status,
        &serde_json::json!({ "code": code, "message": message }),
    )
}

fn json(status: StatusCode, body: &serde_json::Value) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body.to_string())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    r
}

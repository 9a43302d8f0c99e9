//! Fault injection: rules that make chosen requests fail the way real networks and AWS fail
//! (an error status with any body, throttling in each service's own shape, a server that
//! never answers, a connection closed without an answer).

use serde::{Deserialize, Serialize};

/// A rule: requests it matches get `kind` instead of the normal answer.
///
/// JSON (`POST /_fake/faults`): `{"path": "/federation", "method": "GET",
/// "operation": "GetRoleCredentials", "times": 1, "after": 0, "kind": "respond",
/// "status": 500, "body": "<html>…", "contentType": "text/html"}`; every key but `kind` is
/// optional.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// Path prefix the request must have (`""` matches every AWS request).
    #[serde(default)]
    pub path: String,
    /// HTTP method the request must have (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Operation the request must be, e.g. `AssumeRole` or `CreateToken` (any when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// How many requests it fires for; `None` means every matching request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Let this many matching requests through before firing.
    #[serde(default)]
    pub after: u32,
    #[serde(flatten)]
    pub kind: FaultKind,
}

/// What a fault does to the request.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum FaultKind {
    /// Answer with this status and raw body (e.g. 500 with HTML, 200 with truncated JSON).
    Respond {
        status: u16,
        #[serde(default)]
        body: String,
        /// Defaults to `application/json`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content_type: Option<String>,
    },
    /// The service's own throttling error: STS `400 Throttling` (XML), the portal
    /// `429 TooManyRequestsException`, OIDC `429 ThrottlingException`.
    Throttle,
    /// Never answer; the connection stays open until the client gives up.
    Hang,
    /// Close the connection without sending anything.
    Close,
}

impl FaultKind {
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::Respond { .. } => "respond",
            FaultKind::Throttle => "throttle",
            FaultKind::Hang => "hang",
            FaultKind::Close => "close",
        }
    }
}

impl Fault {
    fn new(path: &str, kind: FaultKind) -> Fault {
        Fault {
            path: path.to_string(),
            method: None,
            operation: None,
            times: None,
            after: 0,
            kind,
        }
    }

    /// Requests under `path` get `status` with `body` (sent as `application/json`).
    pub fn respond(path: &str, status: u16, body: &str) -> Fault {
        Fault::new(
            path,
            FaultKind::Respond {
                status,
                body: body.to_string(),
                content_type: None,
            },
        )
    }

    /// Requests under `path` get a 500 with an HTML page, as from a broken proxy.
    pub fn server_error_html(path: &str) -> Fault {
        Fault::new(
            path,
            FaultKind::Respond {
                status: 500,
                body: "<html><body><h1>500 Internal Server Error</h1></body></html>".into(),
                content_type: Some("text/html".into()),
            },
        )
    }

    /// Requests under `path` are throttled.
    pub fn throttle(path: &str) -> Fault {
        Fault::new(path, FaultKind::Throttle)
    }

    /// Requests under `path` are never answered.
    pub fn hang(path: &str) -> Fault {
        Fault::new(path, FaultKind::Hang)
    }

    /// Requests under `path` see the connection closed.
    pub fn close(path: &str) -> Fault {
        Fault::new(path, FaultKind::Close)
    }

    /// Sets the content type of a `respond` fault.
    pub fn content_type(mut self, ct: &str) -> Fault {
        if let FaultKind::Respond { content_type, .. } = &mut self.kind {
            *content_type = Some(ct.to_string());
        }
        self
    }

    /// Fires only for the first `n` matching requests.
    pub fn times(mut self, n: u32) -> Fault {
        self.times = Some(n);
        self
    }

    /// Lets `n` matching requests through first.
    pub fn after(mut self, n: u32) -> Fault {
        self.after = n;
        self
    }

    /// Matches only this HTTP method.
    pub fn method(mut self, m: &str) -> Fault {
        self.method = Some(m.to_string());
        self
    }

    /// Matches only this operation (e.g. an STS `Action`).
    pub fn operation(mut self, op: &str) -> Fault {
        self.operation = Some(op.to_string());
        self
    }

    fn matches(&self, method: &str, path: &str, operation: &str) -> bool {
        path.starts_with(&self.path)
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.operation.as_deref().is_none_or(|o| o == operation)
    }
}

/// A fault with its counters, as `GET /_fake/faults` shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultSlot {
    #[serde(flatten)]
    pub fault: Fault,
    /// Matching requests seen so far.
    pub seen: u32,
    /// Times it fired.
    pub fired: u32,
}

impl FaultSlot {
    pub fn new(fault: Fault) -> FaultSlot {
        FaultSlot {
            fault,
            seen: 0,
            fired: 0,
        }
    }
}

/// The fault the first live matching rule gives this request, updating counters.
pub fn pick(
    slots: &mut [FaultSlot],
    method: &str,
    path: &str,
    operation: &str,
) -> Option<FaultKind> {
    for slot in slots.iter_mut() {
        if !slot.fault.matches(method, path, operation) {
            continue;
        }
        if slot.fault.times.is_some_and(|t| slot.fired >= t) {
            continue;
        }
        slot.seen += 1;
        if slot.seen <= slot.fault.after {
            continue;
        }
        slot.fired += 1;
        return Some(slot.fault.kind.clone());
    }
    None
}

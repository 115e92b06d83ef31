//! Per-request context and the outermost middleware: request ids, and turning every
//! non-problem error response (axum rejections, unknown routes, wrong methods, panics)
//! into an RFC 9457 problem.
//!
//! The context lives in a tokio task-local so that `Problem::into_response` can fill in
//! `instance` and the configured `type` base without every handler threading them through.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::problem::{PROBLEM_JSON, Problem, ProblemType};

/// Used when no API configuration is in scope (e.g. a problem built in a unit test).
pub(crate) const DEFAULT_PROBLEM_BASE: &str = "/problems/";

/// The request id header, accepted from clients and always sent back.
pub(crate) const REQUEST_ID: &str = "x-request-id";

#[derive(Clone)]
pub(crate) struct RequestContext {
    pub(crate) request_id: Arc<str>,
    pub(crate) problem_base: Arc<str>,
    pub(crate) validation_status: StatusCode,
    /// The principal the route's gate admitted, for the handler (see [`Caller`]); set
    /// once, by the gate, within the request's own task.
    ///
    /// [`Caller`]: crate::access::Caller
    pub(crate) caller: std::cell::OnceCell<Arc<crate::Principal>>,
}

/// How problems are written, fixed when the router is built.
#[derive(Clone)]
pub(crate) struct ProblemConfig {
    pub(crate) base: Arc<str>,
    pub(crate) validation_status: StatusCode,
}

tokio::task_local! {
    static CONTEXT: RequestContext;
}

pub(crate) fn current() -> Option<RequestContext> {
    CONTEXT.try_with(Clone::clone).ok()
}

/// Hands the admitted principal to the request's handler. Outside a request (the router
/// without its outer layer, which `Api::into_router` always adds) it is dropped.
pub(crate) fn set_caller(principal: Arc<crate::Principal>) {
    let _ = CONTEXT.try_with(|c| c.caller.set(principal));
}

/// The principal the gate admitted for this request, if any.
pub(crate) fn caller() -> Option<Arc<crate::Principal>> {
    CONTEXT.try_with(|c| c.caller.get().cloned()).ok().flatten()
}

/// An incoming id is reused only when it is short and printable, so it is safe in logs
/// and headers; otherwise a fresh UUID is issued.
fn request_id(request: &Request) -> Arc<str> {
    request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 128
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map_or_else(
            || {
                let mut text = uuid::Uuid::encode_buffer();
                Arc::from(&*uuid::Uuid::new_v4().hyphenated().encode_lower(&mut text))
            },
            Arc::from,
        )
}

pub(crate) async fn middleware(config: ProblemConfig, request: Request, next: Next) -> Response {
    let ctx = RequestContext {
        request_id: request_id(&request),
        problem_base: config.base,
        validation_status: config.validation_status,
        caller: std::cell::OnceCell::new(),
    };
    let method = request.method().clone();
    let uri = request.uri().clone();
    let id = ctx.request_id.clone();
    let mut response = CONTEXT
        .scope(ctx, async move {
            let response = next.run(request).await;
            if needs_problem(&response) {
                into_problem(response, &method, uri.path()).await
            } else {
                response
            }
        })
        .await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

fn needs_problem(response: &Response) -> bool {
    let status = response.status();
    (status.is_client_error() || status.is_server_error())
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_none_or(|v| v != PROBLEM_JSON)
}

/// Rewrites a plain error response into a problem, keeping its headers (`Allow` on a 405)
/// and, for client errors, axum's rejection text as the detail.
async fn into_problem(response: Response, method: &Method, path: &str) -> Response {
    let (parts, body) = response.into_parts();
    let kind = ProblemType::for_status(parts.status);
    let detail = match parts.status {
        // The fallback answers unknown routes itself; this is a bare 404 from a user route.
        StatusCode::NOT_FOUND => format!("nothing found at {path}"),
        // axum adds `Allow` outside this layer, so the header is not visible yet.
        StatusCode::METHOD_NOT_ALLOWED => {
            format!(
                "{path} does not accept {method}; the Allow header lists the methods it accepts"
            )
        }
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is larger than the API accepts".into(),
        s if s.is_client_error() => {
            let bytes = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        _ => String::new(),
    };
    let mut problem = Problem::new(kind);
    if !detail.is_empty() {
        problem = problem.detail(detail);
    }
    let mut out = problem.into_response();
    *out.status_mut() = parts.status;
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// Turns a handler panic into a 500 problem; the payload is logged, never sent.
pub(crate) fn panic_response(payload: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned());
    Problem::internal(format!("handler panicked: {message}")).into_response()
}

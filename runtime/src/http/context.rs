//! The outermost middleware: request ids, and turning every non-problem error response
//! (axum rejections, unknown routes, wrong methods, panics) into an RFC 9457 problem.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::problem::context::{ProblemConfig, REQUEST_ID, RequestContext};
use crate::problem::{PROBLEM_JSON, Problem, ProblemType};

/// The request id header, for the server's refusals made before this middleware runs.
pub(crate) const REQUEST_ID_HEADER: &str = REQUEST_ID;

/// An incoming id is reused only when it is short and printable, so it is safe in logs
/// and headers; otherwise a fresh UUID is issued.
fn request_id(request: &Request) -> Arc<str> {
    id_from(request.headers().get(REQUEST_ID))
}

fn id_from(sent: Option<&HeaderValue>) -> Arc<str> {
    sent.and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 128
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map_or_else(
            || {
                let mut text = uuid::Uuid::encode_buffer();
                Arc::from(&*issued_id().hyphenated().encode_lower(&mut text))
            },
            Arc::from,
        )
}

/// A fresh request id without a system call: a UUID (version 8, RFC 9562 §5.8) whose bits
/// are a random 128-bit value drawn once per process with a request counter added in. Ids
/// of one process differ by their counter, ids of two processes by their random base. They
/// name a request in logs and problems; nothing relies on their being unpredictable.
fn issued_id() -> uuid::Uuid {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};
    static BASE: OnceLock<u128> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let base = *BASE.get_or_init(|| uuid::Uuid::new_v4().as_u128());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // Below 2^62 requests, two counters give sums that differ in bits other than the
    // version and variant bits `from_custom_bytes` overwrites, so the ids stay distinct.
    let bits = base.wrapping_add(u128::from(n));
    uuid::Builder::from_custom_bytes(bits.to_be_bytes()).into_uuid()
}

/// Runs `answer` as if inside a request's context: a request id of its own (the one the
/// client sent in `sent`, when usable) for its problem, echoed in `X-Request-Id`. For the
/// server's refusals, made before the request reaches this middleware.
pub(crate) fn outside(sent: Option<&HeaderValue>, answer: impl FnOnce() -> Response) -> Response {
    let id = id_from(sent);
    let ctx = RequestContext {
        request_id: id.clone(),
        problem_base: Arc::from(crate::problem::context::DEFAULT_PROBLEM_BASE),
        validation_status: StatusCode::UNPROCESSABLE_ENTITY,
        caller: std::cell::OnceCell::new(),
        client: None,
    };
    let span = tracing::info_span!("request", id = %id);
    let mut response = span.in_scope(|| crate::problem::context::within_sync(ctx, answer));
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

pub(crate) async fn middleware(config: ProblemConfig, request: Request, next: Next) -> Response {
    let ctx = RequestContext {
        request_id: request_id(&request),
        problem_base: config.base,
        validation_status: config.validation_status,
        caller: std::cell::OnceCell::new(),
        client: crate::http::throttle::client_address(&request, config.proxies),
    };
    let method = request.method().clone();
    let uri = request.uri().clone();
    let id = ctx.request_id.clone();
    let undecodable = uri.query().and_then(undecodable_parameter);
    // Every line logged while serving the request names it; without a subscriber
    // interested in it, the span costs next to nothing.
    let span = tracing::info_span!("request", id = %id, method = %method, path = uri.path());
    let work = crate::problem::context::within(ctx, async move {
        if let Some(parameter) = undecodable {
            return Problem::new(ProblemType::MALFORMED_REQUEST)
                .detail(format!(
                    "`{parameter}` in the query is not UTF-8 once percent-decoded"
                ))
                .with("parameter", parameter)
                .into_response();
        }
        let response = next.run(request).await;
        if needs_problem(&response) {
            into_problem(response, &method, uri.path()).await
        } else {
            response
        }
    });
    let mut response = tracing::Instrument::instrument(work, span).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    // API answers are per caller and of the moment (tokens among them: RFC 6749 §5.1):
    // no cache keeps them unless a route says otherwise, as the docs' assets do.
    let headers = response.headers_mut();
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    // Every answer says what it is; no browser should guess another type.
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Runs each request in a task of its own, so that a client who goes away mid-request
/// does not cancel it: a statement cut off half-way costs its connection (the pool closes
/// a connection whose reply was never read), and a request either runs to its end or not
/// at all. The answer is dropped when nobody waits for it. A `Service` of its own rather
/// than `from_fn`, so the only cost is the task.
#[derive(Clone, Copy)]
pub(crate) struct Detach;

impl<S> tower::Layer<S> for Detach {
    type Service = Detached<S>;

    fn layer(&self, inner: S) -> Detached<S> {
        Detached(inner)
    }
}

/// The service [`Detach`] wraps around the router.
#[derive(Clone)]
pub(crate) struct Detached<S>(S);

type Spawned<F> = futures_util::future::Map<
    tokio::task::JoinHandle<<F as std::future::Future>::Output>,
    fn(
        Result<<F as std::future::Future>::Output, tokio::task::JoinError>,
    ) -> <F as std::future::Future>::Output,
>;

impl<S> tower::Service<Request> for Detached<S>
where
    S: tower::Service<Request, Response = Response>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Spawned<S::Future>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        use futures_util::FutureExt as _;
        tokio::spawn(self.0.call(request)).map(|joined| match joined {
            Ok(answer) => answer,
            // Handlers' panics are caught inside; this is the runtime shutting down.
            Err(_) => Ok(Problem::new(ProblemType::SERVICE_UNAVAILABLE)
                .detail("the service is stopping")
                .into_response()),
        })
    }
}

/// The name of the first query parameter whose name or value is not UTF-8 once
/// percent-decoded (`%FF`): decoding it lossily would match text it does not say.
fn undecodable_parameter(query: &str) -> Option<String> {
    // A URI is ASCII: without a `%` escape nothing can decode to anything but UTF-8.
    if !query.contains('%') {
        return None;
    }
    let decodes = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .is_ok()
    };
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (!decodes(key) || !decodes(value)).then(|| {
            percent_encoding::percent_decode_str(key)
                .decode_utf8_lossy()
                .into_owned()
        })
    })
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

#[cfg(test)]
mod tests {
    use super::issued_id;

    #[test]
    fn issued_ids_are_distinct_version_8_uuids() {
        let ids: std::collections::HashSet<uuid::Uuid> = (0..10_000).map(|_| issued_id()).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids.iter().all(|id| id.get_version_num() == 8));
        assert!(
            ids.iter()
                .all(|id| id.get_variant() == uuid::Variant::RFC4122)
        );
    }
}

//! The server's limits on each request, applied in front of the router: load shedding past
//! a number of concurrent requests, a deadline for the request body and a time limit for
//! the whole request. Each refusal is a problem, never an empty status.
//!
//! Shedding answers at once rather than queueing: a queue in front of a saturated database
//! only makes every request slow, while a `503` with `Retry-After` (RFC 9110 §15.6.4,
//! §10.2.3) lets a balancer or client go elsewhere. A body that has not arrived in full by
//! its deadline is a `408` (RFC 9110 §15.5.9) with `Connection: close`, since the rest of
//! it may still be on the wire. A request past its time limit is a `503 timeout`: its
//! handler runs in a task of its own (`Detach`) and may still finish, which the problem
//! says.

use std::future::Future as _;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use tokio::sync::Semaphore;

use crate::problem::{Problem, ProblemType};

/// Seconds a shed or timed-out client is asked to wait.
const RETRY_AFTER_SECONDS: u64 = 1;

/// The limits of one server.
pub(crate) struct Limits {
    pub(crate) permits: Option<Arc<Semaphore>>,
    pub(crate) body_timeout: Option<Duration>,
    pub(crate) request_timeout: Option<Duration>,
}

impl Limits {
    pub(crate) fn any(&self) -> bool {
        self.permits.is_some() || self.body_timeout.is_some() || self.request_timeout.is_some()
    }
}

/// Middleware applied with `Router::layer`, outside the router's own layers.
pub(crate) async fn enforce(limits: Arc<Limits>, mut request: Request, next: Next) -> Response {
    let client_id = request
        .headers()
        .get(crate::http::context::REQUEST_ID_HEADER)
        .cloned();
    let _permit = match &limits.permits {
        Some(permits) => match permits.clone().try_acquire_owned() {
            Ok(permit) => Some(permit),
            Err(_) => {
                let problem = Problem::new(ProblemType::OVERLOADED)
                    .detail("the server is serving as many requests as it allows");
                return refusal(client_id, retry_later(problem));
            }
        },
        None => None,
    };
    let expired = match limits.body_timeout {
        Some(deadline) if has_body(&request) => {
            let expired = Arc::new(AtomicBool::new(false));
            let body = std::mem::take(request.body_mut());
            *request.body_mut() = Body::new(Deadline {
                inner: body,
                sleep: Box::pin(tokio::time::sleep(deadline)),
                expired: expired.clone(),
            });
            Some(expired)
        }
        _ => None,
    };
    let run = next.run(request);
    let response = match limits.request_timeout {
        Some(limit) => match tokio::time::timeout(limit, run).await {
            Ok(response) => response,
            Err(_) => {
                let problem = Problem::new(ProblemType::TIMEOUT).detail(format!(
                    "the request ran past the server's limit of {} ms; it may still complete",
                    limit.as_millis()
                ));
                return refusal(client_id, retry_later(problem));
            }
        },
        None => run.await,
    };
    if expired.is_some_and(|e| e.load(Ordering::Acquire)) {
        let problem = Problem::new(ProblemType::BODY_TIMEOUT)
            .detail("the request body did not arrive in full within the server's deadline")
            // RFC 9110 §15.5.9: the server closes the connection rather than keep waiting.
            .header(header::CONNECTION, HeaderValue::from_static("close"));
        return refusal(client_id, problem);
    }
    response
}

fn retry_later(problem: Problem) -> Problem {
    problem.header(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS))
}

/// A refusal made outside the router's request context, given a request id of its own
/// (the client's `X-Request-Id`, when usable) like every other problem. A time limit
/// reached is worth a warning (some handler is slow); shedding and slow bodies are counted
/// in the metrics and logged at debug level only, since under load or a slow-client attack
/// a line each would flood the logs.
fn refusal(client_id: Option<HeaderValue>, problem: Problem) -> Response {
    crate::http::context::outside(client_id.as_ref(), || {
        if problem.kind() == ProblemType::TIMEOUT {
            tracing::warn!(problem = problem.kind().slug, "request refused: {problem}");
        } else {
            tracing::debug!(problem = problem.kind().slug, "request refused: {problem}");
        }
        problem.into_response()
    })
}

/// Whether the request may carry a body: one announced as empty has nothing to wait for.
fn has_body(request: &Request) -> bool {
    use http_body::Body as _;
    request.body().size_hint().upper() != Some(0)
}

/// A request body that fails once its deadline passes, and says so in `expired`.
struct Deadline {
    inner: Body,
    sleep: Pin<Box<tokio::time::Sleep>>,
    expired: Arc<AtomicBool>,
}

/// The error a body past its deadline reads as; the handler's extractor turns it into a
/// rejection, which [`enforce`] replaces with the `408`.
#[derive(Debug)]
struct BodyTimedOut;

impl std::fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body did not arrive within the deadline")
    }
}

impl std::error::Error for BodyTimedOut {}

impl http_body::Body for Deadline {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Poll::Ready(frame) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.expired.store(true, Ordering::Release);
            return Poll::Ready(Some(Err(Box::new(BodyTimedOut))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

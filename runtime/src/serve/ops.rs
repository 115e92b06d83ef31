//! The operations endpoints a server adds next to the API: `GET /health/live`,
//! `GET /health/ready` and `GET /metrics`, and the default log output.
//!
//! They are left out of the OpenAPI document, like `/openapi.json` itself: they describe
//! the process, not the API, are called by orchestrators and scrapers rather than API
//! clients, and answer outside the API's limits (a liveness probe shed under load would
//! get a busy instance restarted) and authentication.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::metrics::Metrics;
use crate::db::Db;
use crate::problem::{Problem, ProblemType};

/// The paths the server serves itself; a route of the API on one of them is an error.
pub(crate) const PATHS: [&str; 3] = ["/health/live", "/health/ready", "/metrics"];

/// How long the readiness probe waits for the database.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// What the operations endpoints read: the drain flag, the database, the metrics.
pub(crate) struct Ops {
    pub(crate) draining: AtomicBool,
    pub(crate) db: Option<Db>,
    pub(crate) metrics: Option<Arc<Metrics>>,
}

fn status(text: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        text,
    )
        .into_response()
}

/// `GET /health/live`: the process is up and serving.
pub(crate) async fn live() -> Response {
    status(r#"{"status":"live"}"#)
}

/// `GET /health/ready`: the instance takes work: it is not draining and its database
/// answers a ping (sqlx's, no statement) within two seconds.
pub(crate) async fn ready(ops: Arc<Ops>) -> Response {
    let refuse = |problem: Problem| {
        problem
            .header(header::RETRY_AFTER, HeaderValue::from(5u64))
            .into_response()
    };
    if ops.draining.load(Ordering::Acquire) {
        return refuse(
            Problem::new(ProblemType::SHUTTING_DOWN).detail("this instance is shutting down"),
        );
    }
    if let Some(db) = &ops.db {
        match tokio::time::timeout(PING_TIMEOUT, ping(db)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::warn!("readiness: the database does not answer: {e}");
                return refuse(
                    Problem::new(ProblemType::SERVICE_UNAVAILABLE)
                        .detail("the database does not answer"),
                );
            }
            Err(_) => {
                tracing::warn!("readiness: the database did not answer within {PING_TIMEOUT:?}");
                return refuse(
                    Problem::new(ProblemType::SERVICE_UNAVAILABLE)
                        .detail("the database did not answer in time"),
                );
            }
        }
    }
    status(r#"{"status":"ready"}"#)
}

/// A round trip to the database on a pooled connection.
async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    use sqlx::Connection as _;
    if let Some(pool) = db.as_postgres() {
        pool.acquire().await?.ping().await
    } else if let Some(pool) = db.as_sqlite() {
        pool.acquire().await?.ping().await
    } else {
        Ok(())
    }
}

/// `GET /metrics`.
pub(crate) async fn metrics(ops: Arc<Ops>) -> Response {
    match &ops.metrics {
        Some(metrics) => metrics.render(),
        None => Problem::new(ProblemType::NOT_FOUND)
            .detail("metrics are switched off")
            .into_response(),
    }
}

/// Closes the database pool: open connections are closed once returned, so nothing is
/// left half-done on the server's side.
pub(crate) async fn close(db: &Db) {
    if let Some(pool) = db.as_postgres() {
        pool.close().await;
    } else if let Some(pool) = db.as_sqlite() {
        pool.close().await;
    }
}

/// Installs a log output on standard error, filtered by `RUST_LOG` (default `info`),
/// unless the program installed a subscriber of its own.
pub(crate) fn default_tracing() {
    if tracing::dispatcher::has_been_set() {
        return;
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Another thread may have won the race; its subscriber is as good.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .try_init();
}

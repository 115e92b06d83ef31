//! `GET /metrics`: requests by method, route template and status, their latency, and the
//! database pool, in the Prometheus text format from a registry of the server's own (not a
//! process-wide one, so two servers in one process, or two tests, never mix counts).
//!
//! Routes are labelled by their template (`/orders/{id}`, axum's `MatchedPath`), never by
//! the raw path, and methods outside the standard ones as `OTHER`: the number of series
//! stays bounded by the API's declaration whatever clients send. Requests no route matched
//! are counted under the route `unmatched`.

use std::fmt::Write as _;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::db::Db;
use crate::problem::Problem;

/// The route template of a request, cheap to clone (`MatchedPath` shares its text).
#[derive(Clone, Debug)]
struct Route(Option<MatchedPath>);

impl Route {
    fn as_str(&self) -> &str {
        self.0.as_ref().map_or("unmatched", MatchedPath::as_str)
    }
}

impl PartialEq for Route {
    fn eq(&self, other: &Route) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Route {}

impl std::hash::Hash for Route {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl EncodeLabelValue for Route {
    fn encode(&self, encoder: &mut LabelValueEncoder<'_>) -> Result<(), std::fmt::Error> {
        encoder.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: Route,
    status: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, EncodeLabelSet)]
struct LatencyLabels {
    method: &'static str,
    route: Route,
}

type LatencyFamily = Family<LatencyLabels, Histogram, fn() -> Histogram>;

/// The server's registry and the metrics it records.
pub(crate) struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    pool_size: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    db: Option<Db>,
}

/// 1 ms to about 16 s, doubling: a database-backed request lands in the low buckets, a
/// timed-out one in the last.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Metrics {
    pub(crate) fn new(db: Option<Db>) -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency: LatencyFamily = Family::new_with_constructor(latency_histogram);
        registry.register_with_unit(
            "http_request_duration",
            "Time from the request's head to its response's head, by method and route template",
            prometheus_client::registry::Unit::Seconds,
            latency.clone(),
        );
        let (pool_size, pool_idle, pool_max) =
            (Gauge::default(), Gauge::default(), Gauge::default());
        if db.is_some() {
            registry.register(
                "db_pool_connections",
                "Connections the database pool holds, idle or in use",
                pool_size.clone(),
            );
            registry.register(
                "db_pool_idle_connections",
                "Connections of the database pool waiting for work",
                pool_idle.clone(),
            );
            registry.register(
                "db_pool_max_connections",
                "The most connections the database pool opens",
                pool_max.clone(),
            );
        }
        Metrics {
            registry,
            requests,
            latency,
            pool_size,
            pool_idle,
            pool_max,
            db,
        }
    }

    fn record(&self, method: &'static str, route: Route, status: u16, seconds: f64) {
        self.latency
            .get_or_create(&LatencyLabels {
                method,
                route: route.clone(),
            })
            .observe(seconds);
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
    }

    /// The text exposition, with the pool read now.
    pub(crate) fn render(&self) -> Response {
        if let Some(db) = &self.db {
            let (size, idle, max) = pool_usage(db);
            self.pool_size.set(size);
            self.pool_idle.set(idle);
            self.pool_max.set(max);
        }
        let mut text = String::with_capacity(4096);
        if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            return Problem::internal(format!("encoding the metrics failed: {e}")).into_response();
        }
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8",
                ),
            )],
            text,
        )
            .into_response()
    }
}

/// Connections held, idle, and the most the pool opens.
fn pool_usage(db: &Db) -> (i64, i64, i64) {
    let (size, idle, max) = if let Some(pool) = db.as_postgres() {
        (
            pool.size(),
            pool.num_idle(),
            pool.options().get_max_connections(),
        )
    } else if let Some(pool) = db.as_sqlite() {
        (
            pool.size(),
            pool.num_idle(),
            pool.options().get_max_connections(),
        )
    } else {
        (0, 0, 0)
    };
    (
        i64::from(size),
        i64::try_from(idle).unwrap_or(i64::MAX),
        i64::from(max),
    )
}

/// A label for `method`: one of the standard methods, or `OTHER`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Middleware applied with `Router::layer`, so it runs after routing and sees the route
/// template.
pub(crate) async fn record(
    metrics: std::sync::Arc<Metrics>,
    request: Request,
    next: Next,
) -> Response {
    let start = Instant::now();
    let method = method_label(request.method());
    let route = Route(request.extensions().get::<MatchedPath>().cloned());
    let response = next.run(request).await;
    metrics.record(
        method,
        route,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

//! Serving a router in production: limits on by default, operations endpoints, and a
//! graceful stop.
//!
//! `axum::serve` has no knob for how long a client may take to send a request's head, so
//! a client sending half a request line holds its connection for as long as it likes.
//! This module runs its own accept loop over hyper's HTTP/1 connection, whose
//! `header_read_timeout` closes such a connection (and an idle keep-alive connection
//! waiting for its next request) after the configured time. Around the router it adds the
//! limits of [`limits`] (shedding, body deadline, time limit), request metrics, and the
//! endpoints of [`ops`]. On SIGTERM or Ctrl-C it turns `/health/ready` to `503`, stops
//! accepting, lets in-flight requests finish within a bound, then closes the database pool.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use crate::db::Db;

mod limits;
mod metrics;
mod ops;

use limits::Limits;
use ops::Ops;

/// How [`serve_with`] serves: limits on each connection and request, the operations
/// endpoints, the shutdown, and opt-in CORS and compression.
///
/// Every limit is on by default; `None` (or 0 in an environment variable) switches one
/// off. The defaults, and the variables [`ServeOptions::from_env`] reads (seconds, decimals
/// allowed):
///
/// | option | default | variable |
/// |---|---|---|
/// | [`header_read_timeout`](ServeOptions::header_read_timeout) | 10 s | `RESOURCERY_HEADER_TIMEOUT` |
/// | [`body_read_timeout`](ServeOptions::body_read_timeout) | 30 s | `RESOURCERY_BODY_TIMEOUT` |
/// | [`request_timeout`](ServeOptions::request_timeout) | 60 s | `RESOURCERY_REQUEST_TIMEOUT` |
/// | [`max_concurrent_requests`](ServeOptions::max_concurrent_requests) | 1024 | `RESOURCERY_MAX_CONCURRENT_REQUESTS` |
/// | [`shutdown_timeout`](ServeOptions::shutdown_timeout) | 20 s | `RESOURCERY_SHUTDOWN_TIMEOUT` |
/// | [`shutdown_delay`](ServeOptions::shutdown_delay) | 0 s | `RESOURCERY_SHUTDOWN_DELAY` |
///
/// ```no_run
/// use std::time::Duration;
/// use resourcery::{Api, Db, ServeOptions};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let db = Db::connect_from_env().await?;
/// let app = Api::new(db.clone()).into_router()?;
/// let options = ServeOptions::from_env()
///     .database(db)
///     .request_timeout(Some(Duration::from_secs(15)))
///     .compression(true);
/// resourcery::serve_with("0.0.0.0:3000", app, options).await?;
/// # Ok(()) }
/// ```
pub struct ServeOptions {
    header_read_timeout: Option<Duration>,
    body_read_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    max_concurrent_requests: Option<usize>,
    shutdown_timeout: Duration,
    shutdown_delay: Duration,
    db: Option<Db>,
    metrics: bool,
    default_tracing: bool,
    cors: Option<tower_http::cors::CorsLayer>,
    compression: bool,
    shutdown: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl std::fmt::Debug for ServeOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeOptions")
            .field("header_read_timeout", &self.header_read_timeout)
            .field("body_read_timeout", &self.body_read_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .field("shutdown_delay", &self.shutdown_delay)
            .field("database", &self.db.as_ref().map(Db::backend))
            .field("metrics", &self.metrics)
            .field("cors", &self.cors.is_some())
            .field("compression", &self.compression)
            .finish_non_exhaustive()
    }
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            header_read_timeout: Some(Duration::from_secs(10)),
            body_read_timeout: Some(Duration::from_secs(30)),
            request_timeout: Some(Duration::from_secs(60)),
            max_concurrent_requests: Some(1024),
            shutdown_timeout: Duration::from_secs(20),
            shutdown_delay: Duration::ZERO,
            db: None,
            metrics: true,
            default_tracing: true,
            cors: None,
            compression: false,
            shutdown: None,
        }
    }
}

/// Seconds in `name`, if set: `Some(None)` for 0 (off), `None` when unset or unreadable
/// (with a warning, so a typo does not go unnoticed).
fn seconds_from_env(name: &str) -> Option<Option<Duration>> {
    let text = std::env::var(name).ok()?;
    match text.trim().parse::<f64>() {
        Ok(0.0) => Some(None),
        Ok(s) if s > 0.0 && s.is_finite() => Some(Some(Duration::from_secs_f64(s))),
        _ => {
            tracing::warn!("{name}={text:?} is not a number of seconds; the default applies");
            None
        }
    }
}

impl ServeOptions {
    /// The defaults (see the table above).
    pub fn new() -> ServeOptions {
        ServeOptions::default()
    }

    /// The defaults, overridden by the `RESOURCERY_*` variables of the table above that are
    /// set. [`serve`] uses these.
    ///
    /// ```no_run
    /// // RESOURCERY_REQUEST_TIMEOUT=15 RESOURCERY_MAX_CONCURRENT_REQUESTS=256 ./service
    /// let options = resourcery::ServeOptions::from_env();
    /// # let _ = options;
    /// ```
    pub fn from_env() -> ServeOptions {
        let mut options = ServeOptions::default();
        if let Some(t) = seconds_from_env("RESOURCERY_HEADER_TIMEOUT") {
            options.header_read_timeout = t;
        }
        if let Some(t) = seconds_from_env("RESOURCERY_BODY_TIMEOUT") {
            options.body_read_timeout = t;
        }
        if let Some(t) = seconds_from_env("RESOURCERY_REQUEST_TIMEOUT") {
            options.request_timeout = t;
        }
        if let Some(t) = seconds_from_env("RESOURCERY_SHUTDOWN_TIMEOUT") {
            options.shutdown_timeout = t.unwrap_or(Duration::ZERO);
        }
        if let Some(t) = seconds_from_env("RESOURCERY_SHUTDOWN_DELAY") {
            options.shutdown_delay = t.unwrap_or(Duration::ZERO);
        }
        if let Ok(text) = std::env::var("RESOURCERY_MAX_CONCURRENT_REQUESTS") {
            match text.trim().parse::<usize>() {
                Ok(0) => options.max_concurrent_requests = None,
                Ok(n) => options.max_concurrent_requests = Some(n),
                Err(_) => tracing::warn!(
                    "RESOURCERY_MAX_CONCURRENT_REQUESTS={text:?} is not a number; the default applies"
                ),
            }
        }
        options
    }

    /// How long a client may take to send a request's head (request line and headers),
    /// and how long an idle keep-alive connection waits for its next request, before the
    /// connection is closed. Default 10 s.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let options = resourcery::ServeOptions::new().header_read_timeout(Some(Duration::from_secs(5)));
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn header_read_timeout(mut self, timeout: Option<Duration>) -> ServeOptions {
        self.header_read_timeout = timeout;
        self
    }

    /// How long after its head a request's body may take to arrive in full; past it the
    /// request is answered `408 body-timeout` and the connection closed. Default 30 s.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let options = resourcery::ServeOptions::new().body_read_timeout(Some(Duration::from_secs(10)));
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn body_read_timeout(mut self, timeout: Option<Duration>) -> ServeOptions {
        self.body_read_timeout = timeout;
        self
    }

    /// How long a request may take from its head to its answer, body included (keep it
    /// above the body deadline); past it the answer is `503 timeout` with `Retry-After`.
    /// The handler is not cut off half-way: it runs to its end in its own task, so a write
    /// may still take effect. Default 60 s.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let options = resourcery::ServeOptions::new().request_timeout(Some(Duration::from_secs(15)));
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn request_timeout(mut self, timeout: Option<Duration>) -> ServeOptions {
        self.request_timeout = timeout;
        self
    }

    /// How many requests are served at once; one more is answered at once with
    /// `503 overloaded` and `Retry-After`, without any of its work done. Default 1024.
    /// The operations endpoints are not counted.
    ///
    /// ```
    /// let options = resourcery::ServeOptions::new().max_concurrent_requests(Some(256));
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn max_concurrent_requests(mut self, limit: Option<usize>) -> ServeOptions {
        self.max_concurrent_requests = limit;
        self
    }

    /// How long in-flight requests get to finish once the server stops accepting; those
    /// still running then are cut off. Default 20 s, inside the 30 s Kubernetes allows a
    /// pod by default.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let options = resourcery::ServeOptions::new().shutdown_timeout(Duration::from_secs(10));
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn shutdown_timeout(mut self, timeout: Duration) -> ServeOptions {
        self.shutdown_timeout = timeout;
        self
    }

    /// How long, after the signal to stop, the server goes on serving with `/health/ready`
    /// answering `503` before it stops accepting: time for a balancer to notice and send
    /// new requests elsewhere. Default 0; a few seconds behind a balancer that probes
    /// readiness.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let options = resourcery::ServeOptions::new().shutdown_delay(Duration::from_secs(5));
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn shutdown_delay(mut self, delay: Duration) -> ServeOptions {
        self.shutdown_delay = delay;
        self
    }

    /// The database the service uses: `/health/ready` pings it, `/metrics` reports its
    /// pool, the start-up line names its backend, and the pool is closed after the drain.
    ///
    /// ```no_run
    /// # async fn run(db: resourcery::Db) {
    /// let options = resourcery::ServeOptions::new().database(db.clone());
    /// # let _ = options; }
    /// ```
    #[must_use]
    pub fn database(mut self, db: Db) -> ServeOptions {
        self.db = Some(db);
        self
    }

    /// Whether `GET /metrics` serves Prometheus metrics and requests are counted. Default
    /// on.
    ///
    /// ```
    /// let options = resourcery::ServeOptions::new().metrics(false);
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn metrics(mut self, on: bool) -> ServeOptions {
        self.metrics = on;
        self
    }

    /// Whether to install a log output on standard error (filtered by `RUST_LOG`, default
    /// `info`) when the program has not installed a `tracing` subscriber. Default on.
    ///
    /// ```
    /// let options = resourcery::ServeOptions::new().default_tracing(false);
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn default_tracing(mut self, on: bool) -> ServeOptions {
        self.default_tracing = on;
        self
    }

    /// Answers CORS preflights and adds CORS headers as `cors` says (tower-http's
    /// [`CorsLayer`](crate::CorsLayer)). Off by default: an API called from other
    /// origins' pages should name them.
    ///
    /// ```
    /// use resourcery::CorsLayer;
    /// use axum::http::{HeaderValue, Method};
    ///
    /// let cors = CorsLayer::new()
    ///     .allow_origin(HeaderValue::from_static("https://shop.example"))
    ///     .allow_methods([Method::GET, Method::POST]);
    /// let options = resourcery::ServeOptions::new().cors(cors);
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn cors(mut self, cors: tower_http::cors::CorsLayer) -> ServeOptions {
        self.cors = Some(cors);
        self
    }

    /// Compresses answers with gzip for clients that accept it. Off by default: it costs
    /// CPU on every large answer, and a proxy in front often does it already.
    ///
    /// ```
    /// let options = resourcery::ServeOptions::new().compression(true);
    /// # let _ = options;
    /// ```
    #[must_use]
    pub fn compression(mut self, on: bool) -> ServeOptions {
        self.compression = on;
        self
    }

    /// Stops the server when `signal` completes too, as SIGTERM and Ctrl-C do (for tests,
    /// or a shutdown endpoint of your own).
    ///
    /// ```
    /// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    /// let options = resourcery::ServeOptions::new().shutdown_signal(async move {
    ///     let _ = stopped.await;
    /// });
    /// # let _ = (options, stop);
    /// ```
    #[must_use]
    pub fn shutdown_signal(
        mut self,
        signal: impl Future<Output = ()> + Send + 'static,
    ) -> ServeOptions {
        self.shutdown = Some(Box::pin(signal));
        self
    }
}

impl crate::api::Api {
    /// Builds the router and serves it on `addr` (e.g. `127.0.0.1:3000`) with
    /// [`ServeOptions::from_env`] and this API's database, until SIGTERM or Ctrl-C: the
    /// start-up line names the backend, `/health/ready` checks the database, `/metrics`
    /// shows the pool, and the pool is closed after the drain. A mistake found while
    /// building the router is an error of kind `InvalidInput`.
    ///
    /// ```no_run
    /// # async fn run(db: resourcery::Db) -> Result<(), Box<dyn std::error::Error>> {
    /// let api = resourcery::Api::new(db);
    /// api.ensure_schema().await?;
    /// api.serve("127.0.0.1:3000").await?;
    /// # Ok(()) }
    /// ```
    pub async fn serve(self, addr: &str) -> std::io::Result<()> {
        let db = self.db().clone();
        let router = self
            .into_router()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        serve_with(addr, router, ServeOptions::from_env().database(db)).await
    }
}

/// Serves `router` on `addr` (e.g. `127.0.0.1:3000`) with [`ServeOptions::from_env`],
/// until SIGTERM or Ctrl-C. It knows nothing of the database: prefer
/// [`Api::serve`](crate::Api::serve), or give it with [`ServeOptions::database`] and
/// [`serve_with`], so that readiness checks it and the start-up line names it.
///
/// ```no_run
/// # async fn run(app: resourcery::Router) -> std::io::Result<()> {
/// resourcery::serve("127.0.0.1:3000", app).await
/// # }
/// ```
pub async fn serve(addr: &str, router: Router) -> std::io::Result<()> {
    serve_with(addr, router, ServeOptions::from_env()).await
}

/// Serves `router` on `addr` as `options` say, until SIGTERM, Ctrl-C or the options'
/// shutdown signal; returns once in-flight requests are done (or cut off at the shutdown
/// timeout) and the database pool is closed.
///
/// ```no_run
/// # async fn run(db: resourcery::Db, app: resourcery::Router) -> std::io::Result<()> {
/// let options = resourcery::ServeOptions::from_env().database(db);
/// resourcery::serve_with("0.0.0.0:3000", app, options).await
/// # }
/// ```
pub async fn serve_with(addr: &str, router: Router, options: ServeOptions) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    serve_listener(listener, router, options).await
}

/// [`serve_with`] on a listener already bound, e.g. to port 0 in a test.
///
/// ```no_run
/// # async fn run(app: resourcery::Router) -> std::io::Result<()> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let port = listener.local_addr()?.port();
/// resourcery::serve_listener(listener, app, resourcery::ServeOptions::new()).await
/// # }
/// ```
pub async fn serve_listener(
    listener: TcpListener,
    router: Router,
    mut options: ServeOptions,
) -> std::io::Result<()> {
    if options.default_tracing {
        ops::default_tracing();
    }
    let local = listener.local_addr()?;
    let metrics = options
        .metrics
        .then(|| Arc::new(metrics::Metrics::new(options.db.clone())));
    let state = Arc::new(Ops {
        draining: std::sync::atomic::AtomicBool::new(false),
        db: options.db.clone(),
        metrics: metrics.clone(),
    });
    let app = assemble(router, &options, &state)?;
    let backend = options.db.as_ref().map_or_else(
        || "not given to the server (see `Api::serve`)".to_owned(),
        |db| format!("{:?}", db.backend()).to_lowercase(),
    );
    tracing::info!(
        "listening on http://{local}; database: {backend}; API documentation at http://{local}/docs"
    );

    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = Box::pin(stop_signal(options.shutdown.take()));
    let mut draining_until: Option<Pin<Box<tokio::time::Sleep>>> = None;
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop, if draining_until.is_none() => {
                state.draining.store(true, Ordering::Release);
                tracing::info!(
                    "shutting down: readiness now fails; accepting for {:?} more, then draining for at most {:?}",
                    options.shutdown_delay, options.shutdown_timeout
                );
                draining_until = Some(Box::pin(tokio::time::sleep(options.shutdown_delay)));
                continue;
            }
            () = async { draining_until.as_mut().expect("guarded").await }, if draining_until.is_some() => break,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Out of file descriptors, say: wait a moment rather than spin.
                tracing::warn!("accepting a connection failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(tower::ServiceExt::map_request(
            app.clone(),
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            },
        ));
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection from {peer} ended: {e}");
            }
        });
    }
    drop(listener);
    let open = graceful.count();
    if tokio::time::timeout(options.shutdown_timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "shutdown: connections still busy after {:?} are cut off",
            options.shutdown_timeout
        );
    } else {
        tracing::info!("shutdown: {open} open connection(s) drained");
    }
    if let Some(db) = &options.db {
        ops::close(db).await;
    }
    Ok(())
}

/// SIGTERM (what orchestrators send), Ctrl-C, or the options' own signal.
async fn stop_signal(own: Option<Pin<Box<dyn Future<Output = ()> + Send>>>) {
    let own = async {
        match own {
            Some(signal) => signal.await,
            None => std::future::pending().await,
        }
    };
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = own => {}
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// The router with the limits, metrics, compression and CORS around it, and the
/// operations endpoints beside it (outside the limits).
fn assemble(router: Router, options: &ServeOptions, state: &Arc<Ops>) -> std::io::Result<Router> {
    let limits = Arc::new(Limits {
        permits: options
            .max_concurrent_requests
            .map(|n| Arc::new(tokio::sync::Semaphore::new(n))),
        body_timeout: options.body_read_timeout,
        request_timeout: options.request_timeout,
    });
    let mut router = router;
    // `Router::layer` wraps each route after routing, so the metrics see the route
    // template; a later layer is an outer one.
    if limits.any() {
        router = router.layer(axum::middleware::from_fn(move |req, next| {
            limits::enforce(limits.clone(), req, next)
        }));
    }
    if let Some(metrics) = &state.metrics {
        let metrics = metrics.clone();
        router = router.layer(axum::middleware::from_fn(move |req, next| {
            metrics::record(metrics.clone(), req, next)
        }));
    }
    if options.compression {
        router = router.layer(tower_http::compression::CompressionLayer::new());
    }
    if let Some(cors) = &options.cors {
        router = router.layer(cors.clone());
    }
    let (ready, metrics) = (state.clone(), state.clone());
    // axum panics on a path registered twice; the API's own route on one of these paths
    // becomes an error naming it.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        router
            .route(ops::PATHS[0], get(ops::live))
            .route(ops::PATHS[1], get(move || ops::ready(ready.clone())))
            .route(ops::PATHS[2], get(move || ops::metrics(metrics.clone())))
    }))
    .map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "the API has a route on {}, which the server serves itself; choose another path",
                ops::PATHS.join(" or ")
            ),
        )
    })
}

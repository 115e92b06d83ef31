//! The server in production: limits, refusals as problems, health, metrics and the drain,
//! over real TCP on 127.0.0.1 with short limits so each test takes well under a second or
//! two.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use resourcery::prelude::*;
use resourcery::{RateLimit, Router, ServeOptions};
use resourcery_tests::TestDb;
use serde_json::Value;

/// How long to sleep.
#[resourcery::object]
pub struct Nap {
    /// Milliseconds.
    #[field(validate(range(min = 0, max = 10_000)))]
    pub ms: i64,
}

/// Sleeps `ms` milliseconds, then answers 204.
#[resourcery::endpoint(post, "/naps", public)]
async fn nap(body: Json<Nap>) -> Result<NoContent, Problem> {
    tokio::time::sleep(Duration::from_millis(body.ms.unsigned_abs())).await;
    Ok(NoContent)
}

/// Answers the word it is given.
#[resourcery::endpoint(get, "/echo/{word}", public)]
async fn echo(word: String) -> Result<String, Problem> {
    Ok(word)
}

fn api(db: Db) -> Api {
    Api::new(db).endpoint::<nap>().endpoint::<echo>()
}

/// A server running on a port of its own, stopped by `stop`.
struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    async fn start(router: Router, options: ServeOptions) -> Running {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let options = options.default_tracing(false).shutdown_signal(async move {
            let _ = stopped.await;
        });
        let done = tokio::spawn(resourcery::serve_listener(listener, router, options));
        Running {
            addr,
            stop: Some(stop),
            done,
        }
    }

    fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Sends `request` as it is on a new connection; the answer once the server closes it.
    async fn raw(&self, request: impl Into<Vec<u8>>) -> Reply {
        let (addr, request) = (self.addr, request.into());
        tokio::task::spawn_blocking(move || exchange(addr, &request, None))
            .await
            .expect("client thread")
    }

    async fn get(&self, path: &str) -> Reply {
        self.raw(format!(
            "GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
        ))
        .await
    }

    async fn post(&self, path: &str, body: &str) -> Reply {
        self.raw(post(path, body)).await
    }
}

fn post(path: &str, body: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// An answer as read off the wire; `status` 0 when the server closed without one.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    /// From the last byte sent to the connection's end.
    took: Duration,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }

    /// Asserts a problem of `status` and `slug`, and returns it.
    fn problem(&self, status: u16, slug: &str) -> Value {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{self:?}"
        );
        let problem = self.json();
        assert_eq!(problem["type"], format!("/problems/{slug}"), "{problem}");
        assert_eq!(problem["status"], status);
        problem
    }

    fn retry_after(&self) -> u64 {
        self.header("retry-after")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no Retry-After in {self:?}"))
    }
}

/// Writes `request`, then reads until the server closes the connection (or `limit`).
fn exchange(addr: SocketAddr, request: &[u8], limit: Option<Duration>) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(limit.unwrap_or(Duration::from_secs(10))))
        .expect("read timeout");
    stream.write_all(request).expect("write");
    let sent = Instant::now();
    let mut bytes = Vec::new();
    // A reset (the server closing with unread input) ends the reply like a close does.
    let _ = stream.read_to_end(&mut bytes);
    let took = sent.elapsed();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return Reply {
            status: 0,
            headers: Vec::new(),
            body: text,
            took,
        };
    };
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_owned(),
        took,
    }
}

async fn sqlite_app() -> (TestDb, Router) {
    let test_db = resourcery_tests::sqlite().await;
    let router = api(test_db.db.clone()).into_router().expect("router");
    (test_db, router)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_a_request_line_is_cut_off_at_the_header_timeout() {
    let (_db, router) = sqlite_app().await;
    let server = Running::start(
        router,
        ServeOptions::new().header_read_timeout(Some(Duration::from_millis(300))),
    )
    .await;
    let reply = server.raw("GET /echo/he").await;
    assert!(
        reply.took >= Duration::from_millis(250) && reply.took < Duration::from_secs(3),
        "closed after {:?}",
        reply.took
    );
    assert_ne!(reply.status, 200, "{reply:?}");
    // A whole request on a fresh connection is served as usual.
    let ok = server.get("/echo/hello").await;
    assert_eq!(ok.status, 200, "{ok:?}");
    assert_eq!(ok.json(), "hello");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_body_gets_a_408_problem_and_the_connection_closes() {
    let (_db, router) = sqlite_app().await;
    let server = Running::start(
        router,
        ServeOptions::new().body_read_timeout(Some(Duration::from_millis(300))),
    )
    .await;
    // Announces 40 bytes, sends 8 of them, then waits.
    let reply = server
        .raw(
            "POST /naps HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"ms\": 1",
        )
        .await;
    let problem = reply.problem(408, "body-timeout");
    assert_eq!(reply.header("connection"), Some("close"));
    assert!(
        problem["instance"]
            .as_str()
            .unwrap()
            .starts_with("urn:request:")
    );
    assert!(reply.took < Duration::from_secs(3), "{:?}", reply.took);
    // A body sent in time is served.
    assert_eq!(server.post("/naps", r#"{"ms": 1}"#).await.status, 204);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_past_the_time_limit_is_a_503_timeout_problem() {
    let (_db, router) = sqlite_app().await;
    let server = Running::start(
        router,
        ServeOptions::new().request_timeout(Some(Duration::from_millis(200))),
    )
    .await;
    let reply = server.post("/naps", r#"{"ms": 2000}"#).await;
    reply.problem(503, "timeout");
    assert!(reply.retry_after() >= 1);
    assert!(reply.took < Duration::from_secs(1), "{:?}", reply.took);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beyond_the_concurrency_limit_requests_are_shed_with_503_problems() {
    let (_db, router) = sqlite_app().await;
    let server = Running::start(router, ServeOptions::new().max_concurrent_requests(Some(2))).await;
    let addr = server.addr;
    let slow: Vec<_> = (0..2)
        .map(|_| {
            tokio::task::spawn_blocking(move || {
                exchange(addr, post("/naps", r#"{"ms": 800}"#).as_bytes(), None)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(250)).await;
    let shed = server.post("/naps", r#"{"ms": 0}"#).await;
    let problem = shed.problem(503, "overloaded");
    assert!(shed.retry_after() >= 1);
    assert!(problem["instance"].is_string());
    // The operations endpoints are not counted against the limit.
    assert_eq!(server.get("/health/live").await.status, 200);
    for reply in slow {
        assert_eq!(reply.await.unwrap().status, 204);
    }
    // Once they are done there is room again.
    assert_eq!(server.post("/naps", r#"{"ms": 0}"#).await.status, 204);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_per_client_limit_answers_429_with_retry_after() {
    let test_db = resourcery_tests::sqlite().await;
    let api = api(test_db.db.clone()).rate_limit(RateLimit::per_minute(3));
    let document = serde_json::to_value(api.openapi()).unwrap();
    let router = api.into_router().unwrap();
    let server = Running::start(router, ServeOptions::new()).await;
    for _ in 0..3 {
        assert_eq!(server.get("/echo/hi").await.status, 200);
    }
    let refused = server.get("/echo/hi").await;
    let problem = refused.problem(429, "rate-limited");
    // One request back every 20 s.
    let wait = refused.retry_after();
    assert!((15..=20).contains(&wait), "Retry-After: {wait}");
    assert_eq!(problem["retry_after"], wait);
    // The limit is per address, across routes; the operations endpoints stay open.
    server
        .post("/naps", r#"{"ms": 0}"#)
        .await
        .problem(429, "rate-limited");
    assert_eq!(server.get("/health/live").await.status, 200);
    // And every operation documents it.
    for (path, method) in [("/echo/{word}", "get"), ("/naps", "post")] {
        let response = &document["paths"][path][method]["responses"]["429"];
        assert!(response["headers"]["Retry-After"].is_object(), "{response}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shops_login_limit_per_account_holds_even_for_the_right_password() {
    let test_db = resourcery_tests::sqlite().await;
    let api = shop::api(test_db.db.clone(), resourcery_tests::test_tokens());
    api.ensure_schema().await.unwrap();
    api.seed(shop::seed).await.unwrap();
    let document = serde_json::to_value(api.openapi()).unwrap();
    let server = Running::start(api.into_router().unwrap(), ServeOptions::new()).await;
    let login = |email: &str, password: &str| {
        serde_json::json!({ "email": email, "password": password }).to_string()
    };
    for _ in 0..shop::AUTH_ATTEMPTS_PER_MINUTE {
        let reply = server
            .post("/auth/login", &login("alice@shop.example", "wrong"))
            .await;
        reply.problem(401, "invalid-credentials");
    }
    // The right password, within the minute: refused before it is checked.
    let refused = server
        .post(
            "/auth/login",
            &login("Alice@Shop.example", shop::DEMO_PASSWORD),
        )
        .await;
    refused.problem(429, "rate-limited");
    assert!(refused.retry_after() >= 1);
    // Another account is not affected.
    let other = server
        .post(
            "/auth/login",
            &login("bob@shop.example", shop::DEMO_PASSWORD),
        )
        .await;
    assert_eq!(other.status, 200, "{other:?}");
    let login_doc = &document["paths"]["/auth/login"]["post"]["responses"]["429"];
    assert!(
        login_doc["headers"]["Retry-After"].is_object(),
        "{login_doc}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_finishes_in_flight_requests_and_refuses_new_ones() {
    let test_db = resourcery_tests::sqlite().await;
    let router = api(test_db.db.clone()).into_router().unwrap();
    let mut server = Running::start(
        router,
        ServeOptions::new()
            .database(test_db.db.clone())
            .shutdown_timeout(Duration::from_secs(5)),
    )
    .await;
    let addr = server.addr;
    let in_flight = tokio::task::spawn_blocking(move || {
        exchange(addr, post("/naps", r#"{"ms": 700}"#).as_bytes(), None)
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.stop();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        TcpStream::connect(addr).is_err(),
        "a new connection is accepted while draining"
    );
    assert_eq!(in_flight.await.unwrap().status, 204);
    tokio::time::timeout(Duration::from_secs(3), &mut server.done)
        .await
        .expect("the server stops once drained")
        .unwrap()
        .unwrap();
    // The pool is closed last.
    assert!(test_db.db.as_sqlite().unwrap().is_closed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_fails_while_draining() {
    let test_db = resourcery_tests::sqlite().await;
    let router = api(test_db.db.clone()).into_router().unwrap();
    let mut server = Running::start(
        router,
        ServeOptions::new()
            .database(test_db.db.clone())
            .shutdown_delay(Duration::from_millis(800)),
    )
    .await;
    assert_eq!(server.get("/health/ready").await.json()["status"], "ready");
    server.stop();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let ready = server.get("/health/ready").await;
    ready.problem(503, "shutting-down");
    assert!(ready.retry_after() >= 1);
    // Still serving during the delay, and alive.
    assert_eq!(server.get("/health/live").await.status, 200);
    assert_eq!(server.get("/echo/x").await.status, 200);
    tokio::time::timeout(Duration::from_secs(3), &mut server.done)
        .await
        .expect("stops after the delay")
        .unwrap()
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_pings_postgres_and_fails_when_it_is_unreachable() {
    let test_db = resourcery_tests::postgres().await;
    let router = api(test_db.db.clone()).into_router().unwrap();
    let server = Running::start(router, ServeOptions::new().database(test_db.db.clone())).await;
    let ready = server.get("/health/ready").await;
    assert_eq!(ready.status, 200, "{ready:?}");

    // Nothing listens on port 1: the pool cannot open a connection.
    let unreachable = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(500))
        .connect_lazy("postgres://postgres@127.0.0.1:1/test")
        .unwrap();
    let db = Db::from(unreachable);
    let router = api(db.clone()).into_router().unwrap();
    let server = Running::start(router, ServeOptions::new().database(db)).await;
    let ready = server.get("/health/ready").await;
    ready.problem(503, "service-unavailable");
    assert!(ready.retry_after() >= 1);
    // Alive all the same: restarting the process would not bring the database back.
    assert_eq!(server.get("/health/live").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_show_route_templates_statuses_and_the_pool() {
    let test_db = resourcery_tests::sqlite().await;
    let router = api(test_db.db.clone()).into_router().unwrap();
    let server = Running::start(router, ServeOptions::new().database(test_db.db.clone())).await;
    assert_eq!(server.get("/echo/first-word").await.status, 200);
    assert_eq!(server.get("/echo/second-word").await.status, 200);
    assert_eq!(server.get("/nowhere/at/all").await.status, 404);
    let metrics = server.get("/metrics").await;
    assert_eq!(metrics.status, 200);
    assert!(
        metrics
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/openmetrics-text")),
        "{metrics:?}"
    );
    let text = &metrics.body;
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="/echo/{word}",status="200"} 2"#),
        "{text}"
    );
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="unmatched",status="404"} 1"#),
        "{text}"
    );
    assert!(
        !text.contains("first-word"),
        "raw paths leak into labels: {text}"
    );
    assert!(
        text.contains(
            r#"http_request_duration_seconds_count{method="GET",route="/echo/{word}"} 2"#
        ),
        "{text}"
    );
    assert!(text.contains("db_pool_max_connections"), "{text}");
    assert!(text.contains("db_pool_idle_connections"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_route_on_an_operations_path_is_an_error() {
    let test_db = resourcery_tests::sqlite().await;
    let router = Router::new().route("/metrics", axum::routing::get(|| async { "mine" }));
    let router = api(test_db.db.clone())
        .routes(router)
        .into_router()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let error =
        resourcery::serve_listener(listener, router, ServeOptions::new().default_tracing(false))
            .await
            .unwrap_err();
    assert!(error.to_string().contains("/metrics"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_and_compression_are_opt_ins() {
    let (_db, router) = sqlite_app().await;
    let plain = Running::start(router.clone(), ServeOptions::new()).await;
    let preflight = "OPTIONS /echo/x HTTP/1.1\r\nHost: test\r\nConnection: close\r\nOrigin: https://shop.example\r\nAccess-Control-Request-Method: GET\r\n\r\n";
    let gzip = "GET /openapi.json HTTP/1.1\r\nHost: test\r\nConnection: close\r\nAccept-Encoding: gzip\r\n\r\n";
    let reply = plain.raw(preflight).await;
    assert_eq!(
        reply.header("access-control-allow-origin"),
        None,
        "{reply:?}"
    );
    assert_eq!(plain.raw(gzip).await.header("content-encoding"), None);

    let cors = resourcery::CorsLayer::new()
        .allow_origin(axum::http::HeaderValue::from_static("https://shop.example"))
        .allow_methods([axum::http::Method::GET]);
    let server = Running::start(router, ServeOptions::new().cors(cors).compression(true)).await;
    let reply = server.raw(preflight).await;
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://shop.example")
    );
    assert_eq!(
        server.raw(gzip).await.header("content-encoding"),
        Some("gzip")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_serve_knows_its_database() {
    let test_db = resourcery_tests::sqlite().await;
    let api = api(test_db.db.clone());
    api.ensure_schema().await.unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = tokio::spawn(async move { api.serve(&format!("127.0.0.1:{port}")).await });
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut metrics = None;
    for _ in 0..100 {
        let reply = tokio::task::spawn_blocking(move || {
            std::net::TcpStream::connect(addr).ok().map(|_| {
                exchange(
                    addr,
                    b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    None,
                )
            })
        })
        .await
        .unwrap();
        if let Some(reply) = reply {
            metrics = Some(reply);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let metrics = metrics.expect("the server listens");
    assert_eq!(metrics.status, 200);
    // The pool is known without `ServeOptions::database`.
    assert!(
        metrics.body.contains("db_pool_max_connections"),
        "{}",
        metrics.body
    );
    server.abort();
}

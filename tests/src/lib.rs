//! Test harness: a fresh database per test on SQLite or PostgreSQL, and HTTP helpers that
//! drive the real router through axum's `oneshot`.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use resourcery::{Api, Db, Grant, Router, Tokens};
use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use tower::ServiceExt;

/// Where the PostgreSQL tests connect unless `TEST_DATABASE_URL` says otherwise.
pub const DEFAULT_TEST_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

enum Cleanup {
    File(PathBuf),
    Schema { url: String, schema: String },
}

/// A database that exists for one test and is removed afterwards.
pub struct TestDb {
    /// The handle to give the API.
    pub db: Db,
    cleanup: Cleanup,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{prefix}_{}_{n}_{}",
        std::process::id(),
        resourcery::Uuid::new_v4().simple()
    )
}

/// A new SQLite file in the temp directory.
pub async fn sqlite() -> TestDb {
    let path = std::env::temp_dir().join(format!("{}.db", unique_name("resourcery")));
    let db = Db::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open SQLite");
    TestDb {
        db,
        cleanup: Cleanup::File(path),
    }
}

fn postgres_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_TEST_DATABASE_URL.to_owned())
}

/// A new schema in the PostgreSQL test database; every connection of the pool uses it.
pub async fn postgres() -> TestDb {
    let url = postgres_url();
    let admin = PgPoolOptions::new().max_connections(1).connect(&url).await.unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at {url}: {e}\n\
             start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` \
             (or run .ci/run), or point TEST_DATABASE_URL at a server"
        )
    });
    let schema = unique_name("rt");
    sqlx::query(&format!("CREATE SCHEMA \"{schema}\""))
        .execute(&admin)
        .await
        .expect("create schema");
    admin.close().await;
    let options = PgConnectOptions::from_str(&url)
        .expect("valid URL")
        .options([("search_path", schema.as_str())]);
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .expect("connect");
    TestDb {
        db: Db::from(pool),
        cleanup: Cleanup::Schema { url, schema },
    }
}

impl TestDb {
    /// The URL another process would connect to this database with: the SQLite file, or
    /// the PostgreSQL database with this test's schema as `search_path` (`options`).
    pub fn url(&self) -> String {
        match &self.cleanup {
            Cleanup::File(path) => format!("sqlite://{}", path.display()),
            Cleanup::Schema { url, schema } => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}options[search_path]={schema}")
            }
        }
    }

    /// A new pool on the same database, as another instance of a service would open.
    pub async fn another(&self) -> Db {
        Db::connect(&self.url())
            .await
            .expect("connect another pool")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Schema { url, schema } => {
                let (url, schema) = (url.clone(), schema.clone());
                // Drop runs outside async code; a short-lived runtime on its own thread
                // removes the schema so repeated runs leave nothing behind.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    rt.block_on(async {
                        let pool = PgPoolOptions::new()
                            .max_connections(1)
                            .connect(&url)
                            .await
                            .ok()?;
                        sqlx::query(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                            .execute(&pool)
                            .await
                            .ok()
                    })
                })
                .join();
            }
        }
    }
}

/// The HS256 secret of the token service the shop runs with in tests.
pub const TEST_JWT_SECRET: &[u8] = b"resourcery tests: an HS256 secret of 32+ bytes";

/// The token service of the shop under test, configured as `shop::token_service` makes it.
pub fn test_tokens() -> Tokens {
    Tokens::hs256(TEST_JWT_SECRET)
        .issuer("shop")
        .audience("shop-api")
}

/// The store the default (admin) session of [`App::shop`] works in.
pub const HOME_STORE: &str = "north";

/// A router under test with the database it runs on.
pub struct App {
    router: Router,
    /// The database, for checking what was stored.
    pub db: Db,
    /// The token service, for minting tokens of any principal.
    pub tokens: Tokens,
    /// Sent with every request of `call` and its shorthands that has no `Authorization`.
    default_token: Option<String>,
    _db: TestDb,
}

impl App {
    /// Builds `api` on `test_db`, creating its schema.
    pub async fn new(test_db: TestDb, api: impl FnOnce(Db) -> Api) -> App {
        let api = api(test_db.db.clone());
        api.ensure_schema().await.expect("create schema");
        let router = api.into_router().expect("build router");
        App {
            router,
            db: test_db.db.clone(),
            tokens: test_tokens(),
            default_token: None,
            _db: test_db,
        }
    }

    /// The shop example on `test_db`. Requests go as an admin (roles `admin` and `staff`)
    /// of the store [`HOME_STORE`] unless they say otherwise: see [`App::session`].
    pub async fn shop(test_db: TestDb) -> App {
        let mut app = Self::new(test_db, |db| shop::api(db, test_tokens())).await;
        let admin = Grant::new(resourcery::Uuid::now_v7().to_string())
            .roles(["admin", "staff"])
            .tenant(HOME_STORE);
        app.default_token = Some(app.token(&admin));
        app
    }

    /// A signed access token for `grant`.
    pub fn token(&self, grant: &Grant) -> String {
        self.tokens.access_token(grant).expect("sign a token")
    }

    /// Requests as the holder of `grant`.
    pub fn session(&self, grant: &Grant) -> Session<'_> {
        Session {
            app: self,
            token: Some(self.token(grant)),
        }
    }

    /// Requests without any token.
    pub fn anonymous(&self) -> Session<'_> {
        Session {
            app: self,
            token: None,
        }
    }

    /// Creates a customer of `store` (as an admin of that store) and returns it with a
    /// session as that customer, whose token's subject is the customer's id.
    pub async fn customer(&self, store: &str, email: &str) -> (Value, Session<'_>) {
        let admin = self.session(
            &Grant::new(resourcery::Uuid::now_v7().to_string())
                .roles(["admin", "staff"])
                .tenant(store),
        );
        let customer = admin
            .create(
                "/customers",
                serde_json::json!({ "email": email, "name": "Test Customer" }),
            )
            .await;
        let id = customer["id"].as_str().expect("customer id").to_owned();
        let session = self.session(&Grant::new(id).roles(["customer"]).tenant(store));
        (customer, session)
    }

    /// Sends a request; `body` is sent as JSON when given.
    pub async fn call(&self, method: Method, uri: &str, body: Option<Value>) -> Reply {
        self.call_as(self.default_token.as_deref(), method, uri, body)
            .await
    }

    /// Sends a request with `token` as its bearer token (none when `None`).
    pub async fn call_as(
        &self,
        token: Option<&str>,
        method: Method,
        uri: &str,
        body: Option<Value>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(json) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.send_raw(builder.body(body).expect("request")).await
    }

    /// Sends a prepared request; the default token is added when it has no
    /// `Authorization` header.
    pub async fn send(&self, mut request: Request<Body>) -> Reply {
        if let Some(token) = &self.default_token
            && !request.headers().contains_key(header::AUTHORIZATION)
        {
            request.headers_mut().insert(
                header::AUTHORIZATION,
                format!("Bearer {token}").parse().expect("header value"),
            );
        }
        self.send_raw(request).await
    }

    /// Sends a prepared request exactly as it is.
    pub async fn send_raw(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("body").to_bytes();
        Reply {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// Requests with the default token, like [`call`](App::call).
    fn default_session(&self) -> Session<'_> {
        Session {
            app: self,
            token: self.default_token.clone(),
        }
    }

    /// `GET uri`.
    pub async fn get(&self, uri: &str) -> Reply {
        self.default_session().get(uri).await
    }

    /// `POST uri` with a JSON body.
    pub async fn post(&self, uri: &str, body: Value) -> Reply {
        self.default_session().post(uri, body).await
    }

    /// `PATCH uri` with a JSON body.
    pub async fn patch(&self, uri: &str, body: Value) -> Reply {
        self.default_session().patch(uri, body).await
    }

    /// `DELETE uri`.
    pub async fn delete(&self, uri: &str) -> Reply {
        self.default_session().delete(uri).await
    }

    /// Creates a resource, asserting 201, and returns its JSON.
    pub async fn create(&self, uri: &str, body: Value) -> Value {
        self.default_session().create(uri, body).await
    }
}

/// Requests as one principal (or none) of an [`App`].
pub struct Session<'a> {
    app: &'a App,
    token: Option<String>,
}

impl Session<'_> {
    /// Sends a request; `body` is sent as JSON when given.
    pub async fn call(&self, method: Method, uri: &str, body: Option<Value>) -> Reply {
        self.app
            .call_as(self.token.as_deref(), method, uri, body)
            .await
    }

    /// The bearer token, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// `GET uri`.
    pub async fn get(&self, uri: &str) -> Reply {
        self.call(Method::GET, uri, None).await
    }

    /// `POST uri` with a JSON body.
    pub async fn post(&self, uri: &str, body: Value) -> Reply {
        self.call(Method::POST, uri, Some(body)).await
    }

    /// `PATCH uri` with a JSON body.
    pub async fn patch(&self, uri: &str, body: Value) -> Reply {
        self.call(Method::PATCH, uri, Some(body)).await
    }

    /// `DELETE uri`.
    pub async fn delete(&self, uri: &str) -> Reply {
        self.call(Method::DELETE, uri, None).await
    }

    /// Creates a resource, asserting 201, and returns its JSON.
    pub async fn create(&self, uri: &str, body: Value) -> Value {
        let reply = self.post(uri, body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        reply.json()
    }
}

/// A response, fully read.
pub struct Reply {
    /// Status code.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Bytes,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts an RFC 9457 problem with this status and type slug, and returns it.
    #[track_caller]
    pub fn problem(&self, status: u16, slug: &str) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text()
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text()
        );
        let json = self.json();
        assert_eq!(json["type"], format!("/problems/{slug}"), "{json}");
        assert_eq!(json["status"], status, "{json}");
        assert!(
            json["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{json}"
        );
        let instance = json["instance"].as_str().expect("instance");
        let request_id = self.header("x-request-id").expect("x-request-id");
        assert_eq!(instance, format!("urn:request:{request_id}"));
        json
    }
}

/// Runs each named `async fn(TestDb)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::sqlite().await).await;
            }
            #[tokio::test]
            async fn postgres() {
                super::$name($crate::postgres().await).await;
            }
        }
    )*};
}

/// A JSON timestamp as an instant: RFC 3339 text drops trailing zeros of the fraction, so
/// two timestamps cannot be compared as strings.
#[track_caller]
pub fn instant(value: &Value) -> resourcery::DateTime<resourcery::Utc> {
    let text = value.as_str().expect("a timestamp string");
    resourcery::DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("`{text}` is not RFC 3339: {e}"))
        .to_utc()
}

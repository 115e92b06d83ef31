//! Running as an operator would: many instances starting together against an empty
//! database, migrations written from changed declarations and applied once, drift that
//! refuses to start, secrets and cursor keys shared by instances, and a database that drops
//! its connections answering 503s, never 500s. On SQLite and PostgreSQL.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use resourcery::prelude::*;
use resourcery::{Error, Migrations};
use resourcery_tests::{App, TestDb, on_both_backends, test_tokens};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The notes table as first declared (the resource paths would clash in one module).
mod v1 {
    use resourcery::prelude::*;

    /// A note, as first declared.
    #[resource(path = "/notes", table = "notes")]
    pub struct NoteV1 {
        /// Identifier.
        #[field(id)]
        pub id: Uuid,
        /// Title.
        #[field(sortable)]
        pub title: String,
    }
}

/// The notes table a release later.
mod v2 {
    use resourcery::prelude::*;

    /// The same table a release later: two columns more, one unique, one sortable.
    #[resource(path = "/notes", table = "notes")]
    pub struct NoteV2 {
        /// Identifier.
        #[field(id)]
        pub id: Uuid,
        /// Title.
        #[field(sortable)]
        pub title: String,
        /// Body text.
        pub body: Option<String>,
        /// Position in a list.
        #[field(sortable)]
        pub rank: i64,
        /// A short name, unique when present.
        #[field(unique)]
        pub slug: Option<String>,
    }
}

/// The notes table another release later.
mod v3 {
    use resourcery::prelude::*;

    /// And another release, where `rank` becomes a float: a type change.
    #[resource(path = "/notes", table = "notes")]
    pub struct NoteV3 {
        /// Identifier.
        #[field(id)]
        pub id: Uuid,
        /// Title.
        #[field(sortable)]
        pub title: String,
        /// Body text.
        pub body: Option<String>,
        /// Position in a list.
        #[field(sortable)]
        pub rank: f64,
        /// A short name, unique when present.
        #[field(unique)]
        pub slug: Option<String>,
    }
}

use v1::NoteV1;
use v2::NoteV2;
use v3::NoteV3;

/// A folder of this test's own in the temp directory, removed afterwards.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("resourcery-migrations-{}", Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `GET` on `router`, as JSON.
async fn get(router: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (status, _, body) = get_with_headers(router, uri).await;
    (status, body)
}

/// `GET` on `router`: the status, `Retry-After` and the body as JSON.
async fn get_with_headers(router: &axum::Router, uri: &str) -> (StatusCode, Option<String>, Value) {
    let response = router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        retry_after,
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    )
}

/// Runs `sql` on `db`.
async fn execute(db: &Db, sql: &str) {
    if let Some(pool) = db.as_sqlite() {
        sqlx::query(sql).execute(pool).await.expect(sql);
    } else if let Some(pool) = db.as_postgres() {
        sqlx::query(sql).execute(pool).await.expect(sql);
    }
}

/// One number from `sql` on `db`.
async fn count(db: &Db, sql: &str) -> i64 {
    if let Some(pool) = db.as_sqlite() {
        sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
    } else {
        let pool = db.as_postgres().expect("one of the two");
        sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
    }
}

/// What one instance of the shop does at start-up, on a pool of its own.
async fn start_shop(url: String) -> Result<(), Error> {
    let db = Db::connect(&url).await?;
    let api = shop::api(db.clone(), shop::tokens(&db).await?);
    api.migrate(&shop::migrations()).await?;
    api.seed(shop::seed).await?;
    api.into_router().map(drop)
}

/// Starts `n` instances at once on `url`; every one must come up.
async fn start_together(url: &str, n: usize) {
    let starts: Vec<_> = (0..n)
        .map(|_| tokio::spawn(start_shop(url.to_owned())))
        .collect();
    for (i, start) in starts.into_iter().enumerate() {
        start
            .await
            .expect("no panic")
            .unwrap_or_else(|e| panic!("instance {i} of {n} did not start: {e}"));
    }
}

/// After instances started together: one schema (each migration applied once), the demo
/// accounts seeded once, one JWT key, and a later start finds nothing to change.
async fn assert_one_schema(url: &str) {
    let db = Db::connect(url).await.expect("connect");
    let files = shop::migrations().len(db.backend());
    assert!(files >= 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM _sqlx_migrations WHERE success").await,
        i64::try_from(files).unwrap()
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM accounts").await, 6);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM resourcery_secrets").await,
        2,
        "one cursor key and one JWT key"
    );
    start_shop(url.to_owned()).await.expect("a later start");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_starting_together_on_an_empty_postgres_end_in_one_schema() {
    for n in [3, 8, 8] {
        let test_db = resourcery_tests::postgres().await;
        start_together(&test_db.url(), n).await;
        assert_one_schema(&test_db.url()).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_starting_together_on_a_new_sqlite_file_end_in_one_schema() {
    for n in [3, 8, 8] {
        let dir = TempDir::new();
        // The file does not exist yet: the instances race to create it too.
        let url = format!("sqlite://{}", dir.0.join("shop.db").display());
        start_together(&url, n).await;
        assert_one_schema(&url).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_quick_start_schema_is_safe_to_race_on_postgres_too() {
    let test_db = resourcery_tests::postgres().await;
    let starts: Vec<_> = (0..6)
        .map(|_| {
            let url = test_db.url();
            tokio::spawn(async move {
                let db = Db::connect(&url).await?;
                shop::api(db, test_tokens()).ensure_schema().await
            })
        })
        .collect();
    for start in starts {
        start.await.expect("no panic").expect("ensure_schema");
    }
}

async fn drift_is_named_and_the_start_refused(test_db: TestDb) {
    let api = shop::api(test_db.db.clone(), test_tokens());
    api.migrate(&shop::migrations()).await.expect("migrate");
    execute(&test_db.db, "ALTER TABLE products DROP COLUMN website").await;
    execute(
        &test_db.db,
        "CREATE INDEX orders_by_creation ON orders (created_at, id)",
    )
    .await;
    let error = api
        .migrate(&shop::migrations())
        .await
        .expect_err("a start on a drifted schema");
    let message = error.to_string();
    assert!(matches!(error, Error::Drift(_)), "{error:?}");
    assert!(
        message.contains("table `products` has no column `website`"),
        "{message}"
    );
    assert!(
        message.contains("two indexes on (created_at, id)")
            && message.contains("orders_by_creation"),
        "{message}"
    );
    assert!(
        message.contains("cargo run -p shop -- migrations"),
        "names the command: {message}"
    );
    // The quick start refuses the same.
    let error = api.ensure_schema().await.expect_err("ensure_schema");
    assert!(error.to_string().contains("`website`"), "{error}");
}

async fn a_changed_type_is_drift(test_db: TestDb) {
    let api = shop::api(test_db.db.clone(), test_tokens());
    match test_db.db.backend() {
        resourcery::Backend::Postgres => {
            api.ensure_schema().await.expect("schema");
            execute(
                &test_db.db,
                "ALTER TABLE customers ALTER COLUMN name TYPE varchar(20)",
            )
            .await;
        }
        // SQLite changes no type in place: the table as a hand-written migration made it,
        // with an INTEGER column where text is declared.
        resourcery::Backend::Sqlite => {
            for statement in api.schema_sql(resourcery::Backend::Sqlite) {
                let statement =
                    statement.replace("\"referral_code\" TEXT", "\"referral_code\" INTEGER");
                execute(&test_db.db, &statement).await;
            }
        }
    }
    execute(
        &test_db.db,
        "ALTER TABLE customers ADD COLUMN nickname TEXT",
    )
    .await;
    let message = api.ensure_schema().await.expect_err("drift").to_string();
    let column = match test_db.db.backend() {
        resourcery::Backend::Postgres => {
            "column `customers.name` is character varying(20) but declared TEXT"
        }
        resourcery::Backend::Sqlite => {
            "column `customers.referral_code` is INTEGER but declared TEXT"
        }
    };
    assert!(message.contains(column), "{message}");
    assert!(
        !message.contains("nickname"),
        "extra columns are not drift: {message}"
    );
}

async fn an_index_on_the_same_columns_is_not_created_twice(test_db: TestDb) {
    let api = shop::api(test_db.db.clone(), test_tokens());
    // The tables as a hand-written migration made them, with the sort index of orders
    // under another name.
    for statement in api.schema_sql(test_db.db.backend()) {
        let statement = statement.replace("orders_created_at_sort_idx", "orders_newest_first");
        execute(&test_db.db, &statement).await;
    }
    api.ensure_schema().await.expect("ensure_schema");
    let indexes = match test_db.db.backend() {
        resourcery::Backend::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('orders_newest_first', 'orders_created_at_sort_idx')"
        }
        resourcery::Backend::Postgres => {
            "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('orders_newest_first', 'orders_created_at_sort_idx')"
        }
    };
    assert_eq!(count(&test_db.db, indexes).await, 1);
}

async fn a_changed_declaration_becomes_the_next_migration(test_db: TestDb) {
    let dir = TempDir::new();
    let v1 = Api::new(test_db.db.clone()).resource::<NoteV1>();
    let written = v1
        .write_migrations(&dir.0)
        .expect("write")
        .expect("a first migration");
    assert_eq!(written.version, 1);
    assert!(
        written.files[0].ends_with("sqlite/0001_schema.sql"),
        "{written:?}"
    );
    assert!(
        v1.write_migrations(&dir.0).expect("write").is_none(),
        "up to date"
    );
    v1.migrate(&Migrations::from_dir(&dir.0).unwrap())
        .await
        .expect("apply 0001");
    test_db
        .db
        .insert(&NoteV1 {
            id: Uuid::now_v7(),
            title: "kept".into(),
        })
        .await
        .expect("insert");

    let v2 = Api::new(test_db.db.clone()).resource::<NoteV2>();
    let error = v2
        .migrate(&Migrations::from_dir(&dir.0).unwrap())
        .await
        .expect_err("v2 before its migration");
    assert!(
        error
            .to_string()
            .contains("table `notes` has no column `body`"),
        "{error}"
    );
    let written = v2
        .write_migrations(&dir.0)
        .expect("write")
        .expect("a second migration");
    assert_eq!(written.version, 2);
    assert!(
        written.files[1].ends_with("postgres/0002_change_notes.sql"),
        "{written:?}"
    );
    assert!(
        written.needs_a_hand.is_empty(),
        "{:?}",
        written.needs_a_hand
    );
    v2.migrate(&Migrations::from_dir(&dir.0).unwrap())
        .await
        .expect("apply 0002");
    let router = v2.into_router().expect("router");
    let (status, page) = get(&router, "/notes?sort=rank").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["items"][0]["title"], "kept");
    assert_eq!(
        page["items"][0]["rank"], 0,
        "existing rows get the type's zero"
    );

    // A type change: PostgreSQL converts in place; SQLite cannot, says so, and the start
    // is refused until the table is rebuilt by hand.
    let v3 = Api::new(test_db.db.clone()).resource::<NoteV3>();
    let written = v3
        .write_migrations(&dir.0)
        .expect("write")
        .expect("a third migration");
    let applied = v3.migrate(&Migrations::from_dir(&dir.0).unwrap()).await;
    match test_db.db.backend() {
        resourcery::Backend::Postgres => {
            applied.expect("apply 0003");
            // Only the SQLite file needs a hand.
            assert!(
                written
                    .needs_a_hand
                    .iter()
                    .all(|n| n.starts_with("sqlite: ")),
                "{:?}",
                written.needs_a_hand
            );
        }
        resourcery::Backend::Sqlite => {
            let error = applied.expect_err("SQLite cannot change the type");
            assert!(
                error
                    .to_string()
                    .contains("`notes.rank` is INTEGER but declared REAL"),
                "{error}"
            );
            assert_eq!(written.needs_a_hand.len(), 1, "{:?}", written.needs_a_hand);
            assert!(written.needs_a_hand[0].starts_with("sqlite: `notes.rank` changes type"));
            let text = std::fs::read_to_string(&written.files[0]).unwrap();
            assert!(
                text.contains("-- NEEDS A HAND: `notes.rank` changes type"),
                "{text}"
            );
        }
    }
}

async fn a_modified_applied_migration_is_refused(test_db: TestDb) {
    let dir = TempDir::new();
    let api = Api::new(test_db.db.clone()).resource::<NoteV1>();
    let written = api.write_migrations(&dir.0).unwrap().unwrap();
    api.migrate(&Migrations::from_dir(&dir.0).unwrap())
        .await
        .expect("apply");
    for file in &written.files {
        let text = std::fs::read_to_string(file).unwrap();
        std::fs::write(file, format!("-- edited after it was applied\n{text}")).unwrap();
    }
    let error = api
        .migrate(&Migrations::from_dir(&dir.0).unwrap())
        .await
        .expect_err("a changed migration");
    assert!(
        error
            .to_string()
            .contains("migration 1 was previously applied but has been modified"),
        "{error}"
    );
}

async fn instances_share_secrets_and_cursor_keys(test_db: TestDb) {
    let other = test_db.another().await;
    let a = test_db.db.shared_secret("x").await.expect("secret");
    let b = other.shared_secret("x").await.expect("secret");
    assert_eq!(a, b);
    assert_eq!(a.len(), 32);
    assert_ne!(a, other.shared_secret("y").await.expect("secret"));

    let app = App::new(test_db, |db| Api::new(db).resource::<NoteV1>()).await;
    for title in ["a", "b", "c"] {
        app.create("/notes", json!({ "title": title })).await;
    }
    let page = app.get("/notes?limit=1&sort=title").await.json();
    let cursor = page["page"]["next_cursor"].as_str().expect("a next page");
    // Another instance, started the same way, accepts the cursor.
    let second = Api::new(other).resource::<NoteV1>();
    second.ensure_schema().await.expect("schema");
    let router = second.into_router().expect("router");
    let (status, next) = get(
        &router,
        &format!("/notes?limit=1&sort=title&cursor={cursor}"),
    )
    .await;
    assert_eq!(status, 200, "{next}");
    assert_eq!(next["items"][0]["title"], "b");
}

on_both_backends!(
    drift_is_named_and_the_start_refused,
    a_changed_type_is_drift,
    an_index_on_the_same_columns_is_not_created_twice,
    a_changed_declaration_becomes_the_next_migration,
    a_modified_applied_migration_is_refused,
    instances_share_secrets_and_cursor_keys,
);

/// PostgreSQL ends every connection of the service (as a restart or a failover does):
/// requests in flight and right after are 503s with `Retry-After`, never 500s, and the
/// service recovers by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_ended_by_the_server_are_503s_not_500s() {
    let test_db = resourcery_tests::postgres().await;
    let name = format!("rt{}", Uuid::new_v4().simple());
    let url = format!("{}&application_name={name}", test_db.url());
    let db = Db::connect_with(&url, resourcery::DbOptions::default().max_connections(4))
        .await
        .expect("connect");
    let api = Api::new(db).resource::<NoteV1>();
    api.ensure_schema().await.expect("schema");
    let router = api.into_router().expect("router");
    // Fill the pool: every connection is open when the server ends them.
    let warm: Vec<_> = (0..8)
        .map(|_| {
            let router = router.clone();
            tokio::spawn(async move { get(&router, "/notes").await.0 })
        })
        .collect();
    for request in warm {
        assert_eq!(request.await.expect("no panic"), 200);
    }
    let ended = count(
        &test_db.db,
        &format!(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{name}'"
        ),
    )
    .await;
    assert!(ended >= 1, "the pool had open connections");
    let mut unavailable = 0;
    for _ in 0..12 {
        let (status, retry_after, body) = get_with_headers(&router, "/notes").await;
        match status.as_u16() {
            200 => {}
            503 => {
                unavailable += 1;
                assert_eq!(body["type"], "/problems/service-unavailable", "{body}");
                assert_eq!(retry_after.as_deref(), Some("1"));
            }
            other => panic!("{other}: {body}"),
        }
    }
    assert!(
        unavailable <= 8,
        "each dead connection fails once, then is replaced"
    );
    let (status, _) = get(&router, "/notes").await;
    assert_eq!(status, 200, "recovered");
}

/// SQLite's counterpart: a writer that holds the database's write lock past the busy
/// timeout (5 s) makes a create a 503 with `Retry-After`, not a 500, and nothing is
/// written; once the lock is gone, creates succeed again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_database_locked_past_the_busy_timeout_is_a_503() {
    use sqlx::Connection;
    let test_db = resourcery_tests::sqlite().await;
    let app = App::new(test_db, |db| Api::new(db).resource::<NoteV1>()).await;
    let path = app.db.as_sqlite().expect("SQLite").connect_options();
    let mut holder = sqlx::SqliteConnection::connect_with(&path)
        .await
        .expect("a second connection");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut holder)
        .await
        .expect("take the write lock");
    let reply = app.post("/notes", json!({ "title": "blocked" })).await;
    let problem = reply.problem(503, "service-unavailable");
    assert_eq!(reply.header("retry-after"), Some("1"), "{problem}");
    sqlx::query("ROLLBACK")
        .execute(&mut holder)
        .await
        .expect("release");
    let page = app.get("/notes").await.json();
    assert_eq!(
        page["items"].as_array().map(Vec::len),
        Some(0),
        "nothing written"
    );
    app.create("/notes", json!({ "title": "free" })).await;
}

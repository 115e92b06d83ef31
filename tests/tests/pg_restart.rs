//! PostgreSQL restarted under load, for real: while clients create rows in a loop, the
//! server is restarted. Every answer during the outage is a 503 problem with
//! `Retry-After` (never a 500), the service serves again within 5 s of the database, and
//! every create that was acknowledged is in the database afterwards.
//!
//! This is its own test binary so that nothing else runs while the database is down. The
//! restart command is `TEST_PG_RESTART` (run with `sh -c`), by default the local cluster's
//! `pg_ctlcluster ... restart`, as `.ci/run` starts it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use resourcery::prelude::*;
use serde_json::Value;
use tower::ServiceExt;

/// A row the clients create.
#[resource(path = "/events", operations(create, get))]
pub struct Event {
    /// Identifier.
    #[field(id)]
    pub id: Uuid,
    /// What happened.
    pub name: String,
}

fn restart_command() -> String {
    std::env::var("TEST_PG_RESTART").unwrap_or_else(|_| {
        let version = std::fs::read_dir("/etc/postgresql")
            .ok()
            .and_then(|mut d| d.next())
            .and_then(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .expect("no /etc/postgresql: set TEST_PG_RESTART to a command that restarts the test server");
        format!("pg_ctlcluster --skip-systemctl-redirect {version} main restart")
    })
}

/// One create: the status, and the id when it was acknowledged.
async fn create(router: &axum::Router, n: usize) -> (u16, Option<String>, Value) {
    let request = Request::post("/events")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!("{{\"name\":\"event {n}\"}}")))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(header::RETRY_AFTER)
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    (status, retry_after, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_restart_under_load_gives_503s_and_loses_no_acknowledged_write() {
    let test_db = resourcery_tests::postgres().await;
    let db = Db::connect(&test_db.url()).await.expect("connect");
    let api = Api::new(db).resource::<Event>();
    api.ensure_schema().await.expect("schema");
    let router = api.into_router().expect("router");

    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..6)
        .map(|client| {
            let (router, stop) = (router.clone(), stop.clone());
            tokio::spawn(async move {
                let (mut acknowledged, mut unavailable, mut n) = (Vec::new(), 0, 0);
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let (status, retry_after, body) = create(&router, client * 1_000_000 + n).await;
                    match status {
                        201 => acknowledged.push(body["id"].as_str().expect("id").to_owned()),
                        503 => {
                            assert_eq!(body["type"], "/problems/service-unavailable", "{body}");
                            assert!(retry_after.is_some(), "503 without Retry-After");
                            unavailable += 1;
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        other => panic!("{other} during the restart: {body}"),
                    }
                }
                (acknowledged, unavailable)
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_millis(300)).await;
    let command = restart_command();
    let restarted = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .args(["-c", &command])
            .status()
            .map(|s| s.success())
    })
    .await
    .expect("no panic");
    assert!(
        matches!(restarted, Ok(true)),
        "the restart command failed ({restarted:?}); set TEST_PG_RESTART"
    );
    let back_at = Instant::now();
    // Served again within 5 s of the database.
    let mut served = false;
    while back_at.elapsed() < Duration::from_secs(5) {
        if create(&router, 0).await.0 == 201 {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let recovery = back_at.elapsed();
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    let mut unavailable = 0;
    for client in clients {
        let (acknowledged, refused) = client.await.expect("no 500 and no panic in a client");
        all.extend(acknowledged);
        unavailable += refused;
    }
    assert!(served, "not serving 5 s after the database came back");
    eprintln!(
        "{} creates acknowledged, {unavailable} refused with 503, serving {recovery:?} after the restart",
        all.len()
    );
    assert!(!all.is_empty());

    // Every acknowledged create is there.
    let pool = test_db.db.as_postgres().expect("PostgreSQL");
    let ids: Vec<Uuid> = all.iter().map(|id| id.parse().expect("uuid")).collect();
    let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE id = ANY($1)")
        .bind(&ids)
        .fetch_one(pool)
        .await
        .expect("count");
    assert_eq!(
        found,
        i64::try_from(ids.len()).unwrap(),
        "acknowledged creates were lost"
    );
}

//! Benchmarks of resourcery. This file holds the pagination benchmark: the first page and a
//! page deep in a large table, by keyset cursor and by offset, on SQLite and PostgreSQL,
//! measured through the generated router. [`compare`] runs the generated shop beside its
//! hand-written [`twin`] under load, [`compile`] measures what the macro costs the
//! compiler, and [`validation`] compares request-body validation with `garde`.

use std::time::{Duration, Instant};

use resourcery::prelude::*;
use resourcery_tests::{App, TestDb};
use serde_json::{Value, json};

pub mod compare;
pub mod compile;
pub mod load;
pub mod serve;
pub mod twin;
pub mod validation;

/// The benchmark table, paged by keyset cursor.
#[resource(path = "/events", table = "events", operations(list))]
pub struct Event {
    /// Id.
    #[field(id)]
    pub id: Uuid,
    /// Position in the table.
    #[field(sortable)]
    pub seq: i64,
    /// Payload.
    pub label: String,
}

/// The same table, paged by offset.
#[resource(
    path = "/admin/events",
    table = "events",
    operations(list),
    pagination = "offset",
    max_offset = 100000000
)]
pub struct EventByOffset {
    /// Id.
    #[field(id)]
    pub id: Uuid,
    /// Position in the table.
    #[field(sortable)]
    pub seq: i64,
    /// Payload.
    pub label: String,
}

const SECRET: &[u8] = b"bench secret";

fn api(db: Db) -> Api {
    Api::new(db)
        .cursor_secret(SECRET)
        .resource::<Event>()
        .resource::<EventByOffset>()
}

/// One measured case.
#[derive(Debug, Clone)]
pub struct Sample {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// What was fetched.
    pub case: &'static str,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
}

async fn fill(app: &App, rows: u64) {
    if let Some(pool) = app.db.as_sqlite() {
        let sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) \
                   INSERT INTO events (id, seq, label) SELECT randomblob(16), x, 'event ' || x FROM c";
        sqlx::query(sql)
            .bind(rows as i64)
            .execute(pool)
            .await
            .expect("fill SQLite");
        sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
    } else {
        let pool = app.db.as_postgres().expect("a backend");
        let sql = "INSERT INTO events (id, seq, label) SELECT gen_random_uuid(), g, 'event ' || g FROM generate_series(1, $1) g";
        sqlx::query(sql)
            .bind(rows as i64)
            .execute(pool)
            .await
            .expect("fill PostgreSQL");
        sqlx::query("ANALYZE events")
            .execute(pool)
            .await
            .expect("analyze");
    }
}

async fn row_at(app: &App, offset: u64) -> Value {
    let sql = "SELECT id, seq FROM events ORDER BY seq, id LIMIT 1 OFFSET ";
    let (id, seq): (Uuid, i64) = if let Some(pool) = app.db.as_sqlite() {
        sqlx::query_as(&format!("{sql}?"))
            .bind(offset as i64)
            .fetch_one(pool)
            .await
            .expect("row")
    } else {
        sqlx::query_as(&format!("{sql}$1"))
            .bind(offset as i64)
            .fetch_one(app.db.as_postgres().unwrap())
            .await
            .expect("row")
    };
    json!({ "id": id, "seq": seq })
}

async fn time(app: &App, uri: &str, runs: usize) -> (Duration, Duration) {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let reply = app.get(uri).await;
        times.push(start.elapsed());
        assert_eq!(reply.status.as_u16(), 200, "{uri}: {}", reply.text());
        assert_eq!(
            reply.json()["items"].as_array().map(Vec::len),
            Some(20),
            "{uri}"
        );
    }
    times.sort();
    let p99 = times[(times.len() * 99 / 100).min(times.len() - 1)];
    (times[times.len() / 2], p99)
}

/// Measures first and deep pages on `db` for a table of `rows` rows, `deep` rows in.
pub async fn pagination(
    db: TestDb,
    backend: &'static str,
    rows: u64,
    deep: u64,
    runs: usize,
) -> Vec<Sample> {
    let app = App::new(db, api).await;
    fill(&app, rows).await;
    let cursor = resourcery::__private::cursor_after::<Event>(
        SECRET,
        "sort=seq&limit=20",
        &row_at(&app, deep - 1).await,
    )
    .expect("cursor");
    let cases = [
        ("keyset, first page", "/events?sort=seq&limit=20".to_owned()),
        (
            "keyset, deep page",
            format!("/events?sort=seq&limit=20&cursor={cursor}"),
        ),
        (
            "offset, first page",
            "/admin/events?sort=seq&page_size=20&page=1".to_owned(),
        ),
        (
            "offset, deep page",
            format!("/admin/events?sort=seq&page_size=20&page={}", deep / 20 + 1),
        ),
    ];
    let mut out = Vec::new();
    for (case, uri) in cases {
        time(&app, &uri, 2).await; // warm the statement cache and the pages
        let (p50, p99) = time(&app, &uri, runs).await;
        out.push(Sample {
            backend,
            case,
            p50,
            p99,
        });
    }
    out
}

/// The report as a Markdown table with the deep/first ratios.
pub fn table(samples: &[Sample], rows: u64, deep: u64) -> String {
    let mut out = format!("Table of {rows} rows; the deep page starts {deep} rows in.\n\n");
    out.push_str(
        "| backend | case | p50 (ms) | p99 (ms) | deep / first (p50) |\n|---|---|---:|---:|---:|\n",
    );
    for s in samples {
        let first = samples
            .iter()
            .find(|f| f.backend == s.backend && f.case == s.case.replace("deep", "first"));
        let ratio = match (s.case.contains("deep"), first) {
            (true, Some(f)) => format!("{:.2}", s.p50.as_secs_f64() / f.p50.as_secs_f64()),
            _ => String::new(),
        };
        out.push_str(&format!(
            "| {} | {} | {:.3} | {:.3} | {} |\n",
            s.backend,
            s.case,
            s.p50.as_secs_f64() * 1e3,
            s.p99.as_secs_f64() * 1e3,
            ratio
        ));
    }
    out
}

/// The report as JSON, for tools.
pub fn json_report(samples: &[Sample], rows: u64, deep: u64) -> Value {
    json!({
        "rows": rows,
        "deep": deep,
        "samples": samples.iter().map(|s| json!({
            "backend": s.backend, "case": s.case,
            "p50_ms": s.p50.as_secs_f64() * 1e3, "p99_ms": s.p99.as_secs_f64() * 1e3,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Smoke mode: a small table, so CI checks the benchmark works without timing anything.
    #[tokio::test]
    async fn pagination_benchmark_runs_in_smoke_mode() {
        let mut samples =
            pagination(resourcery_tests::sqlite().await, "sqlite", 3_000, 2_000, 3).await;
        samples.extend(
            pagination(
                resourcery_tests::postgres().await,
                "postgres",
                3_000,
                2_000,
                3,
            )
            .await,
        );
        assert_eq!(samples.len(), 8);
        let report = table(&samples, 3_000, 2_000);
        println!("{report}");
        assert!(report.contains("keyset, deep page"));
    }
}

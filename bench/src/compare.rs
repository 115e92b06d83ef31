//! The generated shop beside its hand-written twin ([`crate::twin`]), under the same load,
//! against the same database, in one run: per operation, the two services take turns in
//! rounds (generated first in even rounds, twin first in odd ones: A B B A ...), so drift
//! of the machine during the run falls on both alike. Each service is a child process, so
//! its peak resident memory can be read at the end.
//!
//! Every request carries the token of one customer of the store `north`, who owns every
//! order of the table: the costliest caller, whose statements carry both the tenant and the
//! owner predicate.

use std::sync::Arc;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sqlx::types::Json;
use uuid::Uuid;

use crate::load::{Call, Calls, Client, Stats};
use crate::serve::{self, Memory, Server, Target};
use crate::twin::{self, model::Order, model::OrderLine, model::Status};

/// The cursor key both services are started with.
pub const CURSOR_SECRET: &str = "bench cursor secret";

/// The store of every seeded customer and order.
pub const STORE: &str = "north";

/// The operations measured, in the order they run.
pub const OPERATIONS: [&str; 6] = [
    "get",
    "list_first_page",
    "list_deep_page",
    "update",
    "transition",
    "create",
];

/// How much load, and where.
#[derive(Debug, Clone)]
pub struct Config {
    /// Orders in the table before the run.
    pub rows: usize,
    /// Measured requests per operation and service.
    pub requests: usize,
    /// Rounds each service's requests are split into.
    pub rounds: usize,
    /// Unmeasured requests per operation and service first.
    pub warmup: usize,
    /// Connections per service.
    pub connections: usize,
    /// No round runs longer than this.
    pub round_deadline: Duration,
    /// `sqlite`, `postgres` or both.
    pub backends: Vec<&'static str>,
    /// The operations to run, from [`OPERATIONS`].
    pub ops: Vec<&'static str>,
}

impl Config {
    /// A few thousand requests per operation and side.
    pub fn full() -> Config {
        Config {
            rows: 20_000,
            requests: 6_000,
            rounds: 30,
            warmup: 300,
            connections: 4,
            round_deadline: Duration::from_secs(60),
            backends: vec!["sqlite", "postgres"],
            ops: OPERATIONS.to_vec(),
        }
    }

    /// Seconds in all: checks that everything works, measures nothing worth reading.
    pub fn smoke() -> Config {
        Config {
            rows: 300,
            requests: 40,
            rounds: 2,
            warmup: 4,
            connections: 2,
            round_deadline: Duration::from_secs(10),
            backends: vec!["sqlite", "postgres"],
            ops: OPERATIONS.to_vec(),
        }
    }
}

/// One operation on one database.
#[derive(Debug, Clone)]
pub struct OpResult {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// One of [`OPERATIONS`].
    pub op: &'static str,
    /// The generated service.
    pub generated: Stats,
    /// The hand-written twin.
    pub twin: Stats,
    /// Per round, the generated service's throughput over the twin's in the same round
    /// (the two ran back to back), sorted.
    pub round_ratios: Vec<f64>,
}

impl OpResult {
    fn new(
        backend: &'static str,
        op: &'static str,
        rounds: &[Vec<crate::load::Round>; 2],
    ) -> OpResult {
        let rps = |r: &crate::load::Round| r.latencies.len() as f64 / r.elapsed.as_secs_f64();
        let mut round_ratios: Vec<f64> = rounds[0]
            .iter()
            .zip(&rounds[1])
            .map(|(g, t)| rps(g) / rps(t))
            .filter(|r| r.is_finite())
            .collect();
        round_ratios.sort_by(f64::total_cmp);
        OpResult {
            backend,
            op,
            generated: Stats::of(&rounds[0]),
            twin: Stats::of(&rounds[1]),
            round_ratios,
        }
    }

    /// The throughput ratio generated / twin: the median of the rounds' ratios, so that a
    /// round slowed by something else on the machine (which hits one side of one pair)
    /// moves it little. Without rounds, the ratio of the totals.
    pub fn ratio(&self) -> f64 {
        match quantile(&self.round_ratios, 0.5) {
            Some(median) => median,
            None => self.overall_ratio(),
        }
    }

    /// The ratio of the two services' throughput over all their rounds.
    pub fn overall_ratio(&self) -> f64 {
        if self.twin.rps > 0.0 {
            self.generated.rps / self.twin.rps
        } else {
            0.0
        }
    }

    /// The first and third quartiles of the rounds' ratios: how far they scatter.
    pub fn quartiles(&self) -> (f64, f64) {
        let q = |at| quantile(&self.round_ratios, at).unwrap_or_else(|| self.overall_ratio());
        (q(0.25), q(0.75))
    }
}

/// The `at` quantile of sorted values, interpolated; `None` for no values.
fn quantile(sorted: &[f64], at: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let position = at * last as f64;
    let (low, high) = (position.floor() as usize, position.ceil() as usize);
    let weight = position - low as f64;
    Some(sorted[low] * (1.0 - weight) + sorted[high] * weight)
}

/// Memory of both services after the load of one database.
#[derive(Debug, Clone)]
pub struct MemoryResult {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// The generated service.
    pub generated: Memory,
    /// The twin.
    pub twin: Memory,
}

/// Everything one run measured.
#[derive(Debug, Clone)]
pub struct Report {
    /// The load.
    pub config: Config,
    /// Per operation and database.
    pub ops: Vec<OpResult>,
    /// Per database.
    pub memory: Vec<MemoryResult>,
}

/// Runs the comparison on every configured database.
pub async fn run(config: &Config) -> Result<Report, String> {
    let mut report = Report {
        config: config.clone(),
        ops: Vec::new(),
        memory: Vec::new(),
    };
    for backend in &config.backends {
        let db = Database::prepare(backend).await?;
        let outcome = run_on(config, &db).await;
        db.remove().await;
        let (ops, memory) = outcome?;
        report.ops.extend(ops);
        report.memory.push(memory);
    }
    Ok(report)
}

/// A database made for one run, removed afterwards.
struct Database {
    target: Target,
    pool: twin::Pool,
}

impl Database {
    async fn prepare(backend: &str) -> Result<Database, String> {
        let unique = format!(
            "{}_{}",
            std::process::id(),
            Utc::now().timestamp_micros() % 1_000_000_000
        );
        let target = match backend {
            "sqlite" => Target::Sqlite(
                std::env::temp_dir()
                    .join(format!("bench_twin_{unique}.db"))
                    .display()
                    .to_string(),
            ),
            "postgres" => {
                let url = postgres_url().await?;
                let schema = format!("bench_twin_{unique}");
                let admin = sqlx::PgPool::connect(&url)
                    .await
                    .map_err(|e| format!("PostgreSQL at {url}: {e}"))?;
                sqlx::query(&format!("CREATE SCHEMA \"{schema}\""))
                    .execute(&admin)
                    .await
                    .map_err(|e| e.to_string())?;
                admin.close().await;
                Target::Postgres { url, schema }
            }
            other => return Err(format!("unknown database `{other}`")),
        };
        let pool = target.connect().await.map_err(|e| e.to_string())?;
        let db = match &pool {
            twin::Pool::Sqlite(p) => resourcery::Db::from(p.clone()),
            twin::Pool::Postgres(p) => resourcery::Db::from(p.clone()),
        };
        shop::api(db, serve::tokens())
            .ensure_schema()
            .await
            .map_err(|e| e.to_string())?;
        Ok(Database { target, pool })
    }

    async fn remove(self) {
        match (&self.target, &self.pool) {
            (Target::Sqlite(path), twin::Pool::Sqlite(pool)) => {
                pool.close().await;
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{path}{suffix}"));
                }
            }
            (Target::Postgres { schema, .. }, twin::Pool::Postgres(pool)) => {
                let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                    .execute(pool)
                    .await;
                pool.close().await;
            }
            _ => {}
        }
    }
}

/// `BENCH_DATABASE_URL`, else the database `bench` on the test server (created when
/// missing), so the benchmark never shares a database with a concurrent test run; the
/// test database itself only if `bench` cannot be made.
async fn postgres_url() -> Result<String, String> {
    if let Ok(url) = std::env::var("BENCH_DATABASE_URL") {
        return Ok(url);
    }
    let test = std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| resourcery_tests::DEFAULT_TEST_DATABASE_URL.to_owned());
    let (base, params) = match test.split_once('?') {
        Some((b, p)) => (b, format!("?{p}")),
        None => (test.as_str(), String::new()),
    };
    let bench = match base.rsplit_once('/') {
        Some((server, _)) => format!("{server}/bench{params}"),
        None => return Ok(test.clone()),
    };
    if sqlx::PgPool::connect(&bench).await.is_ok() {
        return Ok(bench);
    }
    let admin = sqlx::PgPool::connect(&test).await.map_err(|e| {
        format!("PostgreSQL is not reachable at {test}: {e}; start it or set BENCH_DATABASE_URL")
    })?;
    let _ = sqlx::query("CREATE DATABASE bench").execute(&admin).await;
    admin.close().await;
    Ok(if sqlx::PgPool::connect(&bench).await.is_ok() {
        bench
    } else {
        test
    })
}

/// Orders of `customer` in [`STORE`] written straight into the table: `count` of them,
/// placed one millisecond apart starting at `start`, in `status`.
fn orders(
    count: usize,
    start: DateTime<Utc>,
    customer: Uuid,
    products: &[Uuid],
    status: Status,
) -> Vec<Order> {
    (0..count)
        .map(|i| {
            let at = start + chrono::Duration::milliseconds(i as i64);
            Order {
                id: Uuid::now_v7(),
                customer_id: customer,
                store: STORE.to_owned(),
                product_id: products[i % products.len()],
                quantity: (i % 5) as i32 + 1,
                lines: vec![OrderLine {
                    product_id: products[(i + 1) % products.len()],
                    quantity: 1,
                }],
                // Every other pair of orders has an address, so that taking every other
                // order (as the transitions do, one side each) gives both sides the same mix.
                shipping_address: (i / 2 % 2 == 0).then(|| twin::model::Address {
                    street: format!("{i} Bench Street"),
                    city: "Leeds".into(),
                    postal_code: "LS1 4AP".into(),
                    country: "GB".into(),
                }),
                status,
                note: (i % 3 == 0).then(|| format!("order {i}")),
                created_at: at,
                updated_at: at,
            }
        })
        .collect()
}

async fn insert(pool: &twin::Pool, orders: &[Order]) -> Result<(), String> {
    const INSERT: &str = r#"INSERT INTO "orders" ("id", "customer_id", "store", "product_id", "quantity", "lines", "shipping_address", "status", "note", "created_at", "updated_at") "#;
    macro_rules! insert_all {
        ($pool:expr, $db:ty) => {{
            let mut tx = $pool.begin().await.map_err(|e| e.to_string())?;
            for chunk in orders.chunks(500) {
                let mut query = sqlx::QueryBuilder::<$db>::new(INSERT);
                query.push_values(chunk, |mut row, o| {
                    row.push_bind(o.id)
                        .push_bind(o.customer_id)
                        .push_bind(o.store.clone())
                        .push_bind(o.product_id)
                        .push_bind(o.quantity)
                        .push_bind(Json(o.lines.clone()))
                        .push_bind(o.shipping_address.clone().map(Json))
                        .push_bind(o.status.as_str())
                        .push_bind(o.note.clone())
                        .push_bind(o.created_at)
                        .push_bind(o.updated_at);
                });
                query
                    .build()
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            tx.commit().await.map_err(|e| e.to_string())?;
            sqlx::query("ANALYZE")
                .execute($pool)
                .await
                .map_err(|e| e.to_string())?;
        }};
    }
    match pool {
        twin::Pool::Sqlite(p) => insert_all!(p, sqlx::Sqlite),
        twin::Pool::Postgres(p) => insert_all!(p, sqlx::Postgres),
    }
    Ok(())
}

/// One history entry for each order in the table, so the history table is one in use
/// when the transitions are measured. Started empty, it made the first service's
/// connections plan its statements for an empty table, which cost that service a fifth of
/// its transition throughput whichever service it was.
async fn seed_history(pool: &twin::Pool) -> Result<(), String> {
    let (sql, analyze) = match pool {
        twin::Pool::Sqlite(_) => (
            r#"INSERT INTO "orders_transitions" ("id", "subject_id", "seq", "action", "from_state", "to_state", "body", "actor", "at") SELECT randomblob(16), "id", 1, 'confirm', 'pending', 'confirmed', NULL, NULL, "created_at" FROM "orders""#,
            "ANALYZE",
        ),
        twin::Pool::Postgres(_) => (
            r#"INSERT INTO "orders_transitions" ("id", "subject_id", "seq", "action", "from_state", "to_state", "body", "actor", "at") SELECT gen_random_uuid(), "id", 1, 'confirm', 'pending', 'confirmed', NULL, NULL, "created_at" FROM "orders""#,
            "ANALYZE",
        ),
    };
    for statement in [sql, analyze] {
        match pool {
            twin::Pool::Sqlite(p) => sqlx::query(statement).execute(p).await.map(drop),
            twin::Pool::Postgres(p) => sqlx::query(statement).execute(p).await.map(drop),
        }
        .map_err(|e| format!("seeding the history: {e}"))?;
    }
    Ok(())
}

/// Creates customers of [`STORE`] and products through a generated service of its own, as
/// an administrator of the store, returning their ids.
async fn seed_references(target: &Target) -> Result<(Vec<Uuid>, Vec<Uuid>), String> {
    let server = Server::spawn(true, target, CURSOR_SECRET)?;
    let admin = serve::tokens()
        .access_token(
            &resourcery::Grant::new(Uuid::now_v7().to_string())
                .roles(["admin", "staff"])
                .tenant(STORE),
        )
        .map_err(|p| format!("cannot sign a token: {p:?}"))?;
    let mut client = Client::connect(server.addr, 1, Some(&admin)).await?;
    let mut ids = (Vec::new(), Vec::new());
    for i in 0..20 {
        for (path, body, out) in [
            (
                "/customers",
                json!({"email": format!("customer{i}@bench.example"), "name": format!("Customer {i}")}),
                &mut ids.0,
            ),
            (
                "/products",
                json!({"sku": format!("BEN-{i:04}"), "name": format!("Product {i}"), "priceCents": 100 + i}),
                &mut ids.1,
            ),
        ] {
            let call = Call::with_body(
                Method::POST,
                path.into(),
                body.to_string(),
                StatusCode::CREATED,
            );
            let answer = client.send(&call).await?;
            let created: Value = serde_json::from_slice(&answer.body).unwrap_or_default();
            let id = created["id"]
                .as_str()
                .and_then(|s| Uuid::try_parse(s).ok())
                .ok_or_else(|| {
                    format!(
                        "seeding {path}: {} {}",
                        answer.status,
                        String::from_utf8_lossy(&answer.body)
                    )
                })?;
            out.push(id);
        }
    }
    Ok(ids)
}

/// The two services, A (generated) and B (twin), with what each has sent so far.
struct Side {
    server: Server,
    sent: usize,
}

async fn run_on(config: &Config, db: &Database) -> Result<(Vec<OpResult>, MemoryResult), String> {
    let backend = db.target.name();
    // `BENCH_CALIBRATE=1` puts the twin on both sides: the ratios then show what the
    // harness alone makes of two identical servers.
    let first_is_generated =
        std::env::var("BENCH_CALIBRATE").map_or(true, |v| v.is_empty() || v == "0");
    let mut sides = [
        Side {
            server: Server::spawn(first_is_generated, &db.target, CURSOR_SECRET)?,
            sent: 0,
        },
        Side {
            server: Server::spawn(false, &db.target, CURSOR_SECRET)?,
            sent: 0,
        },
    ];
    let (customers, products) = seed_references(&db.target).await?;
    // The customer every request comes from, owner of every order.
    let customer = customers[0];
    let token = serve::tokens()
        .access_token(
            &resourcery::Grant::new(customer.to_string())
                .roles(["customer"])
                .tenant(STORE),
        )
        .map_err(|p| format!("cannot sign a token: {p:?}"))?;
    let start = Utc::now() - chrono::Duration::days(30);
    let seeded = orders(config.rows, start, customer, &products, Status::Pending);
    insert(&db.pool, &seeded).await?;
    seed_history(&db.pool).await?;
    // Newest first: the deep page starts four fifths of the way down the table.
    let deep = &seeded[config.rows - 1 - config.rows * 4 / 5];
    let cursor = resourcery::__private::cursor_after::<shop::Order>(
        CURSOR_SECRET.as_bytes(),
        "limit=20",
        &json!({"created_at": deep.created_at, "id": deep.id}),
    )
    .ok_or("no cursor")?;
    let ids: Arc<Vec<Uuid>> = Arc::new(seeded.iter().map(|o| o.id).collect());
    let products = Arc::new(products);

    let mut results = Vec::new();
    for op in config.ops.iter().copied() {
        let per_side = config.warmup + config.requests;
        // Each transition needs an order of its own still pending. The two services' orders
        // are written together, alternately, so neither gets rows the table treats better.
        let mut pending: [Arc<Vec<Uuid>>; 2] = Default::default();
        if op == "transition" {
            let fresh = orders(
                2 * per_side,
                start - chrono::Duration::days(1),
                customer,
                &products,
                Status::Pending,
            );
            insert(&db.pool, &fresh).await?;
            for (side, list) in pending.iter_mut().enumerate() {
                *list = Arc::new(fresh.iter().skip(side).step_by(2).map(|o| o.id).collect());
            }
        }
        let calls: [Calls; 2] = std::array::from_fn(|side| -> Calls {
            let ids = ids.clone();
            let pending = pending[side].clone();
            let products = products.clone();
            let cursor = cursor.clone();
            match op {
                "get" => {
                    Arc::new(move |i| Call::get(format!("/orders/{}", ids[(i * 7919) % ids.len()])))
                }
                "list_first_page" => Arc::new(|_| Call::get("/orders?limit=20".into())),
                "list_deep_page" => {
                    Arc::new(move |_| Call::get(format!("/orders?limit=20&cursor={cursor}")))
                }
                "update" => Arc::new(move |i| {
                    Call::with_body(
                        Method::PATCH,
                        format!("/orders/{}", ids[(i * 7919 + 13) % ids.len()]),
                        format!(r#"{{"quantity": {}, "note": "patched {i}"}}"#, i % 5 + 1),
                        StatusCode::OK,
                    )
                }),
                "transition" => {
                    Arc::new(move |i| Call::post(format!("/orders/{}/confirm", pending[i])))
                }
                _ => Arc::new(move |i| {
                    let product = products[i % products.len()];
                    let other = products[(i + 1) % products.len()];
                    Call::with_body(
                        Method::POST,
                        "/orders".into(),
                        json!({
                            "product_id": product,
                            "quantity": 2,
                            "lines": [{"product_id": other, "quantity": 1}],
                            "shipping_address": {"street": "1 Bench Street", "city": "Leeds", "postalCode": "LS1 4AP", "country": "GB"},
                            "note": "leave at the door"
                        })
                        .to_string(),
                        StatusCode::CREATED,
                    )
                }),
            }
        });
        let mut clients = [
            Client::connect(sides[0].server.addr, config.connections, Some(&token)).await?,
            Client::connect(sides[1].server.addr, config.connections, Some(&token)).await?,
        ];
        for (side, client) in clients.iter_mut().enumerate() {
            client
                .round_from(
                    sides[side].sent,
                    config.warmup,
                    &calls[side],
                    config.round_deadline,
                )
                .await
                .map_err(|e| format!("{backend} {op} warm-up: {e}"))?;
            sides[side].sent += config.warmup;
        }
        let mut rounds: [Vec<crate::load::Round>; 2] = Default::default();
        let per_round = config.requests.div_ceil(config.rounds.max(1));
        for r in 0..config.rounds {
            let order = if r.is_multiple_of(2) { [0, 1] } else { [1, 0] };
            for side in order {
                let count = per_round.min(config.requests - r * per_round);
                let cpu = sides[side].server.cpu_ns();
                let mut round = clients[side]
                    .round_from(sides[side].sent, count, &calls[side], config.round_deadline)
                    .await
                    .map_err(|e| format!("{backend} {op}: {e}"))?;
                round.server_cpu_ns = sides[side].server.cpu_ns().saturating_sub(cpu);
                sides[side].sent += count;
                rounds[side].push(round);
            }
        }
        for side in &mut sides {
            side.sent = 0;
        }
        let result = OpResult::new(backend, op, &rounds);
        eprintln!(
            "{backend:8} {op:16} generated {:6.0} req/s {:6.1} µs CPU, twin {:6.0} req/s {:6.1} µs CPU, ratio {:.3} (rounds {:.3}..{:.3})",
            result.generated.rps,
            result.generated.cpu_us,
            result.twin.rps,
            result.twin.cpu_us,
            result.ratio(),
            result.round_ratios.first().copied().unwrap_or_default(),
            result.round_ratios.last().copied().unwrap_or_default(),
        );
        results.push(result);
    }
    let memory = MemoryResult {
        backend,
        generated: sides[0].server.memory(),
        twin: sides[1].server.memory(),
    };
    Ok((results, memory))
}

/// The report as a Markdown table.
pub fn table(report: &Report) -> String {
    let c = &report.config;
    let mut out = format!(
        "{} orders in the table; per operation and service {} measured requests in {} alternating rounds after {} warm-up requests, {} connections each. The ratio is the median of the rounds' ratios (each round of one service beside the adjacent round of the other).\n\n",
        c.rows, c.requests, c.rounds, c.warmup, c.connections
    );
    out.push_str("| database | operation | generated req/s | twin req/s | generated / twin | rounds' quartiles | generated p50 ms | twin p50 ms | generated p99 ms | twin p99 ms | generated CPU µs/req | twin CPU µs/req |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in &report.ops {
        let (q1, q3) = r.quartiles();
        out.push_str(&format!(
            "| {} | {} | {:.0} | {:.0} | {:.3} | {:.3}–{:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1} | {:.1} |\n",
            r.backend,
            r.op,
            r.generated.rps,
            r.twin.rps,
            r.ratio(),
            q1,
            q3,
            r.generated.p50_ms,
            r.twin.p50_ms,
            r.generated.p99_ms,
            r.twin.p99_ms,
            r.generated.cpu_us,
            r.twin.cpu_us
        ));
    }
    out.push_str("\nPeak resident memory (VmHWM) of each server process under that load:\n\n| database | generated MiB | twin MiB |\n|---|---:|---:|\n");
    for m in &report.memory {
        out.push_str(&format!(
            "| {} | {:.1} | {:.1} |\n",
            m.backend,
            m.generated.peak_kib as f64 / 1024.0,
            m.twin.peak_kib as f64 / 1024.0
        ));
    }
    out
}

/// The report as JSON, for tools.
pub fn json_report(report: &Report) -> Value {
    let c = &report.config;
    let stats = |s: &Stats| json!({"requests": s.requests, "rps": s.rps, "p50_ms": s.p50_ms, "p99_ms": s.p99_ms, "server_cpu_us_per_request": s.cpu_us});
    json!({
        "config": {
            "rows": c.rows, "requests": c.requests, "rounds": c.rounds, "warmup": c.warmup,
            "connections": c.connections, "backends": c.backends,
        },
        "target_ratio": 0.97,
        "results": report.ops.iter().map(|r| json!({
            "backend": r.backend,
            "operation": r.op,
            "generated": stats(&r.generated),
            "twin": stats(&r.twin),
            "ratio": r.ratio(),
            "ratio_of_totals": r.overall_ratio(),
            "round_ratios": r.round_ratios,
        })).collect::<Vec<_>>(),
        "memory": report.memory.iter().map(|m| json!({
            "backend": m.backend,
            "generated": {"peak_kib": m.generated.peak_kib, "rss_kib": m.generated.rss_kib},
            "twin": {"peak_kib": m.twin.peak_kib, "rss_kib": m.twin.rss_kib},
        })).collect::<Vec<_>>(),
    })
}

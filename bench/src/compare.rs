//! The generated shop beside its hand-written twin ([`crate::twin`]), under the same load,
//! against the same database, in one run. The run is cut into sessions, each with a fresh
//! pair of server processes (child processes, so their peak resident memory can be read),
//! and each session measures every operation in short rounds that alternate between the
//! two services (A B A B ...), so drift of the machine falls on both alike. The twin goes
//! first in odd sessions. Per session, the ratio is the median of the rounds' pairs; the
//! reported ratio is the geometric mean of the sessions', with a 95% confidence interval.
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
    /// Measured requests per operation and service. `None` sizes them from the warm-up's
    /// pace, so that each service is measured for about [`Config::seconds`].
    pub requests: Option<usize>,
    /// Seconds of measured load per operation and service, when `requests` is `None`.
    pub seconds: f64,
    /// Sessions, each with a fresh pair of server processes.
    pub sessions: usize,
    /// Rounds per session, alternating between the services.
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
            requests: None,
            seconds: 16.0,
            sessions: 24,
            rounds: 30,
            warmup: 200,
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
            requests: Some(40),
            seconds: 0.0,
            sessions: 2,
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
    /// The generated service, over every session.
    pub generated: Stats,
    /// The hand-written twin, over every session.
    pub twin: Stats,
    /// Per session (a fresh pair of processes), the median over its rounds of the generated
    /// service's throughput over the twin's in the round right after, in the order they ran.
    pub session_ratios: Vec<f64>,
    /// Per round, in the order they ran: each side's throughput and server CPU per request.
    pub rounds: Vec<[RoundFigures; 2]>,
}

/// One side's figures in one round.
#[derive(Debug, Clone, Copy)]
pub struct RoundFigures {
    /// Requests per second of wall time.
    pub rps: f64,
    /// Server CPU per request, µs.
    pub cpu_us: f64,
}

impl RoundFigures {
    fn of(round: &crate::load::Round) -> RoundFigures {
        let n = round.latencies.len().max(1) as f64;
        RoundFigures {
            rps: round.latencies.len() as f64 / round.elapsed.as_secs_f64(),
            cpu_us: round.server_cpu_ns as f64 / 1e3 / n,
        }
    }
}

impl OpResult {
    fn new(
        backend: &'static str,
        op: &'static str,
        rounds: &[Vec<crate::load::Round>; 2],
        session_ratios: Vec<f64>,
    ) -> OpResult {
        OpResult {
            backend,
            op,
            generated: Stats::of(&rounds[0]),
            twin: Stats::of(&rounds[1]),
            session_ratios,
            rounds: rounds[0]
                .iter()
                .zip(&rounds[1])
                .map(|(g, t)| [RoundFigures::of(g), RoundFigures::of(t)])
                .collect(),
        }
    }

    /// The throughput ratio generated / twin: the geometric mean of the sessions' ratios.
    /// Without sessions, the ratio of the totals.
    pub fn ratio(&self) -> f64 {
        match log_mean_and_error(&self.session_ratios) {
            Some((mean, _)) => mean.exp(),
            None => self.overall_ratio(),
        }
    }

    /// The 95% confidence interval of [`OpResult::ratio`], from the scatter of the sessions'
    /// ratios (Student's t on their logarithms); the ratio itself with fewer than two.
    pub fn interval(&self) -> (f64, f64) {
        match log_mean_and_error(&self.session_ratios) {
            Some((mean, error)) if self.session_ratios.len() > 1 => {
                let t = student_t_975(self.session_ratios.len() - 1);
                ((mean - t * error).exp(), (mean + t * error).exp())
            }
            _ => (self.ratio(), self.ratio()),
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
}

/// The median of sorted values; `None` for none.
fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The mean of the logarithms of `ratios` and its standard error; `None` for no ratios.
fn log_mean_and_error(ratios: &[f64]) -> Option<(f64, f64)> {
    if ratios.is_empty() {
        return None;
    }
    let n = ratios.len() as f64;
    let logs = ratios.iter().map(|r| r.ln());
    let mean = logs.clone().sum::<f64>() / n;
    let variance = logs.map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    Some((mean, (variance / n).sqrt()))
}

/// The 97.5th percentile of Student's t distribution with `df` degrees of freedom.
fn student_t_975(df: usize) -> f64 {
    const TABLE: [f64; 20] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    ];
    match df {
        0 => f64::INFINITY,
        1..=20 => TABLE[df - 1],
        21..=30 => 2.042,
        31..=60 => 2.000,
        _ => 1.960,
    }
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

/// What one operation has measured so far, over the sessions.
#[derive(Default)]
struct Measured {
    /// Per side (generated, twin), every round, in order.
    rounds: [Vec<crate::load::Round>; 2],
    /// Per session, the generated service's throughput over the twin's.
    session_ratios: Vec<f64>,
    /// Per side, requests sent so far, warm-up included: request numbers never repeat.
    sent: [usize; 2],
    /// Per side, the pending orders made for transitions.
    pending: [Vec<Uuid>; 2],
    /// Requests per round and rounds per session, fixed by the first session's warm-up.
    shape: Option<(usize, usize)>,
}

/// `make(0)` and `make(1)` (generated, twin), called in `order`.
async fn in_order<T>(
    order: [usize; 2],
    mut make: impl AsyncFnMut(usize) -> Result<T, String>,
) -> Result<[T; 2], String> {
    let first = make(order[0]).await?;
    let second = make(order[1]).await?;
    Ok(if order[0] == 0 {
        [first, second]
    } else {
        [second, first]
    })
}

/// The fewest requests a round is cut to when the rounds are sized by time.
const MIN_ROUND: usize = 20;

async fn run_on(config: &Config, db: &Database) -> Result<(Vec<OpResult>, MemoryResult), String> {
    let backend = db.target.name();
    // `BENCH_CALIBRATE=1` puts the twin on both sides: the ratios then show what the
    // harness alone makes of two identical servers.
    let calibrating = std::env::var("BENCH_CALIBRATE").is_ok_and(|v| !v.is_empty() && v != "0");
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

    let calls_for = |op: &str, pending: Arc<Vec<Uuid>>| -> Calls {
        let ids = ids.clone();
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
    };
    // Each transition needs an order of its own still pending. The two services' orders are
    // written together, alternately, so neither gets rows the table treats better.
    let mut batches = 0;
    let mut add_pending = async |pending: &mut [Vec<Uuid>; 2], per_side: usize| {
        batches += 1;
        let fresh = orders(
            2 * per_side,
            start - chrono::Duration::days(batches),
            customer,
            &products,
            Status::Pending,
        );
        insert(&db.pool, &fresh).await?;
        for (side, list) in pending.iter_mut().enumerate() {
            list.extend(fresh.iter().skip(side).step_by(2).map(|o| o.id));
        }
        Ok::<(), String>(())
    };

    let sessions = config.sessions.max(1);
    let mut measured: Vec<Measured> = config.ops.iter().map(|_| Measured::default()).collect();
    let mut memory = [Memory::default(); 2];
    for session in 0..sessions {
        // A fresh pair of processes each session: how the system places two processes and
        // their database connections favours one of them by a few per cent, differently each
        // time, and only new pairs average that out. In odd sessions the twin is started,
        // connected and measured first.
        let order = if session % 2 == 0 { [0, 1] } else { [1, 0] };
        let servers = in_order(order, async |side| {
            Server::spawn(side == 0 && !calibrating, &db.target, CURSOR_SECRET)
        })
        .await?;
        for (op, m) in config.ops.iter().copied().zip(&mut measured) {
            if op == "transition" {
                add_pending(&mut m.pending, config.warmup).await?;
            }
            let mut clients = in_order(order, async |side| {
                Client::connect(servers[side].addr, config.connections, Some(&token)).await
            })
            .await?;
            // The warm-up also gives the pace, from which the first session sizes the rounds.
            let mut pace = 0.0;
            for side in order {
                let calls = calls_for(op, Arc::new(m.pending[side].clone()));
                let warmup = clients[side]
                    .round_from(m.sent[side], config.warmup, &calls, config.round_deadline)
                    .await
                    .map_err(|e| format!("{backend} {op} warm-up: {e}"))?;
                pace += warmup.latencies.len() as f64 / warmup.elapsed.as_secs_f64() / 2.0;
                m.sent[side] += config.warmup;
            }
            let (per_round, rounds) = *m.shape.get_or_insert_with(|| {
                let per_session = match config.requests {
                    Some(n) => n.div_ceil(sessions),
                    None if pace.is_finite() => (pace * config.seconds / sessions as f64) as usize,
                    None => MIN_ROUND,
                }
                .max(1);
                let rounds = config.rounds.min(per_session / MIN_ROUND).max(1);
                (per_session.div_ceil(rounds), rounds)
            });
            if op == "transition" {
                add_pending(&mut m.pending, per_round * rounds).await?;
            }
            let calls: [Calls; 2] =
                std::array::from_fn(|side| calls_for(op, Arc::new(m.pending[side].clone())));
            let mut session_rounds: [Vec<crate::load::Round>; 2] = Default::default();
            for _ in 0..rounds {
                for side in order {
                    let cpu = servers[side].cpu_ns();
                    let mut round = clients[side]
                        .round_from(m.sent[side], per_round, &calls[side], config.round_deadline)
                        .await
                        .map_err(|e| format!("{backend} {op}: {e}"))?;
                    round.server_cpu_ns = servers[side].cpu_ns().saturating_sub(cpu);
                    m.sent[side] += per_round;
                    session_rounds[side].push(round);
                }
            }
            // The median of the session's pairs: a stall of the machine or the database slows
            // one round of one side, and moves the median little.
            let mut pairs: Vec<f64> = session_rounds[0]
                .iter()
                .zip(&session_rounds[1])
                .map(|(g, t)| RoundFigures::of(g).rps / RoundFigures::of(t).rps)
                .filter(|r| r.is_finite() && *r > 0.0)
                .collect();
            pairs.sort_by(f64::total_cmp);
            if let Some(median) = median(&pairs) {
                m.session_ratios.push(median);
            }
            for (all, these) in m.rounds.iter_mut().zip(session_rounds) {
                all.extend(these);
            }
        }
        for (peak, server) in memory.iter_mut().zip(&servers) {
            let now = server.memory();
            if now.peak_kib > peak.peak_kib {
                *peak = now;
            }
        }
    }
    let mut results = Vec::new();
    for (op, m) in config.ops.iter().copied().zip(measured) {
        let result = OpResult::new(backend, op, &m.rounds, m.session_ratios);
        let (low, high) = result.interval();
        eprintln!(
            "{backend:8} {op:16} generated {:6.0} req/s {:6.1} µs CPU, twin {:6.0} req/s {:6.1} µs CPU, ratio {:.3} (95% {low:.3}..{high:.3})",
            result.generated.rps,
            result.generated.cpu_us,
            result.twin.rps,
            result.twin.cpu_us,
            result.ratio(),
        );
        results.push(result);
    }
    let memory = MemoryResult {
        backend,
        generated: memory[0],
        twin: memory[1],
    };
    Ok((results, memory))
}

/// The report as a Markdown table.
pub fn table(report: &Report) -> String {
    let c = &report.config;
    let load = match c.requests {
        Some(n) => format!("{n} measured requests"),
        None => format!("about {} s of measured load", c.seconds),
    };
    let mut out = format!(
        "{} orders in the table; per operation and service {load}, in {} sessions of a fresh pair of server processes, each session {} warm-up requests then up to {} rounds that alternate between the two services (A B A B ...), {} connections each. The ratio is the geometric mean of the sessions' ratios, with its 95% confidence interval.\n\n",
        c.rows, c.sessions, c.warmup, c.rounds, c.connections
    );
    out.push_str("| database | operation | generated req/s | twin req/s | generated / twin | 95% interval | generated p50 ms | twin p50 ms | generated p99 ms | twin p99 ms | generated CPU µs/req | twin CPU µs/req |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in &report.ops {
        let (low, high) = r.interval();
        out.push_str(&format!(
            "| {} | {} | {:.0} | {:.0} | {:.3} | {:.3}–{:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1} | {:.1} |\n",
            r.backend,
            r.op,
            r.generated.rps,
            r.twin.rps,
            r.ratio(),
            low,
            high,
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
            "rows": c.rows, "requests": c.requests, "seconds": c.seconds, "sessions": c.sessions,
            "rounds": c.rounds, "warmup": c.warmup,
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
            "interval_95": r.interval(),
            "session_ratios": r.session_ratios,
            "rounds": r.rounds.iter().map(|[g, t]| json!({
                "generated_rps": g.rps, "twin_rps": t.rps,
                "generated_cpu_us": g.cpu_us, "twin_cpu_us": t.cpu_us,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "memory": report.memory.iter().map(|m| json!({
            "backend": m.backend,
            "generated": {"peak_kib": m.generated.peak_kib, "rss_kib": m.generated.rss_kib},
            "twin": {"peak_kib": m.twin.peak_kib, "rss_kib": m.twin.rss_kib},
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(session_ratios: Vec<f64>) -> OpResult {
        OpResult {
            backend: "sqlite",
            op: "get",
            generated: Stats::default(),
            twin: Stats::default(),
            session_ratios,
            rounds: Vec::new(),
        }
    }

    #[test]
    fn the_median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[2.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 10.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 4.0, 10.0]), Some(3.0));
    }

    #[test]
    fn the_ratio_is_the_geometric_mean_of_the_sessions() {
        let r = result(vec![0.5, 2.0]);
        assert!((r.ratio() - 1.0).abs() < 1e-12, "{}", r.ratio());
        let r = result(vec![1.1, 1.1, 1.1]);
        assert!((r.ratio() - 1.1).abs() < 1e-12);
        // No scatter, no width.
        let (low, high) = r.interval();
        assert!((low - 1.1).abs() < 1e-12 && (high - 1.1).abs() < 1e-12);
    }

    #[test]
    fn the_interval_holds_the_ratio_and_narrows_with_more_sessions() {
        let few = result(vec![0.95, 1.05, 0.98, 1.02]);
        let many = result([0.95, 1.05, 0.98, 1.02].repeat(6));
        for r in [&few, &many] {
            let (low, high) = r.interval();
            assert!(low < r.ratio() && r.ratio() < high, "{low} {high}");
        }
        let width = |r: &OpResult| r.interval().1 - r.interval().0;
        assert!(width(&many) < width(&few) / 2.0);
        // Four sessions: t with three degrees of freedom, 3.182.
        let logs: Vec<f64> = few.session_ratios.iter().map(|r| r.ln()).collect();
        let mean = logs.iter().sum::<f64>() / 4.0;
        let sd = (logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / 3.0).sqrt();
        let expected = (mean + 3.182 * sd / 2.0).exp();
        assert!((few.interval().1 - expected).abs() < 1e-9);
    }

    #[test]
    fn without_sessions_the_ratio_of_totals_stands() {
        let mut r = result(Vec::new());
        r.generated.rps = 90.0;
        r.twin.rps = 100.0;
        assert!((r.ratio() - 0.9).abs() < 1e-12);
        assert_eq!(r.interval(), (r.ratio(), r.ratio()));
        let one = result(vec![1.2]);
        let (low, high) = one.interval();
        assert!((low - 1.2).abs() < 1e-12 && (high - 1.2).abs() < 1e-12);
    }

    #[test]
    fn student_t_falls_towards_the_normal() {
        assert!(student_t_975(0).is_infinite());
        assert_eq!(student_t_975(1), 12.706);
        assert_eq!(student_t_975(23), 2.042);
        assert_eq!(student_t_975(1000), 1.960);
        let values: Vec<f64> = (1..200).map(student_t_975).collect();
        assert!(values.windows(2).all(|w| w[0] >= w[1]));
    }
}

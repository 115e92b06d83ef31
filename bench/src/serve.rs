//! The two services as child processes of the benchmark, so each has its own memory to
//! measure: `bench serve-generated|serve-twin sqlite <path>` or
//! `... postgres <url> <schema>`. The child binds `127.0.0.1:0`, prints
//! `listening on <addr>` and serves until its standard input closes, so it never outlives
//! the benchmark. Both verify the tokens the shop signs with `JWT_SECRET`, which the
//! benchmark sets to [`JWT_SECRET`].

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::twin;

/// The token secret both services are started with (the shop reads `JWT_SECRET`).
pub const JWT_SECRET: &str = "bench token secret: at least 32 bytes long";

/// The shop's token service over [`JWT_SECRET`], as `shop::tokens` makes it from `JWT_SECRET`, with
/// access tokens that outlast a run under a profiler.
pub fn tokens() -> resourcery::Tokens {
    resourcery::Tokens::hs256(JWT_SECRET)
        .issuer("shop")
        .audience("shop-api")
        .access_ttl(Duration::from_secs(24 * 60 * 60))
}

/// Where both services find the database.
#[derive(Debug, Clone)]
pub enum Target {
    /// An SQLite file.
    Sqlite(String),
    /// A PostgreSQL URL and the schema holding the tables.
    Postgres {
        /// Connection URL.
        url: String,
        /// Schema, put first on the search path of every connection.
        schema: String,
    },
}

impl Target {
    /// `sqlite` or `postgres`.
    pub fn name(&self) -> &'static str {
        match self {
            Target::Sqlite(_) => "sqlite",
            Target::Postgres { .. } => "postgres",
        }
    }

    fn args(&self) -> Vec<String> {
        match self {
            Target::Sqlite(path) => vec!["sqlite".into(), path.clone()],
            Target::Postgres { url, schema } => {
                vec!["postgres".into(), url.clone(), schema.clone()]
            }
        }
    }

    /// Reads the arguments [`Server::spawn`] passes.
    pub fn from_args(args: &[String]) -> Option<Target> {
        match args {
            [kind, path] if kind == "sqlite" => Some(Target::Sqlite(path.clone())),
            [kind, url, schema] if kind == "postgres" => Some(Target::Postgres {
                url: url.clone(),
                schema: schema.clone(),
            }),
            _ => None,
        }
    }

    /// A pool configured as `resourcery::Db::connect` configures its own (WAL mode for
    /// SQLite, `DbOptions::default_max_connections()` connections, no ping on checkout),
    /// for either service: both get the same.
    pub async fn connect(&self) -> Result<twin::Pool, sqlx::Error> {
        match self {
            Target::Sqlite(path) => {
                let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
                    .create_if_missing(true)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5))
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal);
                let pool = SqlitePoolOptions::new()
                    .max_connections(resourcery::DbOptions::default_max_connections())
                    .acquire_timeout(Duration::from_secs(5))
                    .test_before_acquire(false)
                    .connect_with(options)
                    .await?;
                Ok(twin::Pool::Sqlite(pool))
            }
            Target::Postgres { url, schema } => {
                let options = PgConnectOptions::from_str(url)?.options([("search_path", schema)]);
                let pool = PgPoolOptions::new()
                    .max_connections(resourcery::DbOptions::default_max_connections())
                    .acquire_timeout(Duration::from_secs(5))
                    .test_before_acquire(false)
                    .connect_with(options)
                    .await?;
                Ok(twin::Pool::Postgres(pool))
            }
        }
    }
}

/// The generated service over `pool`: the shop exactly as `examples/shop` builds it, its
/// tokens from `JWT_SECRET` and its cursor key the twin's.
pub fn generated_router(pool: twin::Pool) -> Result<axum::Router, resourcery::Error> {
    let db = match pool {
        twin::Pool::Sqlite(p) => resourcery::Db::from(p),
        twin::Pool::Postgres(p) => resourcery::Db::from(p),
    };
    shop::api(db, shop::token_service(JWT_SECRET))
        .cursor_secret(twin::cursor_secret())
        .into_router()
}

/// Runs `serve-generated` or `serve-twin` in this process until standard input closes.
pub async fn serve(generated: bool, args: &[String]) -> Result<(), String> {
    let target = Target::from_args(args)
        .ok_or("usage: bench serve-generated|serve-twin sqlite <path> | postgres <url> <schema>")?;
    let pool = target.connect().await.map_err(|e| e.to_string())?;
    let router = if generated {
        generated_router(pool).map_err(|e| e.to_string())?
    } else {
        let secret = std::env::var("JWT_SECRET").map_err(|_| "JWT_SECRET is not set")?;
        twin::router(pool, secret.as_bytes())
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("listening on {addr}");
    // The parent holds the other end of stdin: when it closes (or the parent dies), stop.
    std::thread::spawn(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    axum::serve(listener, router)
        .await
        .map_err(|e| e.to_string())
}

/// Peak and current resident memory of a process, from `/proc/<pid>/status`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    /// `VmHWM`: the peak resident set, KiB.
    pub peak_kib: u64,
    /// `VmRSS`: the resident set now, KiB.
    pub rss_kib: u64,
}

/// A service running as a child process.
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `bench serve-generated` or `bench serve-twin` on `target` and waits until it
    /// listens.
    pub fn spawn(generated: bool, target: &Target, cursor_secret: &str) -> Result<Server, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let command = if generated {
            "serve-generated"
        } else {
            "serve-twin"
        };
        // `BENCH_SERVER_WRAPPER="valgrind --tool=callgrind"` runs each server under a tool.
        let wrapper = std::env::var("BENCH_SERVER_WRAPPER").unwrap_or_default();
        let mut words = wrapper.split_whitespace();
        let mut child = match words.next() {
            Some(tool) => {
                let mut c = Command::new(tool);
                c.args(words).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        let mut child = child
            .arg(command)
            .args(target.args())
            .env("RESOURCERY_CURSOR_SECRET", cursor_secret)
            .env("JWT_SECRET", JWT_SECRET)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {command}: {e}"))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|a| a.parse().ok());
        let Some(addr) = addr else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{command} did not start: `{}`", line.trim()));
        };
        Ok(Server { child, stdin, addr })
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// CPU time its threads have run so far, in nanoseconds (`/proc/<pid>/task/*/schedstat`).
    pub fn cpu_ns(&self) -> u64 {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{}/task", self.pid())) else {
            return 0;
        };
        tasks
            .flatten()
            .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
            .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
            .sum()
    }

    /// Its memory now (the peak is since it started).
    pub fn memory(&self) -> Memory {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        Memory {
            peak_kib: field("VmHWM:"),
            rss_kib: field("VmRSS:"),
        }
    }
}

impl Drop for Server {
    /// Closes its stdin, which ends it; kills it if it has not ended ten seconds later
    /// (a server under a profiler takes a while to write its profile).
    fn drop(&mut self) {
        drop(self.stdin.take());
        for _ in 0..200 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! Database access: one handle over SQLite or PostgreSQL, chosen at run time from a URL.
//!
//! The same generated code serves both backends: statements are rendered for each dialect
//! by the `sql` layer once and kept, values are always bound parameters, and sqlx caches
//! each prepared statement per connection. No state lives in the process besides the pool, so
//! any number of instances can share one database.

use std::str::FromStr;
use std::time::Duration;

use sqlx::Arguments;
use sqlx::error::ErrorKind;
use sqlx::postgres::{PgArguments, PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteArguments, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow, SqliteSynchronous,
};

use crate::error::Error;
use crate::sql::Backend;

pub(crate) mod fault;
pub(crate) mod field;

use field::FieldType;

/// The SQLite file used when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://resourcery.db";

#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A pooled connection to the service's database; cheap to clone.
///
/// ```no_run
/// # async fn run() -> Result<(), resourcery::Error> {
/// // `DATABASE_URL=postgres://...` picks PostgreSQL; unset, an SQLite file is used.
/// let db = resourcery::Db::connect_from_env_or("sqlite://shop.db").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Db {
    pub(crate) pool: Pool,
}

/// How [`Db::connect_with`] sizes and checks its pool of connections.
///
/// ```no_run
/// # async fn run() -> Result<(), resourcery::Error> {
/// use resourcery::{Db, DbOptions};
/// let db = Db::connect_with(
///     "postgres://app@db/shop",
///     DbOptions::default().max_connections(24).check_on_checkout(true),
/// )
/// .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct DbOptions {
    max_connections: Option<u32>,
    check_on_checkout: bool,
    acquire_timeout: Duration,
}

impl Default for DbOptions {
    /// [`DbOptions::default_max_connections`] connections, no check on checkout, 5 s to
    /// wait for a free connection.
    fn default() -> Self {
        DbOptions {
            max_connections: None,
            check_on_checkout: false,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

impl DbOptions {
    /// The most connections the pool opens; by default `DATABASE_MAX_CONNECTIONS`, else
    /// [`DbOptions::default_max_connections`]. An in-memory SQLite database always has one.
    #[must_use]
    pub fn max_connections(mut self, n: u32) -> Self {
        self.max_connections = Some(n.max(1));
        self
    }

    /// Whether a connection is pinged each time it is taken from the pool. Off by default:
    /// the ping is a round trip to the database before every statement (sqlx's default is
    /// on). Turn it on where the database restarts or drops idle connections often: with it
    /// off, a connection the database has closed fails its next request with a 503 and is
    /// replaced.
    #[must_use]
    pub fn check_on_checkout(mut self, check: bool) -> Self {
        self.check_on_checkout = check;
        self
    }

    /// How long a request waits for a free connection before it is a 503.
    #[must_use]
    pub fn acquire_timeout(mut self, timeout: Duration) -> Self {
        self.acquire_timeout = timeout;
        self
    }

    /// Four connections per available core, from 4 to 32: enough to keep the database busy
    /// while requests wait on the network, few enough not to crowd it.
    pub fn default_max_connections() -> u32 {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        u32::try_from(cores.saturating_mul(4))
            .unwrap_or(u32::MAX)
            .clamp(4, 32)
    }

    /// The pool size these options give: the set value, `DATABASE_MAX_CONNECTIONS`, or
    /// the default.
    fn resolved_max(&self) -> Result<u32, Error> {
        if let Some(n) = self.max_connections {
            return Ok(n);
        }
        match std::env::var("DATABASE_MAX_CONNECTIONS") {
            Ok(text) if !text.is_empty() => match text.parse::<u32>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(Error::Connect(format!(
                    "DATABASE_MAX_CONNECTIONS must be a positive integer, not `{text}`"
                ))),
            },
            _ => Ok(Self::default_max_connections()),
        }
    }
}

impl Db {
    /// Connects to `url`: `sqlite://path` (created if missing), `sqlite::memory:`, or
    /// `postgres://...`, with the default [`DbOptions`].
    pub async fn connect(url: &str) -> Result<Db, Error> {
        Self::connect_with(url, DbOptions::default()).await
    }

    /// Connects to `url` with a pool sized and checked as `options` say.
    pub async fn connect_with(url: &str, options: DbOptions) -> Result<Db, Error> {
        let max = options.resolved_max()?;
        if url.starts_with("sqlite:") {
            let memory = url.contains(":memory:") || url.contains("mode=memory");
            let connect = SqliteConnectOptions::from_str(url)
                .map_err(|e| Error::Connect(format!("invalid SQLite URL `{url}`: {e}")))?
                .create_if_missing(true)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            let connect = if memory {
                connect
            } else {
                connect
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
            };
            // Instances opening a new file at once race to switch it to WAL, and SQLite
            // answers that race with an immediate "database is locked" that its busy
            // timeout does not cover: try again for up to about five seconds.
            let mut attempt: u64 = 0;
            let pool = loop {
                // An in-memory database exists once per connection, so it gets exactly one.
                let opened = SqlitePoolOptions::new()
                    .max_connections(if memory { 1 } else { max })
                    .acquire_timeout(options.acquire_timeout)
                    .test_before_acquire(options.check_on_checkout)
                    .connect_with(connect.clone())
                    .await;
                match opened {
                    Err(sqlx::Error::Database(e)) if attempt < 50 && transient(e.as_ref()) => {
                        attempt += 1;
                        tokio::time::sleep(Duration::from_millis(10 * attempt.min(20))).await;
                    }
                    other => {
                        break other
                            .map_err(|e| Error::Connect(format!("cannot open `{url}`: {e}")))?;
                    }
                }
            };
            Ok(Db {
                pool: Pool::Sqlite(pool),
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(options.acquire_timeout)
                .test_before_acquire(options.check_on_checkout)
                .connect(url)
                .await
                .map_err(|e| Error::Connect(format!("cannot connect to PostgreSQL: {e}")))?;
            Ok(Db {
                pool: Pool::Postgres(pool),
            })
        } else {
            Err(Error::Connect(format!(
                "unsupported database URL `{url}`: use sqlite://path or postgres://user@host/db"
            )))
        }
    }

    /// Connects to `DATABASE_URL`, or to [`DEFAULT_DATABASE_URL`] when it is unset.
    pub async fn connect_from_env() -> Result<Db, Error> {
        Self::connect_from_env_or(DEFAULT_DATABASE_URL).await
    }

    /// Connects to `DATABASE_URL`, or to `default` when it is unset.
    pub async fn connect_from_env_or(default: &str) -> Result<Db, Error> {
        match std::env::var("DATABASE_URL") {
            Ok(url) if !url.is_empty() => Self::connect(&url).await,
            _ => Self::connect(default).await,
        }
    }

    /// The dialect this handle speaks.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The SQLite pool, for queries of your own.
    pub fn as_sqlite(&self) -> Option<&SqlitePool> {
        match &self.pool {
            Pool::Sqlite(pool) => Some(pool),
            Pool::Postgres(_) => None,
        }
    }

    /// The PostgreSQL pool, for queries of your own.
    pub fn as_postgres(&self) -> Option<&PgPool> {
        match &self.pool {
            Pool::Postgres(pool) => Some(pool),
            Pool::Sqlite(_) => None,
        }
    }

    /// Runs each statement in order, in one transaction.
    pub async fn execute_script(&self, statements: &[String]) -> Result<(), sqlx::Error> {
        match &self.pool {
            Pool::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                for sql in statements {
                    sqlx::query(sql).execute(&mut *tx).await?;
                }
                tx.commit().await
            }
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                for sql in statements {
                    sqlx::query(sql).execute(&mut *tx).await?;
                }
                tx.commit().await
            }
        }
    }
}

impl From<SqlitePool> for Db {
    fn from(pool: SqlitePool) -> Self {
        Db {
            pool: Pool::Sqlite(pool),
        }
    }
}

impl From<PgPool> for Db {
    fn from(pool: PgPool) -> Self {
        Db {
            pool: Pool::Postgres(pool),
        }
    }
}

/// Bound parameters of one statement, on either backend. Generated code pushes every
/// value through here so it never names a backend type.
#[doc(hidden)]
pub trait Args<'q> {
    fn push<T: FieldType>(&mut self, value: &'q T) -> Result<(), sqlx::error::BoxDynError>;
    fn push_opt<T: FieldType>(
        &mut self,
        value: Option<&'q T>,
    ) -> Result<(), sqlx::error::BoxDynError>;
    fn push_flag(&mut self, value: bool) -> Result<(), sqlx::error::BoxDynError>;
}

impl<'q> Args<'q> for SqliteArguments<'q> {
    fn push<T: FieldType>(&mut self, value: &'q T) -> Result<(), sqlx::error::BoxDynError> {
        T::bind_sqlite(Some(value), self)
    }
    fn push_opt<T: FieldType>(
        &mut self,
        value: Option<&'q T>,
    ) -> Result<(), sqlx::error::BoxDynError> {
        T::bind_sqlite(value, self)
    }
    fn push_flag(&mut self, value: bool) -> Result<(), sqlx::error::BoxDynError> {
        self.add(value)
    }
}

impl<'q> Args<'q> for PgArguments {
    fn push<T: FieldType>(&mut self, value: &'q T) -> Result<(), sqlx::error::BoxDynError> {
        T::bind_postgres(Some(value), self)
    }
    fn push_opt<T: FieldType>(
        &mut self,
        value: Option<&'q T>,
    ) -> Result<(), sqlx::error::BoxDynError> {
        T::bind_postgres(value, self)
    }
    fn push_flag(&mut self, value: bool) -> Result<(), sqlx::error::BoxDynError> {
        self.add(value)
    }
}

/// Column access by position on a row of either backend.
#[doc(hidden)]
pub trait RowAccess {
    fn column_opt<T: FieldType>(&self, index: usize) -> Result<Option<T>, sqlx::Error>;

    fn column<T: FieldType>(&self, index: usize) -> Result<T, sqlx::Error> {
        self.column_opt(index)?
            .ok_or_else(|| sqlx::Error::Decode(format!("column {index} is NULL").into()))
    }
}

impl RowAccess for SqliteRow {
    fn column_opt<T: FieldType>(&self, index: usize) -> Result<Option<T>, sqlx::Error> {
        T::decode_sqlite(self, index)
    }
}

impl RowAccess for PgRow {
    fn column_opt<T: FieldType>(&self, index: usize) -> Result<Option<T>, sqlx::Error> {
        T::decode_postgres(self, index)
    }
}

/// What a failed statement means to a client.
#[derive(Debug)]
pub(crate) enum DbFault {
    /// A UNIQUE constraint on this column.
    Unique(Option<String>),
    /// A foreign key; the column when the backend names it.
    ForeignKey(Option<String>),
    /// A NOT NULL column got NULL; the column when it can be recovered.
    NotNull(Option<String>),
    /// A CHECK constraint failed; the column it is about when that can be recovered.
    Check(Option<String>),
    /// The pool or the server cannot serve now.
    Unavailable,
    /// Anything else: a bug or a schema mismatch.
    Other,
}

/// Classifies an error. Constraint names follow `{table}_{column}_key` / `_fkey` / `_check`
/// / `_not_null`, the names the generated DDL gives them (and PostgreSQL's own defaults),
/// so the column can be recovered on PostgreSQL, which also names the column of a NOT
/// NULL violation; SQLite names `table.column` in its message for NOT NULL and the
/// constraint, or for an unnamed one its expression, for CHECK. The text found is only
/// ever matched against known columns, never sent.
pub(crate) fn classify(error: &sqlx::Error, table: &str) -> DbFault {
    /// The first column a CHECK expression names: the first identifier that is neither a
    /// function being called nor an SQL keyword.
    fn check_subject(expression: &str) -> Option<String> {
        const KEYWORDS: &[&str] = &[
            "and", "or", "not", "is", "null", "in", "like", "glob", "regexp", "match", "between",
            "true", "false", "case", "when", "then", "else", "end", "collate", "escape", "cast",
            "as", "distinct",
        ];
        let mut rest = expression;
        while !rest.is_empty() {
            let start =
                rest.find(|c: char| c.is_ascii_alphabetic() || matches!(c, '_' | '"' | '\''))?;
            rest = &rest[start..];
            if let Some(literal) = rest.strip_prefix('\'') {
                // A string literal names no column.
                rest = &literal[literal.find('\'')? + 1..];
                continue;
            }
            let (word, after) = if let Some(quoted) = rest.strip_prefix('"') {
                let end = quoted.find('"')?;
                (&quoted[..end], &quoted[end + 1..])
            } else {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            };
            let called = after.trim_start().starts_with('(');
            if !called && !KEYWORDS.contains(&word.to_ascii_lowercase().as_str()) {
                return Some(word.to_owned());
            }
            rest = after;
        }
        None
    }

    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::WorkerCrashed => DbFault::Unavailable,
        sqlx::Error::Database(db) if transient(db.as_ref()) => DbFault::Unavailable,
        sqlx::Error::Database(db) => {
            let column = || {
                if let Some(name) = db.constraint() {
                    let rest = name.strip_prefix(table)?.strip_prefix('_')?;
                    let col = rest
                        .strip_suffix("_key")
                        .or_else(|| rest.strip_suffix("_fkey"))
                        .or_else(|| rest.strip_suffix("_check"))
                        .or_else(|| rest.strip_suffix("_not_null"))?;
                    return Some(col.to_owned());
                }
                let message = db.message();
                let qualified = message.rsplit(": ").next()?;
                let (_, col) = qualified.split_once('.')?;
                Some(col.split([',', ' ']).next()?.to_owned())
            };
            match db.kind() {
                ErrorKind::UniqueViolation => DbFault::Unique(column()),
                ErrorKind::ForeignKeyViolation => DbFault::ForeignKey(column()),
                ErrorKind::NotNullViolation => DbFault::NotNull(
                    db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                        .and_then(|pg| pg.column())
                        .map(str::to_owned)
                        // `null value in column "x" of relation "t" ...` (PostgreSQL).
                        .or_else(|| {
                            let (_, rest) = db.message().split_once("column \"")?;
                            Some(rest.split('"').next()?.to_owned())
                        })
                        // `NOT NULL constraint failed: t.x` (SQLite).
                        .or_else(column),
                ),
                ErrorKind::CheckViolation => DbFault::Check(column().or_else(|| {
                    // SQLite: `CHECK constraint failed: price > 0` for an unnamed
                    // constraint; its first column, the one PostgreSQL would name it after.
                    let text = db.message().strip_prefix("CHECK constraint failed: ")?;
                    check_subject(text)
                })),
                _ => DbFault::Other,
            }
        }
        _ => DbFault::Other,
    }
}

/// Whether the database refused for a reason that passes: it is shutting down,
/// restarting, out of connections, or lost the connection (PostgreSQL SQLSTATE classes 08
/// and 57P, 53300), or chose this transaction to break a deadlock or a serialization
/// conflict (40001, 40P01); SQLite was busy or locked past the busy timeout. The client
/// may retry, so these are 503s with `Retry-After`, not 500s.
fn transient(db: &dyn sqlx::error::DatabaseError) -> bool {
    let Some(code) = db.code() else {
        return false;
    };
    if db
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .is_some()
    {
        return code.starts_with("08")
            || code.starts_with("57P")
            || matches!(&*code, "53300" | "40001" | "40P01");
    }
    // SQLite's extended result codes keep the primary code in the low byte.
    code.parse::<u32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6))
}

/// 32 random bytes from the operating system's generator (through `uuid`'s v4), for keys
/// a process or a database makes for itself.
pub(crate) fn random_key() -> Vec<u8> {
    [
        uuid::Uuid::new_v4().into_bytes(),
        uuid::Uuid::new_v4().into_bytes(),
    ]
    .concat()
}

/// The current time, truncated to microseconds: the precision PostgreSQL stores, so a
/// value returned on create equals the value read back later. Use it for timestamps of
/// rows you build yourself (see [`Tx::insert`](crate::Tx::insert)).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let now = chrono::Utc::now();
    let micros = now.timestamp_micros();
    chrono::DateTime::from_timestamp_micros(micros).unwrap_or(now)
}

#[cfg(test)]
mod options_tests {
    use super::*;

    #[test]
    fn pool_sizes_come_from_the_machine_unless_set() {
        let default = DbOptions::default_max_connections();
        assert!((4..=32).contains(&default), "{default}");
        assert_eq!(
            DbOptions::default()
                .max_connections(7)
                .resolved_max()
                .unwrap(),
            7
        );
        assert_eq!(
            DbOptions::default()
                .max_connections(0)
                .resolved_max()
                .unwrap(),
            1
        );
        assert!(!DbOptions::default().check_on_checkout);
    }

    #[tokio::test]
    async fn a_pool_connects_with_options() {
        let db = Db::connect_with(
            "sqlite::memory:",
            DbOptions::default()
                .max_connections(3)
                .check_on_checkout(true),
        )
        .await
        .unwrap();
        assert_eq!(db.backend(), Backend::Sqlite);
    }
}

//! The schema at start-up: migrations applied under a lock, so that any number of
//! instances starting together end in one schema; the live schema compared with the
//! declarations, so that a service never serves a database it does not match; and secrets
//! kept in the database, created by the first instance and read by all.
//!
//! The lock is a transaction: `pg_advisory_xact_lock` on PostgreSQL (keyed by database and
//! schema), `BEGIN IMMEDIATE` on SQLite (the database's write lock). Everything done at
//! start-up happens inside it and commits together, so an instance that dies half-way
//! leaves nothing half-done and holds no lock. Migrations are applied by sqlx's own
//! migrator into its own `_sqlx_migrations` table, so `sqlx migrate info` reads the same
//! history.

use std::borrow::Cow;
use std::path::Path;

use futures_util::future::BoxFuture;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};

use crate::db::{Db, Pool};
use crate::error::Error;
use crate::sql::Backend;
use crate::sql::schema::{self, Schema};

mod drift;
mod live;
pub(crate) mod write;

pub use write::Written;

/// The migration files of a service, for both backends: `<dir>/sqlite/*.sql` and
/// `<dir>/postgres/*.sql`, named `<version>_<description>.sql` as `sqlx migrate` names them.
/// [`Api::write_migrations`](crate::Api::write_migrations) writes them;
/// [`Api::migrate`](crate::Api::migrate) applies those of the database's backend.
///
/// ```no_run
/// # async fn run(api: resourcery::Api) -> Result<(), resourcery::Error> {
/// // Compiled into the binary (add `println!("cargo:rerun-if-changed=migrations")` to a
/// // build script so that a new file rebuilds it):
/// let migrations = resourcery::migrations!("testdata/migrations");
/// // Or read when the service starts:
/// let migrations = resourcery::Migrations::from_dir("migrations")?;
/// api.migrate(&migrations).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Migrations {
    files: Vec<File>,
    command: Option<String>,
}

#[derive(Debug, Clone)]
struct File {
    backend: Backend,
    version: i64,
    description: String,
    sql: Cow<'static, str>,
}

impl Migrations {
    /// Reads `<dir>/sqlite/*.sql` and `<dir>/postgres/*.sql`; a missing folder has no
    /// migrations.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Migrations, Error> {
        let mut files = Vec::new();
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let folder = dir.as_ref().join(folder(backend));
            for (name, path) in sql_files(&folder)? {
                let sql = std::fs::read_to_string(&path).map_err(|e| {
                    Error::Schema(format!("cannot read migration {}: {e}", path.display()))
                })?;
                files.push(File::parse(backend, &name, Cow::Owned(sql))?);
            }
        }
        Ok(Migrations::sorted(files))
    }

    /// What [`migrations!`](crate::migrations) compiles in: `(backend folder, file name,
    /// text)` of each file.
    #[doc(hidden)]
    pub fn __embedded(files: &'static [(&'static str, &'static str, &'static str)]) -> Migrations {
        let files = files
            .iter()
            .filter_map(|(backend, name, sql)| {
                let backend = match *backend {
                    "sqlite" => Backend::Sqlite,
                    _ => Backend::Postgres,
                };
                File::parse(backend, name, Cow::Borrowed(*sql)).ok()
            })
            .collect();
        Migrations::sorted(files)
    }

    /// The command that writes the next migration, named when the database differs from
    /// the declarations (for example `cargo run -- migrations write`).
    #[must_use]
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = Some(command.into());
        self
    }

    /// How many files there are for `backend`.
    pub fn len(&self, backend: Backend) -> usize {
        self.files.iter().filter(|f| f.backend == backend).count()
    }

    /// Whether there are no files for either backend.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn sorted(mut files: Vec<File>) -> Migrations {
        files.sort_by_key(|f| (f.backend.index(), f.version));
        Migrations {
            files,
            command: None,
        }
    }

    pub(crate) fn hint(&self) -> &str {
        self.command
            .as_deref()
            .unwrap_or("a command of your service that calls `Api::write_migrations`")
    }
}

impl File {
    /// `0002_add_note.sql` → version 2, description "add note" (as sqlx reads it).
    fn parse(backend: Backend, name: &str, sql: Cow<'static, str>) -> Result<File, Error> {
        let stem = name
            .strip_suffix(".up.sql")
            .or_else(|| name.strip_suffix(".sql"));
        let parsed = stem.and_then(|stem| {
            let (version, description) = stem.split_once('_')?;
            Some((version.parse::<i64>().ok()?, description.replace('_', " ")))
        });
        let Some((version, description)) = parsed else {
            return Err(Error::Schema(format!(
                "migration file `{name}` is not named `<version>_<description>.sql`"
            )));
        };
        Ok(File {
            backend,
            version,
            description,
            sql,
        })
    }
}

/// The folder of `backend`'s migrations.
pub(crate) fn folder(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// `(file name, path)` of the migration files in `folder`, by name; none if it is missing.
pub(crate) fn sql_files(folder: &Path) -> Result<Vec<(String, std::path::PathBuf)>, Error> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::Schema(format!(
                "cannot read {}: {e}",
                folder.display()
            )));
        }
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".sql") && !name.ends_with(".down.sql") {
            out.push((name, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// sqlx's migrator reads migrations from a source; ours are already in memory.
#[derive(Debug)]
struct Source(Vec<Migration>);

impl MigrationSource<'static> for Source {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, sqlx::error::BoxDynError>> {
        Box::pin(async move { Ok(self.0) })
    }
}

/// Runs `$body` with `$conn` bound to the connection of a [`Locked`] transaction,
/// whichever the backend, so each statement is written once.
macro_rules! on_locked {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            Locked::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            Locked::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

use on_locked;

/// A transaction holding the start-up lock.
enum Locked {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Locked {
    async fn begin(db: &Db) -> Result<Locked, sqlx::Error> {
        match &db.pool {
            Pool::Sqlite(pool) => Ok(Locked::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?)),
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query(schema::live::PG_LOCK).execute(&mut *tx).await?;
                Ok(Locked::Postgres(tx))
            }
        }
    }

    async fn execute(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        on_locked!(self, |conn| sqlx::query(sql).execute(conn).await.map(drop))
    }

    /// Runs `work` holding the lock: commits if it succeeds, rolls back at once if not. A
    /// dropped transaction would roll back only when its connection is next used, and
    /// keep the lock until then.
    async fn run<T>(
        db: &Db,
        work: impl AsyncFnOnce(&mut Locked) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut tx = Locked::begin(db)
            .await
            .map_err(schema_error("cannot take the schema lock"))?;
        match work(&mut tx).await {
            Ok(out) => {
                let done = match tx {
                    Locked::Sqlite(tx) => tx.commit().await,
                    Locked::Postgres(tx) => tx.commit().await,
                };
                done.map_err(schema_error("cannot commit the schema"))?;
                Ok(out)
            }
            Err(e) => {
                // A failed rollback closes the connection, which ends the transaction too.
                let _ = match tx {
                    Locked::Sqlite(tx) => tx.rollback().await,
                    Locked::Postgres(tx) => tx.rollback().await,
                };
                Err(e)
            }
        }
    }

    async fn migrate(&mut self, migrator: &Migrator) -> Result<(), sqlx::migrate::MigrateError> {
        on_locked!(self, |conn| migrator.run_direct(conn).await)
    }
}

fn schema_error(what: &str) -> impl Fn(sqlx::Error) -> Error + '_ {
    move |e| Error::Schema(format!("{what}: {e}"))
}

/// Creates what `declared` has and the database lacks (`IF NOT EXISTS`, and no index where
/// one on the same columns exists under another name), then checks the rest matches.
pub(crate) async fn ensure(db: &Db, declared: &Schema, hint: &str) -> Result<(), Error> {
    let backend = db.backend();
    Locked::run(db, async |tx| {
        let before = live::read(tx, backend)
            .await
            .map_err(schema_error("cannot read the schema"))?;
        for table in &declared.tables {
            tx.execute(&schema::create_table(table, backend))
                .await
                .map_err(schema_error(&format!("cannot create `{}`", table.name)))?;
        }
        for index in &declared.indexes {
            // An index exists under another name, or its table lacks a column (drift,
            // reported below, rather than a failed CREATE INDEX).
            let lacking = before.table(&index.table).is_some_and(|t| {
                index
                    .columns
                    .iter()
                    .any(|c| !t.columns.iter().any(|l| l.name == *c))
            });
            if lacking || before.has_index_on(&index.table, &index.columns) {
                continue;
            }
            tx.execute(&schema::create_index(index, backend))
                .await
                .map_err(schema_error(&format!(
                    "cannot create index `{}`",
                    index.name
                )))?;
        }
        check(tx, declared, backend, hint).await
    })
    .await
}

/// Applies `migrations` of the database's backend not applied yet, then checks that the
/// schema matches `declared`; on any failure nothing is applied.
pub(crate) async fn apply(
    db: &Db,
    migrations: &Migrations,
    declared: &Schema,
) -> Result<usize, Error> {
    let backend = db.backend();
    let files: Vec<Migration> = migrations
        .files
        .iter()
        .filter(|f| f.backend == backend)
        .map(|f| {
            Migration::new(
                f.version,
                Cow::Owned(f.description.clone()),
                MigrationType::Simple,
                f.sql.clone(),
                false,
            )
        })
        .collect();
    let count = files.len();
    let mut migrator = Migrator::new(Source(files))
        .await
        .map_err(|e| Error::Schema(e.to_string()))?;
    // The lock is ours (held by the transaction), not the migrator's session lock.
    migrator.set_locking(false);
    Locked::run(db, async |tx| {
        tx.migrate(&migrator).await.map_err(|e| {
            Error::Schema(format!(
                "the {} migrations cannot be applied: {e}",
                folder(backend)
            ))
        })?;
        check(tx, declared, backend, migrations.hint()).await
    })
    .await?;
    Ok(count)
}

async fn check(
    tx: &mut Locked,
    declared: &Schema,
    backend: Backend,
    hint: &str,
) -> Result<(), Error> {
    let now = live::read(tx, backend)
        .await
        .map_err(schema_error("cannot read the schema"))?;
    let differences = drift::differences(declared, &now, backend);
    if differences.is_empty() {
        return Ok(());
    }
    Err(Error::Drift(format!(
        "the {} database differs from the declarations:\n  - {}\nwrite a migration for the difference with {hint} and start again",
        match backend {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        },
        differences.join("\n  - ")
    )))
}

impl Db {
    /// A random 32-byte secret stored under `name` in the database: created by the first
    /// instance that asks, the same for every instance after. It lives in the runtime's
    /// table `resourcery_secrets` (created on first use, outside your migrations), so
    /// anyone who can read the database can read it: keep secrets that must survive a
    /// leak of the database in the environment instead.
    ///
    /// ```no_run
    /// # async fn run(db: resourcery::Db) -> Result<(), resourcery::Error> {
    /// let key = match std::env::var("JWT_SECRET") {
    ///     Ok(secret) => secret.into_bytes(),
    ///     Err(_) => db.shared_secret("jwt").await?,
    /// };
    /// let tokens = resourcery::Tokens::hs256(key);
    /// # let _ = tokens; Ok(()) }
    /// ```
    pub async fn shared_secret(&self, name: &str) -> Result<Vec<u8>, Error> {
        use base64::Engine as _;
        let engine = base64::engine::general_purpose::STANDARD;
        let fresh = engine.encode(crate::db::random_key());
        let backend = self.backend();
        let (offer, read) = (
            crate::sql::secrets::offer(backend),
            crate::sql::secrets::read(backend),
        );
        let failed =
            |e: sqlx::Error| Error::Schema(format!("cannot read the secret `{name}`: {e}"));
        // The table is the runtime's own, like sqlx's `_sqlx_migrations`: created here,
        // under the start-up lock, not by the service's migrations.
        let stored: String = Locked::run(self, async |tx| {
            for table in &crate::sql::secrets::schema().tables {
                tx.execute(&schema::create_table(table, backend))
                    .await
                    .map_err(failed)?;
            }
            let stored = on_locked!(tx, |conn| {
                sqlx::query(offer)
                    .bind(name)
                    .bind(&fresh)
                    .execute(&mut *conn)
                    .await
                    .map_err(failed)?;
                sqlx::query_scalar(read)
                    .bind(name)
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(failed)?
            });
            Ok(stored)
        })
        .await?;
        engine
            .decode(stored)
            .map_err(|e| Error::Schema(format!("the secret `{name}` is not base64: {e}")))
    }
}

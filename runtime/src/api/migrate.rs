//! The API's schema: what its resources declare, created in place for a quick start or
//! applied as migrations in production, and the cursor key kept beside it.

use std::path::Path;

use crate::api::Api;
use crate::error::Error;
use crate::migrate::{Migrations, Written};
use crate::problem::Problem;
use crate::routes::tx::Tx;
use crate::sql::Backend;
use crate::sql::schema::{self, Schema};

/// The name the cursor key is stored under in `resourcery_secrets`.
const CURSOR_SECRET: &str = "cursor";

impl Api {
    /// The declared schema: every registered resource in registration order, then the
    /// runtime's own tables.
    pub(crate) fn declared_schema(&self) -> Schema {
        let mut out = Schema::default();
        for meta in &self.resources {
            out.extend(schema::declared(meta));
        }
        if self.token_tables {
            out.extend(crate::sql::tokens::schema());
        }
        out
    }

    /// The DDL of every registered resource for `backend`, in registration order, and of
    /// the runtime's tables: what [`ensure_schema`](Api::ensure_schema) creates. For
    /// migration files, see [`write_migrations`](Api::write_migrations).
    pub fn schema_sql(&self, backend: Backend) -> Vec<String> {
        self.declared_schema().create_all(backend)
    }

    /// Creates missing tables and indexes in one transaction under the start-up lock (so
    /// instances starting together do not race), then checks that the database matches
    /// the declarations: a missing column, another type or nullability, a missing or
    /// duplicate index is [`Error::Drift`] naming each difference. The quick start; in
    /// production, prefer [`migrate`](Api::migrate). An index is not created where one on
    /// the same columns exists under another name.
    ///
    /// ```no_run
    /// # async fn run(api: resourcery::Api) -> Result<(), resourcery::Error> {
    /// api.ensure_schema().await?;
    /// # Ok(()) }
    /// ```
    pub async fn ensure_schema(&self) -> Result<(), Error> {
        let declared = self.declared_schema();
        crate::migrate::ensure(
            &self.db,
            &declared,
            "`Api::write_migrations` (or, for a scratch database, by deleting it)",
        )
        .await?;
        self.load_cursor_key().await
    }

    /// Applies the migrations of the database's backend that are not applied yet, in
    /// version order, under the start-up lock: a PostgreSQL advisory lock or SQLite's write
    /// lock, held by one transaction, so any number of instances starting together apply
    /// each migration once and all end in one schema. The history is sqlx's
    /// (`_sqlx_migrations`, same checksums), so `sqlx migrate info` reads it. Then the
    /// schema is compared with the declarations, and a difference is [`Error::Drift`],
    /// naming it and [`Migrations::command`]; on any error nothing is applied.
    ///
    /// ```no_run
    /// # async fn run(api: resourcery::Api) -> Result<(), resourcery::Error> {
    /// api.migrate(&resourcery::migrations!("testdata/migrations")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn migrate(&self, migrations: &Migrations) -> Result<(), Error> {
        crate::migrate::apply(&self.db, migrations, &self.declared_schema()).await?;
        self.load_cursor_key().await
    }

    /// Writes the next migration into `dir` (`<dir>/sqlite/NNNN_<what>.sql` and
    /// `<dir>/postgres/NNNN_<what>.sql`, the layout of `sqlx migrate`) when the
    /// declarations differ from the schema the existing files build; `None` when they do
    /// not. Needs no database: each file written ends with a snapshot of the schema it
    /// builds. Nothing that drops data is written; what a backend cannot change in place
    /// is listed in [`Written::needs_a_hand`] and in the file.
    ///
    /// ```no_run
    /// # fn run(api: resourcery::Api) -> Result<(), resourcery::Error> {
    /// match api.write_migrations("migrations")? {
    ///     Some(written) => println!("wrote {:?}", written.files),
    ///     None => println!("the migrations are up to date"),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn write_migrations(&self, dir: impl AsRef<Path>) -> Result<Option<Written>, Error> {
        crate::migrate::write::write(dir.as_ref(), &self.declared_schema())
    }

    /// Runs `seed` in one transaction under the start-up lock and commits it if it
    /// succeeds: instances starting together run it one after the other, each seeing what
    /// the ones before committed, so a seed that checks before it inserts inserts once.
    ///
    /// ```no_run
    /// # use resourcery::prelude::*;
    /// # #[resource(path = "/tags")]
    /// # pub struct Tag { #[field(id)] pub id: Uuid, #[field(unique)] pub name: String }
    /// # async fn run(api: resourcery::Api) -> Result<(), resourcery::Error> {
    /// api.seed(async |tx: &mut resourcery::Tx| {
    ///     let count: i64 = match tx.as_sqlite() {
    ///         Some(conn) => sqlx::query_scalar("SELECT COUNT(*) FROM tags").fetch_one(conn).await?,
    ///         None => 0,
    ///     };
    ///     if count == 0 {
    ///         tx.insert(&Tag { id: Uuid::now_v7(), name: "tea".into() }).await?;
    ///     }
    ///     Ok(())
    /// })
    /// .await?;
    /// # Ok(()) }
    /// ```
    pub async fn seed<F>(&self, seed: F) -> Result<(), Error>
    where
        F: AsyncFnOnce(&mut Tx) -> Result<(), Problem>,
    {
        let failed = |p: Problem| Error::Schema(format!("seeding failed: {p}"));
        let mut tx = Tx::begin_locked(&self.db).await.map_err(failed)?;
        match seed(&mut tx).await {
            Ok(()) => tx.commit(&crate::model::NO_RESOURCE).await.map_err(failed),
            Err(problem) => {
                tx.rollback().await;
                Err(failed(problem))
            }
        }
    }

    /// Reads the cursor key from the database (creating it on first use) unless one was
    /// given.
    async fn load_cursor_key(&self) -> Result<(), Error> {
        if self.cursor_secret.is_none() && !self.cursor_key.is_set() {
            let secret = self.db.shared_secret(CURSOR_SECRET).await?;
            self.cursor_key.set(&secret);
        }
        Ok(())
    }

    /// Settles the cursor key before the router serves: the given one, else the one read
    /// from the database, else one of this process alone, with a warning.
    pub(super) fn settle_cursor_key(&self) {
        if let Some(secret) = &self.cursor_secret {
            self.cursor_key.set(secret);
        } else if !self.cursor_key.is_set() {
            tracing::warn!(
                "no cursor key: set RESOURCERY_CURSOR_SECRET, or call `Api::ensure_schema` or `Api::migrate` to keep one in the database; until then cursors are signed with a key of this process alone and other instances refuse them"
            );
            self.cursor_key.set_random();
        }
    }
}

//! Transactions on either backend: [`Tx`], the handle transition guards and hooks (and
//! later function endpoints) receive to read and write in the same transaction as the
//! generated statement.
//!
//! A `Tx` is always finished by the runtime: committed when the operation succeeds, rolled
//! back explicitly when anything fails, so a refused guard or a failed hook leaves no trace
//! and no lock behind.

use sqlx::Arguments;
use sqlx::postgres::{PgArguments, PgConnection};
use sqlx::sqlite::{SqliteArguments, SqliteConnection};
use sqlx::{Postgres, Sqlite, Transaction};

use crate::db::fault::{Doing, bind_failed, db_problem};
use crate::db::{Db, Pool, RowAccess};
use crate::model::ResourceMeta;
use crate::problem::Problem;
use crate::routes::resource::Resource;
use crate::sql::{Backend, Variant};

/// An open transaction on the service's database.
///
/// Guards and after-transition hooks get one through
/// [`Transition::tx`](crate::routes::transition::hook::Transition::tx); everything they do through it commits or
/// rolls back together with the transition.
///
/// ```no_run
/// # use resourcery::prelude::*;
/// # #[resource(path = "/customers")]
/// # pub struct Customer { #[field(id)] pub id: Uuid, pub suspended: bool }
/// async fn count_customers(tx: &mut resourcery::Tx) -> Result<i64, sqlx::Error> {
///     let sql = "SELECT COUNT(*) FROM customers";
///     if let Some(conn) = tx.as_sqlite() {
///         return sqlx::query_scalar(sql).fetch_one(conn).await;
///     }
///     match tx.as_postgres() {
///         Some(conn) => sqlx::query_scalar(sql).fetch_one(conn).await,
///         None => unreachable!("a transaction is on one of the two backends"),
///     }
/// }
/// ```
pub struct Tx {
    inner: Inner,
    /// The caller of the request that opened the transaction.
    pub(crate) principal: Option<std::sync::Arc<crate::model::principal::Principal>>,
}

enum Inner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx")
            .field("backend", &self.backend())
            .finish()
    }
}

impl Tx {
    /// Opens a write transaction. On SQLite it is `BEGIN IMMEDIATE`, which takes the write
    /// lock at once, so what the transaction reads stays true until it commits.
    pub(crate) async fn begin(db: &Db, meta: &ResourceMeta) -> Result<Tx, Problem> {
        let inner = match &db.pool {
            Pool::Sqlite(pool) => pool.begin_with("BEGIN IMMEDIATE").await.map(Inner::Sqlite),
            Pool::Postgres(pool) => pool.begin().await.map(Inner::Postgres),
        };
        inner
            .map(|inner| Tx {
                inner,
                principal: None,
            })
            .map_err(|e| db_problem(meta, e, Doing::Writing))
    }

    /// The authenticated caller of the request this transaction serves; `None` without
    /// authentication or for an anonymous call of a public route.
    pub fn principal(&self) -> Option<&crate::model::principal::Principal> {
        self.principal.as_deref()
    }

    /// The dialect of the transaction's connection.
    pub fn backend(&self) -> Backend {
        match self.inner {
            Inner::Sqlite(_) => Backend::Sqlite,
            Inner::Postgres(_) => Backend::Postgres,
        }
    }

    /// The connection, when the database is SQLite: pass it to sqlx as the executor.
    pub fn as_sqlite(&mut self) -> Option<&mut SqliteConnection> {
        match &mut self.inner {
            Inner::Sqlite(tx) => Some(&mut **tx),
            Inner::Postgres(_) => None,
        }
    }

    /// The connection, when the database is PostgreSQL: pass it to sqlx as the executor.
    pub fn as_postgres(&mut self) -> Option<&mut PgConnection> {
        match &mut self.inner {
            Inner::Postgres(tx) => Some(&mut **tx),
            Inner::Sqlite(_) => None,
        }
    }

    /// The stored `R` with this id, read inside the transaction with the statement of
    /// `R`'s `get` route.
    pub async fn get<R: Resource>(&mut self, id: uuid::Uuid) -> Result<Option<R>, Problem> {
        self.fetch::<R>(
            R::statements()
                .get
                .get(Variant::Unscoped, self.backend().index()),
            id,
        )
        .await
    }

    /// The stored `R` with this id, locked until the transaction ends (`FOR UPDATE` on
    /// PostgreSQL; SQLite's `BEGIN IMMEDIATE` already holds the write lock).
    pub async fn lock<R: Resource>(&mut self, id: uuid::Uuid) -> Result<Option<R>, Problem> {
        self.fetch::<R>(
            R::statements()
                .lock
                .get(Variant::Unscoped, self.backend().index()),
            id,
        )
        .await
    }

    /// Inserts a row built by the server, with the statement of `R`'s create route (no
    /// validation: the values are yours, not a client's).
    pub async fn insert<R: Resource>(&mut self, row: &R) -> Result<(), Problem> {
        let sql = R::statements().insert[self.backend().index()].as_str();
        let done = match &mut self.inner {
            Inner::Sqlite(tx) => {
                let mut args = SqliteArguments::default();
                row.bind_insert(&mut args).map_err(bind_failed)?;
                sqlx::query_with(sql, args)
                    .execute(&mut **tx)
                    .await
                    .map(drop)
            }
            Inner::Postgres(tx) => {
                let mut args = PgArguments::default();
                row.bind_insert(&mut args).map_err(bind_failed)?;
                sqlx::query_with(sql, args)
                    .execute(&mut **tx)
                    .await
                    .map(drop)
            }
        };
        done.map_err(|e| db_problem(&R::META, e, Doing::Writing))
    }

    /// Runs a statement of `R` that takes the id as its only value and returns one row.
    async fn fetch<R: Resource>(
        &mut self,
        sql: &str,
        id: uuid::Uuid,
    ) -> Result<Option<R>, Problem> {
        Ok(self
            .fetch_with::<R>(sql, id, &crate::auth::scope::Scope::default(), None)
            .await?
            .map(|(row, _)| row))
    }

    /// Reads `R`'s row with the statement that locks it, and the wire name of its state
    /// (the column at `state`).
    pub(crate) async fn lock_row<R: Resource>(
        &mut self,
        sql: &str,
        id: uuid::Uuid,
        scope: &crate::auth::scope::Scope,
        state: usize,
    ) -> Result<Option<(R, String)>, Problem> {
        Ok(self
            .fetch_with::<R>(sql, id, scope, Some(state))
            .await?
            .map(|(row, state)| (row, state.unwrap_or_default())))
    }

    async fn fetch_with<R: Resource>(
        &mut self,
        sql: &str,
        id: uuid::Uuid,
        scope: &crate::auth::scope::Scope,
        state: Option<usize>,
    ) -> Result<Option<(R, Option<String>)>, Problem> {
        fn decode<R: Resource, Row: RowAccess>(
            row: &Row,
            state: Option<usize>,
        ) -> Result<(R, Option<String>), sqlx::Error> {
            let wire = state.map(|i| row.column::<String>(i)).transpose()?;
            Ok((R::from_row(row)?, wire))
        }
        let row = match &mut self.inner {
            Inner::Sqlite(tx) => {
                let mut args = SqliteArguments::default();
                args.add(id).map_err(bind_failed)?;
                scope.bind(&mut args)?;
                sqlx::query_with(sql, args)
                    .fetch_optional(&mut **tx)
                    .await
                    .map(|row| row.map(|r| decode::<R, _>(&r, state)))
            }
            Inner::Postgres(tx) => {
                let mut args = PgArguments::default();
                args.add(id).map_err(bind_failed)?;
                scope.bind(&mut args)?;
                sqlx::query_with(sql, args)
                    .fetch_optional(&mut **tx)
                    .await
                    .map(|row| row.map(|r| decode::<R, _>(&r, state)))
            }
        };
        match row {
            Ok(Some(Ok(found))) => Ok(Some(found)),
            Ok(Some(Err(e))) => Err(Problem::internal(e)),
            Ok(None) => Ok(None),
            Err(e) => Err(db_problem(&R::META, e, Doing::Reading)),
        }
    }

    pub(crate) fn sqlite(&mut self) -> Option<&mut Transaction<'static, Sqlite>> {
        match &mut self.inner {
            Inner::Sqlite(tx) => Some(tx),
            Inner::Postgres(_) => None,
        }
    }

    pub(crate) fn postgres(&mut self) -> Option<&mut Transaction<'static, Postgres>> {
        match &mut self.inner {
            Inner::Postgres(tx) => Some(tx),
            Inner::Sqlite(_) => None,
        }
    }

    pub(crate) async fn commit(self, meta: &ResourceMeta) -> Result<(), Problem> {
        let done = match self.inner {
            Inner::Sqlite(tx) => tx.commit().await,
            Inner::Postgres(tx) => tx.commit().await,
        };
        done.map_err(|e| db_problem(meta, e, Doing::Writing))
    }

    /// Opens a write transaction holding the start-up lock (see `migrate`): on PostgreSQL
    /// the advisory lock the migrations take, on SQLite the write lock `BEGIN IMMEDIATE`
    /// already holds.
    pub(crate) async fn begin_locked(db: &Db) -> Result<Tx, Problem> {
        let mut tx = Tx::begin(db, &crate::model::NO_RESOURCE).await?;
        if let Inner::Postgres(pg) = &mut tx.inner
            && let Err(e) = sqlx::query(crate::sql::schema::live::PG_LOCK)
                .execute(&mut **pg)
                .await
        {
            tx.rollback().await;
            return Err(db_problem(&crate::model::NO_RESOURCE, e, Doing::Writing));
        }
        Ok(tx)
    }

    /// Rolls back; a failure only closes the connection, so it is not reported.
    pub(crate) async fn rollback(self) {
        let _ = match self.inner {
            Inner::Sqlite(tx) => tx.rollback().await,
            Inner::Postgres(tx) => tx.rollback().await,
        };
    }
}

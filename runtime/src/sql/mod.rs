//! The only SQL writer: statements are data (a table, columns, predicates, assignments)
//! rendered for SQLite or PostgreSQL once, when a resource is registered, and kept. Only
//! names checked by the macros and placeholders appear in the text; every value is bound.

use crate::model::{ResourceMeta, SqlType};

pub(crate) mod list;
pub(crate) mod resource;
pub(crate) mod schema;
pub(crate) mod secrets;
pub(crate) mod statement;
pub(crate) mod tokens;
pub(crate) mod value;

/// Which SQL dialect a [`Db`](crate::Db) speaks.
///
/// ```
/// # async fn run() -> Result<(), resourcery::Error> {
/// let db = resourcery::Db::connect("sqlite::memory:").await?;
/// assert_eq!(db.backend(), resourcery::Backend::Sqlite);
/// // The DDL to keep as a migration for the production database:
/// let ddl = resourcery::Api::new(db).schema_sql(resourcery::Backend::Postgres);
/// assert!(ddl.is_empty());
/// # Ok(()) }
/// # tokio::runtime::Runtime::new().unwrap().block_on(run()).unwrap();
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Embedded SQLite (the default).
    Sqlite,
    /// PostgreSQL (and PostgreSQL-wire databases).
    Postgres,
}

impl Backend {
    /// Position of this backend's statements in a resource's statement table.
    #[doc(hidden)]
    pub const fn index(self) -> usize {
        match self {
            Backend::Sqlite => 0,
            Backend::Postgres => 1,
        }
    }

    /// Appends the placeholder of the `n`th bound value (from 1): `?` or `$n`.
    pub(crate) fn write_placeholder(self, sql: &mut String, n: usize) {
        match self {
            Backend::Sqlite => sql.push('?'),
            Backend::Postgres => {
                use std::fmt::Write as _;
                let _ = write!(sql, "${n}");
            }
        }
    }
}

/// The column type of `ty` in DDL for `backend`.
pub(crate) fn column_type(ty: SqlType, backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => match ty {
            SqlType::Bool => "BOOLEAN",
            SqlType::SmallInt | SqlType::Int | SqlType::BigInt => "INTEGER",
            SqlType::Real | SqlType::Double => "REAL",
            SqlType::Uuid => "BLOB",
            SqlType::Text | SqlType::Timestamp | SqlType::Date | SqlType::Json => "TEXT",
        },
        Backend::Postgres => match ty {
            SqlType::Bool => "BOOLEAN",
            SqlType::SmallInt => "SMALLINT",
            SqlType::Int => "INTEGER",
            SqlType::BigInt => "BIGINT",
            SqlType::Real => "REAL",
            SqlType::Double => "DOUBLE PRECISION",
            SqlType::Text => "TEXT",
            SqlType::Uuid => "UUID",
            SqlType::Timestamp => "TIMESTAMPTZ",
            SqlType::Date => "DATE",
            SqlType::Json => "JSONB",
        },
    }
}

/// The table recording the transitions of a resource with `#[field(state, history)]`.
pub(crate) fn history_table(meta: &ResourceMeta) -> String {
    format!("{}_transitions", meta.table)
}

/// Which statements a request runs: the resource's own, or those with the tenant
/// predicate, or with the owner predicate too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    Unscoped = 0,
    Tenant = 1,
    Owner = 2,
}

//! Database failures as problems: what a failed statement means to a client (a unique or
//! reference violation, a broken rule, an outage), without SQL or driver text.

use axum::http::{HeaderValue, header};

use crate::db::{DbFault, classify};
use crate::model::ResourceMeta;
use crate::problem::{Problem, ProblemType};
use crate::validate::Violations;

/// What a statement was doing, which decides what a foreign-key failure means.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Doing {
    Reading,
    Writing,
    Deleting,
}

/// A failed statement of your own (in a function endpoint, a hook or a rule) as the
/// problem a client should see: a constraint violation is a 409 or 422 without naming the
/// constraint, an unreachable database a 503, anything else a 500 logged under the request
/// id. Nothing from SQL or the driver is sent.
impl From<sqlx::Error> for Problem {
    fn from(error: sqlx::Error) -> Problem {
        db_problem(&crate::model::NO_RESOURCE, error, Doing::Writing)
    }
}

/// Maps a failed statement to the problem a client should see.
pub(crate) fn db_problem(meta: &ResourceMeta, error: sqlx::Error, doing: Doing) -> Problem {
    // A rule the database enforces but the resource does not declare (a CHECK or NOT NULL
    // added by a migration): a violation at the field when the column is known, else a
    // bare conflict. The constraint's name or expression is never sent.
    let broken_rule = |column: Option<String>, code: &'static str, rule: &str| {
        let field = column.as_deref().and_then(|c| meta.field_by_column(c));
        match field {
            Some(field) => {
                let mut violations = Violations::new();
                violations.add(
                    field.name,
                    crate::validate::Invalid::new(code, format!("`{}` {rule}", field.name)),
                );
                Problem::validation(violations)
            }
            None => Problem::new(ProblemType::CONFLICT).detail(format!(
                "the request breaks a rule the database keeps for {} records",
                meta.name
            )),
        }
    };
    match classify(&error, meta.table) {
        DbFault::Unique(column) => {
            let field = column
                .as_deref()
                .and_then(|c| meta.field_by_column(c))
                .map(|f| f.name);
            let detail = match field {
                Some(f) => format!("another {} already has this `{f}`", meta.name),
                None => format!("another {} already has these values", meta.name),
            };
            let problem = Problem::new(ProblemType::UNIQUE_VIOLATION).detail(detail);
            match field {
                Some(f) => problem.with("field", f),
                None => problem,
            }
        }
        DbFault::ForeignKey(_) if doing == Doing::Deleting => {
            Problem::new(ProblemType::REFERENCE_VIOLATION).detail(format!(
                "this {} is still referenced by other resources; delete or change those first",
                meta.name
            ))
        }
        DbFault::ForeignKey(column) => {
            // PostgreSQL names the constraint; SQLite does not, so every reference is a suspect.
            let named: Vec<_> = match column.as_deref().and_then(|c| meta.field_by_column(c)) {
                Some(f) => vec![f],
                None => meta
                    .fields
                    .iter()
                    .filter(|f| f.references.is_some())
                    .collect(),
            };
            let names: Vec<String> = named.iter().map(|f| format!("`{}`", f.name)).collect();
            let targets: Vec<&str> = named
                .iter()
                .filter_map(|f| f.references.map(|t| t().name))
                .collect();
            let problem =
                Problem::new(ProblemType::REFERENCE_VIOLATION).detail(match names.as_slice() {
                    [one] => format!(
                        "{one} must name an existing {}",
                        targets.first().copied().unwrap_or("resource")
                    ),
                    many => format!(
                        "one of {} names a resource that does not exist",
                        many.join(", ")
                    ),
                });
            match named.as_slice() {
                [one] => problem
                    .with("field", one.name)
                    .with("relation", targets.first().copied().unwrap_or_default()),
                _ => problem,
            }
        }
        DbFault::NotNull(column) => broken_rule(column, "not_null", "must not be null"),
        DbFault::Check(column) => {
            broken_rule(column, "check", "has a value the database does not accept")
        }
        DbFault::Unavailable => Problem::new(ProblemType::SERVICE_UNAVAILABLE)
            .detail("the database is unavailable; retry shortly")
            .header(header::RETRY_AFTER, HeaderValue::from_static("1"))
            .source(error),
        DbFault::Other => Problem::internal(error),
    }
}

/// Runs `$body` with `$pool` bound to the concrete pool and `$args` to an empty argument
/// list of the matching backend, so each statement is written once.
macro_rules! on_backend {
    ($db:expr, |$pool:ident, $args:ident, $b:ident| $body:expr) => {
        match &$db.pool {
            $crate::db::Pool::Sqlite($pool) => {
                #[allow(unused_mut)]
                let mut $args = ::sqlx::sqlite::SqliteArguments::default();
                let $b = 0usize;
                $body
            }
            $crate::db::Pool::Postgres($pool) => {
                #[allow(unused_mut)]
                let mut $args = ::sqlx::postgres::PgArguments::default();
                let $b = 1usize;
                $body
            }
        }
    };
    // The arguments of a statement built per request (`query::Statement`).
    ($db:expr, $st:expr, |$pool:ident, $args:ident| $body:expr) => {
        match &$db.pool {
            $crate::db::Pool::Sqlite($pool) => {
                let $args = $st.sqlite_args().map_err($crate::db::fault::bind_failed)?;
                $body
            }
            $crate::db::Pool::Postgres($pool) => {
                let $args = $st.pg_args().map_err($crate::db::fault::bind_failed)?;
                $body
            }
        }
    };
}

pub(crate) use on_backend;

pub(crate) fn bind_failed(e: sqlx::error::BoxDynError) -> Problem {
    Problem::internal(format!("cannot bind a value: {e}"))
}

//! The statements of a list request: one page (filters, keyset or offset, order, one row
//! more than the page so the handler knows whether another follows) and the count of
//! offset pagination, built from the parsed query as data and rendered per request. Their
//! text holds only names the macro checked; every value is bound.

use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteArguments;

use super::Backend;
use super::statement::{Cmp, Expr, Order, Pred, Render, Select, Writer};
use super::value::SqlValue;
use crate::model::{ResourceMeta, SqlType};

/// A filter operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Op {
    Eq,
    Ne,
    In,
    Lt,
    Lte,
    Gt,
    Gte,
    Prefix,
    Contains,
    Null,
}

/// One parsed filter on the field at `field` of the resource's fields.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    pub(crate) field: usize,
    pub(crate) op: Op,
    pub(crate) values: Vec<SqlValue>,
    /// `field[null]=true`.
    pub(crate) is_null: bool,
    /// The parameter as sent, for the cursor's filter signature.
    pub(crate) canonical: String,
}

/// One `ORDER BY` key; the id is always the last one, so the order is total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SortKey {
    pub(crate) field: usize,
    pub(crate) desc: bool,
}

/// How the page is chosen.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Bounds<'q> {
    /// From the start, or after (or before) the row whose sort keys are these values.
    Keyset {
        from: Option<(&'q [SqlValue], Direction)>,
        limit: u64,
    },
    /// `page_size` rows starting at `offset`.
    Offset { offset: u64, page_size: u64 },
}

/// Which way a keyset page runs from its cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    After,
    Before,
}

/// A list request, as the statement layer needs it.
pub(crate) struct Page<'q> {
    /// The caller's owner and tenant conditions, first in every statement.
    pub(crate) scope: &'q [(&'static str, SqlValue)],
    pub(crate) filters: &'q [Filter],
    pub(crate) sort: &'q [SortKey],
    pub(crate) bounds: Bounds<'q>,
}

/// A statement written per request: its text and its values, bound in order.
pub(crate) struct Statement {
    text: std::sync::Arc<str>,
    pub(crate) values: Vec<SqlValue>,
}

impl Statement {
    /// A statement whose text was written before and kept.
    pub(crate) fn kept(text: std::sync::Arc<str>, values: Vec<SqlValue>) -> Statement {
        Statement { text, values }
    }

    /// The SQL text.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The text, to keep.
    pub(crate) fn shared_text(&self) -> std::sync::Arc<str> {
        self.text.clone()
    }

    pub(crate) fn sqlite_args(&self) -> Result<SqliteArguments<'_>, sqlx::error::BoxDynError> {
        let mut args = SqliteArguments::default();
        for v in &self.values {
            v.bind_sqlite(&mut args)?;
        }
        Ok(args)
    }

    pub(crate) fn pg_args(&self) -> Result<PgArguments, sqlx::error::BoxDynError> {
        let mut args = PgArguments::default();
        for v in &self.values {
            v.bind_pg(&mut args)?;
        }
        Ok(args)
    }
}

/// A select and the values of its placeholders, in the order they appear.
struct Bound {
    select: Select<'static>,
    values: Vec<SqlValue>,
}

impl Bound {
    fn finish(self, backend: Backend) -> Statement {
        let mut w = Writer::new(backend);
        self.select.write(&mut w);
        debug_assert_eq!(w.params(), self.values.len(), "{}", w.sql);
        Statement {
            text: std::sync::Arc::from(w.sql),
            values: self.values,
        }
    }
}

/// A sort key as SQL. Text is ordered bytewise on PostgreSQL too (`COLLATE "C"`, matching
/// the sort index), so both backends page text in the same order as SQLite's default.
fn sort_expr(meta: &'static ResourceMeta, field: usize) -> Expr<'static> {
    let f = &meta.fields[field];
    if f.sql_type == SqlType::Text {
        Expr::Bytewise(f.column)
    } else {
        Expr::Column(f.column)
    }
}

/// Escapes the wildcard characters of the backend's pattern language.
pub(crate) fn pattern(backend: Backend, text: &str, prefix: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    match backend {
        // GLOB is case-sensitive, like PostgreSQL's LIKE; `[x]` matches `x` literally.
        Backend::Sqlite => {
            if !prefix {
                out.push('*');
            }
            for c in text.chars() {
                match c {
                    '*' | '?' | '[' => {
                        out.push('[');
                        out.push(c);
                        out.push(']');
                    }
                    c => out.push(c),
                }
            }
            out.push('*');
        }
        Backend::Postgres => {
            if !prefix {
                out.push('%');
            }
            for c in text.chars() {
                if matches!(c, '%' | '_' | '\\') {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('%');
        }
    }
    out
}

/// The scope's and the filters' conditions, with their values.
fn conditions(
    meta: &'static ResourceMeta,
    backend: Backend,
    page: &Page<'_>,
    values: &mut Vec<SqlValue>,
) -> Vec<Pred<'static>> {
    let mut filter = Vec::with_capacity(page.scope.len() + page.filters.len() + 1);
    // The owner and tenant conditions come first: they are part of every statement.
    for (column, value) in page.scope {
        filter.push(Pred::eq(column));
        values.push(value.clone());
    }
    for f in page.filters {
        let column = Expr::Column(meta.fields[f.field].column);
        let cmp = |op: Cmp| Pred::Cmp(column.clone(), op, Expr::Param);
        let pred = match f.op {
            Op::Null => Pred::IsNull(column.clone(), f.is_null),
            Op::In | Op::Eq | Op::Ne if f.values.len() == 1 => {
                cmp(if f.op == Op::Ne { Cmp::Ne } else { Cmp::Eq })
            }
            Op::In | Op::Eq | Op::Ne => Pred::In(column.clone(), f.values.len()),
            Op::Lt => cmp(Cmp::Lt),
            Op::Lte => cmp(Cmp::Lte),
            Op::Gt => cmp(Cmp::Gt),
            Op::Gte => cmp(Cmp::Gte),
            Op::Prefix | Op::Contains => {
                let Some(SqlValue::Text(text)) = f.values.first() else {
                    continue;
                };
                values.push(SqlValue::Text(pattern(backend, text, f.op == Op::Prefix)));
                filter.push(Pred::Matches(column));
                continue;
            }
        };
        if f.op != Op::Null {
            values.extend(f.values.iter().cloned());
        }
        filter.push(pred);
    }
    filter
}

/// `(a, b, id) > (?, ?, ?)` when every key runs the same way (one index range on both
/// backends), else the expanded `(a > ?) OR (a = ? AND b < ?) OR ...` form.
fn keyset(
    meta: &'static ResourceMeta,
    keys: &[SortKey],
    from: &[SqlValue],
    after: bool,
    values: &mut Vec<SqlValue>,
) -> Pred<'static> {
    // Moving forward through an ascending key means larger values, and so on.
    let larger = |k: &SortKey| if k.desc != after { Cmp::Gt } else { Cmp::Lt };
    if keys.iter().all(|k| k.desc == keys[0].desc) {
        values.extend(from.iter().cloned());
        let exprs = keys.iter().map(|k| sort_expr(meta, k.field)).collect();
        return Pred::Row(exprs, larger(&keys[0]));
    }
    let mut any = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        let mut all = Vec::with_capacity(i + 1);
        for (j, before) in keys.iter().enumerate().take(i) {
            all.push(Pred::Cmp(
                sort_expr(meta, before.field),
                Cmp::Eq,
                Expr::Param,
            ));
            values.push(from[j].clone());
        }
        all.push(Pred::Cmp(
            sort_expr(meta, key.field),
            larger(key),
            Expr::Param,
        ));
        values.push(from[i].clone());
        any.push(Pred::All(all));
    }
    Pred::Any(any)
}

fn all_columns(meta: &'static ResourceMeta) -> Vec<Expr<'static>> {
    meta.fields.iter().map(|f| Expr::Column(f.column)).collect()
}

/// The page statement of `page`.
pub(crate) fn page(meta: &'static ResourceMeta, backend: Backend, page: &Page<'_>) -> Statement {
    let mut values = Vec::with_capacity(page.scope.len() + page.filters.len() + 4);
    let mut filter = conditions(meta, backend, page, &mut values);
    let (limit, offset, reverse) = match page.bounds {
        Bounds::Keyset { from, limit } => {
            let reverse = from.is_some_and(|(_, d)| d == Direction::Before);
            if let Some((keys, _)) = from {
                filter.push(keyset(meta, page.sort, keys, !reverse, &mut values));
            }
            (limit + 1, None, reverse)
        }
        Bounds::Offset { offset, page_size } => (page_size + 1, Some(offset), false),
    };
    values.push(SqlValue::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
    if let Some(offset) = offset {
        values.push(SqlValue::Int(i64::try_from(offset).unwrap_or(i64::MAX)));
    }
    let order = page
        .sort
        .iter()
        .map(|k| Order {
            expr: sort_expr(meta, k.field),
            desc: k.desc != reverse,
        })
        .collect();
    Bound {
        select: Select {
            columns: all_columns(meta),
            from: meta.table,
            filter,
            order,
            limit: true,
            offset: offset.is_some(),
            ..Select::default()
        },
        values,
    }
    .finish(backend)
}

/// `SELECT COUNT(*)` under the same scope and filters, for offset pagination's totals.
pub(crate) fn count(meta: &'static ResourceMeta, backend: Backend, page: &Page<'_>) -> Statement {
    let mut values = Vec::new();
    let filter = conditions(meta, backend, page, &mut values);
    Bound {
        select: Select {
            columns: vec![Expr::CountAll],
            from: meta.table,
            filter,
            ..Select::default()
        },
        values,
    }
    .finish(backend)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_escape_wildcards_on_both_backends() {
        assert_eq!(
            pattern(Backend::Postgres, "50%_off\\", true),
            "50\\%\\_off\\\\%"
        );
        assert_eq!(pattern(Backend::Postgres, "a", false), "%a%");
        assert_eq!(pattern(Backend::Sqlite, "a*b?[c", true), "a[*]b[?][[]c*");
        assert_eq!(pattern(Backend::Sqlite, "x", false), "*x*");
    }
}

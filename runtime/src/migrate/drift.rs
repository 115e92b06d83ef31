//! Drift: where the live schema and the declarations disagree in a way that breaks the
//! service (a missing table, column or index, another type, a uniqueness the database
//! does not keep, a column that may hold a NULL the declaration cannot read) or slows it
//! (two indexes on the same columns, each maintained on every write). Extra tables, columns and indexes are the operator's
//! business (a column a trigger fills, an index for a report) and are not reported.

use crate::migrate::live::{Live, LiveTable};
use crate::model::SqlType;
use crate::sql::Backend;
use crate::sql::schema::{Schema, Table};

/// Each difference as a sentence naming the table and column.
pub(crate) fn differences(declared: &Schema, live: &Live, backend: Backend) -> Vec<String> {
    let mut out = Vec::new();
    for table in &declared.tables {
        match live.table(&table.name) {
            None => out.push(format!("table `{}` is missing", table.name)),
            Some(found) => columns(table, found, backend, &mut out),
        }
    }
    for index in &declared.indexes {
        if live.table(&index.table).is_some() && !live.has_index_on(&index.table, &index.columns) {
            out.push(format!(
                "table `{}` has no index on ({}) (`{}`)",
                index.table,
                index.columns.join(", "),
                index.name
            ));
        }
    }
    for table in &live.tables {
        if declared.table(&table.name).is_none() {
            continue;
        }
        for (i, a) in table.indexes.iter().enumerate() {
            if a.columns.iter().any(Option::is_none) {
                continue;
            }
            let twin = table.indexes[i + 1..]
                .iter()
                .find(|b| b.columns == a.columns && b.unique == a.unique);
            if let Some(b) = twin {
                out.push(format!(
                    "table `{}` has two indexes on ({}), `{}` and `{}`: every write maintains both; drop one",
                    table.name,
                    a.columns.iter().flatten().cloned().collect::<Vec<_>>().join(", "),
                    a.name,
                    b.name
                ));
            }
        }
    }
    out
}

fn columns(table: &Table, found: &LiveTable, backend: Backend, out: &mut Vec<String>) {
    let name = &table.name;
    for column in &table.columns {
        let Some(live) = found.columns.iter().find(|c| c.name == column.name) else {
            out.push(format!(
                "table `{name}` has no column `{}` ({})",
                column.name,
                crate::sql::column_type(column.ty, backend)
            ));
            continue;
        };
        if !same_type(column.ty, &live.ty, backend) {
            out.push(format!(
                "column `{name}.{}` is {} but declared {}",
                column.name,
                live.ty,
                crate::sql::column_type(column.ty, backend)
            ));
        }
        // A NULL in a column declared NOT NULL cannot be read back. The other way round
        // is a rule the database adds (a write without the value is a 422), not drift.
        // SQLite lets a non-integer primary key hold NULL unless it says NOT NULL; the key
        // is never written NULL, so that difference does not matter.
        if column.not_null && !live.not_null && !column.primary_key {
            out.push(format!(
                "column `{name}.{}` allows NULL but is declared NOT NULL: a NULL could not be read",
                column.name
            ));
        }
        if column.primary_key && !live.primary_key {
            out.push(format!(
                "column `{name}.{}` is not the primary key",
                column.name
            ));
        }
        if column.unique && !unique_on(found, std::slice::from_ref(&column.name)) {
            out.push(format!(
                "column `{name}.{}` is declared unique but the database does not keep it unique",
                column.name
            ));
        }
    }
    for (constraint, columns) in &table.uniques {
        if !unique_on(found, columns) {
            out.push(format!(
                "table `{name}` does not keep ({}) unique (`{constraint}`)",
                columns.join(", ")
            ));
        }
    }
}

fn unique_on(table: &LiveTable, columns: &[String]) -> bool {
    table.indexes.iter().any(|i| i.unique && i.is_on(columns))
}

/// Whether a live column of type `live` stores what `declared` needs: on PostgreSQL the
/// same type; on SQLite the same type affinity, all SQLite keeps of a declared type
/// (<https://www.sqlite.org/datatype3.html#determination_of_column_affinity>).
fn same_type(declared: SqlType, live: &str, backend: Backend) -> bool {
    match backend {
        Backend::Sqlite => affinity(crate::sql::column_type(declared, backend)) == affinity(live),
        Backend::Postgres => {
            let expected = match declared {
                SqlType::Bool => "boolean",
                SqlType::SmallInt => "smallint",
                SqlType::Int => "integer",
                SqlType::BigInt => "bigint",
                SqlType::Real => "real",
                SqlType::Double => "double precision",
                SqlType::Text => "text",
                SqlType::Uuid => "uuid",
                SqlType::Timestamp => "timestamp with time zone",
                SqlType::Date => "date",
                SqlType::Json => "jsonb",
            };
            live == expected
        }
    }
}

/// SQLite's rules, in its order.
fn affinity(ty: &str) -> &'static str {
    let ty = ty.to_ascii_uppercase();
    if ty.contains("INT") {
        "INTEGER"
    } else if ty.contains("CHAR") || ty.contains("CLOB") || ty.contains("TEXT") {
        "TEXT"
    } else if ty.contains("BLOB") || ty.is_empty() {
        "BLOB"
    } else if ty.contains("REAL") || ty.contains("FLOA") || ty.contains("DOUB") {
        "REAL"
    } else {
        "NUMERIC"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_types_compare_by_affinity() {
        assert!(same_type(SqlType::BigInt, "BIGINT", Backend::Sqlite));
        assert!(same_type(SqlType::Text, "VARCHAR(20)", Backend::Sqlite));
        assert!(!same_type(SqlType::Text, "INTEGER", Backend::Sqlite));
        assert!(same_type(SqlType::Bool, "BOOLEAN", Backend::Sqlite));
        assert!(!same_type(SqlType::Uuid, "TEXT", Backend::Sqlite));
        assert!(same_type(
            SqlType::Timestamp,
            "timestamp with time zone",
            Backend::Postgres
        ));
        assert!(!same_type(SqlType::Int, "bigint", Backend::Postgres));
    }
}

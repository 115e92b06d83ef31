//! DDL derived from a resource: the table with its primary key, NOT NULL, UNIQUE and
//! foreign keys, and an index per foreign key. Constraint names follow PostgreSQL's own
//! convention (`{table}_{column}_key`, `_fkey`) so a violation can be traced to its field.

use std::fmt::Write;

use crate::model::SqlType;
use crate::model::{Access, ResourceMeta};
use crate::sql::Backend;

/// `CREATE TABLE IF NOT EXISTS` and `CREATE INDEX IF NOT EXISTS` statements for `meta`.
pub(crate) fn ddl(meta: &ResourceMeta, backend: Backend) -> Vec<String> {
    let table = meta.table;
    let mut create = format!("CREATE TABLE IF NOT EXISTS \"{table}\" (");
    let mut indexes = Vec::new();
    // In a resource with a tenant, values are unique within each tenant: one tenant's
    // rows can neither collide with nor reveal another's.
    let tenant = meta
        .tenant
        .and_then(|name| meta.field(name))
        .map(|f| f.column);
    let mut per_tenant = Vec::new();
    for (i, field) in meta.fields.iter().enumerate() {
        let column = field.column;
        if i > 0 {
            create.push(',');
        }
        let _ = write!(
            create,
            "\n    \"{column}\" {}",
            crate::sql::column_type(field.sql_type, backend)
        );
        if !field.nullable {
            create.push_str(" NOT NULL");
        }
        if field.access == Access::Id {
            create.push_str(" PRIMARY KEY");
        }
        match tenant {
            Some(tenant) if field.unique && column != tenant => {
                // The field's column first, so SQLite's message names it first.
                per_tenant.push(format!(
                    ",\n    CONSTRAINT \"{table}_{column}_key\" UNIQUE (\"{column}\", \"{tenant}\")"
                ));
            }
            _ if field.unique => {
                let _ = write!(create, " CONSTRAINT \"{table}_{column}_key\" UNIQUE");
            }
            _ => {}
        }
        if let Some(target) = field.references {
            let target = target();
            let id = target
                .fields
                .iter()
                .find(|f| f.access == Access::Id)
                .map_or("id", |f| f.column);
            let _ = write!(
                create,
                " CONSTRAINT \"{table}_{column}_fkey\" REFERENCES \"{}\" (\"{id}\")",
                target.table
            );
            // Deleting or checking a referenced row scans the referencing column.
            indexes.push(format!(
                "CREATE INDEX IF NOT EXISTS \"{table}_{column}_idx\" ON \"{table}\" (\"{column}\")"
            ));
        }
    }
    for constraint in per_tenant {
        create.push_str(&constraint);
    }
    create.push_str("\n)");
    let id = meta
        .fields
        .iter()
        .find(|f| f.access == Access::Id)
        .map_or("id", |f| f.column);
    // Every statement of a scoped resource filters by its owner and tenant columns.
    for name in [meta.tenant, meta.owner].into_iter().flatten() {
        if let Some(field) = meta.field(name)
            && field.references.is_none()
            && !field.filterable
        {
            let column = field.column;
            indexes.push(format!(
                "CREATE INDEX IF NOT EXISTS \"{table}_{column}_idx\" ON \"{table}\" (\"{column}\")"
            ));
        }
    }
    for field in meta.fields {
        let column = field.column;
        if field.sortable && field.access != Access::Id {
            // A keyset seek orders by the column with the id as tiebreaker; text sorts
            // bytewise on PostgreSQL (see `query::sort_expr`), so its index does too.
            let collate =
                if backend == Backend::Postgres && field.sql_type == crate::model::SqlType::Text {
                    " COLLATE \"C\""
                } else {
                    ""
                };
            indexes.push(format!(
                "CREATE INDEX IF NOT EXISTS \"{table}_{column}_sort_idx\" ON \"{table}\" (\"{column}\"{collate}, \"{id}\")"
            ));
        } else if field.filterable
            && !field.unique
            && field.references.is_none()
            && field.access != Access::Id
        {
            indexes.push(format!(
                "CREATE INDEX IF NOT EXISTS \"{table}_{column}_idx\" ON \"{table}\" (\"{column}\")"
            ));
        }
    }
    let mut out = vec![create];
    out.extend(indexes);
    if meta.history {
        out.push(history(meta, id, backend));
    }
    out
}

/// The transition history of `meta`: one row per transition taken, numbered per resource
/// row (the unique key also serves the listing), deleted with the row it belongs to.
fn history(meta: &ResourceMeta, id: &str, backend: Backend) -> String {
    let table = super::history_table(meta);
    let ty = |t: SqlType| crate::sql::column_type(t, backend);
    format!(
        "CREATE TABLE IF NOT EXISTS \"{table}\" (\n    \"id\" {uuid} NOT NULL PRIMARY KEY,\n    \"subject_id\" {uuid} NOT NULL CONSTRAINT \"{table}_subject_id_fkey\" REFERENCES \"{parent}\" (\"{id}\") ON DELETE CASCADE,\n    \"seq\" {seq} NOT NULL,\n    \"action\" {text} NOT NULL,\n    \"from_state\" {text} NOT NULL,\n    \"to_state\" {text} NOT NULL,\n    \"body\" {json},\n    \"actor\" {text},\n    \"at\" {at} NOT NULL,\n    CONSTRAINT \"{table}_seq_key\" UNIQUE (\"subject_id\", \"seq\")\n)",
        parent = meta.table,
        uuid = ty(SqlType::Uuid),
        seq = ty(SqlType::BigInt),
        text = ty(SqlType::Text),
        json = ty(SqlType::Json),
        at = ty(SqlType::Timestamp),
    )
}

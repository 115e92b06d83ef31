//! The schema as data: the tables and indexes a set of resources needs (with primary
//! keys, NOT NULL, UNIQUE and foreign keys), rendered as DDL per backend, and the
//! statements that change a live schema into it. Constraint names follow PostgreSQL's own
//! convention (`{table}_{column}_key`, `_fkey`) so a violation can be traced to its field.
//!
//! One model serves `ensure_schema`, the migration writer (which keeps it as a snapshot in
//! each migration it writes, so the next migration is the difference) and the drift check
//! at start-up, so the three cannot disagree about what a declaration means.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::model::SqlType;
use crate::model::{Access, ResourceMeta};
use crate::sql::Backend;

/// The tables and indexes of a service, in creation order (referenced tables first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Schema {
    pub(crate) tables: Vec<Table>,
    pub(crate) indexes: Vec<Index>,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Table {
    pub(crate) name: String,
    pub(crate) columns: Vec<Column>,
    /// UNIQUE constraints over several columns: the constraint's name and its columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) uniques: Vec<(String, Vec<String>)>,
}

/// One column of a [`Table`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Column {
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) ty: SqlType,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) not_null: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) primary_key: bool,
    /// A UNIQUE constraint on this column alone, named `{table}_{column}_key`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) unique: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) references: Option<Reference>,
}

/// A foreign key: the table and column referenced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Reference {
    pub(crate) table: String,
    pub(crate) column: String,
    /// `ON DELETE CASCADE`: the row goes with the row it belongs to.
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) cascade: bool,
}

/// A (non-unique) index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Index {
    pub(crate) name: String,
    pub(crate) table: String,
    pub(crate) columns: Vec<String>,
    /// The first column compares bytewise (`COLLATE "C"` on PostgreSQL), as text sort
    /// keys do (see `sql::list`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) bytewise: bool,
}

// serde's `skip_serializing_if` takes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(b: &bool) -> bool {
    !*b
}

impl Schema {
    pub(crate) fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Adds `other`'s tables and indexes after this one's.
    pub(crate) fn extend(&mut self, other: Schema) {
        self.tables.extend(other.tables);
        self.indexes.extend(other.indexes);
    }

    /// `CREATE TABLE IF NOT EXISTS` and `CREATE INDEX IF NOT EXISTS` for everything, in order.
    pub(crate) fn create_all(&self, backend: Backend) -> Vec<String> {
        let mut out: Vec<String> = self
            .tables
            .iter()
            .map(|t| create_table(t, backend))
            .collect();
        out.extend(self.indexes.iter().map(|i| create_index(i, backend)));
        out
    }
}

impl Column {
    /// A plain column: no key, no constraint.
    pub(crate) fn new(name: &str, ty: SqlType, not_null: bool) -> Column {
        Column {
            name: name.to_owned(),
            ty,
            not_null,
            primary_key: false,
            unique: false,
            references: None,
        }
    }

    /// This column as the primary key.
    pub(crate) fn key(mut self) -> Column {
        self.primary_key = true;
        self
    }
}

impl Table {
    pub(crate) fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// The tables and indexes `meta` needs: its own table and, with `history`, the table of
/// its transitions.
pub(crate) fn declared(meta: &ResourceMeta) -> Schema {
    let table = meta.table;
    let id = meta
        .fields
        .iter()
        .find(|f| f.access == Access::Id)
        .map_or("id", |f| f.column);
    // In a resource with a tenant, values are unique within each tenant: one tenant's
    // rows can neither collide with nor reveal another's.
    let tenant = meta
        .tenant
        .and_then(|name| meta.field(name))
        .map(|f| f.column);
    let mut columns = Vec::new();
    let mut uniques = Vec::new();
    let mut indexes = Vec::new();
    let index = |column: &str, id: Option<&str>, bytewise: bool| Index {
        name: match id {
            Some(_) => format!("{table}_{column}_sort_idx"),
            None => format!("{table}_{column}_idx"),
        },
        table: table.to_owned(),
        columns: std::iter::once(column)
            .chain(id)
            .map(str::to_owned)
            .collect(),
        bytewise,
    };
    for field in meta.fields {
        let column = field.column;
        let per_tenant = tenant.is_some_and(|t| field.unique && column != t);
        if per_tenant {
            // The field's column first, so SQLite's message names it first.
            uniques.push((
                format!("{table}_{column}_key"),
                vec![column.to_owned(), tenant.unwrap_or_default().to_owned()],
            ));
        }
        let references = field.references.map(|target| {
            let target = target();
            Reference {
                table: target.table.to_owned(),
                column: target
                    .fields
                    .iter()
                    .find(|f| f.access == Access::Id)
                    .map_or("id", |f| f.column)
                    .to_owned(),
                cascade: false,
            }
        });
        if references.is_some() {
            // Deleting or checking a referenced row scans the referencing column.
            indexes.push(index(column, None, false));
        }
        columns.push(Column {
            name: column.to_owned(),
            ty: field.sql_type,
            not_null: !field.nullable,
            primary_key: field.access == Access::Id,
            unique: field.unique && !per_tenant,
            references,
        });
    }
    // Every statement of a scoped resource filters by its owner and tenant columns.
    for name in [meta.tenant, meta.owner].into_iter().flatten() {
        if let Some(field) = meta.field(name)
            && field.references.is_none()
            && !field.filterable
        {
            indexes.push(index(field.column, None, false));
        }
    }
    for field in meta.fields {
        if field.sortable && field.access != Access::Id {
            // A keyset seek orders by the column with the id as tiebreaker; text sorts
            // bytewise on PostgreSQL (see `sql::list`), so its index does too.
            indexes.push(index(
                field.column,
                Some(id),
                field.sql_type == SqlType::Text,
            ));
        } else if field.filterable
            && !field.unique
            && field.references.is_none()
            && field.access != Access::Id
        {
            indexes.push(index(field.column, None, false));
        }
    }
    let mut schema = Schema {
        tables: vec![Table {
            name: table.to_owned(),
            columns,
            uniques,
        }],
        indexes,
    };
    if meta.history {
        schema.tables.push(history(meta, id));
    }
    schema
}

/// The transition history of `meta`: one row per transition taken, numbered per resource
/// row (the unique key also serves the listing), deleted with the row it belongs to.
fn history(meta: &ResourceMeta, id: &str) -> Table {
    let table = super::history_table(meta);
    let column = Column::new;
    let mut subject = column("subject_id", SqlType::Uuid, true);
    subject.references = Some(Reference {
        table: meta.table.to_owned(),
        column: id.to_owned(),
        cascade: true,
    });
    let key = column("id", SqlType::Uuid, true).key();
    Table {
        uniques: vec![(
            format!("{table}_seq_key"),
            vec!["subject_id".to_owned(), "seq".to_owned()],
        )],
        name: table,
        columns: vec![
            key,
            subject,
            column("seq", SqlType::BigInt, true),
            column("action", SqlType::Text, true),
            column("from_state", SqlType::Text, true),
            column("to_state", SqlType::Text, true),
            column("body", SqlType::Json, false),
            column("actor", SqlType::Text, false),
            column("at", SqlType::Timestamp, true),
        ],
    }
}

/// A column's definition as it appears in `CREATE TABLE` and `ADD COLUMN`.
fn column_def(table: &str, column: &Column, backend: Backend) -> String {
    let name = &column.name;
    let mut out = format!("\"{name}\" {}", crate::sql::column_type(column.ty, backend));
    if column.not_null {
        out.push_str(" NOT NULL");
    }
    if column.primary_key {
        out.push_str(" PRIMARY KEY");
    }
    if column.unique {
        let _ = write!(out, " CONSTRAINT \"{table}_{name}_key\" UNIQUE");
    }
    if let Some(r) = &column.references {
        let _ = write!(
            out,
            " CONSTRAINT \"{table}_{name}_fkey\" REFERENCES \"{}\" (\"{}\")",
            r.table, r.column
        );
        if r.cascade {
            out.push_str(" ON DELETE CASCADE");
        }
    }
    out
}

/// `CREATE TABLE IF NOT EXISTS` for `table`.
pub(crate) fn create_table(table: &Table, backend: Backend) -> String {
    let mut out = format!("CREATE TABLE IF NOT EXISTS \"{}\" (", table.name);
    for (i, column) in table.columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "\n    {}", column_def(&table.name, column, backend));
    }
    for (name, columns) in &table.uniques {
        let _ = write!(
            out,
            ",\n    CONSTRAINT \"{name}\" UNIQUE ({})",
            quoted(columns)
        );
    }
    out.push_str("\n)");
    out
}

/// `CREATE INDEX IF NOT EXISTS` for `index`.
pub(crate) fn create_index(index: &Index, backend: Backend) -> String {
    let mut columns = Vec::with_capacity(index.columns.len());
    for (i, column) in index.columns.iter().enumerate() {
        let collate = if i == 0 && index.bytewise && backend == Backend::Postgres {
            " COLLATE \"C\""
        } else {
            ""
        };
        columns.push(format!("\"{column}\"{collate}"));
    }
    format!(
        "CREATE INDEX IF NOT EXISTS \"{}\" ON \"{}\" ({})",
        index.name,
        index.table,
        columns.join(", ")
    )
}

/// `DROP INDEX IF EXISTS`.
pub(crate) fn drop_index(name: &str) -> String {
    format!("DROP INDEX IF EXISTS \"{name}\"")
}

/// `ALTER TABLE ... ADD COLUMN`. A NOT NULL column gets its type's zero as default, so
/// that existing rows have a value (SQLite refuses a NOT NULL column without one).
pub(crate) fn add_column(table: &str, column: &Column, backend: Backend) -> String {
    let mut def = column.clone();
    // SQLite cannot add a UNIQUE column; the writer adds a unique index instead.
    def.unique = false;
    let mut out = format!(
        "ALTER TABLE \"{table}\" ADD COLUMN {}",
        column_def(table, &def, backend)
    );
    if column.not_null {
        let zero = match column.ty {
            SqlType::Bool => "FALSE",
            SqlType::SmallInt
            | SqlType::Int
            | SqlType::BigInt
            | SqlType::Real
            | SqlType::Double => "0",
            SqlType::Text => "''",
            SqlType::Json => match backend {
                Backend::Postgres => "'null'::jsonb",
                Backend::Sqlite => "'null'",
            },
            SqlType::Uuid => match backend {
                Backend::Postgres => "'00000000-0000-0000-0000-000000000000'",
                Backend::Sqlite => "X'00000000000000000000000000000000'",
            },
            SqlType::Timestamp => "'1970-01-01T00:00:00Z'",
            SqlType::Date => "'1970-01-01'",
        };
        let _ = write!(out, " DEFAULT {zero}");
    }
    out
}

/// A UNIQUE index standing for the constraint `name` (what `ADD COLUMN` cannot add).
pub(crate) fn create_unique_index(name: &str, table: &str, columns: &[String]) -> String {
    format!(
        "CREATE UNIQUE INDEX IF NOT EXISTS \"{name}\" ON \"{table}\" ({})",
        quoted(columns)
    )
}

/// PostgreSQL: a column's new type, converted in place.
pub(crate) fn alter_type(table: &str, column: &str, ty: SqlType) -> String {
    let ty = crate::sql::column_type(ty, Backend::Postgres);
    format!("ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE {ty} USING \"{column}\"::{ty}")
}

/// PostgreSQL: NOT NULL set or dropped.
pub(crate) fn alter_not_null(table: &str, column: &str, not_null: bool) -> String {
    let change = if not_null { "SET" } else { "DROP" };
    format!("ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" {change} NOT NULL")
}

fn quoted(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Statements that read a live schema and hold the start-up lock.
pub(crate) mod live {
    use crate::sql::Backend;

    /// `(table)` of every table in the current schema.
    pub(crate) fn tables(backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
            Backend::Postgres => {
                "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
            }
        }
    }

    /// `(table, column, type, not null, primary key)` of every column of the
    /// current schema, in table and column order.
    pub(crate) fn columns(backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => {
                "SELECT m.name, c.name, c.type, c.\"notnull\" <> 0, c.pk <> 0 \
                 FROM sqlite_master m JOIN pragma_table_info(m.name) c \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid"
            }
            Backend::Postgres => {
                "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
                 EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey::int2[])) \
                 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped \
                 ORDER BY c.relname, a.attnum"
            }
        }
    }

    /// `(table, index, unique, column)` of every column of every index of the current
    /// schema, in index and key order; an expression's column is NULL.
    pub(crate) fn index_columns(backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => {
                "SELECT m.name, l.name, l.\"unique\" <> 0, i.name \
                 FROM sqlite_master m JOIN pragma_index_list(m.name) l JOIN pragma_index_info(l.name) i \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, l.name, i.seqno"
            }
            Backend::Postgres => {
                "SELECT t.relname::text, i.relname::text, x.indisunique, a.attname::text \
                 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
                 JOIN pg_namespace n ON n.oid = t.relnamespace \
                 CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
                 LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
                 WHERE n.nspname = current_schema() ORDER BY t.relname, i.relname, k.ord"
            }
        }
    }

    /// PostgreSQL: waits for the start-up lock of the current database and schema, held
    /// until the transaction ends (so an instance that dies mid-way cannot keep it).
    pub(crate) const PG_LOCK: &str = "SELECT pg_advisory_xact_lock(hashtextextended('resourcery schema ' || current_database() || '.' || current_schema(), 0))";
}

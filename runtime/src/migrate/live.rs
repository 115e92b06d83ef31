//! The schema a database has: its tables, their columns and their indexes, read from the
//! catalogue inside the start-up transaction.

use crate::migrate::{Locked, on_locked};
use crate::sql::Backend;
use crate::sql::schema::live as sql;

/// Tables, columns and indexes of the current schema.
#[derive(Debug, Default)]
pub(crate) struct Live {
    pub(crate) tables: Vec<LiveTable>,
}

#[derive(Debug)]
pub(crate) struct LiveTable {
    pub(crate) name: String,
    pub(crate) columns: Vec<LiveColumn>,
    pub(crate) indexes: Vec<LiveIndex>,
}

#[derive(Debug)]
pub(crate) struct LiveColumn {
    pub(crate) name: String,
    /// The type as the catalogue spells it (`format_type` on PostgreSQL, the declared
    /// type on SQLite).
    pub(crate) ty: String,
    pub(crate) not_null: bool,
    pub(crate) primary_key: bool,
}

#[derive(Debug)]
pub(crate) struct LiveIndex {
    pub(crate) name: String,
    pub(crate) unique: bool,
    /// Key columns in order; `None` for an expression.
    pub(crate) columns: Vec<Option<String>>,
}

impl LiveIndex {
    pub(crate) fn is_on(&self, columns: &[String]) -> bool {
        self.columns.len() == columns.len()
            && self
                .columns
                .iter()
                .zip(columns)
                .all(|(a, b)| a.as_deref() == Some(b.as_str()))
    }
}

impl Live {
    pub(crate) fn table(&self, name: &str) -> Option<&LiveTable> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Whether `table` has an index, of any name, on exactly `columns`.
    pub(crate) fn has_index_on(&self, table: &str, columns: &[String]) -> bool {
        self.table(table)
            .is_some_and(|t| t.indexes.iter().any(|i| i.is_on(columns)))
    }

    fn table_mut(&mut self, name: String) -> &mut LiveTable {
        match self.tables.iter().position(|t| t.name == name) {
            Some(i) => &mut self.tables[i],
            None => {
                self.tables.push(LiveTable {
                    name,
                    columns: Vec::new(),
                    indexes: Vec::new(),
                });
                self.tables.last_mut().expect("just pushed")
            }
        }
    }
}

type ColumnRow = (String, String, Option<String>, bool, bool);
type IndexRow = (String, String, bool, Option<String>);

/// Reads the current schema.
pub(crate) async fn read(tx: &mut Locked, backend: Backend) -> Result<Live, sqlx::Error> {
    let (tables, columns, indexes): (Vec<String>, Vec<ColumnRow>, Vec<IndexRow>) =
        on_locked!(tx, |conn| (
            sqlx::query_scalar(sql::tables(backend))
                .fetch_all(&mut *conn)
                .await?,
            sqlx::query_as(sql::columns(backend))
                .fetch_all(&mut *conn)
                .await?,
            sqlx::query_as(sql::index_columns(backend))
                .fetch_all(&mut *conn)
                .await?,
        ));
    let mut live = Live::default();
    for table in tables {
        live.table_mut(table);
    }
    for (table, name, ty, not_null, primary_key) in columns {
        live.table_mut(table).columns.push(LiveColumn {
            name,
            ty: ty.unwrap_or_default(),
            not_null,
            primary_key,
        });
    }
    for (table, index, unique, column) in indexes {
        let table = live.table_mut(table);
        match table.indexes.iter_mut().find(|i| i.name == index) {
            Some(existing) => existing.columns.push(column),
            None => table.indexes.push(LiveIndex {
                name: index,
                unique,
                columns: vec![column],
            }),
        }
    }
    Ok(live)
}

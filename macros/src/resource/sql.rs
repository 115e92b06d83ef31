//! The statements of a resource, written at compile time for each dialect. Only names
//! checked by the macro and placeholders appear in them; values are always bound.

use super::model::{Access, Auto, Field, Resource};

#[derive(Clone, Copy)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// What one assignment of the `UPDATE` binds, in order; `bind_patch` follows the same plan.
pub(crate) enum Assign<'a> {
    /// Non-nullable: `col = COALESCE(?, col)`; binds the value or NULL when absent.
    Keep(&'a Field),
    /// Nullable: `col = CASE WHEN ? THEN ? ELSE col END`; binds "was it sent" and the value.
    Flagged(&'a Field),
    /// `updated_at`: `col = ?`; binds the current time.
    Now(&'a Field),
}

pub(crate) fn update_plan(r: &Resource) -> Vec<Assign<'_>> {
    let writes = r.fields.iter().filter(|f| f.writable()).map(|f| {
        if f.nullable {
            Assign::Flagged(f)
        } else {
            Assign::Keep(f)
        }
    });
    let stamps = r
        .fields
        .iter()
        .filter(|f| f.auto == Auto::UpdatedAt)
        .map(Assign::Now);
    writes.chain(stamps).collect()
}

struct Params {
    dialect: Dialect,
    next: usize,
}

impl Params {
    fn next(&mut self) -> String {
        self.next += 1;
        match self.dialect {
            Dialect::Sqlite => "?".to_owned(),
            Dialect::Postgres => format!("${}", self.next),
        }
    }
}

pub(crate) struct Statements {
    pub(crate) insert: String,
    pub(crate) get: String,
    pub(crate) update: String,
    pub(crate) delete: String,
    pub(crate) lock: String,
    pub(crate) replace: String,
}

/// The columns `replace` sets, in order: the writable ones, then `updated_at`;
/// `bind_replace` binds them in this order, then the id.
pub(crate) fn replace_plan(r: &Resource) -> Vec<&Field> {
    let writes = r.fields.iter().filter(|f| f.writable());
    let stamps = r.fields.iter().filter(|f| f.auto == Auto::UpdatedAt);
    writes.chain(stamps).collect()
}

pub(crate) fn statements(r: &Resource, dialect: Dialect) -> Statements {
    let table = &r.table;
    let columns: Vec<String> = r
        .fields
        .iter()
        .map(|f| format!("\"{}\"", f.column))
        .collect();
    let columns = columns.join(", ");
    let id = r
        .fields
        .iter()
        .find(|f| f.access == Access::Id)
        .map_or("id", |f| f.column.as_str());

    let mut p = Params { dialect, next: 0 };
    let values: Vec<String> = r.fields.iter().map(|_| p.next()).collect();
    let insert = format!(
        "INSERT INTO \"{table}\" ({columns}) VALUES ({})",
        values.join(", ")
    );

    let get = format!(
        "SELECT {columns} FROM \"{table}\" WHERE \"{id}\" = {}",
        Params { dialect, next: 0 }.next()
    );
    let mut p = Params { dialect, next: 0 };
    let mut sets = Vec::new();
    for assign in update_plan(r) {
        sets.push(match assign {
            Assign::Keep(f) => format!("\"{c}\" = COALESCE({}, \"{c}\")", p.next(), c = f.column),
            Assign::Flagged(f) => {
                let (flag, value) = (p.next(), p.next());
                format!(
                    "\"{c}\" = CASE WHEN {flag} THEN {value} ELSE \"{c}\" END",
                    c = f.column
                )
            }
            Assign::Now(f) => format!("\"{}\" = {}", f.column, p.next()),
        });
    }
    if sets.is_empty() {
        sets.push(format!("\"{id}\" = \"{id}\""));
    }
    let update = format!(
        "UPDATE \"{table}\" SET {} WHERE \"{id}\" = {} RETURNING {columns}",
        sets.join(", "),
        p.next()
    );
    let delete = format!(
        "DELETE FROM \"{table}\" WHERE \"{id}\" = {}",
        Params { dialect, next: 0 }.next()
    );
    let lock = match dialect {
        Dialect::Sqlite => get.clone(),
        Dialect::Postgres => format!("{get} FOR UPDATE"),
    };
    let mut p = Params { dialect, next: 0 };
    let mut sets: Vec<String> = replace_plan(r)
        .into_iter()
        .map(|f| format!("\"{}\" = {}", f.column, p.next()))
        .collect();
    if sets.is_empty() {
        sets.push(format!("\"{id}\" = \"{id}\""));
    }
    let replace = format!(
        "UPDATE \"{table}\" SET {} WHERE \"{id}\" = {} RETURNING {columns}",
        sets.join(", "),
        p.next()
    );
    Statements {
        insert,
        get,
        update,
        delete,
        lock,
        replace,
    }
}

//! The migration writer: the difference between the schema the last migration brought the
//! database to and the declarations, as the next numbered file for each backend.
//!
//! Each file it writes ends with a snapshot of the declared schema (one comment line of
//! JSON), so the next file is computed from the files alone, with no database at hand,
//! and both backends get the same version. Nothing that loses data is written: a table or
//! column no longer declared is named in a comment, and a change SQLite cannot make in
//! place (a column's type or nullability) is left to a hand, said in the file and in
//! [`Written::needs_a_hand`].

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::migrate::{folder, sql_files};
use crate::sql::Backend;
use crate::sql::schema::{self, Schema};

/// The comment line that carries a migration's schema snapshot.
const SNAPSHOT: &str = "-- resourcery:schema ";

/// What [`Api::write_migrations`](crate::Api::write_migrations) wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Written {
    /// The version of the new files.
    pub version: i64,
    /// One file per backend.
    pub files: Vec<PathBuf>,
    /// Changes left to a hand, per backend: the files say the same in comments.
    pub needs_a_hand: Vec<String>,
}

/// Writes the next migration into `dir` if the declarations differ from the last snapshot.
pub(crate) fn write(dir: &Path, declared: &Schema) -> Result<Option<Written>, Error> {
    let mut latest: Option<(i64, Schema)> = None;
    let mut version = 0;
    for backend in [Backend::Sqlite, Backend::Postgres] {
        for (name, path) in sql_files(&dir.join(folder(backend)))? {
            let Some(v) = name.split('_').next().and_then(|v| v.parse::<i64>().ok()) else {
                continue;
            };
            version = version.max(v);
            if latest.as_ref().is_some_and(|(at, _)| *at >= v) {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::Schema(format!("cannot read {}: {e}", path.display())))?;
            if let Some(json) = text.lines().rev().find_map(|l| l.strip_prefix(SNAPSHOT)) {
                let snapshot = serde_json::from_str(json).map_err(|e| {
                    Error::Schema(format!(
                        "the schema snapshot in {} is damaged: {e}",
                        path.display()
                    ))
                })?;
                latest = Some((v, snapshot));
            }
        }
    }
    let before = latest.map(|(_, s)| s).unwrap_or_default();
    if before == *declared {
        return Ok(None);
    }
    let version = version + 1;
    let mut written = Written {
        version,
        files: Vec::new(),
        needs_a_hand: Vec::new(),
    };
    let snapshot = serde_json::to_string(declared)
        .map_err(|e| Error::Schema(format!("cannot write the schema snapshot: {e}")))?;
    let (title, slug) = describe(&before, declared);
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let change = changes(&before, declared, backend);
        let mut text = format!(
            "-- {title} ({}), written by resourcery from the declarations; review it before it is applied.\n\n",
            folder(backend)
        );
        for statement in &change.statements {
            text.push_str(statement);
            text.push_str(";\n\n");
        }
        for note in &change.notes {
            text.push_str("-- ");
            text.push_str(note);
            text.push('\n');
        }
        for note in &change.manual {
            text.push_str("-- NEEDS A HAND: ");
            text.push_str(note);
            text.push('\n');
            written
                .needs_a_hand
                .push(format!("{}: {note}", folder(backend)));
        }
        text.push_str(SNAPSHOT);
        text.push_str(&snapshot);
        text.push('\n');
        let folder = dir.join(folder(backend));
        std::fs::create_dir_all(&folder)
            .map_err(|e| Error::Schema(format!("cannot create {}: {e}", folder.display())))?;
        let path = folder.join(format!("{version:04}_{slug}.sql"));
        std::fs::write(&path, text)
            .map_err(|e| Error::Schema(format!("cannot write {}: {e}", path.display())))?;
        written.files.push(path);
    }
    Ok(Some(written))
}

/// A title and a file-name slug for the change.
fn describe(before: &Schema, after: &Schema) -> (String, String) {
    if before.tables.is_empty() {
        return ("The schema".to_owned(), "schema".to_owned());
    }
    let added: Vec<&str> = after
        .tables
        .iter()
        .filter(|t| before.table(&t.name).is_none())
        .map(|t| t.name.as_str())
        .collect();
    let changed: Vec<&str> = after
        .tables
        .iter()
        .filter(|t| before.table(&t.name).is_some_and(|b| b != *t))
        .map(|t| t.name.as_str())
        .collect();
    let mut words = Vec::new();
    if !added.is_empty() {
        words.push(format!("add {}", added.join(" ")));
    }
    if !changed.is_empty() {
        words.push(format!("change {}", changed.join(" ")));
    }
    if words.is_empty() {
        words.push("indexes".to_owned());
    }
    let title = words.join(", ");
    let mut slug: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    slug.truncate(60);
    let mut title = title;
    if let Some(first) = title.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    (title, slug.trim_end_matches('_').to_owned())
}

/// The statements of one backend's migration, with what they leave out.
#[derive(Default)]
pub(crate) struct Change {
    pub(crate) statements: Vec<String>,
    /// Left out on purpose (nothing that drops data is written).
    pub(crate) notes: Vec<String>,
    /// Left out because this backend cannot do it in place.
    pub(crate) manual: Vec<String>,
}

/// How `before` becomes `after` on `backend`.
pub(crate) fn changes(before: &Schema, after: &Schema, backend: Backend) -> Change {
    let mut out = Change::default();
    let postgres = backend == Backend::Postgres;
    for table in &after.tables {
        let Some(old) = before.table(&table.name) else {
            out.statements.push(schema::create_table(table, backend));
            continue;
        };
        let name = &table.name;
        for column in &table.columns {
            let Some(was) = old.column(&column.name) else {
                out.statements
                    .push(schema::add_column(name, column, backend));
                if column.unique {
                    out.statements.push(schema::create_unique_index(
                        &format!("{name}_{}_key", column.name),
                        name,
                        std::slice::from_ref(&column.name),
                    ));
                }
                continue;
            };
            let col = &column.name;
            if was.ty != column.ty {
                if postgres {
                    out.statements
                        .push(schema::alter_type(name, col, column.ty));
                } else {
                    out.manual.push(format!(
                        "`{name}.{col}` changes type; SQLite needs the table rebuilt (https://www.sqlite.org/lang_altertable.html#otheralter)"
                    ));
                }
            }
            if was.not_null != column.not_null && !column.primary_key {
                if postgres {
                    out.statements
                        .push(schema::alter_not_null(name, col, column.not_null));
                } else {
                    out.manual.push(format!(
                        "`{name}.{col}` becomes {}; SQLite needs the table rebuilt (https://www.sqlite.org/lang_altertable.html#otheralter)",
                        if column.not_null { "NOT NULL" } else { "optional" }
                    ));
                }
            }
            if column.unique && !was.unique {
                out.statements.push(schema::create_unique_index(
                    &format!("{name}_{col}_key"),
                    name,
                    std::slice::from_ref(col),
                ));
            } else if was.unique && !column.unique {
                out.manual.push(format!(
                    "`{name}.{col}` is no longer unique; drop the constraint `{name}_{col}_key` by hand"
                ));
            }
            if was.references != column.references || was.primary_key != column.primary_key {
                out.manual.push(format!(
                    "`{name}.{col}` changes its key or reference; change the constraint by hand"
                ));
            }
        }
        for (constraint, columns) in &table.uniques {
            if !old.uniques.iter().any(|(_, c)| c == columns) {
                out.statements
                    .push(schema::create_unique_index(constraint, name, columns));
            }
        }
        for (constraint, _) in old.uniques.iter().filter(|u| !table.uniques.contains(u)) {
            out.manual.push(format!(
                "`{name}` no longer declares `{constraint}`; drop it by hand"
            ));
        }
        for column in old
            .columns
            .iter()
            .filter(|c| table.column(&c.name).is_none())
        {
            out.notes.push(format!(
                "column `{name}.{}` is no longer declared; it stays until you drop it",
                column.name
            ));
        }
    }
    for table in before
        .tables
        .iter()
        .filter(|t| after.table(&t.name).is_none())
    {
        out.notes.push(format!(
            "table `{}` is no longer declared; it stays until you drop it",
            table.name
        ));
    }
    for index in before.indexes.iter().filter(|i| !after.indexes.contains(i)) {
        out.statements.push(schema::drop_index(&index.name));
    }
    for index in after.indexes.iter().filter(|i| !before.indexes.contains(i)) {
        out.statements.push(schema::create_index(index, backend));
    }
    out
}

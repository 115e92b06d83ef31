//! The table of secrets a service keeps in its database, created once and shared by every
//! instance (the cursor key, and whatever a service asks [`Db::shared_secret`] for).
//!
//! [`Db::shared_secret`]: crate::Db::shared_secret

use super::Backend;
use super::schema::{Column, Schema, Table};
use crate::model::SqlType;

const TABLE: &str = "resourcery_secrets";

/// One row per secret: its name and its value (base64).
pub(crate) fn schema() -> Schema {
    Schema {
        tables: vec![Table {
            name: TABLE.to_owned(),
            columns: vec![
                Column::new("name", SqlType::Text, true).key(),
                Column::new("value", SqlType::Text, true),
            ],
            uniques: Vec::new(),
        }],
        indexes: Vec::new(),
    }
}

/// Stores a value under a name unless one is stored already: of instances starting
/// together, the first one's value stays.
pub(crate) fn offer(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "INSERT INTO \"resourcery_secrets\" (\"name\", \"value\") VALUES (?, ?) ON CONFLICT (\"name\") DO NOTHING"
        }
        Backend::Postgres => {
            "INSERT INTO \"resourcery_secrets\" (\"name\", \"value\") VALUES ($1, $2) ON CONFLICT (\"name\") DO NOTHING"
        }
    }
}

/// The value stored under a name.
pub(crate) fn read(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SELECT \"value\" FROM \"resourcery_secrets\" WHERE \"name\" = ?",
        Backend::Postgres => "SELECT \"value\" FROM \"resourcery_secrets\" WHERE \"name\" = $1",
    }
}

//! The statements the runtime renders from field metadata are, character for character,
//! the ones the macro used to write at compile time (the expected texts are those of the
//! expansion snapshots before the statement layer moved into the runtime), with scope
//! predicates after the id and before `RETURNING` or `FOR UPDATE`.
#![allow(missing_docs)] // test resources, not an API

use resourcery::prelude::*;
use resourcery::{Backend, Resource};

/// A resource with a nullable field (flagged update), lists and an update time.
#[resource(path = "/products")]
pub struct Product {
    #[field(id)]
    pub id: Uuid,
    pub name: String,
    pub weight: Option<f64>,
    pub tags: Vec<String>,
    #[field(updated_at)]
    pub updated_at: DateTime<Utc>,
}

/// Owned and in a tenant: every statement but the insert has a variant per scope.
#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    #[field(owner)]
    pub author: String,
    #[field(tenant)]
    pub workspace: Uuid,
    pub text: String,
}

/// Nothing a client writes: the update still matches, locks and returns the row.
#[resource(path = "/stamps", operations(create, get, update))]
pub struct Stamp {
    #[field(id)]
    pub id: Uuid,
    #[field(read_only, created_at)]
    pub at: DateTime<Utc>,
}

#[test]
fn partial_updates_keep_unsent_fields_and_flag_nullable_ones() {
    let s = Product::statements();
    assert_eq!(
        s.text("update", 0, Backend::Sqlite),
        Some(
            "UPDATE \"products\" SET \"name\" = COALESCE(?, \"name\"), \"weight\" = CASE WHEN ? THEN ? ELSE \"weight\" END, \"tags\" = COALESCE(?, \"tags\"), \"updated_at\" = ? WHERE \"id\" = ? RETURNING \"id\", \"name\", \"weight\", \"tags\", \"updated_at\""
        )
    );
    assert_eq!(
        s.text("update", 0, Backend::Postgres),
        Some(
            "UPDATE \"products\" SET \"name\" = COALESCE($1, \"name\"), \"weight\" = CASE WHEN $2 THEN $3 ELSE \"weight\" END, \"tags\" = COALESCE($4, \"tags\"), \"updated_at\" = $5 WHERE \"id\" = $6 RETURNING \"id\", \"name\", \"weight\", \"tags\", \"updated_at\""
        )
    );
    assert_eq!(
        s.text("replace", 0, Backend::Postgres),
        Some(
            "UPDATE \"products\" SET \"name\" = $1, \"weight\" = $2, \"tags\" = $3, \"updated_at\" = $4 WHERE \"id\" = $5 RETURNING \"id\", \"name\", \"weight\", \"tags\", \"updated_at\""
        )
    );
    assert_eq!(
        s.text("insert", 0, Backend::Postgres),
        Some(
            "INSERT INTO \"products\" (\"id\", \"name\", \"weight\", \"tags\", \"updated_at\") VALUES ($1, $2, $3, $4, $5)"
        )
    );
}

#[test]
fn locking_reads_lock_on_postgres_only() {
    let s = Product::statements();
    let get = "SELECT \"id\", \"name\", \"weight\", \"tags\", \"updated_at\" FROM \"products\" WHERE \"id\" = ?";
    assert_eq!(s.text("get", 0, Backend::Sqlite), Some(get));
    assert_eq!(s.text("lock", 0, Backend::Sqlite), Some(get));
    assert_eq!(
        s.text("lock", 0, Backend::Postgres),
        Some(
            "SELECT \"id\", \"name\", \"weight\", \"tags\", \"updated_at\" FROM \"products\" WHERE \"id\" = $1 FOR UPDATE"
        )
    );
    assert_eq!(
        s.text("delete", 0, Backend::Postgres),
        Some("DELETE FROM \"products\" WHERE \"id\" = $1")
    );
}

#[test]
fn scope_predicates_follow_the_id_tenant_first_and_number_after_the_statements_own() {
    let s = Note::statements();
    let columns = "\"id\", \"author\", \"workspace\", \"text\"";
    assert_eq!(
        s.text("get", 1, Backend::Postgres).map(str::to_owned),
        Some(format!(
            "SELECT {columns} FROM \"notes\" WHERE \"id\" = $1 AND \"workspace\" = $2"
        ))
    );
    assert_eq!(
        s.text("lock", 2, Backend::Postgres).map(str::to_owned),
        Some(format!(
            "SELECT {columns} FROM \"notes\" WHERE \"id\" = $1 AND \"workspace\" = $2 AND \"author\" = $3 FOR UPDATE"
        ))
    );
    assert_eq!(
        s.text("update", 2, Backend::Postgres).map(str::to_owned),
        Some(format!(
            "UPDATE \"notes\" SET \"text\" = COALESCE($1, \"text\") WHERE \"id\" = $2 AND \"workspace\" = $3 AND \"author\" = $4 RETURNING {columns}"
        ))
    );
    assert_eq!(
        s.text("delete", 2, Backend::Sqlite),
        Some("DELETE FROM \"notes\" WHERE \"id\" = ? AND \"workspace\" = ? AND \"author\" = ?")
    );
    // The insert has no scope variant: a new row gets its owner and tenant as values.
    assert_eq!(
        s.text("insert", 2, Backend::Sqlite),
        Some(
            "INSERT INTO \"notes\" (\"id\", \"author\", \"workspace\", \"text\") VALUES (?, ?, ?, ?)"
        )
    );
    assert_eq!(s.text("upsert", 0, Backend::Sqlite), None);
    assert_eq!(s.text("get", 3, Backend::Sqlite), None);
}

#[test]
fn an_update_with_nothing_to_write_still_matches_the_row() {
    assert_eq!(
        Stamp::statements().text("update", 0, Backend::Postgres),
        Some("UPDATE \"stamps\" SET \"id\" = \"id\" WHERE \"id\" = $1 RETURNING \"id\", \"at\"")
    );
}

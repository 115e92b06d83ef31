//! Rules the database keeps but the resource does not declare (a CHECK or NOT NULL added by
//! a migration): a request that breaks one is a 422 at the field when the column is known,
//! a 409 when it is not, and never shows SQL. On both backends, with real tables.

use axum::http::StatusCode;
use resourcery::Db;
use resourcery::prelude::*;
use resourcery_tests::{App, Reply, TestDb, on_both_backends};
use serde_json::{Value, json};

/// A gadget; its table gets more rules than this declaration has.
#[resource(path = "/gadgets")]
pub struct Gadget {
    /// Identifier.
    #[field(id)]
    pub id: Uuid,
    /// Name; the table refuses `reserved`.
    pub name: String,
    /// Price; the table wants it positive.
    pub price_cents: i64,
    /// Optional here, NOT NULL in the table.
    pub note: Option<String>,
}

/// A gizmo; its table has a column the declaration does not know about.
#[resource(path = "/gizmos")]
pub struct Gizmo {
    /// Identifier.
    #[field(id)]
    pub id: Uuid,
    /// Name.
    pub name: String,
}

fn api(db: Db) -> Api {
    Api::new(db).resource::<Gadget>().resource::<Gizmo>()
}

/// The generated DDL, with rules a migration might have added:
/// - `gadgets.price_cents`: an unnamed CHECK (PostgreSQL names it `gadgets_price_cents_check`,
///   SQLite reports its expression);
/// - `gadgets.note`: NOT NULL, though the field is an `Option`;
/// - `gadgets.name`: a CHECK under a name that does not lead to a column;
/// - `gizmos.legacy_code`: a NOT NULL column without default, unknown to the resource.
fn migrate(mut statements: Vec<String>) -> Vec<String> {
    for statement in &mut statements {
        if statement.starts_with("CREATE TABLE IF NOT EXISTS \"gadgets\"") {
            let lines: Vec<String> = statement
                .lines()
                .map(|line| {
                    if line.trim_start().starts_with("\"note\" ") {
                        match line.strip_suffix(',') {
                            Some(head) => format!("{head} NOT NULL,"),
                            None => format!("{line} NOT NULL"),
                        }
                    } else {
                        line.to_owned()
                    }
                })
                .collect();
            let table = lines.join("\n");
            let body = table.strip_suffix("\n)").expect("DDL ends with `\\n)`");
            *statement = format!(
                "{body},\n    CHECK (\"price_cents\" > 0),\n    CONSTRAINT \"name_not_reserved\" CHECK (\"name\" <> 'reserved')\n)"
            );
        } else if statement.starts_with("CREATE TABLE IF NOT EXISTS \"gizmos\"") {
            let body = statement.strip_suffix("\n)").expect("DDL ends with `\\n)`");
            *statement = format!("{body},\n    \"legacy_code\" TEXT NOT NULL\n)");
        }
    }
    statements
}

async fn app(test_db: TestDb) -> App {
    let ddl = api(test_db.db.clone()).schema_sql(test_db.db.backend());
    let migrated = migrate(ddl);
    test_db
        .db
        .execute_script(&migrated)
        .await
        .expect("create the migrated tables");
    // `ensure_schema` finds the tables and leaves them as they are.
    App::new(test_db, api).await
}

/// Asserts a problem that says nothing about the SQL behind it.
#[track_caller]
fn no_sql(reply: &Reply) {
    let text = reply.text().to_lowercase();
    for leak in [
        "constraint",
        "check (",
        "violates",
        "constraint failed",
        "gadgets",
        "gizmos",
        "name_not_reserved",
        "legacy_code",
        "price_cents >",
        "\"price_cents\"",
        "sqlite",
        "postgres",
        "relation",
        "null value",
    ] {
        assert!(!text.contains(leak), "`{leak}` leaked into {text}");
    }
}

/// The one violation of a 422 `validation-error`.
#[track_caller]
fn violation(reply: &Reply) -> Value {
    let problem = reply.problem(422, "validation-error");
    let errors = problem["errors"].as_array().expect("errors").clone();
    assert_eq!(errors.len(), 1, "{problem}");
    no_sql(reply);
    errors[0].clone()
}

on_both_backends!(
    a_check_on_a_known_column_is_a_422_at_the_field,
    a_not_null_on_a_known_column_is_a_422_at_the_field,
    a_rule_on_an_unknown_column_is_a_409_conflict,
);

async fn a_check_on_a_known_column_is_a_422_at_the_field(db: TestDb) {
    let app = app(db).await;
    let created = app
        .post(
            "/gadgets",
            json!({"name": "lamp", "price_cents": 0, "note": "cheap"}),
        )
        .await;
    let error = violation(&created);
    assert_eq!(error["pointer"], "/price_cents");
    assert_eq!(error["code"], "check");

    let gadget = app
        .create(
            "/gadgets",
            json!({"name": "lamp", "price_cents": 1200, "note": "fine"}),
        )
        .await;
    let uri = format!("/gadgets/{}", gadget["id"].as_str().unwrap());
    let patched = app.patch(&uri, json!({"price_cents": -5})).await;
    let error = violation(&patched);
    assert_eq!(error["pointer"], "/price_cents");
    assert_eq!(error["code"], "check");
    // Nothing was written.
    assert_eq!(app.get(&uri).await.json()["price_cents"], 1200);
}

async fn a_not_null_on_a_known_column_is_a_422_at_the_field(db: TestDb) {
    let app = app(db).await;
    let created = app
        .post("/gadgets", json!({"name": "lamp", "price_cents": 100}))
        .await;
    let error = violation(&created);
    assert_eq!(error["pointer"], "/note");
    assert_eq!(error["code"], "not_null");

    let gadget = app
        .create(
            "/gadgets",
            json!({"name": "lamp", "price_cents": 100, "note": "kept"}),
        )
        .await;
    let uri = format!("/gadgets/{}", gadget["id"].as_str().unwrap());
    let patched = app.patch(&uri, json!({"note": null})).await;
    let error = violation(&patched);
    assert_eq!(error["pointer"], "/note");
    assert_eq!(error["code"], "not_null");
    assert_eq!(app.get(&uri).await.json()["note"], "kept");
}

async fn a_rule_on_an_unknown_column_is_a_409_conflict(db: TestDb) {
    let app = app(db).await;
    let reserved = app
        .post(
            "/gadgets",
            json!({"name": "reserved", "price_cents": 100, "note": "x"}),
        )
        .await;
    let problem = reserved.problem(409, "conflict");
    assert!(problem.get("errors").is_none(), "{problem}");
    no_sql(&reserved);

    let gizmo = app.post("/gizmos", json!({"name": "cog"})).await;
    assert_eq!(gizmo.status, StatusCode::CONFLICT, "{}", gizmo.text());
    gizmo.problem(409, "conflict");
    no_sql(&gizmo);
}

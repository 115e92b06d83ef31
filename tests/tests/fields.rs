//! Field options and field types, checked through HTTP and in the stored rows, on SQLite
//! and PostgreSQL.

#![allow(missing_docs)] // test fixtures

use axum::http::{Method, StatusCode};
use resourcery::prelude::*;
use resourcery_tests::{App, TestDb, on_both_backends};
use serde_json::{Value, json};

/// Every supported field type, and the options the shop does not use.
#[resource(path = "/gadgets", table = "gadget_rows")]
pub struct Gadget {
    #[field(id)]
    pub id: Uuid,
    pub small: i16,
    pub normal: i32,
    pub big: i64,
    pub single: f32,
    pub double: f64,
    pub flag: bool,
    pub text: String,
    pub when: DateTime<Utc>,
    pub day: NaiveDate,
    pub data: JsonValue,
    pub colour: Colour,
    pub other: Uuid,
    pub maybe_small: Option<i16>,
    pub maybe_flag: Option<bool>,
    pub maybe_when: Option<DateTime<Utc>>,
    pub maybe_colour: Option<Colour>,
    pub maybe_other: Option<Uuid>,
    /// Nullable with a default: absent means the default, `null` means null.
    #[field(default = "n/a")]
    pub label: Option<String>,
    /// Stored under another JSON name and column.
    #[field(rename = "displayName", column = "display_name_col")]
    pub display_name: Option<String>,
    /// Hidden with a default: stored, never in the API.
    #[field(hidden, default = 7)]
    pub level: i32,
    #[field(write_only, default)]
    pub pin: String,
    #[field(read_only)]
    pub server_note: Option<String>,
    #[field(created_at)]
    pub born: DateTime<Utc>,
    #[field(updated_at)]
    pub touched: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, resourcery::Enum)]
pub enum Colour {
    Red,
    DeepBlue,
    #[variant(rename = "GREEN!")]
    Green,
}

/// A resource serving only some operations.
#[resource(path = "/labels", operations(create, get))]
pub struct Label {
    #[field(id)]
    pub id: Uuid,
    pub text: String,
}

fn gadget_api(db: Db) -> Api {
    Api::new(db).resource::<Gadget>().resource::<Label>()
}

fn full_gadget() -> Value {
    json!({
        "small": -32768, "normal": 2147483647, "big": 9007199254740993i64,
        "single": 1.5, "double": -0.125, "flag": true, "text": "héllo \"quoted\" ✓",
        "when": "2026-01-02T03:04:05.123456Z", "day": "2024-02-29", "data": { "a": [1, null, "x"] },
        "colour": "deep_blue", "other": "00000000-0000-0000-0000-000000000001",
        "maybe_small": 3, "maybe_flag": false, "maybe_when": "1999-12-31T23:59:59Z",
        "maybe_colour": "GREEN!", "maybe_other": null, "displayName": "Gizmo", "pin": "1234"
    })
}

async fn stored<T>(app: &App, sql: &str, id: Uuid) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Sqlite>
        + sqlx::Type<sqlx::Sqlite>
        + for<'r> sqlx::Decode<'r, sqlx::Postgres>
        + sqlx::Type<sqlx::Postgres>
        + Send
        + Unpin,
{
    if let Some(pool) = app.db.as_sqlite() {
        sqlx::query_scalar(&sql.replace("$1", "?"))
            .bind(id)
            .fetch_one(pool)
            .await
            .expect("stored row")
    } else {
        sqlx::query_scalar(sql)
            .bind(id)
            .fetch_one(app.db.as_postgres().unwrap())
            .await
            .expect("stored row")
    }
}

on_both_backends!(
    every_field_type_round_trips_exactly,
    defaults_apply_when_absent_and_null_stays_null_for_nullable_fields,
    hidden_and_write_only_fields_are_stored_but_never_returned,
    rename_and_column_map_json_and_sql_names,
    server_maintained_fields_cannot_be_sent_and_are_set_by_the_server,
    values_out_of_range_for_the_type_are_rejected,
    operations_not_listed_are_not_routed,
);

async fn every_field_type_round_trips_exactly(db: TestDb) {
    let app = App::new(db, gadget_api).await;
    let created = app.create("/gadgets", full_gadget()).await;
    let expected = full_gadget();
    for key in [
        "small",
        "normal",
        "big",
        "single",
        "double",
        "flag",
        "text",
        "day",
        "data",
        "colour",
        "other",
        "maybe_small",
        "maybe_flag",
        "maybe_colour",
        "maybe_other",
        "displayName",
    ] {
        assert_eq!(created[key], expected[key], "{key}");
    }
    assert_eq!(created["when"], "2026-01-02T03:04:05.123456Z");
    assert_eq!(created["maybe_when"], "1999-12-31T23:59:59Z");
    let fetched = app
        .get(&format!("/gadgets/{}", created["id"].as_str().unwrap()))
        .await
        .json();
    assert_eq!(
        fetched, created,
        "what is read back equals what create answered"
    );
    let listed = app.get("/gadgets").await.json();
    assert_eq!(listed["items"][0], created);
}

async fn defaults_apply_when_absent_and_null_stays_null_for_nullable_fields(db: TestDb) {
    let app = App::new(db, gadget_api).await;
    let absent = app.create("/gadgets", full_gadget()).await;
    assert_eq!(absent["label"], "n/a");
    let mut body = full_gadget();
    body["label"] = Value::Null;
    let null = app.create("/gadgets", body).await;
    assert_eq!(null["label"], Value::Null);
    let mut body = full_gadget();
    body["label"] = json!("custom");
    assert_eq!(app.create("/gadgets", body).await["label"], "custom");
    // A nullable field left out is null.
    let mut body = full_gadget();
    body.as_object_mut().unwrap().remove("maybe_small");
    assert_eq!(
        app.create("/gadgets", body).await["maybe_small"],
        Value::Null
    );
}

async fn hidden_and_write_only_fields_are_stored_but_never_returned(db: TestDb) {
    let app = App::new(db, gadget_api).await;
    let created = app.create("/gadgets", full_gadget()).await;
    let id = Uuid::parse_str(created["id"].as_str().unwrap()).unwrap();
    for key in ["level", "pin"] {
        assert!(created.get(key).is_none(), "{key} is not returned");
    }
    assert_eq!(
        stored::<i32>(&app, "SELECT level FROM gadget_rows WHERE id = $1", id).await,
        7
    );
    assert_eq!(
        stored::<String>(&app, "SELECT pin FROM gadget_rows WHERE id = $1", id).await,
        "1234"
    );
    let uri = format!("/gadgets/{id}");
    let updated = app.patch(&uri, json!({ "pin": "9999" })).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text());
    assert!(updated.json().get("pin").is_none());
    assert_eq!(
        stored::<String>(&app, "SELECT pin FROM gadget_rows WHERE id = $1", id).await,
        "9999"
    );
    let problem = app
        .patch(&uri, json!({ "level": 1 }))
        .await
        .problem(422, "validation-error");
    assert_eq!(
        problem["errors"][0]["code"], "unknown_field",
        "a hidden field is not even named as such"
    );
    assert_eq!(
        stored::<i32>(&app, "SELECT level FROM gadget_rows WHERE id = $1", id).await,
        7
    );
}

async fn rename_and_column_map_json_and_sql_names(db: TestDb) {
    let app = App::new(db, gadget_api).await;
    let created = app.create("/gadgets", full_gadget()).await;
    let id = Uuid::parse_str(created["id"].as_str().unwrap()).unwrap();
    assert!(created.get("display_name").is_none());
    let column: Option<String> = stored(
        &app,
        "SELECT display_name_col FROM gadget_rows WHERE id = $1",
        id,
    )
    .await;
    assert_eq!(column.as_deref(), Some("Gizmo"));
    let mut body = full_gadget();
    body["display_name"] = json!("Rust name");
    let problem = app
        .post("/gadgets", body)
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["pointer"], "/display_name");
}

async fn server_maintained_fields_cannot_be_sent_and_are_set_by_the_server(db: TestDb) {
    let app = App::new(db, gadget_api).await;
    for (key, value) in [
        ("id", json!(Uuid::new_v4())),
        ("born", json!("2020-01-01T00:00:00Z")),
        ("touched", json!("2020-01-01T00:00:00Z")),
        ("server_note", json!("x")),
    ] {
        let mut body = full_gadget();
        body[key] = value.clone();
        let problem = app
            .post("/gadgets", body)
            .await
            .problem(422, "validation-error");
        assert_eq!(problem["errors"][0]["pointer"], format!("/{key}"), "{key}");
        assert_eq!(problem["errors"][0]["code"], "read_only", "{key}");
    }
    let created = app.create("/gadgets", full_gadget()).await;
    assert_eq!(created["server_note"], Value::Null);
    assert_eq!(created["born"], created["touched"]);
    let uri = format!("/gadgets/{}", created["id"].as_str().unwrap());
    let problem = app
        .patch(&uri, json!({ "born": "2020-01-01T00:00:00Z" }))
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["code"], "read_only");
    let updated = app.patch(&uri, json!({ "text": "new" })).await.json();
    assert_eq!(updated["born"], created["born"]);
    assert!(
        resourcery_tests::instant(&updated["touched"])
            > resourcery_tests::instant(&created["touched"])
    );
}

async fn values_out_of_range_for_the_type_are_rejected(db: TestDb) {
    let app = App::new(db, gadget_api).await;
    for (key, value) in [
        ("small", json!(40000)),
        ("normal", json!(2147483648i64)),
        ("big", json!(1.5)),
        ("flag", json!("yes")),
        ("day", json!("2024-02-30")),
        ("when", json!("yesterday")),
        ("other", json!("not-a-uuid")),
        ("colour", json!("purple")),
        ("text", json!(null)),
    ] {
        let mut body = full_gadget();
        body[key] = value;
        let problem = app
            .post("/gadgets", body)
            .await
            .problem(422, "validation-error");
        assert_eq!(
            problem["errors"][0]["pointer"],
            format!("/{key}"),
            "{key}: {problem}"
        );
    }
    assert_eq!(
        app.get("/gadgets").await.json()["items"],
        json!([]),
        "nothing reached the database"
    );
}

async fn operations_not_listed_are_not_routed(db: TestDb) {
    let app = App::new(db, gadget_api).await;
    let label = app.create("/labels", json!({ "text": "a" })).await;
    let uri = format!("/labels/{}", label["id"].as_str().unwrap());
    assert_eq!(app.get(&uri).await.status, StatusCode::OK);
    let reply = app.call(Method::GET, "/labels", None).await;
    let problem = reply.problem(405, "method-not-allowed");
    assert_eq!(reply.header("allow"), Some("POST"));
    assert!(
        problem["detail"].as_str().unwrap().contains("GET"),
        "{problem}"
    );
    app.delete(&uri).await.problem(405, "method-not-allowed");
    app.patch(&uri, json!({}))
        .await
        .problem(405, "method-not-allowed");
}

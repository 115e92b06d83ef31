//! Guards, after hooks, request bodies and history of state transitions: a guard that
//! refuses and an after hook that fails leave no trace (state, side writes and history all
//! roll back), bodies are validated like any other body, history rows are written only on
//! success and listed in order, and the locked path keeps exactly one winner under
//! concurrency.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use resourcery::prelude::*;
use resourcery_tests::{App, TestDb, on_both_backends};
use serde_json::{Value, json};

/// Where a shipment is.
#[resourcery::state_machine(
    transition(pack, from(Open), to = Packed, guard = has_address),
    transition(send, from(Packed), to = Sent, after = write_receipt),
    transition(cancel, from(Open, Packed), to = Cancelled, body = Reason, guard = reason_allowed),
    transition(reopen, from(Cancelled), to = Open),
    transition(close, from(Sent), to = Closed),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Being prepared.
    #[state(initial)]
    Open,
    /// In a box.
    Packed,
    /// Handed to the carrier.
    Sent,
    /// Called off; may be reopened.
    Cancelled,
    /// Done.
    #[state(terminal)]
    Closed,
}

/// Why a shipment is cancelled.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// A few words.
    #[field(validate(length(min = 3, max = 50)))]
    pub text: String,
    /// How sure the client is.
    #[field(validate(range(min = 1, max = 5)))]
    pub certainty: Option<i32>,
}

/// A shipment with a recorded life cycle.
#[resource(path = "/shipments")]
pub struct Shipment {
    /// Identifier.
    #[field(id)]
    pub id: Uuid,
    /// Where it goes; required to pack.
    pub address: Option<String>,
    /// Makes the after hook of `send` fail, to test the rollback.
    #[field(default)]
    pub jam_printer: bool,
    /// Where it is.
    #[field(state, history, filterable)]
    pub stage: Stage,
    /// Last change.
    #[field(read_only)]
    pub updated_at: DateTime<Utc>,
}

/// Written by the after hook of `send`, in the transition's transaction.
#[resource(path = "/receipts", operations(get, list))]
pub struct Receipt {
    /// Identifier.
    #[field(id)]
    pub id: Uuid,
    /// The shipment sent.
    #[field(references = Shipment, filterable)]
    pub shipment_id: Uuid,
    /// What the printer printed.
    pub note: String,
}

async fn has_address(shipment: &Shipment, t: &mut Transition) -> Result<(), Problem> {
    assert_eq!((t.action(), t.from(), t.to()), ("pack", "open", "packed"));
    match &shipment.address {
        Some(_) => Ok(()),
        None => Err(Problem::new(ProblemType::CONFLICT).detail("no address to ship to")),
    }
}

async fn reason_allowed(_: &Shipment, t: &mut Transition<Reason>) -> Result<(), Problem> {
    if t.body().text == "no reason" {
        return Err(Problem::new(ProblemType::CONFLICT).detail("give a real reason"));
    }
    Ok(())
}

/// Writes a receipt for the sent shipment, then fails if the printer is jammed: the
/// receipt, the new state and the history entry must all disappear.
async fn write_receipt(shipment: &Shipment, t: &mut Transition) -> Result<(), Problem> {
    assert_eq!(
        shipment.stage,
        Stage::Sent,
        "the after hook sees the updated row"
    );
    let sql = "INSERT INTO receipts (id, shipment_id, note) VALUES ";
    let id = Uuid::now_v7();
    let note = format!("sent from {}", t.from());
    let tx = t.tx();
    let written = if let Some(conn) = tx.as_sqlite() {
        sqlx::query(&format!("{sql}(?, ?, ?)"))
            .bind(id)
            .bind(shipment.id)
            .bind(&note)
            .execute(conn)
            .await
            .map(drop)
    } else if let Some(conn) = tx.as_postgres() {
        sqlx::query(&format!("{sql}($1, $2, $3)"))
            .bind(id)
            .bind(shipment.id)
            .bind(&note)
            .execute(conn)
            .await
            .map(drop)
    } else {
        return Err(Problem::internal("no backend"));
    };
    written.map_err(Problem::internal)?;
    if shipment.jam_printer {
        return Err(Problem::new(ProblemType::SERVICE_UNAVAILABLE).detail("the printer jammed"));
    }
    Ok(())
}

async fn app(test_db: TestDb) -> App {
    App::new(test_db, |db| {
        Api::new(db).resource::<Shipment>().resource::<Receipt>()
    })
    .await
}

async fn shipment(app: &App, body: Value) -> String {
    let created = app.create("/shipments", body).await;
    assert_eq!(created["stage"], "open");
    created["id"].as_str().unwrap().to_owned()
}

async fn stage(app: &App, id: &str) -> Value {
    app.get(&format!("/shipments/{id}")).await.json()["stage"].clone()
}

async fn history(app: &App, id: &str) -> Vec<Value> {
    let reply = app.get(&format!("/shipments/{id}/transitions")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()["items"].as_array().unwrap().clone()
}

async fn receipts(app: &App, id: &str) -> usize {
    let reply = app.get(&format!("/receipts?shipment_id={id}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()["items"].as_array().unwrap().len()
}

/// A guard that refuses changes nothing and records nothing; once its rule holds, the
/// same request succeeds.
async fn a_refusing_guard_rolls_back(test_db: TestDb) {
    let app = app(test_db).await;
    let id = shipment(&app, json!({})).await;
    let refused = app.post(&format!("/shipments/{id}/pack"), json!({})).await;
    let problem = refused.problem(409, "conflict");
    assert_eq!(problem["detail"], "no address to ship to");
    assert_eq!(stage(&app, &id).await, "open");
    assert!(history(&app, &id).await.is_empty());

    app.patch(
        &format!("/shipments/{id}"),
        json!({ "address": "1 Main St" }),
    )
    .await;
    let packed = app.post(&format!("/shipments/{id}/pack"), json!({})).await;
    assert_eq!(packed.status, StatusCode::OK, "{}", packed.text());
    assert_eq!(packed.json()["stage"], "packed");
    let entries = history(&app, &id).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["seq"], 1);
    assert_eq!(entries[0]["action"], "pack");
    assert_eq!(entries[0]["from"], "open");
    assert_eq!(entries[0]["to"], "packed");
    assert_eq!(entries[0]["actor"], Value::Null);
    assert!(entries[0].get("body").is_none(), "{}", entries[0]);
    let at = resourcery_tests::instant(&entries[0]["at"]);
    assert_eq!(at, resourcery_tests::instant(&packed.json()["updated_at"]));
}

/// An after hook runs on the updated row inside the transaction: its own write commits
/// with the transition, and when it fails the write, the state and the history entry all
/// roll back.
async fn a_failing_after_hook_rolls_back_everything(test_db: TestDb) {
    let app = app(test_db).await;
    let ok = shipment(&app, json!({ "address": "a" })).await;
    app.post(&format!("/shipments/{ok}/pack"), json!({})).await;
    let sent = app.post(&format!("/shipments/{ok}/send"), json!({})).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text());
    assert_eq!(receipts(&app, &ok).await, 1);
    assert_eq!(history(&app, &ok).await.len(), 2);

    let jammed = shipment(&app, json!({ "address": "a", "jam_printer": true })).await;
    app.post(&format!("/shipments/{jammed}/pack"), json!({}))
        .await;
    let failed = app
        .post(&format!("/shipments/{jammed}/send"), json!({}))
        .await;
    let problem = failed.problem(503, "service-unavailable");
    assert_eq!(problem["detail"], "the printer jammed");
    assert_eq!(stage(&app, &jammed).await, "packed");
    assert_eq!(receipts(&app, &jammed).await, 0);
    let entries = history(&app, &jammed).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["action"], "pack");
}

/// A transition's body is decoded and validated before anything else, with the same
/// problems as a create body; the guard sees it, and the history keeps it.
async fn bodies_are_validated_and_recorded(test_db: TestDb) {
    let app = app(test_db).await;
    let id = shipment(&app, json!({})).await;
    let uri = format!("/shipments/{id}/cancel");
    let raw = |content_type: Option<&str>, body: &str| {
        let mut request = Request::builder().method(Method::POST).uri(&uri);
        if let Some(t) = content_type {
            request = request.header(header::CONTENT_TYPE, t);
        }
        request.body(Body::from(body.to_owned())).unwrap()
    };

    let empty = app.send(raw(Some("application/json"), "")).await;
    assert!(
        empty.problem(400, "malformed-request")["detail"]
            .as_str()
            .unwrap()
            .contains("empty")
    );
    app.send(raw(Some("application/json"), "{\"text\": "))
        .await
        .problem(400, "malformed-request");
    app.send(raw(Some("text/plain"), "{\"text\": \"late\"}"))
        .await
        .problem(415, "unsupported-media-type");
    app.send(raw(None, "{\"text\": \"late\"}"))
        .await
        .problem(415, "unsupported-media-type");

    let violations = |reply: resourcery_tests::Reply| -> Vec<(String, String)> {
        let problem = reply.problem(422, "validation-error");
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["pointer"].as_str().unwrap().to_owned(),
                    v["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let cases = [
        (json!([1, 2]), ("", "type")),
        (json!({}), ("/text", "required")),
        (json!({ "text": "ok" }), ("/text", "length")),
        (json!({ "text": 5 }), ("/text", "type")),
        (json!({ "text": null }), ("/text", "not_null")),
        (
            json!({ "text": "fine", "extra": 1 }),
            ("/extra", "unknown_field"),
        ),
        (
            json!({ "text": "fine", "certainty": 9 }),
            ("/certainty", "range"),
        ),
        (
            json!({ "text": "nul\u{0}here" }),
            ("/text", "nul_character"),
        ),
    ];
    for (body, (pointer, code)) in cases {
        let got = violations(app.post(&uri, body.clone()).await);
        assert_eq!(got, [(pointer.to_owned(), code.to_owned())], "body {body}");
    }
    // Both rules of the body at once.
    let both = violations(
        app.post(&uri, json!({ "text": "no", "certainty": 0 }))
            .await,
    );
    assert_eq!(both.len(), 2, "{both:?}");
    // The body is checked before the row is looked up.
    let missing = format!("/shipments/{}/cancel", Uuid::now_v7());
    violations(app.post(&missing, json!({ "text": "x" })).await);
    app.post(&missing, json!({ "text": "lost in the mail" }))
        .await
        .problem(404, "not-found");
    assert_eq!(stage(&app, &id).await, "open");
    assert!(history(&app, &id).await.is_empty());

    // The guard reads the body.
    app.post(&uri, json!({ "text": "no reason" }))
        .await
        .problem(409, "conflict");
    assert_eq!(stage(&app, &id).await, "open");

    let cancelled = app
        .post(&uri, json!({ "text": "changed my mind", "certainty": 4 }))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.text());
    assert_eq!(cancelled.json()["stage"], "cancelled");
    let entries = history(&app, &id).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0]["body"],
        json!({ "text": "changed my mind", "certainty": 4 })
    );
}

/// The history lists every transition in order across cycles, pages with `after` and
/// `limit`, refuses bad parameters, and goes with its row.
async fn history_is_ordered_paged_and_deleted_with_its_row(test_db: TestDb) {
    let app = app(test_db).await;
    let id = shipment(&app, json!({ "address": "a" })).await;
    let mut expected = Vec::new();
    for _ in 0..3 {
        for (action, body) in [
            ("pack", json!({})),
            ("cancel", json!({ "text": "again" })),
            ("reopen", json!({})),
        ] {
            let reply = app.post(&format!("/shipments/{id}/{action}"), body).await;
            assert_eq!(reply.status, StatusCode::OK, "{action}: {}", reply.text());
            expected.push(action);
        }
    }
    // A refused transition records nothing.
    app.post(&format!("/shipments/{id}/close"), json!({}))
        .await
        .problem(409, "invalid-state-transition");
    let entries = history(&app, &id).await;
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, expected);
    let seqs: Vec<i64> = entries.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=9).collect::<Vec<_>>());
    for pair in entries.windows(2) {
        assert_eq!(pair[0]["to"], pair[1]["from"], "{pair:?}");
        assert!(
            resourcery_tests::instant(&pair[0]["at"]) <= resourcery_tests::instant(&pair[1]["at"])
        );
    }

    // Pages of four: 1-4, 5-8, 9.
    let mut after = Value::from(0);
    let mut pages = Vec::new();
    while !after.is_null() {
        let page = app
            .get(&format!(
                "/shipments/{id}/transitions?limit=4&after={after}"
            ))
            .await
            .json();
        let seqs: Vec<i64> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["seq"].as_i64().unwrap())
            .collect();
        pages.push(seqs);
        after = page["next_after"].clone();
    }
    assert_eq!(pages, [vec![1, 2, 3, 4], vec![5, 6, 7, 8], vec![9]]);

    let base = format!("/shipments/{id}/transitions");
    for query in [
        "limit=0",
        "limit=abc",
        "limit=100000",
        "after=-1",
        "after=x",
        "after=%2B1",
        "after=9223372036854775808",
        "limit=%2B2",
        "page=2",
        "limit=1&limit=2",
    ] {
        let reply = app.get(&format!("{base}?{query}")).await;
        let problem = reply.problem(400, "malformed-request");
        assert!(problem["parameter"].is_string(), "{query}: {problem}");
    }
    app.get("/shipments/not-a-uuid/transitions")
        .await
        .problem(400, "malformed-request");
    app.get(&format!("/shipments/{}/transitions", Uuid::now_v7()))
        .await
        .problem(404, "not-found");

    // A shipment without transitions has an empty history, not a 404.
    let fresh = shipment(&app, json!({})).await;
    assert!(history(&app, &fresh).await.is_empty());

    let deleted = app.delete(&format!("/shipments/{id}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text());
    app.get(&format!("/shipments/{id}/transitions"))
        .await
        .problem(404, "not-found");
}

on_both_backends!(
    a_refusing_guard_rolls_back,
    a_failing_after_hook_rolls_back_everything,
    bodies_are_validated_and_recorded,
    history_is_ordered_paged_and_deleted_with_its_row,
);

/// 32 simultaneous `send`s and `cancel`s on one packed shipment, through the locking path
/// (a guard, an after hook and history): exactly one wins, and the history and the receipts
/// agree with it.
async fn one_of_many_concurrent_locked_transitions_wins(test_db: TestDb) {
    let app = Arc::new(app(test_db).await);
    for round in 0..3 {
        let id = shipment(&app, json!({ "address": "a" })).await;
        app.post(&format!("/shipments/{id}/pack"), json!({})).await;
        let tasks: Vec<_> = (0..32)
            .map(|i| {
                let app = app.clone();
                let (action, body) = if i % 2 == 0 {
                    ("send", json!({}))
                } else {
                    ("cancel", json!({ "text": format!("racer {i}") }))
                };
                let uri = format!("/shipments/{id}/{action}");
                tokio::spawn(async move {
                    let reply = app.post(&uri, body).await;
                    (action, reply.status, reply.json())
                })
            })
            .collect();
        let mut winners = Vec::new();
        for task in tasks {
            let (action, status, body) = task.await.unwrap();
            match status {
                StatusCode::OK => winners.push((action, body["stage"].clone())),
                StatusCode::CONFLICT => {
                    assert_eq!(body["type"], "/problems/invalid-state-transition", "{body}");
                }
                other => panic!("round {round}: {action} answered {other}: {body}"),
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: {winners:?}");
        let (action, stage_won) = &winners[0];
        assert_eq!(stage(&app, &id).await, *stage_won, "round {round}");
        let entries = history(&app, &id).await;
        let actions: Vec<&str> = entries
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["pack", *action], "round {round}");
        assert_eq!(receipts(&app, &id).await, usize::from(*action == "send"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_of_many_concurrent_locked_transitions_wins_sqlite() {
    one_of_many_concurrent_locked_transitions_wins(resourcery_tests::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_of_many_concurrent_locked_transitions_wins_postgres() {
    one_of_many_concurrent_locked_transitions_wins(resourcery_tests::postgres().await).await;
}

/// The same state machine on a resource its hooks were not written for.
#[resource(path = "/crates")]
pub struct Crate {
    /// Identifier.
    #[field(id)]
    pub id: Uuid,
    /// Where it is.
    #[field(state)]
    pub stage: Stage,
}

#[tokio::test]
async fn hooks_for_another_resource_are_a_start_up_error() {
    let db = resourcery_tests::sqlite().await;
    let error = Api::new(db.db.clone())
        .resource::<Crate>()
        .into_router()
        .expect_err("hooks take &Shipment");
    let message = error.to_string();
    assert!(message.contains("`pack`"), "{message}");
    assert!(message.contains("Shipment"), "{message}");
    assert!(message.contains("Crate"), "{message}");
}

#[tokio::test]
async fn bodies_and_history_are_documented() {
    let db = resourcery_tests::sqlite().await;
    let api = Api::new(db.db.clone())
        .resource::<Shipment>()
        .resource::<Receipt>();
    let doc = serde_json::to_value(api.openapi()).unwrap();
    let cancel = &doc["paths"]["/shipments/{id}/cancel"]["post"];
    let body = &cancel["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body["properties"]["text"]["minLength"], 3, "{body}");
    assert_eq!(body["required"], json!(["text"]), "{body}");
    let statuses = |op: &Value| -> Vec<String> {
        op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(
        statuses(cancel),
        [
            "200", "400", "404", "408", "409", "413", "415", "422", "500", "503"
        ]
    );
    assert!(
        cancel["description"]
            .as_str()
            .unwrap()
            .contains("`reason_allowed`")
    );
    let pack = &doc["paths"]["/shipments/{id}/pack"]["post"];
    assert!(pack.get("requestBody").is_none());
    assert_eq!(statuses(pack), ["200", "400", "404", "409", "500", "503"]);
    let send = &doc["paths"]["/shipments/{id}/send"]["post"];
    assert!(
        send["description"]
            .as_str()
            .unwrap()
            .contains("`write_receipt`")
    );
    let list = &doc["paths"]["/shipments/{id}/transitions"]["get"];
    assert_eq!(list["operationId"], "listShipmentTransitions");
    assert_eq!(statuses(list), ["200", "400", "404", "500", "503"]);
    let params: Vec<&str> = list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["id", "after", "limit"]);
    // Without `history`, there is no history route.
    let plain = Api::new(db.db.clone()).resource::<Crate>().openapi();
    let plain = serde_json::to_value(plain).unwrap();
    assert!(plain["paths"].get("/crates/{id}/transitions").is_none());
}

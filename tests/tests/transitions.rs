//! State transitions served from `#[field(state)]`: every allowed action moves the row,
//! every other one is a 409 naming the current state and what it allows, concurrent
//! conflicting actions have exactly one winner, and random sequences agree with the graph.

use std::sync::Arc;

use axum::http::StatusCode;
use proptest::prelude::*;
use resourcery::prelude::*;
use resourcery_tests::{App, TestDb, on_both_backends};
use serde_json::{Value, json};

/// Where a parcel is.
#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
    transition(reject, from(Pending), to = Rejected),
    transition(ship, from(Confirmed), to = Shipped),
    transition(deliver, from(Shipped), to = Delivered),
    transition(cancel, from(Pending, Confirmed), to = Cancelled),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Just registered.
    #[state(initial)]
    Pending,
    /// Accepted.
    Confirmed,
    /// On its way.
    Shipped,
    /// Arrived.
    #[state(terminal)]
    Delivered,
    /// Refused on arrival at the depot.
    #[state(terminal)]
    Rejected,
    /// Called off.
    #[state(terminal)]
    Cancelled,
}

/// A parcel with a lifecycle.
#[resource(path = "/parcels")]
pub struct Parcel {
    /// Identifier.
    #[field(id)]
    pub id: Uuid,
    /// What is written on it.
    pub label: String,
    /// Where it is.
    #[field(state, filterable)]
    pub status: Status,
    /// Last change.
    #[field(read_only)]
    pub updated_at: DateTime<Utc>,
}

async fn app(test_db: TestDb) -> App {
    App::new(test_db, |db| Api::new(db).resource::<Parcel>()).await
}

async fn parcel(app: &App) -> String {
    let created = app.create("/parcels", json!({ "label": "books" })).await;
    assert_eq!(created["status"], "pending");
    created["id"].as_str().unwrap().to_owned()
}

/// The graph as a plain model: the state an action leads to from `state`, if allowed.
fn model(state: &str, action: &str) -> Option<&'static str> {
    match (state, action) {
        ("pending", "confirm") => Some("confirmed"),
        ("pending", "reject") => Some("rejected"),
        ("confirmed", "ship") => Some("shipped"),
        ("shipped", "deliver") => Some("delivered"),
        ("pending" | "confirmed", "cancel") => Some("cancelled"),
        _ => None,
    }
}

const ACTIONS: [&str; 5] = ["confirm", "reject", "ship", "deliver", "cancel"];

fn allowed(state: &str) -> Vec<&'static str> {
    ACTIONS
        .iter()
        .copied()
        .filter(|a| model(state, a).is_some())
        .collect()
}

/// Every action from every reachable state, against the model.
async fn every_action_from_every_state_follows_the_graph(test_db: TestDb) {
    let app = app(test_db).await;
    // Paths that reach each state.
    let paths: [&[&str]; 6] = [
        &[],
        &["confirm"],
        &["confirm", "ship"],
        &["confirm", "ship", "deliver"],
        &["reject"],
        &["cancel"],
    ];
    for path in paths {
        for action in ACTIONS {
            let id = parcel(&app).await;
            let mut state = "pending";
            for step in path {
                let reply = app.post(&format!("/parcels/{id}/{step}"), json!({})).await;
                assert_eq!(reply.status, StatusCode::OK, "{step}: {}", reply.text());
                state = model(state, step).unwrap();
                assert_eq!(reply.json()["status"], state);
            }
            let reply = app
                .post(&format!("/parcels/{id}/{action}"), json!({}))
                .await;
            match model(state, action) {
                Some(next) => {
                    assert_eq!(reply.status, StatusCode::OK, "{state} {action}");
                    assert_eq!(reply.json()["status"], next);
                    assert_eq!(
                        app.get(&format!("/parcels/{id}")).await.json()["status"],
                        next
                    );
                }
                None => {
                    let problem = reply.problem(409, "invalid-state-transition");
                    assert_eq!(problem["current"], state, "{problem}");
                    assert_eq!(problem["action"], action);
                    assert_eq!(problem["allowed"], json!(allowed(state)), "{problem}");
                    assert_eq!(
                        app.get(&format!("/parcels/{id}")).await.json()["status"],
                        state
                    );
                }
            }
        }
    }
}

/// The state cannot be set on create or PATCH; the problem points to the actions.
async fn the_state_is_not_writable(test_db: TestDb) {
    let app = app(test_db).await;
    let problem = app
        .post("/parcels", json!({ "label": "x", "status": "shipped" }))
        .await
        .problem(422, "validation-error");
    let v = &problem["errors"][0];
    assert_eq!(v["code"], "state_field", "{problem}");
    assert_eq!(v["pointer"], "/status");
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("POST /parcels/{id}/{action}")
    );
    assert_eq!(v["params"]["actions"], json!(ACTIONS));
    let id = parcel(&app).await;
    let problem = app
        .patch(&format!("/parcels/{id}"), json!({ "status": "shipped" }))
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["code"], "state_field");
    assert_eq!(
        app.get(&format!("/parcels/{id}")).await.json()["status"],
        "pending"
    );
}

/// Missing rows are 404, malformed ids 400, unknown actions 404; the list filters by state.
async fn missing_rows_bad_ids_and_filters(test_db: TestDb) {
    let app = app(test_db).await;
    app.post(
        "/parcels/00000000-0000-7000-8000-000000000001/confirm",
        json!({}),
    )
    .await
    .problem(404, "not-found");
    app.post("/parcels/nope/confirm", json!({}))
        .await
        .problem(400, "malformed-request");
    let id = parcel(&app).await;
    app.post(&format!("/parcels/{id}/teleport"), json!({}))
        .await
        .problem(404, "not-found");
    let other = parcel(&app).await;
    app.post(&format!("/parcels/{other}/confirm"), json!({}))
        .await;
    let pending = app.get("/parcels?status=pending").await.json();
    let ids: Vec<&str> = pending["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id.as_str()]);
    let confirmed = app.get("/parcels?status=confirmed").await.json();
    assert_eq!(confirmed["items"][0]["id"], other.as_str());
}

on_both_backends!(
    every_action_from_every_state_follows_the_graph,
    the_state_is_not_writable,
    missing_rows_bad_ids_and_filters,
);

/// 32 simultaneous `confirm`s and `reject`s on one pending parcel: one wins.
async fn one_of_many_concurrent_transitions_wins(test_db: TestDb) {
    let app = Arc::new(app(test_db).await);
    for round in 0..3 {
        let id = parcel(&app).await;
        let tasks: Vec<_> = (0..32)
            .map(|i| {
                let app = app.clone();
                let action = if i % 2 == 0 { "confirm" } else { "reject" };
                let uri = format!("/parcels/{id}/{action}");
                tokio::spawn(async move {
                    let reply = app.post(&uri, json!({})).await;
                    (action, reply.status, reply.json())
                })
            })
            .collect();
        let mut winners = Vec::new();
        for task in tasks {
            let (action, status, body) = task.await.unwrap();
            match status {
                StatusCode::OK => winners.push((action, body["status"].clone())),
                StatusCode::CONFLICT => {
                    assert_eq!(body["type"], "/problems/invalid-state-transition", "{body}");
                }
                other => panic!("round {round}: {action} answered {other}: {body}"),
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: {winners:?}");
        let stored = app.get(&format!("/parcels/{id}")).await.json();
        assert_eq!(stored["status"], winners[0].1, "round {round}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_of_many_concurrent_transitions_wins_sqlite() {
    one_of_many_concurrent_transitions_wins(resourcery_tests::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_of_many_concurrent_transitions_wins_postgres() {
    one_of_many_concurrent_transitions_wins(resourcery_tests::postgres().await).await;
}

/// Random sequences of actions agree with the model, step by step.
fn random_sequences_agree_with_the_model(postgres: bool) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let app = runtime.block_on(async {
        let test_db = if postgres {
            resourcery_tests::postgres().await
        } else {
            resourcery_tests::sqlite().await
        };
        app(test_db).await
    });
    let config = ProptestConfig {
        cases: 32,
        ..ProptestConfig::default()
    };
    proptest!(config, |(steps in proptest::collection::vec(0..ACTIONS.len(), 1..10))| {
        runtime.block_on(async {
            let id = parcel(&app).await;
            let mut state = "pending";
            for step in steps {
                let action = ACTIONS[step];
                let reply = app.post(&format!("/parcels/{id}/{action}"), json!({})).await;
                let body: Value = reply.json();
                match model(state, action) {
                    Some(next) => {
                        assert_eq!(reply.status, StatusCode::OK, "{state} {action}: {body}");
                        state = next;
                    }
                    None => {
                        assert_eq!(reply.status, StatusCode::CONFLICT, "{state} {action}: {body}");
                        assert_eq!(body["current"], state);
                    }
                }
            }
            let stored = app.get(&format!("/parcels/{id}")).await.json();
            assert_eq!(stored["status"], state);
        });
    });
}

#[test]
fn random_sequences_agree_with_the_model_sqlite() {
    random_sequences_agree_with_the_model(false);
}

#[test]
fn random_sequences_agree_with_the_model_postgres() {
    random_sequences_agree_with_the_model(true);
}

/// Each action is documented with 200, 404 and 409, and the graph rides on the schema.
#[tokio::test]
async fn transitions_are_documented() {
    let app = app(resourcery_tests::sqlite().await).await;
    let spec = app.get("/openapi.json").await.json();
    for action in ACTIONS {
        let op = &spec["paths"][format!("/parcels/{{id}}/{action}")]["post"];
        for status in ["200", "400", "404", "409"] {
            assert!(op["responses"].get(status).is_some(), "{action} {status}");
        }
    }
    assert_eq!(
        spec["paths"]["/parcels/{id}/cancel"]["post"]["operationId"],
        "cancelParcel"
    );
    let machine = &spec["components"]["schemas"]["Parcel"]["x-state-machine"];
    assert_eq!(machine["field"], "status");
    assert_eq!(machine["graph"]["initial"], "pending");
    let tag = spec["tags"][0]["description"].as_str().unwrap();
    assert!(tag.contains("```mermaid\nstateDiagram-v2"), "{tag}");
    // The picture: an inline SVG drawn from the same graph.
    use base64::Engine as _;
    let start = tag
        .find("data:image/svg+xml;base64,")
        .expect("an inline picture")
        + 26;
    let end = start + tag[start..].find('"').unwrap();
    let svg = base64::engine::general_purpose::STANDARD
        .decode(&tag[start..end])
        .unwrap();
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    for text in ["pending", "delivered", "reject", "cancel"] {
        assert!(
            svg.contains(&format!(">{text}<")),
            "{text} missing in {svg}"
        );
    }
    assert!(
        tag.contains("| `cancel` | `pending`, `confirmed` | `cancelled` |"),
        "{tag}"
    );
}

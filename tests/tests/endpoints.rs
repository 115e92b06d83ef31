//! Function endpoints over HTTP, on SQLite and PostgreSQL: the shop's refund (a business
//! operation in one transaction, refused with the shop's own problems) and sales report (an
//! aggregate over a validated query), every documented status observed, state, and the
//! start-up errors.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use resourcery::prelude::*;
use resourcery_tests::{App, HOME_STORE, Reply, TestDb, on_both_backends, test_tokens};
use serde_json::{Value, json};

/// A delivered order of 2 x 450 cents in the home store, and its id: a new customer places
/// and confirms it, staff ship and deliver it.
async fn delivered_order(app: &App, sku: &str) -> String {
    let (c, buyer) = app
        .customer(HOME_STORE, &format!("{sku}@example.com"))
        .await;
    let p = app
        .create(
            "/products",
            json!({ "sku": sku, "name": "Tea", "priceCents": 450 }),
        )
        .await;
    let order = buyer
        .create(
            "/orders",
            json!({
                "product_id": p["id"], "quantity": 2,
                "shipping_address": { "street": "1 Main St", "city": "Leeds", "postalCode": "LS1 1AA", "country": "GB" }
            }),
        )
        .await;
    assert_eq!(order["customer_id"], c["id"], "the owner is the caller");
    let id = order["id"].as_str().unwrap().to_owned();
    let confirmed = buyer
        .post(&format!("/orders/{id}/confirm"), json!({}))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text());
    for action in ["ship", "deliver"] {
        let reply = app.post(&format!("/orders/{id}/{action}"), json!({})).await;
        assert_eq!(reply.status, StatusCode::OK, "{action}: {}", reply.text());
    }
    id
}

fn refund_body(amount: i64) -> Value {
    json!({ "amount_cents": amount, "reason": "arrived late" })
}

/// Every status `record` saw, per operation, to compare with the document.
#[derive(Default)]
struct Seen(std::sync::Mutex<Vec<(String, u16)>>);

impl Seen {
    fn record(&self, operation: &str, reply: &Reply) {
        self.0
            .lock()
            .unwrap()
            .push((operation.to_owned(), reply.status.as_u16()));
    }

    fn of(&self, operation: &str) -> BTreeSet<u16> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|(o, _)| o == operation)
            .map(|(_, s)| *s)
            .collect()
    }
}

fn raw(uri: &str, content_type: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut request = Request::builder().method(Method::POST).uri(uri);
    if let Some(t) = content_type {
        request = request.header(header::CONTENT_TYPE, t);
    }
    request.body(body.into()).unwrap()
}

async fn refunds_follow_the_rules(app: &App, seen: &Seen) {
    let id = delivered_order(app, "TEA-0001").await;
    let uri = format!("/orders/{id}/refund");
    let op = "refundOrder";

    let created = app.post(&uri, refund_body(300)).await;
    seen.record(op, &created);
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let refund = created.json();
    assert_eq!(refund["order_id"], id);
    assert_eq!(refund["amount_cents"], 300);
    let location = created.header("location").unwrap().to_owned();
    assert_eq!(
        location,
        format!("/refunds/{}", refund["id"].as_str().unwrap())
    );
    assert_eq!(app.get(&location).await.json(), refund);

    // 900 paid, 300 refunded: 601 is too much, 600 is fine, then nothing is left.
    let too_large = app.post(&uri, refund_body(601)).await;
    seen.record(op, &too_large);
    assert_eq!(
        too_large.problem(409, "refund-too-large")["available_cents"],
        600
    );
    let rest = app.post(&uri, refund_body(600)).await;
    seen.record(op, &rest);
    assert_eq!(rest.status, StatusCode::CREATED);
    let nothing = app.post(&uri, refund_body(1)).await;
    assert_eq!(
        nothing.problem(409, "refund-too-large")["available_cents"],
        0
    );
    let listed = app.get(&format!("/refunds?order_id={id}")).await.json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);

    // A pending order is not refundable; the problem says why.
    let (_, buyer) = app.customer(HOME_STORE, "pending@example.com").await;
    let p = app.get("/products").await.json()["items"][0]["id"].clone();
    let pending = buyer
        .create("/orders", json!({ "product_id": p, "quantity": 1 }))
        .await;
    let pending_uri = format!("/orders/{}/refund", pending["id"].as_str().unwrap());
    let refused = app.post(&pending_uri, refund_body(10)).await;
    seen.record(op, &refused);
    let problem = refused.problem(409, "not-refundable");
    assert_eq!(problem["state"], "pending");
    assert_eq!(problem["order_id"], pending["id"]);

    // Refunds are for staff: no token is a 401 challenge, a customer's token a 403.
    let anonymous = app.anonymous().post(&uri, refund_body(10)).await;
    seen.record(op, &anonymous);
    anonymous.problem(401, "authentication-required");
    assert!(
        anonymous
            .header("www-authenticate")
            .is_some_and(|c| c.starts_with("Bearer"))
    );
    let customer = buyer.post(&uri, refund_body(10)).await;
    seen.record(op, &customer);
    customer.problem(403, "insufficient-permissions");

    let missing = app
        .post(
            &format!("/orders/{}/refund", Uuid::now_v7()),
            refund_body(10),
        )
        .await;
    seen.record(op, &missing);
    missing.problem(404, "not-found");
    let bad_id = app.post("/orders/42/refund", refund_body(10)).await;
    seen.record(op, &bad_id);
    assert_eq!(bad_id.problem(400, "malformed-request")["parameter"], "id");

    let invalid = app
        .post(&uri, json!({ "amount_cents": 0, "reason": "x" }))
        .await;
    seen.record(op, &invalid);
    let problem = invalid.problem(422, "validation-error");
    let pointers: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/amount_cents", "/reason"]);
    let unknown = app
        .post(
            &uri,
            json!({ "amount_cents": 5, "reason": "late", "order_id": id }),
        )
        .await;
    assert_eq!(
        unknown.problem(422, "validation-error")["errors"][0]["code"],
        "unknown_field"
    );
    let text = app.send(raw(&uri, Some("text/plain"), "{}")).await;
    seen.record(op, &text);
    text.problem(415, "unsupported-media-type");
    let broken = app
        .send(raw(&uri, Some("application/json"), "{\"amount"))
        .await;
    seen.record(op, &broken);
    broken.problem(400, "malformed-request");
    let huge = app
        .send(raw(
            &uri,
            Some("application/json"),
            format!("{{\"reason\": \"{}\"}}", "x".repeat(2 * 1024 * 1024)),
        ))
        .await;
    seen.record(op, &huge);
    huge.problem(413, "payload-too-large");
    // Refused attempts wrote nothing.
    let listed = app.get(&format!("/refunds?order_id={id}")).await.json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
}

async fn reports_aggregate_over_a_validated_query(app: &App, seen: &Seen) {
    let op = "salesReport";
    let report = |query: &'static str| async move {
        let reply = app.get(&format!("/reports/sales{query}")).await;
        seen.record(op, &reply);
        reply
    };
    // From `refunds_follow_the_rules`: a delivered order of 2 x 450 and a pending one of 1.
    let all = report("").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text());
    assert_eq!(
        all.json(),
        json!({ "orders": 2, "items": 3, "revenue_cents": 1350 })
    );
    assert_eq!(
        report("?status=delivered").await.json(),
        json!({ "orders": 1, "items": 2, "revenue_cents": 900 })
    );
    assert_eq!(
        report("?min_quantity=2&status=pending").await.json(),
        json!({ "orders": 0, "items": 0, "revenue_cents": 0 })
    );
    // Reports are for staff: no token is a 401 challenge, a customer's token a 403.
    let anonymous = app.anonymous().get("/reports/sales").await;
    seen.record(op, &anonymous);
    anonymous.problem(401, "authentication-required");
    assert!(
        anonymous
            .header("www-authenticate")
            .is_some_and(|c| c.starts_with("Bearer"))
    );
    let (_, customer) = app.customer(HOME_STORE, "curious@example.com").await;
    let refused = customer.get("/reports/sales").await;
    seen.record(op, &refused);
    refused.problem(403, "insufficient-permissions");
    let out_of_range = report("?min_quantity=0").await;
    let problem = out_of_range.problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["pointer"], "/min_quantity");
    assert_eq!(problem["errors"][0]["code"], "range");
    for (query, parameter) in [
        ("?min_quantity=abc", "min_quantity"),
        ("?status=lost", "status"),
        ("?colour=red", "colour"),
        ("?min_quantity=1&min_quantity=2", "min_quantity"),
        ("?status=%00", "status"),
    ] {
        let reply = report(query).await;
        let problem = reply.problem(400, "malformed-request");
        assert_eq!(problem["parameter"], parameter, "{query}: {problem}");
    }
}

async fn shop_endpoints(test_db: TestDb) {
    let app = App::shop(test_db).await;
    let seen = Seen::default();
    refunds_follow_the_rules(&app, &seen).await;
    reports_aggregate_over_a_validated_query(&app, &seen).await;

    // Every documented status was observed, and nothing undocumented happened. 500 cannot
    // be caused from outside; 503 is observed below with the database closed; 408, 429 and
    // the server's own 503s are the limits of the server and its per-client rate limit,
    // observed over TCP in `serve.rs`.
    let doc = serde_json::to_value(shop::api(app.db.clone(), test_tokens()).openapi()).unwrap();
    for (path, method, op) in [
        ("/orders/{id}/refund", "post", "refundOrder"),
        ("/reports/sales", "get", "salesReport"),
    ] {
        let operation = &doc["paths"][path][method];
        assert_eq!(operation["operationId"], op);
        let documented: BTreeSet<u16> = operation["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.parse().unwrap())
            .filter(|s| !matches!(s, 408 | 429 | 500 | 503))
            .collect();
        assert_eq!(documented, seen.of(op), "{op}");
        assert!(operation["responses"].get("500").is_some(), "{op}");
        assert!(operation["responses"].get("503").is_some(), "{op}");
    }
    // The database gone: 503 with Retry-After, as documented.
    match (app.db.as_sqlite(), app.db.as_postgres()) {
        (Some(pool), _) => pool.close().await,
        (_, Some(pool)) => pool.close().await,
        _ => unreachable!(),
    }
    let down = app.get("/reports/sales").await;
    down.problem(503, "service-unavailable");
    let id = Uuid::now_v7();
    let down = app
        .post(&format!("/orders/{id}/refund"), refund_body(1))
        .await;
    down.problem(503, "service-unavailable");
}

/// Two refunds of 600 on an order worth 900, at once: the order is locked, so exactly one
/// is made.
async fn concurrent_refunds_never_exceed_the_value(test_db: TestDb) {
    let app = Arc::new(App::shop(test_db).await);
    let id = delivered_order(&app, "TEA-0002").await;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let app = app.clone();
            let uri = format!("/orders/{id}/refund");
            tokio::spawn(async move { app.post(&uri, refund_body(600)).await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let made = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    assert_eq!(made, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
}

on_both_backends!(shop_endpoints, whole_floats_are_integers_in_endpoint_bodies);

/// A whole number written as a float is an integer (JSON Schema 2020-12 §6.1.1), in an
/// endpoint's body as in a resource's; a fraction is not.
async fn whole_floats_are_integers_in_endpoint_bodies(test_db: TestDb) {
    let app = App::shop(test_db).await;
    let uri = format!("/orders/{}/refund", delivered_order(&app, "FLT-0001").await);
    let whole = app
        .post(&uri, json!({ "amount_cents": 2.0, "reason": "chipped" }))
        .await;
    assert_eq!(whole.status, StatusCode::CREATED, "{}", whole.text());
    assert_eq!(whole.json()["amount_cents"], 2);
    app.post(&uri, json!({ "amount_cents": 2.5, "reason": "chipped" }))
        .await
        .problem(422, "validation-error");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refunds_never_exceed_the_value_sqlite() {
    concurrent_refunds_never_exceed_the_value(resourcery_tests::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refunds_never_exceed_the_value_postgres() {
    concurrent_refunds_never_exceed_the_value(resourcery_tests::postgres().await).await;
}

/// A greeting configured at start-up.
#[derive(Clone)]
struct Greeting(&'static str);

/// Greets someone.
#[resourcery::endpoint(get, "/greetings/{name}", deprecated)]
async fn greet(name: String, greeting: resourcery::State<Greeting>) -> Result<String, Problem> {
    Ok(format!("{}, {name}!", greeting.0.0))
}

/// Forgets everything.
#[resourcery::endpoint(delete, "/memory")]
async fn forget() -> Result<NoContent, Problem> {
    Ok(NoContent)
}

/// Claims a route the shop's orders already serve.
#[resourcery::endpoint(get, "/orders/{order}")]
async fn shadow(order: Uuid) -> Result<Uuid, Problem> {
    Ok(order)
}

#[tokio::test]
async fn state_plain_bodies_and_no_content() {
    let test_db = resourcery_tests::sqlite().await;
    let app = App::new(test_db, |db| {
        Api::new(db)
            .endpoint::<greet>()
            .endpoint::<forget>()
            .state(Greeting("Hello"))
    })
    .await;
    let reply = app.get("/greetings/Ann").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!("Hello, Ann!"));
    let reply = app.delete("/memory").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.body.is_empty());
    // Wrong method on an endpoint's path: 405 like any other route.
    let reply = app.post("/memory", json!({})).await;
    reply.problem(405, "method-not-allowed");

    let doc = serde_json::to_value(
        Api::new(app.db.clone())
            .endpoint::<greet>()
            .endpoint::<forget>()
            .openapi(),
    )
    .unwrap();
    let greet = &doc["paths"]["/greetings/{name}"]["get"];
    assert_eq!(greet["deprecated"], true);
    assert_eq!(greet["summary"], "Greets someone.");
    assert_eq!(greet["tags"], json!(["Greetings"]));
    assert_eq!(greet["parameters"][0]["name"], "name");
    assert_eq!(greet["parameters"][0]["in"], "path");
    assert_eq!(
        greet["responses"]["200"]["content"]["application/json"]["schema"]["type"],
        "string"
    );
    let forget = &doc["paths"]["/memory"]["delete"];
    let statuses: Vec<&String> = forget["responses"].as_object().unwrap().keys().collect();
    // Without a database or a body, only the server's limits (503) can refuse it.
    assert_eq!(statuses, ["204", "500", "503"]);
}

#[tokio::test]
async fn start_up_errors_name_the_declarations() {
    let test_db = resourcery_tests::sqlite().await;
    let missing = Api::new(test_db.db.clone())
        .endpoint::<greet>()
        .into_router()
        .expect_err("no Greeting registered");
    let message = missing.to_string();
    assert!(
        message.contains("greet") && message.contains("Greeting"),
        "{message}"
    );

    let conflict = shop::api(test_db.db.clone(), test_tokens())
        .endpoint::<shadow>()
        .into_router()
        .expect_err("GET /orders/{id} is taken");
    let message = conflict.to_string();
    assert!(
        message.contains("Order") && message.contains("shadow"),
        "{message}"
    );
}

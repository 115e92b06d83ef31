//! Every CRUD operation of the shop example over HTTP, on SQLite and PostgreSQL.

use axum::http::StatusCode;
use resourcery::Grant;
use resourcery_tests::{App, HOME_STORE, TestDb, on_both_backends};
use serde_json::{Value, json};

async fn customer(app: &App, email: &str) -> Value {
    app.create("/customers", json!({ "email": email, "name": "Ann" }))
        .await
}

async fn product(app: &App, sku: &str) -> Value {
    app.create(
        "/products",
        json!({ "sku": sku, "name": "Pen", "priceCents": 150 }),
    )
    .await
}

/// An order of 2 pens, placed by a new customer of the home store.
async fn order(app: &App) -> Value {
    let (c, buyer) = app.customer(HOME_STORE, "buyer@example.com").await;
    let p = product(app, "PEN-0001").await;
    let order = buyer
        .create("/orders", json!({ "product_id": p["id"], "quantity": 2 }))
        .await;
    assert_eq!(order["customer_id"], c["id"], "the owner is the caller");
    order
}

on_both_backends!(
    create_answers_201_with_location_and_the_stored_resource,
    get_returns_what_create_returned,
    get_of_a_missing_row_is_404,
    list_pages_by_limit_and_reports_has_next,
    list_rejects_bad_limits_and_unknown_parameters,
    update_changes_only_the_fields_sent,
    update_with_null_clears_a_nullable_field_and_rejects_a_required_one,
    update_of_a_missing_row_is_404,
    delete_answers_204_then_the_row_is_gone,
    unique_violation_is_409_naming_the_field,
    reference_to_a_missing_row_is_409_and_referenced_rows_cannot_be_deleted,
);

async fn create_answers_201_with_location_and_the_stored_resource(db: TestDb) {
    let app = App::shop(db).await;
    let reply = app
        .post(
            "/customers",
            json!({ "email": "a@example.com", "name": "Ann" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let body = reply.json();
    let id = body["id"].as_str().expect("id is a string");
    assert!(resourcery::Uuid::parse_str(id).is_ok(), "{id}");
    assert_eq!(
        reply.header("location"),
        Some(format!("/customers/{id}").as_str())
    );
    assert_eq!(body["email"], "a@example.com");
    assert_eq!(body["name"], "Ann");
    assert_eq!(body["tier"], "standard", "default applied");
    assert_eq!(body["store"], HOME_STORE, "the tenant is the caller's");
    assert_eq!(body["created_at"], body["updated_at"]);
    // Response members come in declaration order; write-only and hidden fields are absent.
    let text = reply.text();
    let positions: Vec<usize> = [
        "\"id\"",
        "\"store\"",
        "\"email\"",
        "\"name\"",
        "\"tier\"",
        "\"suspended\"",
        "\"created_at\"",
        "\"updated_at\"",
    ]
    .iter()
    .map(|key| {
        text.find(key)
            .unwrap_or_else(|| panic!("{key} missing in {text}"))
    })
    .collect();
    assert!(positions.is_sorted(), "{text}");
    assert_eq!(body.as_object().unwrap().len(), 8, "{text}");
}

async fn get_returns_what_create_returned(db: TestDb) {
    let app = App::shop(db).await;
    let created = app
        .create(
            "/products",
            json!({
                "sku": "MUG-0001", "name": "Mug", "priceCents": 1299, "weight_kg": 0.35,
                "attributes": { "colour": "blue", "sizes": [1, 2] }, "available_from": "2026-03-01",
                "description": "A mug", "active": false
            }),
        )
        .await;
    let reply = app
        .get(&format!("/products/{}", created["id"].as_str().unwrap()))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), created);
    assert_eq!(created["attributes"]["sizes"][1], 2);
    assert_eq!(created["available_from"], "2026-03-01");
    assert_eq!(created["weight_kg"], 0.35);
    assert_eq!(created["active"], false);
}

async fn get_of_a_missing_row_is_404(db: TestDb) {
    let app = App::shop(db).await;
    let id = resourcery::Uuid::new_v4();
    let problem = app
        .get(&format!("/orders/{id}"))
        .await
        .problem(404, "not-found");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(&id.to_string())
    );
}

async fn list_pages_by_limit_and_reports_has_next(db: TestDb) {
    let app = App::shop(db).await;
    for i in 0..3 {
        customer(&app, &format!("c{i}@example.com")).await;
    }
    let page = app.get("/customers?limit=2").await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.json();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["page"]["limit"], 2);
    assert_eq!(page["page"]["has_next"], true);
    assert_eq!(page["page"]["has_prev"], false);
    let all = app.get("/customers").await.json();
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    assert_eq!(all["page"]["limit"], 20);
    assert_eq!(all["page"]["has_next"], false);
    assert_eq!(all["page"]["next_cursor"], Value::Null);
    // Same default order for both requests: the first page is a prefix of the whole.
    assert_eq!(all["items"][0], page["items"][0]);
    assert_eq!(all["items"][1], page["items"][1]);
    let exact = app.get("/customers?limit=3").await.json();
    assert_eq!(exact["page"]["has_next"], false);
}

async fn list_rejects_bad_limits_and_unknown_parameters(db: TestDb) {
    let app = App::shop(db).await;
    for query in [
        "limit=0",
        "limit=101",
        "limit=ten",
        "limit=-5",
        "limit=1&limit=2",
    ] {
        let problem = app
            .get(&format!("/customers?{query}"))
            .await
            .problem(400, "malformed-request");
        assert_eq!(problem["parameter"], "limit", "{query}");
    }
    let problem = app
        .get("/customers?colour=red")
        .await
        .problem(400, "malformed-request");
    assert_eq!(problem["parameter"], "colour");
    assert_eq!(app.get("/customers?limit=100").await.status, StatusCode::OK);
}

async fn update_changes_only_the_fields_sent(db: TestDb) {
    let app = App::shop(db).await;
    let before = order(&app).await;
    let uri = format!("/orders/{}", before["id"].as_str().unwrap());
    let reply = app
        .patch(&uri, json!({ "quantity": 7, "note": "gift wrap" }))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let after = reply.json();
    assert_eq!(after["quantity"], 7);
    assert_eq!(after["note"], "gift wrap");
    for unchanged in ["id", "customer_id", "product_id", "status", "created_at"] {
        assert_eq!(after[unchanged], before[unchanged], "{unchanged}");
    }
    assert!(
        resourcery_tests::instant(&after["updated_at"])
            > resourcery_tests::instant(&before["updated_at"]),
        "updated_at advances"
    );
    assert_eq!(app.get(&uri).await.json(), after, "the change is stored");
    let empty = app.patch(&uri, json!({})).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(empty.json()["quantity"], 7);
    let confirmed = app.post(&format!("{uri}/confirm"), json!({})).await.json();
    assert_eq!(confirmed["status"], "confirmed");
}

async fn update_with_null_clears_a_nullable_field_and_rejects_a_required_one(db: TestDb) {
    let app = App::shop(db).await;
    let created = order(&app).await;
    let uri = format!("/orders/{}", created["id"].as_str().unwrap());
    app.patch(&uri, json!({ "note": "x" })).await;
    let cleared = app.patch(&uri, json!({ "note": null })).await.json();
    assert_eq!(cleared["note"], Value::Null);
    let problem = app
        .patch(&uri, json!({ "quantity": null, "product_id": null }))
        .await
        .problem(422, "validation-error");
    let errors = problem["errors"].as_array().unwrap();
    let pointers: Vec<&str> = errors
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(
        pointers,
        ["/product_id", "/quantity"],
        "every violation is reported"
    );
    assert!(errors.iter().all(|e| e["code"] == "not_null"));
    assert_eq!(
        app.get(&uri).await.json()["quantity"],
        2,
        "nothing was written"
    );
}

async fn update_of_a_missing_row_is_404(db: TestDb) {
    let app = App::shop(db).await;
    let uri = format!("/customers/{}", resourcery::Uuid::new_v4());
    app.patch(&uri, json!({ "name": "Bob" }))
        .await
        .problem(404, "not-found");
}

async fn delete_answers_204_then_the_row_is_gone(db: TestDb) {
    let app = App::shop(db).await;
    let p = product(&app, "GON-0001").await;
    let uri = format!("/products/{}", p["id"].as_str().unwrap());
    let reply = app.delete(&uri).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.body.is_empty());
    app.get(&uri).await.problem(404, "not-found");
    app.delete(&uri).await.problem(404, "not-found");
}

async fn unique_violation_is_409_naming_the_field(db: TestDb) {
    let app = App::shop(db).await;
    customer(&app, "same@example.com").await;
    let problem = app
        .post(
            "/customers",
            json!({ "email": "same@example.com", "name": "Twin" }),
        )
        .await
        .problem(409, "unique-violation");
    assert_eq!(problem["field"], "email");
    // Emails are unique per store: another store may have a customer with the same one.
    let (twin, _) = app.customer("south", "same@example.com").await;
    assert_eq!(twin["store"], "south");
    let other = customer(&app, "other@example.com").await;
    let uri = format!("/customers/{}", other["id"].as_str().unwrap());
    let problem = app
        .patch(&uri, json!({ "email": "same@example.com" }))
        .await
        .problem(409, "unique-violation");
    assert_eq!(problem["field"], "email");
    // A renamed, re-columned unique field is named by its JSON name.
    product(&app, "SKU-0001").await;
    let problem = app
        .post(
            "/products",
            json!({ "sku": "SKU-0001", "name": "Dup", "priceCents": 1 }),
        )
        .await
        .problem(409, "unique-violation");
    assert_eq!(problem["field"], "sku");
}

async fn reference_to_a_missing_row_is_409_and_referenced_rows_cannot_be_deleted(db: TestDb) {
    let app = App::shop(db).await;
    let placed = order(&app).await;
    let missing = resourcery::Uuid::new_v4();
    let (_, buyer) = app.customer(HOME_STORE, "second@example.com").await;
    let problem = buyer
        .post("/orders", json!({ "product_id": missing, "quantity": 1 }))
        .await
        .problem(409, "reference-violation");
    assert!(
        problem["detail"].as_str().unwrap().contains("product_id"),
        "{problem}"
    );
    // The owner reference is checked too: a customer token whose subject has no customer
    // record places nothing.
    let stranger = app.session(
        &Grant::new(missing.to_string())
            .roles(["customer"])
            .tenant(HOME_STORE),
    );
    let problem = stranger
        .post(
            "/orders",
            json!({ "product_id": placed["product_id"], "quantity": 1 }),
        )
        .await
        .problem(409, "reference-violation");
    assert!(
        problem["detail"].as_str().unwrap().contains("customer_id"),
        "{problem}"
    );
    assert_eq!(
        app.get("/orders").await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "only the first order was stored"
    );
    let customer_uri = format!("/customers/{}", placed["customer_id"].as_str().unwrap());
    app.delete(&customer_uri)
        .await
        .problem(409, "reference-violation");
    assert_eq!(
        app.get(&customer_uri).await.status,
        StatusCode::OK,
        "still there"
    );
    let order_uri = format!("/orders/{}", placed["id"].as_str().unwrap());
    assert_eq!(app.delete(&order_uri).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.delete(&customer_uri).await.status,
        StatusCode::NO_CONTENT,
        "free once unreferenced"
    );
}

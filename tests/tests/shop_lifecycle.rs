//! The shop's order lifecycle over HTTP, on SQLite and PostgreSQL: its guards refuse with
//! the shop's own problem types and change nothing, `cancel` and `request_return` take
//! validated bodies, and the history tells the whole story.

use axum::http::StatusCode;
use resourcery_tests::{App, HOME_STORE, Session, TestDb, on_both_backends};
use serde_json::{Value, json};

/// A customer, an active product and a pending order the customer placed for it, with a
/// session as that customer.
async fn setup(app: &App, address: bool) -> (Value, String, Session<'_>) {
    let (c, buyer) = app.customer(HOME_STORE, "ann@example.com").await;
    let p = app
        .create(
            "/products",
            json!({ "sku": "TEA-0001", "name": "Tea", "priceCents": 450 }),
        )
        .await;
    let mut body = json!({ "product_id": p["id"], "quantity": 2 });
    if address {
        body["shipping_address"] = json!({
            "street": "1 Main St", "city": "Leeds", "postalCode": "LS1 1AA", "country": "GB"
        });
    }
    let order = buyer.create("/orders", body).await;
    assert_eq!(order["customer_id"], c["id"], "the owner is the caller");
    (p, order["id"].as_str().unwrap().to_owned(), buyer)
}

async fn act(app: &App, id: &str, action: &str, body: Value) -> resourcery_tests::Reply {
    app.post(&format!("/orders/{id}/{action}"), body).await
}

async fn status(app: &App, id: &str) -> Value {
    app.get(&format!("/orders/{id}")).await.json()["status"].clone()
}

/// The customer confirms and returns; staff ship and deliver, which the customer may not.
async fn the_happy_path_is_recorded(test_db: TestDb) {
    let app = App::shop(test_db).await;
    let (_, id, buyer) = setup(&app, true).await;
    for (by_staff, action, body, after) in [
        (false, "confirm", json!({}), "confirmed"),
        (true, "ship", json!({}), "shipped"),
        (true, "deliver", json!({}), "delivered"),
        (
            false,
            "request_return",
            json!({ "reason": "damaged", "comment": "box was wet" }),
            "returned",
        ),
    ] {
        let uri = format!("/orders/{id}/{action}");
        let reply = if by_staff {
            let refused = buyer.post(&uri, body.clone()).await;
            refused.problem(403, "insufficient-permissions");
            act(&app, &id, action, body).await
        } else {
            buyer.post(&uri, body).await
        };
        assert_eq!(reply.status, StatusCode::OK, "{action}: {}", reply.text());
        assert_eq!(reply.json()["status"], after);
    }
    let history = app.get(&format!("/orders/{id}/transitions")).await.json();
    let steps: Vec<(&str, &str, &str)> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["from"].as_str().unwrap(),
                e["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("confirm", "pending", "confirmed"),
            ("ship", "confirmed", "shipped"),
            ("deliver", "shipped", "delivered"),
            ("request_return", "delivered", "returned"),
        ]
    );
    assert_eq!(
        history["items"][3]["body"],
        json!({ "reason": "damaged", "comment": "box was wet" })
    );
}

/// `confirm` reads the products in its transaction: an order for a product no longer sold
/// is refused with the shop's `product-unavailable` problem, naming the product.
async fn confirm_needs_products_still_sold(test_db: TestDb) {
    let app = App::shop(test_db).await;
    let (product, id, _) = setup(&app, true).await;
    let pid = product["id"].as_str().unwrap();
    app.patch(&format!("/products/{pid}"), json!({ "active": false }))
        .await;
    let refused = act(&app, &id, "confirm", json!({})).await;
    let problem = refused.problem(409, "product-unavailable");
    assert_eq!(problem["product_id"], pid);
    assert_eq!(status(&app, &id).await, "pending");
    let history = app.get(&format!("/orders/{id}/transitions")).await.json();
    assert_eq!(history["items"], json!([]));

    app.patch(&format!("/products/{pid}"), json!({ "active": true }))
        .await;
    assert_eq!(
        act(&app, &id, "confirm", json!({})).await.status,
        StatusCode::OK
    );
}

/// Nothing ships without an address; adding one with PATCH lets the same request through.
async fn ship_needs_an_address(test_db: TestDb) {
    let app = App::shop(test_db).await;
    let (_, id, _) = setup(&app, false).await;
    act(&app, &id, "confirm", json!({})).await;
    let refused = act(&app, &id, "ship", json!({})).await;
    let problem = refused.problem(409, "no-shipping-address");
    assert_eq!(problem["order_id"], id);
    assert_eq!(status(&app, &id).await, "confirmed");
    let address =
        json!({ "street": "2 Side St", "city": "Paris", "postalCode": "75001", "country": "FR" });
    let patched = app
        .patch(
            &format!("/orders/{id}"),
            json!({ "shipping_address": address }),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text());
    assert_eq!(
        act(&app, &id, "ship", json!({})).await.json()["status"],
        "shipped"
    );
}

/// `cancel` takes a reason and `request_return` one of the listed reasons.
async fn action_bodies_are_validated(test_db: TestDb) {
    let app = App::shop(test_db).await;
    let (_, id, buyer) = setup(&app, true).await;
    let cancel = format!("/orders/{id}/cancel");
    let problem = buyer
        .post(&cancel, json!({ "reason": "no" }))
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["pointer"], "/reason");
    assert_eq!(problem["errors"][0]["code"], "length");
    buyer
        .post(&cancel, json!({}))
        .await
        .problem(422, "validation-error");
    assert_eq!(status(&app, &id).await, "pending");
    let cancelled = buyer
        .post(&cancel, json!({ "reason": "found it cheaper" }))
        .await;
    assert_eq!(cancelled.json()["status"], "cancelled");
    // Cancelled is final: the 409 says so, whatever the body.
    let problem = act(&app, &id, "confirm", json!({}))
        .await
        .problem(409, "invalid-state-transition");
    assert_eq!(problem["current"], "cancelled");
    assert_eq!(problem["allowed"], json!([]));

    let other = setup_second(&app, &buyer).await;
    let problem = buyer
        .post(
            &format!("/orders/{other}/request_return"),
            json!({ "reason": "bored" }),
        )
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["code"], "one_of");
}

/// A second order of [`setup`]'s customer (placed through `buyer`) for the same product;
/// its id.
async fn setup_second(app: &App, buyer: &Session<'_>) -> String {
    let orders = app.get("/orders").await.json();
    let first = &orders["items"][0];
    let order = buyer
        .create(
            "/orders",
            json!({ "product_id": first["product_id"], "quantity": 1 }),
        )
        .await;
    assert_eq!(order["customer_id"], first["customer_id"]);
    order["id"].as_str().unwrap().to_owned()
}

on_both_backends!(
    the_happy_path_is_recorded,
    confirm_needs_products_still_sold,
    ship_needs_an_address,
    action_bodies_are_validated,
);

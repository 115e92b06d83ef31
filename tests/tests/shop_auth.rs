//! The shop's authentication over HTTP, on SQLite and PostgreSQL, with the demo accounts:
//! logging in, refresh token rotation and replay, logging out, and who sees what (customers
//! their own orders, staff their store's, nobody another store's).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use resourcery_tests::{App, Reply, TestDb, on_both_backends};
use serde_json::{Value, json};

on_both_backends!(
    login_issues_tokens_that_work,
    a_wrong_password_and_an_unknown_email_get_the_same_answer,
    login_bodies_are_validated,
    refresh_rotates_and_a_replay_ends_the_session,
    logout_ends_the_session,
    logout_everywhere_ends_every_session_of_the_caller_only,
    customers_see_only_their_own_orders,
    staff_see_their_store_and_nothing_else,
    a_refund_across_stores_is_not_found_and_writes_nothing,
    customers_are_refused_staff_and_admin_operations,
    products_are_public_but_a_bad_token_is_not,
);

/// The shop with its demo accounts.
async fn shop(test_db: TestDb) -> App {
    let app = App::shop(test_db).await;
    shop::api(app.db.clone(), resourcery_tests::test_tokens())
        .seed(shop::seed)
        .await
        .expect("seed the demo accounts");
    app
}

/// `POST /auth/login` without a token.
async fn login_reply(app: &App, email: &str, password: &str) -> Reply {
    app.anonymous()
        .post(
            "/auth/login",
            json!({ "email": email, "password": password }),
        )
        .await
}

/// A demo account logged in: requests carry its access token.
struct User<'a> {
    app: &'a App,
    access: String,
    refresh: String,
}

impl User<'_> {
    async fn call(&self, method: Method, uri: &str, body: Option<Value>) -> Reply {
        self.app
            .call_as(Some(&self.access), method, uri, body)
            .await
    }

    async fn get(&self, uri: &str) -> Reply {
        self.call(Method::GET, uri, None).await
    }

    async fn post(&self, uri: &str, body: Value) -> Reply {
        self.call(Method::POST, uri, Some(body)).await
    }
}

/// Logs in as the demo account `email` with the demo password.
async fn login<'a>(app: &'a App, email: &str) -> User<'a> {
    let reply = login_reply(app, email, shop::DEMO_PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK, "{email}: {}", reply.text());
    tokens_of(app, &reply)
}

/// The tokens of a login or refresh answer, checked to be an OAuth 2.0 token response.
fn tokens_of<'a>(app: &'a App, reply: &Reply) -> User<'a> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    // RFC 6749 §5.1: token responses must not be cached.
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let body = reply.json();
    assert_eq!(body["token_type"], "Bearer", "{body}");
    assert!(body["expires_in"].as_i64().is_some_and(|s| s > 0), "{body}");
    User {
        app,
        access: body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned(),
        refresh: body["refresh_token"]
            .as_str()
            .expect("refresh_token")
            .to_owned(),
    }
}

/// `POST /auth/refresh` with `refresh_token`.
async fn refresh(app: &App, refresh_token: &str) -> Reply {
    app.anonymous()
        .post("/auth/refresh", json!({ "refresh_token": refresh_token }))
        .await
}

/// A product the admin (the app's default session) creates.
async fn product(app: &App, sku: &str) -> Value {
    app.create(
        "/products",
        json!({ "sku": sku, "name": "Tea", "priceCents": 450 }),
    )
    .await
}

/// An order `user` places for `product`, shipped to Leeds; its id.
async fn order(user: &User<'_>, product: &Value) -> String {
    let reply = user
        .post(
            "/orders",
            json!({
                "product_id": product["id"], "quantity": 2,
                "shipping_address": { "street": "1 Main St", "city": "Leeds", "postalCode": "LS1 1AA", "country": "GB" }
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.json()["id"].as_str().unwrap().to_owned()
}

/// The ids of the orders a list answers.
fn ids(reply: &Reply) -> Vec<String> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let mut ids: Vec<String> = reply.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

fn sorted(ids: &[&String]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(|s| (*s).clone()).collect();
    ids.sort();
    ids
}

async fn login_issues_tokens_that_work(test_db: TestDb) {
    let app = shop(test_db).await;
    let tea = product(&app, "TEA-0001").await;
    let alice = login(&app, "alice@shop.example").await;
    let id = order(&alice, &tea).await;
    let mine = alice.get("/orders").await;
    assert_eq!(ids(&mine), [id.as_str()]);
    // The order belongs to alice's customer record, whose id her account shares.
    let customers = app
        .get("/customers?email=alice%40shop.example")
        .await
        .json();
    assert_eq!(
        mine.json()["items"][0]["customer_id"],
        customers["items"][0]["id"]
    );
    assert_eq!(mine.json()["items"][0]["store"], "north");
    // Each login is a session of its own.
    let again = login(&app, "alice@shop.example").await;
    assert_ne!(again.refresh, alice.refresh);
    assert_eq!(ids(&again.get("/orders").await), [id]);
}

async fn a_wrong_password_and_an_unknown_email_get_the_same_answer(test_db: TestDb) {
    let app = shop(test_db).await;
    let wrong = login_reply(&app, "alice@shop.example", "resourcery-demO").await;
    let unknown = login_reply(&app, "nobody@shop.example", shop::DEMO_PASSWORD).await;
    let mut answers = Vec::new();
    for reply in [&wrong, &unknown] {
        let mut problem = reply.problem(401, "invalid-credentials");
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
        assert!(problem.get("access_token").is_none() && problem.get("refresh_token").is_none());
        // Only the request id tells them apart.
        problem.as_object_mut().unwrap().remove("instance");
        answers.push(problem);
    }
    assert_eq!(answers[0], answers[1]);
    // Neither started a session.
    assert_eq!(count(&app, "resourcery_refresh_tokens").await, 0);
}

/// The rows of `table`, read straight from the database.
async fn count(app: &App, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    if let Some(pool) = app.db.as_sqlite() {
        sqlx::query_scalar(&sql)
            .fetch_one(pool)
            .await
            .expect("count")
    } else {
        let pool = app.db.as_postgres().expect("a backend");
        sqlx::query_scalar(&sql)
            .fetch_one(pool)
            .await
            .expect("count")
    }
}

async fn login_bodies_are_validated(test_db: TestDb) {
    let app = shop(test_db).await;
    let problem = app
        .anonymous()
        .post("/auth/login", json!({ "email": "alice@shop.example" }))
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["pointer"], "/password");
    assert_eq!(problem["errors"][0]["code"], "required");
    let problem = app
        .anonymous()
        .post(
            "/auth/login",
            json!({ "email": "alice@shop.example", "password": "" }),
        )
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["pointer"], "/password");
    let raw = |content_type: &str, body: &'static str| {
        Request::builder()
            .method(Method::POST)
            .uri("/auth/login")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    };
    app.send_raw(raw("application/json", "email=alice&password=x"))
        .await
        .problem(400, "malformed-request");
    app.send_raw(raw(
        "application/x-www-form-urlencoded",
        "email=alice%40shop.example&password=resourcery-demo",
    ))
    .await
    .problem(415, "unsupported-media-type");
}

async fn refresh_rotates_and_a_replay_ends_the_session(test_db: TestDb) {
    let app = shop(test_db).await;
    let alice = login(&app, "alice@shop.example").await;
    let second = tokens_of(&app, &refresh(&app, &alice.refresh).await);
    assert_ne!(second.refresh, alice.refresh, "rotated");
    assert_eq!(second.get("/orders").await.status, StatusCode::OK);
    // The new refresh token works once.
    let third = tokens_of(&app, &refresh(&app, &second.refresh).await);
    let reused = refresh(&app, &second.refresh).await;
    reused.problem(401, "authentication-required");
    assert!(
        reused
            .header("www-authenticate")
            .is_some_and(|c| c.contains("invalid_token")),
        "{:?}",
        reused.header("www-authenticate")
    );
    // The replay ended the session: the newest refresh token is dead too.
    refresh(&app, &third.refresh)
        .await
        .problem(401, "authentication-required");
    // Replaying the first token of the session is refused alike.
    refresh(&app, &alice.refresh)
        .await
        .problem(401, "authentication-required");
    // Another session of alice's is untouched.
    let other = login(&app, "alice@shop.example").await;
    tokens_of(&app, &refresh(&app, &other.refresh).await);
    // Not a token at all, or an access token: the same 401, nothing said about why.
    refresh(&app, "not-a-refresh-token")
        .await
        .problem(401, "authentication-required");
    let wrong_kind = refresh(&app, &other.access).await;
    let problem = wrong_kind.problem(401, "authentication-required");
    let not_refresh = refresh(&app, "not-a-refresh-token").await;
    assert_eq!(
        problem["detail"],
        not_refresh.problem(401, "authentication-required")["detail"]
    );
}

async fn logout_ends_the_session(test_db: TestDb) {
    let app = shop(test_db).await;
    let alice = login(&app, "alice@shop.example").await;
    let other = login(&app, "alice@shop.example").await;
    let reply = app
        .anonymous()
        .post("/auth/logout", json!({ "refresh_token": alice.refresh }))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    assert!(reply.body.is_empty());
    refresh(&app, &alice.refresh)
        .await
        .problem(401, "authentication-required");
    // Only that session ended.
    tokens_of(&app, &refresh(&app, &other.refresh).await);
}

async fn logout_everywhere_ends_every_session_of_the_caller_only(test_db: TestDb) {
    let app = shop(test_db).await;
    let first = login(&app, "alice@shop.example").await;
    let second = login(&app, "alice@shop.example").await;
    let bob = login(&app, "bob@shop.example").await;

    let anonymous = app
        .anonymous()
        .call(Method::POST, "/auth/logout-everywhere", None)
        .await;
    anonymous.problem(401, "authentication-required");
    assert_eq!(anonymous.header("www-authenticate"), Some("Bearer"));
    let rotated = tokens_of(&app, &refresh(&app, &first.refresh).await);

    let reply = second
        .call(Method::POST, "/auth/logout-everywhere", None)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    for token in [&first.refresh, &second.refresh, &rotated.refresh] {
        refresh(&app, token)
            .await
            .problem(401, "authentication-required");
    }
    tokens_of(&app, &refresh(&app, &bob.refresh).await);
}

async fn customers_see_only_their_own_orders(test_db: TestDb) {
    let app = shop(test_db).await;
    let tea = product(&app, "TEA-0001").await;
    let alice = login(&app, "alice@shop.example").await;
    let bob = login(&app, "bob@shop.example").await;
    let carla = login(&app, "carla@shop.example").await;
    let a = order(&alice, &tea).await;
    let b = order(&bob, &tea).await;
    let c = order(&carla, &tea).await;

    let mut owners = Vec::new();
    for (user, own) in [(&alice, &a), (&bob, &b), (&carla, &c)] {
        let mine = user.get(&format!("/orders/{own}")).await;
        assert_eq!(mine.status, StatusCode::OK, "{}", mine.text());
        owners.push(mine.json()["customer_id"].as_str().unwrap().to_owned());
    }
    for (i, (user, own, others)) in [
        (&alice, &a, [&b, &c]),
        (&bob, &b, [&a, &c]),
        (&carla, &c, [&a, &b]),
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(ids(&user.get("/orders").await), [own.as_str()]);
        for other in others {
            let uri = format!("/orders/{other}");
            user.get(&uri).await.problem(404, "not-found");
            // Nor can they act on it, or read its history.
            user.call(Method::PATCH, &uri, Some(json!({ "note": "mine now" })))
                .await
                .problem(404, "not-found");
            user.post(&format!("{uri}/cancel"), json!({ "reason": "not mine" }))
                .await
                .problem(404, "not-found");
            user.get(&format!("{uri}/transitions"))
                .await
                .problem(404, "not-found");
        }
        // Filtering by another customer finds nothing either.
        for (j, owner) in owners.iter().enumerate() {
            let filtered = ids(&user.get(&format!("/orders?customer_id={owner}")).await);
            let expected = if i == j {
                vec![own.clone()]
            } else {
                Vec::new()
            };
            assert_eq!(filtered, expected);
        }
    }
    // The refused requests changed nothing.
    for (user, own) in [(&alice, &a), (&bob, &b), (&carla, &c)] {
        let stored = user.get(&format!("/orders/{own}")).await.json();
        assert_eq!(stored["note"], Value::Null, "unchanged");
        assert_eq!(stored["status"], "pending", "unchanged");
    }
}

async fn staff_see_their_store_and_nothing_else(test_db: TestDb) {
    let app = shop(test_db).await;
    let tea = product(&app, "TEA-0001").await;
    let alice = login(&app, "alice@shop.example").await;
    let bob = login(&app, "bob@shop.example").await;
    let carla = login(&app, "carla@shop.example").await;
    let a = order(&alice, &tea).await;
    let b = order(&bob, &tea).await;
    let c = order(&carla, &tea).await;

    let nora = login(&app, "nora@shop.example").await;
    assert_eq!(ids(&nora.get("/orders").await), sorted(&[&a, &b]));
    for id in [&a, &b] {
        assert_eq!(
            nora.get(&format!("/orders/{id}")).await.status,
            StatusCode::OK
        );
    }
    nora.get(&format!("/orders/{c}"))
        .await
        .problem(404, "not-found");
    let sam = login(&app, "sam@shop.example").await;
    assert_eq!(ids(&sam.get("/orders").await), [c.as_str()]);
    sam.get(&format!("/orders/{a}"))
        .await
        .problem(404, "not-found");
    // Staff handle their store's orders: nora ships alice's, sam cannot touch it.
    let confirmed = alice.post(&format!("/orders/{a}/confirm"), json!({})).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text());
    sam.post(&format!("/orders/{a}/ship"), json!({}))
        .await
        .problem(404, "not-found");
    let shipped = nora.post(&format!("/orders/{a}/ship"), json!({})).await;
    assert_eq!(shipped.status, StatusCode::OK, "{}", shipped.text());
    assert_eq!(shipped.json()["status"], "shipped");
    // Customers in a store are the staff's business only there.
    let customers = ids(&nora.get("/customers").await);
    assert_eq!(customers.len(), 2, "alice and bob");
    let customers = ids(&sam.get("/customers").await);
    assert_eq!(customers.len(), 1, "carla");
}

async fn a_refund_across_stores_is_not_found_and_writes_nothing(test_db: TestDb) {
    let app = shop(test_db).await;
    let tea = product(&app, "TEA-0001").await;
    let alice = login(&app, "alice@shop.example").await;
    let nora = login(&app, "nora@shop.example").await;
    let sam = login(&app, "sam@shop.example").await;
    let a = order(&alice, &tea).await;
    let confirmed = alice.post(&format!("/orders/{a}/confirm"), json!({})).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text());
    for action in ["ship", "deliver"] {
        let reply = nora.post(&format!("/orders/{a}/{action}"), json!({})).await;
        assert_eq!(reply.status, StatusCode::OK, "{action}: {}", reply.text());
    }
    let refund = json!({ "amount_cents": 100, "reason": "arrived late" });
    let uri = format!("/orders/{a}/refund");
    sam.post(&uri, refund.clone())
        .await
        .problem(404, "not-found");
    let listed = nora.get(&format!("/refunds?order_id={a}")).await;
    assert_eq!(ids(&listed), Vec::<String>::new(), "nothing written");
    assert_eq!(count(&app, "refunds").await, 0);
    // The same refund by the order's own store goes through, and stays in that store.
    let made = nora.post(&uri, refund).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    let made = made.json();
    assert_eq!(made["store"], "north");
    let refund_uri = format!("/refunds/{}", made["id"].as_str().unwrap());
    assert_eq!(nora.get(&refund_uri).await.json(), made);
    sam.get(&refund_uri).await.problem(404, "not-found");
    assert_eq!(ids(&sam.get("/refunds").await), Vec::<String>::new());
}

async fn customers_are_refused_staff_and_admin_operations(test_db: TestDb) {
    let app = shop(test_db).await;
    let alice = login(&app, "alice@shop.example").await;
    for (method, uri, body) in [
        (Method::GET, "/reports/sales", None),
        (Method::GET, "/accounts", None),
        (Method::GET, "/customers", None),
        (Method::GET, "/refunds", None),
        (
            Method::POST,
            "/products",
            Some(json!({ "sku": "TEA-0009", "name": "Tea", "priceCents": 1 })),
        ),
    ] {
        let reply = alice.call(method.clone(), uri, body).await;
        let problem = reply.problem(403, "insufficient-permissions");
        assert!(
            problem["detail"].as_str().is_some(),
            "{method} {uri}: {problem}"
        );
    }
    assert_eq!(
        app.get("/products").await.json()["items"],
        json!([]),
        "nothing created"
    );
    // Staff may report but not manage accounts or products.
    let nora = login(&app, "nora@shop.example").await;
    let report = nora.get("/reports/sales").await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text());
    nora.get("/accounts")
        .await
        .problem(403, "insufficient-permissions");
    // The admin sees the accounts, never their password hashes.
    let admin = login(&app, "admin@shop.example").await;
    let accounts = admin.get("/accounts").await;
    assert_eq!(accounts.status, StatusCode::OK, "{}", accounts.text());
    assert!(!accounts.text().contains("argon2"), "{}", accounts.text());
    assert!(
        accounts.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["email"] == "alice@shop.example")
    );
}

async fn products_are_public_but_a_bad_token_is_not(test_db: TestDb) {
    let app = shop(test_db).await;
    let tea = product(&app, "TEA-0001").await;
    let listed = app.anonymous().get("/products").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text());
    assert_eq!(listed.json()["items"][0]["id"], tea["id"]);
    let one = app
        .anonymous()
        .get(&format!("/products/{}", tea["id"].as_str().unwrap()))
        .await;
    assert_eq!(one.status, StatusCode::OK);
    // A token that is sent is verified, even where none is needed.
    let alice = login(&app, "alice@shop.example").await;
    let mut forged = alice.access.clone();
    forged.pop();
    forged.push(if alice.access.ends_with('A') {
        'B'
    } else {
        'A'
    });
    for token in [forged.as_str(), "not.a.jwt"] {
        let reply = app
            .call_as(Some(token), Method::GET, "/products", None)
            .await;
        reply.problem(401, "authentication-required");
        assert!(
            reply
                .header("www-authenticate")
                .is_some_and(|c| c.contains("invalid_token")),
            "{:?}",
            reply.header("www-authenticate")
        );
    }
    // Writes stay closed to anonymous callers.
    app.anonymous()
        .post(
            "/products",
            json!({ "sku": "TEA-0002", "name": "Tea", "priceCents": 1 }),
        )
        .await
        .problem(401, "authentication-required");
}

//! The twin is a fair twin: the same requests to the generated shop and to the hand-written
//! twin, over one database, give the same statuses and the same JSON, byte for byte where
//! both read the same row, and equal up to ids and times where each wrote its own.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use bench::twin;
use http_body_util::BodyExt;
use resourcery_tests::TestDb;
use serde_json::{Value, json};
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

async fn send(
    router: &Router,
    method: Method,
    uri: &str,
    body: Option<&str>,
    content_type: &str,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.expect("body").to_bytes(),
    }
}

struct Pair {
    generated: Router,
    twin: Router,
}

impl Pair {
    async fn both(&self, method: Method, uri: &str, body: Option<&str>) -> (Reply, Reply) {
        self.both_as(method, uri, body, "application/json").await
    }

    async fn both_as(
        &self,
        method: Method,
        uri: &str,
        body: Option<&str>,
        content_type: &str,
    ) -> (Reply, Reply) {
        (
            send(&self.generated, method.clone(), uri, body, content_type).await,
            send(&self.twin, method, uri, body, content_type).await,
        )
    }

    /// Both answer with identical bytes and the same status, type and headers that matter.
    #[track_caller]
    fn assert_identical(&self, (g, t): &(Reply, Reply)) {
        assert_eq!(g.status, t.status, "\n{}\n{}", g.text(), t.text());
        assert_eq!(g.text(), t.text());
        assert_eq!(g.header("content-type"), t.header("content-type"));
        assert_eq!(g.header("link"), t.header("link"));
        assert!(g.header("x-request-id").is_some() && t.header("x-request-id").is_some());
    }
}

/// The body text with the values of the members each service fills in itself (ids,
/// times, the request id) replaced: equal text means equal bytes everywhere else.
fn masked(reply: &Reply, members: &[&str]) -> String {
    let text = reply.text();
    let _: Value = reply.json();
    let mut out = text.clone();
    for member in members {
        let pattern = regex::Regex::new(&format!(r#""{member}":"[^"]*""#)).unwrap();
        out = pattern
            .replace_all(&out, format!(r#""{member}":"<masked>""#).as_str())
            .into_owned();
    }
    out
}

const OWN: &[&str] = &["id", "created_at", "updated_at", "instance"];

async fn twins_answer_alike(test_db: TestDb) {
    let db = test_db.db.clone();
    let api = shop::api(db.clone());
    api.ensure_schema().await.expect("schema");
    let pool = match (db.as_sqlite(), db.as_postgres()) {
        (Some(p), _) => twin::Pool::Sqlite(p.clone()),
        (_, Some(p)) => twin::Pool::Postgres(p.clone()),
        _ => unreachable!("a backend"),
    };
    let pair = Pair {
        generated: api.into_router().expect("router"),
        twin: twin::router(pool),
    };
    let gen_router = pair.generated.clone();
    let post = |uri: &'static str, body: Value| {
        let router = gen_router.clone();
        async move {
            let reply = send(
                &router,
                Method::POST,
                uri,
                Some(&body.to_string()),
                "application/json",
            )
            .await;
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
            reply.json()["id"].as_str().expect("id").to_owned()
        }
    };
    let customer = post(
        "/customers",
        json!({"email": "ada@example.com", "name": "Ada"}),
    )
    .await;
    let suspended = post(
        "/customers",
        json!({"email": "sus@example.com", "name": "Sus", "suspended": true}),
    )
    .await;
    let mut products = Vec::new();
    for i in 0..3 {
        products.push(
            post(
                "/products",
                json!({"sku": format!("TWN-{i:04}"), "name": format!("P{i}"), "priceCents": 100}),
            )
            .await,
        );
    }
    let order = json!({
        "customer_id": customer,
        "product_id": products[0],
        "quantity": 2,
        "lines": [{"product_id": products[1], "quantity": 3}],
        "shipping_address": {"street": "1 Main St", "city": "Leeds", "postalCode": "LS1 4AP", "country": "GB"},
        "note": "ring twice"
    })
    .to_string();

    // Create: the same body gives the same answer but for the id and the times.
    let (g, t) = pair.both(Method::POST, "/orders", Some(&order)).await;
    assert_eq!(
        (g.status, t.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    assert_eq!(masked(&g, OWN), masked(&t, OWN));
    for reply in [&g, &t] {
        let id = reply.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(
            reply.header("location"),
            Some(format!("/orders/{id}").as_str())
        );
        assert_eq!(reply.header("content-type"), Some("application/json"));
    }
    let (gen_id, twin_id) = (
        g.json()["id"].as_str().unwrap().to_owned(),
        t.json()["id"].as_str().unwrap().to_owned(),
    );
    // Minimal body: defaults fill in alike.
    let minimal =
        json!({"customer_id": customer, "product_id": products[2], "quantity": 1}).to_string();
    let (g, t) = pair.both(Method::POST, "/orders", Some(&minimal)).await;
    assert_eq!(masked(&g, OWN), masked(&t, OWN));

    // Get: each service reads what the other wrote, byte for byte.
    for id in [&gen_id, &twin_id] {
        let replies = pair.both(Method::GET, &format!("/orders/{id}"), None).await;
        assert_eq!(replies.0.status, StatusCode::OK);
        pair.assert_identical(&replies);
    }

    // List: pages, cursors and links are the same in both directions.
    for i in 0..12 {
        let body = json!({"customer_id": customer, "product_id": products[i % 3], "quantity": 1 + i % 4, "note": format!("n{i}")});
        let _ = pair
            .both(Method::POST, "/orders", Some(&body.to_string()))
            .await;
    }
    let first = pair.both(Method::GET, "/orders?limit=5", None).await;
    pair.assert_identical(&first);
    assert!(first.0.header("link").is_some());
    let next = first.0.json()["page"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = pair
        .both(Method::GET, &format!("/orders?limit=5&cursor={next}"), None)
        .await;
    pair.assert_identical(&second);
    let prev = second.0.json()["page"]["prev_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let back = pair
        .both(Method::GET, &format!("/orders?cursor={prev}&limit=5"), None)
        .await;
    pair.assert_identical(&back);
    assert_eq!(back.0.json()["items"], first.0.json()["items"]);
    for uri in [
        "/orders",
        "/orders?limit=100",
        "/orders?sort=-created_at&limit=3",
    ] {
        pair.assert_identical(&pair.both(Method::GET, uri, None).await);
    }

    // Update: the same patch on two orders; then each reads the other's write.
    let patch = json!({"quantity": 4, "note": null, "shipping_address": {"street": "2 High St", "city": "York", "postalCode": "YO1 7HH", "country": "GB"}}).to_string();
    let g = send(
        &pair.generated,
        Method::PATCH,
        &format!("/orders/{gen_id}"),
        Some(&patch),
        "application/json",
    )
    .await;
    let t = send(
        &pair.twin,
        Method::PATCH,
        &format!("/orders/{twin_id}"),
        Some(&patch),
        "application/json",
    )
    .await;
    assert_eq!(
        (g.status, t.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        g.text(),
        t.text()
    );
    assert_eq!(masked(&g, OWN), masked(&t, OWN));
    let read = send(
        &pair.generated,
        Method::GET,
        &format!("/orders/{twin_id}"),
        None,
        "",
    )
    .await;
    assert_eq!(read.text(), t.text());
    let read = send(
        &pair.twin,
        Method::GET,
        &format!("/orders/{gen_id}"),
        None,
        "",
    )
    .await;
    assert_eq!(read.text(), g.text());

    // Transition: confirm one order on each; again is a 409 on both.
    let g = send(
        &pair.generated,
        Method::POST,
        &format!("/orders/{gen_id}/confirm"),
        None,
        "",
    )
    .await;
    let t = send(
        &pair.twin,
        Method::POST,
        &format!("/orders/{twin_id}/confirm"),
        None,
        "",
    )
    .await;
    assert_eq!(
        (g.status, t.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        g.text(),
        t.text()
    );
    assert_eq!(masked(&g, OWN), masked(&t, OWN));
    let (g, t) = pair
        .both(Method::POST, &format!("/orders/{gen_id}/confirm"), None)
        .await;
    assert_eq!(g.status, StatusCode::CONFLICT);
    assert_eq!(masked(&g, OWN), masked(&t, OWN));

    // Each wrote the same history entry: the generated service lists both alike.
    let g = send(
        &pair.generated,
        Method::GET,
        &format!("/orders/{gen_id}/transitions"),
        None,
        "",
    )
    .await;
    let t = send(
        &pair.generated,
        Method::GET,
        &format!("/orders/{twin_id}/transitions"),
        None,
        "",
    )
    .await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.text());
    assert_eq!(
        g.json()["items"].as_array().map(Vec::len),
        Some(1),
        "{}",
        g.text()
    );
    assert_eq!(masked(&g, &["at"]), masked(&t, &["at"]));

    // Transitions with a body, guards that refuse, bodies that break their rules.
    let fresh = |product: usize| {
        let body = json!({"customer_id": customer, "product_id": products[product], "quantity": 1})
            .to_string();
        let router = pair.generated.clone();
        async move {
            let reply = send(
                &router,
                Method::POST,
                "/orders",
                Some(&body),
                "application/json",
            )
            .await;
            reply.json()["id"].as_str().unwrap().to_owned()
        }
    };
    let (a, b) = (fresh(0).await, fresh(0).await);
    let reason = json!({"reason": "found it cheaper"}).to_string();
    let g = send(
        &pair.generated,
        Method::POST,
        &format!("/orders/{a}/cancel"),
        Some(&reason),
        "application/json",
    )
    .await;
    let t = send(
        &pair.twin,
        Method::POST,
        &format!("/orders/{b}/cancel"),
        Some(&reason),
        "application/json",
    )
    .await;
    assert_eq!(
        (g.status, t.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        g.text(),
        t.text()
    );
    assert_eq!(masked(&g, OWN), masked(&t, OWN));
    let g = send(
        &pair.generated,
        Method::GET,
        &format!("/orders/{a}/transitions"),
        None,
        "",
    )
    .await;
    let t = send(
        &pair.generated,
        Method::GET,
        &format!("/orders/{b}/transitions"),
        None,
        "",
    )
    .await;
    assert_eq!(masked(&g, &["at"]), masked(&t, &["at"]));
    let (shipless, gone) = (fresh(1).await, fresh(2).await);
    let _ = send(
        &pair.generated,
        Method::POST,
        &format!("/orders/{shipless}/confirm"),
        None,
        "",
    )
    .await;
    let deactivate = json!({"active": false}).to_string();
    let r = send(
        &pair.generated,
        Method::PATCH,
        &format!("/products/{}", products[2]),
        Some(&deactivate),
        "application/json",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    for (uri, body) in [
        (format!("/orders/{shipless}/ship"), None),
        (format!("/orders/{gone}/confirm"), None),
        (
            format!("/orders/{gone}/cancel"),
            Some(json!({"reason": "no"}).to_string()),
        ),
        (format!("/orders/{gone}/cancel"), Some("[]".to_owned())),
        (
            format!("/orders/{gone}/request_return"),
            Some(json!({"reason": "damaged"}).to_string()),
        ),
    ] {
        let (g, t) = pair.both(Method::POST, &uri, body.as_deref()).await;
        assert!(g.status.is_client_error(), "{uri}: {}", g.text());
        assert_eq!(masked(&g, OWN), masked(&t, OWN), "{uri}");
    }

    // Errors: the same status and problem, detail included, where both word it alike.
    let missing = resourcery::Uuid::now_v7();
    let nowhere = resourcery::Uuid::now_v7();
    let body = |v: Value| v.to_string();
    let exact: Vec<(Method, String, Option<String>)> = vec![
        (Method::GET, "/orders/not-a-uuid".into(), None),
        (Method::GET, format!("/orders/{missing}"), None),
        (Method::POST, format!("/orders/{missing}/confirm"), None),
        (
            Method::PATCH,
            format!("/orders/{missing}"),
            Some(body(json!({"quantity": 3}))),
        ),
        (Method::GET, "/orders?limit=0".into(), None),
        (Method::GET, "/orders?limit=5&limit=6".into(), None),
        (Method::GET, "/orders?cursor=garbage".into(), None),
        (Method::POST, "/orders".into(), Some("{".into())),
        (Method::POST, "/orders".into(), Some("[1]".into())),
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"customer_id": customer, "product_id": products[0], "quantity": 0}),
            )),
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"customer_id": customer, "product_id": products[0], "quantity": 1, "lines": [{"product_id": products[1], "quantity": 0}], "note": "x".repeat(501)}),
            )),
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"customer_id": customer, "product_id": products[0], "quantity": 1, "lines": [{"product_id": products[0], "quantity": 1}]}),
            )),
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"customer_id": customer, "product_id": products[0], "quantity": 60, "lines": [{"product_id": products[1], "quantity": 60}]}),
            )),
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"customer_id": customer, "product_id": products[0], "quantity": 1, "shipping_address": {"street": "", "city": "Leeds", "postalCode": "!", "country": "XX"}}),
            )),
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"customer_id": suspended, "product_id": products[0], "quantity": 1}),
            )),
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"customer_id": customer, "product_id": products[0], "quantity": 1, "lines": null}),
            )),
        ),
        (
            Method::PATCH,
            format!("/orders/{gen_id}"),
            Some(body(json!({"quantity": null, "product_id": null}))),
        ),
        (
            Method::PATCH,
            format!("/orders/{gen_id}"),
            Some(body(
                json!({"lines": [{"product_id": products[0], "quantity": 1}]}),
            )),
        ),
    ];
    for (method, uri, body) in exact {
        let (g, t) = pair.both(method.clone(), &uri, body.as_deref()).await;
        assert!(g.status.is_client_error(), "{method} {uri}: {}", g.text());
        assert_eq!(
            g.status,
            t.status,
            "{method} {uri}\n{}\n{}",
            g.text(),
            t.text()
        );
        assert_eq!(g.header("content-type"), Some("application/problem+json"));
        assert_eq!(masked(&g, OWN), masked(&t, OWN), "{method} {uri}");
        assert_eq!(
            g.json()["instance"]
                .as_str()
                .map(|i| i.starts_with("urn:request:")),
            t.json()["instance"]
                .as_str()
                .map(|i| i.starts_with("urn:request:")),
        );
    }

    // A reference to nothing: PostgreSQL names the constraint, SQLite does not; both alike.
    let (g, t) = pair
        .both(
            Method::POST,
            "/orders",
            Some(
                &json!({"customer_id": nowhere, "product_id": products[0], "quantity": 1})
                    .to_string(),
            ),
        )
        .await;
    assert_eq!(g.status, StatusCode::CONFLICT, "{}", g.text());
    assert_eq!(masked(&g, OWN), masked(&t, OWN));

    // Where the generated service reports more (every bad member at once), the status, the
    // problem type and the first violation agree.
    let loose: Vec<(Method, String, Option<String>, &str)> = vec![
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"customer_id": customer, "product_id": products[0], "quantity": 1, "status": "shipped"}),
            )),
            "application/json",
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"customer_id": customer, "product_id": products[0]}),
            )),
            "application/json",
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"id": missing, "customer_id": customer, "product_id": products[0], "quantity": 1}),
            )),
            "application/json",
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(order.clone()),
            "text/plain",
        ),
    ];
    for (method, uri, body, content_type) in loose {
        let (g, t) = pair
            .both_as(method.clone(), &uri, body.as_deref(), content_type)
            .await;
        assert_eq!(
            g.status,
            t.status,
            "{method} {uri}\n{}\n{}",
            g.text(),
            t.text()
        );
        let (g, t) = (g.json(), t.json());
        assert_eq!(g["type"], t["type"]);
        assert_eq!(
            g["errors"][0]["pointer"], t["errors"][0]["pointer"],
            "{g}\n{t}"
        );
        assert_eq!(g["errors"][0]["code"], t["errors"][0]["code"], "{g}\n{t}");
    }
}

resourcery_tests::on_both_backends!(twins_answer_alike);

/// The twin runs the generated service's statements, character for character.
#[test]
fn twin_statements_are_the_generated_ones() {
    use resourcery::Resource;
    let meta = &<shop::Order as Resource>::META;
    for (generated, twin) in [
        (&meta.sql[0], &twin::sql::SQLITE),
        (&meta.sql[1], &twin::sql::POSTGRES),
    ] {
        assert_eq!(generated.get, twin.get);
        assert_eq!(generated.insert, twin.insert);
        assert_eq!(generated.lock, twin.lock);
        assert_eq!(generated.replace, twin.replace);
    }
    let customers = &<shop::Customer as Resource>::META;
    assert_eq!(customers.sql[0].get, twin::sql::SQLITE.customer);
    assert_eq!(customers.sql[1].get, twin::sql::POSTGRES.customer);
}

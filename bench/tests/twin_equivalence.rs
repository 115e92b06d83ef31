//! The twin is a fair twin: the same requests, with the same bearer tokens, to the generated
//! shop and to the hand-written twin, over one database, give the same statuses and the
//! same JSON, byte for byte where both read the same row, and equal up to ids and times
//! where each wrote its own. That holds for refusals too: no token or a forged one (401),
//! a role the operation does not admit (403), another customer's order (404).

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use bench::twin;
use http_body_util::BodyExt;
use resourcery::{Grant, Tokens, Uuid};
use resourcery_tests::TestDb;
use serde_json::{Value, json};
use tower::ServiceExt;

const SECRET: &str = "twin equivalence token secret, 32+ bytes";

/// The shop's token service, as `shop::token_service` makes it.
fn tokens(secret: &str) -> Tokens {
    Tokens::hs256(secret).issuer("shop").audience("shop-api")
}

fn token(subject: impl ToString, roles: &[&str], tenant: Option<&str>) -> String {
    let mut grant = Grant::new(subject.to_string()).roles(roles.iter().copied());
    if let Some(tenant) = tenant {
        grant = grant.tenant(tenant);
    }
    tokens(SECRET).access_token(&grant).expect("a token")
}

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

    fn id(&self) -> String {
        self.json()["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no id: {}", self.text()))
            .to_owned()
    }
}

/// A request as some caller: `Authorization` is sent as given (`None`: not at all).
struct Req<'a> {
    method: Method,
    uri: &'a str,
    body: Option<&'a str>,
    content_type: &'a str,
    authorization: Option<&'a str>,
}

async fn send(router: &Router, r: &Req<'_>) -> Reply {
    let mut request = Request::builder().method(r.method.clone()).uri(r.uri);
    if r.body.is_some() {
        request = request.header(header::CONTENT_TYPE, r.content_type);
    }
    if let Some(authorization) = r.authorization {
        request = request.header(header::AUTHORIZATION, authorization);
    }
    let request = request
        .body(
            r.body
                .map_or_else(Body::empty, |b| Body::from(b.to_owned())),
        )
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.expect("body").to_bytes(),
    }
}

/// One caller's view of the two services.
#[derive(Clone, Copy)]
struct As<'a> {
    pair: &'a Pair,
    /// The whole `Authorization` header value.
    authorization: Option<&'a str>,
}

impl As<'_> {
    fn req<'r>(&'r self, method: Method, uri: &'r str, body: Option<&'r str>) -> Req<'r> {
        Req {
            method,
            uri,
            body,
            content_type: "application/json",
            authorization: self.authorization,
        }
    }

    async fn generated(&self, method: Method, uri: &str, body: Option<&str>) -> Reply {
        send(&self.pair.generated, &self.req(method, uri, body)).await
    }

    async fn twin(&self, method: Method, uri: &str, body: Option<&str>) -> Reply {
        send(&self.pair.twin, &self.req(method, uri, body)).await
    }

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
        let mut req = self.req(method, uri, body);
        req.content_type = content_type;
        (
            send(&self.pair.generated, &req).await,
            send(&self.pair.twin, &req).await,
        )
    }

    /// A new order through the generated service, which the caller owns.
    async fn order(&self, body: Value) -> String {
        let reply = self
            .generated(Method::POST, "/orders", Some(&body.to_string()))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        reply.id()
    }
}

struct Pair {
    generated: Router,
    twin: Router,
}

impl Pair {
    /// Requests carrying `Authorization: Bearer <token>`.
    fn bearer(&self, authorization: &'static str) -> As<'_> {
        As {
            pair: self,
            authorization: Some(authorization),
        }
    }
}

/// Both answer with identical bytes and the same status, type and headers that matter.
#[track_caller]
fn assert_identical((g, t): &(Reply, Reply)) {
    assert_eq!(g.status, t.status, "\n{}\n{}", g.text(), t.text());
    assert_eq!(g.text(), t.text());
    for name in ["content-type", "link", "www-authenticate"] {
        assert_eq!(g.header(name), t.header(name), "{name}");
    }
    assert!(g.header("x-request-id").is_some() && t.header("x-request-id").is_some());
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

/// The same problem from both, detail, headers and all; only the request id differs.
#[track_caller]
fn assert_same_problem((g, t): &(Reply, Reply), what: &str) {
    assert!(g.status.is_client_error(), "{what}: {}", g.text());
    assert_eq!(g.status, t.status, "{what}\n{}\n{}", g.text(), t.text());
    assert_eq!(g.header("content-type"), Some("application/problem+json"));
    assert_eq!(g.header("content-type"), t.header("content-type"), "{what}");
    assert_eq!(
        g.header("www-authenticate"),
        t.header("www-authenticate"),
        "{what}"
    );
    assert_eq!(masked(g, OWN), masked(t, OWN), "{what}");
    for reply in [g, t] {
        assert!(
            reply.json()["instance"]
                .as_str()
                .is_some_and(|i| i.starts_with("urn:request:")),
            "{what}: {}",
            reply.text()
        );
    }
}

/// Leaked for the test's lifetime, so callers can be `Copy`.
fn header(token: String) -> &'static str {
    Box::leak(format!("Bearer {token}").into_boxed_str())
}

async fn twins_answer_alike(test_db: TestDb) {
    let db = test_db.db.clone();
    let api = shop::api(db.clone(), tokens(SECRET)).cursor_secret(twin::cursor_secret());
    api.ensure_schema().await.expect("schema");
    let pool = match (db.as_sqlite(), db.as_postgres()) {
        (Some(p), _) => twin::Pool::Sqlite(p.clone()),
        (_, Some(p)) => twin::Pool::Postgres(p.clone()),
        _ => unreachable!("a backend"),
    };
    let pair = Pair {
        generated: api.into_router().expect("router"),
        twin: twin::router(pool, SECRET.as_bytes()),
    };

    // The callers: an administrator who seeds, staff of each store, customers of `north`.
    let admin = pair.bearer(header(token(
        Uuid::now_v7(),
        &["admin", "staff"],
        Some("north"),
    )));
    let staff = pair.bearer(header(token(Uuid::now_v7(), &["staff"], Some("north"))));
    let south_staff = pair.bearer(header(token(Uuid::now_v7(), &["staff"], Some("south"))));
    let create = |uri: &'static str, body: Value| async move {
        let reply = admin
            .generated(Method::POST, uri, Some(&body.to_string()))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        reply.id()
    };
    let ada_id = create(
        "/customers",
        json!({"email": "ada@example.com", "name": "Ada"}),
    )
    .await;
    let bea_id = create(
        "/customers",
        json!({"email": "bea@example.com", "name": "Bea"}),
    )
    .await;
    let sus_id = create(
        "/customers",
        json!({"email": "sus@example.com", "name": "Sus", "suspended": true}),
    )
    .await;
    let mut products = Vec::new();
    for i in 0..3 {
        products.push(
            create(
                "/products",
                json!({"sku": format!("TWN-{i:04}"), "name": format!("P{i}"), "priceCents": 100}),
            )
            .await,
        );
    }
    let ada = pair.bearer(header(token(&ada_id, &["customer"], Some("north"))));
    let bea = pair.bearer(header(token(&bea_id, &["customer"], Some("north"))));
    let sus = pair.bearer(header(token(&sus_id, &["customer"], Some("north"))));
    // A customer whose account has no customer record.
    let ghost = pair.bearer(header(token(Uuid::now_v7(), &["customer"], Some("north"))));
    let order = json!({
        "product_id": products[0],
        "quantity": 2,
        "lines": [{"product_id": products[1], "quantity": 3}],
        "shipping_address": {"street": "1 Main St", "city": "Leeds", "postalCode": "LS1 4AP", "country": "GB"},
        "note": "ring twice"
    })
    .to_string();

    // Create: the same body gives the same answer but for the id and the times; the order
    // is the caller's, in the caller's store.
    let (g, t) = ada.both(Method::POST, "/orders", Some(&order)).await;
    assert_eq!(
        (g.status, t.status),
        (StatusCode::CREATED, StatusCode::CREATED),
        "{} {}",
        g.text(),
        t.text()
    );
    assert_eq!(masked(&g, OWN), masked(&t, OWN));
    for reply in [&g, &t] {
        let id = reply.id();
        assert_eq!(
            reply.header("location"),
            Some(format!("/orders/{id}").as_str())
        );
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert_eq!(reply.json()["customer_id"], json!(ada_id));
        assert_eq!(reply.json()["store"], "north");
    }
    let (gen_id, twin_id) = (g.id(), t.id());
    // Minimal body: defaults fill in alike.
    let minimal = json!({"product_id": products[2], "quantity": 1}).to_string();
    let (g, t) = ada.both(Method::POST, "/orders", Some(&minimal)).await;
    assert_eq!(masked(&g, OWN), masked(&t, OWN));

    // Get: each service reads what the other wrote, byte for byte.
    for id in [&gen_id, &twin_id] {
        let replies = ada.both(Method::GET, &format!("/orders/{id}"), None).await;
        assert_eq!(replies.0.status, StatusCode::OK);
        assert_identical(&replies);
    }

    // List: pages, cursors and links are the same in both directions.
    for i in 0..12 {
        let body =
            json!({"product_id": products[i % 3], "quantity": 1 + i % 4, "note": format!("n{i}")});
        let _ = ada
            .both(Method::POST, "/orders", Some(&body.to_string()))
            .await;
    }
    let first = ada.both(Method::GET, "/orders?limit=5", None).await;
    assert_identical(&first);
    assert!(first.0.header("link").is_some());
    let next = first.0.json()["page"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = ada
        .both(Method::GET, &format!("/orders?limit=5&cursor={next}"), None)
        .await;
    assert_identical(&second);
    let prev = second.0.json()["page"]["prev_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let back = ada
        .both(Method::GET, &format!("/orders?cursor={prev}&limit=5"), None)
        .await;
    assert_identical(&back);
    assert_eq!(back.0.json()["items"], first.0.json()["items"]);
    for uri in [
        "/orders",
        "/orders?limit=100",
        "/orders?sort=-created_at&limit=3",
    ] {
        assert_identical(&ada.both(Method::GET, uri, None).await);
    }

    // Scope: a customer sees only their own orders; staff every order of their store, and
    // nothing of another store.
    let beas = bea
        .order(json!({"product_id": products[1], "quantity": 1, "note": "bea's"}))
        .await;
    let mine = bea.both(Method::GET, "/orders?limit=100", None).await;
    assert_identical(&mine);
    let items = mine.0.json()["items"].as_array().cloned().unwrap();
    assert_eq!(items.len(), 1, "{}", mine.0.text());
    assert_eq!(items[0]["id"], json!(beas));
    let adas = ada.both(Method::GET, "/orders?limit=100", None).await;
    assert_identical(&adas);
    let adas = adas.0.json()["items"].as_array().map_or(0, Vec::len);
    let store = staff.both(Method::GET, "/orders?limit=100", None).await;
    assert_identical(&store);
    let items = store.0.json()["items"].as_array().cloned().unwrap();
    assert_eq!(items.len(), adas + 1, "{}", store.0.text());
    let owners: std::collections::BTreeSet<&str> = items
        .iter()
        .filter_map(|o| o["customer_id"].as_str())
        .collect();
    assert_eq!(
        owners,
        [ada_id.as_str(), bea_id.as_str()].into_iter().collect()
    );
    let staff_page = staff.both(Method::GET, "/orders?limit=4", None).await;
    assert_identical(&staff_page);
    let next = staff_page.0.json()["page"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_identical(
        &staff
            .both(Method::GET, &format!("/orders?limit=4&cursor={next}"), None)
            .await,
    );
    for id in [&gen_id, &beas] {
        let replies = staff
            .both(Method::GET, &format!("/orders/{id}"), None)
            .await;
        assert_eq!(replies.0.status, StatusCode::OK, "{}", replies.0.text());
        assert_identical(&replies);
    }
    let other_store = south_staff.both(Method::GET, "/orders", None).await;
    assert_identical(&other_store);
    assert_eq!(other_store.0.json()["items"], json!([]));

    // Another's order is not found, whatever is asked of it; nothing changes.
    let quantity = json!({"quantity": 9}).to_string();
    let cancel = json!({"reason": "not mine"}).to_string();
    for (caller, method, uri, body) in [
        (bea, Method::GET, format!("/orders/{gen_id}"), None),
        (
            bea,
            Method::PATCH,
            format!("/orders/{gen_id}"),
            Some(quantity.as_str()),
        ),
        (bea, Method::POST, format!("/orders/{gen_id}/confirm"), None),
        (
            bea,
            Method::POST,
            format!("/orders/{twin_id}/cancel"),
            Some(cancel.as_str()),
        ),
        (ada, Method::GET, format!("/orders/{beas}"), None),
        (south_staff, Method::GET, format!("/orders/{gen_id}"), None),
        (
            south_staff,
            Method::PATCH,
            format!("/orders/{gen_id}"),
            Some(quantity.as_str()),
        ),
    ] {
        let replies = caller.both(method.clone(), &uri, body).await;
        assert_eq!(replies.0.status, StatusCode::NOT_FOUND, "{method} {uri}");
        assert_same_problem(&replies, &format!("{method} {uri}"));
    }
    let unchanged = ada
        .generated(Method::GET, &format!("/orders/{gen_id}"), None)
        .await;
    assert_eq!(unchanged.json()["quantity"], 2);
    assert_eq!(unchanged.json()["status"], "pending");

    // Update: the same patch on two orders; then each reads the other's write. Staff
    // change a customer's order too.
    let patch = json!({"quantity": 4, "note": null, "shipping_address": {"street": "2 High St", "city": "York", "postalCode": "YO1 7HH", "country": "GB"}}).to_string();
    let g = ada
        .generated(Method::PATCH, &format!("/orders/{gen_id}"), Some(&patch))
        .await;
    let t = ada
        .twin(Method::PATCH, &format!("/orders/{twin_id}"), Some(&patch))
        .await;
    assert_eq!(
        (g.status, t.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        g.text(),
        t.text()
    );
    assert_eq!(masked(&g, OWN), masked(&t, OWN));
    let read = ada
        .generated(Method::GET, &format!("/orders/{twin_id}"), None)
        .await;
    assert_eq!(read.text(), t.text());
    let read = ada
        .twin(Method::GET, &format!("/orders/{gen_id}"), None)
        .await;
    assert_eq!(read.text(), g.text());
    let note = json!({"note": "checked by staff"}).to_string();
    let g = staff
        .generated(Method::PATCH, &format!("/orders/{gen_id}"), Some(&note))
        .await;
    let t = staff
        .twin(Method::PATCH, &format!("/orders/{twin_id}"), Some(&note))
        .await;
    assert_eq!((g.status, t.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(masked(&g, OWN), masked(&t, OWN));

    // Transition: confirm one order on each; again is a 409 on both.
    let g = ada
        .generated(Method::POST, &format!("/orders/{gen_id}/confirm"), None)
        .await;
    let t = ada
        .twin(Method::POST, &format!("/orders/{twin_id}/confirm"), None)
        .await;
    assert_eq!(
        (g.status, t.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        g.text(),
        t.text()
    );
    assert_eq!(masked(&g, OWN), masked(&t, OWN));
    let replies = ada
        .both(Method::POST, &format!("/orders/{gen_id}/confirm"), None)
        .await;
    assert_eq!(replies.0.status, StatusCode::CONFLICT);
    assert_same_problem(&replies, "confirm twice");

    // Each wrote the same history entry, the caller its actor: the generated service lists
    // both alike.
    let history = |id: &str| format!("/orders/{id}/transitions");
    let g = ada.generated(Method::GET, &history(&gen_id), None).await;
    let t = ada.generated(Method::GET, &history(&twin_id), None).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.text());
    assert_eq!(
        g.json()["items"].as_array().map(Vec::len),
        Some(1),
        "{}",
        g.text()
    );
    assert_eq!(g.json()["items"][0]["actor"], json!(ada_id));
    assert_eq!(masked(&g, &["at"]), masked(&t, &["at"]));

    // Staff ship; a customer may not.
    let replies = ada
        .both(Method::POST, &format!("/orders/{gen_id}/ship"), None)
        .await;
    assert_eq!(replies.0.status, StatusCode::FORBIDDEN);
    assert_same_problem(&replies, "a customer ships");
    let g = staff
        .generated(Method::POST, &format!("/orders/{gen_id}/ship"), None)
        .await;
    let t = staff
        .twin(Method::POST, &format!("/orders/{twin_id}/ship"), None)
        .await;
    assert_eq!(
        (g.status, t.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        g.text(),
        t.text()
    );
    assert_eq!(masked(&g, OWN), masked(&t, OWN));

    // Transitions with a body, guards that refuse, bodies that break their rules.
    let fresh = |product: usize| ada.order(json!({"product_id": products[product], "quantity": 1}));
    let (a, b) = (fresh(0).await, fresh(0).await);
    let reason = json!({"reason": "found it cheaper"}).to_string();
    let g = ada
        .generated(Method::POST, &format!("/orders/{a}/cancel"), Some(&reason))
        .await;
    let t = ada
        .twin(Method::POST, &format!("/orders/{b}/cancel"), Some(&reason))
        .await;
    assert_eq!(
        (g.status, t.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        g.text(),
        t.text()
    );
    assert_eq!(masked(&g, OWN), masked(&t, OWN));
    let g = ada.generated(Method::GET, &history(&a), None).await;
    let t = ada.generated(Method::GET, &history(&b), None).await;
    assert_eq!(masked(&g, &["at"]), masked(&t, &["at"]));
    let (shipless, gone) = (fresh(1).await, fresh(2).await);
    let _ = ada
        .generated(Method::POST, &format!("/orders/{shipless}/confirm"), None)
        .await;
    let deactivate = json!({"active": false}).to_string();
    let r = admin
        .generated(
            Method::PATCH,
            &format!("/products/{}", products[2]),
            Some(&deactivate),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    for (caller, uri, body) in [
        (staff, format!("/orders/{shipless}/ship"), None),
        (ada, format!("/orders/{gone}/confirm"), None),
        (
            ada,
            format!("/orders/{gone}/cancel"),
            Some(json!({"reason": "no"}).to_string()),
        ),
        (ada, format!("/orders/{gone}/cancel"), Some("[]".to_owned())),
        (
            ada,
            format!("/orders/{gone}/request_return"),
            Some(json!({"reason": "damaged"}).to_string()),
        ),
    ] {
        let replies = caller.both(Method::POST, &uri, body.as_deref()).await;
        assert_same_problem(&replies, &uri);
    }

    // Refused callers: no token, a forged one, one that is no bearer token, a role the
    // operation does not admit, a token without a store.
    let anonymous = As {
        pair: &pair,
        authorization: None,
    };
    let forged = pair.bearer(header(
        tokens("another secret, also 32 bytes long!!")
            .access_token(
                &Grant::new(ada_id.clone())
                    .roles(["customer"])
                    .tenant("north"),
            )
            .expect("a token"),
    ));
    let wrong_issuer = pair.bearer(header(
        Tokens::hs256(SECRET)
            .issuer("elsewhere")
            .audience("shop-api")
            .access_token(
                &Grant::new(ada_id.clone())
                    .roles(["customer"])
                    .tenant("north"),
            )
            .expect("a token"),
    ));
    let basic = As {
        pair: &pair,
        authorization: Some("Basic YWRhOnNlY3JldA=="),
    };
    let empty_bearer = As {
        pair: &pair,
        authorization: Some("Bearer "),
    };
    let garbage = As {
        pair: &pair,
        authorization: Some("Bearer not.a.jwt"),
    };
    let storeless = pair.bearer(header(token(&ada_id, &["customer"], None)));
    let no_uuid = pair.bearer(header(token("ada", &["customer"], Some("north"))));
    let customer_order = json!({"product_id": products[0], "quantity": 1}).to_string();
    for (caller, status, name) in [
        (anonymous, StatusCode::UNAUTHORIZED, "no token"),
        (forged, StatusCode::UNAUTHORIZED, "a wrong signature"),
        (wrong_issuer, StatusCode::UNAUTHORIZED, "another issuer"),
        (basic, StatusCode::UNAUTHORIZED, "basic credentials"),
        (
            empty_bearer,
            StatusCode::UNAUTHORIZED,
            "no token after Bearer",
        ),
        (garbage, StatusCode::UNAUTHORIZED, "not a JWT"),
        (storeless, StatusCode::FORBIDDEN, "no tenant"),
        (no_uuid, StatusCode::FORBIDDEN, "a subject that is no UUID"),
    ] {
        for (method, uri, body) in [
            (Method::GET, "/orders".to_owned(), None),
            (Method::GET, format!("/orders/{gen_id}"), None),
            (Method::POST, "/orders".to_owned(), Some(&customer_order)),
            (
                Method::PATCH,
                format!("/orders/{gen_id}"),
                Some(&customer_order),
            ),
            (Method::POST, format!("/orders/{a}/confirm"), None),
        ] {
            let replies = caller
                .both(method.clone(), &uri, body.map(String::as_str))
                .await;
            let what = format!("{name}: {method} {uri}");
            assert_eq!(replies.0.status, status, "{what}: {}", replies.0.text());
            assert_same_problem(&replies, &what);
        }
    }
    for (caller, method, uri, body) in [
        (
            staff,
            Method::POST,
            "/orders".to_owned(),
            Some(&customer_order),
        ),
        (
            admin,
            Method::POST,
            "/orders".to_owned(),
            Some(&customer_order),
        ),
        (
            pair.bearer(header(token(&ada_id, &[], Some("north")))),
            Method::PATCH,
            format!("/orders/{gen_id}"),
            Some(&quantity),
        ),
        (ada, Method::POST, format!("/orders/{gen_id}/deliver"), None),
    ] {
        let replies = caller
            .both(method.clone(), &uri, body.map(String::as_str))
            .await;
        let what = format!("{method} {uri}");
        assert_eq!(
            replies.0.status,
            StatusCode::FORBIDDEN,
            "{what}: {}",
            replies.0.text()
        );
        assert_same_problem(&replies, &what);
    }
    let challenge = anonymous.both(Method::GET, "/orders", None).await;
    assert_eq!(challenge.0.header("www-authenticate"), Some("Bearer"));
    let refused = forged.both(Method::GET, "/orders", None).await;
    assert_eq!(
        refused.0.header("www-authenticate"),
        Some(r#"Bearer error="invalid_token", error_description="the token is not valid""#)
    );

    // Errors: the same status and problem, detail included, where both word it alike.
    let missing = Uuid::now_v7();
    let body = |v: Value| v.to_string();
    let exact: Vec<(As<'_>, Method, String, Option<String>)> = vec![
        (ada, Method::GET, "/orders/not-a-uuid".into(), None),
        (ada, Method::GET, format!("/orders/{missing}"), None),
        (
            ada,
            Method::POST,
            format!("/orders/{missing}/confirm"),
            None,
        ),
        (
            ada,
            Method::PATCH,
            format!("/orders/{missing}"),
            Some(body(json!({"quantity": 3}))),
        ),
        (ada, Method::GET, "/orders?limit=0".into(), None),
        (ada, Method::GET, "/orders?limit=5&limit=6".into(), None),
        (ada, Method::GET, "/orders?cursor=garbage".into(), None),
        (ada, Method::POST, "/orders".into(), Some("{".into())),
        (ada, Method::POST, "/orders".into(), Some("[1]".into())),
        (
            ada,
            Method::POST,
            "/orders".into(),
            Some(body(json!({"product_id": products[0], "quantity": 0}))),
        ),
        (
            ada,
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"product_id": products[0], "quantity": 1, "lines": [{"product_id": products[1], "quantity": 0}], "note": "x".repeat(501)}),
            )),
        ),
        (
            ada,
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"product_id": products[0], "quantity": 1, "lines": [{"product_id": products[0], "quantity": 1}]}),
            )),
        ),
        (
            ada,
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"product_id": products[0], "quantity": 60, "lines": [{"product_id": products[1], "quantity": 60}]}),
            )),
        ),
        (
            ada,
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"product_id": products[0], "quantity": 1, "shipping_address": {"street": "", "city": "Leeds", "postalCode": "!", "country": "XX"}}),
            )),
        ),
        (
            sus,
            Method::POST,
            "/orders".into(),
            Some(body(json!({"product_id": products[0], "quantity": 1}))),
        ),
        (
            ada,
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"product_id": products[0], "quantity": 1, "lines": null}),
            )),
        ),
        (
            ada,
            Method::PATCH,
            format!("/orders/{gen_id}"),
            Some(body(json!({"quantity": null, "product_id": null}))),
        ),
        (
            ada,
            Method::PATCH,
            format!("/orders/{gen_id}"),
            Some(body(
                json!({"lines": [{"product_id": products[0], "quantity": 1}]}),
            )),
        ),
        // The owner and the store come from the token, never from the body.
        (
            ada,
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"customer_id": bea_id, "product_id": products[0], "quantity": 1}),
            )),
        ),
        (
            ada,
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"store": "south", "product_id": products[0], "quantity": 1}),
            )),
        ),
        (
            ada,
            Method::PATCH,
            format!("/orders/{gen_id}"),
            Some(body(json!({"customer_id": bea_id}))),
        ),
        // A customer without a customer record: the reference fails. PostgreSQL names the
        // constraint, SQLite does not; both alike.
        (
            ghost,
            Method::POST,
            "/orders".into(),
            Some(body(json!({"product_id": products[0], "quantity": 1}))),
        ),
    ];
    for (caller, method, uri, body) in exact {
        let replies = caller.both(method.clone(), &uri, body.as_deref()).await;
        assert_same_problem(&replies, &format!("{method} {uri} {body:?}"));
    }
    let mine = ada.both(Method::GET, "/orders?limit=100", None).await;
    assert!(
        mine.0.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["customer_id"] == json!(ada_id) && o["store"] == "north")
    );

    // Where the generated service reports more (every bad member at once), the status, the
    // problem type and the first violation agree.
    let loose: Vec<(Method, String, Option<String>, &str)> = vec![
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"product_id": products[0], "quantity": 1, "status": "shipped"}),
            )),
            "application/json",
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(body(json!({"product_id": products[0]}))),
            "application/json",
        ),
        (
            Method::POST,
            "/orders".into(),
            Some(body(
                json!({"id": missing, "product_id": products[0], "quantity": 1}),
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
        let (g, t) = ada
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

/// The twin runs the generated service's statements, character for character: the
/// resource's own, with the owner and tenant predicates the runtime adds for a customer
/// (`AND "store" = ? AND "customer_id" = ?`, before `RETURNING` or `FOR UPDATE`) and for
/// staff (`AND "store" = ?`).
#[test]
fn twin_statements_are_the_generated_ones() {
    use resourcery::{Backend, Resource};
    let orders = <shop::Order as Resource>::statements();
    let customers = <shop::Customer as Resource>::statements();
    for (backend, twin) in [
        (Backend::Sqlite, &twin::sql::SQLITE),
        (Backend::Postgres, &twin::sql::POSTGRES),
    ] {
        assert_eq!(orders.text("insert", 0, backend), Some(twin.insert));
        // Orders belong to a store (the tenant) and, for customers, to one customer.
        for own in [false, true] {
            let scope = if own { 2 } else { 1 };
            assert_eq!(orders.text("get", scope, backend), Some(twin.get.pick(own)));
            assert_eq!(
                orders.text("lock", scope, backend),
                Some(twin.lock.pick(own))
            );
            assert_eq!(
                orders.text("replace", scope, backend),
                Some(twin.replace.pick(own))
            );
        }
        assert_eq!(customers.text("get", 0, backend), Some(twin.customer));
    }
}

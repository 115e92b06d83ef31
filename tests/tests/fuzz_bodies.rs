//! Property test: random and nearly valid bodies POSTed and PATCHed to the shop's
//! `/products`, `/customers` and `/orders`, on SQLite and PostgreSQL.
//!
//! Whatever the body, the answer is never a 5xx; every error is an RFC 9457 problem whose
//! `status` member is the HTTP status; a request that is not a successful create leaves
//! the row count alone, and a failed update leaves its row alone; every violation of a
//! 422 has a code, a message and a JSON Pointer.
//!
//! `PROPTEST_CASES` sets the cases per operation (64 by default); `PROPTEST_RNG_SEED`
//! replays a run. A failing body is written whole under the test's temporary directory.

use std::fmt;
use std::future::Future;

use axum::body::Body;
use axum::http::{Method, Request, header};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use resourcery_tests::{App, HOME_STORE, Reply, TestDb};
use serde_json::{Map, Value, json};

/// What is sent: a JSON document, or raw bytes labelled as JSON.
#[derive(Clone)]
enum Sent {
    Json(Value),
    Raw(Vec<u8>),
}

impl Sent {
    fn text(&self) -> String {
        match self {
            Sent::Json(v) => v.to_string(),
            Sent::Raw(bytes) => format!("raw bytes: {}", String::from_utf8_lossy(bytes)),
        }
    }
}

impl fmt::Debug for Sent {
    // Bodies can hold strings of a million bytes; the whole body goes to a file instead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.text();
        match text.char_indices().nth(600) {
            Some((cut, _)) => write!(f, "{}... ({} bytes)", &text[..cut], text.len()),
            None => f.write_str(&text),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Values

const BOUNDARY_INTS: &[i64] = &[
    0,
    1,
    -1,
    2,
    30,
    31,
    99,
    100,
    101,
    120,
    121,
    254,
    255,
    500,
    501,
    2_000,
    2_001,
    100_000_000,
    100_000_001,
    i32::MAX as i64,
    i32::MAX as i64 + 1,
    i32::MIN as i64,
    i32::MIN as i64 - 1,
    i64::MAX,
    i64::MIN,
];

const BOUNDARY_FLOATS: &[f64] = &[
    0.0,
    -0.0,
    5e-324,
    -5e-324,
    1e-7,
    0.5,
    1.0,
    99.999_999,
    100.000_001,
    1_000.0,
    1_000.000_000_001,
    1e15,
    1e308,
    -1e308,
    f64::MAX,
    f64::MIN,
];

const ODD_TEXT: &[&str] = &[
    "",
    " ",
    "null",
    "true",
    "0",
    "-1",
    "1e999",
    "日本語",
    "🦀🦀🦀",
    "e\u{301}",
    "\u{0}",
    "\u{202e}evil",
    "\u{feff}",
    "a/b~c",
    "'; DROP TABLE products; --",
    "<script>alert(1)</script>",
    "TEA-0042",
    "tea-0042",
    "TEA-00420",
    "ann@example.com",
    "ann@",
    "@example.com",
    "Ann <ann@example.com>",
    "https://example.com/a?b=c",
    "/relative",
    "not a url",
    "ABC123",
    "abc123",
    "2024-02-30",
    "2024-01-01",
    "00000000-0000-0000-0000-000000000000",
    "pending",
    "shipped",
    "gold",
    "GOLD",
    "DE",
    "ZZ",
];

/// Short text that fits every free-text field, now and then with control characters
/// (NUL included), combining marks, bidi overrides or characters outside the BMP.
const WEIRD_TEXT: &[&str] = &[
    "\u{0}",
    "a\u{0}b",
    "\u{0}\u{0}",
    "Ann\u{0}",
    "\u{1}\u{1f}\u{7f}",
    "\t\r\n",
    "🦀",
    "日本語",
    "e\u{301}",
    "\u{202e}x",
    "\u{feff}",
    "\u{10ffff}",
    "\\",
    "\"",
    "%s%n",
    "Robert'); DROP TABLE customers;--",
];

fn regex(source: &str) -> impl Strategy<Value = String> + use<> {
    proptest::string::string_regex(source).expect("a valid expression")
}

fn free_text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => regex(&format!("[A-Za-z ]{{1,{max}}}")),
        1 => regex(&format!("\\PC{{1,{max}}}")),
        2 => prop::sample::select(WEIRD_TEXT).prop_map(str::to_owned),
    ]
}

fn boundary_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(BOUNDARY_INTS).prop_map(Value::from),
        prop::sample::select(BOUNDARY_FLOATS).prop_map(Value::from),
        Just(Value::from(u64::MAX)),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        3 => prop::sample::select(ODD_TEXT).prop_map(str::to_owned),
        1 => "[A-Z]{3}-[0-9]{4}",
        1 => "[a-z]{1,8}@[a-z]{1,8}\\.(com|org)",
        // Just past a limit, far past it, and past the 1 MiB body limit.
        1 => (
            prop::sample::select(&["a", "é", "日", "🦀"][..]),
            prop::sample::select(&[7usize, 31, 101, 121, 255, 501, 2_001, 70_000, 300_000][..]),
        )
            .prop_map(|(c, n)| c.repeat(n)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        boundary_number(),
        text().prop_map(Value::from),
    ]
}

fn key(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(known).prop_map(|k| k.trim_start_matches('/').to_owned()),
        1 => any::<String>(),
    ]
}

/// Any JSON document, its object keys often the resource's own.
fn tree(known: &'static [&'static str]) -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(known), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// A value to put where a valid one was: boundary numbers, odd or huge text, junk trees,
/// wrong types, null.
fn junk(known: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => leaf(),
        1 => tree(known),
        1 => prop::sample::select(&["[]", "{}", "[null]", "{\"a\":1}", "[1,2,3]"][..])
            .prop_map(|s| serde_json::from_str(s).expect("literal JSON")),
    ]
}

// ---------------------------------------------------------------------------------------
// Bodies

#[derive(Clone, Debug)]
enum Mutation {
    Set(&'static str, Value),
    Remove(&'static str),
}

/// Applies `mutation` at its JSON Pointer; a pointer whose parent is missing changes nothing.
fn apply(body: &mut Value, mutation: Mutation) {
    let (pointer, value) = match mutation {
        Mutation::Set(p, v) => (p, Some(v)),
        Mutation::Remove(p) => (p, None),
    };
    let pointer = if pointer.starts_with('/') {
        pointer.to_owned()
    } else {
        format!("/{pointer}")
    };
    let (parent, last) = pointer.rsplit_once('/').expect("a pointer");
    match (body.pointer_mut(parent), value) {
        (Some(Value::Object(map)), Some(v)) => {
            map.insert(last.to_owned(), v);
        }
        (Some(Value::Object(map)), None) => {
            map.remove(last);
        }
        (Some(Value::Array(items)), v) => {
            if let Ok(i) = last.parse::<usize>()
                && i < items.len()
            {
                match v {
                    Some(v) => items[i] = v,
                    None => {
                        items.remove(i);
                    }
                }
            }
        }
        _ => {}
    }
}

fn mutation(known: &'static [&'static str]) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (prop::sample::select(known), junk(known)).prop_map(|(k, v)| Mutation::Set(k, v)),
        1 => prop::sample::select(known).prop_map(Mutation::Remove),
    ]
}

/// Raw text: a valid body cut short or with bytes spliced in, or bytes at random.
fn raw(valid: BoxedStrategy<Value>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (valid.clone(), any::<prop::sample::Index>()).prop_map(|(v, at)| {
            let text = v.to_string().into_bytes();
            text[..at.index(text.len() + 1)].to_vec()
        }),
        (
            valid,
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 1..8)
        )
            .prop_map(|(v, at, bytes)| {
                let mut text = v.to_string().into_bytes();
                let at = at.index(text.len() + 1);
                text.splice(at..at, bytes);
                text
            }),
        prop::collection::vec(any::<u8>(), 0..64),
        Just(b"{\"name\": \"\\ud800\"}".to_vec()),
        Just(b"{\"sku\": \"A\", \"sku\": \"B\"}".to_vec()),
        Just(b"[".repeat(10_000)),
    ]
}

/// Everything sent to one resource: valid, nearly valid (one to three members replaced or
/// removed), objects of random members, any JSON at all, and broken JSON text.
fn bodies(known: &'static [&'static str], valid: BoxedStrategy<Value>) -> BoxedStrategy<Sent> {
    let nearly = (valid.clone(), prop::collection::vec(mutation(known), 1..=3)).prop_map(
        |(mut body, mutations)| {
            for m in mutations {
                apply(&mut body, m);
            }
            body
        },
    );
    let members = prop::collection::vec((key(known), junk(known)), 0..8)
        .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>()));
    prop_oneof![
        1 => valid.clone().prop_map(Sent::Json),
        6 => nearly.prop_map(Sent::Json),
        2 => members.prop_map(Sent::Json),
        2 => tree(known).prop_map(Sent::Json),
        1 => raw(valid).prop_map(Sent::Raw),
    ]
    .boxed()
}

const PRODUCT_KEYS: &[&str] = &[
    "sku",
    "name",
    "description",
    "priceCents",
    "weight_kg",
    "tags",
    "/tags/0",
    "website",
    "active",
    "attributes",
    "available_from",
    "id",
    "price",
    "price_cents",
    "created_at",
    "updated_at",
    "Name",
];

fn product() -> BoxedStrategy<Value> {
    (
        "[A-Z]{3}-[0-9]{4}",
        free_text(20),
        prop::option::of(free_text(40)),
        0i64..=100_000_000,
        prop::option::of(0.001f64..=1000.0),
        prop::collection::btree_set("[a-z]{1,10}", 0..4),
        prop::option::of("https://example\\.com/[a-z]{0,8}"),
        any::<bool>(),
        prop_oneof![3 => Just(json!({ "colour": "red" })), 1 => tree(PRODUCT_KEYS)],
        prop::option::of("2024-0[1-9]-1[0-9]"),
    )
        .prop_map(
            |(sku, name, description, price, weight, tags, website, active, attributes, from)| {
                json!({
                    "sku": sku, "name": name, "description": description, "priceCents": price,
                    "weight_kg": weight, "tags": tags, "website": website, "active": active,
                    "attributes": attributes, "available_from": from,
                })
            },
        )
        .boxed()
}

const CUSTOMER_KEYS: &[&str] = &[
    "email",
    "name",
    "tier",
    "referral_code",
    "suspended",
    "risk_score",
    "id",
    "created_at",
    "updated_at",
    "Email",
];

fn customer() -> BoxedStrategy<Value> {
    (
        "[a-z]{1,12}@example\\.(com|org)",
        free_text(30),
        prop::sample::select(&["standard", "gold"][..]),
        prop::option::of("[A-Z0-9]{6}"),
    )
        .prop_map(|(email, name, tier, referral)| {
            json!({ "email": email, "name": name, "tier": tier, "referral_code": referral })
        })
        .boxed()
}

const ORDER_KEYS: &[&str] = &[
    "customer_id",
    "product_id",
    "quantity",
    "lines",
    "/lines/0",
    "/lines/0/quantity",
    "/lines/0/product_id",
    "/lines/0/extra",
    "shipping_address",
    "/shipping_address/street",
    "/shipping_address/city",
    "/shipping_address/postalCode",
    "/shipping_address/country",
    "/shipping_address/postal_code",
    "status",
    "note",
    "id",
    "created_at",
    "updated_at",
];

/// The products an order can point at; its customer is the caller.
#[derive(Clone, Debug)]
struct Refs {
    main: String,
    others: Vec<String>,
}

fn order(refs: Refs) -> BoxedStrategy<Value> {
    let address = (
        free_text(40),
        free_text(20),
        "[A-Z0-9]{3,8}",
        prop::sample::select(&["DE", "FR", "GB", "NL", "US"][..]),
    )
        .prop_map(|(street, city, postal, country)| {
            json!({ "street": street, "city": city, "postalCode": postal, "country": country })
        });
    (
        1i32..=100,
        prop::sample::subsequence(refs.others.clone(), 0..=refs.others.len()),
        prop::collection::vec(1i32..=30, 2),
        prop::option::of(address),
        prop::option::of(free_text(60)),
    )
        .prop_map(move |(quantity, lines, line_quantities, address, note)| {
            // The order-wide rule allows 100 items in all.
            let quantity = if lines.is_empty() {
                quantity
            } else {
                quantity.min(40)
            };
            let lines: Vec<Value> = lines
                .iter()
                .zip(line_quantities)
                .map(|(id, q)| json!({ "product_id": id, "quantity": q }))
                .collect();
            json!({
                "product_id": refs.main, "quantity": quantity,
                "lines": lines, "shipping_address": address, "note": note,
            })
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------
// The properties

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

/// Sends `body` with `token` as the bearer token, or the app's default (admin) one.
async fn send(app: &App, token: Option<&str>, method: Method, uri: &str, body: &Sent) -> Reply {
    match (body, token) {
        (Sent::Json(value), Some(token)) => {
            app.call_as(Some(token), method, uri, Some(value.clone()))
                .await
        }
        (Sent::Json(value), None) => app.call(method, uri, Some(value.clone())).await,
        (Sent::Raw(bytes), token) => {
            let mut request = Request::builder()
                .method(method)
                .uri(uri)
                .header(header::CONTENT_TYPE, "application/json");
            if let Some(token) = token {
                request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
            }
            let request = request.body(Body::from(bytes.clone())).expect("request");
            app.send(request).await
        }
    }
}

/// One operation under test.
struct Target {
    method: Method,
    uri: String,
    table: &'static str,
    /// Who sends: a customer's token for orders (customers place them), else the admin.
    token: Option<String>,
}

/// Sends `body` to `target` and checks every property; returns the status.
async fn check(app: &App, target: &Target, body: &Sent) -> Result<u16, TestCaseError> {
    let Target {
        method,
        uri,
        table,
        token,
    } = target;
    let update = *method == Method::PATCH;
    let rows = count(app, table).await;
    let stored = if update {
        Some(app.get(uri).await.json())
    } else {
        None
    };

    let reply = send(app, token.as_deref(), method.clone(), uri, body).await;
    let status = reply.status.as_u16();
    prop_assert!(
        status < 500,
        "{method} {uri} answered {status}: {}",
        reply.text()
    );

    if !reply.status.is_success() {
        prop_assert_eq!(
            reply.header("content-type"),
            Some("application/problem+json"),
            "{} {} answered {}: {}",
            method,
            uri,
            status,
            reply.text()
        );
        let problem: Value = serde_json::from_slice(&reply.body)
            .map_err(|e| TestCaseError::fail(format!("problem is not JSON ({e})")))?;
        prop_assert_eq!(&problem["status"], &json!(status), "{}", problem);
        if status == 422 {
            let errors = problem["errors"].as_array();
            prop_assert!(errors.is_some_and(|e| !e.is_empty()), "{}", problem);
            for v in errors.into_iter().flatten() {
                prop_assert!(
                    v["code"].as_str().is_some_and(|c| !c.is_empty()),
                    "violation without a code: {}",
                    problem
                );
                prop_assert!(
                    v["message"].as_str().is_some_and(|m| !m.is_empty()),
                    "violation without a message: {}",
                    problem
                );
                prop_assert!(
                    v["pointer"]
                        .as_str()
                        .is_some_and(|p| p.is_empty() || p.starts_with('/')),
                    "violation without a JSON Pointer: {}",
                    problem
                );
            }
        }
    }

    let created = !update && status == 201;
    prop_assert!(
        update || status == 201 || !reply.status.is_success(),
        "create answered {status}"
    );
    prop_assert!(
        !update || status == 200 || !reply.status.is_success(),
        "update answered {status}"
    );
    let after = count(app, table).await;
    prop_assert_eq!(
        after,
        rows + i64::from(created),
        "{} {} answered {} and the row count of {} went from {} to {}",
        method,
        uri,
        status,
        table,
        rows,
        after
    );
    if let (Some(before), false) = (stored, reply.status.is_success()) {
        let now = app.get(uri).await.json();
        prop_assert_eq!(
            &now,
            &before,
            "a failed update ({}) changed the row",
            status
        );
    }
    Ok(status)
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

fn run(
    rt: &tokio::runtime::Runtime,
    app: &App,
    backend: &str,
    target: &Target,
    strategy: &BoxedStrategy<Sent>,
) {
    let config = Config {
        cases: cases(),
        // Failures are reported with their input below; nothing is written to the tree.
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let statuses = std::cell::RefCell::new(std::collections::BTreeMap::<u16, u32>::new());
    let result = runner.run(strategy, |body| {
        rt.block_on(async {
            let status = check(app, target, &body).await?;
            *statuses.borrow_mut().entry(status).or_default() += 1;
            Ok(())
        })
    });
    match result {
        Ok(()) => {
            // Seen with `--nocapture`: how much of each case ended where.
            println!(
                "{backend}: {} {}: {:?}",
                target.method,
                target.uri,
                statuses.borrow()
            );
        }
        Err(TestError::Fail(reason, body)) => {
            let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
                "fuzz_bodies-{backend}-{}-{}.txt",
                target.method, target.table
            ));
            let _ = std::fs::write(&file, body.text());
            panic!(
                "{backend}: {reason}\nminimal body: {body:?}\n(whole body in {})",
                file.display()
            );
        }
        Err(TestError::Abort(reason)) => panic!("{backend}: aborted: {reason}"),
    }
}

fn id(value: &Value) -> String {
    value["id"].as_str().expect("id").to_owned()
}

fn fuzz<F: Future<Output = TestDb>>(backend: &str, db: impl FnOnce() -> F) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // Pools dropped at the end (or while a failure unwinds) still find their runtime.
    let _context = rt.enter();
    let app = rt.block_on(async { App::shop(db().await).await });
    let (refs, edited, buyer) = rt.block_on(async {
        let (buyer, session) = app.customer(HOME_STORE, "buyer@fixture.test").await;
        let token = session.token().expect("a customer token").to_owned();
        let mut products = Vec::new();
        for sku in ["FIX-0001", "FIX-0002", "FIX-0003", "FIX-0004"] {
            let p = app
                .create(
                    "/products",
                    json!({ "sku": sku, "name": "Fixture", "priceCents": 100 }),
                )
                .await;
            products.push(id(&p));
        }
        let refs = Refs {
            main: products[0].clone(),
            others: products[1..3].to_vec(),
        };
        let customer = app
            .create(
                "/customers",
                json!({ "email": "edited@fixture.test", "name": "Edited" }),
            )
            .await;
        let order = session
            .create("/orders", json!({ "product_id": refs.main, "quantity": 1 }))
            .await;
        assert_eq!(order["customer_id"], buyer["id"]);
        let edited = [
            format!("/products/{}", products[3]),
            format!("/customers/{}", id(&customer)),
            format!("/orders/{}", id(&order)),
        ];
        (refs, edited, token)
    });

    let resources = [
        ("/products", "products", bodies(PRODUCT_KEYS, product())),
        ("/customers", "customers", bodies(CUSTOMER_KEYS, customer())),
        ("/orders", "orders", bodies(ORDER_KEYS, order(refs))),
    ];
    for ((path, table, strategy), edited) in resources.iter().zip(&edited) {
        for (method, uri) in [(Method::POST, *path), (Method::PATCH, edited.as_str())] {
            let target = Target {
                method,
                uri: uri.to_owned(),
                table,
                token: (*table == "orders").then(|| buyer.clone()),
            };
            run(&rt, &app, backend, &target, strategy);
        }
    }
}

#[test]
fn random_bodies_never_break_the_shop_on_sqlite() {
    fuzz("sqlite", resourcery_tests::sqlite);
}

#[test]
fn random_bodies_never_break_the_shop_on_postgres() {
    fuzz("postgres", resourcery_tests::postgres);
}

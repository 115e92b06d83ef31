//! Declared constraints: every rule kind accepts its boundary and rejects just past it, on
//! both databases; the OpenAPI schema of each body accepts exactly what the API accepts;
//! every violation is reported at once with a pointer, code, message and parameters;
//! PATCH checks the fields sent and the cross-field rules on the merged row; the
//! database-backed rule runs only on otherwise valid input.

use axum::http::StatusCode;
use resourcery::Grant;
use resourcery::prelude::*;
use resourcery_tests::{App, HOME_STORE, TestDb, on_both_backends, test_tokens};
use serde_json::{Value, json};

/// One probe: `value` at `pointer` of a valid body; `None` expects acceptance, `Some(code)`
/// a violation with that code at that pointer.
struct Case {
    pointer: &'static str,
    value: Value,
    rejected: Option<&'static str>,
}

fn ok(pointer: &'static str, value: Value) -> Case {
    Case {
        pointer,
        value,
        rejected: None,
    }
}

fn bad(pointer: &'static str, value: Value, code: &'static str) -> Case {
    Case {
        pointer,
        value,
        rejected: Some(code),
    }
}

fn chars(n: usize) -> Value {
    Value::from("é".repeat(n))
}

fn customer_cases() -> Vec<Case> {
    vec![
        ok("/email", json!("ada@example.com")),
        bad("/email", json!("ada.example.com"), "email"),
        bad("/email", json!("ada@"), "email"),
        // 254 characters in all is the longest address allowed.
        ok("/email", json!(format!("{}@example.com", "a".repeat(64)))),
        // 255 characters of valid syntax.
        bad(
            "/email",
            json!(format!(
                "{}@{}.{}.{}.com",
                "a".repeat(64),
                "b".repeat(61),
                "c".repeat(61),
                "d".repeat(62)
            )),
            "length",
        ),
        ok("/name", chars(1)),
        ok("/name", chars(100)),
        bad("/name", chars(0), "length"),
        bad("/name", chars(101), "length"),
        ok("/referral_code", json!("AB12CD")),
        bad("/referral_code", json!("ab12cd"), "pattern"),
        bad("/referral_code", json!("AB12CDE"), "pattern"),
    ]
}

fn product_cases() -> Vec<Case> {
    vec![
        ok("/sku", json!("TEA-0042")),
        bad("/sku", json!("TEA-42"), "pattern"),
        bad("/sku", json!("tea-0042"), "pattern"),
        ok("/name", chars(120)),
        bad("/name", chars(121), "length"),
        ok("/description", chars(2000)),
        bad("/description", chars(2001), "length"),
        ok("/priceCents", json!(0)),
        ok("/priceCents", json!(100_000_000)),
        bad("/priceCents", json!(-1), "range"),
        bad("/priceCents", json!(100_000_001), "range"),
        ok("/weight_kg", json!(0.001)),
        ok("/weight_kg", json!(1000.0)),
        bad("/weight_kg", json!(0.0), "range"),
        bad("/weight_kg", json!(1000.001), "range"),
        ok(
            "/tags",
            json!(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]),
        ),
        bad(
            "/tags",
            json!(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]),
            "items",
        ),
        bad("/tags", json!(["tea", "green", "tea"]), "unique_items"),
        ok("/website", json!("https://example.com/tea?id=1")),
        bad("/website", json!("example.com/tea"), "url"),
        bad("/website", json!("not a url"), "url"),
    ]
}

fn order_cases() -> Vec<Case> {
    let line =
        |q: i64| json!({ "product_id": "00000000-0000-7000-8000-000000000001", "quantity": q });
    let address = |country: &str, postal: &str| json!({ "street": "1 Tea Lane", "city": "Leeds", "postalCode": postal, "country": country });
    vec![
        ok("/quantity", json!(1)),
        ok("/quantity", json!(100)),
        bad("/quantity", json!(0), "range"),
        bad("/quantity", json!(101), "range"),
        // JSON Schema's integer is any number with no fractional part (2020-12 §6.1.1).
        ok("/quantity", json!(4.0)),
        ok("/quantity", json!(1e2)),
        bad("/quantity", json!(4.5), "type"),
        bad("/quantity", json!(101.0), "range"),
        ok("/lines", json!([line(1)])),
        ok(
            "/lines",
            json!([{ "product_id": "00000000-0000-7000-8000-000000000001", "quantity": 2.0 }]),
        ),
        bad("/lines", json!([line(0)]), "range"),
        bad("/lines", json!([line(101)]), "range"),
        bad(
            "/lines",
            Value::Array((0..21).map(|_| line(1)).collect()),
            "items",
        ),
        ok("/shipping_address", address("GB", "LS1 4AP")),
        bad("/shipping_address", address("XX", "LS1 4AP"), "one_of"),
        bad("/shipping_address", address("GB", "LS"), "pattern"),
        ok("/note", chars(500)),
        bad("/note", chars(501), "length"),
    ]
}

/// Replaces the member at a one-token pointer.
fn with(body: &Value, pointer: &str, value: Value) -> Value {
    let mut body = body.clone();
    body[&pointer[1..]] = value;
    body
}

/// Where a violation inside `value` is reported: nested values point further in.
fn expected_pointer(pointer: &str, value: &Value, code: &str) -> String {
    match (pointer, code) {
        ("/lines", "range") => format!("{pointer}/0/quantity"),
        ("/shipping_address", "one_of") => format!("{pointer}/country"),
        ("/shipping_address", "pattern") => format!("{pointer}/postalCode"),
        _ => {
            let _ = value;
            pointer.to_owned()
        }
    }
}

/// The shop with its document, a valid body per resource, and the grant of the customer
/// who places the orders (orders are created by customers only; staff and admins edit them).
async fn setup(test_db: TestDb) -> (App, Value, Value, Value, Value, Grant) {
    let app = App::shop(test_db).await;
    let spec = app.get("/openapi.json").await.json();
    let customer = json!({ "email": "base@example.com", "name": "Base" });
    app.create("/customers", customer.clone()).await;
    let (buyer, _) = app.customer(HOME_STORE, "buyer@example.com").await;
    let buyer = Grant::new(buyer["id"].as_str().unwrap())
        .roles(["customer"])
        .tenant(HOME_STORE);
    let product = json!({ "sku": "BAS-0001", "name": "Base", "priceCents": 100 });
    let p = app.create("/products", product.clone()).await;
    let order = json!({ "product_id": p["id"], "quantity": 1 });
    (app, spec, customer, product, order, buyer)
}

fn create_schema(spec: &Value, name: &str) -> jsonschema::Validator {
    let schema = &spec["components"]["schemas"][format!("{name}Create")];
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .expect("schema compiles")
}

/// For every case: the API's verdict matches the table, and so does the documented schema.
async fn every_rule_accepts_its_boundary_and_rejects_past_it(test_db: TestDb) {
    let (app, spec, customer, product, order, buyer) = setup(test_db).await;
    let buyer = app.session(&buyer);
    let suites = [
        ("/customers", "Customer", customer, customer_cases()),
        ("/products", "Product", product, product_cases()),
        ("/orders", "Order", order, order_cases()),
    ];
    let mut unique = 0;
    for (path, name, base, cases) in suites {
        let schema = create_schema(&spec, name);
        for case in cases {
            unique += 1;
            let mut body = with(&base, case.pointer, case.value.clone());
            // Unique columns get fresh values so that only the rule under test can fail.
            if path == "/customers" && case.pointer != "/email" {
                body["email"] = json!(format!("u{unique}@example.com"));
            }
            if path == "/products" && case.pointer != "/sku" {
                body["sku"] = json!(format!("UNQ-{unique:04}"));
            }
            let documented = schema.is_valid(&body);
            let reply = if path == "/orders" {
                buyer.post(path, body.clone()).await
            } else {
                app.post(path, body.clone()).await
            };
            let label = format!("{path} {} = {}", case.pointer, case.value);
            match case.rejected {
                None => {
                    assert_eq!(
                        reply.status,
                        StatusCode::CREATED,
                        "{label}: {}",
                        reply.text()
                    );
                    assert!(
                        documented,
                        "{label}: the schema rejects what the API accepts"
                    );
                }
                Some(code) => {
                    let problem = reply.problem(422, "validation-error");
                    let errors = problem["errors"].as_array().expect("errors");
                    assert_eq!(errors.len(), 1, "{label}: {problem}");
                    let v = &errors[0];
                    assert_eq!(v["code"], code, "{label}: {problem}");
                    assert_eq!(
                        v["pointer"],
                        expected_pointer(case.pointer, &case.value, code),
                        "{label}"
                    );
                    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
                    assert!(
                        !documented,
                        "{label}: the schema accepts what the API rejects"
                    );
                }
            }
        }
    }
}

/// Five bad fields, five violations, in one response; nothing is stored.
async fn every_violation_is_reported_at_once(test_db: TestDb) {
    let (app, _spec, _customer, _product, order, buyer) = setup(test_db).await;
    let mut body = order.clone();
    body["quantity"] = json!(0);
    body["note"] = chars(501);
    body["lines"] = json!([
        { "product_id": "00000000-0000-7000-8000-000000000001", "quantity": 1 },
        { "product_id": "00000000-0000-7000-8000-000000000002", "quantity": 1 },
        { "product_id": "00000000-0000-7000-8000-000000000003", "quantity": 500 },
    ]);
    body["shipping_address"] = json!({
        "street": "", "city": "Leeds", "postalCode": "LS1 4AP", "country": "ZZ"
    });
    let problem = app
        .session(&buyer)
        .post("/orders", body)
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["detail"], "5 values are invalid");
    let found: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["pointer"].as_str().unwrap().to_owned(),
                v["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("/quantity", "range"),
        ("/lines/2/quantity", "range"),
        ("/shipping_address/street", "length"),
        ("/shipping_address/country", "one_of"),
        ("/note", "length"),
    ];
    for (pointer, code) in expected {
        assert!(
            found.iter().any(|(p, c)| p == pointer && c == code),
            "{pointer} {code} missing from {found:?}"
        );
    }
    assert_eq!(found.len(), 5, "{found:?}");
    let quantity = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["pointer"] == "/lines/2/quantity")
        .unwrap();
    assert_eq!(quantity["params"], json!({ "min": 1, "max": 100 }));
    assert_eq!(
        quantity["message"],
        "`quantity` must be at least 1 and at most 100"
    );
    let page = app.get("/orders").await.json();
    assert_eq!(page["items"].as_array().unwrap().len(), 0, "nothing stored");
}

/// A body that does not decode still gets every violation: wrong types, unknown and
/// read-only members (the owner among them: the server sets it from the token), missing
/// fields, and the rules of the members that do decode.
async fn type_errors_and_rule_violations_are_reported_together(test_db: TestDb) {
    let (app, _spec, _customer, _product, order, grant) = setup(test_db).await;
    let buyer = app.session(&grant);
    let body = json!({
        "id": "01a2015d-aaf3-7298-b5bf-422adbbbe4ae",
        "customer_id": grant.subject,
        "quantity": "many",
        "note": "é".repeat(501),
        "lines": [{ "product_id": "00000000-0000-7000-8000-000000000001", "quantity": 0 }],
        "shipping_address": { "street": "x", "city": 5, "postalCode": "LS1 4AP", "country": "GB" },
        "bogus": true,
    });
    let problem = buyer
        .post("/orders", body)
        .await
        .problem(422, "validation-error");
    let mut found: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["pointer"].as_str().unwrap().to_owned(),
                v["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    let mut expected: Vec<(String, String)> = [
        ("/bogus", "unknown_field"),
        ("/customer_id", "read_only"),
        ("/id", "read_only"),
        ("/product_id", "required"),
        ("/lines/0/quantity", "range"),
        ("/note", "length"),
        ("/quantity", "type"),
        ("/shipping_address/city", "type"),
    ]
    .iter()
    .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
    .collect();
    expected.sort();
    assert_eq!(found, expected, "{problem}");
    assert_eq!(
        app.get("/orders").await.json()["items"],
        json!([]),
        "nothing stored"
    );

    // The same on PATCH: nothing is required, `null` on a required field is reported.
    let created = buyer.create("/orders", order.clone()).await;
    let uri = format!("/orders/{}", created["id"].as_str().unwrap());
    let problem = app
        .patch(
            &uri,
            json!({ "quantity": null, "note": 5, "lines": [{ "quantity": 1 }] }),
        )
        .await
        .problem(422, "validation-error");
    let mut found: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["pointer"].as_str().unwrap())
        .collect();
    found.sort_unstable();
    assert_eq!(
        found,
        ["/lines/0/product_id", "/note", "/quantity"],
        "{problem}"
    );
}

/// PATCH: field rules apply to the fields sent; the cross-field rule sees the merged row.
async fn patch_checks_sent_fields_and_the_merged_row(test_db: TestDb) {
    let (app, _spec, _customer, _product, order, buyer) = setup(test_db).await;
    let mut body = order.clone();
    body["quantity"] = json!(60);
    let created = app.session(&buyer).create("/orders", body).await;
    let uri = format!("/orders/{}", created["id"].as_str().unwrap());

    // A field rule on a sent field.
    let problem = app
        .patch(&uri, json!({ "quantity": 0 }))
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["pointer"], "/quantity");

    // Lines of 50 are valid alone; with the stored 60 the order would hold 110 items.
    let lines = json!([{ "product_id": "00000000-0000-7000-8000-000000000009", "quantity": 50 }]);
    let problem = app
        .patch(&uri, json!({ "lines": lines }))
        .await
        .problem(422, "validation-error");
    let v = &problem["errors"][0];
    assert_eq!(v["code"], "total_quantity");
    assert_eq!(v["pointer"], "/lines");
    assert_eq!(v["params"]["actual"], 110);
    let stored = app.get(&uri).await.json();
    assert_eq!(stored["lines"], json!([]), "nothing changed");

    // Lowering the quantity in the same patch makes the merged row valid.
    let updated = app
        .patch(&uri, json!({ "lines": lines, "quantity": 50 }))
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text());
    assert_eq!(updated.json()["lines"][0]["quantity"], 50);
    assert_eq!(app.get(&uri).await.json()["quantity"], 50);

    // Absent fields are not checked; `null` on a required one is.
    let problem = app
        .patch(&uri, json!({ "quantity": null }))
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["code"], "not_null");
    let missing = app
        .patch(
            "/orders/00000000-0000-7000-8000-0000000000ff",
            json!({ "note": "x" }),
        )
        .await;
    missing.problem(404, "not-found");
}

/// The rule with database access refuses a suspended customer, on create and on update.
async fn database_rule_refuses_a_suspended_customer(test_db: TestDb) {
    let (app, _spec, _customer, _product, order, grant) = setup(test_db).await;
    let buyer = app.session(&grant);
    let created = buyer.create("/orders", order.clone()).await;
    let customer_uri = format!("/customers/{}", created["customer_id"].as_str().unwrap());
    let reply = app.patch(&customer_uri, json!({ "suspended": true })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

    let problem = buyer
        .post("/orders", order.clone())
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["code"], "customer_suspended");
    assert_eq!(problem["errors"][0]["pointer"], "");

    let uri = format!("/orders/{}", created["id"].as_str().unwrap());
    app.patch(&uri, json!({ "note": "hurry" }))
        .await
        .problem(422, "validation-error");
    assert_eq!(app.get(&uri).await.json()["note"], Value::Null);

    // A field violation is reported alone: the database is not asked about invalid input.
    let mut invalid = order.clone();
    invalid["quantity"] = json!(0);
    let problem = buyer
        .post("/orders", invalid)
        .await
        .problem(422, "validation-error");
    let codes: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["range"]);
}

/// Words of a label; a rule of the user's says each starts with a capital.
#[resource(path = "/labels")]
pub struct Label {
    /// Identifier.
    #[field(id)]
    pub id: Uuid,
    /// Capitalised words.
    #[field(validate(custom = capitalised))]
    pub words: Vec<String>,
}

fn capitalised(words: &[String]) -> Result<(), Invalid> {
    match words
        .iter()
        .position(|w| !w.starts_with(char::is_uppercase))
    {
        Some(i) => Err(
            Invalid::new("capitalised", format!("word {i} must start with a capital"))
                .param("index", i),
        ),
        None => Ok(()),
    }
}

/// A custom field rule reports in the same shape, with its own code and parameters.
async fn custom_field_rule_reports_like_the_built_in_ones(test_db: TestDb) {
    let app = App::new(test_db, |db| Api::new(db).resource::<Label>()).await;
    let problem = app
        .post("/labels", json!({ "words": ["Tea", "green", "Leaf"] }))
        .await
        .problem(422, "validation-error");
    let v = &problem["errors"][0];
    assert_eq!(v["pointer"], "/words");
    assert_eq!(v["code"], "capitalised");
    assert_eq!(v["params"]["index"], 1);
    let made = app
        .post("/labels", json!({ "words": ["Green", "Tea"] }))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
}

/// `each(...)` holds every item of a list to its rules, each violation at its item, and
/// the document says so on the items' schema.
async fn each_item_of_a_list_keeps_its_rules(test_db: TestDb) {
    let (app, spec, _customer, product, _order, _buyer) = setup(test_db).await;
    let mut body = product.clone();
    body["sku"] = json!("TAG-0001");
    body["tags"] = json!(["ok", "", "fine", "x".repeat(31)]);
    let problem = app
        .post("/products", body)
        .await
        .problem(422, "validation-error");
    let found: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|v| (v["pointer"].as_str().unwrap(), v["code"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("/tags/1", "length"), ("/tags/3", "length")]);
    let items = &spec["components"]["schemas"]["ProductCreate"]["properties"]["tags"]["items"];
    assert_eq!(
        (items["minLength"].as_u64(), items["maxLength"].as_u64()),
        (Some(1), Some(30))
    );
}

/// Two patches, each valid alone, invalid together: the row lock makes the second one see
/// the first one's result, so the stored order never breaks the cross-field rule.
async fn concurrent_patches_cannot_combine_into_an_invalid_row(test_db: TestDb) {
    let (app, _spec, _customer, _product, order, buyer) = setup(test_db).await;
    let buyer = app.session(&buyer);
    for round in 0..8 {
        let mut body = order.clone();
        body["quantity"] = json!(50);
        let created = buyer.create("/orders", body).await;
        let uri = format!("/orders/{}", created["id"].as_str().unwrap());
        let more = json!({ "quantity": 60 });
        let lines = json!({ "lines": [{ "product_id": "00000000-0000-7000-8000-000000000009", "quantity": 45 }] });
        let (a, b) = tokio::join!(app.patch(&uri, more), app.patch(&uri, lines));
        let statuses = [a.status.as_u16(), b.status.as_u16()];
        assert!(
            statuses.contains(&200) && statuses.contains(&422),
            "round {round}: {statuses:?} {} {}",
            a.text(),
            b.text()
        );
        let stored = app.get(&uri).await.json();
        let total = stored["quantity"].as_i64().unwrap()
            + stored["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["quantity"].as_i64().unwrap())
                .sum::<i64>();
        assert!(total <= 100, "round {round}: {stored}");
    }
}

on_both_backends!(
    type_errors_and_rule_violations_are_reported_together,
    concurrent_patches_cannot_combine_into_an_invalid_row,
    every_rule_accepts_its_boundary_and_rejects_past_it,
    every_violation_is_reported_at_once,
    patch_checks_sent_fields_and_the_merged_row,
    database_rule_refuses_a_suspended_customer,
    custom_field_rule_reports_like_the_built_in_ones,
    each_item_of_a_list_keeps_its_rules,
);

/// `Api::validation_status(400)` sends validation errors as 400 and documents them so.
#[tokio::test]
async fn validation_status_can_be_400() {
    let app = App::new(resourcery_tests::sqlite().await, |db| {
        shop::api(db, test_tokens()).validation_status(StatusCode::BAD_REQUEST)
    })
    .await;
    let staff = app.session(
        &Grant::new(resourcery::Uuid::now_v7().to_string())
            .roles(["staff"])
            .tenant(HOME_STORE),
    );
    let problem = staff
        .post("/customers", json!({ "email": "nope", "name": "X" }))
        .await
        .problem(400, "validation-error");
    assert_eq!(problem["errors"][0]["code"], "email");
    let spec = app.get("/openapi.json").await.json();
    let responses = &spec["paths"]["/customers"]["post"]["responses"];
    assert!(responses.get("422").is_none(), "{responses}");
    let described = responses["400"]["description"].as_str().unwrap();
    assert!(described.contains("validation-error"), "{described}");
}

/// PostgreSQL cannot store NUL in text or JSON; it is refused on both backends alike, with a
/// pointer in a body and as a bad parameter in a query, and nothing is stored.
async fn nul_characters_are_refused_everywhere(test_db: TestDb) {
    let (app, spec, customer, product, order, buyer) = setup(test_db).await;
    // Any-JSON fields cannot say it with a keyword, so their description does.
    let attributes = &spec["components"]["schemas"]["ProductCreate"]["properties"]["attributes"];
    assert!(
        attributes["description"].as_str().is_some_and(
            |d| d.ends_with("Strings inside it cannot contain the NUL character (\\u0000).")
        ),
        "{attributes}"
    );
    let mut json_body = product.clone();
    json_body["sku"] = json!("NUL-0001");
    json_body["attributes"] = json!(["\u{0}"]);
    let problem = app
        .post("/products", json_body)
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["pointer"], "/attributes/0");
    let mut body = customer.clone();
    body["email"] = json!("nul@example.com");
    body["name"] = json!("a\u{0}b");
    let problem = app
        .post("/customers", body)
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["code"], "nul_character");
    assert_eq!(problem["errors"][0]["pointer"], "/name");
    assert_eq!(
        problem["errors"][0]["message"],
        "`name` contains the NUL character (\\u0000), which cannot be stored"
    );
    let mut nested = order.clone();
    nested["shipping_address"] =
        json!({ "street": "x\u{0}", "city": "Leeds", "postalCode": "LS1 4AP", "country": "GB" });
    let problem = app
        .session(&buyer)
        .post("/orders", nested)
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["pointer"], "/shipping_address/street");
    // The detail names the field and, deeper inside it, where.
    assert_eq!(
        problem["errors"][0]["message"],
        "`shipping_address` contains the NUL character (\\u0000) at `/shipping_address/street`, which cannot be stored"
    );
    app.get("/customers?name=a%00b")
        .await
        .problem(400, "malformed-request");
    let page = app.get("/customers").await.json();
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        2,
        "only the base customer and the buyer"
    );
    // An escaped backslash before `u0000` is ordinary text.
    let mut literal = customer.clone();
    literal["email"] = json!("lit@example.com");
    literal["name"] = json!("back\\u0000slash");
    let created = app.create("/customers", literal).await;
    assert_eq!(created["name"], "back\\u0000slash");
}

on_both_backends!(nul_characters_are_refused_everywhere);

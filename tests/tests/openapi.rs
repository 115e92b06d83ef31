//! The shop's OpenAPI document: a checked-in golden copy, validity against the OpenAPI 3.1
//! schema, and agreement with the router (every documented operation is served).

use axum::http::{Method, StatusCode};
use resourcery_tests::{App, HOME_STORE};
use serde_json::Value;

async fn document() -> (App, Value) {
    let app = App::shop(resourcery_tests::sqlite().await).await;
    let spec = app.get("/openapi.json").await.json();
    (app, spec)
}

#[tokio::test]
async fn document_matches_the_golden_copy() {
    let (_app, spec) = document().await;
    let pretty = serde_json::to_string_pretty(&spec).unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/shop-openapi.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &pretty).unwrap();
    }
    let golden = std::fs::read_to_string(&path)
        .expect("golden copy exists; create it with UPDATE_SNAPSHOTS=1");
    assert!(
        golden == pretty,
        "the API surface changed; review and rerun with UPDATE_SNAPSHOTS=1 to accept it"
    );
}

#[tokio::test]
async fn document_is_valid_openapi_3_1() {
    let (_app, spec) = document().await;
    let schema: Value =
        serde_json::from_str(include_str!("../fixtures/openapi-3.1-schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("OpenAPI 3.1 schema compiles");
    // The validator does reject what is not OpenAPI 3.1.
    assert!(
        !validator.is_valid(&serde_json::json!({ "openapi": "3.1.0", "paths": {} })),
        "info is required"
    );
    assert!(!validator.is_valid(&serde_json::json!({ "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "paths": {} })));
    let errors: Vec<String> = validator
        .iter_errors(&spec)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schemas inside are JSON Schema 2020-12, as OpenAPI 3.1 requires.
    for (name, schema) in spec["components"]["schemas"].as_object().unwrap() {
        assert!(
            jsonschema::meta::is_valid(schema),
            "component schema {name} is not valid JSON Schema"
        );
    }
}

/// Every operation answers an admin of the home store with a documented status; without a
/// token it answers 401 unless it is public, and a customer calling an operation whose roles
/// leave customers out gets 403; both are documented too.
#[tokio::test]
async fn every_documented_operation_is_served() {
    let (app, spec) = document().await;
    let (_, customer) = app.customer(HOME_STORE, "probe@example.com").await;
    let mut count = 0;
    let mut refused = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let uri = path.replace("{id}", &resourcery::Uuid::new_v4().to_string());
            let method: Method = method.to_uppercase().parse().unwrap();
            let body =
                matches!(method, Method::POST | Method::PATCH).then(|| serde_json::json!({}));
            let documented = operation["responses"].as_object().unwrap();
            let reply = app.call(method.clone(), &uri, body.clone()).await;
            assert_ne!(
                reply.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            assert!(
                documented.contains_key(reply.status.as_str()),
                "{method} {path} answered {} which is not documented",
                reply.status
            );

            let requirements = operation["security"].as_array().unwrap();
            let public = requirements
                .iter()
                .any(|r| r.as_object().unwrap().is_empty());
            let anonymous = app
                .anonymous()
                .call(method.clone(), &uri, body.clone())
                .await;
            if public {
                assert_ne!(
                    anonymous.status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {path}"
                );
            } else {
                anonymous.problem(401, "authentication-required");
                assert!(
                    anonymous.header("www-authenticate").is_some(),
                    "{method} {path}"
                );
            }
            assert!(
                documented.contains_key(anonymous.status.as_str()),
                "{method} {path} answered {} without a token, which is not documented",
                anonymous.status
            );

            let roles: Vec<&str> = requirements
                .iter()
                .filter_map(|r| r["bearerAuth"].as_array())
                .flatten()
                .map(|r| r.as_str().unwrap())
                .collect();
            if !roles.is_empty() && !roles.contains(&"customer") {
                let reply = customer.call(method.clone(), &uri, body).await;
                reply.problem(403, "insufficient-permissions");
                assert!(documented.contains_key("403"), "{method} {path}");
                refused += 1;
            }
            count += 1;
        }
    }
    assert_eq!(
        count, 31,
        "five operations on each of three resources, five order transitions, the order history, get and list of refunds and of accounts, two function endpoints and four login endpoints"
    );
    assert_eq!(
        refused, 17,
        "five on customers, three product writes, order delete, ship, deliver, two on refunds, two on accounts, and the refund and report endpoints"
    );
}

#[tokio::test]
async fn operations_claim_only_the_problems_they_can_return() {
    let (_app, spec) = document().await;
    let op = |path: &str, method: &str| {
        spec["paths"][path][method]["responses"]
            .as_object()
            .unwrap()
            .clone()
    };
    assert!(
        !op("/orders", "get").contains_key("404"),
        "a list has no missing row"
    );
    assert!(op("/orders/{id}", "get").contains_key("404"));
    assert!(
        op("/customers", "post").contains_key("409"),
        "customers have a unique email"
    );
    assert!(
        op("/customers/{id}", "delete").contains_key("409"),
        "orders reference customers"
    );
    assert!(
        op("/orders/{id}", "delete").contains_key("409"),
        "refunds reference orders"
    );
    assert!(
        !op("/orders", "get").contains_key("409"),
        "a list conflicts with nothing"
    );
    assert!(op("/orders", "post").contains_key("422"));
    assert!(!op("/orders/{id}", "delete").contains_key("422"));
    let created = &spec["paths"]["/orders"]["post"]["responses"]["201"];
    assert!(created["headers"]["Location"].is_object());
    let problem = &spec["paths"]["/orders/{id}"]["get"]["responses"]["404"]["content"]["application/problem+json"];
    assert_eq!(problem["schema"]["$ref"], "#/components/schemas/Problem");

    // Authentication: 401 everywhere, 403 only where roles or scopes can refuse a caller.
    let scheme = &spec["components"]["securitySchemes"]["bearerAuth"];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");
    assert_eq!(scheme["bearerFormat"], "JWT");
    let security = |path: &str, method: &str| spec["paths"][path][method]["security"].clone();
    assert_eq!(
        security("/products", "get"),
        serde_json::json!([{}, { "bearerAuth": [] }]),
        "public, and a token sent is verified"
    );
    assert!(op("/products", "get").contains_key("401"));
    assert!(
        !op("/products", "get").contains_key("403"),
        "nobody is refused"
    );
    assert_eq!(
        security("/orders", "post"),
        serde_json::json!([{ "bearerAuth": ["customer"] }])
    );
    assert!(op("/orders", "post").contains_key("403"));
    assert_eq!(
        security("/orders", "get"),
        serde_json::json!([{ "bearerAuth": [] }])
    );
    assert!(
        op("/orders", "get").contains_key("403"),
        "orders are scoped to a tenant and an owner"
    );
    assert_eq!(
        security("/auth/logout-everywhere", "post"),
        serde_json::json!([{ "bearerAuth": [] }])
    );
    assert!(!op("/auth/logout-everywhere", "post").contains_key("403"));
}

#[tokio::test]
async fn schemas_follow_field_options() {
    let (_app, spec) = document().await;
    let schemas = &spec["components"]["schemas"];
    let customer = &schemas["Customer"];
    assert!(
        customer["properties"].get("referral_code").is_none(),
        "write-only is not returned"
    );
    assert!(
        customer["properties"].get("risk_score").is_none(),
        "hidden is nowhere"
    );
    assert_eq!(customer["properties"]["id"]["readOnly"], true);
    assert_eq!(customer["properties"]["id"]["format"], "uuid");
    assert_eq!(customer["properties"]["created_at"]["format"], "date-time");
    let create = &schemas["CustomerCreate"];
    assert_eq!(create["additionalProperties"], false);
    assert!(create["properties"].get("id").is_none());
    assert!(create["properties"].get("risk_score").is_none());
    assert_eq!(create["properties"]["referral_code"]["writeOnly"], true);
    assert_eq!(create["properties"]["tier"]["default"], "standard");
    assert_eq!(
        create["properties"]["tier"]["enum"],
        serde_json::json!(["standard", "gold"])
    );
    let required: Vec<&str> = create["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        required,
        ["email", "name"],
        "defaulted and nullable fields are optional"
    );
    let product = &schemas["Product"];
    assert_eq!(
        product["properties"]["description"]["type"],
        serde_json::json!(["string", "null"])
    );
    assert!(product["properties"].get("priceCents").is_some(), "renamed");
    assert_eq!(
        schemas["OrderPatch"]["required"],
        Value::Null,
        "nothing is required in a patch"
    );
}

/// Every `$ref` target under `node`.
fn references(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                out.push(target.clone());
            }
            map.values().for_each(|v| references(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_component_is_used_and_the_document_names_its_server_and_license() {
    let (_app, spec) = document().await;
    let mut used = Vec::new();
    references(&spec, &mut used);
    let unused: Vec<&String> = spec["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
        .filter(|name| !used.contains(&format!("#/components/schemas/{name}")))
        .collect();
    assert!(unused.is_empty(), "schemas nothing refers to: {unused:?}");
    assert_eq!(spec["servers"][0]["url"], "/");
    assert_eq!(spec["info"]["license"]["identifier"], "MIT OR Apache-2.0");
}

/// What schemathesis found the document calling valid and the server refusing: an empty
/// cursor, an empty `sort`, and `[in]` values written as one plain string. The document now
/// says what the server reads: a base64url cursor, at least one sort key, and `[in]` as a
/// comma-separated list (`style: form`, `explode: false`) of values of the field's type.
#[tokio::test]
async fn list_parameters_are_documented_as_the_server_reads_them() {
    let (_app, spec) = document().await;
    let parameters = spec["paths"]["/products"]["get"]["parameters"]
        .as_array()
        .expect("parameters");
    let named = |name: &str| {
        parameters
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("no parameter `{name}`"))
    };
    let cursor = &named("cursor")["schema"];
    assert_eq!(cursor["minLength"], 1);
    assert_eq!(cursor["pattern"], "^[A-Za-z0-9_-]+$");
    assert_eq!(named("sort")["schema"]["minItems"], 1);
    let within = named("priceCents[in]");
    assert_eq!(within["style"], "form");
    assert_eq!(within["explode"], false);
    assert_eq!(within["schema"]["type"], "array");
    assert_eq!(within["schema"]["minItems"], 1);
    assert_eq!(within["schema"]["maxItems"], 100);
    assert_eq!(within["schema"]["items"]["type"], "integer");
    // Strings refuse NUL on both backends, and say so unless a pattern of their own rules.
    let create = &spec["components"]["schemas"]["OrderCreate"]["properties"];
    assert_eq!(create["note"]["pattern"], "^[^\\u0000]*$");
    let product = &spec["components"]["schemas"]["ProductCreate"]["properties"];
    assert_eq!(product["sku"]["pattern"], "^[A-Z]{3}-[0-9]{4}$");
}

//! `resourcery::contract` against contracts the shop does and does not keep: its own
//! document in JSON and in YAML conforms; each edit of a contract below is a difference a
//! client would meet, and the comparison names it with its rule, its operation and the
//! line that declares it. Most of them are out of the macros' sight (members of nested
//! objects, enum values, transitions, problem bodies).

use std::path::PathBuf;

use resourcery::contract::{Drift, check, write_openapi};
use resourcery::{Api, Db};
use serde_json::{Value, json};

async fn shop() -> Api {
    let db = Db::connect("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    shop::api(
        db,
        shop::token_service(b"any secret: the document does not depend on it"),
    )
}

/// A file of this test's own under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("resourcery-contract-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir.join(name)
}

/// The shop's document, edited by `edit`, as the contract; the drifts found.
async fn drifts_after(name: &str, edit: impl FnOnce(&mut Value)) -> Vec<Drift> {
    let api = shop().await;
    let mut doc = serde_json::to_value(api.openapi()).expect("document");
    edit(&mut doc);
    let file = scratch(&format!("{name}.json"));
    std::fs::write(&file, serde_json::to_string(&doc).expect("json")).expect("write");
    check(&api, &file).expect("a readable contract")
}

fn rules(drifts: &[Drift]) -> Vec<(&str, &str)> {
    drifts
        .iter()
        .map(|d| (d.rule.as_str(), d.operation.as_str()))
        .collect()
}

#[tokio::test]
async fn the_document_written_as_json_or_yaml_is_a_contract_it_keeps() {
    let api = shop().await;
    for name in ["openapi.json", "openapi.yaml"] {
        let file = scratch(name);
        write_openapi(&api, &file).expect("written");
        let drifts = check(&api, &file).expect("readable");
        assert!(drifts.is_empty(), "{name}: {drifts:#?}");
    }
    let yaml = std::fs::read_to_string(scratch("openapi.yaml")).expect("yaml");
    assert!(
        yaml.starts_with("openapi: \"3.1.0\"\ninfo:\n"),
        "not YAML in reading order: {yaml:.200}"
    );
}

#[tokio::test]
async fn a_drift_in_a_nested_request_member_is_found_and_located() {
    let drifts = drifts_after("nested", |doc| {
        doc["components"]["schemas"]["OrderCreate"]["properties"]["lines"]["items"]["properties"]
            ["quantity"]["maximum"] = json!(200);
    })
    .await;
    assert_eq!(
        rules(&drifts),
        [(
            "request-property-max-decreased",
            "`createOrder` (POST /orders)"
        )]
    );
    let drift = &drifts[0];
    assert!(drift.breaking);
    assert!(
        drift.message.contains("`lines[].quantity`"),
        "{}",
        drift.message
    );
    let declared = drift.declared.expect("a declaration");
    assert!(declared.starts_with("examples/shop/src/"), "{declared}");
    let (file, line) = declared.rsplit_once(':').expect("file:line");
    let source = std::fs::read_to_string(format!("../{file}")).expect("the declaring file");
    let line: usize = line.parse().expect("a line number");
    let text = source.lines().nth(line - 1).expect("the line exists");
    assert!(text.contains("struct Order"), "{declared}: {text}");
}

#[tokio::test]
async fn response_values_the_contract_does_not_allow_are_found() {
    // A narrower enum of a nested response member: the code can send `cancelled`.
    let drifts = drifts_after("enum", |doc| {
        let status = &mut doc["components"]["schemas"]["Order"]["properties"]["status"];
        let values = status["enum"].as_array_mut().expect("an enum");
        values.retain(|v| v != "cancelled");
    })
    .await;
    assert!(!drifts.is_empty());
    assert!(
        drifts
            .iter()
            .all(|d| d.rule == "response-property-enum-value-added"
                && d.message.contains("`cancelled`")),
        "{drifts:#?}"
    );
    // Every operation answering with an order says so, transitions included.
    assert!(drifts.iter().any(|d| d.operation.contains("cancelOrder")));
    assert!(drifts.iter().any(|d| d.operation.contains("getOrder")));
}

#[tokio::test]
async fn problem_bodies_are_compared_too() {
    let drifts = drifts_after("problem", |doc| {
        let problem = &mut doc["components"]["schemas"]["Problem"];
        problem["properties"]
            .as_object_mut()
            .expect("members")
            .remove("errors");
        problem["additionalProperties"] = json!(false);
    })
    .await;
    assert!(!drifts.is_empty());
    assert!(
        drifts
            .iter()
            .all(|d| d.rule == "response-optional-property-added" && d.breaking),
        "{drifts:#?}"
    );
}

#[tokio::test]
async fn operations_missing_on_either_side_are_named() {
    let drifts = drifts_after("coverage", |doc| {
        let paths = doc["paths"].as_object_mut().expect("paths");
        paths.remove("/refunds/{id}");
        paths.insert(
            "/orders/{id}/archive".to_owned(),
            json!({"post": {"operationId": "archiveOrder", "responses": {"204": {"description": "Archived."}}}}),
        );
    })
    .await;
    let found = rules(&drifts);
    assert!(
        found.contains(&("endpoint-added", "`getRefund` (GET /refunds/{id})")),
        "{found:?}"
    );
    let missing = drifts
        .iter()
        .find(|d| d.operation.contains("archiveOrder"))
        .expect("the contract's operation the code lacks");
    assert_eq!(missing.rule, "api-path-removed-without-deprecation");
    assert!(missing.breaking);
    assert_eq!(missing.declared, None);
    assert_eq!(drifts.len(), 2, "{drifts:#?}");
}

#[tokio::test]
async fn statuses_parameters_nullability_and_security_are_compared() {
    let drifts = drifts_after("mixed", |doc| {
        let confirm = &mut doc["paths"]["/orders/{id}/confirm"]["post"]["responses"];
        confirm.as_object_mut().expect("responses").remove("409");
        doc["paths"]["/customers"]["get"]["parameters"]
            .as_array_mut()
            .expect("parameters")
            .push(json!({"in": "query", "name": "status", "schema": {"type": "string"}}));
        doc["components"]["schemas"]["OrderCreate"]["properties"]["quantity"]["type"] =
            json!(["integer", "null"]);
        doc["paths"]["/products/{id}"]["get"]["security"] = json!([{"bearerAuth": ["admin"]}]);
    })
    .await;
    let mut found = rules(&drifts);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            ("api-security-removed", "`getProduct` (GET /products/{id})"),
            (
                "request-parameter-removed",
                "`listCustomers` (GET /customers)"
            ),
            (
                "request-property-became-not-nullable",
                "`createOrder` (POST /orders)"
            ),
            (
                "response-non-success-status-added",
                "`confirmOrder` (POST /orders/{id}/confirm)"
            ),
        ],
        "{drifts:#?}"
    );
    let security = drifts
        .iter()
        .find(|d| d.rule == "api-security-removed")
        .expect("found");
    assert!(
        !security.breaking,
        "letting more callers in breaks no client"
    );
}

#[tokio::test]
async fn a_broken_contract_is_one_clear_error() {
    let api = shop().await;
    let missing = check(&api, scratch("absent.yaml")).expect_err("no file");
    assert!(
        missing.to_string().contains("cannot read the contract"),
        "{missing}"
    );
    let file = scratch("dangling.yaml");
    std::fs::write(
        &file,
        "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Ok'\n",
    )
    .expect("write");
    let dangling = check(&api, &file).expect_err("a dangling reference");
    assert!(
        dangling
            .to_string()
            .contains("/paths/~1a/get/responses/200"),
        "{dangling}"
    );
}

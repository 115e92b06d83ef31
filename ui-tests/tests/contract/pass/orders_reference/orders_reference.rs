//! The Orders contract as the hand-written reference service serves it
//! (`../shared/reference/orders-twin`, `GET /openapi.json`, utoipa 6): a document resourcery
//! did not write. The declaration below meets it at compile time, with the list envelope
//! renamed; the run-time comparison then finds exactly what the macros cannot see.

use resourcery::prelude::*;

/// Where an order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, resourcery::Enum)]
pub enum Status {
    /// Placed.
    Pending,
    /// Accepted.
    Confirmed,
    /// On its way.
    Shipped,
    /// Arrived.
    Delivered,
    /// Called off.
    Cancelled,
}

/// An order as stored and as served.
#[resource(
    path = "/orders",
    operations(create, get, list, update),
    default_sort = "-created_at",
    envelope(items = "data", page = "pagination")
)]
pub struct Order {
    /// Id.
    #[field(id)]
    pub id: Uuid,
    /// Who ordered.
    pub customer_id: Uuid,
    /// What.
    pub product_id: Uuid,
    /// How many.
    #[field(validate(range(min = 1, max = 10)))]
    pub quantity: i32,
    /// Where it is.
    #[field(read_only, default = Status::Pending)]
    pub status: Status,
    /// Free text.
    #[field(validate(length(max = 500)))]
    pub note: Option<String>,
    /// Starts at 1.
    #[field(read_only, default = 1)]
    pub version: i32,
    /// When it was placed.
    #[field(created_at, sortable)]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[field(updated_at)]
    pub updated_at: DateTime<Utc>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let db = Db::connect("sqlite::memory:").await.expect("in-memory SQLite");
    let api = Api::new(db).resource::<Order>();
    let contract = std::env::temp_dir().join(format!("orders-reference-{}.json", std::process::id()));
    std::fs::write(&contract, include_str!("openapi.json")).expect("written");
    let drifts = resourcery::contract::check(&api, &contract).expect("a readable contract");
    let _ = std::fs::remove_file(&contract);
    let mut found: Vec<String> = drifts
        .iter()
        .filter(|d| d.breaking)
        .map(|d| format!("{}: {}", d.rule, d.message.replace("201", "200").replace("data[].", "")))
        .collect();
    found.sort();
    found.dedup();
    // What this declaration does not serve as the reference does: its confirm transition
    // (not declared here), a `minimum` on a value only the server writes (the DSL has no
    // bound for read-only fields), and the reference's own problem body (an absolute `type`,
    // `detail` always, `errors[].detail` where resourcery sends `code` and `message`).
    let expected = [
        "api-path-removed-without-deprecation: is in the contract and not served by the code",
        "response-property-became-optional: `detail` in the 400 response body is required in the contract; the code may leave it out",
        "response-property-min-unset: `version` in the 200 response body: `minimum` is 1 in the contract, none in the code",
        "response-property-type-changed: `type` in the 400 response body has format `uri` in the contract, `uri-reference` in the code",
        "response-required-property-removed: `errors[].detail` in the 400 response body is required in the contract; the code never sends it",
    ];
    assert_eq!(found, expected, "{drifts:#?}");
    let missing = drifts.iter().find(|d| d.declared.is_none()).expect("the transition");
    assert_eq!(missing.operation, "`confirmOrder` (POST /orders/{id}/confirm)");
}

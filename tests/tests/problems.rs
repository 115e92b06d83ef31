//! Error enums of the user's own with `#[derive(Problem)]`: returned from routes added with
//! `Api::routes`, they answer as RFC 9457 problems, and once registered with
//! `Api::problems` they are served at `/problems/{slug}` and listed in OpenAPI.

use axum::Json;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use resourcery::prelude::*;
use resourcery::{Db, ProblemType, ProblemTypes};
use resourcery_tests::{App, TestDb, on_both_backends};
use serde_json::{Value, json};

/// A payment that can be refunded once.
#[resource(path = "/payments")]
pub struct Payment {
    /// Identifier.
    #[field(id)]
    pub id: Uuid,
    /// Amount paid.
    pub amount_cents: i64,
    /// When it was refunded, if it was.
    pub refunded_at: Option<DateTime<Utc>>,
}

/// Why a refund is refused.
// Private, so that `missing_docs` leaves the undocumented variants alone: whether a
// variant has a doc comment is part of what is tested.
#[derive(Debug, Problem)]
enum RefundError {
    /// The payment was refunded already; it cannot be refunded twice.
    #[problem(
        status = 409,
        slug = "already-refunded",
        title = "Payment already refunded",
        detail = "payment {payment} was refunded on {when}"
    )]
    AlreadyRefunded {
        /// The payment.
        payment: Uuid,
        /// When it was refunded.
        when: DateTime<Utc>,
    },
    #[problem(
        status = 422,
        slug = "refund-too-large",
        title = "Refund larger than the payment"
    )]
    TooLarge {
        /// The most that can be refunded.
        max_cents: i64,
    },
    /// No payment has this id.
    #[problem(status = 404, slug = "not-found")]
    Missing,
    #[problem(
        status = 402,
        slug = "refund-declined",
        title = "Refund declined by the bank",
        detail = "the bank answered {0:?} with code {1}"
    )]
    Declined(String, u32),
    /// The payment service is down.
    #[problem(status = 503, slug = "service-unavailable")]
    Unavailable,
}

async fn refund(
    State(db): State<Db>,
    Path(id): Path<Uuid>,
    Json(body): Json<Value>,
) -> Result<Json<Value>, RefundError> {
    let payment: Payment = db
        .get(id)
        .await
        .map_err(|_| RefundError::Unavailable)?
        .ok_or(RefundError::Missing)?;
    if let Some(when) = payment.refunded_at {
        return Err(RefundError::AlreadyRefunded { payment: id, when });
    }
    let cents = body["cents"].as_i64().unwrap_or_default();
    if cents > payment.amount_cents {
        return Err(RefundError::TooLarge {
            max_cents: payment.amount_cents,
        });
    }
    if cents == 13 {
        return Err(RefundError::Declined("do not honour".into(), 5));
    }
    Ok(Json(json!({"refunded_cents": cents})))
}

fn api(db: Db) -> Api {
    let routes = axum::Router::new()
        .route("/payments/{id}/refund", post(refund))
        .with_state(db.clone());
    Api::new(db)
        .resource::<Payment>()
        .problems::<RefundError>()
        .routes(routes)
}

on_both_backends!(
    a_user_error_answers_as_a_problem_of_its_own_type,
    a_built_in_slug_reused_by_a_variant_is_that_problem_type,
    registered_problem_types_are_served_and_documented,
);

async fn a_user_error_answers_as_a_problem_of_its_own_type(db: TestDb) {
    let app = App::new(db, api).await;
    let payment = app
        .create(
            "/payments",
            json!({"amount_cents": 1000, "refunded_at": "2024-05-01T10:00:00Z"}),
        )
        .await;
    let id = payment["id"].as_str().unwrap();

    let twice = app
        .post(&format!("/payments/{id}/refund"), json!({"cents": 100}))
        .await;
    // Status, `application/problem+json`, `type`, `instance` from the request id.
    let problem = twice.problem(409, "already-refunded");
    assert_eq!(problem["title"], "Payment already refunded");
    assert_eq!(
        problem["detail"],
        format!("payment {id} was refunded on 2024-05-01 10:00:00 UTC")
    );
    assert_eq!(problem["payment"], id);
    assert_eq!(problem["when"], "2024-05-01T10:00:00Z");

    let open = app.create("/payments", json!({"amount_cents": 500})).await;
    let uri = format!("/payments/{}/refund", open["id"].as_str().unwrap());
    let large = app.post(&uri, json!({"cents": 501})).await;
    let problem = large.problem(422, "refund-too-large");
    assert_eq!(problem["title"], "Refund larger than the payment");
    assert_eq!(problem["max_cents"], 500);
    // No `detail` and no doc comment: the member is left out.
    assert!(problem.get("detail").is_none(), "{problem}");

    let declined = app.post(&uri, json!({"cents": 13})).await;
    let problem = declined.problem(402, "refund-declined");
    assert_eq!(
        problem["detail"],
        "the bank answered \"do not honour\" with code 5"
    );
    // Tuple fields have no names, so they are not members.
    let mut members: Vec<&str> = problem
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    members.sort_unstable();
    assert_eq!(members, ["detail", "instance", "status", "title", "type"]);

    let fine = app.post(&uri, json!({"cents": 200})).await;
    assert_eq!(fine.status.as_u16(), 200, "{}", fine.text());
    assert_eq!(fine.json()["refunded_cents"], 200);
}

async fn a_built_in_slug_reused_by_a_variant_is_that_problem_type(db: TestDb) {
    let app = App::new(db, api).await;
    let missing = app
        .post(&format!("/payments/{}/refund", Uuid::nil()), json!({}))
        .await;
    let problem = missing.problem(404, "not-found");
    assert_eq!(problem["title"], ProblemType::NOT_FOUND.title);
    // The variant's doc comment is the detail.
    assert_eq!(problem["detail"], "No payment has this id.");
}

async fn registered_problem_types_are_served_and_documented(db: TestDb) {
    let app = App::new(db, api).await;
    let entry = app.get("/problems/already-refunded").await;
    assert_eq!(entry.status.as_u16(), 200, "{}", entry.text());
    let entry = entry.json();
    assert_eq!(entry["title"], "Payment already refunded");
    assert_eq!(entry["status"], 409);
    assert_eq!(
        entry["description"],
        "The payment was refunded already; it cannot be refunded twice."
    );
    // Without a doc comment the title describes the type.
    let entry = app.get("/problems/refund-too-large").await.json();
    assert_eq!(entry["description"], "Refund larger than the payment");
    // Built-in entries are still there; unknown slugs are not.
    assert_eq!(app.get("/problems/not-found").await.json()["status"], 404);
    app.get("/problems/never-registered")
        .await
        .problem(404, "not-found");

    let document = app.get("/openapi.json").await.json();
    let listed = document["components"]["schemas"]["Problem"]["x-problem-types"]
        .as_array()
        .expect("x-problem-types")
        .clone();
    let types: Vec<&str> = listed.iter().map(|t| t["type"].as_str().unwrap()).collect();
    for slug in ["already-refunded", "refund-too-large", "refund-declined"] {
        assert!(
            types.contains(&format!("/problems/{slug}").as_str()),
            "{types:?}"
        );
    }
    // Built-in first, each slug once.
    assert_eq!(
        listed.len(),
        ProblemType::ALL.len() + ProblemType::SERVER.len() + 3,
        "{types:?}"
    );
    assert_eq!(types[0], format!("/problems/{}", ProblemType::ALL[0].slug));
    let declined = listed
        .iter()
        .find(|t| t["type"] == "/problems/refund-declined")
        .unwrap();
    assert_eq!(declined["status"], 402);
    assert_eq!(declined["title"], "Refund declined by the bank");
}

#[test]
fn each_slug_is_listed_once_in_declaration_order() {
    let slugs: Vec<(&str, u16)> = RefundError::TYPES
        .iter()
        .map(|t| (t.slug, t.status))
        .collect();
    assert_eq!(
        slugs,
        [
            ("already-refunded", 409),
            ("refund-too-large", 422),
            ("not-found", 404),
            ("refund-declined", 402),
            ("service-unavailable", 503),
        ]
    );
    assert_eq!(RefundError::TYPES[2], ProblemType::NOT_FOUND);
}

/// Every built-in slug, reused without a title. The macro keeps its own table of built-in
/// slugs and statuses; this fails when that table and `ProblemType::ALL` part ways.
#[derive(Debug, Problem)]
#[allow(dead_code)] // Only its `ProblemTypes` is used.
enum EveryBuiltIn {
    #[problem(status = 400, slug = "malformed-request")]
    MalformedRequest,
    #[problem(status = 422, slug = "validation-error")]
    ValidationError,
    #[problem(status = 404, slug = "not-found")]
    NotFound,
    #[problem(status = 405, slug = "method-not-allowed")]
    MethodNotAllowed,
    #[problem(status = 409, slug = "unique-violation")]
    UniqueViolation,
    #[problem(status = 409, slug = "reference-violation")]
    ReferenceViolation,
    #[problem(status = 415, slug = "unsupported-media-type")]
    UnsupportedMediaType,
    #[problem(status = 413, slug = "payload-too-large")]
    PayloadTooLarge,
    #[problem(status = 401, slug = "authentication-required")]
    AuthenticationRequired,
    #[problem(status = 403, slug = "insufficient-permissions")]
    InsufficientPermissions,
    #[problem(status = 409, slug = "conflict")]
    Conflict,
    #[problem(status = 412, slug = "precondition-failed")]
    PreconditionFailed,
    #[problem(status = 429, slug = "rate-limited")]
    RateLimited,
    #[problem(status = 500, slug = "internal-error")]
    InternalError,
    #[problem(status = 409, slug = "invalid-state-transition")]
    InvalidStateTransition,
    #[problem(status = 503, slug = "service-unavailable")]
    ServiceUnavailable,
}

#[test]
fn every_built_in_slug_can_be_reused_and_is_the_built_in_type() {
    assert_eq!(EveryBuiltIn::TYPES, ProblemType::ALL);
}

/// Two error types that disagree on what `quota-exceeded` means.
#[derive(Debug, Problem)]
enum Billing {
    #[problem(status = 429, slug = "quota-exceeded", title = "Quota exceeded")]
    Quota,
}

/// See [`Billing`].
#[derive(Debug, Problem)]
#[allow(dead_code)] // Only its `ProblemTypes` is used.
enum Storage {
    #[problem(status = 507, slug = "quota-exceeded", title = "Quota exceeded")]
    Quota,
}

/// Agrees with [`Billing`].
#[derive(Debug, Problem)]
#[allow(dead_code)] // Only its `ProblemTypes` is used.
enum Search {
    /// Too many searches this month.
    #[problem(status = 429, slug = "quota-exceeded", title = "Quota exceeded")]
    Quota,
}

#[tokio::test]
async fn a_slug_registered_with_two_meanings_fails_at_start_up() {
    let db = Db::connect("sqlite::memory:").await.unwrap();
    let error = Api::new(db.clone())
        .problems::<Billing>()
        .problems::<Storage>()
        .into_router()
        .expect_err("conflicting problem types");
    let message = error.to_string();
    assert!(
        matches!(error, resourcery::Error::ProblemType(_)),
        "{message}"
    );
    assert!(message.contains("`quota-exceeded`"), "{message}");
    assert!(
        message.contains("Billing") && message.contains("Storage"),
        "{message}"
    );

    // The same meaning registered twice is fine, and so is a built-in slug with its own
    // status and title.
    let _router = Api::new(db)
        .problems::<Billing>()
        .problems::<Search>()
        .problems::<EveryBuiltIn>()
        .into_router()
        .expect("compatible problem types");
}

#[tokio::test]
async fn a_problem_base_applies_to_user_types_too() {
    let db = Db::connect("sqlite::memory:").await.unwrap();
    let routes = axum::Router::new().route(
        "/quota",
        get(|| async { Err::<(), Billing>(Billing::Quota) }),
    );
    let router = Api::new(db)
        .problem_base("https://errors.example.com/")
        .problems::<Billing>()
        .routes(routes)
        .into_router()
        .unwrap();
    let response = tower::ServiceExt::oneshot(
        router,
        axum::http::Request::get("/quota")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let problem: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(problem["type"], "https://errors.example.com/quota-exceeded");
}

/// Generic errors work; a field's type only needs `Serialize` (and `Display` where the
/// detail shows it). This crate has no serde of its own, hence the private path.
#[derive(Debug, Problem)]
enum Rejected<T: resourcery::__private::serde::Serialize + std::fmt::Display> {
    #[problem(
        status = 400,
        slug = "rejected",
        title = "Rejected",
        detail = "rejected {value}"
    )]
    Value {
        /// What was rejected.
        value: T,
    },
}

#[test]
fn generic_errors_convert_like_any_other() {
    let problem = Problem::from(Rejected::Value { value: 7_u8 });
    assert_eq!(problem.detail_text(), Some("rejected 7"));
    assert_eq!(problem.extension("value"), Some(&json!(7)));
}

/// The expansion names everything by absolute path, so shadowed names do not matter.
#[allow(dead_code, non_camel_case_types, unused_macros)]
mod shadowed {
    struct Result;
    struct Ok;
    struct Err;
    struct Option;
    struct Some;
    struct None;
    struct String;
    struct From;
    struct Into;
    struct Self_;
    struct core;
    struct std;
    struct resourcery;
    struct serde_json;
    struct axum;

    macro_rules! format {
        ($($t:tt)*) => {
            compile_error!("the user's `format!` was called")
        };
    }

    /// Compiles only if the expansion ignores every name above.
    #[derive(Debug, ::resourcery::Problem)]
    pub(super) enum Shadowed {
        #[problem(
            status = 400,
            slug = "shadowed",
            title = "Shadowed",
            detail = "{count}"
        )]
        One {
            /// A count.
            count: i32,
        },
        #[problem(
            status = 400,
            slug = "shadowed-tuple",
            title = "Shadowed",
            detail = "{0}"
        )]
        Two(i32),
    }
}

#[test]
fn expansions_ignore_shadowed_names() {
    let problem = resourcery::Problem::from(shadowed::Shadowed::Two(3));
    assert_eq!(problem.detail_text(), Some("3"));
}

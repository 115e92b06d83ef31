//! Everything around the operations: rejected requests, fallbacks, request ids, panics,
//! route conflicts, `/docs` and the problem registry. Behaviour that touches storage runs
//! on both backends.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::routing::get;
use resourcery::Grant;
use resourcery::prelude::*;
use resourcery_tests::{App, HOME_STORE, TestDb, on_both_backends, test_tokens};
use serde_json::json;

fn raw(
    method: Method,
    uri: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(ct) = content_type {
        builder = builder.header(header::CONTENT_TYPE, ct);
    }
    builder.body(body.into()).unwrap()
}

on_both_backends!(
    malformed_bodies_are_problems_and_never_reach_the_database,
    bad_ids_are_400_on_every_item_route,
    unknown_routes_and_methods_are_problems,
    request_ids_are_accepted_echoed_and_carried_in_instance,
    a_panicking_handler_is_a_500_problem_that_leaks_nothing,
    user_routes_compose_with_generated_ones,
    docs_page_and_assets_are_served_offline,
    problem_types_resolve_to_their_registry_entry,
    error_statuses_from_user_routes_keep_their_status_in_the_problem,
    query_text_that_is_not_utf8_is_a_400_naming_the_parameter,
    a_client_that_goes_away_does_not_cut_a_request_short,
);

/// How many slow requests ran to their end.
#[derive(Clone, Default)]
pub struct Finished(std::sync::Arc<std::sync::atomic::AtomicUsize>);

/// Holds a transaction (so a connection) for a while, then counts itself finished.
#[resourcery::endpoint(post, "/slow")]
async fn slow(tx: &mut Tx, finished: resourcery::State<Finished>) -> Result<NoContent, Problem> {
    let _ = &tx;
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    let resourcery::State(Finished(count)) = finished;
    count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    Ok(NoContent)
}

/// A client that hangs up mid-request (here: a future dropped after 20 ms, as hyper drops
/// it) does not cancel the request: it runs to its end and gives its connection back,
/// rather than leaving a statement cut off half-way and its connection closed.
async fn a_client_that_goes_away_does_not_cut_a_request_short(test_db: TestDb) {
    use tower::ServiceExt as _;
    let finished = Finished::default();
    let router = Api::new(test_db.db.clone())
        .endpoint::<slow>()
        .state(finished.clone())
        .into_router()
        .expect("router");
    for _ in 0..3 {
        let call = router.clone().oneshot(raw(Method::POST, "/slow", None, ""));
        let gone = tokio::time::timeout(std::time::Duration::from_millis(20), call).await;
        assert!(gone.is_err(), "the client left before the answer");
    }
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(finished.0.load(std::sync::atomic::Ordering::SeqCst), 3);
    // The connections came back: a request that waits for its answer gets one.
    let answer = router
        .oneshot(raw(Method::POST, "/slow", None, ""))
        .await
        .expect("an answer");
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
}

/// `%FF` decoded lossily would become U+FFFD and match rows holding that character: a
/// query that does not decode to UTF-8 is refused before any route reads it.
async fn query_text_that_is_not_utf8_is_a_400_naming_the_parameter(db: TestDb) {
    let app = App::shop(db).await;
    for (uri, parameter) in [
        ("/products?name=%FF", "name"),
        (
            "/products?limit=5&name%5Bcontains%5D=ab%C3",
            "name[contains]",
        ),
        ("/reports/sales?status=%80", "status"),
    ] {
        let problem = app.get(uri).await.problem(400, "malformed-request");
        assert_eq!(problem["parameter"], parameter, "{uri}");
    }
    // Percent-encoded UTF-8 is fine, and so is a literal U+FFFD.
    assert_eq!(
        app.get("/products?name=%C3%A9").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/products?name=%EF%BF%BD").await.status,
        StatusCode::OK
    );
}

async fn malformed_bodies_are_problems_and_never_reach_the_database(db: TestDb) {
    let app = App::shop(db).await;
    let json = Some("application/json");

    let syntax = app
        .send(raw(
            Method::POST,
            "/customers",
            json,
            "{\"email\": \"a@b.c\",\n \"name\": }",
        ))
        .await;
    let problem = syntax.problem(400, "malformed-request");
    assert_eq!(problem["line"], 2);
    assert!(problem["column"].as_u64().unwrap() > 0);

    app.send(raw(Method::POST, "/customers", json, ""))
        .await
        .problem(400, "malformed-request");
    app.send(raw(
        Method::POST,
        "/customers",
        json,
        "{\"email\":\"a@b.c\",\"name\":\"A\"} trailing",
    ))
    .await
    .problem(400, "malformed-request");

    let problem = app
        .send(raw(Method::POST, "/customers", json, "[1, 2]"))
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["pointer"], "");

    let problem = app
        .send(raw(Method::POST, "/customers", Some("text/plain"), "{}"))
        .await
        .problem(415, "unsupported-media-type");
    assert!(problem["detail"].as_str().unwrap().contains("text/plain"));
    app.send(raw(Method::POST, "/customers", None, "{}"))
        .await
        .problem(415, "unsupported-media-type");
    app.send(raw(
        Method::PATCH,
        &format!("/customers/{}", Uuid::new_v4()),
        Some("application/xml"),
        "<a/>",
    ))
    .await
    .problem(415, "unsupported-media-type");
    // A JSON media type with parameters or a +json suffix is fine.
    let ok = app
        .send(raw(
            Method::POST,
            "/customers",
            Some("application/json; charset=utf-8"),
            r#"{"email":"x@y.z","name":"X"}"#,
        ))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.text());

    let big = format!(
        r#"{{"email":"big@y.z","name":"{}"}}"#,
        "x".repeat(1024 * 1024 + 1)
    );
    app.send(raw(Method::POST, "/customers", json, big))
        .await
        .problem(413, "payload-too-large");

    let problem = app
        .post(
            "/customers",
            json!({ "email": "u@y.z", "name": "U", "nickname": "u" }),
        )
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["code"], "unknown_field");
    assert_eq!(problem["errors"][0]["pointer"], "/nickname");

    let problem = app
        .post(
            "/customers",
            json!({ "email": "t@y.z", "name": ["not", "a", "string"] }),
        )
        .await
        .problem(422, "validation-error");
    assert_eq!(problem["errors"][0]["pointer"], "/name");
    assert_eq!(problem["errors"][0]["code"], "type");

    let problem = app
        .post("/customers", json!({ "name": "No Email" }))
        .await
        .problem(422, "validation-error");
    assert_eq!(
        problem["errors"][0],
        json!({ "pointer": "/email", "code": "required", "message": "`email` is required" })
    );

    let listed = app.get("/customers").await.json();
    assert_eq!(
        listed["items"].as_array().unwrap().len(),
        1,
        "only the one valid request was stored"
    );
}

async fn bad_ids_are_400_on_every_item_route(db: TestDb) {
    let app = App::shop(db).await;
    for method in [Method::GET, Method::PATCH, Method::DELETE] {
        let body = if method == Method::PATCH {
            Some(json!({}))
        } else {
            None
        };
        let problem = app
            .call(method.clone(), "/orders/not-a-uuid", body)
            .await
            .problem(400, "malformed-request");
        assert_eq!(problem["parameter"], "id", "{method}");
        assert!(problem["detail"].as_str().unwrap().contains("not-a-uuid"));
    }
}

async fn unknown_routes_and_methods_are_problems(db: TestDb) {
    let app = App::shop(db).await;
    let problem = app.get("/nowhere").await.problem(404, "not-found");
    assert!(problem["detail"].as_str().unwrap().contains("/nowhere"));
    let reply = app.call(Method::PUT, "/customers", Some(json!({}))).await;
    reply.problem(405, "method-not-allowed");
    let allow = reply.header("allow").unwrap();
    assert!(allow.contains("POST") && allow.contains("GET"), "{allow}");
}

async fn request_ids_are_accepted_echoed_and_carried_in_instance(db: TestDb) {
    let app = App::shop(db).await;
    let request = Request::builder()
        .uri("/nowhere")
        .header("x-request-id", "trace-123.abc")
        .body(Body::empty())
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.header("x-request-id"), Some("trace-123.abc"));
    assert_eq!(reply.json()["instance"], "urn:request:trace-123.abc");
    // An id that is unsafe to log is replaced by a fresh one.
    let request = Request::builder()
        .uri("/customers")
        .header("x-request-id", "bad id\twith spaces")
        .body(Body::empty())
        .unwrap();
    let reply = app.send(request).await;
    let id = reply.header("x-request-id").unwrap();
    assert!(Uuid::parse_str(id).is_ok(), "{id}");
    assert_eq!(reply.status, StatusCode::OK);
}

async fn a_panicking_handler_is_a_500_problem_that_leaks_nothing(db: TestDb) {
    let test_db = db;
    let app = App::new(test_db, |db| {
        shop::api(db, test_tokens()).routes(axum::Router::new().route(
            "/boom",
            get(|| async {
                if true {
                    panic!("secret connection string postgres://admin:hunter2@db");
                }
                "unreachable"
            }),
        ))
    })
    .await;
    let reply = app.get("/boom").await;
    let problem = reply.problem(500, "internal-error");
    assert!(problem.get("detail").is_none(), "{problem}");
    assert!(!reply.text().contains("hunter2"));
}

async fn user_routes_compose_with_generated_ones(db: TestDb) {
    let test_db = db;
    let app = App::new(test_db, |db| {
        shop::api(db, test_tokens())
            .routes(axum::Router::new().route("/health", get(|| async { "ok" })))
    })
    .await;
    let health = app.get("/health").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.text(), "ok");
    assert!(
        health.header("x-request-id").is_some(),
        "user routes get the same middleware"
    );
    let admin = Grant::new(Uuid::now_v7().to_string())
        .roles(["admin", "staff"])
        .tenant(HOME_STORE);
    let customers = app.session(&admin).get("/customers").await;
    assert_eq!(customers.status, StatusCode::OK, "{}", customers.text());
    // Generated routes keep their authentication among user routes.
    app.get("/customers")
        .await
        .problem(401, "authentication-required");
}

mod first {
    use resourcery::prelude::*;

    /// One claim on `/things`.
    #[resource(path = "/things")]
    pub struct Thing {
        /// Id.
        #[field(id)]
        pub id: Uuid,
    }
}

mod second {
    use resourcery::prelude::*;

    /// Another claim on `/things`, in another module, so only start-up can see it.
    #[resource(path = "/things", table = "other_things")]
    pub struct OtherThing {
        /// Id.
        #[field(id)]
        pub id: Uuid,
    }
}

#[tokio::test]
async fn two_resources_on_one_path_are_a_start_up_error_naming_both() {
    let db = resourcery_tests::sqlite().await;
    let api = Api::new(db.db.clone())
        .resource::<first::Thing>()
        .resource::<second::OtherThing>();
    let error = api
        .into_router()
        .expect_err("conflict is detected")
        .to_string();
    assert!(
        error.contains("Thing") && error.contains("OtherThing"),
        "{error}"
    );
    assert!(error.contains("/things"), "{error}");
}

async fn docs_page_and_assets_are_served_offline(db: TestDb) {
    let app = App::shop(db).await;
    let page = app.get("/docs").await;
    assert_eq!(page.status, StatusCode::OK);
    // Scripts from this origin only, no framing, no sniffing.
    let policy = page.header("content-security-policy").expect("a policy");
    assert!(policy.contains("script-src 'self';"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let html = page.text();
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=").count(),
        "no inline script the policy would block"
    );
    assert!(html.contains("docs/swagger-ui-bundle.js") && html.contains("docs/swagger-init.js"));
    assert!(
        app.get("/docs/swagger-init.js")
            .await
            .text()
            .contains("\"openapi.json\"")
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external assets"
    );
    for (asset, kind) in [
        ("/docs/swagger-ui-bundle.js", "text/javascript"),
        ("/docs/swagger-ui.css", "text/css"),
        ("/docs/swagger-init.js", "text/javascript"),
    ] {
        let reply = app.get(asset).await;
        assert_eq!(reply.status, StatusCode::OK, "{asset}");
        assert!(reply.header("content-type").unwrap().starts_with(kind));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        if !asset.ends_with("init.js") {
            assert!(reply.body.len() > 100_000, "{asset} is the real bundle");
        }
    }
    let spec = app.get("/openapi.json").await;
    assert_eq!(spec.header("content-type"), Some("application/json"));
    assert_eq!(spec.json()["openapi"], "3.1.0");
}

async fn problem_types_resolve_to_their_registry_entry(db: TestDb) {
    let app = App::shop(db).await;
    let server = resourcery::ProblemType::SERVER;
    for kind in resourcery::ProblemType::ALL.iter().chain(server) {
        let entry = app.get(&format!("/problems/{}", kind.slug)).await;
        assert_eq!(entry.status, StatusCode::OK);
        let entry = entry.json();
        assert_eq!(entry["status"], kind.status);
        assert_eq!(entry["title"], kind.title);
        // The entry spells `type` as the problems themselves do.
        assert_eq!(entry["type"], format!("/problems/{}", kind.slug));
    }
    app.get("/problems/no-such-problem")
        .await
        .problem(404, "not-found");
}

#[tokio::test]
async fn user_routes_overlapping_generated_ones_are_a_start_up_error() {
    let db = resourcery_tests::sqlite().await;
    let api = shop::api(db.db.clone(), test_tokens())
        .routes(axum::Router::new().route("/customers", get(|| async { "mine" })));
    let error = api
        .into_router()
        .expect_err("overlap is detected")
        .to_string();
    assert!(error.contains("overlaps"), "{error}");
}

mod reserved {
    use resourcery::prelude::*;

    /// Claims the documentation path.
    #[resource(path = "/docs")]
    pub struct Doc {
        /// Id.
        #[field(id)]
        pub id: Uuid,
    }
}

#[tokio::test]
async fn resources_on_reserved_paths_are_a_start_up_error() {
    let db = resourcery_tests::sqlite().await;
    let error = Api::new(db.db.clone())
        .resource::<reserved::Doc>()
        .into_router()
        .expect_err("reserved")
        .to_string();
    assert!(error.contains("/docs") && error.contains("Doc"), "{error}");
}

async fn error_statuses_from_user_routes_keep_their_status_in_the_problem(db: TestDb) {
    let test_db = db;
    let app = App::new(test_db, |db| {
        shop::api(db, test_tokens())
            .routes(axum::Router::new().route(
                "/teapot",
                get(|| async { (StatusCode::IM_A_TEAPOT, "short and stout") }),
            ))
            .routes(
                axum::Router::new().route("/locked", get(|| async { StatusCode::UNAUTHORIZED })),
            )
    })
    .await;
    let teapot = app.get("/teapot").await.problem(418, "http-error");
    assert_eq!(teapot["title"], "I'm a teapot");
    app.get("/locked")
        .await
        .problem(401, "authentication-required");
}

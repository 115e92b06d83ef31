//! Token attacks over HTTP on both backends: each is a 401 problem with a bearer challenge
//! (or a 403 where due), answered before the request reaches its handler, so nothing is
//! read or written.

// The resource here exists for the tests; its fields need no documentation.
#![allow(missing_docs)]

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use resourcery::prelude::*;
use resourcery::{Auth, Principal};
use resourcery_tests::{App, Reply, TestDb, on_both_backends};
use serde_json::{Value, json};

const RSA_PRIVATE: &[u8] = include_bytes!("../../runtime/src/auth/testdata/rsa_private.pem");
const RSA_PUBLIC: &[u8] = include_bytes!("../../runtime/src/auth/testdata/rsa_public.pem");
const OTHER_RSA_PRIVATE: &[u8] = include_bytes!("../../runtime/src/auth/testdata/rsa2_private.pem");

const ISSUER: &str = "https://issuer.test";
const AUDIENCE: &str = "items-api";

/// Something to read and write.
#[resource(path = "/items", access(create = roles("maker"), list = public))]
pub struct Item {
    #[field(id)]
    pub id: Uuid,
    pub name: String,
}

/// Who is calling, as the endpoint sees it.
#[resourcery::endpoint(get, "/whoami")]
async fn whoami(principal: Principal) -> Result<String, Problem> {
    Ok(principal.subject().to_owned())
}

async fn app(test_db: TestDb) -> App {
    App::new(test_db, |db| {
        let auth = Auth::rs256_pem(RSA_PUBLIC)
            .expect("test key")
            .issuer(ISSUER)
            .audience(AUDIENCE);
        Api::new(db)
            .auth(auth)
            .resource::<Item>()
            .endpoint::<whoami>()
    })
    .await
}

fn now() -> i64 {
    resourcery::now().timestamp()
}

fn claims() -> Value {
    json!({
        "sub": "mallory", "roles": ["maker"], "iss": ISSUER, "aud": AUDIENCE,
        "iat": now(), "exp": now() + 600,
    })
}

fn rs256(claims: &Value, key: &[u8]) -> String {
    encode(
        &Header::new(Algorithm::RS256),
        claims,
        &EncodingKey::from_rsa_pem(key).expect("test key"),
    )
    .expect("sign")
}

fn with(changes: Value) -> Value {
    let mut claims = claims();
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    claims
}

/// Sends with the given `Authorization` header values, exactly.
async fn send(app: &App, method: Method, uri: &str, authorization: &[&[u8]], body: &str) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    for value in authorization {
        request = request.header(
            header::AUTHORIZATION,
            header::HeaderValue::from_bytes(value).expect("header bytes"),
        );
    }
    app.send_raw(request.body(Body::from(body.to_owned())).expect("request"))
        .await
}

async fn bearer(app: &App, method: Method, uri: &str, token: &str, body: &str) -> Reply {
    let value = format!("Bearer {token}");
    send(app, method, uri, &[value.as_bytes()], body).await
}

/// A 401 problem with a bearer challenge.
#[track_caller]
fn refused(reply: &Reply, what: &str) -> Value {
    assert_eq!(
        reply.status,
        StatusCode::UNAUTHORIZED,
        "{what}: {}",
        reply.text()
    );
    let challenge = reply.header("www-authenticate").unwrap_or_default();
    assert!(
        challenge.starts_with("Bearer"),
        "{what}: challenge `{challenge}`"
    );
    reply.problem(401, "authentication-required")
}

async fn count(app: &App) -> i64 {
    if let Some(pool) = app.db.as_sqlite() {
        sqlx::query_scalar("SELECT COUNT(*) FROM items")
            .fetch_one(pool)
            .await
            .unwrap()
    } else {
        let pool = app.db.as_postgres().unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM items")
            .fetch_one(pool)
            .await
            .unwrap()
    }
}

/// The forged and broken tokens, each with what it tries.
fn attacks() -> Vec<(&'static str, String)> {
    let valid = rs256(&claims(), RSA_PRIVATE);
    let mut parts: Vec<String> = valid.split('.').map(str::to_owned).collect();
    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims().to_string());
    let admin_payload =
        URL_SAFE_NO_PAD.encode(with(json!({"roles": ["admin", "maker"]})).to_string());
    let key_confusion = encode(
        &Header::new(Algorithm::HS256),
        &claims(),
        &EncodingKey::from_secret(RSA_PUBLIC),
    )
    .unwrap();
    let mut tampered_signature = parts.clone();
    let signature = tampered_signature[2].clone();
    let flipped = if signature.starts_with('A') { "B" } else { "A" };
    tampered_signature[2] = format!("{flipped}{}", &signature[1..]);
    parts[1] = admin_payload;
    vec![
        ("alg none", format!("{none_header}.{payload}.")),
        (
            "alg none with a signature",
            format!(
                "{none_header}.{payload}.{}",
                valid.split('.').nth(2).unwrap()
            ),
        ),
        ("RS256 public key as an HS256 secret", key_confusion),
        (
            "signed with another key",
            rs256(&claims(), OTHER_RSA_PRIVATE),
        ),
        ("payload changed after signing", parts.join(".")),
        ("signature changed", tampered_signature.join(".")),
        (
            "expired beyond the leeway",
            rs256(&with(json!({"exp": now() - 120})), RSA_PRIVATE),
        ),
        (
            "not valid before a time beyond the leeway",
            rs256(&with(json!({"nbf": now() + 300})), RSA_PRIVATE),
        ),
        ("no expiry", rs256(&with(json!({"exp": null})), RSA_PRIVATE)),
        (
            "another issuer",
            rs256(&with(json!({"iss": "https://evil.test"})), RSA_PRIVATE),
        ),
        (
            "another audience",
            rs256(&with(json!({"aud": "other-api"})), RSA_PRIVATE),
        ),
        (
            "no subject",
            rs256(&with(json!({"sub": null})), RSA_PRIVATE),
        ),
        (
            "roles of the wrong type",
            rs256(&with(json!({"roles": {"maker": true}})), RSA_PRIVATE),
        ),
        (
            "roles as one string",
            rs256(&with(json!({"roles": "maker"})), RSA_PRIVATE),
        ),
        (
            "two parts",
            format!("{}.{}", valid.split('.').next().unwrap(), payload),
        ),
        ("garbage", "not-a-token".to_owned()),
        (
            "roles sent twice, the second granting more",
            duplicated_roles(),
        ),
        (
            "audience of the wrong type",
            rs256(&with(json!({"aud": [7, AUDIENCE]})), RSA_PRIVATE),
        ),
        (
            "expiry as a string",
            rs256(&with(json!({"exp": "tomorrow"})), RSA_PRIVATE),
        ),
    ]
}

/// A correctly signed token whose payload names `roles` twice: a reader that kept the last
/// would grant `maker`.
fn duplicated_roles() -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = claims().to_string();
    let payload = format!(
        r#"{},"roles":[],"roles":["maker"]}}"#,
        claims.strip_suffix('}').expect("an object")
    );
    let message = format!("{header}.{}", URL_SAFE_NO_PAD.encode(payload));
    let key = EncodingKey::from_rsa_pem(RSA_PRIVATE).expect("test key");
    let signature =
        jsonwebtoken::crypto::sign(message.as_bytes(), &key, Algorithm::RS256).expect("sign");
    format!("{message}.{signature}")
}

async fn forged_tokens_are_refused_before_anything_runs(test_db: TestDb) {
    let app = app(test_db).await;
    for (what, token) in attacks() {
        // A write: refused, and nothing stored.
        refused(
            &bearer(&app, Method::POST, "/items", &token, r#"{"name":"x"}"#).await,
            what,
        );
        // A body that is not even JSON still gets the 401: the gate runs first.
        refused(
            &bearer(&app, Method::POST, "/items", &token, "{").await,
            what,
        );
        // A read of a row that does not exist is a 401, not a 404.
        let missing = format!("/items/{}", Uuid::now_v7());
        refused(&bearer(&app, Method::GET, &missing, &token, "").await, what);
        // A public route accepts anonymous calls, not forged tokens.
        refused(&bearer(&app, Method::GET, "/items", &token, "").await, what);
        refused(
            &bearer(&app, Method::GET, "/whoami", &token, "").await,
            what,
        );
    }
    assert_eq!(count(&app).await, 0);
    // The same request with an honest token goes through.
    let honest = bearer(
        &app,
        Method::POST,
        "/items",
        &rs256(&claims(), RSA_PRIVATE),
        r#"{"name":"x"}"#,
    )
    .await;
    assert_eq!(honest.status, StatusCode::CREATED, "{}", honest.text());
    assert_eq!(count(&app).await, 1);
}

async fn the_detail_helps_the_client_not_the_attacker(test_db: TestDb) {
    let app = app(test_db).await;
    let expired = rs256(&with(json!({"exp": now() - 120})), RSA_PRIVATE);
    let detail = refused(
        &bearer(&app, Method::GET, "/whoami", &expired, "").await,
        "expired",
    )["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("expired"), "{detail}");
    // Every forgery gets one and the same answer, naming no check.
    let mut details = std::collections::BTreeSet::new();
    for (what, token) in attacks()
        .into_iter()
        .filter(|(w, _)| !w.contains("expired") && !w.contains("not valid before"))
    {
        let problem = refused(
            &bearer(&app, Method::GET, "/whoami", &token, "").await,
            what,
        );
        details.insert(problem["detail"].as_str().unwrap().to_owned());
    }
    assert_eq!(details.len(), 1, "{details:?}");
    let detail = details.pop_first().unwrap();
    for word in ["signature", "issuer", "audience", "alg", "key"] {
        assert!(!detail.contains(word), "`{detail}` mentions {word}");
    }
}

async fn clock_skew_within_the_leeway_is_tolerated(test_db: TestDb) {
    let app = app(test_db).await;
    for claims in [
        with(json!({"exp": now() - 10})),
        with(json!({"nbf": now() + 10})),
    ] {
        let reply = bearer(
            &app,
            Method::GET,
            "/whoami",
            &rs256(&claims, RSA_PRIVATE),
            "",
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{claims}: {}", reply.text());
        assert_eq!(reply.json(), "mallory");
    }
}

async fn malformed_authorization_headers_are_refused(test_db: TestDb) {
    let app = app(test_db).await;
    let valid = rs256(&claims(), RSA_PRIVATE);
    let bearer_valid = format!("Bearer {valid}");
    let lowercase = format!("bearer {valid}");
    let cases: Vec<(&str, Vec<&[u8]>)> = vec![
        ("empty", vec![b""]),
        ("spaces only", vec![b"   "]),
        ("another scheme", vec![b"Basic bWFsbG9yeTpzZWNyZXQ="]),
        ("scheme without token", vec![b"Bearer"]),
        ("scheme and a space", vec![b"Bearer "]),
        ("two tokens", vec![b"Bearer a.b.c d.e.f"]),
        ("non-ASCII", vec![b"Bearer \xff\xfe.a.b"]),
        (
            "the header twice",
            vec![bearer_valid.as_bytes(), bearer_valid.as_bytes()],
        ),
    ];
    for (what, values) in &cases {
        refused(
            &send(&app, Method::POST, "/items", values, r#"{"name":"x"}"#).await,
            what,
        );
        refused(&send(&app, Method::GET, "/items", values, "").await, what);
    }
    assert_eq!(count(&app).await, 0);
    // No header at all: a bare challenge on a protected route, and a pass on a public one.
    let anonymous = send(&app, Method::POST, "/items", &[], r#"{"name":"x"}"#).await;
    refused(&anonymous, "no header");
    assert_eq!(anonymous.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        send(&app, Method::GET, "/items", &[], "").await.status,
        StatusCode::OK
    );
    // The scheme is case-insensitive (RFC 7235).
    let reply = send(&app, Method::GET, "/whoami", &[lowercase.as_bytes()], "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

async fn a_valid_token_without_the_role_is_forbidden(test_db: TestDb) {
    let app = app(test_db).await;
    let viewer = rs256(&with(json!({"roles": ["viewer"]})), RSA_PRIVATE);
    let reply = bearer(&app, Method::POST, "/items", &viewer, r#"{"name":"x"}"#).await;
    let problem = reply.problem(403, "insufficient-permissions");
    assert!(
        problem["detail"].as_str().unwrap().contains("maker"),
        "{problem}"
    );
    // A 403 is decided before the body is read, too.
    bearer(&app, Method::POST, "/items", &viewer, "{")
        .await
        .problem(403, "insufficient-permissions");
    assert_eq!(count(&app).await, 0);
}

on_both_backends!(
    forged_tokens_are_refused_before_anything_runs,
    the_detail_helps_the_client_not_the_attacker,
    clock_skew_within_the_leeway_is_tolerated,
    malformed_authorization_headers_are_refused,
    a_valid_token_without_the_role_is_forbidden,
);

//! A hand-written twin of the shop's order endpoints on axum and sqlx, written the way a
//! careful engineer would: the same statements, JSON, rules, status codes, problem bodies,
//! request ids and cursors as the generated service, so the load benchmark measures only
//! what the generated code costs.
//!
//! It serves `GET /orders/{id}`, `GET /orders` (newest first, `limit` and `cursor`),
//! `POST /orders`, `PATCH /orders/{id}` and `POST /orders/{id}/{action}` for each action of
//! the order life cycle, with its guards, bodies and history entries. Every route verifies
//! the caller's bearer token and checks their role; every statement is limited to the
//! caller's store and, for customers, to their own orders. It does not serve list filters
//! or other sorts, deletes, the history route or the OpenAPI document: the benchmark does
//! not ask for them.

mod auth;
mod cursor;
mod handlers;
pub mod model;
mod problem;
mod rules;
pub mod sql;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;

use self::auth::{Caller, Verifier};
use self::cursor::Keys;
use self::handlers::TransitionRoute;
use self::problem::{Kind, Problem};

/// The twin's connection pool.
#[derive(Debug, Clone)]
pub enum Pool {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// State of every handler.
pub struct Twin {
    pool: Pool,
    keys: Keys,
    verifier: Verifier,
}

/// The cursor key of both services: `RESOURCERY_CURSOR_SECRET`, else a key of the
/// benchmark's, so both services accept each other's cursors.
pub fn cursor_secret() -> Vec<u8> {
    std::env::var("RESOURCERY_CURSOR_SECRET").map_or_else(
        |_| b"bench cursor key: both services sign with it".to_vec(),
        String::into_bytes,
    )
}

/// The twin's router over `pool`, whose tables the shop's schema created, accepting the
/// tokens the shop signs with `jwt_secret`.
pub fn router(pool: Pool, jwt_secret: &[u8]) -> Router {
    let twin = Arc::new(Twin {
        pool,
        keys: Keys::new(&cursor_secret()),
        verifier: Verifier::hs256(jwt_secret),
    });
    let mut router = Router::new()
        .route("/orders", get(handlers::list).post(handlers::create))
        .route("/orders/{id}", get(handlers::get).patch(handlers::update));
    for transition in model::TRANSITIONS {
        let route = Arc::new(TransitionRoute {
            transition,
            what: format!("POST /orders/{{id}}/{}", transition.action),
            update: [
                sql::transition(false, transition.from.len()),
                sql::transition(true, transition.from.len()),
            ],
        });
        router = router.route(
            &format!("/orders/{{id}}/{}", transition.action),
            post(
                move |State(twin): State<Arc<Twin>>,
                      caller: Caller,
                      Path(raw): Path<String>,
                      headers: HeaderMap,
                      body: Bytes| {
                    handlers::transition(twin, route.clone(), caller, raw, headers, body)
                },
            ),
        );
    }
    router
        .with_state(twin)
        .fallback(|method: Method, uri: Uri| async move {
            Problem::new(Kind::NOT_FOUND)
                .detail(format!("no route matches {method} {}", uri.path()))
                .into_response()
        })
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                Problem::internal("handler panicked").into_response()
            },
        ))
        .layer(axum::middleware::from_fn(problem::request_id))
}

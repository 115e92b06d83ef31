//! The token service on real databases: refresh tokens rotate, a replayed one ends its
//! session, logouts revoke what they should and nothing more, concurrent refreshes of one
//! token have exactly one winner, and all state lives in the database.

use std::time::Duration;

use axum::http::header::WWW_AUTHENTICATE;
use axum::response::IntoResponse;
use resourcery::{Grant, Problem, TokenPair, Tokens};
use resourcery_tests::{TestDb, on_both_backends};

const SECRET: &[u8] = b"a test secret of at least thirty-two bytes";

fn tokens() -> Tokens {
    Tokens::hs256(SECRET)
        .issuer("https://shop.test")
        .audience("shop")
}

async fn ready(test_db: &TestDb, tokens: &Tokens) {
    tokens
        .ensure_schema(&test_db.db)
        .await
        .expect("create schema");
    // Twice: the DDL is idempotent.
    tokens
        .ensure_schema(&test_db.db)
        .await
        .expect("create schema again");
}

fn alice() -> Grant {
    Grant::new("alice")
        .roles(["customer"])
        .tenant("acme")
        .scopes(["orders:read"])
}

/// Asserts `problem` is a 401 with an `invalid_token` challenge; returns its detail.
#[track_caller]
fn refused(problem: Problem) -> String {
    let detail = problem.detail_text().unwrap_or_default().to_owned();
    let response = problem.into_response();
    assert_eq!(response.status().as_u16(), 401, "{detail}");
    let challenge = response.headers()[WWW_AUTHENTICATE].to_str().unwrap();
    assert!(
        challenge.starts_with("Bearer error=\"invalid_token\", error_description=\""),
        "{challenge}"
    );
    detail
}

async fn rotation_returns_a_new_pair_that_verifies(test_db: TestDb) {
    let tokens = tokens();
    ready(&test_db, &tokens).await;
    let db = &test_db.db;
    let first = tokens.issue(db, &alice()).await.unwrap();
    assert_eq!(first.token_type, "Bearer");
    assert_eq!(first.expires_in, 15 * 60);
    assert!(first.refresh_token.starts_with("rt_"));
    let session = tokens.auth().verify(&first.access_token).unwrap();
    let sid = session.claim("sid").unwrap().clone();

    let second = tokens.refresh(db, &first.refresh_token).await.unwrap();
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_ne!(second.access_token, first.access_token);
    let principal = tokens.auth().verify(&second.access_token).unwrap();
    assert_eq!(principal.subject(), "alice");
    assert_eq!(principal.roles(), ["customer"]);
    assert_eq!(principal.tenant(), Some("acme"));
    assert_eq!(principal.scopes(), ["orders:read"]);
    assert_eq!(principal.claim("sid"), Some(&sid), "same session");

    let third = tokens.refresh(db, &second.refresh_token).await.unwrap();
    tokens.auth().verify(&third.access_token).unwrap();

    // Only hashes are stored.
    let stored = stored_hashes(&test_db).await;
    assert_eq!(stored.len(), 3);
    for token in [&first, &second, &third] {
        assert!(!stored.contains(&token.refresh_token));
    }
}

async fn stored_hashes(test_db: &TestDb) -> Vec<String> {
    let sql = "SELECT token_hash FROM resourcery_refresh_tokens";
    if let Some(pool) = test_db.db.as_sqlite() {
        sqlx::query_scalar(sql).fetch_all(pool).await.unwrap()
    } else {
        let pool = test_db.db.as_postgres().unwrap();
        sqlx::query_scalar(sql).fetch_all(pool).await.unwrap()
    }
}

async fn a_replayed_refresh_token_ends_its_session(test_db: TestDb) {
    let tokens = tokens();
    ready(&test_db, &tokens).await;
    let db = &test_db.db;
    let first = tokens.issue(db, &alice()).await.unwrap();
    let second = tokens.refresh(db, &first.refresh_token).await.unwrap();
    let third = tokens.refresh(db, &second.refresh_token).await.unwrap();

    let detail = refused(tokens.refresh(db, &first.refresh_token).await.unwrap_err());
    assert!(
        detail.contains("already used") && detail.contains("log in again"),
        "{detail}"
    );

    // The newest token of the session is dead too: the thief and the victim both lose it.
    let detail = refused(tokens.refresh(db, &third.refresh_token).await.unwrap_err());
    assert!(
        detail.contains("session") && detail.contains("ended"),
        "{detail}"
    );

    // Another session of the same user is untouched.
    let other = tokens.issue(db, &alice()).await.unwrap();
    tokens.refresh(db, &other.refresh_token).await.unwrap();
}

async fn unknown_refresh_tokens_are_refused(test_db: TestDb) {
    let tokens = tokens();
    ready(&test_db, &tokens).await;
    for token in [
        "rt_nope",
        "",
        "rt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        let detail = refused(tokens.refresh(&test_db.db, token).await.unwrap_err());
        assert_eq!(detail, "the refresh token is not valid: log in again");
    }
}

async fn logout_revokes_the_session(test_db: TestDb) {
    let tokens = tokens();
    ready(&test_db, &tokens).await;
    let db = &test_db.db;
    let first = tokens.issue(db, &alice()).await.unwrap();
    let second = tokens.refresh(db, &first.refresh_token).await.unwrap();
    let kept = tokens.issue(db, &alice()).await.unwrap();

    // Logging out with an old token of the session ends it as well.
    tokens.logout(db, &first.refresh_token).await.unwrap();
    refused(tokens.refresh(db, &second.refresh_token).await.unwrap_err());
    tokens.refresh(db, &kept.refresh_token).await.unwrap();

    // Unknown tokens and repeated logouts are not errors.
    tokens.logout(db, "rt_unknown").await.unwrap();
    tokens.logout(db, &second.refresh_token).await.unwrap();
}

async fn logout_all_ends_every_session_of_one_subject_only(test_db: TestDb) {
    let tokens = tokens();
    ready(&test_db, &tokens).await;
    let db = &test_db.db;
    let a1 = tokens.issue(db, &alice()).await.unwrap();
    let a2 = tokens.issue(db, &alice()).await.unwrap();
    let a2 = tokens.refresh(db, &a2.refresh_token).await.unwrap();
    let bob = tokens.issue(db, &Grant::new("bob")).await.unwrap();

    assert_eq!(tokens.logout_all(db, "alice").await.unwrap(), 2);
    assert_eq!(tokens.logout_all(db, "alice").await.unwrap(), 0);
    refused(tokens.refresh(db, &a1.refresh_token).await.unwrap_err());
    refused(tokens.refresh(db, &a2.refresh_token).await.unwrap_err());
    tokens.refresh(db, &bob.refresh_token).await.unwrap();
}

async fn revoke_session_ends_the_session_of_an_access_token(test_db: TestDb) {
    let tokens = tokens();
    ready(&test_db, &tokens).await;
    let db = &test_db.db;
    let pair = tokens.issue(db, &alice()).await.unwrap();
    let principal = tokens.auth().verify(&pair.access_token).unwrap();
    let sid = principal.claim("sid").and_then(|v| v.as_str()).unwrap();
    assert!(tokens.revoke_session(db, sid).await.unwrap());
    assert!(!tokens.revoke_session(db, sid).await.unwrap());
    refused(tokens.refresh(db, &pair.refresh_token).await.unwrap_err());
}

async fn expired_refresh_tokens_are_refused_and_purged(test_db: TestDb) {
    let tokens = tokens().refresh_ttl(Duration::ZERO);
    ready(&test_db, &tokens).await;
    let db = &test_db.db;
    let pair = tokens.issue(db, &alice()).await.unwrap();
    let detail = refused(tokens.refresh(db, &pair.refresh_token).await.unwrap_err());
    assert!(detail.contains("expired"), "{detail}");

    let lasting = tokens.clone().refresh_ttl(Duration::from_secs(3600));
    lasting.issue(db, &alice()).await.unwrap();
    assert_eq!(tokens.purge_expired(db).await.unwrap(), 1);
    assert_eq!(stored_hashes(&test_db).await.len(), 1);
}

async fn concurrent_refreshes_of_one_token_have_one_winner(test_db: TestDb) {
    let tokens = tokens();
    ready(&test_db, &tokens).await;
    let pair = tokens.issue(&test_db.db, &alice()).await.unwrap();
    let attempts: Vec<_> = (0..16)
        .map(|_| {
            let (tokens, db, token) = (
                tokens.clone(),
                test_db.db.clone(),
                pair.refresh_token.clone(),
            );
            tokio::spawn(async move { tokens.refresh(&db, &token).await })
        })
        .collect();
    let mut winners: Vec<TokenPair> = Vec::new();
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(pair) => winners.push(pair),
            Err(problem) => {
                refused(problem);
            }
        }
    }
    assert_eq!(winners.len(), 1, "exactly one refresh wins");
    // The losers replayed the token, so the session ended, the winner's new token with it.
    refused(
        tokens
            .refresh(&test_db.db, &winners[0].refresh_token)
            .await
            .unwrap_err(),
    );
}

async fn sessions_survive_a_restart(test_db: TestDb) {
    let before = tokens();
    ready(&test_db, &before).await;
    let pair = before.issue(&test_db.db, &alice()).await.unwrap();
    drop(before);

    // Another process with the same key and database: nothing lived in memory.
    let after = tokens();
    let next = after
        .refresh(&test_db.db, &pair.refresh_token)
        .await
        .unwrap();
    assert_eq!(
        after.auth().verify(&next.access_token).unwrap().subject(),
        "alice"
    );
}

on_both_backends!(
    rotation_returns_a_new_pair_that_verifies,
    a_replayed_refresh_token_ends_its_session,
    unknown_refresh_tokens_are_refused,
    logout_revokes_the_session,
    logout_all_ends_every_session_of_one_subject_only,
    revoke_session_ends_the_session_of_an_access_token,
    expired_refresh_tokens_are_refused_and_purged,
    concurrent_refreshes_of_one_token_have_one_winner,
    sessions_survive_a_restart,
);

#[test]
fn schema_is_one_table_with_two_indexes() {
    for backend in [resourcery::Backend::Sqlite, resourcery::Backend::Postgres] {
        let ddl = Tokens::schema_sql(backend);
        assert_eq!(ddl.len(), 3);
        assert!(ddl[0].starts_with("CREATE TABLE IF NOT EXISTS \"resourcery_refresh_tokens\" ("));
    }
}

#[test]
fn token_pairs_serialize_as_an_oauth_token_response() {
    let pair = TokenPair {
        access_token: "a".into(),
        refresh_token: "r".into(),
        token_type: "Bearer",
        expires_in: 900,
    };
    assert_eq!(
        serde_json::to_value(&pair).unwrap(),
        serde_json::json!({ "access_token": "a", "refresh_token": "r", "token_type": "Bearer", "expires_in": 900 })
    );
    assert!(!format!("{pair:?}").contains("\"a\""));
}

//! The shop against its own contract, `openapi.yaml` beside its `Cargo.toml`: the
//! macros compared each declaration with it while compiling; this compares the whole
//! document, nested members, statuses and coverage included.

use resourcery::Db;

#[tokio::test]
async fn the_shop_serves_its_contract() {
    let db = Db::connect("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    resourcery::contract::assert_conforms(&shop::api(
        db,
        shop::token_service(b"any secret: the document does not depend on it"),
    ));
}

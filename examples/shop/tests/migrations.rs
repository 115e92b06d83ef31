//! The committed migrations build exactly the schema the declarations describe: after a
//! declaration changes, `cargo run -p shop -- migrations` writes the next file, and this
//! test fails until it is committed.

#[tokio::test]
async fn the_committed_migrations_are_up_to_date() {
    let db = resourcery::Db::connect("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    let api = shop::api(db, shop::token_service(b"unused: no token is issued"));
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    // Written into a copy, so a failing run leaves the committed folder as it was.
    let copy = std::env::temp_dir().join(format!("shop-migrations-{}", resourcery::Uuid::new_v4()));
    for backend in ["sqlite", "postgres"] {
        std::fs::create_dir_all(copy.join(backend)).unwrap();
        for entry in std::fs::read_dir(committed.join(backend)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), copy.join(backend).join(entry.file_name())).unwrap();
        }
    }
    let written = api.write_migrations(&copy);
    let _ = std::fs::remove_dir_all(&copy);
    assert_eq!(
        written.expect("write"),
        None,
        "the declarations changed: run `cargo run -p shop -- migrations` and commit the new files"
    );
    // And they apply on an empty database with nothing left over.
    api.migrate(&shop::migrations()).await.expect("migrate");
}

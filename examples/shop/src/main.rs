//! Runs the shop on `DATABASE_URL` (an SQLite file `shop.db` by default).
//!
//! `shop schema sqlite|postgres` prints the schema as SQL, ready for a migration file;
//! `shop --write-openapi openapi.yaml` writes the OpenAPI document (JSON unless the name
//! ends in `.yaml` or `.yml`), the shop's contract in `resourcery.toml`.

use resourcery::{Backend, Db};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();

    let mut args = std::env::args().skip(1);
    let command = args.next();
    if command.as_deref() == Some("--write-openapi") {
        let Some(file) = args.next() else {
            anyhow::bail!("usage: shop --write-openapi FILE (.json, or .yaml for YAML)");
        };
        let db = Db::connect("sqlite::memory:").await?;
        resourcery::contract::write_openapi(&shop::api(db, shop::tokens_from_env()), &file)?;
        eprintln!("wrote the OpenAPI document to {file}");
        return Ok(());
    }
    if command.as_deref() == Some("schema") {
        let backend = match args.next().as_deref() {
            Some("postgres") => Backend::Postgres,
            Some("sqlite") => Backend::Sqlite,
            _ => anyhow::bail!("usage: shop schema sqlite|postgres"),
        };
        let db = Db::connect("sqlite::memory:").await?;
        for statement in shop::api(db, shop::tokens_from_env()).schema_sql(backend) {
            println!("{statement};\n");
        }
        return Ok(());
    }

    let db = Db::connect_from_env_or("sqlite://shop.db").await?;
    let api = shop::api(db.clone(), shop::tokens_from_env());
    api.ensure_schema().await?;
    shop::seed(&db)
        .await
        .map_err(|p| anyhow::anyhow!("seeding the demo accounts failed: {p:?}"))?;
    let app = api.into_router()?;
    let addr = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    // Limits, health, metrics and the drain on SIGTERM, tuned by RESOURCERY_* variables.
    let options = resourcery::ServeOptions::from_env().database(db);
    resourcery::serve_with(&addr, app, options).await?;
    Ok(())
}

//! Runs the shop on `DATABASE_URL` (an SQLite file `shop.db` by default).
//!
//! At start-up the shop applies its migrations (`examples/shop/migrations`, compiled in)
//! under a lock, so any number of instances can start together, refuses to start if the
//! database differs from the declarations, and seeds the demo accounts once.
//!
//! `shop migrations [DIR]` writes the next migration after a declaration changed (into
//! the shop's `migrations` folder by default); `shop schema sqlite|postgres` prints the
//! whole schema as SQL; `shop --write-openapi openapi.yaml` writes the OpenAPI document
//! (JSON unless the name ends in `.yaml` or `.yml`), the shop's contract in
//! `resourcery.toml`.

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
    // Commands that only read the declarations build the API over a scratch database.
    let declarations = async || -> anyhow::Result<resourcery::Api> {
        let db = Db::connect("sqlite::memory:").await?;
        Ok(shop::api(
            db,
            shop::token_service(b"unused: no token is issued"),
        ))
    };
    if command.as_deref() == Some("migrations") {
        let dir = args
            .next()
            .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/migrations").to_owned());
        match declarations().await?.write_migrations(&dir)? {
            None => eprintln!("the migrations in {dir} are up to date"),
            Some(written) => {
                for file in &written.files {
                    eprintln!("wrote {}", file.display());
                }
                for step in &written.needs_a_hand {
                    eprintln!("needs a hand: {step}");
                }
            }
        }
        return Ok(());
    }
    if command.as_deref() == Some("--write-openapi") {
        let Some(file) = args.next() else {
            anyhow::bail!("usage: shop --write-openapi FILE (.json, or .yaml for YAML)");
        };
        resourcery::contract::write_openapi(&declarations().await?, &file)?;
        eprintln!("wrote the OpenAPI document to {file}");
        return Ok(());
    }
    if command.as_deref() == Some("schema") {
        let backend = match args.next().as_deref() {
            Some("postgres") => Backend::Postgres,
            Some("sqlite") => Backend::Sqlite,
            _ => anyhow::bail!("usage: shop schema sqlite|postgres"),
        };
        for statement in declarations().await?.schema_sql(backend) {
            println!("{statement};\n");
        }
        return Ok(());
    }

    let db = Db::connect_from_env_or("sqlite://shop.db").await?;
    let api = shop::api(db.clone(), shop::tokens(&db).await?);
    api.migrate(&shop::migrations()).await?;
    api.seed(shop::seed).await?;
    let app = api.into_router()?;
    let addr = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    // Limits, health, metrics and the drain on SIGTERM, tuned by RESOURCERY_* variables.
    let options = resourcery::ServeOptions::from_env().database(db);
    resourcery::serve_with(&addr, app, options).await?;
    Ok(())
}

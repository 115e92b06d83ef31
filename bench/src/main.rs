//! `cargo run -p bench --release -- pagination [rows] [deep] [runs]`: prints the table and
//! writes `target/bench/pagination.json`.

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "pagination".to_owned());
    if what != "pagination" {
        eprintln!("usage: bench pagination [rows] [deep] [runs]");
        std::process::exit(2);
    }
    let rows: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(2_000_000);
    let deep: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let mut samples =
        bench::pagination(resourcery_tests::sqlite().await, "sqlite", rows, deep, runs).await;
    samples.extend(
        bench::pagination(
            resourcery_tests::postgres().await,
            "postgres",
            rows,
            deep,
            runs,
        )
        .await,
    );
    println!("{}", bench::table(&samples, rows, deep));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("pagination.json");
    let report =
        serde_json::to_string_pretty(&bench::json_report(&samples, rows, deep)).unwrap_or_default();
    if std::fs::write(&path, report).is_ok() {
        println!("written to {}", path.display());
    }
}

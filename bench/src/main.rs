//! `cargo run -p bench --release -- pagination [rows] [deep] [runs]`: prints the table and
//! writes `target/bench/pagination.json`.
//!
//! `cargo run -p bench --release -- validation [iterations]`: a short timed loop of
//! resourcery's validation beside `garde`'s on the same body, with the ratio; the
//! criterion version is `cargo bench -p bench --bench validation`.

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "pagination".to_owned());
    match what.as_str() {
        "pagination" => {}
        "validation" => {
            let iterations: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
            let results = bench::validation::compare(iterations);
            println!("{}", bench::validation::comparison_table(&results));
            return;
        }
        _ => {
            eprintln!(
                "usage: bench pagination [rows] [deep] [runs]\n       bench validation [iterations]"
            );
            std::process::exit(2);
        }
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

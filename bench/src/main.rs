//! `cargo run -p bench --release -- <command>`:
//!
//! - `all [--smoke]`: `twin`, `compile`, `validation` and `pagination`, one after the other.
//! - `twin [--smoke] [--db sqlite|postgres] [--ops get,create,...] [--rows N]
//!   [--requests N | --seconds S] [--sessions N] [--rounds N] [--warmup N] [--connections N]`: the generated shop beside its hand-written twin under load; prints
//!   the table and writes `target/bench/twin.json`.
//! - `compile [--smoke] [--resources N] [--runs N]`: `cargo check` of a crate of generated
//!   resources beside the same structs with plain derives; writes `target/bench/compile.json`.
//! - `pagination [rows] [deep] [runs]`: prints the table and writes
//!   `target/bench/pagination.json`.
//! - `validation [iterations]`: a short timed loop of resourcery's validation beside
//!   `garde`'s on the same body, with the ratio; the criterion version is
//!   `cargo bench -p bench --bench validation`.
//!
//! `--smoke` (or `BENCH_SMOKE=1`) shrinks every part to seconds: it checks that the
//! benchmark works and measures nothing worth reading.
//!
//! `BENCH_CALIBRATE=1` runs the twin on both sides of `twin` (what the harness alone makes
//! of two identical servers); `BENCH_SERVER_WRAPPER` runs both servers under a tool such as
//! `valgrind --tool=callgrind`.
//!
//! Reports go to `target/bench/`, or to `BENCH_OUT_DIR` when set. `serve-generated` and
//! `serve-twin` are the servers `twin` starts as child processes.

use std::path::{Path, PathBuf};

const USAGE: &str = "usage: bench all [--smoke]
       bench twin [--smoke] [--db sqlite|postgres] [--ops a,b] [--rows N] [--requests N | --seconds S] [--sessions N] [--rounds N] [--warmup N] [--connections N]
       bench compile [--smoke] [--resources N] [--runs N]
       bench pagination [rows] [deep] [runs]
       bench validation [iterations]";

/// `target/bench`, or `BENCH_OUT_DIR` (the smoke test writes there).
fn out_dir() -> PathBuf {
    let dir = std::env::var_os("BENCH_OUT_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench"),
        PathBuf::from,
    );
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn write(name: &str, json: &serde_json::Value) {
    let path = out_dir().join(name);
    let text = serde_json::to_string_pretty(json).unwrap_or_default();
    match std::fs::write(&path, text) {
        Ok(()) => println!("written to {}", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
}

/// `--name value` options and `--smoke`.
struct Options {
    args: Vec<String>,
    smoke: bool,
}

impl Options {
    fn new(args: Vec<String>) -> Options {
        let smoke = args.iter().any(|a| a == "--smoke")
            || std::env::var("BENCH_SMOKE").is_ok_and(|v| !v.is_empty() && v != "0");
        Options { args, smoke }
    }

    /// Stops with the usage when an argument is an option not among `known` (each of which
    /// takes a value, except `--smoke`).
    fn only(&self, known: &[&str]) {
        let mut args = self.args.iter();
        while let Some(arg) = args.next() {
            if arg == "--smoke" {
                continue;
            }
            if !known.contains(&arg.as_str()) {
                fail(&format!("unknown argument `{arg}`\n{USAGE}"));
            }
            if args.next().is_none() {
                fail(&format!("{arg} takes a value\n{USAGE}"));
            }
        }
    }

    fn value(&self, name: &str) -> Option<&str> {
        let at = self.args.iter().position(|a| a == name)?;
        self.args.get(at + 1).map(String::as_str)
    }

    fn number(&self, name: &str, default: usize) -> usize {
        match self.value(name) {
            Some(v) => v
                .parse()
                .unwrap_or_else(|_| fail(&format!("{name} takes a number"))),
            None => default,
        }
    }
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2);
}

const TWIN_OPTIONS: [&str; 9] = [
    "--db",
    "--ops",
    "--rows",
    "--requests",
    "--seconds",
    "--sessions",
    "--rounds",
    "--warmup",
    "--connections",
];

async fn twin(options: &Options) {
    options.only(&TWIN_OPTIONS);
    let mut config = if options.smoke {
        bench::compare::Config::smoke()
    } else {
        bench::compare::Config::full()
    };
    config.rows = options.number("--rows", config.rows).max(10);
    if options.value("--requests").is_some() && options.value("--seconds").is_some() {
        fail("--requests and --seconds exclude each other");
    }
    if options.value("--requests").is_some() {
        config.requests = Some(options.number("--requests", 0).max(1));
    }
    if let Some(seconds) = options.value("--seconds") {
        config.seconds = seconds
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or_else(|| fail("--seconds takes a positive number"));
        config.requests = None;
    }
    config.rounds = options.number("--rounds", config.rounds).max(1);
    config.sessions = options.number("--sessions", config.sessions).max(1);
    config.warmup = options.number("--warmup", config.warmup);
    config.connections = options.number("--connections", config.connections).max(1);
    if let Some(ops) = options.value("--ops") {
        config.ops = ops
            .split(',')
            .map(|op| {
                bench::compare::OPERATIONS
                    .into_iter()
                    .find(|known| *known == op)
                    .unwrap_or_else(|| fail(&format!("unknown operation `{op}`")))
            })
            .collect();
    }
    match options.value("--db") {
        Some("sqlite") => config.backends = vec!["sqlite"],
        Some("postgres") => config.backends = vec!["postgres"],
        Some(other) => fail(&format!("--db takes sqlite or postgres, not `{other}`")),
        None => {}
    }
    match bench::compare::run(&config).await {
        Ok(report) => {
            println!("{}", bench::compare::table(&report));
            write("twin.json", &bench::compare::json_report(&report));
        }
        Err(e) => fail(&format!("twin benchmark failed: {e}")),
    }
}

fn compile(options: &Options) {
    options.only(&["--resources", "--runs"]);
    let mut config = if options.smoke {
        bench::compile::Config::smoke()
    } else {
        bench::compile::Config::full()
    };
    config.resources = options.number("--resources", config.resources).max(1);
    config.runs = options.number("--runs", config.runs).max(1);
    match bench::compile::run(&config, &out_dir().join("compile")) {
        Ok(report) => {
            println!("{}", bench::compile::table(&report));
            write("compile.json", &bench::compile::json_report(&report));
        }
        Err(e) => fail(&format!("compile benchmark failed: {e}")),
    }
}

fn validation(iterations: u32) {
    let results = bench::validation::compare(iterations);
    println!("{}", bench::validation::comparison_table(&results));
}

async fn pagination(rows: u64, deep: u64, runs: usize) {
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
    write("pagination.json", &bench::json_report(&samples, rows, deep));
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "pagination".to_owned());
    let rest: Vec<String> = args.collect();
    if matches!(what.as_str(), "help" | "-h" | "--help")
        || rest.iter().any(|a| a == "-h" || a == "--help")
    {
        println!("{USAGE}");
        return;
    }
    let options = Options::new(rest.clone());
    let positional = |i: usize| rest.get(i).and_then(|a| a.parse::<u64>().ok());
    match what.as_str() {
        "serve-generated" | "serve-twin" => {
            if let Err(e) = bench::serve::serve(what == "serve-generated", &rest).await {
                fail(&e);
            }
        }
        "twin" => twin(&options).await,
        "compile" => compile(&options),
        "all" => {
            options.only(&[]);
            twin(&options).await;
            compile(&options);
            validation(if options.smoke { 20 } else { 200_000 });
            if options.smoke {
                pagination(3_000, 2_000, 3).await;
            } else {
                pagination(200_000, 100_000, 50).await;
            }
        }
        "pagination" => {
            pagination(
                positional(0).unwrap_or(2_000_000),
                positional(1).unwrap_or(1_000_000),
                positional(2).map_or(50, |n| n as usize),
            )
            .await;
        }
        "validation" => validation(positional(0).map_or(200_000, |n| n as u32)),
        _ => fail(USAGE),
    }
}

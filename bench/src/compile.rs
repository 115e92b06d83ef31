//! What `#[resource]` costs the compiler: a generated crate of N resources (ten fields
//! each, every operation) beside the same N structs with only `serde`, `utoipa::ToSchema`
//! and `sqlx::FromRow` derives, each checked clean (`cargo clean -p` of that crate only)
//! and again after editing one resource.
//!
//! Both crates live in a workspace of their own under `target/bench/compile`, with a target
//! directory of their own beside them, so their dependencies are built once (on the first
//! run) and the shared workspace target directory, which other builds lock, is never
//! waited on. The lock file starts as a copy of the workspace's, so the versions match.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const GENERATED: &str = "bench_compile_generated";
const PLAIN: &str = "bench_compile_plain";

/// How many resources, how many timed runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Resources in each crate.
    pub resources: usize,
    /// Timed runs of each measurement; the median is reported.
    pub runs: usize,
    /// Whether to run `cargo` at all; the smoke mode only writes the crates.
    pub measure: bool,
}

impl Config {
    /// 50 resources, 3 runs.
    pub fn full() -> Config {
        Config {
            resources: 50,
            runs: 3,
            measure: true,
        }
    }

    /// Writes two-resource crates and checks nothing: the first check builds every
    /// dependency, minutes on a small machine.
    pub fn smoke() -> Config {
        Config {
            resources: 2,
            runs: 1,
            measure: false,
        }
    }
}

/// Median times of one crate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Times {
    /// `cargo check` after `cargo clean -p` of the crate.
    pub clean: Duration,
    /// `cargo check` after editing one resource.
    pub incremental: Duration,
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct Report {
    /// The configuration.
    pub config: Config,
    /// Where the crates are.
    pub root: PathBuf,
    /// The generated crate; `None` when nothing was measured.
    pub generated: Option<Times>,
    /// The plain crate.
    pub plain: Option<Times>,
}

impl Report {
    /// Extra seconds per resource of the generated crate over the plain one: (clean,
    /// incremental).
    pub fn per_resource(&self) -> Option<(f64, f64)> {
        let (g, p) = (self.generated?, self.plain?);
        let n = self.config.resources as f64;
        Some((
            (g.clean.as_secs_f64() - p.clean.as_secs_f64()) / n,
            (g.incremental.as_secs_f64() - p.incremental.as_secs_f64()) / n,
        ))
    }
}

/// One resource of the generated crate.
fn generated_resource(i: usize) -> String {
    format!(
        r#"//! Resource {i} of the compile benchmark.

use resourcery::prelude::*;

/// Record number {i}.
#[resource(path = "/records{i}", default_sort = "-created_at")]
pub struct Record{i} {{
    /// Identifier.
    #[field(id)]
    pub id: Uuid,
    /// Display name.
    #[field(sortable, filterable, validate(length(min = 1, max = 100)))]
    pub name: String,
    /// Contact address.
    #[field(unique, validate(email))]
    pub email: String,
    /// How many.
    #[field(filterable, validate(range(min = 0, max = 1000)))]
    pub count: i32,
    /// Amount in cents.
    #[field(sortable, validate(range(min = 0)))]
    pub amount: i64,
    /// A ratio.
    pub ratio: Option<f64>,
    /// Whether it is active.
    #[field(default = true, filterable)]
    pub active: bool,
    /// Free text.
    #[field(validate(length(max = 500)))]
    pub note: Option<String>,
    /// Tags.
    #[field(default, validate(items(max = 10)))]
    pub tags: Vec<String>,
    /// When it was created.
    #[field(read_only, sortable)]
    pub created_at: DateTime<Utc>,
}}
"#
    )
}

/// The same resource as a plain struct with the derives a hand-written service uses.
fn plain_resource(i: usize) -> String {
    format!(
        r#"//! Resource {i} of the compile benchmark.

use chrono::{{DateTime, Utc}};
use uuid::Uuid;

/// Record number {i}.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Record{i} {{
    /// Identifier.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// Contact address.
    pub email: String,
    /// How many.
    pub count: i32,
    /// Amount in cents.
    pub amount: i64,
    /// A ratio.
    pub ratio: Option<f64>,
    /// Whether it is active.
    pub active: bool,
    /// Free text.
    pub note: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}}
"#
    )
}

fn module(i: usize) -> String {
    format!("r{i:03}")
}

/// Writes `text` to `path` unless it holds it already (keeping its time stamp).
fn put(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes the workspace with both crates under `root`.
pub fn generate(resources: usize, root: &Path) -> Result<(), String> {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../runtime")
        .canonicalize()
        .map_err(|e| format!("the runtime crate: {e}"))?;
    put(
        &root.join("Cargo.toml"),
        "# Written by `bench compile`; a workspace of its own.\n[workspace]\nresolver = \"3\"\nmembers = [\"generated\", \"plain\"]\n",
    )?;
    let lock = root.join("Cargo.lock");
    if !lock.exists() {
        let workspace_lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
        let _ = std::fs::copy(workspace_lock, &lock);
    }
    let manifest = |name: &str, dependencies: &str| {
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{dependencies}"
        )
    };
    put(
        &root.join("generated/Cargo.toml"),
        &manifest(
            GENERATED,
            &format!(
                "resourcery = {{ path = {:?} }}\n",
                runtime.display().to_string()
            ),
        ),
    )?;
    put(
        &root.join("plain/Cargo.toml"),
        &manifest(
            PLAIN,
            concat!(
                "serde = { version = \"1\", features = [\"derive\"] }\n",
                "utoipa = { version = \"5\", features = [\"macros\", \"chrono\", \"uuid\", \"preserve_order\"] }\n",
                "sqlx = { version = \"0.8\", default-features = false, features = [\"derive\", \"runtime-tokio\", \"sqlite\", \"postgres\", \"uuid\", \"chrono\", \"json\"] }\n",
                "uuid = { version = \"1\", features = [\"serde\"] }\n",
                "chrono = { version = \"0.4\", default-features = false, features = [\"clock\", \"serde\", \"std\"] }\n",
            ),
        ),
    )?;
    let mut generated_lib = format!("//! {resources} resources declared with `#[resource]`.\n\n");
    let mut plain_lib = format!("//! {resources} structs with plain derives.\n\n");
    for i in 1..=resources {
        let m = module(i);
        let _ = writeln!(generated_lib, "pub mod {m};");
        let _ = writeln!(plain_lib, "pub mod {m};");
        put(
            &root.join(format!("generated/src/{m}.rs")),
            &generated_resource(i),
        )?;
        put(&root.join(format!("plain/src/{m}.rs")), &plain_resource(i))?;
    }
    generated_lib.push_str("\n/// Every resource in one API.\npub fn api(db: resourcery::Db) -> resourcery::Api {\n    resourcery::Api::new(db)");
    for i in 1..=resources {
        let _ = write!(
            generated_lib,
            "\n        .resource::<{}::Record{i}>()",
            module(i)
        );
    }
    generated_lib.push_str("\n}\n");
    put(&root.join("generated/src/lib.rs"), &generated_lib)?;
    put(&root.join("plain/src/lib.rs"), &plain_lib)?;
    Ok(())
}

fn cargo(root: &Path, args: &[&str]) -> Result<Duration, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let start = Instant::now();
    let output = Command::new(cargo)
        .args(args)
        .arg("--quiet")
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let elapsed = start.elapsed();
    if output.status.success() {
        Ok(elapsed)
    } else {
        Err(format!(
            "`cargo {}` failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Edits one resource of `crate_dir` (a doc comment, in the middle resource), alternating
/// between two texts so every run changes the file.
fn edit(crate_dir: &Path, resources: usize, run: usize) -> Result<(), String> {
    let path = crate_dir.join(format!("src/{}.rs", module(resources.div_ceil(2))));
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let (from, to) = if run.is_multiple_of(2) {
        ("/// Display name.\n", "/// Display name, edited.\n")
    } else {
        ("/// Display name, edited.\n", "/// Display name.\n")
    };
    std::fs::write(&path, text.replacen(from, to, 1)).map_err(|e| e.to_string())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// Writes the crates under `root` and, unless `config.measure` is off, times them.
pub fn run(config: &Config, root: &Path) -> Result<Report, String> {
    generate(config.resources, root)?;
    let mut report = Report {
        config: config.clone(),
        root: root.to_path_buf(),
        generated: None,
        plain: None,
    };
    if !config.measure {
        return Ok(report);
    }
    // Dependencies first, untimed: once per target directory.
    eprintln!(
        "compile: building the dependencies in {} (slow the first time)",
        root.join("target").display()
    );
    cargo(root, &["check", "-p", PLAIN])?;
    cargo(root, &["check", "-p", GENERATED])?;
    let mut clean = [Vec::new(), Vec::new()];
    let mut incremental = [Vec::new(), Vec::new()];
    for run in 0..config.runs {
        for (k, name) in [GENERATED, PLAIN].into_iter().enumerate() {
            cargo(root, &["clean", "-p", name])?;
            clean[k].push(cargo(root, &["check", "-p", name])?);
        }
        for (k, (name, dir)) in [(GENERATED, "generated"), (PLAIN, "plain")]
            .into_iter()
            .enumerate()
        {
            edit(&root.join(dir), config.resources, run)?;
            incremental[k].push(cargo(root, &["check", "-p", name])?);
        }
        eprintln!(
            "compile run {}: generated clean {:.1}s, plain clean {:.1}s, generated incremental {:.1}s, plain incremental {:.1}s",
            run + 1,
            clean[0][run].as_secs_f64(),
            clean[1][run].as_secs_f64(),
            incremental[0][run].as_secs_f64(),
            incremental[1][run].as_secs_f64()
        );
    }
    let [gc, pc] = clean;
    let [gi, pi] = incremental;
    report.generated = Some(Times {
        clean: median(gc),
        incremental: median(gi),
    });
    report.plain = Some(Times {
        clean: median(pc),
        incremental: median(pi),
    });
    Ok(report)
}

/// The report as a Markdown table.
pub fn table(report: &Report) -> String {
    let n = report.config.resources;
    let (Some(g), Some(p), Some((clean, incr))) =
        (report.generated, report.plain, report.per_resource())
    else {
        return format!(
            "compile: wrote crates of {n} resources to {}; not checked in smoke mode\n",
            report.root.display()
        );
    };
    format!(
        "`cargo check` of {n} resources (ten fields each), median of {} runs:\n\n\
         | crate | clean check (s) | after editing one resource (s) |\n|---|---:|---:|\n\
         | `#[resource]` | {:.2} | {:.2} |\n\
         | serde + utoipa + sqlx::FromRow derives | {:.2} | {:.2} |\n\
         | extra per resource | {:.3} | {:.3} |\n",
        report.config.runs,
        g.clean.as_secs_f64(),
        g.incremental.as_secs_f64(),
        p.clean.as_secs_f64(),
        p.incremental.as_secs_f64(),
        clean,
        incr
    )
}

/// The report as JSON, for tools.
pub fn json_report(report: &Report) -> Value {
    let times = |t: Option<Times>| {
        t.map(|t| {
            json!({"clean_s": t.clean.as_secs_f64(), "incremental_s": t.incremental.as_secs_f64()})
        })
    };
    json!({
        "resources": report.config.resources,
        "runs": report.config.runs,
        "measured": report.config.measure,
        "generated": times(report.generated),
        "plain": times(report.plain),
        "extra_per_resource": report.per_resource().map(|(c, i)| json!({"clean_s": c, "incremental_s": i})),
    })
}

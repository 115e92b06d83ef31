//! `bench all --smoke` runs end to end: the twin comparison on both databases, the compile
//! crates, validation and pagination. Its timings are not checked, only that every figure
//! is there and positive.

use std::process::Command;

use serde_json::Value;

#[test]
fn all_in_smoke_mode_reports_every_operation_on_both_databases() {
    let out = std::env::temp_dir().join(format!("bench_smoke_{}", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_bench"))
        .args(["all", "--smoke"])
        .env("BENCH_OUT_DIR", &out)
        .output()
        .expect("run the bench binary");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("generated / twin"), "{stdout}");
    assert!(stdout.contains("resourcery / garde"), "{stdout}");
    assert!(stdout.contains("keyset, deep page"), "{stdout}");

    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("twin.json")).expect("twin.json"))
            .expect("JSON");
    let results = report["results"].as_array().expect("results");
    for backend in ["sqlite", "postgres"] {
        for op in bench::compare::OPERATIONS {
            let row = results
                .iter()
                .find(|r| r["backend"] == backend && r["operation"] == op)
                .unwrap_or_else(|| panic!("no {op} on {backend}: {report}"));
            for side in ["generated", "twin"] {
                for figure in ["rps", "p50_ms", "p99_ms"] {
                    let value = row[side][figure].as_f64().unwrap_or_default();
                    assert!(value > 0.0, "{backend} {op} {side} {figure}: {row}");
                }
            }
            assert!(row["ratio"].as_f64().unwrap_or_default() > 0.0, "{row}");
        }
        let memory = report["memory"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["backend"] == backend))
            .unwrap_or_else(|| panic!("no memory on {backend}: {report}"));
        for side in ["generated", "twin"] {
            assert!(
                memory[side]["peak_kib"].as_u64().unwrap_or_default() > 0,
                "{memory}"
            );
        }
    }
    let compile: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("compile.json")).expect("compile.json"),
    )
    .expect("JSON");
    assert_eq!(compile["resources"], 2);
    for crate_dir in ["generated", "plain"] {
        assert!(
            out.join("compile")
                .join(crate_dir)
                .join("src/r001.rs")
                .exists()
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}

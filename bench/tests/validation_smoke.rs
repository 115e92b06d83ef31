//! `bench validation` runs end to end in a tiny mode; its timings are not checked.

use std::process::Command;

#[test]
fn validation_subcommand_prints_both_libraries_and_the_ratio() {
    let output = Command::new(env!("CARGO_BIN_EXE_bench"))
        .args(["validation", "20"])
        .output()
        .expect("run the bench binary");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("resourcery / garde"), "{stdout}");
    assert!(stdout.contains("| valid |"), "{stdout}");
    assert!(stdout.contains("| 5 violations |"), "{stdout}");
}

//! Runs the trybuild suite: every program under tests/pass must compile and run, every
//! program under tests/fail must fail with exactly its committed `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/pass/*.rs");
    t.compile_fail("tests/fail/*/*.rs");
}

/// Contract checking: each case is a folder with its program, its `resourcery.toml` and
/// its contract, so every case reads its own.
#[test]
fn contract() {
    let t = trybuild::TestCases::new();
    t.pass("tests/contract/pass/*/*.rs");
    t.compile_fail("tests/contract/fail/*/*.rs");
}

//! Runs the trybuild suite: every program under tests/pass must compile and run, every
//! program under tests/fail must fail with exactly its committed `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/pass/*.rs");
    t.compile_fail("tests/fail/*/*.rs");
}

//! The valid path of validation does not allocate: a counting global allocator (for this
//! test binary only) watches one validation of the typical valid body.

use std::alloc::System;
use std::hint::black_box;

use bench::validation::{self, GardeSignup};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

// The only test in this binary, so no other test thread allocates while it measures.
#[test]
fn validating_a_valid_body_allocates_nothing() {
    let (valid, invalid) = (validation::valid(), validation::invalid());
    // Warm up: the first use compiles the lazily built regular expressions.
    assert!(resourcery::Validate::validate(&valid).is_ok());
    assert!(resourcery::Validate::validate(&invalid).is_err());

    let region = Region::new(GLOBAL);
    let result = resourcery::Validate::validate(black_box(&valid));
    let stats = region.change();
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        (stats.allocations, stats.reallocations),
        (0, 0),
        "validating a valid body allocated: {stats:?}"
    );

    // The counter does count: reporting violations allocates their pointers and messages.
    let region = Region::new(GLOBAL);
    let result = resourcery::Validate::validate(black_box(&invalid));
    let stats = region.change();
    assert!(result.is_err());
    assert!(stats.allocations > 0, "{stats:?}");
    println!("resourcery, body with 5 violations: {stats:?}");
    drop(result);

    // For comparison only, not asserted: what `garde` allocates on the same valid body.
    let twin = GardeSignup::from(&valid);
    assert!(garde::Validate::validate(&twin).is_ok());
    let region = Region::new(GLOBAL);
    let result = garde::Validate::validate(black_box(&twin));
    let stats = region.change();
    assert!(result.is_ok());
    println!("garde, valid body: {stats:?}");
    let twin = GardeSignup::from(&invalid);
    let region = Region::new(GLOBAL);
    let result = garde::Validate::validate(black_box(&twin));
    let stats = region.change();
    assert!(result.is_err());
    println!("garde, body with 5 violations: {stats:?}");
}

//! `cargo bench -p bench --bench validation`: resourcery's `#[object]` validation beside
//! `garde` on the same typical body, valid and with five violations, one group per body
//! so criterion reports the two libraries side by side.

use std::hint::black_box;
use std::time::Duration;

use bench::validation::{self, GardeSignup};
use criterion::{Criterion, criterion_group, criterion_main};

fn validation(c: &mut Criterion) {
    // Both libraries must find the same violations, or the timings compare different work.
    validation::assert_same_verdicts();
    for (name, body) in [
        ("validation/valid", validation::valid()),
        ("validation/5 violations", validation::invalid()),
    ] {
        let twin = GardeSignup::from(&body);
        let mut group = c.benchmark_group(name);
        group.bench_function("resourcery", |b| {
            b.iter(|| resourcery::Validate::validate(black_box(&body)));
        });
        group.bench_function("garde", |b| {
            b.iter(|| garde::Validate::validate(black_box(&twin)));
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = validation
}
criterion_main!(benches);

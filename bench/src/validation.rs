//! Validation benchmark: a typical request body checked by resourcery's `#[object]` rules
//! and by a `garde` twin carrying the same constraints, valid and with five violations.
//!
//! Both twins are built from the same values, so each side checks exactly the same data;
//! `garde` has no `one_of` rule, so its twin spells that one as a `custom` function.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// The typical body as resourcery declares it: ten scalar fields and five order lines.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct Signup {
    /// Login name.
    #[field(validate(length(min = 3, max = 32), pattern = "^[a-z0-9_]+$"))]
    pub username: String,
    /// Contact address.
    #[field(validate(email, length(max = 254)))]
    pub email: String,
    /// Name shown to others.
    #[field(validate(length(min = 1, max = 100)))]
    pub display_name: String,
    /// Age in years.
    #[field(validate(range(min = 13, max = 130)))]
    pub age: i32,
    /// Self-assessed rating.
    #[field(validate(range(min = 0.0, max = 5.0)))]
    pub rating: f64,
    /// Subscription plan.
    #[field(validate(one_of("free", "pro", "team")))]
    pub plan: String,
    /// Personal page.
    #[field(validate(url))]
    pub homepage: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[field(validate(pattern = "^[A-Z]{2}$"))]
    pub country: String,
    /// Licensed seats.
    #[field(validate(range(min = 1, max = 10_000)))]
    pub seats: i64,
    /// A few words about the user.
    #[field(validate(length(max = 500)))]
    pub bio: Option<String>,
    /// What the user orders with the signup.
    #[field(validate(items(min = 1, max = 20)))]
    pub lines: Vec<Line>,
}

/// One line of a [`Signup`].
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Stock-keeping unit.
    #[field(validate(pattern = "^[A-Z]{3}-[0-9]{4}$"))]
    pub sku: String,
    /// How many.
    #[field(validate(range(min = 1, max = 100)))]
    pub quantity: i32,
    /// Price of one item, in cents.
    #[field(validate(range(min = 0, max = 1_000_000)))]
    pub unit_price_cents: i64,
}

/// The same body with the same constraints, checked by `garde`.
#[derive(Debug, Clone, garde::Validate)]
pub struct GardeSignup {
    /// Login name.
    #[garde(length(chars, min = 3, max = 32), pattern(r"^[a-z0-9_]+$"))]
    pub username: String,
    /// Contact address.
    #[garde(email, length(chars, max = 254))]
    pub email: String,
    /// Name shown to others.
    #[garde(length(chars, min = 1, max = 100))]
    pub display_name: String,
    /// Age in years.
    #[garde(range(min = 13, max = 130))]
    pub age: i32,
    /// Self-assessed rating.
    #[garde(range(min = 0.0, max = 5.0))]
    pub rating: f64,
    /// Subscription plan.
    #[garde(custom(known_plan))]
    pub plan: String,
    /// Personal page.
    #[garde(url)]
    pub homepage: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[garde(pattern(r"^[A-Z]{2}$"))]
    pub country: String,
    /// Licensed seats.
    #[garde(range(min = 1, max = 10_000))]
    pub seats: i64,
    /// A few words about the user.
    #[garde(length(chars, max = 500))]
    pub bio: Option<String>,
    /// What the user orders with the signup.
    #[garde(length(min = 1, max = 20), dive)]
    pub lines: Vec<GardeLine>,
}

/// One line of a [`GardeSignup`].
#[derive(Debug, Clone, garde::Validate)]
pub struct GardeLine {
    /// Stock-keeping unit.
    #[garde(pattern(r"^[A-Z]{3}-[0-9]{4}$"))]
    pub sku: String,
    /// How many.
    #[garde(range(min = 1, max = 100))]
    pub quantity: i32,
    /// Price of one item, in cents.
    #[garde(range(min = 0, max = 1_000_000))]
    pub unit_price_cents: i64,
}

/// `garde` has no set-membership rule; this is resourcery's `one_of("free", "pro", "team")`.
fn known_plan(value: &str, _: &()) -> garde::Result {
    if matches!(value, "free" | "pro" | "team") {
        Ok(())
    } else {
        Err(garde::Error::new(
            "must be one of \"free\", \"pro\", \"team\"",
        ))
    }
}

impl From<&Signup> for GardeSignup {
    fn from(s: &Signup) -> Self {
        GardeSignup {
            username: s.username.clone(),
            email: s.email.clone(),
            display_name: s.display_name.clone(),
            age: s.age,
            rating: s.rating,
            plan: s.plan.clone(),
            homepage: s.homepage.clone(),
            country: s.country.clone(),
            seats: s.seats,
            bio: s.bio.clone(),
            lines: s
                .lines
                .iter()
                .map(|l| GardeLine {
                    sku: l.sku.clone(),
                    quantity: l.quantity,
                    unit_price_cents: l.unit_price_cents,
                })
                .collect(),
        }
    }
}

/// A body that breaks no rule.
pub fn valid() -> Signup {
    Signup {
        username: "ada_lovelace".to_owned(),
        email: "ada@example.com".to_owned(),
        display_name: "Ada Lovelace".to_owned(),
        age: 36,
        rating: 4.5,
        plan: "pro".to_owned(),
        homepage: Some("https://example.com/ada".to_owned()),
        country: "GB".to_owned(),
        seats: 12,
        bio: Some("Writes programs for the Analytical Engine.".to_owned()),
        lines: (1..=5)
            .map(|i| Line {
                sku: format!("ENG-000{i}"),
                quantity: i,
                unit_price_cents: 1_999 * i64::from(i),
            })
            .collect(),
    }
}

/// How many rules [`invalid`] breaks.
pub const VIOLATIONS: usize = 5;

/// A body that breaks exactly [`VIOLATIONS`] rules, each one once on both sides: a short
/// username, a malformed email, an age under the minimum, an unknown plan and a line
/// with no items.
pub fn invalid() -> Signup {
    let mut body = valid();
    body.username = "ab".to_owned();
    body.email = "not-an-email".to_owned();
    body.age = 12;
    body.plan = "gold".to_owned();
    body.lines[2].quantity = 0;
    body
}

/// How many violations resourcery finds in `body`.
pub fn resourcery_violations(body: &Signup) -> usize {
    resourcery::Validate::validate(body).map_or_else(|v| v.len(), |()| 0)
}

/// How many violations `garde` finds in `body`.
pub fn garde_violations(body: &GardeSignup) -> usize {
    garde::Validate::validate(body).map_or_else(|r| r.iter().count(), |()| 0)
}

/// Panics unless both libraries agree on [`valid`] (no violation) and [`invalid`]
/// ([`VIOLATIONS`] violations), so the timings compare the same work.
pub fn assert_same_verdicts() {
    let (ok, bad) = (valid(), invalid());
    assert_eq!(
        resourcery_violations(&ok),
        0,
        "{:?}",
        resourcery::Validate::validate(&ok)
    );
    assert_eq!(garde_violations(&GardeSignup::from(&ok)), 0);
    assert_eq!(
        resourcery_violations(&bad),
        VIOLATIONS,
        "{:#?}",
        resourcery::Validate::validate(&bad)
    );
    assert_eq!(
        garde_violations(&GardeSignup::from(&bad)),
        VIOLATIONS,
        "{}",
        garde::Validate::validate(&GardeSignup::from(&bad))
            .map_or_else(|r| r.to_string(), |()| String::new())
    );
}

/// One measured case of the quick comparison.
#[derive(Debug, Clone, Copy)]
pub struct Comparison {
    /// `valid` or `5 violations`.
    pub case: &'static str,
    /// Mean time of one resourcery validation.
    pub resourcery: Duration,
    /// Mean time of one `garde` validation.
    pub garde: Duration,
}

impl Comparison {
    /// resourcery's time over garde's.
    pub fn ratio(&self) -> f64 {
        self.resourcery.as_secs_f64() / self.garde.as_secs_f64()
    }
}

fn mean(iterations: u32, mut f: impl FnMut()) -> Duration {
    // One untimed round builds the lazily compiled expressions of both libraries.
    f();
    let start = Instant::now();
    for _ in 0..iterations {
        f();
    }
    start.elapsed() / iterations.max(1)
}

/// Times `iterations` validations of each library on each body (interleaved in rounds
/// so neither side gets a warmer machine), after checking that both find the same
/// violations.
pub fn compare(iterations: u32) -> Vec<Comparison> {
    assert_same_verdicts();
    let rounds = 5u32;
    let per_round = iterations.div_ceil(rounds).max(1);
    let mut out = Vec::new();
    for (case, body) in [("valid", valid()), ("5 violations", invalid())] {
        let twin = GardeSignup::from(&body);
        let (mut ours, mut theirs) = (Duration::ZERO, Duration::ZERO);
        for _ in 0..rounds {
            ours += mean(per_round, || {
                let _ = black_box(resourcery::Validate::validate(black_box(&body)));
            });
            theirs += mean(per_round, || {
                let _ = black_box(garde::Validate::validate(black_box(&twin)));
            });
        }
        out.push(Comparison {
            case,
            resourcery: ours / rounds,
            garde: theirs / rounds,
        });
    }
    out
}

/// The comparison as a Markdown table.
pub fn comparison_table(results: &[Comparison]) -> String {
    let mut out = String::from(
        "| body | resourcery (ns/op) | garde (ns/op) | resourcery / garde |\n|---|---:|---:|---:|\n",
    );
    for c in results {
        out.push_str(&format!(
            "| {} | {:.0} | {:.0} | {:.2} |\n",
            c.case,
            c.resourcery.as_secs_f64() * 1e9,
            c.garde.as_secs_f64() * 1e9,
            c.ratio()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_libraries_report_the_same_five_violations() {
        assert_same_verdicts();
        let violations = resourcery::Validate::validate(&invalid()).expect_err("invalid");
        let pointers: Vec<&str> = violations
            .as_slice()
            .iter()
            .map(|v| v.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            ["/username", "/email", "/age", "/plan", "/lines/2/quantity"]
        );
        let report =
            garde::Validate::validate(&GardeSignup::from(&invalid())).expect_err("invalid");
        let mut paths: Vec<String> = report.iter().map(|(path, _)| path.to_string()).collect();
        paths.sort();
        assert_eq!(
            paths,
            ["age", "email", "lines[2].quantity", "plan", "username"]
        );
    }

    /// Smoke mode: a handful of iterations, so CI checks the comparison runs without
    /// timing anything.
    #[test]
    fn validation_comparison_runs_in_smoke_mode() {
        let results = compare(10);
        assert_eq!(results.len(), 2);
        let table = comparison_table(&results);
        println!("{table}");
        assert!(table.contains("5 violations"));
    }
}

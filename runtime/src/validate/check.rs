//! The checks generated code calls for each field: every rule of the slice is checked and
//! every violation recorded; nothing is allocated unless a rule fails.

use std::fmt;

use serde_json::Value;

use super::{Bound, Invalid, Literal, Number, Pointer, Rule, Violations};

/// "between 1 and 10 characters", written without allocating.
struct Counted(Option<u64>, Option<u64>, &'static str);

impl fmt::Display for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Counted(min, max, unit) = *self;
        match (min, max) {
            (Some(min), Some(max)) if min == max => write!(f, "exactly {min} {unit}"),
            (Some(min), Some(max)) => write!(f, "between {min} and {max} {unit}"),
            (Some(min), None) => write!(f, "at least {min} {unit}"),
            (None, Some(max)) => write!(f, "at most {max} {unit}"),
            (None, None) => write!(f, "any number of {unit}"),
        }
    }
}

fn count_params(min: Option<u64>, max: Option<u64>) -> [(&'static str, Option<Value>); 2] {
    [("min", min.map(Value::from)), ("max", max.map(Value::from))]
}

fn one_of_failed(set: &[Literal], at: &Pointer<'_>, out: &mut Violations) {
    struct Choices<'a>(&'a [Literal]);
    impl fmt::Display for Choices<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for (i, l) in self.0.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{l}")?;
            }
            Ok(())
        }
    }
    let allowed = set.iter().map(|l| l.json()).collect();
    out.fail(
        at,
        "one_of",
        format_args!("must be one of {}", Choices(set)),
        &[("allowed", Some(allowed))],
    );
}

/// Whether `value` lies outside the `[min, max]` bounds of a count rule.
fn outside(value: u64, min: Option<u64>, max: Option<u64>) -> bool {
    min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m)
}

/// Checks a text value against its rules.
pub fn text(value: &str, rules: &[Rule], at: &Pointer<'_>, out: &mut Violations) {
    for rule in rules {
        match *rule {
            Rule::Length { min, max } => {
                // Bytes bound characters from above, so most values need no counting.
                let bytes = value.len() as u64;
                let fits_max = max.is_none_or(|m| bytes <= m);
                let fits_min = min.is_none_or(|m| m == 0);
                if fits_max && fits_min {
                    continue;
                }
                let chars = value.chars().count() as u64;
                if outside(chars, min, max) {
                    out.fail(
                        at,
                        "length",
                        format_args!("must be {} long", Counted(min, max, "characters")),
                        &count_params(min, max),
                    );
                }
            }
            Rule::Pattern { source, regex } => {
                if !regex().is_match(value) {
                    out.fail(
                        at,
                        "pattern",
                        format_args!("must match the pattern `{source}`"),
                        &[("pattern", Some(Value::from(source)))],
                    );
                }
            }
            Rule::Email => {
                if !is_email(value) {
                    out.fail(at, "email", format_args!("must be an email address"), &[]);
                }
            }
            Rule::Url => {
                if fluent_uri::Uri::parse(value).is_err() {
                    out.fail(
                        at,
                        "url",
                        format_args!("must be an absolute URL such as `https://example.com/path`"),
                        &[],
                    );
                }
            }
            Rule::NonEmpty => {
                if value.is_empty() {
                    out.fail(at, "non_empty", format_args!("must not be empty"), &[]);
                }
            }
            Rule::OneOf(set) => {
                if !set
                    .iter()
                    .any(|l| matches!(l, Literal::Str(s) if *s == value))
                {
                    one_of_failed(set, at, out);
                }
            }
            Rule::Range { .. }
            | Rule::Items { .. }
            | Rule::UniqueItems
            | Rule::Custom(_)
            | Rule::Each(_) => {}
        }
    }
}

/// The rules of `each(...)` among a list's rules; none when it has no such rule.
pub fn each_rules(rules: &'static [Rule]) -> &'static [Rule] {
    rules
        .iter()
        .find_map(|r| match r {
            Rule::Each(inner) => Some(*inner),
            _ => None,
        })
        .unwrap_or(&[])
}

/// `local@domain` with the syntax of RFC 5321, checked without allocating.
fn is_email(value: &str) -> bool {
    match value.rsplit_once('@') {
        Some((local, domain)) => {
            !value.contains('<')
                && email_address::EmailAddress::is_valid_local_part(local)
                && email_address::EmailAddress::is_valid_domain(domain)
        }
        None => false,
    }
}

/// "at least 1 and at most 10", written without allocating.
struct Between(Option<Bound>, Option<Bound>);

impl fmt::Display for Between {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(b) = self.0 {
            let op = if b.exclusive {
                "greater than"
            } else {
                "at least"
            };
            write!(f, "{op} {}", b.value)?;
        }
        if let Some(b) = self.1 {
            if self.0.is_some() {
                f.write_str(" and ")?;
            }
            let op = if b.exclusive { "less than" } else { "at most" };
            write!(f, "{op} {}", b.value)?;
        }
        Ok(())
    }
}

fn range_fail(min: Option<Bound>, max: Option<Bound>, at: &Pointer<'_>, out: &mut Violations) {
    let param = |b: Option<Bound>, exclusive: bool| {
        b.filter(|b| b.exclusive == exclusive)
            .map(|b| b.value.json())
    };
    out.fail(
        at,
        "range",
        format_args!("must be {}", Between(min, max)),
        &[
            ("min", param(min, false)),
            ("exclusive_min", param(min, true)),
            ("max", param(max, false)),
            ("exclusive_max", param(max, true)),
        ],
    );
}

/// Checks an integer against its rules.
pub fn int(value: i64, rules: &[Rule], at: &Pointer<'_>, out: &mut Violations) {
    for rule in rules {
        match *rule {
            Rule::Range { min, max } => {
                let below = |b: Bound| match b.value {
                    Number::Int(n) => value < n || (b.exclusive && value == n),
                    Number::Float(_) => false,
                };
                let above = |b: Bound| match b.value {
                    Number::Int(n) => value > n || (b.exclusive && value == n),
                    Number::Float(_) => false,
                };
                if min.is_some_and(below) || max.is_some_and(above) {
                    range_fail(min, max, at, out);
                }
            }
            Rule::OneOf(set)
                if !set
                    .iter()
                    .any(|l| matches!(l, Literal::Int(n) if *n == value)) =>
            {
                one_of_failed(set, at, out);
            }
            _ => {}
        }
    }
}

/// Checks a float against its rules.
pub fn float(value: f64, rules: &[Rule], at: &Pointer<'_>, out: &mut Violations) {
    for rule in rules {
        if let Rule::Range { min, max } = *rule {
            let below = |b: Bound| {
                let n = b.value.as_f64();
                value < n || (b.exclusive && value == n)
            };
            let above = |b: Bound| {
                let n = b.value.as_f64();
                value > n || (b.exclusive && value == n)
            };
            if value.is_nan() || min.is_some_and(below) || max.is_some_and(above) {
                range_fail(min, max, at, out);
            }
        }
    }
}

/// Checks a list's own count rules (not its items').
pub fn items(len: usize, rules: &[Rule], at: &Pointer<'_>, out: &mut Violations) {
    for rule in rules {
        match *rule {
            Rule::Items { min, max } if outside(len as u64, min, max) => {
                out.fail(
                    at,
                    "items",
                    format_args!("must have {}", Counted(min, max, "items")),
                    &count_params(min, max),
                );
            }
            Rule::NonEmpty if len == 0 => {
                out.fail(at, "non_empty", format_args!("must not be empty"), &[]);
            }
            _ => {}
        }
    }
}

/// Checks that no two items of a list are equal.
pub fn unique_items<T: PartialEq>(value: &[T], at: &Pointer<'_>, out: &mut Violations) {
    let duplicate = (1..value.len()).find(|&i| value[..i].contains(&value[i]));
    if let Some(i) = duplicate {
        out.fail(
            at,
            "unique_items",
            format_args!("must not contain duplicates; item {i} repeats an earlier one"),
            &[("duplicate", Some(Value::from(i)))],
        );
    }
}

/// Records the result of a custom field rule.
pub fn custom(result: Result<(), Invalid>, at: &Pointer<'_>, out: &mut Violations) {
    if let Err(invalid) = result {
        let mut pointer = String::new();
        at.write(&mut pointer);
        out.push(invalid.at(pointer));
    }
}

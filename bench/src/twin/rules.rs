//! The order's rules, written out by hand: every field rule of the shop's `Order`, then
//! the cross-field rule; messages and codes as the generated service words them.

use std::sync::LazyLock;

use regex::Regex;

use super::model::{Address, Order, OrderLine, ReturnRequest};
use super::problem::Violation;

fn quantity(value: i32, pointer: impl FnOnce() -> String, out: &mut Vec<Violation>) {
    if !(1..=100).contains(&value) {
        out.push(
            Violation::new(
                pointer(),
                "range",
                "`quantity` must be at least 1 and at most 100",
            )
            .param("min", 1)
            .param("max", 100),
        );
    }
}

fn length(
    value: &str,
    (min, max): (usize, usize),
    name: &str,
    pointer: impl FnOnce() -> String,
    out: &mut Vec<Violation>,
) {
    // Bytes bound characters from above, so a short value with no minimum needs no count.
    if (min == 0 && value.len() <= max) || (min..=max).contains(&value.chars().count()) {
        return;
    }
    let (message, violation) = if min == 0 {
        (
            format!("`{name}` must be at most {max} characters long"),
            None,
        )
    } else {
        (
            format!("`{name}` must be between {min} and {max} characters long"),
            Some(min),
        )
    };
    let mut v = Violation::new(pointer(), "length", message);
    if let Some(min) = violation {
        v = v.param("min", min);
    }
    out.push(v.param("max", max));
}

/// `quantity` of the main product: 1 to 100.
pub(crate) fn check_quantity(value: i32, out: &mut Vec<Violation>) {
    quantity(value, || "/quantity".to_owned(), out);
}

/// `lines`: at most 20, each with a quantity of 1 to 100.
pub(crate) fn check_lines(lines: &[OrderLine], out: &mut Vec<Violation>) {
    if lines.len() > 20 {
        out.push(
            Violation::new("/lines", "items", "`lines` must have at most 20 items")
                .param("max", 20),
        );
    }
    for (i, line) in lines.iter().enumerate() {
        quantity(line.quantity, || format!("/lines/{i}/quantity"), out);
    }
}

/// `shipping_address`: every member's rule.
pub(crate) fn check_address(address: &Address, out: &mut Vec<Violation>) {
    static POSTAL_CODE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("^[A-Za-z0-9 -]{3,10}$").expect("a valid pattern"));
    const COUNTRIES: [&str; 5] = ["DE", "FR", "GB", "NL", "US"];
    length(
        &address.street,
        (1, 200),
        "street",
        || "/shipping_address/street".to_owned(),
        out,
    );
    length(
        &address.city,
        (1, 100),
        "city",
        || "/shipping_address/city".to_owned(),
        out,
    );
    if !POSTAL_CODE.is_match(&address.postal_code) {
        out.push(
            Violation::new(
                "/shipping_address/postalCode",
                "pattern",
                "`postalCode` must match the pattern `^[A-Za-z0-9 -]{3,10}$`",
            )
            .param("pattern", "^[A-Za-z0-9 -]{3,10}$"),
        );
    }
    if !COUNTRIES.contains(&address.country.as_str()) {
        out.push(
            Violation::new(
                "/shipping_address/country",
                "one_of",
                "`country` must be one of \"DE\", \"FR\", \"GB\", \"NL\", \"US\"",
            )
            .param("allowed", COUNTRIES.to_vec()),
        );
    }
}

/// `note`: at most 500 characters.
pub(crate) fn check_note(note: &str, out: &mut Vec<Violation>) {
    length(note, (0, 500), "note", || "/note".to_owned(), out);
}

/// At most 100 items in all, and no product twice.
pub(crate) fn check_order(order: &Order, out: &mut Vec<Violation>) {
    let total: i64 = i64::from(order.quantity)
        + order
            .lines
            .iter()
            .map(|l| i64::from(l.quantity))
            .sum::<i64>();
    if total > 100 {
        out.push(
            Violation::new(
                "/lines",
                "total_quantity",
                "an order holds at most 100 items in all",
            )
            .param("max", 100)
            .param("actual", total),
        );
    }
    for (i, line) in order.lines.iter().enumerate() {
        if line.product_id == order.product_id
            || order.lines[..i]
                .iter()
                .any(|l| l.product_id == line.product_id)
        {
            out.push(Violation::new(
                format!("/lines/{i}/product_id"),
                "duplicate_product",
                "each product appears once per order; raise its quantity instead",
            ));
        }
    }
}

/// `reason` of a cancellation: 3 to 200 characters.
pub(crate) fn check_reason(reason: &str, out: &mut Vec<Violation>) {
    length(reason, (3, 200), "reason", || "/reason".to_owned(), out);
}

/// A return request: a known reason, a short comment.
pub(crate) fn check_return(request: &ReturnRequest, out: &mut Vec<Violation>) {
    const REASONS: [&str; 4] = ["damaged", "wrong_item", "not_as_described", "changed_mind"];
    if !REASONS.contains(&request.reason.as_str()) {
        out.push(
            Violation::new(
                "/reason",
                "one_of",
                "`reason` must be one of \"damaged\", \"wrong_item\", \"not_as_described\", \"changed_mind\"",
            )
            .param("allowed", REASONS.to_vec()),
        );
    }
    if let Some(comment) = &request.comment {
        length(comment, (0, 500), "comment", || "/comment".to_owned(), out);
    }
}

//! Validation: the constraints a field declares, checked at run time and documented in
//! OpenAPI from the same data.
//!
//! `#[field(validate(...))]` compiles each field's constraints into a static `&[Rule]`.
//! The generated check walks that slice, and the OpenAPI generator reads the same slice
//! to write `minLength`, `maximum`, `pattern`, `format`, `enum`, `minItems`..., so a
//! constraint is declared once and cannot be enforced without being documented or the
//! other way round.
//!
//! Every rule is checked and every violation collected, so one response lists them all
//! (each with an RFC 6901 JSON Pointer, a stable `code`, a message and the rule's
//! parameters). The valid path does not allocate: pointers are a chain of borrowed
//! tokens on the stack, and messages are written only when a rule fails.

mod check;
mod document;
mod rule;
mod violation;

pub use check::{custom, each_rules, float, int, items, text, unique_items};
pub(crate) use document::document;
pub use rule::{Bound, Literal, Number, Rule};
pub use violation::{Invalid, Params, Pointer, Validate, Violation, Violations};

#[cfg(test)]
mod tests {
    use super::*;

    const LEN: &[Rule] = &[Rule::Length {
        min: Some(2),
        max: Some(3),
    }];

    #[test]
    fn pointers_render_with_escapes_and_indexes() {
        let root = Pointer::ROOT;
        let lines = root.key("lines");
        let second = lines.index(2);
        let odd = second.key("a/b~c");
        assert_eq!(odd.to_string(), "/lines/2/a~1b~0c");
        let mut subject = String::new();
        second.write_subject(&mut subject);
        assert_eq!(subject, "item 2 of `lines`");
        assert_eq!(Pointer::ROOT.to_string(), "");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let at = Pointer::ROOT;
        let at = at.key("name");
        let mut out = Violations::new();
        text("日本語", LEN, &at, &mut out);
        text("ab", LEN, &at, &mut out);
        assert!(out.is_empty(), "{out:?}");
        text("日本語x", LEN, &at, &mut out);
        text("a", LEN, &at, &mut out);
        assert_eq!(out.len(), 2);
        let v = &out.as_slice()[0];
        assert_eq!(v.pointer, "/name");
        assert_eq!(v.code, "length");
        assert_eq!(v.params["min"], 2);
        assert_eq!(v.params["max"], 3);
        assert_eq!(v.message, "`name` must be between 2 and 3 characters long");
    }

    #[test]
    fn exclusive_bounds_reject_the_bound_itself() {
        let rules = &[Rule::Range {
            min: Some(Bound {
                value: Number::Int(0),
                exclusive: true,
            }),
            max: Some(Bound {
                value: Number::Float(1.5),
                exclusive: false,
            }),
        }];
        let at = Pointer::ROOT;
        let mut out = Violations::new();
        float(0.000_1, rules, &at, &mut out);
        float(1.5, rules, &at, &mut out);
        assert!(out.is_empty());
        float(0.0, rules, &at, &mut out);
        float(1.500_001, rules, &at, &mut out);
        float(f64::NAN, rules, &at, &mut out);
        assert_eq!(out.len(), 3);
        assert_eq!(out.as_slice()[0].params["exclusive_min"], 0);
        assert_eq!(out.as_slice()[0].params["max"], 1.5);
    }

    #[test]
    fn email_and_url_use_their_rfc_syntax() {
        let at = Pointer::ROOT;
        for (value, ok) in [
            ("ada@example.com", true),
            ("a.b+c@sub.example.org", true),
            ("no-at-sign", false),
            ("two@@example.com", false),
            ("Ada <ada@example.com>", false),
            ("@example.com", false),
        ] {
            let mut out = Violations::new();
            text(value, &[Rule::Email], &at, &mut out);
            assert_eq!(out.is_empty(), ok, "{value}");
        }
        for (value, ok) in [
            ("https://example.com/a?b=c", true),
            ("urn:isbn:0451450523", true),
            ("/relative/path", false),
            ("not a url", false),
        ] {
            let mut out = Violations::new();
            text(value, &[Rule::Url], &at, &mut out);
            assert_eq!(out.is_empty(), ok, "{value}");
        }
    }

    #[test]
    fn unique_items_names_the_first_repeat() {
        let at = Pointer::ROOT;
        let mut out = Violations::new();
        unique_items(&[1, 2, 3], &at, &mut out);
        assert!(out.is_empty());
        unique_items(&[1, 2, 1, 2], &at, &mut out);
        assert_eq!(out.as_slice()[0].params["duplicate"], 2);
    }
}

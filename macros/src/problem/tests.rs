//! Parser and checker tests: what `detail` templates become, and which mistakes are caught.

use quote::quote;

use super::detail::{Segment, rewrite, scan};

#[test]
fn detail_templates_split_into_text_and_placeholders() {
    assert_eq!(
        scan("order {order} was refunded on {when:?}").unwrap(),
        [
            Segment::Text("order "),
            Segment::Placeholder {
                name: "order",
                spec: ""
            },
            Segment::Text(" was refunded on "),
            Segment::Placeholder {
                name: "when",
                spec: "?"
            },
        ]
    );
    assert_eq!(
        scan("{{literal}} {0}").unwrap(),
        [
            Segment::Text("{{literal}} "),
            Segment::Placeholder {
                name: "0",
                spec: ""
            },
        ]
    );
    assert!(scan("open {brace").is_err());
    assert!(scan("stray } brace").is_err());
}

#[test]
fn placeholders_are_renamed_and_braces_stay_escaped() {
    let segments = scan("{{x}} {a:>5} and {b}").unwrap();
    let out = rewrite(&segments, |name| format!("__{name}"));
    assert_eq!(out, "{{x}} {__a:>5} and {__b}");
}

fn errors(input: proc_macro2::TokenStream) -> String {
    super::expand(input).to_string()
}

#[test]
fn a_valid_enum_expands_without_errors() {
    let out = errors(quote! {
        pub enum RefundError {
            /// Refunded already.
            #[problem(status = 409, slug = "already-refunded", title = "Order already refunded", detail = "order {order} on {when}")]
            AlreadyRefunded { order: Uuid, when: DateTime<Utc> },
            #[problem(status = 422, slug = "too-large", title = "Too large", detail = "at most {0}")]
            TooLarge(i64, String),
            #[problem(status = 404, slug = "not-found")]
            Missing,
        }
    });
    assert!(!out.contains("compile_error"), "{out}");
    assert!(out.contains("ProblemType :: NOT_FOUND"), "{out}");
    // The unused tuple field is not bound.
    assert!(
        out.contains("RefundError :: TooLarge (__field0 , _)"),
        "{out}"
    );
}

#[test]
fn every_mistake_is_reported_at_once() {
    let out = errors(quote! {
        pub enum E {
            A,
            #[problem(status = 200, slug = "Bad_Slug", title = "x")]
            B,
            #[problem(status = 409, slug = "not-found")]
            C,
            #[problem(status = 400, slug = "d", detail = "{missing}")]
            D { present: i32 },
            #[problem(status = 400, slug = "e", title = "E", colour = "red")]
            E,
        }
    });
    for expected in [
        "variant `A` has no `#[problem(...)]`",
        "status `200` is not an error status",
        "slug `Bad_Slug` is not kebab-case",
        "built-in problem type with status 404",
        "needs `title",
        "has no field `missing`",
        "unknown problem option `colour`; expected one of `status`, `slug`, `title`, `detail`",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in {out}");
    }
}

#[test]
fn a_slug_shared_with_another_meaning_is_an_error() {
    let out = errors(quote! {
        pub enum E {
            #[problem(status = 409, slug = "taken", title = "Taken")]
            A,
            #[problem(status = 409, slug = "taken", title = "Taken")]
            B,
            #[problem(status = 410, slug = "taken", title = "Taken")]
            C,
        }
    });
    assert!(
        out.contains("variants `A` and `C` both use slug `taken`"),
        "{out}"
    );
    assert!(!out.contains("`A` and `B`"), "{out}");
}

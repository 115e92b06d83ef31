//! Checker tests: which graphs are refused and with what words, the helpers behind the
//! messages, and the expansion snapshot.

use proc_macro2::TokenStream;
use quote::quote;

use super::check::{edit_distance, is_snake_case};
use super::model::written;
use crate::resource::tests::messages;

fn order(attr: TokenStream) -> String {
    super::expand(
        attr,
        quote! {
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub enum OrderStatus {
                #[state(initial)]
                Pending,
                Confirmed,
                Shipped,
                #[state(terminal)]
                Delivered,
                #[state(terminal)]
                Cancelled,
            }
        },
    )
    .to_string()
}

fn assert_only(expansion: &str, expected: &[&str]) {
    let found = messages(expansion);
    assert_eq!(
        found.len(),
        expected.len(),
        "expected {expected:?}, found {found:#?}"
    );
    for (message, needle) in found.iter().zip(expected) {
        assert!(message.contains(needle), "`{needle}` not in `{message}`");
    }
}

#[test]
fn a_valid_graph_expands_without_errors_and_without_its_attributes() {
    let out = order(quote!(
        transition(confirm, from(Pending), to = Confirmed),
        transition(
            ship,
            from(Confirmed),
            to = Shipped,
            roles("staff"),
            guard = g::f,
            after = h,
            body = Ship
        ),
        transition(r#deliver, from(Shipped), to = Delivered),
        transition(cancel, from(Pending, Confirmed), to = Cancelled),
    ));
    assert_only(&out, &[]);
    assert!(out.contains("impl :: resourcery :: __private :: StateMachine for OrderStatus"));
    assert!(out.contains("action : \"deliver\""));
    assert!(!out.contains("# [state"), "state attributes left in {out}");
}

#[test]
fn unknown_states_suggest_the_closest_variant_or_list_them() {
    let out = order(quote!(
        transition(confirm, from(pending), to = Confirmed),
        transition(ship, from(Confirmed), to = Shiped),
        transition(deliver, from(Shipped), to = Arrived),
        transition(cancel, from(Pending, Confirmed), to = Cancelled),
    ));
    assert_only(
        &out,
        &[
            "transition `confirm` names `pending`, which is not a state of `OrderStatus`; did you mean `Pending`?",
            "names `Shiped`, which is not a state of `OrderStatus`; did you mean `Shipped`?",
            "names `Arrived`, which is not a state of `OrderStatus`; its states are `Pending`, `Confirmed`, `Shipped`, `Delivered`, `Cancelled`",
        ],
    );
}

#[test]
fn initial_states_must_be_exactly_one() {
    let none = super::expand(
        quote!(transition(go, from(A), to = B)),
        quote!(
            enum Flow {
                A,
                #[state(terminal)]
                B,
            }
        ),
    )
    .to_string();
    assert_only(
        &none,
        &[
            "state machine `Flow` has no initial state; mark the state new values start in with `#[state(initial)]`, e.g. on `A`",
        ],
    );
    let two = super::expand(
        quote!(transition(go, from(A, B), to = C)),
        quote!(
            enum Flow {
                #[state(initial)]
                A,
                #[state(initial)]
                B,
                #[state(terminal)]
                C,
            }
        ),
    )
    .to_string();
    assert_only(&two, &["`A` and `B` are both marked `#[state(initial)]`"]);
}

#[test]
fn graph_checks_name_the_stuck_and_unreachable_states() {
    let out = order(quote!(
        transition(confirm, from(Pending), to = Confirmed),
        transition(cancel, from(Pending, Confirmed), to = Cancelled),
        transition(reopen, from(Delivered), to = Pending),
    ));
    assert_only(
        &out,
        &[
            "transition `reopen` leaves `Delivered`, which is `#[state(terminal)]`",
            "state `Shipped` cannot be reached from the initial state `Pending`: no transition leads to it",
            "state `Delivered` cannot be reached from the initial state `Pending`: no transition leads to it",
            "state `Shipped` is not terminal but no transition leaves it",
        ],
    );
}

#[test]
fn a_state_reached_only_from_unreachable_states_says_so() {
    let out = super::expand(
        quote!(
            transition(go, from(A), to = B),
            transition(jump, from(C), to = D),
        ),
        quote!(
            enum Flow {
                #[state(initial)]
                A,
                #[state(terminal)]
                B,
                C,
                #[state(terminal)]
                D,
            }
        ),
    )
    .to_string();
    assert_only(
        &out,
        &[
            "state `C` cannot be reached from the initial state `A`: no transition leads to it",
            "state `D` cannot be reached from the initial state `A`: only from states that cannot be reached either",
        ],
    );
}

#[test]
fn actions_are_unique_snake_case_and_not_reserved() {
    let out = order(quote!(
        transition(confirm, from(Pending), to = Confirmed),
        transition(Ship, from(Confirmed), to = Shipped),
        transition(transitions, from(Shipped), to = Delivered),
        transition(confirm, from(Confirmed), to = Cancelled),
        transition(cancel, from(Pending), to = Cancelled),
    ));
    assert_only(
        &out,
        &[
            "action `Ship` is not snake_case; actions name routes (`POST /{path}/{id}/Ship`), write `ship`",
            "action `transitions` collides with a generated route: `GET /{path}/{id}/transitions`",
            "action `confirm` is declared twice",
        ],
    );
}

#[test]
fn a_transition_to_its_own_source_is_refused() {
    let out = order(quote!(
        transition(confirm, from(Pending, Confirmed), to = Confirmed),
        transition(ship, from(Confirmed), to = Shipped),
        transition(deliver, from(Shipped), to = Delivered),
        transition(cancel, from(Pending), to = Cancelled),
    ));
    assert_only(
        &out,
        &["transition `confirm` leads from `Confirmed` back to `Confirmed`"],
    );
}

#[test]
fn a_syntax_error_in_one_transition_does_not_make_the_graph_look_broken() {
    // `to = "Confirmed"` is not a state name; without it `Confirmed` is unreachable, which
    // must not be reported on top.
    let out = order(quote!(
        transition(confirm, from(Pending), to = "Confirmed"),
        transition(ship, from(Confirmed), to = Shipped),
        transition(deliver, from(Shipped), to = Delivered),
        transition(cancel, from(Pending, Confirmed), to = Cancelled),
    ));
    assert_only(&out, &["expected identifier"]);
    let missing = order(quote!(
        transition(confirm, from(Pending)),
        transition(ship, from(Confirmed), to = Shipped),
    ));
    assert_only(&missing, &["transition `confirm` has no `to = ...`"]);
}

#[test]
fn unknown_options_list_the_keyword_tables() {
    let out = order(quote!(
        transition(confirm, from(Pending), to = Confirmed, role("staff")),
        history,
    ));
    assert_only(
        &out,
        &[
            "unknown transition option `role`; expected one of `from`, `to`, `roles`, `guard`, `after`, `body`",
            "unknown state machine option `history`; expected `transition`",
        ],
    );
    let state = super::expand(
        quote!(transition(go, from(A), to = B)),
        quote!(
            enum Flow {
                #[state(initial, start)]
                A,
                #[state(terminal)]
                B,
            }
        ),
    )
    .to_string();
    assert_only(
        &state,
        &["unknown state option `start`; expected one of `initial`, `terminal`"],
    );
}

#[test]
fn roles_and_bodies_are_checked_for_shape() {
    let out = order(quote!(
        transition(confirm, from(Pending), to = Confirmed, roles()),
        transition(
            ship,
            from(Confirmed),
            to = Shipped,
            roles("staff", "staff"),
            body = &str
        ),
        transition(deliver, from(Shipped), to = Delivered),
        transition(cancel, from(Pending, Confirmed), to = Cancelled),
    ));
    assert_only(
        &out,
        &[
            "`roles()` of transition `confirm` is empty",
            "role `staff` is listed twice for transition `ship`",
            "`body` of transition `ship` names the request body's type",
        ],
    );
}

#[test]
fn the_enum_is_emitted_even_when_its_shape_is_wrong() {
    let out = super::expand(
        quote!(transition(go, from(A), to = B)),
        quote!(
            #[derive(resourcery::Enum)]
            enum Flow<T> {
                #[state(initial)]
                A(T),
                #[state(terminal)]
                B,
            }
        ),
    )
    .to_string();
    assert_only(
        &out,
        &[
            "`#[state_machine]` does not support generic parameters",
            "variant `A` has fields; `#[state_machine]` needs fieldless variants",
            "`Flow` is a `#[state_machine]`, which implements what `#[derive(resourcery::Enum)]` does",
        ],
    );
    assert!(out.contains("enum Flow < T >"));
    assert!(
        !out.contains("StateMachine for"),
        "no impls for a broken enum"
    );

    let on_struct = super::expand(
        quote!(transition(go, from(A), to = B)),
        quote!(
            struct Flow {
                a: i32,
            }
        ),
    )
    .to_string();
    assert_only(
        &on_struct,
        &["`#[state_machine]` applies to fieldless enums"],
    );
    assert!(on_struct.contains("struct Flow"));
}

#[test]
fn graph_mistakes_keep_the_enum_impls_and_a_stand_in() {
    let out = order(quote!(transition(confirm, from(Pending), to = Confirmed)));
    assert!(!messages(&out).is_empty());
    assert!(out.contains("impl :: resourcery :: __private :: FieldType for OrderStatus"));
    assert!(out.contains("impl :: resourcery :: __private :: StateMachine for OrderStatus"));
}

#[test]
fn edit_distance_counts_single_character_edits() {
    assert_eq!(edit_distance("shiped", "shipped"), 1);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("same", "same"), 0);
}

#[test]
fn snake_case_actions_are_lowercase_words_joined_by_one_underscore() {
    for good in ["confirm", "mark_paid", "ship2", "a_b_c"] {
        assert!(is_snake_case(good), "{good}");
    }
    for bad in [
        "Confirm",
        "markPaid",
        "_confirm",
        "confirm_",
        "mark__paid",
        "2ship",
        "",
    ] {
        assert!(!is_snake_case(bad), "{bad}");
    }
}

#[test]
fn written_paths_and_types_lose_the_printer_spaces() {
    let path: syn::Path = syn::parse_quote!(crate::guards::has_address);
    assert_eq!(written(&path), "crate::guards::has_address");
    let ty: syn::Type = syn::parse_quote!(Vec<Box<dyn Reason>>);
    assert_eq!(written(&ty), "Vec<Box<dyn Reason>>");
}

#[test]
fn expansion_of_a_state_machine() {
    crate::resource::tests::compare_snapshot(
        "state_machine_order",
        super::expand(
            quote!(
                transition(confirm, from(Pending), to = Confirmed),
                transition(
                    ship,
                    from(Confirmed),
                    to = Shipped,
                    roles("staff"),
                    guard = guards::has_address,
                    after = hooks::notify,
                    body = ShipRequest
                ),
                transition(cancel, from(Pending, Confirmed), to = Cancelled),
            ),
            quote! {
                /// Where an order is in its life cycle.
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                pub enum OrderStatus {
                    /// Placed, not yet confirmed.
                    #[state(initial)]
                    Pending,
                    Confirmed,
                    #[state(terminal)]
                    Shipped,
                    #[state(terminal)]
                    #[variant(rename = "called-off")]
                    Cancelled,
                }
            },
        ),
    );
}

#[test]
fn a_machine_needs_transitions_and_a_start_that_is_not_an_end() {
    let none = super::expand(
        quote!(),
        quote!(
            enum Flow {
                #[state(initial, terminal)]
                A,
            }
        ),
    )
    .to_string();
    assert_only(
        &none,
        &[
            "state `A` is both initial and terminal",
            "state machine `Flow` declares no transitions; add `transition(confirm, from(Pending), to = Confirmed)` for each action",
        ],
    );
}

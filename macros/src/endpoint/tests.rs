//! Endpoint checks: path templates, which declarations are refused and with what words, and
//! the expansion snapshot.

use proc_macro2::TokenStream;
use quote::quote;

use super::{camel_case, path_params};

#[test]
fn operation_ids_are_camel_case() {
    assert_eq!(camel_case("refund_order"), "refundOrder");
    assert_eq!(camel_case("sales"), "sales");
    assert_eq!(camel_case("r#type"), "type");
    assert_eq!(camel_case("_private_thing"), "privateThing");
}

/// The `compile_error!` messages of the expansion of `item` under `attr`.
fn messages(attr: TokenStream, item: TokenStream) -> Vec<String> {
    crate::resource::tests::messages(&super::expand(attr, item).to_string())
}

#[test]
fn path_templates() {
    assert_eq!(path_params("/orders/{id}/refund").unwrap(), ["id"]);
    assert_eq!(path_params("/a/{x}/b/{y_2}").unwrap(), ["x", "y_2"]);
    assert!(path_params("/").unwrap().is_empty());
    for (bad, why) in [
        ("orders", "start with `/`"),
        ("/orders/", "end with `/`"),
        ("/orders//x", "empty segment"),
        ("/orders/{id", "whole segment"),
        ("/orders/x{id}", "whole segment"),
        ("/orders/{Id}", "snake_case"),
        ("/orders/{}", "snake_case"),
        ("/a/{id}/b/{id}", "twice"),
        ("/orders/a b", "letters, digits"),
    ] {
        let error = path_params(bad).unwrap_err();
        assert!(error.contains(why), "{bad}: {error}");
    }
}

#[test]
fn the_function_is_emitted_even_when_the_attribute_is_wrong() {
    let expansion = super::expand(
        quote!(fetch, "/x"),
        quote!(
            async fn lookup(id: Uuid) -> Result<NoContent, Problem> {
                Ok(NoContent)
            }
        ),
    )
    .to_string();
    assert!(expansion.contains("async fn lookup"), "{expansion}");
    assert!(expansion.contains("unknown method `fetch`"), "{expansion}");
}

#[test]
fn misuses_are_named() {
    let cases: Vec<(TokenStream, TokenStream, &str)> = vec![
        (
            quote!(get, "/orders/{id}"),
            quote!(
                fn plain(id: Uuid) -> Result<NoContent, Problem> {
                    Ok(NoContent)
                }
            ),
            "an endpoint is an `async fn`",
        ),
        (
            quote!(get, "/orders/{id}"),
            quote!(
                async fn f() -> Result<NoContent, Problem> {
                    Ok(NoContent)
                }
            ),
            "`{id}` in the path has no argument",
        ),
        (
            quote!(get, "/orders"),
            quote!(
                async fn f(id: Uuid) -> Result<NoContent, Problem> {
                    Ok(NoContent)
                }
            ),
            "`id: Uuid` is neither a parameter of the path `/orders` nor an extractor",
        ),
        (
            quote!(post, "/orders"),
            quote!(
                async fn f(a: Json<A>, b: Json<B>) -> Result<NoContent, Problem> {
                    Ok(NoContent)
                }
            ),
            "a second `Json<T>` body",
        ),
        (
            quote!(get, "/orders"),
            quote!(
                async fn f(a: Json<A>) -> Result<NoContent, Problem> {
                    Ok(NoContent)
                }
            ),
            "a `GET` request has no body",
        ),
        (
            quote!(post, "/orders"),
            quote!(
                async fn f(tx: Tx) -> Result<NoContent, Problem> {
                    Ok(NoContent)
                }
            ),
            "take the transaction as `&mut Tx`",
        ),
        (
            quote!(post, "/docs/x"),
            quote!(
                async fn f() -> Result<NoContent, Problem> {
                    Ok(NoContent)
                }
            ),
            "collides with `/docs`",
        ),
        (
            quote!(post, "/x", status = 201),
            quote!(
                async fn f() -> Result<NoContent, Problem> {
                    Ok(NoContent)
                }
            ),
            "return `Created<T>` or `NoContent`",
        ),
        (
            quote!(post, "/x"),
            quote!(
                async fn f() {}
            ),
            "an endpoint returns `Result<T, E>`",
        ),
        (
            quote!(post, "/x", public, roles("staff")),
            quote!(
                async fn f() -> Result<NoContent, Problem> {
                    Ok(NoContent)
                }
            ),
            "keep one",
        ),
    ];
    for (attr, item, expected) in cases {
        let got = messages(attr.clone(), item);
        assert!(
            got.iter().any(|m| m.contains(expected)),
            "{attr}: expected `{expected}` in {got:?}"
        );
    }
}

#[test]
fn expansion_of_an_endpoint() {
    crate::resource::tests::compare_snapshot(
        "endpoint_refund",
        super::expand(
            quote!(post, "/orders/{id}/refund", resource = Order),
            quote! {
                /// Refunds part of an order.
                ///
                /// At most what was paid, in one transaction.
                pub async fn refund(
                    id: Uuid,
                    body: Json<RefundRequest>,
                    tx: &mut Tx,
                ) -> Result<Created<Refund>, RefundProblem> {
                    let refund = Refund::new(id, body.0);
                    tx.insert(&refund).await?;
                    Ok(Created(refund))
                }
            },
        ),
    );
}

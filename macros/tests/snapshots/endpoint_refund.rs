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
#[doc(hidden)]
#[allow(non_camel_case_types)]
pub struct refund {}
#[doc(hidden)]
const _: () = {
    #[automatically_derived]
    impl ::resourcery::__private::Endpoint for refund {
        const META: ::resourcery::__private::EndpointMeta = ::resourcery::__private::EndpointMeta {
            name: "refund",
            operation_id: "refund",
            method: "POST",
            path: "/orders/{id}/refund",
            status: 200u16,
            tag: <Order as ::resourcery::__private::Resource>::META.tag,
            summary: "Refunds part of an order.",
            description: "At most what was paid, in one transaction.",
            deprecated: false,
            roles: &[],
            public: false,
            declared: ::core::concat!(::core::file!(), ":", ::core::line!()),
        };
        fn call(
            __call: ::resourcery::__private::Call,
        ) -> ::core::pin::Pin<
            ::std::boxed::Box<
                dyn ::core::future::Future<
                    Output = ::resourcery::__private::axum::response::Response,
                > + ::core::marker::Send,
            >,
        > {
            ::std::boxed::Box::pin(async move {
                let __result: ::core::result::Result<
                    <Result<
                        Created<Refund>,
                        RefundProblem,
                    > as ::resourcery::__private::Outcome>::Ok,
                    ::resourcery::__private::Problem,
                > = async {
                    let __arg0 = __call.path::<Uuid>("id")?;
                    let __arg1 = <RefundRequest as ::resourcery::__private::TransitionBody>::from_call(
                        &__call,
                    )?;
                    let mut __tx = __call.begin().await?;
                    let __out = <Result<
                        Created<Refund>,
                        RefundProblem,
                    > as ::resourcery::__private::Outcome>::into_result(
                        refund(__arg0, __arg1, &mut __tx).await,
                    );
                    ::resourcery::__private::settle(__tx, __out).await
                }
                    .await;
                ::resourcery::__private::respond(__result, 200u16)
            })
        }
        fn operation() -> ::resourcery::__private::utoipa::openapi::path::Operation {
            let __doc = ::resourcery::__private::Doc::new(
                    &<Self as ::resourcery::__private::Endpoint>::META,
                )
                .path::<Uuid>("id")
                .database();
            let __doc = <RefundRequest as ::resourcery::__private::TransitionBody>::document(
                __doc,
            );
            <Result<
                Created<Refund>,
                RefundProblem,
            > as ::resourcery::__private::Outcome>::document(__doc)
        }
    }
};

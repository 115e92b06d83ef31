//! Tokens for an endpoint: the function as written, a hidden type of the same name in the
//! type namespace, and its `Endpoint` impl, which extracts each argument, calls the
//! function and documents the operation from the same types.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::LitStr;
use syn::spanned::Spanned;

use super::{Arg, Endpoint, Tag};

fn lit(value: &str) -> LitStr {
    LitStr::new(value, Span::call_site())
}

/// `const META: EndpointMeta = ...;`
fn meta_const(e: &Endpoint) -> TokenStream {
    let ident = &e.function.sig.ident;
    let (name, method, path) = (lit(&ident.to_string()), lit(&e.method), lit(&e.path));
    let declared = crate::internals::docs::declared(ident.span());
    let (summary, description) = (lit(&e.summary), lit(&e.description));
    let (status, deprecated, public) = (e.status, e.deprecated, e.public);
    let operation_id = lit(&e.operation_id);
    let roles = &e.roles;
    let tag = match &e.tag {
        Tag::Written(tag) => {
            let tag = lit(tag);
            quote!(#tag)
        }
        Tag::Resource(resource) => {
            quote_spanned!(resource.span()=> <#resource as ::resourcery::__private::Resource>::META.tag)
        }
    };
    quote! {
        const META: ::resourcery::__private::EndpointMeta = ::resourcery::__private::EndpointMeta {
            name: #name,
            operation_id: #operation_id,
            method: #method,
            path: #path,
            status: #status,
            tag: #tag,
            summary: #summary,
            description: #description,
            deprecated: #deprecated,
            roles: &[#(#roles),*],
            public: #public,
            declared: #declared,
        };
    }
}

pub(crate) fn endpoint(e: &Endpoint) -> TokenStream {
    let function = &e.function;
    let ident = &function.sig.ident;
    let vis = &function.vis;
    let output = &e.output;
    let meta = meta_const(e);
    let status = e.status;
    let p = quote!(::resourcery::__private);
    let tx = e.args.iter().any(|a| matches!(a, Arg::Tx));
    let mut extract = Vec::new();
    let mut pass = Vec::new();
    let mut doc = Vec::new();
    let mut documented = Vec::new();
    let mut states = Vec::new();
    let mut database = tx;
    for (i, arg) in e.args.iter().enumerate() {
        let var = format_ident!("__arg{}", i);
        match arg {
            Arg::Path { name, ty } => {
                let name = lit(name);
                extract.push(quote_spanned!(ty.span()=> let #var = __call.path::<#ty>(#name)?;));
                doc.push(quote_spanned!(ty.span()=> .path::<#ty>(#name)));
                pass.push(quote!(#var));
            }
            Arg::Query(ty) => {
                let query =
                    quote_spanned!(ty.span()=> <#ty as ::resourcery::__private::QueryParams>);
                extract.push(quote!(let #var = #query::from_call(&__call)?;));
                documented.push(quote!(let __doc = #query::document(__doc);));
                pass.push(quote!(#var));
            }
            Arg::Json(ty) => {
                let body = quote_spanned!(ty.span()=> <#ty as #p::TransitionBody>);
                extract.push(quote!(let #var = #body::from_call(&__call)?;));
                documented.push(quote!(let __doc = #body::document(__doc);));
                pass.push(quote!(#var));
            }
            Arg::State(ty) => {
                extract.push(quote_spanned!(ty.span()=> let #var = __call.state::<#ty>()?;));
                states.push(quote_spanned!(ty.span()=> (
                    ::core::any::TypeId::of::<#ty>(),
                    ::core::any::type_name::<#ty>(),
                )));
                pass.push(quote!(#var));
            }
            Arg::Db => {
                database = true;
                extract.push(quote!(let #var = __call.db();));
                pass.push(quote!(#var));
            }
            Arg::Tx => pass.push(quote!(&mut __tx)),
            Arg::Principal => {
                extract.push(quote!(let #var = __call.principal()?;));
                pass.push(quote!(#var));
            }
            Arg::MaybePrincipal => {
                extract.push(quote!(let #var = __call.maybe_principal();));
                pass.push(quote!(#var));
            }
        }
    }
    if database {
        doc.push(quote!(.database()));
    }
    for problems in &e.problems {
        doc.push(quote_spanned!(problems.span()=> .problems::<#problems>()));
    }
    let outcome = quote_spanned!(output.span()=> <#output as ::resourcery::__private::Outcome>);
    let run = if tx {
        quote! {
            let mut __tx = __call.begin().await?;
            let __out = #outcome::into_result(#ident(#(#pass),*).await);
            #p::settle(__tx, __out).await
        }
    } else {
        quote!(#outcome::into_result(#ident(#(#pass),*).await))
    };
    let states = (!states.is_empty()).then(|| {
        quote! {
            fn states() -> ::std::vec::Vec<(::core::any::TypeId, &'static ::core::primitive::str)> {
                ::std::vec![#(#states),*]
            }
        }
    });
    quote! {
        #function

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #vis struct #ident {}

        #[doc(hidden)]
        const _: () = {
            #[automatically_derived]
            impl ::resourcery::__private::Endpoint for #ident {
                #meta

                fn call(
                    __call: #p::Call,
                ) -> ::core::pin::Pin<::std::boxed::Box<
                    dyn ::core::future::Future<Output = #p::axum::response::Response>
                        + ::core::marker::Send,
                >> {
                    ::std::boxed::Box::pin(async move {
                        let __result: ::core::result::Result<
                            #outcome::Ok,
                            ::resourcery::__private::Problem,
                        > = async {
                            #(#extract)*
                            #run
                        }
                        .await;
                        #p::respond(__result, #status)
                    })
                }

                fn operation() -> #p::utoipa::openapi::path::Operation {
                    let __doc = #p::Doc::new(&<Self as ::resourcery::__private::Endpoint>::META)
                        #(#doc)*;
                    #(#documented)*
                    #outcome::document(__doc)
                }

                #states
            }
        };
    }
}

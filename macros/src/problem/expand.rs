//! Tokens from the checked model: one `ProblemType` constant per variant, `From<E> for
//! resourcery::Problem`, axum's `IntoResponse` through it, and `ProblemTypes`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, LitStr};

use super::model::{Detail, Fields, Kind, Problem, Variant};

fn kind_const(index: usize) -> syn::Ident {
    format_ident!("__RESOURCERY_PROBLEM_TYPE_{}", index)
}

fn binding(position: usize) -> syn::Ident {
    format_ident!("__field{}", position)
}

fn lit(value: &str) -> LitStr {
    LitStr::new(value, Span::call_site())
}

pub(crate) fn problem(model: &Problem<'_>) -> TokenStream {
    let ident = model.ident;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let p = quote!(::resourcery::__private);

    let mut consts = Vec::new();
    let mut listed: Vec<&str> = Vec::new();
    let mut types = Vec::new();
    for (index, variant) in model.variants.iter().enumerate() {
        let name = kind_const(index);
        let value = match &variant.kind {
            Kind::Builtin {
                status, constant, ..
            } => {
                // The macro checked the variant's status against its copy of the built-in
                // table; the compiler checks that copy against the runtime.
                quote! {
                    const _: () = ::core::assert!(
                        ::resourcery::__private::ProblemType::#constant.status == #status,
                        "resourcery-macros and resourcery disagree on a built-in problem type; use matching versions",
                    );
                    const #name: ::resourcery::__private::ProblemType = ::resourcery::__private::ProblemType::#constant;
                }
            }
            Kind::Custom {
                slug,
                status,
                title,
                description,
            } => {
                let (slug, title, description) = (lit(slug), lit(title), lit(description));
                quote! {
                    const #name: ::resourcery::__private::ProblemType = ::resourcery::__private::ProblemType {
                        slug: #slug,
                        status: #status,
                        title: #title,
                        description: #description,
                    };
                }
            }
        };
        consts.push(value);
        if !listed.contains(&variant.kind.slug()) {
            listed.push(variant.kind.slug());
            types.push(name);
        }
    }
    let arms = model
        .variants
        .iter()
        .enumerate()
        .map(|(index, variant)| arm(ident, index, variant));

    quote! {
        #[doc(hidden)]
        const _: () = {
            #(#consts)*

            #[automatically_derived]
            impl #impl_generics ::core::convert::From<#ident #ty_generics> for ::resourcery::__private::Problem #where_clause {
                fn from(__value: #ident #ty_generics) -> Self {
                    match __value {
                        #(#arms)*
                    }
                }
            }

            #[automatically_derived]
            impl #impl_generics #p::axum::response::IntoResponse for #ident #ty_generics #where_clause {
                fn into_response(self) -> #p::axum::response::Response {
                    #p::axum::response::IntoResponse::into_response(
                        <::resourcery::__private::Problem as ::core::convert::From<Self>>::from(self),
                    )
                }
            }

            #[automatically_derived]
            impl #impl_generics ::resourcery::__private::ProblemTypes for #ident #ty_generics #where_clause {
                const TYPES: &'static [::resourcery::__private::ProblemType] = &[#(#types),*];
            }
        };
    }
}

/// `Enum::Variant { .. } => Problem::new(..).detail(..).with(..)`.
fn arm(ident: &syn::Ident, index: usize, variant: &Variant) -> TokenStream {
    let name = &variant.ident;
    let kind = kind_const(index);
    let p = quote!(::resourcery::__private);
    let (pattern, members) = match &variant.fields {
        Fields::Unit => (quote!(#ident::#name), Vec::new()),
        Fields::Tuple(used) => {
            // Unused positions are `_`, so the user's crate sees no unused bindings.
            let slots = used.iter().enumerate().map(|(position, used)| {
                if *used {
                    let b = binding(position);
                    quote!(#b)
                } else {
                    quote!(_)
                }
            });
            (quote!(#ident::#name(#(#slots),*)), Vec::new())
        }
        Fields::Named(fields) => {
            let idents = fields.iter().map(|f| &f.ident);
            let bindings = (0..fields.len()).map(binding);
            let members = fields
                .iter()
                .enumerate()
                .map(|(position, f)| {
                    let (b, ty, member) = (binding(position), &f.ty, lit(&f.name));
                    // Spanned at the field's type: a type that is not `Serialize` is
                    // reported there, with `ProblemMember`'s note.
                    let value =
                        quote_spanned!(ty.span()=> <#ty as #p::ProblemMember>::to_member(&#b));
                    quote!(.with(#member, #value))
                })
                .collect();
            (quote!(#ident::#name { #(#idents: #bindings),* }), members)
        }
    };
    let detail = match &variant.detail {
        None => TokenStream::new(),
        Some(Detail::Text(text)) => {
            let text = lit(text);
            quote!(.detail(#text))
        }
        Some(Detail::Format { template, fields }) => {
            let names = fields.iter().map(|i| format_ident!("__f{}", i));
            let values = fields.iter().map(|i| binding(*i));
            quote!(.detail(::std::format!(#template, #(#names = #values),*)))
        }
    };
    quote! {
        #pattern => ::resourcery::__private::Problem::new(#kind) #detail #(#members)*,
    }
}

/// The impls with stand-in bodies, emitted next to the errors when checks fail.
pub(crate) fn fallback(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let p = quote!(::resourcery::__private);
    quote! {
        #[doc(hidden)]
        const _: () = {
            impl #impl_generics ::core::convert::From<#ident #ty_generics> for ::resourcery::__private::Problem #where_clause {
                fn from(_: #ident #ty_generics) -> Self {
                    ::core::unreachable!("`#[derive(Problem)]` failed to compile")
                }
            }
            impl #impl_generics #p::axum::response::IntoResponse for #ident #ty_generics #where_clause {
                fn into_response(self) -> #p::axum::response::Response {
                    ::core::unreachable!("`#[derive(Problem)]` failed to compile")
                }
            }
            impl #impl_generics ::resourcery::__private::ProblemTypes for #ident #ty_generics #where_clause {
                const TYPES: &'static [::resourcery::__private::ProblemType] = &[];
            }
        };
    }
}

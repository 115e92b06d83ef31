//! The create and patch bodies a client sends, and how a create body becomes a row: its
//! defaults and the values the server sets.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::super::model::{Access, Auto, DefaultValue, Field, Op, Resource};
use super::lit;
use super::validate::{body_checks, violation};
use crate::internals::field::checked;

/// The field's doc comment for a generated body field, or a pointer to the original so
/// `missing_docs` stays quiet in the user's crate.
fn field_docs(r: &Resource, f: &Field) -> TokenStream {
    let docs: Vec<&syn::Attribute> = f
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    if docs.is_empty() {
        let text = lit(&format!(" See [`{}::{}`].", r.ident, f.ident));
        quote!(#[doc = #text])
    } else {
        quote!(#(#docs)*)
    }
}

fn serde_attrs() -> TokenStream {
    quote! {
        #[derive(::resourcery::__private::serde::Deserialize)]
        #[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
    }
}

pub(super) fn create_struct(r: &Resource) -> TokenStream {
    let name = format_ident!("{}Create", r.ident);
    let vis = &r.vis;
    let doc = lit(&format!(
        " Body of `POST {}`: the fields a client may set on a new [`{}`].",
        r.path, r.ident
    ));
    let fields = r.fields.iter().filter(|f| f.writable()).map(|f| {
        let (ident, vis) = (&f.ident, &f.vis);
        let json = lit(&f.name);
        let docs = field_docs(r, f);
        let checked = checked(f);
        let (ty, default) = match (&f.default, f.nullable) {
            (Some(_), _) => (
                quote!(::resourcery::__private::Patch<#checked>),
                quote!(default,),
            ),
            (None, true) => (quote!(::core::option::Option<#checked>), quote!(default,)),
            (None, false) => (quote!(#checked), quote!()),
        };
        quote! {
            #docs
            #[serde(#default rename = #json)]
            #vis #ident: #ty
        }
    });
    let serde = serde_attrs();
    quote! {
        #[doc = #doc]
        #serde
        #vis struct #name {
            #(#fields,)*
        }
    }
}

pub(super) fn patch_struct(r: &Resource) -> TokenStream {
    let name = format_ident!("{}Patch", r.ident);
    let vis = &r.vis;
    let doc = lit(&format!(
        " Body of `PATCH {}/{{id}}`: the fields of a [`{}`] to change; absent fields keep their value.",
        r.path, r.ident
    ));
    let fields = r.fields.iter().filter(|f| f.writable()).map(|f| {
        let (ident, vis) = (&f.ident, &f.vis);
        let json = lit(&f.name);
        let docs = field_docs(r, f);
        let checked = checked(f);
        quote! {
            #docs
            #[serde(default, rename = #json)]
            #vis #ident: ::resourcery::__private::Patch<#checked>
        }
    });
    let serde = serde_attrs();
    quote! {
        #[doc = #doc]
        #serde
        #vis struct #name {
            #(#fields,)*
        }
    }
}

/// The value a field gets on create when no client value applies.
pub(super) fn default_value(f: &Field) -> TokenStream {
    let inner = &f.inner;
    match &f.default {
        Some(DefaultValue::Expr(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }))) => {
            quote!(::core::convert::Into::<#inner>::into(#s))
        }
        Some(DefaultValue::Expr(e)) => quote!({ let __value: #inner = #e; __value }),
        Some(DefaultValue::Trait) | None => quote!(<#inner as ::core::default::Default>::default()),
    }
}

pub(super) fn from_create(r: &Resource) -> TokenStream {
    let create = format_ident!("{}Create", r.ident);
    if !r.operations.contains(&Op::Create) {
        // Never called: no route creates this resource.
        return quote! {
            fn from_create(
                _: #create,
                _: ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
                _: &mut ::resourcery::__private::Violations,
            ) -> Self {
                ::core::unreachable!("`create` is not an operation of this resource")
            }
        };
    }
    let lets = r.fields.iter().map(|f| {
        let ident = &f.ident;
        let var = format_ident!("__{}", ident.to_string().trim_start_matches("r#"));
        let value = if f.writable() {
            match (&f.default, f.nullable) {
                (Some(_), nullable) => {
                    let default = default_value(f);
                    let (value, default, null) = if nullable {
                        (
                            quote!(::core::option::Option::Some(__v)),
                            quote!(::core::option::Option::Some(#default)),
                            quote!(::core::option::Option::None),
                        )
                    } else {
                        let message = format!(
                            "`{}` cannot be null; leave it out to use its default",
                            f.name
                        );
                        let v = violation(f, "not_null", &message);
                        (
                            quote!(__v),
                            default.clone(),
                            quote!({ __out.push(#v); #default }),
                        )
                    };
                    quote! {
                        match __input.#ident {
                            ::resourcery::__private::Patch::Value(__v) => #value,
                            ::resourcery::__private::Patch::Absent => #default,
                            ::resourcery::__private::Patch::Null => #null,
                        }
                    }
                }
                (None, _) => quote!(__input.#ident),
            }
        } else if f.access == Access::Id {
            quote!(::resourcery::__private::uuid::Uuid::now_v7())
        } else if f.state {
            let inner = &f.inner;
            quote_spanned!(inner.span()=> <#inner as ::resourcery::__private::StateMachine>::initial())
        } else if f.auto != Auto::None {
            quote!(__now)
        } else if f.nullable {
            match &f.default {
                Some(_) => {
                    let default = default_value(f);
                    quote!(::core::option::Option::Some(#default))
                }
                None => quote!(::core::option::Option::None),
            }
        } else {
            default_value(f)
        };
        quote!(let #var = #value;)
    });
    let assigns = r.fields.iter().map(|f| {
        let ident = &f.ident;
        let var = format_ident!("__{}", ident.to_string().trim_start_matches("r#"));
        quote!(#ident: #var)
    });
    let create = format_ident!("{}Create", r.ident);
    let checks = body_checks(r, |f| {
        let ident = &f.ident;
        match (&f.default, f.nullable) {
            (Some(_), _) => {
                quote!(if let ::resourcery::__private::Patch::Value(__value) = &__input.#ident)
            }
            (None, true) => quote!(if let ::core::option::Option::Some(__value) = &__input.#ident),
            (None, false) => quote!(let __value = &__input.#ident;),
        }
    });
    quote! {
        #[allow(unused_variables)]
        fn from_create(
            __input: #create,
            __now: ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __out: &mut ::resourcery::__private::Violations,
        ) -> Self {
            let __root = ::resourcery::__private::Pointer::ROOT;
            #(#checks)*
            #(#lets)*
            Self { #(#assigns,)* }
        }
    }
}

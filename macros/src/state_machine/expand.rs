//! Tokens from the checked model: the `#[derive(Enum)]` impls (serde, sqlx, `FieldType`)
//! and `resourcery::StateMachine`, whose `GRAPH` constant describes the states and
//! transitions by wire name.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Ident, LitStr};

use super::model::{Machine, written};
use crate::enumeration::{self, Variant};

fn lit(value: &str) -> LitStr {
    LitStr::new(value, Span::call_site())
}

fn optional(value: Option<String>) -> TokenStream {
    match value {
        Some(text) => {
            let text = lit(&text);
            quote!(::core::option::Option::Some(#text))
        }
        None => quote!(::core::option::Option::None),
    }
}

pub(crate) fn machine(m: &Machine<'_>) -> TokenStream {
    let ident = m.ident;
    let enum_impls = enumeration::generate(ident, m.variants);
    let name = lit(&ident.to_string());
    let states = m.states.iter().zip(m.variants).map(|(state, variant)| {
        let wire = lit(&variant.wire);
        let doc = lit(&state.doc);
        let (initial, terminal) = (state.initial, state.terminal);
        quote! {
            ::resourcery::__private::StateMeta { name: #wire, doc: #doc, initial: #initial, terminal: #terminal }
        }
    });
    let transitions = m.transitions.iter().map(|t| {
        let action = lit(&t.action.unraw().to_string());
        let from = t.from.iter().map(|&i| lit(&m.variants[i].wire));
        let to = lit(&m.variants[t.to].wire);
        let roles = &t.roles;
        let guard = optional(t.guard.as_ref().map(written));
        let after = optional(t.after.as_ref().map(written));
        let body = optional(t.body.as_ref().map(written));
        quote! {
            ::resourcery::__private::TransitionMeta {
                action: #action,
                from: &[#(#from),*],
                to: #to,
                roles: &[#(#roles),*],
                guard: #guard,
                after: #after,
                body: #body,
            }
        }
    });
    let initial = &m.variants[m.initial].ident;
    let graph = quote! {
        ::resourcery::__private::Graph {
            name: #name,
            states: &[#(#states),*],
            transitions: &[#(#transitions),*],
        }
    };
    let steps = steps(m);
    let machine = state_machine_impl(ident, &graph, &quote!(Self::#initial), &steps);
    quote! {
        #enum_impls
        #machine
    }
}

/// The impls of an enum whose graph has mistakes while its variants have none: the
/// `#[derive(Enum)]` ones and a stand-in `StateMachine`, so code using the enum reports
/// nothing beyond the real mistakes.
pub(crate) fn fallback(ident: &Ident, variants: &[Variant]) -> TokenStream {
    let enum_impls = enumeration::generate(ident, variants);
    let name = lit(&ident.to_string());
    let graph = quote! {
        ::resourcery::__private::Graph { name: #name, states: &[], transitions: &[] }
    };
    let machine = state_machine_impl(
        ident,
        &graph,
        &quote!(::core::unreachable!("`#[state_machine]` failed to compile")),
        &TokenStream::new(),
    );
    quote! {
        #enum_impls
        #machine
    }
}

/// `StateMachine::steps` when a transition declares a body, a guard or an after hook: each
/// hook is checked against the transition's body type where it is named, so a wrong
/// signature is reported at the path the user wrote.
fn steps(m: &Machine<'_>) -> TokenStream {
    if m.transitions
        .iter()
        .all(|t| t.guard.is_none() && t.after.is_none() && t.body.is_none())
    {
        return TokenStream::new();
    }
    let builder = quote!(::resourcery::__private::StepBuilder);
    let steps = m.transitions.iter().map(|t| {
        let start = match &t.body {
            Some(ty) => {
                let name = lit(&written(ty));
                quote_spanned!(ty.span()=> #builder::<#ty>::body(#name))
            }
            None => quote!(#builder::<()>::plain()),
        };
        let guard = t
            .guard
            .as_ref()
            .map(|path| quote_spanned!(path.span()=> .guard(#path)));
        let after = t
            .after
            .as_ref()
            .map(|path| quote_spanned!(path.span()=> .after(#path)));
        quote!(#start #guard #after .build())
    });
    quote! {
        fn steps() -> ::std::vec::Vec<::resourcery::__private::Step> {
            ::std::vec![#(#steps),*]
        }
    }
}

fn state_machine_impl(
    ident: &Ident,
    graph: &TokenStream,
    initial: &TokenStream,
    steps: &TokenStream,
) -> TokenStream {
    // Spanned at the enum's name, so a missing `Copy` or `Eq` derive (supertraits of
    // `StateMachine`) is reported there.
    let header =
        quote_spanned!(ident.span()=> impl ::resourcery::__private::StateMachine for #ident);
    quote! {
        #[doc(hidden)]
        const _: () = {
            #[automatically_derived]
            #header {
                const GRAPH: ::resourcery::__private::Graph = #graph;

                fn wire(self) -> &'static ::core::primitive::str {
                    self.__resourcery_as_str()
                }

                fn from_wire(__name: &::core::primitive::str) -> ::core::option::Option<Self> {
                    Self::__resourcery_from_str(__name)
                }

                fn initial() -> Self {
                    #initial
                }

                #steps
            }
        };
    }
}

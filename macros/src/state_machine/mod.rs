//! `#[state_machine]`: a fieldless enum whose values move along a declared graph. parse
//! (`transition(...)` options and `#[state(...)]` marks) -> check (the enum's variants as
//! for `#[derive(Enum)]`, then the graph) -> expand (the `Enum` impls and
//! `resourcery::StateMachine`).
//!
//! The enum is always emitted again, without the macro's attributes; when only the graph
//! has mistakes its `Enum` impls and a stand-in `StateMachine` are emitted too, so code
//! that uses it reports nothing beyond the real mistakes.

mod check;
mod expand;
pub(crate) mod model;
mod parse;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Data, DeriveInput, Token};

use crate::enumeration::{self, Host};
use crate::internals::ctxt::Ctxt;

const HOST: Host = Host {
    name: "`#[state_machine]`",
    example: "`enum OrderStatus { #[state(initial)] Pending, #[state(terminal)] Shipped }`",
};

pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut input: DeriveInput = match syn::parse2(item.clone()) {
        Ok(input) => input,
        Err(_) => {
            let error = syn::Error::new(
                Span::call_site(),
                format!(
                    "{} applies to fieldless enums, e.g. {}",
                    HOST.name, HOST.example
                ),
            )
            .to_compile_error();
            return quote!(#error #item);
        }
    };
    // Mistakes in the enum itself rule out every impl; mistakes in the graph only the
    // real `StateMachine`.
    let shape = Ctxt::new();
    let variants = enumeration::variants(&shape, &input, &HOST);
    misplaced_attrs(&shape, &input);
    let shape = shape.check();
    let cx = Ctxt::new();
    let attrs = parse::machine_attrs(&cx, attr);
    let model = variants
        .as_deref()
        .and_then(|variants| check::machine(&cx, attrs, &input, variants));
    let output = match (&shape, cx.check(), model, &variants) {
        (None, None, Some(model), _) => {
            let mut tokens = expand::machine(&model);
            tokens.extend(crate::contract::transitions(&model));
            tokens
        }
        (None, errors, _, Some(variants)) => {
            let fallback = expand::fallback(&input.ident, variants);
            quote!(#errors #fallback)
        }
        (_, errors, _, _) => quote!(#errors),
    };
    strip_attrs(&mut input);
    quote! {
        #shape
        #input
        #output
    }
}

/// `#[state]` and `#[variant]` on the enum rather than a variant, and `#[derive(Enum)]`,
/// whose impls the macro already writes.
fn misplaced_attrs(cx: &Ctxt, input: &DeriveInput) {
    for attr in &input.attrs {
        if parse::is_state_attr(attr) || enumeration::is_variant_attr(attr) {
            cx.error_spanned_by(
                attr,
                "`#[state(...)]` and `#[variant(...)]` go on a variant of the enum, not on the enum",
            );
        }
        if attr.path().is_ident("derive")
            && let Ok(paths) =
                attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        {
            // A bare `Enum` is most likely resourcery's, from the prelude; another crate's
            // derive of that name can be written with its path to get past this.
            let ours = |p: &syn::Path| match p.segments.len() {
                1 => p.segments[0].ident == "Enum",
                2 => p.segments[0].ident == "resourcery" && p.segments[1].ident == "Enum",
                _ => false,
            };
            for path in paths.iter().filter(|p| ours(p)) {
                let other = if path.segments.len() == 1 {
                    " (write another crate's `Enum` derive with its path, e.g. `enum_map::Enum`)"
                } else {
                    ""
                };
                cx.error_spanned_by(
                    path,
                    format!(
                        "`{}` is a `#[state_machine]`, which implements what `#[derive(resourcery::Enum)]` does; remove `Enum` from the derive{other}",
                        input.ident
                    ),
                );
            }
        }
    }
}

/// The enum without the macro's attributes, which would otherwise be unknown to rustc.
fn strip_attrs(input: &mut DeriveInput) {
    let ours = |a: &syn::Attribute| parse::is_state_attr(a) || enumeration::is_variant_attr(a);
    input.attrs.retain(|a| !ours(a));
    if let Data::Enum(data) = &mut input.data {
        for variant in &mut data.variants {
            variant.attrs.retain(|a| !ours(a));
        }
    }
}

#[cfg(test)]
mod tests;

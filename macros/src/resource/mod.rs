//! `#[resource]`: parse -> check -> expand.

mod check;
pub(crate) mod expand;
pub(crate) mod model;
pub(crate) mod parse;
mod plan;

use proc_macro2::TokenStream;
use quote::quote;

use crate::internals::ctxt::Ctxt;

pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item: syn::ItemStruct = match syn::parse2(item.clone()) {
        Ok(item) => item,
        Err(_) => {
            let error = syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[resource]` applies to a struct with named fields, e.g. `pub struct Order { ... }`",
            )
            .to_compile_error();
            return quote!(#error #item);
        }
    };
    let cx = Ctxt::new();
    let attrs = parse::resource_attrs(&cx, attr);
    let model = check::resource(&cx, attrs, &item);
    match (cx.check(), model) {
        (None, Some(model)) => {
            let mut tokens = expand::resource(&model);
            tokens.extend(crate::contract::resource(&model));
            tokens
        }
        (errors, _) => {
            // Re-emit the struct without our attributes so the user's other code still
            // type-checks and only the real mistakes are reported.
            let clean = expand::strip_field_attrs(item);
            quote!(#errors #clean)
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;

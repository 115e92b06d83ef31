//! `#[derive(Problem)]`: a user's error enum, each variant an RFC 9457 problem type.
//! parse (`#[problem(...)]` per variant) -> check (into the model) -> expand (`From` into
//! `resourcery::Problem`, axum's `IntoResponse`, and `ProblemTypes` for the registry).

mod builtin;
mod check;
mod detail;
mod expand;
mod model;
mod parse;

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::internals::ctxt::Ctxt;

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Ctxt::new();
    let model = check::problem(&cx, &input);
    match (cx.check(), model) {
        (None, Some(model)) => expand::problem(&model),
        (errors, _) => {
            // Stand-in impls keep the user's `?` and `Result<_, MyError>` handlers from
            // adding errors of their own; only the real mistakes are reported.
            let fallback = expand::fallback(&input);
            quote!(#errors #fallback)
        }
    }
}

#[cfg(test)]
mod tests;

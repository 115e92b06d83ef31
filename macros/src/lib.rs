//! Procedural macros of resourcery. Use them through the `resourcery` crate, which
//! documents them and provides everything their expansions refer to.
//!
//! Each macro is a pipeline, one folder per macro: parse (attributes into a model, every
//! mistake recorded with its span) -> check (invariants across fields) -> expand (tokens
//! from the checked model only).

mod contract;
mod endpoint;
mod enumeration;
mod internals;
mod migrations;
mod object;
mod problem;
mod resource;

use proc_macro::TokenStream;

/// Declares a REST resource; documented on `resourcery::resource`.
#[proc_macro_attribute]
pub fn resource(attr: TokenStream, item: TokenStream) -> TokenStream {
    internals::debug::dump("resource", resource::expand(attr.into(), item.into())).into()
}

/// Makes a fieldless enum a field type; documented on `resourcery::Enum`.
#[proc_macro_derive(Enum, attributes(variant))]
pub fn derive_enum(input: TokenStream) -> TokenStream {
    internals::debug::dump("Enum", enumeration::expand(input.into())).into()
}

/// Makes a struct a nested, validated value; documented on `resourcery::object`.
#[proc_macro_attribute]
pub fn object(attr: TokenStream, item: TokenStream) -> TokenStream {
    internals::debug::dump("object", object::expand(attr.into(), item.into())).into()
}

/// Turns an error enum into RFC 9457 problems; documented on `resourcery::Problem`.
#[proc_macro_derive(Problem, attributes(problem))]
pub fn derive_problem(input: TokenStream) -> TokenStream {
    internals::debug::dump("Problem", problem::expand(input.into())).into()
}

mod state_machine;

/// Declares the states and transitions of a fieldless enum; documented on
/// `resourcery::state_machine`.
#[proc_macro_attribute]
pub fn state_machine(attr: TokenStream, item: TokenStream) -> TokenStream {
    internals::debug::dump(
        "state_machine",
        state_machine::expand(attr.into(), item.into()),
    )
    .into()
}

/// Serves an `async fn` as an endpoint; documented on `resourcery::endpoint`.
#[proc_macro_attribute]
pub fn endpoint(attr: TokenStream, item: TokenStream) -> TokenStream {
    internals::debug::dump("endpoint", endpoint::expand(attr.into(), item.into())).into()
}

/// Compiles migration files into the binary; documented on `resourcery::migrations`.
#[proc_macro]
pub fn migrations(input: TokenStream) -> TokenStream {
    migrations::expand(input.into()).into()
}

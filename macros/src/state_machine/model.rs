//! The checked model of a `#[state_machine]` enum: what expansion reads, never the raw
//! attributes. States and transitions refer to each other by index into `states`.

use proc_macro2::Span;
use quote::ToTokens;
use syn::{Ident, LitStr};

use crate::enumeration::Variant;

pub(crate) struct Machine<'a> {
    pub(crate) ident: &'a Ident,
    /// The variants with their wire names, shared with the `#[derive(Enum)]` impls.
    pub(crate) variants: &'a [Variant],
    /// One per variant, in the same order.
    pub(crate) states: Vec<State>,
    /// Index of the one initial state.
    pub(crate) initial: usize,
    pub(crate) transitions: Vec<Transition>,
}

pub(crate) struct State {
    pub(crate) doc: String,
    pub(crate) initial: bool,
    pub(crate) terminal: bool,
    /// Where `initial` was written, for the error about a second initial state.
    pub(crate) initial_span: Option<Span>,
}

pub(crate) struct Transition {
    /// A `snake_case` name, unique in the machine, that is no generated route.
    pub(crate) action: Ident,
    /// Distinct source states, none terminal, none equal to `to`.
    pub(crate) from: Vec<usize>,
    pub(crate) to: usize,
    /// Roles allowed to take the action; empty: whoever may update the row.
    pub(crate) roles: Vec<LitStr>,
    /// Called before the row moves; it can refuse the transition.
    pub(crate) guard: Option<syn::Path>,
    /// Called after the row moved, in the same transaction.
    pub(crate) after: Option<syn::Path>,
    /// The request body the action takes, if any.
    pub(crate) body: Option<syn::Type>,
}

/// Tokens as written, without the spaces the token printer puts around punctuation:
/// `guards::has_address`, `Vec<Reason>`.
pub(crate) fn written(tokens: &impl ToTokens) -> String {
    let spaced = tokens.to_token_stream().to_string();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let chars: Vec<char> = spaced.chars().collect();
    let mut out = String::with_capacity(spaced.len());
    for (i, &c) in chars.iter().enumerate() {
        // A space is kept only where it separates two words (`dyn Trait`).
        if c != ' ' || (word(out.chars().last()) && word(chars.get(i + 1).copied())) {
            out.push(c);
        }
    }
    out
}

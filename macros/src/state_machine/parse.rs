//! `#[state_machine(...)]` and `#[state(...)]` into raw options, each kept with the tokens
//! the checks point at. Unknown and repeated options are recorded and parsing goes on.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, LitStr, Token};

use crate::internals::attr::{flag, keyword_of, set, skip_value, unknown};
use crate::internals::ctxt::Ctxt;
use crate::internals::keyword::{Keywords, MachineKw, StateKw, TransitionKw};

/// Options of `#[state_machine(...)]`.
pub(crate) struct MachineAttrs {
    pub(crate) transitions: Vec<RawTransition>,
    /// False when a syntax error cut a transition short or dropped the rest of the list:
    /// checks over the whole graph would then report the missing edges as mistakes too.
    pub(crate) complete: bool,
}

/// One `transition(...)` as written.
pub(crate) struct RawTransition {
    pub(crate) action: Ident,
    /// The `from` keyword, for errors about the list as a whole, and the states listed.
    pub(crate) from: Option<(syn::Path, Vec<syn::Path>)>,
    pub(crate) to: Option<syn::Path>,
    /// The `roles` keyword and the roles listed.
    pub(crate) roles: Option<(syn::Path, Vec<LitStr>)>,
    pub(crate) guard: Option<syn::Path>,
    pub(crate) after: Option<syn::Path>,
    pub(crate) body: Option<syn::Type>,
}

/// `transition(confirm, from(Pending), to = Confirmed)`, from the keyword table.
pub(crate) fn transition_syntax() -> &'static str {
    MachineKw::Transition.syntax()
}

/// Options of one variant's `#[state(...)]` attributes: where each flag was written.
#[derive(Default)]
pub(crate) struct StateAttrs {
    pub(crate) initial: Option<Span>,
    pub(crate) terminal: Option<Span>,
}

pub(crate) fn is_state_attr(attr: &Attribute) -> bool {
    attr.path().is_ident("state")
}

/// The transitions of `#[state_machine(transition(...), ...)]`, in order.
pub(crate) fn machine_attrs(cx: &Ctxt, tokens: TokenStream) -> MachineAttrs {
    let mut out = MachineAttrs {
        transitions: Vec::new(),
        complete: true,
    };
    let parser = syn::meta::parser(|meta| {
        let Some(kw) = keyword_of::<MachineKw>(&meta) else {
            out.complete = false;
            return unknown(cx, &meta, "state machine option", MachineKw::ALL);
        };
        match kw {
            // #[state_machine(transition(confirm, from(Pending), to = Confirmed))]
            MachineKw::Transition => match transition(cx, &meta)? {
                Some(t) => out.transitions.push(t),
                None => out.complete = false,
            },
        }
        Ok(())
    });
    if let Err(e) = syn::parse::Parser::parse2(parser, tokens) {
        cx.syn_error(e);
        out.complete = false;
    }
    out
}

/// `transition(action, from(A, B), to = C, roles("r"), guard = f, after = g, body = T)`;
/// `None`, with the error recorded, when it is not well-formed.
fn transition(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<RawTransition>> {
    let syntax = transition_syntax();
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!("`transition` takes its action and states in parentheses: `{syntax}`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let action: Ident = match content.parse() {
        Ok(action) => action,
        Err(e) => {
            cx.error_at(
                e.span(),
                format!("`transition(...)` starts with the action's name, e.g. `{syntax}`"),
            );
            content.parse::<TokenStream>()?;
            return Ok(None);
        }
    };
    // `transition(from(Pending), ...)`: the action was left out and `from` taken for it.
    if content.peek(syn::token::Paren) || content.peek(Token![=]) {
        cx.error_spanned_by(
            &action,
            format!("`transition(...)` starts with the action's name, e.g. `{syntax}`"),
        );
        content.parse::<TokenStream>()?;
        return Ok(None);
    }
    let mut out = RawTransition {
        action,
        from: None,
        to: None,
        roles: None,
        guard: None,
        after: None,
        body: None,
    };
    if content.is_empty() {
        return Ok(Some(out));
    }
    if let Err(e) = content.parse::<Token![,]>() {
        cx.syn_error(e);
        content.parse::<TokenStream>()?;
        return Ok(None);
    }
    let options = syn::meta::parser(|meta| {
        let Some(kw) = keyword_of::<TransitionKw>(&meta) else {
            return unknown(cx, &meta, "transition option", TransitionKw::ALL);
        };
        match kw {
            // transition(cancel, from(Pending, Confirmed), ...)
            TransitionKw::From => {
                let inner;
                syn::parenthesized!(inner in meta.input);
                let states = Punctuated::<syn::Path, Token![,]>::parse_terminated(&inner)?;
                let states = states.into_iter().collect();
                set(cx, &mut out.from, (meta.path.clone(), states), &meta.path);
            }
            // transition(confirm, ..., to = Confirmed)
            TransitionKw::To => set(cx, &mut out.to, meta.value()?.parse()?, &meta.path),
            // transition(ship, ..., roles("staff", "admin"))
            TransitionKw::Roles => {
                let inner;
                syn::parenthesized!(inner in meta.input);
                let roles = Punctuated::<LitStr, Token![,]>::parse_terminated(&inner)?;
                let roles = roles.into_iter().collect();
                set(cx, &mut out.roles, (meta.path.clone(), roles), &meta.path);
            }
            // transition(ship, ..., guard = guards::has_address)
            TransitionKw::Guard => set(cx, &mut out.guard, meta.value()?.parse()?, &meta.path),
            // transition(ship, ..., after = hooks::notify_customer)
            TransitionKw::After => set(cx, &mut out.after, meta.value()?.parse()?, &meta.path),
            // transition(cancel, ..., body = CancelRequest)
            TransitionKw::Body => set(cx, &mut out.body, meta.value()?.parse()?, &meta.path),
        }
        Ok(())
    });
    // A syntax error inside one transition is reported and the others are still read.
    if let Err(e) = syn::parse::Parser::parse2(options, content.parse::<TokenStream>()?) {
        cx.syn_error(e);
        return Ok(None);
    }
    Ok(Some(out))
}

/// Parses every `#[state(...)]` among a variant's `attrs`.
pub(crate) fn state_attrs(cx: &Ctxt, attrs: &[Attribute]) -> StateAttrs {
    let mut out = StateAttrs::default();
    for attr in attrs.iter().filter(|a| is_state_attr(a)) {
        let result = attr.parse_nested_meta(|meta| {
            let Some(kw) = keyword_of::<StateKw>(&meta) else {
                return unknown(cx, &meta, "state option", StateKw::ALL);
            };
            match kw {
                // #[state(initial)]
                StateKw::Initial => flag(cx, &meta, kw, &mut out.initial),
                // #[state(terminal)]
                StateKw::Terminal => flag(cx, &meta, kw, &mut out.terminal),
            }
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}

//! Invariants of a `#[state_machine]` enum, turning its attributes into the model: one
//! initial state, transitions between known states under distinct `snake_case` actions,
//! and a graph in which every state can be reached and nothing is stuck. Every violation
//! is recorded with the span of the token to fix, naming the states involved.

use std::collections::VecDeque;

use heck::ToSnakeCase;
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Ident, LitStr};

use super::model::{Machine, State, Transition, written};
use super::parse::{MachineAttrs, RawTransition, state_attrs, transition_syntax};
use crate::enumeration::Variant;
use crate::internals::ctxt::Ctxt;
use crate::internals::docs::doc_string;

/// Action names that would collide with a route generated next to the transitions, and
/// what that route is. Each action becomes `POST /{path}/{id}/{action}`.
const RESERVED_ACTIONS: &[(&str, &str)] = &[(
    "transitions",
    "`GET /{path}/{id}/transitions` lists the transition history",
)];

/// `variants` are those of `input`, which is an enum, with their wire names.
pub(crate) fn machine<'a>(
    cx: &Ctxt,
    attrs: MachineAttrs,
    input: &'a DeriveInput,
    variants: &'a [Variant],
) -> Option<Machine<'a>> {
    let Data::Enum(data) = &input.data else {
        return None;
    };
    let ident = &input.ident;
    let states: Vec<State> = data
        .variants
        .iter()
        .map(|v| {
            let attrs = state_attrs(cx, &v.attrs);
            if let (Some(_), Some(terminal)) = (attrs.initial, attrs.terminal) {
                cx.error_at(
                    terminal,
                    format!(
                        "state `{}` is both initial and terminal, so nothing could ever happen to a new value; drop one of the marks",
                        v.ident
                    ),
                );
            }
            State {
                doc: doc_string(&v.attrs),
                initial: attrs.initial.is_some(),
                terminal: attrs.terminal.is_some(),
                initial_span: attrs.initial,
            }
        })
        .collect();
    let initial = initial(cx, ident, variants, &states);

    let mut complete = attrs.complete;
    let mut transitions: Vec<Transition> = Vec::new();
    let mut actions: Vec<Ident> = Vec::new();
    for raw in attrs.transitions {
        let action = raw.action.unraw();
        if actions.contains(&action) {
            cx.error_spanned_by(
                &raw.action,
                format!(
                    "action `{action}` is declared twice; an action names one route, so rename one of them, or list every state it leaves in one `from(...)`"
                ),
            );
        }
        actions.push(action);
        match transition(cx, ident, variants, &states, raw) {
            Some(t) => transitions.push(t),
            None => complete = false,
        }
    }
    if transitions.is_empty() && complete {
        cx.error_at(
            Span::call_site(),
            format!(
                "state machine `{ident}` declares no transitions; add `{}` for each action, or use `#[derive(Enum)]` for an enum without a life cycle",
                transition_syntax()
            ),
        );
    }
    // Checks over the whole graph would report an edge lost to another mistake as a
    // second mistake, so they wait until the edges are all known.
    if complete && let Some(initial) = initial {
        reachable(cx, variants, &transitions, initial);
        way_out(cx, variants, &states, &transitions);
    }
    Some(Machine {
        ident,
        variants,
        states,
        initial: initial?,
        transitions,
    })
}

/// The one state marked `#[state(initial)]`.
fn initial(cx: &Ctxt, ident: &Ident, variants: &[Variant], states: &[State]) -> Option<usize> {
    let marked: Vec<usize> = (0..states.len()).filter(|&i| states[i].initial).collect();
    match marked.as_slice() {
        [one] => Some(*one),
        [] => {
            if let Some(first) = variants.first() {
                cx.error_spanned_by(
                    ident,
                    format!(
                        "state machine `{ident}` has no initial state; mark the state new values start in with `#[state(initial)]`, e.g. on `{}`",
                        first.ident
                    ),
                );
            }
            None
        }
        [first, rest @ ..] => {
            for &i in rest {
                cx.error_at(
                    states[i].initial_span.unwrap_or_else(Span::call_site),
                    format!(
                        "`{}` and `{}` are both marked `#[state(initial)]`; a state machine starts in exactly one state, so keep the mark on one of them",
                        variants[*first].ident, variants[i].ident
                    ),
                );
            }
            None
        }
    }
}

/// Checks one `transition(...)`; `None` when it cannot join the graph.
fn transition(
    cx: &Ctxt,
    ident: &Ident,
    variants: &[Variant],
    states: &[State],
    raw: RawTransition,
) -> Option<Transition> {
    let action = raw.action.unraw();
    action_name(cx, &raw.action, &action);
    let to = if let Some(path) = &raw.to {
        state(cx, ident, variants, &action, path)
    } else {
        cx.error_spanned_by(
            &raw.action,
            format!(
                "transition `{action}` has no `to = ...`; name the state it leads to: `{}`",
                example(&action, &raw)
            ),
        );
        None
    };
    let from = if let Some((keyword, paths)) = &raw.from {
        let sources = Sources {
            ident,
            variants,
            states,
            action: &action,
        };
        sources.check(cx, keyword, paths, to)
    } else {
        cx.error_spanned_by(
            &raw.action,
            format!(
                "transition `{action}` has no `from(...)`; list the states it may be taken from: `{}`",
                example(&action, &raw)
            ),
        );
        None
    };
    if let Some((keyword, roles)) = &raw.roles {
        check_roles(cx, &action, keyword, roles);
    }
    if let Some(body) = &raw.body
        && !matches!(body, syn::Type::Path(p) if p.qself.is_none())
    {
        cx.error_spanned_by(
            body,
            format!(
                "`body` of transition `{action}` names the request body's type, e.g. `body = CancelRequest`"
            ),
        );
    }
    // Mistakes that leave the edge itself intact (a bad role, say) still let it join the
    // graph, so the graph checks see it.
    Some(Transition {
        action: raw.action,
        from: from?,
        to: to?,
        roles: raw.roles.map(|(_, roles)| roles).unwrap_or_default(),
        guard: raw.guard,
        after: raw.after,
        body: raw.body,
    })
}

/// What the states in one `from(...)` are checked against.
struct Sources<'a> {
    ident: &'a Ident,
    variants: &'a [Variant],
    states: &'a [State],
    action: &'a Ident,
}

impl Sources<'_> {
    /// The distinct source states, or `None` when one is unknown or none is listed.
    /// Sources that are terminal or equal to `to` are reported but kept: the edge is known.
    fn check(
        &self,
        cx: &Ctxt,
        keyword: &syn::Path,
        paths: &[syn::Path],
        to: Option<usize>,
    ) -> Option<Vec<usize>> {
        let action = self.action;
        if paths.is_empty() {
            cx.error_spanned_by(
                keyword,
                format!(
                    "`from()` of transition `{action}` is empty; list the states it may be taken from"
                ),
            );
            return None;
        }
        let mut from: Vec<usize> = Vec::new();
        let mut known = true;
        for path in paths {
            let Some(index) = state(cx, self.ident, self.variants, action, path) else {
                known = false;
                continue;
            };
            let name = &self.variants[index].ident;
            if from.contains(&index) {
                cx.error_spanned_by(
                    path,
                    format!("`{name}` is listed twice in `from(...)` of transition `{action}`"),
                );
                continue;
            }
            if to == Some(index) {
                // Refused rather than allowed: an action that leaves the state as it was
                // is an update, not a transition. Allowing it later breaks no one;
                // forbidding it later would.
                cx.error_spanned_by(
                    path,
                    format!(
                        "transition `{action}` leads from `{name}` back to `{name}`; a transition must change the state, so remove `{name}` from `from(...)`"
                    ),
                );
            } else if self.states[index].terminal {
                cx.error_spanned_by(
                    path,
                    format!(
                        "transition `{action}` leaves `{name}`, which is `#[state(terminal)]`; nothing may leave a terminal state, so remove `{name}` from `from(...)` or drop its `terminal` mark"
                    ),
                );
            }
            from.push(index);
        }
        known.then_some(from)
    }
}

/// `roles("staff", ...)`: a non-empty list of distinct, non-blank names.
fn check_roles(cx: &Ctxt, action: &Ident, keyword: &syn::Path, roles: &[LitStr]) {
    if roles.is_empty() {
        cx.error_spanned_by(
            keyword,
            format!(
                "`roles()` of transition `{action}` is empty; leave `roles` out to let anyone take the action"
            ),
        );
    }
    for (i, role) in roles.iter().enumerate() {
        let value = role.value();
        if value.trim().is_empty() {
            cx.error_spanned_by(role, "a role name cannot be empty");
        } else if roles[..i].iter().any(|r| r.value() == value) {
            cx.error_spanned_by(
                role,
                format!("role `{value}` is listed twice for transition `{action}`"),
            );
        }
    }
}

/// `transition(action, from(...), to = ...)` with what the user wrote filled in.
fn example(action: &Ident, raw: &RawTransition) -> String {
    let from = raw.from.as_ref().map_or_else(
        || "...".to_owned(),
        |(_, paths)| {
            let names: Vec<String> = paths.iter().map(written).collect();
            names.join(", ")
        },
    );
    let to = raw.to.as_ref().map_or_else(|| "...".to_owned(), written);
    format!("transition({action}, from({from}), to = {to})")
}

/// An action becomes the last segment of `POST /{path}/{id}/{action}`.
fn action_name(cx: &Ctxt, ident: &Ident, action: &Ident) {
    let name = action.to_string();
    if !is_snake_case(&name) {
        cx.error_spanned_by(
            ident,
            format!(
                "action `{name}` is not snake_case; actions name routes (`POST /{{path}}/{{id}}/{name}`), write `{}`",
                name.to_snake_case()
            ),
        );
    }
    if let Some((_, route)) = RESERVED_ACTIONS.iter().find(|(n, _)| *n == name) {
        cx.error_spanned_by(
            ident,
            format!("action `{name}` collides with a generated route: {route}; rename the action"),
        );
    }
}

/// Lowercase ASCII words joined by single underscores: `mark_paid`, `ship2`.
pub(super) fn is_snake_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split('_').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// The index of the state `path` names, a variant written alone.
fn state(
    cx: &Ctxt,
    ident: &Ident,
    variants: &[Variant],
    action: &Ident,
    path: &syn::Path,
) -> Option<usize> {
    let Some(name) = path.get_ident() else {
        let last = path
            .segments
            .last()
            .map_or_else(String::new, |s| s.ident.to_string());
        cx.error_spanned_by(
            path,
            format!("write the state as the variant's name alone, e.g. `{last}`"),
        );
        return None;
    };
    if let Some(index) = variants.iter().position(|v| v.ident == *name) {
        return Some(index);
    }
    let hint = if let Some(v) = closest(&name.to_string(), variants) {
        format!("did you mean `{}`?", v.ident)
    } else {
        let all: Vec<String> = variants.iter().map(|v| format!("`{}`", v.ident)).collect();
        format!("its states are {}", all.join(", "))
    };
    cx.error_spanned_by(
        name,
        format!("transition `{action}` names `{name}`, which is not a state of `{ident}`; {hint}"),
    );
    None
}

/// The variant `name` most likely meant: the same letters in another case (a wire name
/// written for the variant), else the nearest by edit distance, if near enough.
fn closest<'v>(name: &str, variants: &'v [Variant]) -> Option<&'v Variant> {
    let fold = |s: &str| s.replace('_', "").to_lowercase();
    let wanted = fold(name);
    if let Some(v) = variants
        .iter()
        .find(|v| fold(&v.ident.to_string()) == wanted)
    {
        return Some(v);
    }
    let limit = (wanted.chars().count() / 3).max(1);
    variants
        .iter()
        .map(|v| (edit_distance(&wanted, &fold(&v.ident.to_string())), v))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

/// Levenshtein distance between `a` and `b`, by characters.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Every state can be reached from the initial one.
fn reachable(cx: &Ctxt, variants: &[Variant], transitions: &[Transition], initial: usize) {
    let mut seen = vec![false; variants.len()];
    seen[initial] = true;
    let mut queue = VecDeque::from([initial]);
    while let Some(at) = queue.pop_front() {
        for t in transitions.iter().filter(|t| t.from.contains(&at)) {
            if !seen[t.to] {
                seen[t.to] = true;
                queue.push_back(t.to);
            }
        }
    }
    let start = &variants[initial].ident;
    for (i, v) in variants.iter().enumerate().filter(|&(i, _)| !seen[i]) {
        let name = &v.ident;
        let into = if transitions.iter().any(|t| t.to == i) {
            "only from states that cannot be reached either"
        } else {
            "no transition leads to it"
        };
        cx.error_spanned_by(
            name,
            format!(
                "state `{name}` cannot be reached from the initial state `{start}`: {into}; add a transition with `to = {name}` from a state that can be reached, or remove `{name}`"
            ),
        );
    }
}

/// Every state that is not terminal has a transition out of it.
fn way_out(cx: &Ctxt, variants: &[Variant], states: &[State], transitions: &[Transition]) {
    for (i, v) in variants.iter().enumerate() {
        if states[i].terminal || transitions.iter().any(|t| t.from.contains(&i)) {
            continue;
        }
        let name = &v.ident;
        cx.error_spanned_by(
            name,
            format!(
                "state `{name}` is not terminal but no transition leaves it, so a value there is stuck; add a transition with `from({name})`, or mark it `#[state(terminal)]`"
            ),
        );
    }
}

//! A `#[state_machine]`'s transitions against the contract. The machine does not know
//! which resources use it, so each transition is looked for as any of them serves it,
//! `POST {collection}/{id}/{action}`: it must be there, and where exactly one operation
//! answers to it, that operation must declare the statuses a transition can send and admit
//! the transition's roles. The run-time comparison checks each resource's own.

use proc_macro2::TokenStream;

use super::load::{Contract, Operation};
use super::operation::{self, CodeOp, Security};
use super::{Drifts, did_you_mean};
use crate::state_machine::model::{Machine, Transition};

/// The contract drifts of `machine`'s transitions, as tokens to emit after its expansion.
pub(crate) fn check(machine: &Machine<'_>) -> TokenStream {
    super::checked(|contract, drifts| transitions(contract, machine, drifts))
}

fn transitions(contract: &Contract, machine: &Machine<'_>, drifts: &mut Drifts) {
    for transition in &machine.transitions {
        let action = transition.action.to_string();
        let served: Vec<&Operation> = contract
            .operations
            .iter()
            .filter(|o| o.method == "POST" && action_of(&o.path) == Some(action.as_str()))
            .collect();
        match served.as_slice() {
            [] => missing(contract, machine, transition, drifts),
            [one] => {
                let code = code_op(one, transition);
                operation::find(contract, &code, drifts);
            }
            // Several resources answer to the action, perhaps with other machines.
            _ => {}
        }
    }
}

/// The action of `{collection}/{param}/{action}`.
fn action_of(path: &str) -> Option<&str> {
    let mut segments = path.trim_end_matches('/').rsplit('/');
    let action = segments.next()?;
    let param = segments.next()?;
    (param.starts_with('{') && !action.starts_with('{')).then_some(action)
}

fn missing(contract: &Contract, machine: &Machine<'_>, t: &Transition, drifts: &mut Drifts) {
    let action = t.action.to_string();
    let actions = contract
        .operations
        .iter()
        .filter(|o| o.method == "POST")
        .filter_map(|o| action_of(&o.path));
    let hint = did_you_mean(&action, actions)
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default();
    drifts.change(
        "endpoint-added",
        t.action.span(),
        format!(
            "transition `{action}` is served as `POST {{collection}}/{{id}}/{action}` by each resource whose state is of type `{}`; the contract has no such operation{hint}",
            machine.ident
        ),
    );
}

/// The transition as the code serves it at the contract's route: 200 with the row; 400
/// for a malformed id, 404 for no row, 409 when the row is in no source state; with a
/// body 400, 413, 415 and 422 too; with roles 401 and 403.
fn code_op(found: &Operation, t: &Transition) -> CodeOp {
    let span = t.action.span();
    let mut statuses = vec![
        (400, span, "a malformed id"),
        (404, span, "no row has the id"),
        (409, span, "a row in no state the transition leaves"),
    ];
    statuses.extend(operation::server_failures(span));
    if let Some(body) = &t.body {
        let at = syn::spanned::Spanned::span(body);
        statuses.push((413, at, "a body over the size limit"));
        statuses.push((415, at, "a body that is not JSON"));
        statuses.push((422, at, "a body that breaks a constraint"));
    }
    let security = (!t.roles.is_empty()).then(|| {
        let at = t.roles[0].span();
        statuses.push((401, at, "no valid bearer token"));
        statuses.push((403, at, "a caller without the role"));
        (
            Security::Roles(t.roles.iter().map(syn::LitStr::value).collect()),
            at,
        )
    });
    CodeOp {
        // The resource's name is not known here: the contract's id stands.
        id: found.id.clone().unwrap_or_default(),
        method: "POST",
        path: found.path.clone(),
        span,
        params: Vec::new(),
        success: 200,
        statuses,
        security,
    }
}

#[cfg(test)]
mod tests {
    use super::action_of;

    #[test]
    fn actions_are_the_segment_after_an_id() {
        assert_eq!(action_of("/orders/{id}/confirm"), Some("confirm"));
        assert_eq!(action_of("/orders/{orderId}/ship/"), Some("ship"));
        assert_eq!(action_of("/orders/confirm"), None);
        assert_eq!(action_of("/orders/{id}"), None);
        assert_eq!(action_of("/confirm"), None);
    }
}

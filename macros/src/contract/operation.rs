//! What every operation shares: finding it in the contract (by operation id, else by
//! method and path template), its path parameters, its statuses and its security.

use proc_macro2::Span;
use serde_json::Value;

use super::load::{Contract, Operation};
use super::schema::{View, view};
use super::{Drifts, did_you_mean};

/// A JSON Schema type and format the code reads or writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Scalar {
    pub(crate) ty: &'static str,
    pub(crate) format: Option<&'static str>,
}

/// Who the code admits to an operation.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Security {
    Public,
    Authenticated,
    Roles(Vec<String>),
}

/// An operation as the code will serve it.
pub(crate) struct CodeOp {
    pub(crate) id: String,
    /// Upper case.
    pub(crate) method: &'static str,
    pub(crate) path: String,
    /// Where a missing or moved operation is reported.
    pub(crate) span: Span,
    /// Path parameters with their type, when the macro knows it.
    pub(crate) params: Vec<(String, Option<Scalar>, Span)>,
    pub(crate) success: u16,
    /// Statuses the code can send besides the success, each with the option that brings
    /// it and why.
    pub(crate) statuses: Vec<(u16, Span, &'static str)>,
    /// `None` when the macro cannot know (no access rules in play).
    pub(crate) security: Option<(Security, Span)>,
}

/// The statuses every operation that reads or writes the database can send.
pub(crate) fn server_failures(span: Span) -> Vec<(u16, Span, &'static str)> {
    vec![
        (500, span, "an unexpected failure"),
        (503, span, "the database is unavailable"),
    ]
}

/// `/orders/{id}` and `/orders/{orderId}` are the same template.
pub(crate) fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(c),
            _ => {}
        }
    }
    out.trim_end_matches('/').to_owned()
}

fn names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect()
}

/// Finds `op` in the contract and checks what all operations share; `None` (with the drift
/// recorded) when the contract does not have it.
pub(crate) fn find<'c>(
    contract: &'c Contract,
    op: &CodeOp,
    drifts: &mut Drifts,
) -> Option<&'c Operation> {
    let by_id = contract
        .operations
        .iter()
        .find(|o| o.id.as_deref() == Some(op.id.as_str()));
    let by_route = contract
        .operations
        .iter()
        .find(|o| o.method == op.method && shape(&o.path) == shape(&op.path));
    let Some(found) = by_id.or(by_route) else {
        let hint = did_you_mean(
            &op.id,
            contract.operations.iter().filter_map(|o| o.id.as_deref()),
        )
        .map(|id| format!("; did you mean `{id}`?"))
        .or_else(|| {
            contract
                .operations
                .iter()
                .find(|o| shape(&o.path) == shape(&op.path))
                .map(|o| format!("; the contract has `{} {}` at this path", o.method, o.path))
        })
        .unwrap_or_default();
        drifts.change(
            "endpoint-added",
            op.span,
            format!(
                "`{} {}` (operation id `{}`) is not in the contract{hint}",
                op.method, op.path, op.id
            ),
        );
        return None;
    };
    if found.method != op.method || shape(&found.path) != shape(&op.path) {
        drifts.breaking(
            "api-path-removed-without-deprecation",
            op.span,
            format!(
                "the contract serves `{}` at `{} {}`, the code at `{} {}`",
                op.id, found.method, found.path, op.method, op.path
            ),
        );
        return Some(found);
    }
    if let Some(id) = &found.id
        && *id != op.id
    {
        drifts.breaking(
            "api-operation-id-removed",
            op.span,
            format!(
                "the contract names `{} {}` `{id}`, the code `{}`; set the id (e.g. `contract(ids(...))` on a resource, `operation_id = \"{id}\"` on an endpoint)",
                op.method, op.path, op.id
            ),
        );
    }
    path_params(contract, found, op, drifts);
    // A contract without authentication also lacks its 401 and 403: one drift says both.
    let auth_added = security(contract, found, op, drifts);
    statuses(contract, found, op, auth_added, drifts);
    Some(found)
}

/// The operation's parameters, path-level ones first and overridden by its own.
pub(crate) fn parameters<'c>(contract: &'c Contract, found: &Operation) -> Vec<&'c Value> {
    let op = found.node(contract);
    let item_pointer = found.pointer.rsplit_once('/').map_or("", |(p, _)| p);
    let item = contract.doc.pointer(item_pointer).unwrap_or(&Value::Null);
    let own: Vec<&Value> = op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| super::schema::resolve(contract, p))
        .collect();
    let key = |p: &Value| (p.get("in").cloned(), p.get("name").cloned());
    let mut all: Vec<&Value> = item
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| super::schema::resolve(contract, p))
        .filter(|p| !own.iter().any(|o| key(o) == key(p)))
        .collect();
    all.extend(own);
    all
}

/// The schema of a parameter.
pub(crate) fn parameter_schema<'c>(contract: &'c Contract, p: &'c Value) -> Option<View<'c>> {
    p.get("schema").map(|s| view(contract, s))
}

fn path_params(contract: &Contract, found: &Operation, op: &CodeOp, drifts: &mut Drifts) {
    let params = parameters(contract, found);
    // Path parameters pair by position: the names may differ.
    for ((name, scalar, span), contract_name) in op.params.iter().zip(names(&found.path)) {
        let Some(p) = params.iter().find(|p| {
            p.get("in").and_then(Value::as_str) == Some("path")
                && p.get("name").and_then(Value::as_str) == Some(contract_name)
        }) else {
            continue;
        };
        let (Some(scalar), Some(schema)) = (scalar, parameter_schema(contract, p)) else {
            continue;
        };
        compare_scalar(
            &schema,
            *scalar,
            true,
            *span,
            &format!("path parameter `{contract_name}` (`{name}` in the code)"),
            "request-parameter-type-changed",
            drifts,
        );
    }
}

/// A value the code reads (`request`) or writes against the contract's schema; `false`
/// when their types differ, so that checks of the value's bounds would only repeat it.
pub(crate) fn compare_scalar(
    schema: &View<'_>,
    code: Scalar,
    request: bool,
    span: Span,
    what: &str,
    rule: &'static str,
    drifts: &mut Drifts,
) -> bool {
    let types = schema.types();
    if types.is_empty() {
        return true;
    }
    let same_type =
        types.contains(&code.ty) || (code.ty == "integer" && types.contains(&"number") && !request);
    if !same_type {
        drifts.breaking(
            rule,
            span,
            format!(
                "{what} is `{}` in the contract, `{}` in the code",
                types.join(" | "),
                code.ty
            ),
        );
        return false;
    }
    let contract_format = schema.str("format");
    match (contract_format, code.format) {
        (Some(c), Some(k)) if c != k && !(code.ty == "integer" && request && c == "int32") => {
            drifts.breaking(
                rule,
                span,
                format!("{what} has format `{c}` in the contract, `{k}` in the code"),
            )
        }
        // The code refuses strings the contract allows (a non-UUID id, say).
        (None, Some(k)) if request && code.ty == "string" => drifts.breaking(
            rule,
            span,
            format!("{what} is any string in the contract; the code accepts only format `{k}`"),
        ),
        _ => {}
    }
    true
}

fn declares(responses: &serde_json::Map<String, Value>, status: u16) -> bool {
    let exact = status.to_string();
    let range = format!("{}XX", status / 100);
    responses.contains_key(&exact)
        || responses.contains_key(&range)
        || responses.contains_key(&range.to_lowercase())
        || responses.contains_key("default")
}

fn statuses(
    contract: &Contract,
    found: &Operation,
    op: &CodeOp,
    auth_added: bool,
    drifts: &mut Drifts,
) {
    let empty = serde_json::Map::new();
    let responses = found
        .node(contract)
        .get("responses")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let successes: Vec<&str> = responses
        .keys()
        .filter(|k| k.starts_with('2'))
        .map(String::as_str)
        .collect();
    if !successes.is_empty() && !declares(responses, op.success) {
        drifts.breaking(
            "response-success-status-removed",
            op.span,
            format!(
                "`{}` answers {} in the contract, {} in the code",
                op.id,
                successes.join(", "),
                op.success
            ),
        );
    }
    for (status, span, why) in &op.statuses {
        let implied = auth_added && matches!(status, 401 | 403);
        if !implied && !declares(responses, *status) {
            drifts.undeclared_status(*status, *span, why, &op.id);
        }
    }
}

/// The contract's requirement of an operation: `None` for public, else the scopes
/// (roles) of its first non-empty requirement.
fn contract_security(contract: &Contract, found: &Operation) -> Option<Option<Vec<String>>> {
    let requirements = found
        .node(contract)
        .get("security")
        .or_else(|| contract.doc.get("security"))?
        .as_array()?;
    if requirements.is_empty()
        || requirements
            .iter()
            .any(|r| r.as_object().is_some_and(serde_json::Map::is_empty))
    {
        return Some(None);
    }
    let scopes = requirements
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|r| r.values())
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    Some(Some(scopes))
}

/// Checks who may call; `true` when the code requires authentication the contract does
/// not.
fn security(contract: &Contract, found: &Operation, op: &CodeOp, drifts: &mut Drifts) -> bool {
    let Some((code, span)) = &op.security else {
        return false;
    };
    let Some(wanted) = contract_security(contract, found) else {
        if *code != Security::Public {
            drifts.breaking(
                "api-security-added",
                *span,
                format!("`{}` needs no authentication in the contract; the code requires a bearer token", op.id),
            );
            return true;
        }
        return false;
    };
    match (wanted, code) {
        (None, Security::Authenticated | Security::Roles(_)) => {
            drifts.breaking(
                "api-security-added",
                *span,
                format!("`{}` is open to anonymous callers in the contract; the code requires a bearer token", op.id),
            );
            return true;
        }
        (Some(scopes), Security::Roles(roles)) if !scopes.is_empty() => {
            let missing: Vec<&String> = scopes.iter().filter(|s| !roles.contains(s)).collect();
            if !missing.is_empty() {
                drifts.breaking(
                    "api-security-scope-removed",
                    *span,
                    format!(
                        "the contract admits `{}` with the roles {}; the code does not admit {}",
                        op.id,
                        scopes.join(", "),
                        missing
                            .iter()
                            .map(|s| format!("`{s}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
        (Some(scopes), Security::Roles(roles)) if scopes.is_empty() => drifts.breaking(
            "api-security-scope-added",
            *span,
            format!(
                "the contract admits any authenticated caller to `{}`; the code only the roles {}",
                op.id,
                roles.join(", ")
            ),
        ),
        (Some(_), Security::Public) => drifts.change(
            "api-security-removed",
            *span,
            format!(
                "the contract requires authentication for `{}`; the code lets anyone in",
                op.id
            ),
        ),
        _ => {}
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_compare_without_parameter_names() {
        assert_eq!(
            shape("/orders/{orderId}/confirm"),
            shape("/orders/{id}/confirm")
        );
        assert_ne!(shape("/orders/{id}"), shape("/orders"));
        assert_eq!(names("/a/{x}/b/{y}"), vec!["x", "y"]);
    }
}

//! A resource's five operations against the contract: each found where the code serves
//! it, and the resource as its responses write it; `body` checks the create and patch
//! bodies, `list` the list's parameters and envelope.

use proc_macro2::TokenStream;
use serde_json::Value;

use super::load::Contract;
use super::operation::{self, CodeOp, Scalar, Security, compare_scalar};
use super::schema::{View, view};
use super::{Drifts, body, list};
use crate::internals::rules::Rule;
use crate::internals::types::Kind;
use crate::resource::model::{Allow, Field, Op, Resource};

/// The contract drifts of `model`, as tokens to emit after its expansion.
pub(crate) fn check(model: &Resource) -> TokenStream {
    super::checked(|contract, drifts| {
        if !model.contract.skip {
            operations(contract, model, drifts);
        }
    })
}

/// The resource's operations against the contract's.
fn operations(contract: &Contract, model: &Resource, drifts: &mut Drifts) {
    // Operations that answer with the same schema (get, create and update all answer with
    // `Order`) report its drifts once.
    let mut seen: Vec<*const Value> = Vec::new();
    if let Some((breaking, rule, message)) = misplaced(contract, model) {
        if breaking {
            drifts.breaking(rule, model.path_span, message);
        } else {
            drifts.change(rule, model.path_span, message);
        }
        return;
    }
    for op in &model.operations {
        let code = code_op(model, *op);
        let Some(found) = operation::find(contract, &code, drifts) else {
            continue;
        };
        let node = found.node(contract);
        match op {
            Op::Create => body::body(contract, node, model, true, drifts),
            Op::Update => body::body(contract, node, model, false, drifts),
            Op::List => {
                list::query(contract, found, model, drifts);
                list::envelope(contract, node, code.success, model, &mut seen, drifts);
            }
            Op::Get | Op::Delete => {}
        }
        if matches!(op, Op::Create | Op::Get | Op::Update)
            && let Some(schema) = success_schema(contract, node, code.success)
            && !seen.contains(&std::ptr::from_ref(schema.node))
        {
            seen.push(schema.node);
            response(
                contract,
                &schema,
                model,
                &format!("the body of `{}`", code.id),
                drifts,
            );
        }
    }
    if let Some(field) = model.fields.iter().find(|f| f.history) {
        // `GET {path}/{id}/transitions`: answered like get, for whoever may get the row.
        let mut code = code_op(model, Op::Get);
        code.id = format!("list{}Transitions", model.ident);
        code.path = format!("{}/{{id}}/transitions", model.path);
        code.span = field.ident.span();
        operation::find(contract, &code, drifts);
    }
}

/// When none of the resource's operations is in the contract at its route, one message for
/// the path (where the contract serves them by id, or the nearest path it has) instead of
/// one per operation.
fn misplaced(contract: &Contract, model: &Resource) -> Option<(bool, &'static str, String)> {
    let ops: Vec<CodeOp> = model
        .operations
        .iter()
        .map(|op| code_op(model, *op))
        .collect();
    let routed = ops.iter().any(|op| {
        contract.operations.iter().any(|o| {
            o.method == op.method && operation::shape(&o.path) == operation::shape(&op.path)
        })
    });
    if routed {
        return None;
    }
    let by_id = ops.iter().find_map(|op| {
        contract
            .operations
            .iter()
            .find(|o| o.id.as_deref() == Some(op.id.as_str()))
    });
    if let Some(o) = by_id {
        let collection = o.path.split("/{").next().unwrap_or(&o.path);
        return Some((
            true,
            "api-path-removed-without-deprecation",
            format!(
                "the contract serves the operations of `{}` at `{collection}`; the code at `{}`",
                model.ident, model.path
            ),
        ));
    }
    let paths = contract.operations.iter().map(|o| o.path.as_str());
    let message = match super::did_you_mean(&model.path, paths) {
        Some(near) => format!(
            "the contract has no operation of `{}` at `{}`; did you mean `{near}`?",
            model.ident, model.path
        ),
        None => format!(
            "the contract has none of the operations of `{}` (at `{}`); add them to it, or write `contract = skip` if the resource is internal",
            model.ident, model.path
        ),
    };
    Some((false, "endpoint-added", message))
}

pub(super) fn id_field(model: &Resource) -> Option<&Field> {
    model
        .fields
        .iter()
        .find(|f| f.access == crate::resource::model::Access::Id)
}

/// The JSON type and format of a field's values, when the macro knows them.
pub(crate) fn scalar(kind: Kind, inner: &syn::Type, rules: &[Rule]) -> Option<Scalar> {
    let s = |ty, format| Some(Scalar { ty, format });
    match kind {
        Kind::Uuid => s("string", Some("uuid")),
        Kind::DateTimeUtc => s("string", Some("date-time")),
        Kind::Date => s("string", Some("date")),
        Kind::Text => {
            let format = rules.iter().find_map(|r| match r {
                Rule::Email => Some("email"),
                Rule::Url => Some("uri"),
                _ => None,
            });
            s("string", format)
        }
        Kind::Int(64) => s("integer", Some("int64")),
        Kind::Int(_) => s("integer", Some("int32")),
        Kind::Float => {
            let f32 = quote::quote!(#inner).to_string() == "f32";
            s("number", Some(if f32 { "float" } else { "double" }))
        }
        Kind::Bool => s("boolean", None),
        Kind::Json | Kind::List | Kind::Other => None,
    }
}

fn code_op(model: &Resource, op: Op) -> CodeOp {
    let i = op.index();
    let span = model.contract.id_spans[i]
        .or(model.spans.operations[i])
        .unwrap_or(model.path_span);
    let (method, item, success) = match op {
        Op::Create => ("POST", false, 201),
        Op::Get => ("GET", true, 200),
        Op::List => ("GET", false, 200),
        Op::Update => ("PATCH", true, 200),
        Op::Delete => ("DELETE", true, 204),
    };
    let path = if item {
        format!("{}/{{id}}", model.path)
    } else {
        model.path.clone()
    };
    let params = if item {
        let id = id_field(model);
        vec![(
            "id".to_owned(),
            id.and_then(|f| scalar(f.kind, &f.inner, &f.rules.rules)),
            id.map_or(span, |f| f.ident.span()),
        )]
    } else {
        Vec::new()
    };
    let mut statuses = operation::server_failures(span);
    if op != Op::Create {
        // Lists answer 400 for a bad query; the others for an id that is not a UUID.
        statuses.push((
            400,
            span,
            if op == Op::List {
                "a malformed query"
            } else {
                "a malformed id"
            },
        ));
    }
    if item {
        statuses.push((404, span, "no row has the id"));
    }
    if matches!(op, Op::Create | Op::Update) {
        if op == Op::Create {
            statuses.push((400, span, "a body that is not JSON"));
        }
        statuses.push((413, span, "a body over the size limit"));
        statuses.push((415, span, "a body that is not JSON"));
        statuses.push((422, span, "a body that breaks a constraint"));
        if let Some(f) = model
            .fields
            .iter()
            .find(|f| f.writable() && (f.unique || f.references.is_some()))
        {
            let why = if f.unique {
                "a unique value already taken"
            } else {
                "a reference to nothing"
            };
            statuses.push((409, f.ident.span(), why));
        }
    }
    let scoped = model.fields.iter().any(|f| f.scope.is_some());
    let written = model.spans.access.iter().any(Option::is_some) || scoped;
    let security = written.then(|| {
        let allow = &model.access.ops[i];
        let at = model.spans.access[i].unwrap_or(span);
        let sec = match allow {
            Allow::Public => Security::Public,
            Allow::Authenticated => Security::Authenticated,
            Allow::Roles(r) => Security::Roles(r.clone()),
        };
        if *allow != Allow::Public {
            statuses.push((401, at, "no valid bearer token"));
        }
        if matches!(allow, Allow::Roles(_)) {
            statuses.push((403, at, "a caller without the role"));
        } else if scoped && *allow != Allow::Public {
            statuses.push((403, at, "a caller who cannot own rows"));
        }
        (sec, at)
    });
    CodeOp {
        id: model.contract.ids[i].clone(),
        method,
        path,
        span,
        params,
        success,
        statuses,
        security,
    }
}

/// The JSON schema of the response at `status`.
pub(super) fn success_schema<'c>(
    contract: &'c Contract,
    node: &'c Value,
    status: u16,
) -> Option<View<'c>> {
    let response = node.get("responses")?.get(status.to_string())?;
    let response = super::schema::resolve(contract, response);
    let content = response.get("content")?.as_object()?;
    let json = content
        .iter()
        .find(|(k, _)| k.starts_with("application/json") || k.ends_with("+json"))?
        .1;
    json.get("schema").map(|s| view(contract, s))
}

pub(super) fn list_names(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn shown(n: Option<f64>) -> String {
    n.map_or_else(|| "none".to_owned(), |n| n.to_string())
}

/// The resource as the code writes it against the contract's response schema.
pub(super) fn response(
    contract: &Contract,
    schema: &View<'_>,
    model: &Resource,
    what: &str,
    drifts: &mut Drifts,
) {
    let Some(props) = schema.properties() else {
        return;
    };
    let required = schema.required();
    for (name, prop) in props {
        let prop_view = view(contract, prop);
        let Some(field) = model
            .fields
            .iter()
            .find(|f| f.name == *name && f.readable())
        else {
            if required.contains(&name.as_str()) {
                drifts.breaking(
                    "response-required-property-removed",
                    model.ident.span(),
                    format!("{what} must have `{name}` in the contract; `{}` has no readable field with that JSON name", model.ident),
                );
            } else {
                drifts.change(
                    "response-optional-property-removed",
                    model.ident.span(),
                    format!("{what} may have `{name}` in the contract; the code never sends it"),
                );
            }
            continue;
        };
        let span = field.ident.span();
        // A schema without a type (any JSON value) admits null already.
        if field.nullable && !prop_view.nullable && !prop_view.types().is_empty() {
            drifts.breaking(
                "response-property-became-nullable",
                span,
                format!("`{name}` is never null in the contract; the code's field is an `Option` and sends null"),
            );
        }
        if let Some(code) = scalar(field.kind, &field.inner, &field.rules.rules) {
            compare_scalar(
                &prop_view,
                code,
                false,
                span,
                &format!("`{name}` in {what}"),
                "response-property-type-changed",
                drifts,
            );
        }
    }
    let extra: Vec<&str> = model
        .fields
        .iter()
        .filter(|f| f.readable() && !props.contains_key(&f.name))
        .map(|f| f.name.as_str())
        .collect();
    if !extra.is_empty() {
        let message = format!(
            "{what} also has {}, which the contract does not list",
            list_names(&extra)
        );
        if schema.refuses_unknown_members() {
            drifts.breaking(
                "response-property-added",
                model.ident.span(),
                format!("{message}, and the contract allows no other members"),
            );
        } else {
            drifts.change(
                "response-required-property-added",
                model.ident.span(),
                message,
            );
        }
    }
}

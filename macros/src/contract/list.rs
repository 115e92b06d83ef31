//! A resource's list against the contract: its query parameters (limit, cursor or page,
//! filters, sort) and its body (the envelope's member names, the page member, each item).

use proc_macro2::Span;
use serde_json::Value;

use super::Drifts;
use super::load::{Contract, Operation};
use super::operation;
use super::resource::{id_field, list_names, response, shown, success_schema};
use super::schema::{View, view};
use crate::internals::types::Kind;
use crate::resource::model::{Field, Op, Resource};

/// The list body: its two members by name, the page member's members, and each item.
pub(super) fn envelope(
    contract: &Contract,
    node: &Value,
    status: u16,
    model: &Resource,
    seen: &mut Vec<*const Value>,
    drifts: &mut Drifts,
) {
    let Some(schema) = success_schema(contract, node, status) else {
        return;
    };
    let Some(props) = schema.properties() else {
        return;
    };
    let span = model
        .envelope
        .span
        .or(model.spans.operations[Op::List.index()])
        .unwrap_or(model.path_span);
    let (items, page) = (&model.envelope.items, &model.envelope.page);
    let array = props
        .iter()
        .find(|(_, v)| view(contract, v).types() == ["array"])
        .map(|(k, _)| k.as_str());
    let object = props
        .iter()
        .find(|(k, v)| Some(k.as_str()) != array && view(contract, v).types() == ["object"])
        .map(|(k, _)| k.as_str());
    let mut wrong = Vec::new();
    if !props.contains_key(items.as_str()) {
        wrong.push(format!("items = \"{}\"", array.unwrap_or("?")));
    }
    if !props.contains_key(page.as_str()) {
        wrong.push(format!("page = \"{}\"", object.unwrap_or("?")));
    }
    if !wrong.is_empty() {
        let members: Vec<&str> = props.keys().map(String::as_str).collect();
        drifts.breaking(
            "response-required-property-removed",
            span,
            format!(
                "the contract's list body has {}; the code sends `{items}` and `{page}`: write `envelope({})` on the resource, or `[list]` in resourcery.toml for every resource",
                list_names(&members),
                wrong.join(", ")
            ),
        );
        return;
    }
    if let Some(item) = props
        .get(items.as_str())
        .and_then(|v| view(contract, v).node.get("items"))
    {
        let item = view(contract, item);
        if !seen.contains(&std::ptr::from_ref(item.node)) {
            seen.push(item.node);
            response(contract, &item, model, "a list item", drifts);
        }
    }
    let page_view = view(contract, &props[page.as_str()]);
    let ours: &[&str] = if model.list.max_offset.is_some() {
        &[
            "has_next",
            "has_prev",
            "page",
            "page_size",
            "total_count",
            "total_pages",
        ]
    } else {
        &[
            "has_next",
            "has_prev",
            "limit",
            "next_cursor",
            "prev_cursor",
        ]
    };
    let missing: Vec<&str> = page_view
        .required()
        .into_iter()
        .filter(|m| !ours.contains(m))
        .collect();
    if !missing.is_empty() {
        drifts.breaking(
            "response-required-property-removed",
            span,
            format!(
                "the contract's `{page}` requires {}, which resourcery does not send; its members are {} and cannot be renamed",
                list_names(&missing),
                list_names(ours)
            ),
        );
    }
}

/// Filter operators the list accepts on a field, as the query names them.
fn filter_names(f: &Field) -> Vec<String> {
    let mut ops = vec!["", "ne", "in"];
    if matches!(
        f.kind,
        Kind::Int(_) | Kind::Float | Kind::DateTimeUtc | Kind::Date
    ) {
        ops.extend(["lt", "lte", "gt", "gte"]);
    }
    if f.kind == Kind::Text {
        ops.extend(["prefix", "contains"]);
    }
    if f.nullable {
        ops.push("null");
    }
    ops.iter()
        .map(|op| {
            if op.is_empty() {
                f.name.clone()
            } else {
                format!("{}[{op}]", f.name)
            }
        })
        .collect()
}

/// The list's query parameters against the contract's.
pub(super) fn query(contract: &Contract, found: &Operation, model: &Resource, drifts: &mut Drifts) {
    let offset = model.list.max_offset.is_some();
    let mut known: Vec<String> = if offset {
        vec!["page".into(), "page_size".into()]
    } else {
        vec!["limit".into(), "cursor".into()]
    };
    known.push("sort".into());
    for f in model.fields.iter().filter(|f| f.filterable && f.readable()) {
        known.extend(filter_names(f));
    }
    let span = model.spans.operations[Op::List.index()].unwrap_or(model.path_span);
    let mut listed = Vec::new();
    for p in operation::parameters(contract, found) {
        if p.get("in").and_then(Value::as_str) != Some("query") {
            continue;
        }
        let Some(name) = p.get("name").and_then(Value::as_str) else {
            continue;
        };
        listed.push(name.to_owned());
        if !known.iter().any(|k| k == name) {
            let base = name.split('[').next().unwrap_or(name);
            let (at, hint) = match model.fields.iter().find(|f| f.name == base) {
                Some(f) if !f.filterable => {
                    (f.ident.span(), format!("; mark `{}` `filterable`", f.ident))
                }
                Some(f) => (f.ident.span(), " with this operator".to_owned()),
                None => (span, String::new()),
            };
            drifts.breaking(
                "request-parameter-removed",
                at,
                format!("the contract's list takes the query parameter `{name}`; the code refuses it{hint}"),
            );
            continue;
        }
        let Some(schema) = operation::parameter_schema(contract, p) else {
            continue;
        };
        if name == "limit" || name == "page_size" {
            let max = model.list.max_limit as f64;
            if schema.number("maximum").is_none_or(|c| c > max) {
                drifts.breaking(
                    "request-parameter-max-decreased",
                    model.spans.max_page_size.unwrap_or(span),
                    format!(
                        "the contract allows `{name}` up to {}; the code's `max_page_size` is {}",
                        shown(schema.number("maximum")),
                        model.list.max_limit
                    ),
                );
            }
        }
        if name == "sort" {
            sort(contract, &schema, model, span, drifts);
        }
    }
    let extra: Vec<&str> = known
        .iter()
        .filter(|k| !listed.contains(k))
        .map(String::as_str)
        .collect();
    if !extra.is_empty() {
        drifts.change(
            "new-optional-request-parameter",
            span,
            format!(
                "the code's list also takes {}, which the contract does not list",
                list_names(&extra)
            ),
        );
    }
}

fn sort(contract: &Contract, schema: &View<'_>, model: &Resource, span: Span, drifts: &mut Drifts) {
    let values = schema.enum_values().or_else(|| {
        schema
            .node
            .get("items")
            .and_then(|i| view(contract, i).enum_values())
    });
    let Some(values) = values else { return };
    let id = id_field(model).map_or("id", |f| f.name.as_str());
    // `x` and `-x` are one missing sort key.
    let mut missing: Vec<(&str, Vec<&str>)> = Vec::new();
    for value in values.iter().filter_map(|v| v.as_str()) {
        let name = value.trim_start_matches(['-', '+']);
        let sortable = model.fields.iter().any(|f| f.name == name && f.sortable);
        if name == id || sortable {
            continue;
        }
        match missing.iter_mut().find(|(n, _)| *n == name) {
            Some((_, written)) => written.push(value),
            None => missing.push((name, vec![value])),
        }
    }
    for (name, written) in missing {
        let (at, hint) = match model.fields.iter().find(|f| f.name == name) {
            Some(f) => (f.ident.span(), format!("; mark `{}` `sortable`", f.ident)),
            None => (span, String::new()),
        };
        drifts.breaking(
            "request-parameter-enum-value-removed",
            at,
            format!(
                "the contract's `sort` allows {}; the code cannot sort by `{name}`{hint}",
                list_names(&written)
            ),
        );
    }
}

//! A resource's five operations against the contract: each found, its list parameters,
//! its create and patch bodies, its responses and its list envelope.

use proc_macro2::{Span, TokenStream};
use serde_json::Value;
use syn::Lit;

use super::load::{Contract, Operation};
use super::operation::{self, CodeOp, Scalar, Security, compare_scalar};
use super::schema::{View, view};
use super::{Drifts, emit};
use crate::internals::rules::Rule;
use crate::internals::types::Kind;
use crate::resource::model::{Allow, Field, Op, Resource};

/// The contract drifts of `model`, as tokens to emit after its expansion.
pub(crate) fn check(model: &Resource) -> TokenStream {
    if model.contract.skip {
        return TokenStream::new();
    }
    let (config, tracked) = match super::contract() {
        Ok(Some(found)) => found,
        Ok(None) => return TokenStream::new(),
        Err(tokens) => return tokens,
    };
    let loaded = super::load::load(&config.path);
    let Ok(contract) = &*loaded else {
        return TokenStream::new();
    };
    let mut drifts = Drifts::default();
    // Operations that answer with the same schema (get, create and update all answer with
    // `Order`) report its drifts once.
    let mut seen: Vec<*const Value> = Vec::new();
    if let Some((breaking, rule, message)) = misplaced(contract, model) {
        if breaking {
            drifts.breaking(rule, model.path_span, message);
        } else {
            drifts.change(rule, model.path_span, message);
        }
        return emit(&config, &tracked, drifts);
    }
    for op in &model.operations {
        let code = code_op(model, *op);
        let Some(found) = operation::find(contract, &code, &mut drifts) else {
            continue;
        };
        let node = found.node(contract);
        match op {
            Op::Create => body(contract, node, model, true, &mut drifts),
            Op::Update => body(contract, node, model, false, &mut drifts),
            Op::List => {
                query(contract, found, model, &mut drifts);
                envelope(contract, node, code.success, model, &mut seen, &mut drifts);
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
                &mut drifts,
            );
        }
    }
    emit(&config, &tracked, drifts)
}

/// When none of the resource's operations is in the contract at its route, one message for
/// the path (where the contract serves them by id, or the nearest path it has) instead of
/// one per operation.
fn misplaced(contract: &Contract, model: &Resource) -> Option<(bool, &'static str, String)> {
    let ops: Vec<CodeOp> = model.operations.iter().map(|op| code_op(model, *op)).collect();
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

fn id_field(model: &Resource) -> Option<&Field> {
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
    let mut statuses: Vec<(u16, Span, &'static str)> = vec![
        (500, span, "an unexpected failure"),
        (503, span, "the database is unavailable"),
    ];
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
fn success_schema<'c>(contract: &'c Contract, node: &'c Value, status: u16) -> Option<View<'c>> {
    let response = node.get("responses")?.get(status.to_string())?;
    let response = super::schema::resolve(contract, response);
    let content = response.get("content")?.as_object()?;
    let json = content
        .iter()
        .find(|(k, _)| k.starts_with("application/json") || k.ends_with("+json"))?
        .1;
    json.get("schema").map(|s| view(contract, s))
}

fn request_schema<'c>(contract: &'c Contract, node: &'c Value) -> Option<View<'c>> {
    let body = super::schema::resolve(contract, node.get("requestBody")?);
    let content = body.get("content")?.as_object()?;
    let json = content
        .iter()
        .find(|(k, _)| k.starts_with("application/json"))?
        .1;
    json.get("schema").map(|s| view(contract, s))
}

fn list_names(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The create (`create`) or patch body against the contract's request body.
fn body(contract: &Contract, node: &Value, model: &Resource, create: bool, drifts: &mut Drifts) {
    let Some(schema) = request_schema(contract, node) else {
        return;
    };
    let Some(props) = schema.properties() else {
        return;
    };
    let required = schema.required();
    let which = if create { "create" } else { "patch" };
    for (name, prop) in props {
        let prop_view = view(contract, prop);
        let Some(field) = model.fields.iter().find(|f| f.name == *name) else {
            if prop_view.node.get("readOnly") != Some(&Value::Bool(true)) {
                drifts.breaking(
                    "request-property-removed",
                    model.ident.span(),
                    format!("the {which} body of the contract has `{name}`; `{}` has no field with that JSON name, and unknown members are refused", model.ident),
                );
            }
            continue;
        };
        let span = field.ident.span();
        if !field.writable() {
            if prop_view.node.get("readOnly") != Some(&Value::Bool(true)) {
                drifts.breaking(
                    "request-property-removed",
                    span,
                    format!("the {which} body of the contract has `{name}`, which the code does not accept: the field is not writable"),
                );
            }
            continue;
        }
        let code_required = create && !field.nullable && field.default.is_none();
        if code_required && !required.contains(&name.as_str()) {
            drifts.breaking(
                "request-property-became-required",
                span,
                format!("`{name}` is optional in the contract's {which} body; the code requires it (make it `Option<_>` or give it a `default`)"),
            );
        } else if !code_required && required.contains(&name.as_str()) {
            drifts.change(
                "request-property-became-optional",
                span,
                format!("`{name}` is required in the contract's {which} body; the code accepts it left out"),
            );
        }
        if prop_view.nullable && !field.nullable {
            drifts.breaking(
                "request-property-became-not-nullable",
                span,
                format!(
                    "`{name}` may be null in the contract; the code's field is not an `Option`"
                ),
            );
        }
        let same_type = scalar(field.kind, &field.inner, &field.rules.rules).is_none_or(|code| {
            compare_scalar(
                &prop_view,
                code,
                true,
                span,
                &format!("`{name}`"),
                "request-property-type-changed",
                drifts,
            )
        });
        if same_type {
            constraints(&prop_view, field, drifts);
        }
    }
    let extra: Vec<&Field> = model
        .fields
        .iter()
        .filter(|f| f.writable() && !props.contains_key(&f.name))
        .collect();
    for f in extra
        .iter()
        .filter(|f| create && !f.nullable && f.default.is_none())
    {
        drifts.breaking(
            "new-required-request-property",
            f.ident.span(),
            format!(
                "the code requires `{}` in the {which} body; the contract does not have it",
                f.name
            ),
        );
    }
    let optional: Vec<&str> = extra
        .iter()
        .filter(|f| !(create && !f.nullable && f.default.is_none()))
        .map(|f| f.name.as_str())
        .collect();
    if !optional.is_empty() {
        drifts.change(
            "new-optional-request-property",
            model.ident.span(),
            format!(
                "the code's {which} body also accepts {}, which the contract does not have",
                list_names(&optional)
            ),
        );
    }
    if schema.allows_unknown_members() {
        drifts.breaking(
            "request-property-removed",
            model.ident.span(),
            format!("the contract's {which} body allows members it does not list (`additionalProperties`); the code refuses unknown members"),
        );
    }
}

/// `validate(...)` rules against the contract's keywords: the code must accept every
/// value the contract allows.
fn constraints(schema: &View<'_>, field: &Field, drifts: &mut Drifts) {
    let name = &field.name;
    let span = field.ident.span();
    let mut tighter = |rule: &'static str, what: String| {
        drifts.breaking(
            rule,
            span,
            format!("`{name}`: {what}, so the code refuses values the contract allows"),
        );
    };
    for rule in &field.rules.rules {
        match rule {
            Rule::Length { min, max } => {
                if let Some(max) = max
                    && schema.number("maxLength").is_none_or(|c| c > *max as f64)
                {
                    tighter(
                        "request-property-max-length-decreased",
                        format!(
                            "the code's `length(max = {max})` is below the contract's maxLength ({})",
                            shown(schema.number("maxLength"))
                        ),
                    );
                }
                if let Some(min) = min
                    && *min as f64 > schema.number("minLength").unwrap_or(0.0)
                {
                    tighter(
                        "request-property-min-length-increased",
                        format!(
                            "the code's `length(min = {min})` is above the contract's minLength ({})",
                            shown(schema.number("minLength"))
                        ),
                    );
                }
            }
            Rule::NonEmpty if schema.number("minLength").unwrap_or(0.0) < 1.0 => {
                tighter(
                    "request-property-min-length-increased",
                    "the code's `non_empty` refuses the empty string".to_owned(),
                );
            }
            Rule::Range { min, max } => {
                if let Some((max, _)) = max
                    && schema
                        .number("maximum")
                        .or(schema.number("exclusiveMaximum"))
                        .is_none_or(|c| c > max.as_f64())
                {
                    tighter(
                        "request-property-max-decreased",
                        format!(
                            "the code's maximum {} is below the contract's ({})",
                            max.as_f64(),
                            shown(schema.number("maximum"))
                        ),
                    );
                }
                if let Some((min, _)) = min
                    && schema
                        .number("minimum")
                        .or(schema.number("exclusiveMinimum"))
                        .is_none_or(|c| c < min.as_f64())
                {
                    tighter(
                        "request-property-min-increased",
                        format!(
                            "the code's minimum {} is above the contract's ({})",
                            min.as_f64(),
                            shown(schema.number("minimum"))
                        ),
                    );
                }
            }
            Rule::Pattern(pattern) => match schema.str("pattern") {
                Some(c) if c == pattern => {}
                Some(c) => tighter(
                    "request-property-pattern-changed",
                    format!("the code's pattern `{pattern}` differs from the contract's `{c}`"),
                ),
                None => tighter(
                    "request-property-pattern-added",
                    format!("the code adds the pattern `{pattern}`"),
                ),
            },
            Rule::OneOf(values) => {
                let code: Vec<Value> = values.iter().filter_map(lit_json).collect();
                match schema.enum_values() {
                    Some(allowed) => {
                        let missing: Vec<String> = allowed
                            .iter()
                            .filter(|v| !code.contains(v))
                            .map(ToString::to_string)
                            .collect();
                        if !missing.is_empty() {
                            tighter(
                                "request-property-enum-value-removed",
                                format!("the contract allows {} too", missing.join(", ")),
                            );
                        }
                    }
                    None => tighter(
                        "request-property-enum-value-removed",
                        "the code's `one_of` limits a value the contract leaves open".to_owned(),
                    ),
                }
            }
            _ => {}
        }
    }
}

fn shown(n: Option<f64>) -> String {
    n.map_or_else(|| "none".to_owned(), |n| n.to_string())
}

fn lit_json(lit: &Lit) -> Option<Value> {
    match lit {
        Lit::Str(s) => Some(Value::String(s.value())),
        Lit::Int(i) => i.base10_parse::<i64>().ok().map(Value::from),
        _ => None,
    }
}

/// The resource as the code writes it against the contract's response schema.
fn response(
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

/// The list body: its two members by name, the page member's members, and each item.
fn envelope(
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
fn query(contract: &Contract, found: &Operation, model: &Resource, drifts: &mut Drifts) {
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

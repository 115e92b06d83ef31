//! A resource's create and patch bodies against the contract's request bodies: each
//! member's name, requiredness, nullability and type, and the `validate(...)` rules against
//! the contract's constraint keywords.

use serde_json::Value;
use syn::Lit;

use super::Drifts;
use super::load::Contract;
use super::operation::compare_scalar;
use super::resource::{list_names, scalar, shown};
use super::schema::{View, view};
use crate::internals::rules::Rule;
use crate::resource::model::{Field, Resource};

fn request_schema<'c>(contract: &'c Contract, node: &'c Value) -> Option<View<'c>> {
    let body = super::schema::resolve(contract, node.get("requestBody")?);
    let content = body.get("content")?.as_object()?;
    let json = content
        .iter()
        .find(|(k, _)| k.starts_with("application/json"))?
        .1;
    json.get("schema").map(|s| view(contract, s))
}

/// The create (`create`) or patch body against the contract's request body.
pub(super) fn body(
    contract: &Contract,
    node: &Value,
    model: &Resource,
    create: bool,
    drifts: &mut Drifts,
) {
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

fn lit_json(lit: &Lit) -> Option<Value> {
    match lit {
        Lit::Str(s) => Some(Value::String(s.value())),
        Lit::Int(i) => i.base10_parse::<i64>().ok().map(Value::from),
        _ => None,
    }
}

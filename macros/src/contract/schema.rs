//! A contract schema read the way the checks need it: `$ref`s followed, and the three
//! spellings of "may be null" (3.0 `nullable: true`, 3.1 `type: [T, "null"]`, `anyOf`/`oneOf`
//! with a `null` branch) read as one flag.

use serde_json::{Map, Value};

use super::load::Contract;

/// A schema with its references followed and its nullability read off.
#[derive(Clone, Copy)]
pub(crate) struct View<'a> {
    pub(crate) node: &'a Value,
    pub(crate) nullable: bool,
}

/// Follows `$ref`s (at most 32, against cycles) from `node`.
pub(crate) fn resolve<'a>(contract: &'a Contract, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(target) => {
                node = target
                    .strip_prefix('#')
                    .and_then(|p| contract.doc.pointer(p))
                    .unwrap_or(&Value::Null);
            }
            None => break,
        }
    }
    node
}

fn is_null_branch(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("const").is_some_and(Value::is_null)
        || v.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.len() == 1 && e[0].is_null())
}

/// The view of `node`.
pub(crate) fn view<'a>(contract: &'a Contract, node: &'a Value) -> View<'a> {
    let node = resolve(contract, node);
    let mut nullable = node.get("nullable").and_then(Value::as_bool) == Some(true)
        || node
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|t| t.iter().any(|t| t == "null"));
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = node.get(key).and_then(Value::as_array) {
            let rest: Vec<&Value> = branches
                .iter()
                .map(|b| resolve(contract, b))
                .filter(|b| !is_null_branch(b))
                .collect();
            if rest.len() == 1 && rest.len() < branches.len() {
                let inner = view(contract, rest[0]);
                return View {
                    node: inner.node,
                    nullable: true,
                };
            }
        }
    }
    if let Some([only]) = node
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        let inner = view(contract, only);
        nullable |= inner.nullable;
        return View {
            node: inner.node,
            nullable,
        };
    }
    View { node, nullable }
}

impl<'a> View<'a> {
    /// The JSON types other than `null`; empty when the schema does not say.
    pub(crate) fn types(&self) -> Vec<&'a str> {
        match self.node.get("type") {
            Some(Value::String(t)) if t != "null" => vec![t.as_str()],
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn str(&self, key: &str) -> Option<&'a str> {
        self.node.get(key).and_then(Value::as_str)
    }

    pub(crate) fn number(&self, key: &str) -> Option<f64> {
        self.node.get(key).and_then(Value::as_f64)
    }

    pub(crate) fn properties(&self) -> Option<&'a Map<String, Value>> {
        self.node.get("properties").and_then(Value::as_object)
    }

    pub(crate) fn required(&self) -> Vec<&'a str> {
        self.node
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// The `enum` values other than `null`, as JSON.
    pub(crate) fn enum_values(&self) -> Option<Vec<&'a Value>> {
        self.node
            .get("enum")
            .and_then(Value::as_array)
            .map(|e| e.iter().filter(|v| !v.is_null()).collect())
    }

    /// `additionalProperties` is `true` or a schema: members the code refuses are allowed.
    pub(crate) fn allows_unknown_members(&self) -> bool {
        matches!(
            self.node.get("additionalProperties"),
            Some(Value::Bool(true) | Value::Object(_))
        )
    }

    pub(crate) fn refuses_unknown_members(&self) -> bool {
        self.node.get("additionalProperties") == Some(&Value::Bool(false))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::contract::load::parse;

    #[test]
    fn three_spellings_of_nullable_read_the_same() {
        let c = parse(
            Path::new("c.yaml"),
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    S: {type: string, format: uuid}\n    A: {type: string, nullable: true}\n    B: {type: [string, 'null']}\n    C: {anyOf: [{$ref: '#/components/schemas/S'}, {type: 'null'}]}\n    D: {type: string}\n",
        )
        .unwrap();
        for (name, nullable) in [("A", true), ("B", true), ("C", true), ("D", false)] {
            let node = c
                .doc
                .pointer(&format!("/components/schemas/{name}"))
                .unwrap();
            let v = view(&c, node);
            assert_eq!(v.nullable, nullable, "{name}");
            assert_eq!(v.types(), vec!["string"], "{name}");
        }
        let c_node = c.doc.pointer("/components/schemas/C").unwrap();
        assert_eq!(view(&c, c_node).str("format"), Some("uuid"));
    }
}

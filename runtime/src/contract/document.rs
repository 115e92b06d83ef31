//! Reading a contract: JSON or YAML, OpenAPI 3.0 or 3.1, every `$ref` local and pointing
//! somewhere; and following references in it.

use std::path::Path;

use serde_json::Value;

/// The contract at `path`, parsed and checked for the references the comparison follows.
pub(super) fn read(path: &Path) -> Result<Value, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the contract `{shown}`: {e}"))?;
    parse(&text).map_err(|e| format!("the contract `{shown}` {e}"))
}

/// A document from its text: JSON when it starts with `{`, else YAML.
pub(super) fn parse(text: &str) -> Result<Value, String> {
    let doc: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| format!("is not valid JSON: {e}"))?
    } else {
        serde_saphyr::from_str(text).map_err(|e| format!("is not valid YAML: {e}"))?
    };
    match doc.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => {}
        Some(v) => {
            return Err(format!(
                "is OpenAPI {v}; resourcery compares with OpenAPI 3.0 and 3.1"
            ));
        }
        None => return Err("is not an OpenAPI document: it has no `openapi` version field".into()),
    }
    references(&doc, &doc, &mut String::new())?;
    Ok(doc)
}

/// Every `$ref` under `node` (at JSON pointer `at`) is local and resolves.
fn references(doc: &Value, node: &Value, at: &mut String) -> Result<(), String> {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let Some(pointer) = target.strip_prefix('#') else {
                    return Err(format!(
                        "has `$ref: {target}` at `{at}`, which points outside the file; external references are not supported, copy the schema into `components`"
                    ));
                };
                if doc.pointer(pointer).is_none() {
                    return Err(format!(
                        "has `$ref: {target}` at `{at}`, which points to nothing in the file"
                    ));
                }
            }
            for (key, value) in map {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                references(doc, value, at)?;
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                references(doc, value, at)?;
                at.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// `node` with its `$ref`s followed (at most 32, against reference loops).
pub(super) fn resolve<'a>(doc: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(target) => match target.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                Some(next) => node = next,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_read_alike_and_broken_files_are_named() {
        let yaml = "openapi: 3.1.0\npaths: {}\n";
        let json = r#"{"openapi": "3.1.0", "paths": {}}"#;
        assert_eq!(parse(yaml).unwrap(), parse(json).unwrap());
        assert!(
            parse("swagger: '2.0'")
                .unwrap_err()
                .contains("no `openapi`")
        );
        assert!(
            parse("openapi: 2.0.0")
                .unwrap_err()
                .contains("OpenAPI 2.0.0")
        );
        let dangling = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Ok'\n";
        let error = parse(dangling).unwrap_err();
        assert!(error.contains("/paths/~1a/get/responses/200"), "{error}");
        let external =
            "openapi: 3.0.3\ncomponents:\n  schemas:\n    A:\n      $ref: 'other.yaml#/A'\n";
        assert!(parse(external).unwrap_err().contains("outside the file"));
    }
}

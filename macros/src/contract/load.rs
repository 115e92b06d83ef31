//! The contract document: read once per compiler process (kept by path and modification
//! time), JSON or YAML, OpenAPI 3.0 or 3.1, every `$ref` checked to point inside it, and its
//! operations indexed for lookup.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use serde_json::Value;

/// HTTP methods an OpenAPI path item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A loaded, checked contract.
pub(crate) struct Contract {
    pub(crate) doc: Value,
    pub(crate) operations: Vec<Operation>,
}

/// One operation of the contract.
pub(crate) struct Operation {
    /// Upper case: `GET`.
    pub(crate) method: String,
    /// As written: `/orders/{orderId}`.
    pub(crate) path: String,
    pub(crate) id: Option<String>,
    /// JSON pointer of the operation object.
    pub(crate) pointer: String,
}

impl Operation {
    pub(crate) fn node<'a>(&self, contract: &'a Contract) -> &'a Value {
        contract.doc.pointer(&self.pointer).unwrap_or(&Value::Null)
    }
}

type Cached = Arc<Result<Contract, String>>;
/// Parsed contracts by path, each with the modification time it was read at.
type Cache = Mutex<HashMap<PathBuf, (Option<SystemTime>, Cached)>>;

/// The contract at `path`, parsed at most once per modification of the file.
pub(crate) fn load(path: &Path) -> Cached {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Ok(map) = cache.lock()
        && let Some((when, cached)) = map.get(path)
        && *when == modified
        && modified.is_some()
    {
        return cached.clone();
    }
    let loaded = Arc::new(read(path));
    if let Ok(mut map) = cache.lock() {
        map.insert(path.to_owned(), (modified, loaded.clone()));
    }
    loaded
}

fn read(path: &Path) -> Result<Contract, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the contract `{shown}`: {e}"))?;
    parse(path, &text)
}

pub(crate) fn parse(path: &Path, text: &str) -> Result<Contract, String> {
    let shown = path.display();
    let doc: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text)
            .map_err(|e| format!("the contract `{shown}` is not valid JSON: {e}"))?
    } else {
        serde_saphyr::from_str(text)
            .map_err(|e| format!("the contract `{shown}` is not valid YAML: {e}"))?
    };
    let version = doc.get("openapi").and_then(Value::as_str).ok_or_else(|| {
        format!(
            "the contract `{shown}` is not an OpenAPI document: it has no `openapi` version field"
        )
    })?;
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        return Err(format!(
            "the contract `{shown}` is OpenAPI {version}; resourcery reads OpenAPI 3.0 and 3.1"
        ));
    }
    check_refs(&doc, &doc, &mut String::new())
        .map_err(|e| format!("the contract `{shown}`: {e}"))?;
    let mut operations = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (template, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                operations.push(Operation {
                    method: method.to_ascii_uppercase(),
                    path: template.clone(),
                    id: op
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    pointer: format!("/paths/{}/{method}", escape(template)),
                });
            }
        }
    }
    Ok(Contract { doc, operations })
}

/// A JSON pointer token (RFC 6901 §3): `~` as `~0`, `/` as `~1`.
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Every `$ref` must point inside the document (RFC 6901 pointers after `#`).
fn check_refs(root: &Value, node: &Value, at: &mut String) -> Result<(), String> {
    match node {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                let Some(pointer) = target.strip_prefix('#') else {
                    return Err(format!(
                        "`$ref: {target}` at `{at}` points outside the file; external references are not supported, copy the schema into `components`"
                    ));
                };
                if root.pointer(pointer).is_none() {
                    return Err(format!(
                        "`$ref: {target}` at `{at}` points to nothing in the file"
                    ));
                }
            }
            for (key, value) in map {
                let len = at.len();
                at.push('/');
                at.push_str(&escape(key));
                check_refs(root, value, at)?;
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                check_refs(root, value, at)?;
                at.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Contract, String> {
        parse(Path::new("openapi.yaml"), text)
    }

    #[test]
    fn yaml_and_json_contracts_index_their_operations() {
        let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      operationId: getOrder\n    delete: {}\n";
        let c = parse_str(yaml).unwrap();
        assert_eq!(c.operations.len(), 2);
        assert_eq!(c.operations[0].method, "GET");
        assert_eq!(c.operations[0].id.as_deref(), Some("getOrder"));
        assert_eq!(c.operations[0].pointer, "/paths/~1orders~1{id}/get");
        assert!(c.operations[0].node(&c).is_object());
        let json = r#"{"openapi":"3.0.3","paths":{"/a":{"post":{}}}}"#;
        assert_eq!(parse_str(json).unwrap().operations[0].method, "POST");
    }

    #[test]
    fn broken_contracts_are_one_clear_message() {
        let cases = [
            ("swagger: '2.0'\n", "no `openapi` version"),
            ("openapi: 2.0.0\n", "OpenAPI 2.0.0"),
            ("openapi: [\n", "not valid YAML"),
            ("{\"openapi\": ", "not valid JSON"),
            (
                "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'other.yaml#/x'}\n",
                "points outside the file",
            ),
            (
                "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n",
                "`/components/schemas/A`",
            ),
        ];
        for (text, expected) in cases {
            let e = parse_str(text).err().unwrap();
            assert!(e.contains(expected), "{text:?}: {e}");
            assert!(e.contains("openapi.yaml"), "{e}");
        }
    }
}

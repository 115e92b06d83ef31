//! The whole generated document against an OpenAPI contract, in a test: what the macros
//! cannot see at compile time (members of `#[object]` types, enum values, transitions,
//! problem bodies, every status) and coverage, every contract operation served.
//!
//! The macros compare each `#[resource]` and endpoint with the contract named in
//! `resourcery.toml` while they compile. This module compares the assembled [`Api`]'s
//! document with it, at any depth, and writes the document for a code-first team to
//! commit. It needs the `contract` feature.
//!
//! ```no_run
//! // In a test of the crate whose resourcery.toml names the contract:
//! # async fn the_api_keeps_its_contract() -> Result<(), resourcery::Error> {
//! let db = resourcery::Db::connect("sqlite::memory:").await?;
//! let api = resourcery::Api::new(db); // ... with its resources and endpoints
//! // Panics listing every drift, each with the `file:line` of its declaration.
//! resourcery::contract::assert_conforms(&api);
//! # Ok(()) }
//! ```

mod document;
mod operations;
mod schema;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::api::Api;
use crate::error::Error;

/// One difference between the served API and its contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// oasdiff's rule id where it has one (`response-property-type-changed`, ...).
    pub rule: String,
    /// Whether a client written against the contract can break.
    pub breaking: bool,
    /// The operation: its id and route, e.g. ``"`getOrder` (GET /orders/{id})"``.
    pub operation: String,
    /// `file:line` of the declaration serving it; `None` for an operation only the
    /// contract has.
    pub declared: Option<&'static str>,
    /// What differs.
    pub message: String,
}

impl Drift {
    fn new(
        rule: &str,
        breaking: bool,
        operation: &str,
        declared: Option<&'static str>,
        message: String,
    ) -> Self {
        Drift::new_owned(rule.to_owned(), breaking, operation, declared, message)
    }

    fn new_owned(
        rule: String,
        breaking: bool,
        operation: &str,
        declared: Option<&'static str>,
        message: String,
    ) -> Self {
        Drift {
            rule,
            breaking,
            operation: operation.to_owned(),
            declared,
            message,
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = self.declared {
            write!(f, "{at}: ")?;
        }
        write!(f, "{} {} [{}]", self.operation, self.message, self.rule)
    }
}

/// Every difference between `api`'s document and the contract at `contract` (JSON or
/// YAML, OpenAPI 3.0 or 3.1), whatever its mode: the contract is the base, the code the
/// revision.
///
/// ```no_run
/// # fn run(api: &resourcery::Api) -> Result<(), resourcery::Error> {
/// for drift in resourcery::contract::check(api, "openapi.yaml")? {
///     println!("{drift}");
/// }
/// # Ok(()) }
/// ```
pub fn check(api: &Api, contract: impl AsRef<Path>) -> Result<Vec<Drift>, Error> {
    let theirs = document::read(contract.as_ref()).map_err(Error::Contract)?;
    compare(api, &theirs)
}

fn compare(api: &Api, theirs: &Value) -> Result<Vec<Drift>, Error> {
    let ours = serde_json::to_value(api.openapi()).map_err(|e| Error::OpenApi(e.to_string()))?;
    let declared = |method: &str, path: &str| api.declared(method, path);
    Ok(operations::compare(theirs, &ours, &declared))
}

/// Compares `api` with the contract named in the `[contract]` section of
/// `resourcery.toml` in the crate being tested (`CARGO_MANIFEST_DIR`), and panics listing
/// the drifts its `mode` and `allow` do not tolerate; the tolerated ones are printed.
///
/// `mode = "compatible"` fails on breaking drifts, `"strict"` on any, `"warn"` on none;
/// `"off"` compares nothing. Without the file or the section it panics: a test that
/// asks for a check should not pass for want of a contract.
///
/// ```no_run
/// # async fn run() -> Result<(), resourcery::Error> {
/// // In a test of the crate whose resourcery.toml names the contract:
/// let db = resourcery::Db::connect("sqlite::memory:").await?;
/// let api = resourcery::Api::new(db); // ... with its resources and endpoints
/// resourcery::contract::assert_conforms(&api);
/// # Ok(()) }
/// ```
pub fn assert_conforms(api: &Api) {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from);
    let settings = match Settings::read(&dir.join("resourcery.toml")) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    if settings.mode == Mode::Off {
        return;
    }
    let drifts = match check(api, dir.join(&settings.path)) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let (failing, tolerated): (Vec<Drift>, Vec<Drift>) = drifts
        .into_iter()
        .filter(|d| !settings.allow.contains(&d.rule))
        .partition(|d| match settings.mode {
            Mode::Strict => true,
            Mode::Compatible => d.breaking,
            Mode::Warn | Mode::Off => false,
        });
    let file = settings.path.display();
    for drift in grouped(&tolerated) {
        eprintln!("warning: contract `{file}`: {drift}");
    }
    if !failing.is_empty() {
        let list: Vec<String> = grouped(&failing).iter().map(|d| format!("  {d}")).collect();
        panic!(
            "the API differs from the contract `{file}` in {} place(s):\n{}",
            list.len(),
            list.join("\n")
        );
    }
}

/// One drift per rule, message and declaration, naming every operation it concerns: a
/// schema that many operations share (the problem body, say) differs once.
fn grouped(drifts: &[Drift]) -> Vec<Drift> {
    let mut out: Vec<Drift> = Vec::new();
    for d in drifts {
        match out
            .iter_mut()
            .find(|o| o.rule == d.rule && o.message == d.message && o.declared == d.declared)
        {
            Some(o) => {
                o.operation.push_str(", ");
                o.operation.push_str(&d.operation);
            }
            None => out.push(d.clone()),
        }
    }
    out
}

/// Writes `api`'s OpenAPI document to `path`: YAML for `.yaml` and `.yml`, JSON (pretty,
/// with a final newline) otherwise, so that a code-first team can commit it and check
/// the code against it from then on.
///
/// ```no_run
/// # fn run(api: &resourcery::Api) -> Result<(), resourcery::Error> {
/// resourcery::contract::write_openapi(api, "openapi.yaml")?;
/// # Ok(()) }
/// ```
pub fn write_openapi(api: &Api, path: impl AsRef<Path>) -> Result<(), Error> {
    let path = path.as_ref();
    let doc = serde_json::to_value(api.openapi()).map_err(|e| Error::OpenApi(e.to_string()))?;
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let doc = Ordered(&doc);
    let text = if yaml {
        serde_saphyr::to_string(&doc).map_err(|e| Error::OpenApi(e.to_string()))?
    } else {
        let mut json =
            serde_json::to_string_pretty(&doc).map_err(|e| Error::OpenApi(e.to_string()))?;
        json.push('\n');
        json
    };
    std::fs::write(path, text)
        .map_err(|e| Error::OpenApi(format!("cannot write `{}`: {e}", path.display())))
}

/// A document with its top-level members in the order people read them (`openapi`,
/// `info`, ..., `paths`, `components`) rather than alphabetically.
struct Ordered<'a>(&'a Value);

impl serde::Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        const FIRST: [&str; 8] = [
            "openapi",
            "info",
            "jsonSchemaDialect",
            "servers",
            "security",
            "tags",
            "paths",
            "webhooks",
        ];
        let Some(members) = self.0.as_object() else {
            return self.0.serialize(serializer);
        };
        let mut map = serializer.serialize_map(Some(members.len()))?;
        for key in FIRST {
            if let Some(value) = members.get(key) {
                map.serialize_entry(key, value)?;
            }
        }
        for (key, value) in members.iter().filter(|(k, _)| !FIRST.contains(&k.as_str())) {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// How drifts are treated, as `resourcery.toml` says.
#[derive(Deserialize, Default, PartialEq, Eq, Clone, Copy, Debug)]
#[serde(rename_all = "lowercase")]
enum Mode {
    #[default]
    Compatible,
    Strict,
    Warn,
    Off,
}

/// The `[contract]` section.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Settings {
    path: PathBuf,
    #[serde(default)]
    mode: Mode,
    #[serde(default)]
    allow: Vec<String>,
}

/// The whole file; `[list]` is the macros' business and only accepted here.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    contract: Option<Settings>,
    #[allow(dead_code)]
    list: Option<toml::Table>,
}

impl Settings {
    fn read(file: &Path) -> Result<Settings, String> {
        let shown = file.display();
        let text = std::fs::read_to_string(file).map_err(|e| {
            format!("assert_conforms reads the contract settings from `{shown}`: {e}")
        })?;
        let parsed: File = toml::from_str(&text)
            .map_err(|e| format!("`{shown}` is not a valid resourcery.toml: {e}"))?;
        parsed
            .contract
            .ok_or_else(|| format!("`{shown}` has no `[contract]` section naming the contract"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_default_to_compatible_and_refuse_unknown_keys() {
        let file: File = toml::from_str("[contract]\npath = \"openapi.yaml\"\n").unwrap();
        let settings = file.contract.unwrap();
        assert_eq!(settings.mode, Mode::Compatible);
        assert!(settings.allow.is_empty());
        assert!(toml::from_str::<File>("[contract]\npath = \"a\"\nstrict = true\n").is_err());
        assert!(toml::from_str::<File>("[contract]\npath = \"a\"\nmode = \"loose\"\n").is_err());
    }
}

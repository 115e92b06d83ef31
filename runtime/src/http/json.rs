//! JSON request bodies: content-type negotiation and serde errors turned into problems.
//!
//! The fast path is a single `serde_json::from_slice`. Only when it fails is the body parsed
//! a second time through `serde_path_to_error`, to find the JSON Pointer of the bad value;
//! valid requests never pay for that.

use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::error::Category;

use crate::model::{Access, ResourceMeta};
use crate::problem::{Problem, ProblemType};
use crate::validate::{Pointer, Violation, Violations};

/// Accepts `application/json` and any `application/*+json`, with or without parameters.
pub(crate) fn check_content_type(headers: &HeaderMap) -> Result<(), Problem> {
    let value = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let essence = value.map(|v| {
        v.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    match essence.as_deref() {
        Some("application/json") => Ok(()),
        Some(t) if t.starts_with("application/") && t.ends_with("+json") => Ok(()),
        Some(other) => Err(Problem::new(ProblemType::UNSUPPORTED_MEDIA_TYPE)
            .detail(format!("the body must be application/json, not `{other}`"))),
        None => Err(Problem::new(ProblemType::UNSUPPORTED_MEDIA_TYPE)
            .detail("the request has no Content-Type; send the body as application/json")),
    }
}

/// Finds every problem of a body that did not decode: generated per body type, it walks
/// the members, decodes each on its own and checks the rules of those that decode.
pub(crate) type Diagnose = fn(&Value, &mut Violations);

/// Parses a body for `meta`'s resource, or explains precisely what is wrong with it.
pub(crate) fn from_slice<T: DeserializeOwned>(
    body: &[u8],
    meta: &ResourceMeta,
    diagnose: Diagnose,
) -> Result<T, Problem> {
    // serde's derived structs also accept a JSON array of the fields in order; a resource
    // body is an object, so anything else is refused before serde sees it.
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        return match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
            Ok(_) => Err(Problem::validation(vec![Violation::new(
                "",
                "type",
                format!(
                    "the body must be a JSON object with the fields of {}",
                    meta.name
                ),
            )])),
            Err(e) => Err(body_problem::<T>(body, &e, meta)),
        };
    }
    if has_nul_escape(body)
        && let Ok(value) = serde_json::from_slice::<Value>(body)
        && let Some(problem) = nul_problem(&value)
    {
        return Err(problem);
    }
    serde_json::from_slice(body).or_else(|e| {
        // A body that is JSON but not of the right shape: report every bad member at once,
        // with the rules of the good ones, rather than only serde's first complaint.
        if e.classify() == Category::Data
            && let Ok(mut value) = serde_json::from_slice::<Value>(body)
        {
            // `4.0` is an integer to JSON Schema; read it as one before judging the body.
            if integral(&mut value)
                && let Ok(decoded) = T::deserialize(&value)
            {
                return Ok(decoded);
            }
            let mut out = Violations::new();
            diagnose(&value, &mut out);
            if !out.is_empty() {
                return Err(Problem::validation(out));
            }
        }
        Err(body_problem::<T>(body, &e, meta))
    })
}

/// Rewrites every number with no fractional part written as a float (`4.0`, `1e3`) as an
/// integer, as JSON Schema reads it (2020-12 validation §6.1.1: an integer is any number
/// with a zero fractional part); `true` when anything changed. Fields of float type accept
/// integers, so only integer fields see a difference: `4.0` decodes, `4.5` still does not.
pub(crate) fn integral(value: &mut Value) -> bool {
    match value {
        Value::Number(n) => {
            let Some(f) = n.as_f64().filter(|_| n.is_f64()) else {
                return false;
            };
            // Within ±2^63 every float with no fraction is an exact i64 (or u64 above).
            let whole = f.fract() == 0.0 && f.abs() < 2f64.powi(63);
            if whole {
                #[allow(clippy::cast_possible_truncation)]
                let i = f as i64;
                *n = serde_json::Number::from(i);
            }
            whole
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, v| integral(v) | changed),
        Value::Object(members) => members
            .values_mut()
            .fold(false, |changed, v| integral(v) | changed),
        _ => false,
    }
}

/// Whether the JSON text holds a `\u0000` escape (raw NUL bytes are not valid JSON).
/// PostgreSQL's text and JSONB cannot store NUL, so such strings are refused on both
/// backends alike. Backslashes only occur inside strings, so walking escapes in order
/// is exact.
fn has_nul_escape(body: &[u8]) -> bool {
    let mut i = 0;
    while let Some(offset) = body[i..].iter().position(|b| *b == b'\\') {
        let at = i + offset;
        if body.get(at + 1) == Some(&b'u') && body.get(at + 2..at + 6) == Some(b"0000") {
            return true;
        }
        i = at + 2;
        if i >= body.len() {
            break;
        }
    }
    false
}

/// The pointer to the first string (member name or value) holding NUL.
/// The 422 for a body with a NUL character in a string or a member name, naming the field
/// and, when the NUL is deeper inside it, where (a JSON Pointer, RFC 6901).
pub(crate) fn nul_problem(value: &Value) -> Option<Problem> {
    let at = find_nul(value, String::new())?;
    let field = at
        .split('/')
        .nth(1)
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~");
    let place = if at.matches('/').count() > 1 {
        format!("`{field}` contains the NUL character (\\u0000) at `{at}`")
    } else {
        format!("`{field}` contains the NUL character (\\u0000)")
    };
    Some(Problem::validation(vec![Violation::new(
        at,
        "nul_character",
        format!("{place}, which cannot be stored"),
    )]))
}

pub(crate) fn find_nul(value: &Value, at: String) -> Option<String> {
    match value {
        Value::String(s) if s.contains('\0') => Some(at),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| find_nul(v, format!("{at}/{i}"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let mut here = at.clone();
            push_token(&mut here, k);
            if k.contains('\0') {
                Some(here)
            } else {
                find_nul(v, here)
            }
        }),
        _ => None,
    }
}

/// Decodes one member of a body that failed as a whole; a failure becomes a violation at
/// `at` (plus the path inside the member).
pub fn decode_member<T: DeserializeOwned>(
    value: &Value,
    at: &Pointer<'_>,
    meta: &ResourceMeta,
    out: &mut Violations,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(e) => {
            let mut base = at.to_string();
            base.push_str(&pointer(e.path()));
            let message = strip_position(&e.inner().to_string());
            out.push(violation(base, message, meta));
            None
        }
    }
}

/// A member the body type does not have: unknown, or read-only for the resource.
pub fn unknown_member(name: &str, meta: &ResourceMeta, out: &mut Violations) {
    out.push(violation(
        String::new(),
        format!("unknown field `{name}`"),
        meta,
    ));
}

/// A required member that is absent.
pub fn missing_member(at: &Pointer<'_>, name: &str, out: &mut Violations) {
    out.push(Violation::new(
        at.to_string(),
        "required",
        format!("`{name}` is required"),
    ));
}

/// `null` for a member that cannot be null.
pub fn null_member(at: &Pointer<'_>, name: &str, out: &mut Violations) {
    out.push(Violation::new(
        at.to_string(),
        "not_null",
        format!("`{name}` cannot be null"),
    ));
}

fn body_problem<T: DeserializeOwned>(
    body: &[u8],
    error: &serde_json::Error,
    meta: &ResourceMeta,
) -> Problem {
    match error.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            let what = if body.iter().all(u8::is_ascii_whitespace) {
                "the request body is empty; send a JSON object".to_owned()
            } else {
                format!("the body is not valid JSON: {error}")
            };
            Problem::new(ProblemType::MALFORMED_REQUEST)
                .detail(what)
                .with("line", error.line())
                .with("column", error.column())
        }
        Category::Data => {
            let mut de = serde_json::Deserializer::from_slice(body);
            let (pointer, message) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => (pointer(e.path()), strip_position(&e.inner().to_string())),
                Ok(_) => (String::new(), strip_position(&error.to_string())),
            };
            Problem::validation(vec![violation(pointer, message, meta)])
        }
    }
}

/// serde_json appends " at line L column C"; the pointer says where more usefully.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// RFC 6901: `~` becomes `~0` and `/` becomes `~1` inside a token.
fn push_token(out: &mut String, token: &str) {
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

pub(crate) fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => push_token(&mut out, &index.to_string()),
            Segment::Map { key } => push_token(&mut out, key),
            Segment::Enum { variant } => push_token(&mut out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// Names the rule a serde data error broke. The messages are serde's stable wording
/// (`missing field`, `unknown field`), matched only on this error path.
fn violation(pointer: String, message: String, meta: &ResourceMeta) -> Violation {
    let plain = plain_violation(pointer, message);
    // A member the body type lacks may be a field the resource has but clients do not
    // write: say so instead of calling it unknown.
    let top = plain.pointer.strip_prefix('/').filter(|n| !n.contains('/'));
    let Some(field) = top
        .filter(|_| plain.code == "unknown_field")
        .and_then(|name| meta.field(name))
    else {
        return plain;
    };
    let (pointer, name) = (plain.pointer.clone(), field.name);
    if let Some(graph) = field.state {
        let actions: Vec<&str> = graph().transitions.iter().map(|t| t.action).collect();
        return Violation::new(
            pointer,
            "state_field",
            format!(
                "`{name}` changes only through its transitions: POST {}/{{id}}/{{action}} with one of {}",
                meta.path,
                actions.join(", ")
            ),
        )
        .param("actions", actions);
    }
    match field.access {
        Access::Id => Violation::new(
            pointer,
            "read_only",
            format!("`{name}` is generated by the server and cannot be set"),
        ),
        Access::ReadOnly => Violation::new(
            pointer,
            "read_only",
            format!("`{name}` is read-only: the server sets it"),
        ),
        _ => plain,
    }
}

/// Names the rule a serde data error broke, for a body that is not a resource's.
pub(crate) fn plain_violation(mut pointer: String, message: String) -> Violation {
    if let Some(rest) = message.strip_prefix("missing field ") {
        let name = backticked(rest).unwrap_or_default();
        push_token(&mut pointer, name);
        return Violation::new(pointer, "required", format!("`{name}` is required"));
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let name = backticked(rest).unwrap_or_default().to_owned();
        if !pointer.ends_with(&format!("/{name}")) {
            push_token(&mut pointer, &name);
        }
        return Violation::new(pointer, "unknown_field", message);
    }
    if message.starts_with("invalid type: null") {
        let name = pointer.rsplit('/').next().unwrap_or_default().to_owned();
        return Violation::new(pointer, "not_null", format!("`{name}` cannot be null"));
    }
    let code = if message.starts_with("unknown variant") {
        "enum"
    } else {
        "type"
    };
    Violation::new(pointer, code, message)
}

#[cfg(test)]
mod tests {

    #[test]
    fn whole_floats_become_integers_and_others_stay() {
        let mut v: Value = serde_json::from_str(
            r#"{"a": 4.0, "b": [1e2, 4.5, -0.0], "c": {"d": 1e300, "e": 7, "f": "8.0"}}"#,
        )
        .unwrap();
        assert!(integral(&mut v));
        assert_eq!(v["a"], serde_json::json!(4));
        assert_eq!(v["b"], serde_json::json!([100, 4.5, 0]));
        assert!(v["c"]["d"].is_f64(), "beyond i64 it stays a float");
        assert_eq!(v["c"]["e"], serde_json::json!(7));
        assert_eq!(v["c"]["f"], "8.0");
        let mut plain = serde_json::json!({"a": 1, "b": [2.5]});
        assert!(!integral(&mut plain));
    }
    use super::*;

    #[test]
    fn pointer_tokens_escape_tilde_and_slash() {
        let mut out = String::new();
        push_token(&mut out, "a/b~c");
        assert_eq!(out, "/a~1b~0c");
    }

    #[test]
    fn nul_escapes_are_found_but_escaped_backslashes_are_not() {
        assert!(has_nul_escape(br#"{"a":"x\u0000y"}"#));
        assert!(!has_nul_escape(br#"{"a":"x\\u0000y"}"#));
        assert!(has_nul_escape(br#"{"a":"\\\u0000"}"#));
        assert!(!has_nul_escape(br#"{"a":"\n\t"}"#));
        let value: Value = serde_json::from_slice(br#"{"a":[1,{"b/c":"\u0000"}]}"#).unwrap();
        assert_eq!(
            find_nul(&value, String::new()).as_deref(),
            Some("/a/1/b~1c")
        );
    }

    #[test]
    fn position_suffix_is_removed() {
        assert_eq!(
            strip_position("invalid type: string \"x\", expected i32 at line 1 column 9"),
            "invalid type: string \"x\", expected i32"
        );
    }

    #[test]
    fn content_types_with_json_suffix_and_parameters_are_accepted() {
        let mut headers = HeaderMap::new();
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "application/merge-patch+json",
            "Application/JSON",
        ] {
            headers.insert(header::CONTENT_TYPE, ok.parse().unwrap());
            assert!(check_content_type(&headers).is_ok(), "{ok}");
        }
        headers.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
        assert_eq!(
            check_content_type(&headers).unwrap_err().status().as_u16(),
            415
        );
        assert_eq!(
            check_content_type(&HeaderMap::new())
                .unwrap_err()
                .status()
                .as_u16(),
            415
        );
    }
}

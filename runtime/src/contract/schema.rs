//! Two JSON Schemas compared in one direction: in a request the code must accept every
//! value the contract's schema allows, in a response it must send only values the
//! contract's schema allows. Nested objects, arrays, enums, formats, nullability and
//! bounds are followed through `$ref`s on both sides.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::document::resolve;

/// Which way values flow.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Dir {
    Request,
    Response,
}

/// Where a schema sits: a parameter, a request body or a response body, and the path of
/// members below it (`lines[].quantity`; empty at the top).
#[derive(Clone)]
pub(super) struct Place {
    /// `request-parameter`, `request` or `response`.
    pub(super) prefix: &'static str,
    /// How the top is named in messages: "the request body", "query parameter `limit`".
    pub(super) what: String,
    pub(super) path: String,
}

impl Place {
    fn member(&self, name: &str) -> Place {
        let path = if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        };
        Place {
            path,
            ..self.clone()
        }
    }

    fn items(&self) -> Place {
        Place {
            path: format!("{}[]", self.path),
            ..self.clone()
        }
    }

    /// oasdiff's rule id for `change` at this place.
    fn rule(&self, change: &str) -> String {
        match (self.prefix, self.path.is_empty()) {
            ("request-parameter", _) => format!("request-parameter-{change}"),
            (prefix, true) => format!("{prefix}-body-{change}"),
            (prefix, false) => format!("{prefix}-property-{change}"),
        }
    }

    fn subject(&self) -> String {
        if self.path.is_empty() {
            self.what.clone()
        } else {
            format!("`{}` in {}", self.path, self.what)
        }
    }
}

/// One difference found.
pub(super) struct Finding {
    pub(super) rule: String,
    pub(super) breaking: bool,
    pub(super) message: String,
}

/// A schema with references followed, a lone `allOf` member or the non-null branch of a
/// nullable `anyOf`/`oneOf` taken, and its types split from `null`.
struct Shape<'a> {
    node: &'a Value,
    /// Empty: any type.
    types: Vec<&'a str>,
    nullable: bool,
}

fn shape<'a>(doc: &'a Value, schema: &'a Value) -> Shape<'a> {
    let mut node = resolve(doc, schema);
    let mut nullable = false;
    for _ in 0..16 {
        let typed = node.get("type").is_some() || node.get("properties").is_some();
        if let Some([one]) = node
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            && !typed
        {
            node = resolve(doc, one);
            continue;
        }
        let branches = ["anyOf", "oneOf"]
            .iter()
            .find_map(|k| node.get(*k).and_then(Value::as_array));
        if let Some(branches) = branches
            && !typed
        {
            let others: Vec<&Value> = branches
                .iter()
                .map(|b| resolve(doc, b))
                .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            nullable |= others.len() < branches.len();
            if let [one] = others.as_slice() {
                node = one;
                continue;
            }
        }
        break;
    }
    nullable |= node.get("nullable") == Some(&Value::Bool(true));
    let mut types = match node.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if types.contains(&"null") {
        nullable = true;
        types.retain(|t| *t != "null");
    }
    if types.is_empty() && node.get("properties").is_some() {
        types.push("object");
    }
    Shape {
        node,
        types,
        nullable,
    }
}

/// Whether a value of type `t` is one of `wider` (an integer is a number).
fn covers(wider: &[&str], t: &str) -> bool {
    wider.contains(&t) || (t == "integer" && wider.contains(&"number"))
}

/// Formats that narrow a string: a contract without them allows strings the code refuses.
const NARROWING: [&str; 6] = ["uuid", "date-time", "date", "email", "uri", "time"];

/// Formats where the first is a subset of the second.
fn narrower_format(a: &str, b: &str) -> bool {
    matches!((a, b), ("int32", "int64") | ("float", "double"))
}

/// Bound keywords: (keyword, rule part, upper bound).
const BOUNDS: [(&str, &str, bool); 6] = [
    ("maxLength", "max-length", true),
    ("maxItems", "max-items", true),
    ("maximum", "max", true),
    ("minLength", "min-length", false),
    ("minItems", "min-items", false),
    ("minimum", "min", false),
];

/// Compares schemas of one operation, each pair once.
pub(super) struct Compare<'a> {
    pub(super) contract: &'a Value,
    pub(super) code: &'a Value,
    pub(super) found: Vec<Finding>,
    seen: HashSet<(usize, usize, Dir, String)>,
}

impl<'a> Compare<'a> {
    pub(super) fn new(contract: &'a Value, code: &'a Value) -> Self {
        Compare {
            contract,
            code,
            found: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn push(&mut self, place: &Place, change: &str, breaking: bool, message: String) {
        self.found.push(Finding {
            rule: place.rule(change),
            breaking,
            message,
        });
    }

    /// The contract's schema `c` against the code's `g` at `place`.
    pub(super) fn schema(&mut self, c: &'a Value, g: &'a Value, dir: Dir, place: &Place) {
        let (c, g) = (shape(self.contract, c), shape(self.code, g));
        let key = (
            std::ptr::from_ref(c.node) as usize,
            std::ptr::from_ref(g.node) as usize,
            dir,
            place.path.clone(),
        );
        if !self.seen.insert(key) {
            return;
        }
        let subject = place.subject();
        match dir {
            Dir::Request if c.nullable && !g.nullable => self.push(
                place,
                "became-not-nullable",
                true,
                format!("{subject} may be null in the contract; the code refuses null"),
            ),
            Dir::Response if g.nullable && !c.nullable => self.push(
                place,
                "became-nullable",
                true,
                format!("{subject} is never null in the contract; the code can send null"),
            ),
            _ => {}
        }
        if !self.types(&c, &g, dir, place) {
            return;
        }
        self.enums(&c, &g, dir, place);
        self.bounds(&c, &g, dir, place);
        if c.types.contains(&"object") || g.types.contains(&"object") {
            match dir {
                Dir::Request => self.request_object(&c, &g, place),
                Dir::Response => self.response_object(&c, &g, place),
            }
        }
        if let (Some(ci), Some(gi)) = (c.node.get("items"), g.node.get("items")) {
            self.schema(ci, gi, dir, &place.items());
        }
    }

    /// Types and formats; `false` when they differ, so that the rest would only repeat it.
    fn types(&mut self, c: &Shape<'a>, g: &Shape<'a>, dir: Dir, place: &Place) -> bool {
        if c.types.is_empty() || g.types.is_empty() {
            return true;
        }
        let (from, into) = match dir {
            Dir::Request => (&c.types, &g.types),
            Dir::Response => (&g.types, &c.types),
        };
        if from.iter().any(|t| !covers(into, t)) {
            self.push(
                place,
                "type-changed",
                true,
                format!(
                    "{} is `{}` in the contract, `{}` in the code",
                    place.subject(),
                    c.types.join(" | "),
                    g.types.join(" | ")
                ),
            );
            return false;
        }
        let cf = c.node.get("format").and_then(Value::as_str);
        let gf = g.node.get("format").and_then(Value::as_str);
        let subject = place.subject();
        match (cf, gf, dir) {
            (Some(a), Some(b), Dir::Request) if a != b && !narrower_format(a, b) => {
                self.push(
                    place,
                    "type-changed",
                    true,
                    format!("{subject} has format `{a}` in the contract, `{b}` in the code"),
                );
            }
            (Some(a), Some(b), Dir::Response) if a != b && !narrower_format(b, a) => {
                self.push(
                    place,
                    "type-changed",
                    true,
                    format!("{subject} has format `{a}` in the contract, `{b}` in the code"),
                );
            }
            (None, Some(b), Dir::Request) if g.types == ["string"] && NARROWING.contains(&b) => {
                self.push(
                    place,
                    "type-changed",
                    true,
                    format!(
                        "{subject} is any string in the contract; the code accepts only format `{b}`"
                    ),
                );
            }
            _ => {}
        }
        true
    }

    fn enums(&mut self, c: &Shape<'a>, g: &Shape<'a>, dir: Dir, place: &Place) {
        let values = |s: &Shape<'a>| {
            s.node.get("enum").and_then(Value::as_array).map(|v| {
                v.iter()
                    .filter(|x| !x.is_null())
                    .cloned()
                    .collect::<Vec<_>>()
            })
        };
        let (cv, gv) = (values(c), values(g));
        let shown = |v: &[Value]| {
            v.iter()
                .map(|x| {
                    format!(
                        "`{}`",
                        x.as_str().map_or_else(|| x.to_string(), str::to_owned)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let subject = place.subject();
        match (dir, cv, gv) {
            (Dir::Request, Some(cv), Some(gv)) => {
                let missing: Vec<Value> = cv.into_iter().filter(|v| !gv.contains(v)).collect();
                if !missing.is_empty() {
                    self.push(
                        place,
                        "enum-value-removed",
                        true,
                        format!(
                            "{subject}: the code refuses {}, which the contract allows",
                            shown(&missing)
                        ),
                    );
                }
            }
            (Dir::Request, None, Some(gv)) => self.push(
                place,
                "enum-value-removed",
                true,
                format!(
                    "{subject} is open in the contract; the code accepts only {}",
                    shown(&gv)
                ),
            ),
            (Dir::Response, Some(cv), Some(gv)) => {
                let extra: Vec<Value> = gv.into_iter().filter(|v| !cv.contains(v)).collect();
                if !extra.is_empty() {
                    self.push(
                        place,
                        "enum-value-added",
                        true,
                        format!(
                            "{subject}: the code can send {}, which the contract does not list",
                            shown(&extra)
                        ),
                    );
                }
            }
            (Dir::Response, Some(cv), None) => self.push(
                place,
                "enum-value-added",
                true,
                format!(
                    "{subject} is one of {} in the contract; the code's value is open",
                    shown(&cv)
                ),
            ),
            _ => {}
        }
    }

    fn bounds(&mut self, c: &Shape<'a>, g: &Shape<'a>, dir: Dir, place: &Place) {
        let subject = place.subject();
        for (keyword, part, upper) in BOUNDS {
            let cn = c.node.get(keyword).and_then(Value::as_f64);
            let gn = g.node.get(keyword).and_then(Value::as_f64);
            // In a request the code's bound must not be tighter; in a response not looser.
            let (tight, loose) = match dir {
                Dir::Request => (gn, cn),
                Dir::Response => (cn, gn),
            };
            let Some(tight) = tight else { continue };
            let change = match loose {
                None if dir == Dir::Request => "set",
                None => "unset",
                Some(loose) if (upper && tight < loose) || (!upper && tight > loose) => {
                    match (dir, upper) {
                        (Dir::Request, true) | (Dir::Response, false) => "decreased",
                        _ => "increased",
                    }
                }
                Some(_) => continue,
            };
            let shown = |n: Option<f64>| n.map_or_else(|| "none".to_owned(), |n| n.to_string());
            self.push(
                place,
                &format!("{part}-{change}"),
                true,
                format!(
                    "{subject}: `{keyword}` is {} in the contract, {} in the code",
                    shown(cn),
                    shown(gn)
                ),
            );
        }
        // Refusing NUL is what any service on PostgreSQL does; it is no drift.
        let pattern = |s: &Shape<'a>| {
            s.node
                .get("pattern")
                .and_then(Value::as_str)
                .filter(|p| *p != crate::db::field::NO_NUL)
        };
        let (cp, gp) = (pattern(c), pattern(g));
        let change = match (dir, cp, gp) {
            (Dir::Request, None, Some(_)) => "pattern-added",
            (Dir::Response, Some(_), None) => "pattern-removed",
            (_, Some(a), Some(b)) if a != b => "pattern-changed",
            _ => return,
        };
        self.push(
            place,
            change,
            true,
            format!(
                "{subject}: the pattern is {} in the contract, {} in the code",
                cp.map_or_else(|| "none".to_owned(), |p| format!("`{p}`")),
                gp.map_or_else(|| "none".to_owned(), |p| format!("`{p}`"))
            ),
        );
    }

    fn request_object(&mut self, c: &Shape<'a>, g: &Shape<'a>, place: &Place) {
        let (cp, gp) = (properties(c.node), properties(g.node));
        let closed = g.node.get("additionalProperties") == Some(&Value::Bool(false));
        let (c_required, g_required) = (required(c.node), required(g.node));
        for (name, cv) in cp.into_iter().flatten() {
            if flag(self.contract, cv, "readOnly") {
                continue;
            }
            match gp.and_then(|p| p.get(name)) {
                Some(gv) => self.schema(cv, gv, Dir::Request, &place.member(name)),
                None if closed => self.push(
                    &place.member(name),
                    "removed",
                    true,
                    format!(
                        "{} is in the contract; the code has no such member and refuses unknown ones",
                        place.member(name).subject()
                    ),
                ),
                None => {}
            }
        }
        for name in g_required.iter().filter(|n| !c_required.contains(n)) {
            let member = place.member(name);
            if cp.is_some_and(|p| p.contains_key(*name)) {
                self.push(
                    &member,
                    "became-required",
                    true,
                    format!(
                        "{} is optional in the contract; the code requires it",
                        member.subject()
                    ),
                );
            } else {
                self.found.push(Finding {
                    rule: "new-required-request-property".to_owned(),
                    breaking: true,
                    message: format!(
                        "{} is required by the code and not in the contract",
                        member.subject()
                    ),
                });
            }
        }
        let open = match c.node.get("additionalProperties") {
            Some(Value::Bool(b)) => *b,
            Some(Value::Object(_)) => true,
            _ => false,
        };
        if open && closed {
            self.push(
                place,
                "additional-properties-removed",
                true,
                format!(
                    "{}: the contract allows members it does not list; the code refuses them",
                    place.subject()
                ),
            );
        }
    }

    fn response_object(&mut self, c: &Shape<'a>, g: &Shape<'a>, place: &Place) {
        let (cp, gp) = (properties(c.node), properties(g.node));
        let (c_required, g_required) = (required(c.node), required(g.node));
        for name in &c_required {
            let member = place.member(name);
            if !gp.is_some_and(|p| p.contains_key(*name)) {
                self.found.push(Finding {
                    rule: "response-required-property-removed".to_owned(),
                    breaking: true,
                    message: format!(
                        "{} is required in the contract; the code never sends it",
                        member.subject()
                    ),
                });
            } else if !g_required.contains(name) {
                self.push(
                    &member,
                    "became-optional",
                    true,
                    format!(
                        "{} is required in the contract; the code may leave it out",
                        member.subject()
                    ),
                );
            }
        }
        let closed = c.node.get("additionalProperties") == Some(&Value::Bool(false));
        for (name, gv) in gp.into_iter().flatten() {
            if flag(self.code, gv, "writeOnly") {
                continue;
            }
            let member = place.member(name);
            match cp.and_then(|p| p.get(name)) {
                Some(cv) => self.schema(cv, gv, Dir::Response, &member),
                None => {
                    let kind = if g_required.contains(&name.as_str()) {
                        "required"
                    } else {
                        "optional"
                    };
                    self.found.push(Finding {
                        rule: format!("response-{kind}-property-added"),
                        breaking: closed,
                        message: format!(
                            "{} is sent by the code and not in the contract{}",
                            member.subject(),
                            if closed {
                                ", whose schema refuses unknown members"
                            } else {
                                ""
                            }
                        ),
                    });
                }
            }
        }
    }
}

fn properties(node: &Value) -> Option<&Map<String, Value>> {
    node.get("properties").and_then(Value::as_object)
}

fn required(node: &Value) -> Vec<&str> {
    node.get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn flag(doc: &Value, schema: &Value, name: &str) -> bool {
    shape(doc, schema).node.get(name) == Some(&Value::Bool(true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compare(c: Value, g: Value, dir: Dir) -> Vec<String> {
        let (cd, gd) = (json!({}), json!({}));
        let mut cmp = Compare::new(&cd, &gd);
        let place = Place {
            prefix: if dir == Dir::Request {
                "request"
            } else {
                "response"
            },
            what: "the body".into(),
            path: String::new(),
        };
        cmp.schema(&c, &g, dir, &place);
        cmp.found.into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn nullable_is_read_from_every_spelling() {
        let thirty = json!({"type": "string", "nullable": true});
        let thirty_one = json!({"type": ["string", "null"]});
        let any_of = json!({"anyOf": [{"type": "string"}, {"type": "null"}]});
        for a in [&thirty, &thirty_one, &any_of] {
            for b in [&thirty, &thirty_one, &any_of] {
                assert!(compare(a.clone(), b.clone(), Dir::Request).is_empty());
            }
        }
        assert_eq!(
            compare(thirty, json!({"type": "string"}), Dir::Request),
            ["request-body-became-not-nullable"]
        );
    }

    #[test]
    fn directions_differ() {
        let small =
            json!({"type": "object", "properties": {"n": {"type": "integer", "maximum": 10}}});
        let large =
            json!({"type": "object", "properties": {"n": {"type": "integer", "maximum": 20}}});
        assert_eq!(
            compare(large.clone(), small.clone(), Dir::Request),
            ["request-property-max-decreased"]
        );
        assert!(compare(small.clone(), large.clone(), Dir::Request).is_empty());
        assert_eq!(
            compare(small, large, Dir::Response),
            ["response-property-max-increased"]
        );
        let enum_c = json!({"type": "string", "enum": ["a", "b"]});
        let enum_g = json!({"type": "string", "enum": ["a", "b", "c"]});
        assert!(compare(enum_c.clone(), enum_g.clone(), Dir::Request).is_empty());
        assert_eq!(
            compare(enum_c, enum_g, Dir::Response),
            ["response-body-enum-value-added"]
        );
    }
}

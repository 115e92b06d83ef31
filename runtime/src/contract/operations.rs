//! The generated document against the contract operation by operation: which are
//! missing on either side, and for each pair their ids, parameters, request bodies,
//! statuses, response bodies and security.

use serde_json::{Map, Value};

use super::Drift;
use super::document::resolve;
use super::schema::{Compare, Dir, Finding, Place};
use crate::api::shape;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An operation of a document.
struct Op<'a> {
    method: String,
    path: &'a str,
    id: Option<&'a str>,
    node: &'a Value,
    item: &'a Value,
}

impl Op<'_> {
    fn route(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

fn operations(doc: &Value) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let item = resolve(doc, item);
        for method in METHODS {
            if let Some(node) = item.get(method).filter(|n| n.is_object()) {
                out.push(Op {
                    method: method.to_uppercase(),
                    path,
                    id: node.get("operationId").and_then(Value::as_str),
                    node,
                    item,
                });
            }
        }
    }
    out
}

/// Compares the generated document `code` with the contract; `declared` gives the
/// declaration of a code route (method, path) as `file:line`.
pub(super) fn compare(
    contract: &Value,
    code: &Value,
    declared: &dyn Fn(&str, &str) -> Option<&'static str>,
) -> Vec<Drift> {
    let theirs = operations(contract);
    let ours = operations(code);
    let mut drifts = Vec::new();
    let mut matched = vec![false; theirs.len()];
    for op in &ours {
        let at = declared(&op.method, op.path);
        let name = format!("`{}` ({})", op.id.unwrap_or("?"), op.route());
        let found = theirs
            .iter()
            .position(|t| t.id.is_some() && t.id == op.id)
            .or_else(|| {
                theirs
                    .iter()
                    .position(|t| t.method == op.method && shape(t.path) == shape(op.path))
            });
        let Some(index) = found else {
            drifts.push(Drift::new(
                "endpoint-added",
                false,
                &name,
                at,
                "is not in the contract".to_owned(),
            ));
            continue;
        };
        matched[index] = true;
        let theirs = &theirs[index];
        if theirs.method != op.method || shape(theirs.path) != shape(op.path) {
            drifts.push(Drift::new(
                "api-path-removed-without-deprecation",
                true,
                &name,
                at,
                format!("the contract serves it at `{}`", theirs.route()),
            ));
            continue;
        }
        let mut found = Vec::new();
        pair(contract, code, theirs, op, &mut found);
        drifts.extend(
            found
                .into_iter()
                .map(|f| Drift::new_owned(f.rule, f.breaking, &name, at, f.message)),
        );
    }
    for (op, _) in theirs.iter().zip(&matched).filter(|(_, m)| !**m) {
        drifts.push(Drift::new(
            "api-path-removed-without-deprecation",
            true,
            &format!("`{}` ({})", op.id.unwrap_or("?"), op.route()),
            None,
            "is in the contract and not served by the code".to_owned(),
        ));
    }
    drifts
}

fn finding(rule: &str, breaking: bool, message: String) -> Finding {
    Finding {
        rule: rule.to_owned(),
        breaking,
        message,
    }
}

/// One operation of the contract against the code's.
fn pair(contract: &Value, code: &Value, theirs: &Op<'_>, ours: &Op<'_>, out: &mut Vec<Finding>) {
    if let (Some(a), Some(b)) = (theirs.id, ours.id)
        && a != b
    {
        out.push(finding(
            "api-operation-id-removed",
            true,
            format!("the contract names it `{a}`"),
        ));
    }
    let mut cmp = Compare::new(contract, code);
    parameters(&mut cmp, theirs, ours);
    request_body(&mut cmp, theirs, ours);
    responses(&mut cmp, theirs, ours);
    out.append(&mut cmp.found);
    security(contract, code, theirs, ours, out);
}

/// An operation's parameters, path-level ones first and overridden by its own, with
/// their references followed.
fn parameters_of<'a>(doc: &'a Value, op: &Op<'a>) -> Vec<&'a Value> {
    let list = |node: &'a Value| -> Vec<&'a Value> {
        node.get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| resolve(doc, p))
            .collect()
    };
    let own = list(op.node);
    let key = |p: &Value| (p.get("in").cloned(), p.get("name").cloned());
    let mut all: Vec<&Value> = list(op.item)
        .into_iter()
        .filter(|p| !own.iter().any(|o| key(o) == key(p)))
        .collect();
    all.extend(own);
    all
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect()
}

fn parameters<'a>(cmp: &mut Compare<'a>, theirs: &Op<'a>, ours: &Op<'a>) {
    let cps = parameters_of(cmp.contract, theirs);
    let gps = parameters_of(cmp.code, ours);
    let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
    // Path parameters pair by position: their names may differ.
    let path_pairs = names(theirs.path).into_iter().zip(names(ours.path));
    let find = |list: &[&'a Value], place: &str, name: &str| -> Option<&'a Value> {
        list.iter()
            .copied()
            .find(|p| text(p, "in") == place && text(p, "name") == name)
    };
    for (cn, gn) in path_pairs {
        if let (Some(c), Some(g)) = (find(&cps, "path", cn), find(&gps, "path", gn))
            && let (Some(cs), Some(gs)) = (c.get("schema"), g.get("schema"))
        {
            let place = Place {
                prefix: "request-parameter",
                what: format!("path parameter `{cn}`"),
                path: String::new(),
            };
            cmp.schema(cs, gs, Dir::Request, &place);
        }
    }
    for c in cps.iter().filter(|p| text(p, "in") != "path") {
        let (place, name) = (text(c, "in"), text(c, "name"));
        match find(&gps, place, name) {
            Some(g) => {
                if required(g) && !required(c) {
                    cmp.found.push(finding(
                        "request-parameter-became-required",
                        true,
                        format!("{place} parameter `{name}` is optional in the contract; the code requires it"),
                    ));
                }
                if let (Some(cs), Some(gs)) = (c.get("schema"), g.get("schema")) {
                    let at = Place {
                        prefix: "request-parameter",
                        what: format!("{place} parameter `{name}`"),
                        path: String::new(),
                    };
                    cmp.schema(cs, gs, Dir::Request, &at);
                }
            }
            // Unknown query parameters are refused; other headers and cookies ignored.
            None if place == "query" => cmp.found.push(finding(
                "request-parameter-removed",
                true,
                format!("the contract has the query parameter `{name}`; the code refuses it"),
            )),
            None => {}
        }
    }
    for g in gps
        .iter()
        .filter(|p| text(p, "in") != "path" && required(p))
    {
        let (place, name) = (text(g, "in"), text(g, "name"));
        if find(&cps, place, name).is_none() {
            cmp.found.push(finding(
                "new-required-request-parameter",
                true,
                format!("the code requires the {place} parameter `{name}`, which the contract does not have"),
            ));
        }
    }
}

/// Media types of a request body or response, by name.
fn content<'a>(doc: &'a Value, node: &'a Value) -> Option<&'a Map<String, Value>> {
    resolve(doc, node).get("content").and_then(Value::as_object)
}

fn json_like(media: &str) -> bool {
    media.starts_with("application/json") || media.ends_with("+json")
}

fn request_body<'a>(cmp: &mut Compare<'a>, theirs: &Op<'a>, ours: &Op<'a>) {
    let (Some(cb), Some(gb)) = (theirs.node.get("requestBody"), ours.node.get("requestBody"))
    else {
        if theirs.node.get("requestBody").is_none()
            && let Some(gb) = ours.node.get("requestBody")
            && resolve(cmp.code, gb).get("required") == Some(&Value::Bool(true))
        {
            cmp.found.push(finding(
                "request-body-became-required",
                true,
                "the code requires a request body; the contract has none".to_owned(),
            ));
        }
        return;
    };
    let (Some(cc), Some(gc)) = (content(cmp.contract, cb), content(cmp.code, gb)) else {
        return;
    };
    for (media, cm) in cc.iter().filter(|(m, _)| json_like(m)) {
        let Some(gm) = gc.get(media) else {
            cmp.found.push(finding(
                "request-body-media-type-removed",
                true,
                format!(
                    "the contract sends request bodies as `{media}`; the code does not accept it"
                ),
            ));
            continue;
        };
        if let (Some(cs), Some(gs)) = (cm.get("schema"), gm.get("schema")) {
            let place = Place {
                prefix: "request",
                what: "the request body".to_owned(),
                path: String::new(),
            };
            cmp.schema(cs, gs, Dir::Request, &place);
        }
    }
}

/// The contract's response for `status`: exact, its range (`4XX`) or `default`.
fn declared_response<'a>(responses: &'a Map<String, Value>, status: &str) -> Option<&'a Value> {
    let range = format!("{}XX", &status[..1]);
    responses
        .get(status)
        .or_else(|| responses.get(&range))
        .or_else(|| responses.get(&range.to_lowercase()))
        .or_else(|| responses.get("default"))
}

fn responses<'a>(cmp: &mut Compare<'a>, theirs: &Op<'a>, ours: &Op<'a>) {
    let of = |op: &Op<'a>| op.node.get("responses").and_then(Value::as_object);
    let (Some(cr), Some(gr)) = (of(theirs), of(ours)) else {
        return;
    };
    let contract_successes: Vec<&String> = cr.keys().filter(|k| k.starts_with('2')).collect();
    for (status, g) in gr {
        let success = status.starts_with('2');
        let Some(c) = declared_response(cr, status) else {
            let (rule, message) = if success && !contract_successes.is_empty() {
                (
                    "response-success-status-removed",
                    format!(
                        "answers {} in the contract, {status} in the code",
                        contract_successes
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            } else {
                (
                    if success {
                        "response-success-status-added"
                    } else {
                        "response-non-success-status-added"
                    },
                    format!("can answer {status}, which the contract does not declare"),
                )
            };
            // Any server can fail or push back: an unlisted 5xx, 408 (a body too slow) or
            // 429 (a rate limit) breaks no client that handles those conditions at all,
            // whatever its contract lists, so only `strict` refuses it.
            let breaking = !(rule == "response-non-success-status-added"
                && (status.starts_with('5') || status == "408" || status == "429"));
            cmp.found.push(finding(rule, breaking, message));
            continue;
        };
        let (Some(c), Some(gc)) = (content(cmp.contract, c), content(cmp.code, g)) else {
            continue;
        };
        for (media, gm) in gc {
            let Some(cm) = c.get(media) else {
                cmp.found.push(finding(
                    "response-media-type-removed",
                    true,
                    format!(
                        "its {status} response is `{}` in the contract, `{media}` in the code",
                        c.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
                continue;
            };
            if let (Some(cs), Some(gs)) = (cm.get("schema"), gm.get("schema")) {
                let place = Place {
                    prefix: "response",
                    what: format!("the {status} response body"),
                    path: String::new(),
                };
                cmp.schema(cs, gs, Dir::Response, &place);
            }
        }
    }
}

/// Who may call: `None` for anyone, else the scopes (roles) the requirements name; an
/// empty list admits any authenticated caller.
fn admits(doc: &Value, op: &Op<'_>) -> Option<Vec<String>> {
    let requirements = op
        .node
        .get("security")
        .or_else(|| doc.get("security"))?
        .as_array()?;
    if requirements.is_empty()
        || requirements
            .iter()
            .any(|r| r.as_object().is_some_and(Map::is_empty))
    {
        return None;
    }
    Some(
        requirements
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|r| r.values())
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
    )
}

fn security(
    contract: &Value,
    code: &Value,
    theirs: &Op<'_>,
    ours: &Op<'_>,
    out: &mut Vec<Finding>,
) {
    match (admits(contract, theirs), admits(code, ours)) {
        (None, Some(_)) => out.push(finding(
            "api-security-added",
            true,
            "is open to anonymous callers in the contract; the code requires a bearer token"
                .to_owned(),
        )),
        (Some(_), None) => out.push(finding(
            "api-security-removed",
            false,
            "requires authentication in the contract; the code lets anyone in".to_owned(),
        )),
        (Some(wanted), Some(roles)) if !roles.is_empty() => {
            if wanted.is_empty() {
                out.push(finding(
                    "api-security-scope-added",
                    true,
                    format!(
                        "admits any authenticated caller in the contract; the code only the roles {}",
                        roles.join(", ")
                    ),
                ));
            } else {
                let missing: Vec<&String> = wanted.iter().filter(|s| !roles.contains(s)).collect();
                if !missing.is_empty() {
                    out.push(finding(
                        "api-security-scope-removed",
                        true,
                        format!(
                            "admits the roles {} in the contract; the code does not admit {}",
                            wanted.join(", "),
                            missing
                                .iter()
                                .map(|s| format!("`{s}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
        }
        _ => {}
    }
}

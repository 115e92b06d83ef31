//! The claims a principal is made of, read out of a verified token's payload: straight
//! into a struct when the claims have their usual names, out of the JSON object when
//! [`Auth::roles_claim`](super::Auth::roles_claim) or
//! [`Auth::tenant_claim`](super::Auth::tenant_claim) renamed them.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::Principal;

/// A claim's value, in the shapes a principal accepts: a string, an array of strings, or
/// null. Anything else refuses the token.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Shape {
    Null,
    Text(String),
    Texts(Vec<String>),
}

impl Shape {
    fn of(value: &Value) -> Option<Shape> {
        match value {
            Value::Null => Some(Shape::Null),
            Value::String(text) => Some(Shape::Text(text.clone())),
            Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<_>>()
                .map(Shape::Texts),
            _ => None,
        }
    }
}

impl<'de> de::Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Shape, D::Error> {
        deserializer.deserialize_any(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, an array of strings, or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Null)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Shape, E> {
        Ok(Shape::Text(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Shape, E> {
        Ok(Shape::Text(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        let mut all = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(text) = seq.next_element::<String>()? {
            all.push(text);
        }
        Ok(Shape::Texts(all))
    }
}

/// A claim that is present, `null` included (which `Option` alone would read as absent).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Shape>, D::Error> {
    de::Deserialize::deserialize(deserializer).map(Some)
}

/// The claims a token is checked by and a principal reads, under their usual names; the
/// token's other claims are skipped. A claim sent twice, or with a shape [`Shape`] does not accept, refuses the
/// token.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct Claims {
    /// The registered claims verification checks (`null` reads as absent).
    #[serde(default)]
    pub(super) exp: Option<Value>,
    #[serde(default)]
    pub(super) nbf: Option<Value>,
    #[serde(default)]
    pub(super) iss: Option<Value>,
    #[serde(default)]
    pub(super) aud: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    sub: Option<Shape>,
    #[serde(default, deserialize_with = "present")]
    roles: Option<Shape>,
    #[serde(default, deserialize_with = "present")]
    tenant: Option<Shape>,
    #[serde(default, deserialize_with = "present")]
    scope: Option<Shape>,
    #[serde(default, deserialize_with = "present")]
    scp: Option<Shape>,
}

/// The names [`Claims`] reads the roles and tenant under.
pub(super) const USUAL_ROLES: &str = "roles";
pub(super) const USUAL_TENANT: &str = "tenant";

impl Claims {
    /// The claims of `object` under the given names.
    pub(super) fn pick(
        object: &Map<String, Value>,
        roles: &str,
        tenant: &str,
    ) -> Result<Claims, String> {
        let get = |name: &str| match object.get(name) {
            None => Ok(None),
            Some(value) => Shape::of(value)
                .map(Some)
                .ok_or_else(|| format!("`{name}` is not a string, an array of strings or null")),
        };
        let registered = |name: &str| object.get(name).filter(|v| !v.is_null()).cloned();
        Ok(Claims {
            exp: registered("exp"),
            nbf: registered("nbf"),
            iss: registered("iss"),
            aud: registered("aud"),
            sub: get("sub")?,
            roles: get(roles)?,
            tenant: get(tenant)?,
            scope: get("scope")?,
            scp: get("scp")?,
        })
    }

    /// The principal of these claims, or why they cannot make one; `tenant_name` is the
    /// tenant claim's name, for the message. Its raw claims are left for the caller to
    /// attach.
    pub(super) fn into_principal(self, tenant_name: &str) -> Result<Principal, String> {
        let subject = match self.sub {
            Some(Shape::Text(sub)) if !sub.is_empty() => sub,
            Some(_) => return Err("`sub` is not a non-empty string".to_owned()),
            None => return Err("`sub` is missing".to_owned()),
        };
        // A lone string is not read as one role: a claim of the wrong type makes the token
        // malformed (RFC 8725 §3.11 asks for exact checks of every claim used).
        let roles = match self.roles {
            None | Some(Shape::Null) => Vec::new(),
            Some(Shape::Text(_)) => {
                return Err("the roles claim is a string, not an array of strings".to_owned());
            }
            Some(Shape::Texts(all)) => all,
        };
        let tenant = match self.tenant {
            None | Some(Shape::Null) => None,
            Some(Shape::Text(tenant)) => Some(tenant),
            Some(Shape::Texts(_)) => return Err(format!("`{tenant_name}` is not a string")),
        };
        // `scope` is space-separated (RFC 8693 §4.2); `scp` is an array, or a
        // space-separated string as some providers send it. A `scope` of null still
        // wins over `scp`.
        let scopes = match self.scope.or(self.scp) {
            None | Some(Shape::Null) => Vec::new(),
            Some(Shape::Text(one)) => one
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            Some(Shape::Texts(all)) => all,
        };
        Ok(Principal {
            subject,
            roles,
            tenant,
            scopes,
            payload: Vec::new(),
            claims: std::sync::OnceLock::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usual(payload: &str) -> Result<Principal, String> {
        serde_json::from_str::<Claims>(payload)
            .map_err(|e| e.to_string())?
            .into_principal(USUAL_TENANT)
    }

    fn renamed(payload: &str, roles: &str, tenant: &str) -> Result<Principal, String> {
        let object: Map<String, Value> =
            serde_json::from_str(payload).map_err(|e| e.to_string())?;
        Claims::pick(&object, roles, tenant)?.into_principal(tenant)
    }

    #[test]
    fn reads_the_principal_and_skips_the_rest() {
        let payload = r#"{"iss":"x","sub":"u\"1","nested":{"roles":1},"roles":["a","b"],"tenant":null,"scope":"r  w","exp":1}"#;
        for p in [usual(payload), renamed(payload, "roles", "tenant")] {
            let p = p.unwrap();
            assert_eq!(p.subject, "u\"1");
            assert_eq!(p.roles, ["a", "b"]);
            assert_eq!(p.tenant, None);
            assert_eq!(p.scopes, ["r", "w"]);
        }
    }

    #[test]
    fn scope_wins_over_scp_even_when_null() {
        let p = usual(r#"{"sub":"u","scope":null,"scp":["x"]}"#).unwrap();
        assert!(p.scopes.is_empty());
        let p = usual(r#"{"sub":"u","scp":["x","y"]}"#).unwrap();
        assert_eq!(p.scopes, ["x", "y"]);
    }

    #[test]
    fn a_configured_name_may_be_a_fixed_one() {
        let p = renamed(r#"{"sub":"acme","scp":["a","b"]}"#, "scp", "sub").unwrap();
        assert_eq!(
            (p.subject.as_str(), p.tenant.as_deref()),
            ("acme", Some("acme"))
        );
        assert_eq!(p.roles, ["a", "b"]);
        assert_eq!(p.scopes, ["a", "b"]);
    }

    #[test]
    fn wrong_shapes_and_duplicates_are_refused() {
        for bad in [
            r#"{"sub":"u","roles":{"a":1}}"#,
            r#"{"sub":"u","roles":[1]}"#,
            r#"{"sub":"u","roles":"admin"}"#,
            r#"{"sub":"u","tenant":["a"]}"#,
            r#"{"sub":"u","tenant":3}"#,
            r#"{"sub":"u","scp":[true]}"#,
            r#"{"sub":""}"#,
            r#"{"sub":7}"#,
            r#"{"roles":[]}"#,
        ] {
            assert!(usual(bad).is_err(), "{bad}");
            assert!(renamed(bad, "roles", "tenant").is_err(), "{bad}");
        }
        // A struct refuses a member sent twice; a JSON object keeps the last.
        assert!(usual(r#"{"sub":"u","sub":"v"}"#).is_err());
    }
}

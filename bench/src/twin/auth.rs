//! Who is calling: the bearer token (RFC 6750) of every request, verified as the shop's
//! token service issues it, an HS256 JWT (RFC 7519) from the issuer `shop` for the audience
//! `shop-api`, with `jsonwebtoken` and a [`Validation`] built once at start-up. Its claims
//! say what the caller may do (`roles`) and which orders they see (`tenant`, `sub`).
//!
//! Refusals read as the generated service words them: a 401 with a `WWW-Authenticate:
//! Bearer` challenge (RFC 6750 §3.1) whose detail says what to do but never which check
//! failed, and a 403 naming the roles an operation needs.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use uuid::Uuid;

use super::Twin;
use super::problem::{Kind, Problem};

/// The shop's token issuer and audience (`shop::token_service`).
const ISSUER: &str = "shop";
const AUDIENCE: &str = "shop-api";

/// The key and the claim rules, fixed at start-up.
pub(crate) struct Verifier {
    key: DecodingKey,
    validation: Validation,
}

impl Verifier {
    /// Verifies tokens signed with `secret`.
    pub(crate) fn hs256(secret: &[u8]) -> Verifier {
        let mut validation = Validation::new(Algorithm::HS256);
        // `exp` required and `nbf` honoured, both with 30 s for clock skew (RFC 7519
        // §4.1.4, §4.1.5); `iss` and `aud` required (§4.1.1, §4.1.3).
        validation.leeway = 30;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        Verifier {
            key: DecodingKey::from_secret(secret),
            validation,
        }
    }

    fn verify(&self, token: &str) -> Result<Claims, Problem> {
        let claims = jsonwebtoken::decode::<Claims>(token, &self.key, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => invalid_token(
                    "the token has expired",
                    "the token has expired: obtain a new one (refresh it)",
                ),
                ErrorKind::ImmatureSignature => invalid_token(
                    "the token is not valid yet",
                    "the token is not valid yet: check the client's clock, or retry in a moment",
                ),
                _ => not_valid(),
            })?
            .claims;
        if claims.sub.is_empty() {
            return Err(not_valid());
        }
        Ok(claims)
    }
}

/// `roles`: an array of strings, or one string; read without buffering the value.
#[derive(Debug, Default)]
struct Roles(Vec<String>);

impl<'de> Deserialize<'de> for Roles {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Roles;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or an array of strings")
            }

            fn visit_str<E: serde::de::Error>(self, role: &str) -> Result<Roles, E> {
                Ok(Roles(vec![role.to_owned()]))
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Roles, E> {
                Ok(Roles::default())
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Roles, A::Error> {
                let mut roles = Vec::with_capacity(seq.size_hint().unwrap_or(1));
                while let Some(role) = seq.next_element()? {
                    roles.push(role);
                }
                Ok(Roles(roles))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The claims the twin reads.
#[derive(Debug, Deserialize)]
struct Claims {
    sub: String,
    #[serde(default)]
    roles: Roles,
    #[serde(default)]
    tenant: Option<String>,
}

/// A verified caller.
#[derive(Debug)]
pub(crate) struct Caller {
    subject: String,
    roles: Vec<String>,
    tenant: Option<String>,
}

/// The orders a caller may see and change: those of the caller's store, and of those only
/// the caller's own unless the caller is staff or admin.
#[derive(Debug)]
pub(crate) struct Scope {
    /// The caller's store; a new order is placed in it.
    pub(crate) store: String,
    /// The caller, when their subject is a customer id; a new order is theirs.
    pub(crate) customer: Option<Uuid>,
    /// Whether statements carry `"customer_id" = ?` too.
    pub(crate) own_rows_only: bool,
}

/// The 403 for a subject that is no customer id.
pub(crate) fn cannot_own() -> Problem {
    forbidden("your identity cannot own Order records: they are owned by UUID")
}

impl Caller {
    fn has_any_role(&self, roles: &[&str]) -> bool {
        self.roles.iter().any(|r| roles.contains(&r.as_str()))
    }

    /// The caller's scope on orders, once `what` (`"POST /orders"`) is allowed to holders of
    /// `roles` (any caller when empty): a 403 for a caller without one of them, without a
    /// store, or whose subject is no customer id.
    pub(crate) fn scope(&self, roles: &[&str], what: &str) -> Result<Scope, Problem> {
        if !roles.is_empty() && !self.has_any_role(roles) {
            return Err(forbidden(format!(
                "{what} needs one of the roles {}",
                roles.join(", ")
            )));
        }
        let store = self.tenant.clone().ok_or_else(|| {
            forbidden("Order records belong to a tenant, and your token names none")
        })?;
        let customer = Uuid::try_parse(&self.subject).ok();
        let own_rows_only = !self.has_any_role(&["staff", "admin"]);
        if own_rows_only && customer.is_none() {
            return Err(cannot_own());
        }
        Ok(Scope {
            store,
            customer,
            own_rows_only,
        })
    }

    /// The `sub` claim, recorded as the actor of a transition.
    pub(crate) fn subject(&self) -> &str {
        &self.subject
    }
}

impl FromRequestParts<Arc<Twin>> for Caller {
    type Rejection = Problem;

    /// Read from the headers alone, before any extractor reads the body.
    async fn from_request_parts(parts: &mut Parts, twin: &Arc<Twin>) -> Result<Self, Problem> {
        let token = bearer_token(&parts.headers)?;
        let claims = twin.verifier.verify(token)?;
        Ok(Caller {
            subject: claims.sub,
            roles: claims.roles.0,
            tenant: claims.tenant,
        })
    }
}

/// The token of `Authorization: Bearer <token>` (RFC 6750 §2.1; the scheme is
/// case-insensitive, RFC 7235 §2.1).
fn bearer_token(headers: &HeaderMap) -> Result<&str, Problem> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Err(unauthorized(
            HeaderValue::from_static("Bearer"),
            "this operation requires a bearer token in the Authorization header",
        ));
    };
    if values.next().is_some() {
        return Err(invalid_request(
            "send one Authorization header, not several",
        ));
    }
    let bytes = value.as_bytes();
    if !bytes.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        return Err(invalid_request(
            "the Authorization header must be visible ASCII: send Authorization: Bearer <token>",
        ));
    }
    let text = std::str::from_utf8(bytes)
        .unwrap_or_default()
        .trim_matches(' ');
    if text.is_empty() {
        return Err(invalid_request(
            "the Authorization header is empty: send Authorization: Bearer <token>",
        ));
    }
    let (scheme, token) = text.split_once(' ').unwrap_or((text, ""));
    if !scheme.eq_ignore_ascii_case("Bearer") {
        return Err(unauthorized(
            HeaderValue::from_static("Bearer"),
            "this API accepts bearer tokens only: send Authorization: Bearer <token>",
        ));
    }
    let token = token.trim_start_matches(' ');
    if token.is_empty() {
        return Err(invalid_request(
            "the Authorization header has no token after Bearer",
        ));
    }
    // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    let body = token.trim_end_matches('=');
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
    {
        return Err(invalid_request(
            "the bearer token is malformed: send the token exactly as it was issued",
        ));
    }
    Ok(token)
}

fn unauthorized(challenge: HeaderValue, detail: &'static str) -> Problem {
    Problem::new(Kind::AUTHENTICATION_REQUIRED)
        .detail(detail)
        .challenge(challenge)
}

/// RFC 6750 §3.1 `invalid_request`: the description is the detail.
fn invalid_request(detail: &'static str) -> Problem {
    let challenge = format!("Bearer error=\"invalid_request\", error_description=\"{detail}\"");
    unauthorized(
        HeaderValue::from_str(&challenge).unwrap_or(HeaderValue::from_static("Bearer")),
        detail,
    )
}

/// RFC 6750 §3.1 `invalid_token`.
fn invalid_token(description: &'static str, detail: &'static str) -> Problem {
    let challenge = format!("Bearer error=\"invalid_token\", error_description=\"{description}\"");
    unauthorized(
        HeaderValue::from_str(&challenge).unwrap_or(HeaderValue::from_static("Bearer")),
        detail,
    )
}

/// Signature, algorithm, issuer, audience, claims: which one is not said.
fn not_valid() -> Problem {
    invalid_token(
        "the token is not valid",
        "the token is not valid for this API: obtain a new one",
    )
}

fn forbidden(detail: impl Into<String>) -> Problem {
    Problem::new(Kind::INSUFFICIENT_PERMISSIONS).detail(detail)
}

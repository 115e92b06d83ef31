//! Authentication: bearer tokens (RFC 6750) verified as JWTs (RFC 7519) into a
//! [`Principal`], and the token service that issues and rotates them.
//!
//! What is verified, and why:
//!
//! - The algorithms a token may use come from the configured keys, never from the token
//!   (RFC 8725 §2.1, §3.1). A token whose `alg` is not configured is refused before any
//!   key is touched, so `alg: none` never passes and an RSA public key can never be used
//!   as an HMAC secret (key confusion).
//! - Keys come only from configuration: `jwk`, `jku`, `x5u` and `x5c` headers are ignored,
//!   and `kid` merely picks among the configured keys (RFC 8725 §3.10). A header with
//!   `crit` is refused, since no extension is understood (RFC 7515 §4.1.11).
//! - Signatures are checked before any claim is read: HS256 with an HMAC-SHA-256 state
//!   keyed once per key and compared in constant time, RS256, ES256 and EdDSA with
//!   `jsonwebtoken`'s verifiers. The header and the claims are each parsed once, the
//!   claims straight into the fields checked and the principal's.
//! - `exp` is required and `nbf` honoured, both with a small leeway for clock skew
//!   (RFC 7519 §4.1.4, §4.1.5). `iss` and `aud` are required when configured, and a token
//!   naming an audience is refused by an API configured with none (RFC 7519 §4.1.3).
//! - A refusal is a 401 with a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3). Its
//!   detail says what to do (refresh an expired token, get a new one) but never which
//!   check failed, which would help an attacker; the precise reason is logged at debug
//!   level.
//!
//! Refresh tokens are opaque and stored hashed; see [`Tokens`] for their rotation.

mod claims;
mod jwt;
mod keys;
pub(crate) mod scope;
mod tokens;

#[cfg(test)]
mod tests;

use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue};

pub use crate::model::principal::Principal;
pub use jwt::Auth;
pub use keys::{AuthError, JwtAlgorithm};
pub(crate) use scope::ScopeValue;
pub use tokens::{Grant, TokenPair, Tokens};

use crate::problem::{Problem, ProblemType};

/// The 401 for a request without credentials: a bare `Bearer` challenge, without an error
/// code (RFC 6750 §3.1).
pub(crate) fn challenge() -> Problem {
    unauthorized(
        "Bearer",
        "this operation requires a bearer token in the Authorization header",
    )
}

/// The 403 for an authenticated caller who may not do this.
pub(crate) fn forbidden(detail: impl Into<String>) -> Problem {
    Problem::new(ProblemType::INSUFFICIENT_PERMISSIONS).detail(detail)
}

/// Why a token was refused, as far as the client may know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Past `exp`: the client should refresh.
    Expired,
    /// Before `nbf`: a clock is off, or the token was used too early.
    NotYetValid,
    /// Anything else: signature, algorithm, key, issuer, audience, claims.
    Invalid,
    /// A refresh token that was already rotated: its session was ended.
    Reused,
    /// A refresh token that was never issued here (or was purged).
    UnknownRefresh,
    /// A refresh token whose session was ended.
    Revoked,
    /// A refresh token past its lifetime.
    RefreshExpired,
}

impl Refusal {
    /// The `error_description` (RFC 6750 §3: no quotes nor backslashes) and the detail.
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            Refusal::Expired => (
                "the token has expired",
                "the token has expired: obtain a new one (refresh it)",
            ),
            Refusal::NotYetValid => (
                "the token is not valid yet",
                "the token is not valid yet: check the client's clock, or retry in a moment",
            ),
            Refusal::Invalid => (
                "the token is not valid",
                "the token is not valid for this API: obtain a new one",
            ),
            Refusal::Reused => (
                "the refresh token was already used",
                "this refresh token was already used, so its session was ended to protect it: \
                 log in again",
            ),
            Refusal::UnknownRefresh => (
                "the refresh token is not valid",
                "the refresh token is not valid: log in again",
            ),
            Refusal::Revoked => (
                "the session has ended",
                "the session of this refresh token has ended: log in again",
            ),
            Refusal::RefreshExpired => (
                "the refresh token has expired",
                "the refresh token has expired: log in again",
            ),
        }
    }

    /// The 401 a client sees (RFC 6750 §3.1 `invalid_token`).
    pub(crate) fn problem(self) -> Problem {
        let (description, detail) = self.texts();
        unauthorized(
            &format!("Bearer error=\"invalid_token\", error_description=\"{description}\""),
            detail,
        )
    }
}

/// The 401 for an `Authorization` header that is not a well-formed bearer credential
/// (RFC 6750 §3.1 `invalid_request`).
fn invalid_request(detail: &'static str) -> Problem {
    unauthorized(
        &format!("Bearer error=\"invalid_request\", error_description=\"{detail}\""),
        detail,
    )
}

fn unauthorized(challenge: &str, detail: &str) -> Problem {
    let value = HeaderValue::from_str(challenge).unwrap_or(HeaderValue::from_static("Bearer"));
    Problem::new(ProblemType::AUTHENTICATION_REQUIRED)
        .detail(detail)
        .header(WWW_AUTHENTICATE, value)
}

/// The token of the request's bearer credential: `None` without an `Authorization`
/// header, a 401 when the header is not `Bearer <token>` (RFC 6750 §2.1).
pub(crate) fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>, Problem> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(invalid_request(
            "send one Authorization header, not several",
        ));
    }
    // Visible ASCII and spaces only; `to_str` would also let tabs through.
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
    // credentials = auth-scheme [ 1*SP token68 ]; the scheme is case-insensitive
    // (RFC 7235 §2.1).
    let (scheme, token) = text.split_once(' ').unwrap_or((text, ""));
    if !scheme.eq_ignore_ascii_case("Bearer") {
        // Another scheme is no credential for this API: a bare challenge, no error code
        // (RFC 6750 §3.1).
        return Err(unauthorized(
            "Bearer",
            "this API accepts bearer tokens only: send Authorization: Bearer <token>",
        ));
    }
    let token = token.trim_start_matches(' ');
    if token.is_empty() {
        return Err(invalid_request(
            "the Authorization header has no token after Bearer",
        ));
    }
    // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" (RFC 6750 §2.1)
    let body = token.trim_end_matches('=');
    let b64token = !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b));
    if !b64token {
        return Err(invalid_request(
            "the bearer token is malformed: send the token exactly as it was issued",
        ));
    }
    Ok(Some(token))
}

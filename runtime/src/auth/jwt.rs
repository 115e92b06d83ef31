//! JWT verification: configured keys and claim rules, and the principal a verified
//! token becomes.

use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::http::HeaderMap;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::Mac as _;
use serde_json::{Map, Value};

use super::claims::{Claims, USUAL_ROLES, USUAL_TENANT};
use super::keys::{self, AuthError, JwtAlgorithm, Key};
use super::{Principal, Refusal};
use crate::problem::Problem;

/// How the API verifies bearer tokens: the keys it trusts and the claims it requires.
///
/// ```
/// use std::time::Duration;
///
/// let auth = resourcery::Auth::hs256(b"at least 32 random bytes, e.g. from a vault")
///     .issuer("https://auth.example.com")
///     .audience("orders-api")
///     .leeway(Duration::from_secs(10));
/// // resourcery::Api::new(db).auth(auth)
/// # let _ = auth;
/// ```
///
/// A token is accepted when its signature verifies with a configured key made for the
/// token's `alg`, `exp` is in the future, `nbf` (if any) in the past, `iss` and `aud`
/// match when configured, and `sub` is a non-empty string. Its claims become a
/// [`Principal`]: roles from `roles` (an array of strings), the tenant from
/// `tenant`, scopes from `scope` (space-separated) or `scp`. Cheap to clone.
#[derive(Clone)]
pub struct Auth {
    config: Arc<Config>,
}

#[derive(Clone)]
struct Config {
    keys: Vec<Key>,
    algorithms: Vec<JwtAlgorithm>,
    issuer: Option<String>,
    audience: Option<String>,
    leeway: Duration,
    roles_claim: String,
    tenant_claim: String,
}

/// The members of a JOSE header that verification reads; `crit` only for its presence.
#[derive(serde::Deserialize)]
struct JoseHeader<'a> {
    #[serde(borrow)]
    alg: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    kid: Option<std::borrow::Cow<'a, str>>,
    crit: Option<serde::de::IgnoredAny>,
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.config;
        f.debug_struct("Auth")
            .field("keys", &c.keys)
            .field("algorithms", &c.algorithms)
            .field("issuer", &c.issuer)
            .field("audience", &c.audience)
            .field("leeway", &c.leeway)
            .field("roles_claim", &c.roles_claim)
            .field("tenant_claim", &c.tenant_claim)
            .finish()
    }
}

impl Auth {
    pub(crate) fn from_keys(keys: Vec<Key>) -> Auth {
        let config = Config {
            keys,
            algorithms: JwtAlgorithm::ALL.to_vec(),
            issuer: None,
            audience: None,
            leeway: Duration::from_secs(30),
            roles_claim: "roles".to_owned(),
            tenant_claim: "tenant".to_owned(),
        };
        Auth {
            config: Arc::new(config),
        }
    }

    /// Verifies HS256 tokens signed with a shared `secret`.
    ///
    /// Use 32 or more random bytes (RFC 7518 §3.2), kept out of the source; every service
    /// holding the secret can also mint tokens, so prefer an asymmetric key when the
    /// issuer is another service.
    ///
    /// ```
    /// let secret = std::env::var("JWT_SECRET").unwrap_or_else(|_| "x".repeat(32));
    /// let auth = resourcery::Auth::hs256(secret);
    /// # let _ = auth;
    /// ```
    pub fn hs256(secret: impl AsRef<[u8]>) -> Auth {
        Auth::from_keys(vec![Key::hs256(secret.as_ref())])
    }

    /// Verifies RS256 tokens with an RSA public key in PEM (`PUBLIC KEY` or
    /// `RSA PUBLIC KEY`).
    ///
    /// ```no_run
    /// let pem = std::fs::read("issuer_public.pem")?;
    /// let auth = resourcery::Auth::rs256_pem(&pem)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rs256_pem(public_pem: &[u8]) -> Result<Auth, AuthError> {
        Self::pem(JwtAlgorithm::Rs256, public_pem)
    }

    /// Verifies ES256 tokens with a P-256 public key in PEM (`PUBLIC KEY`).
    ///
    /// ```no_run
    /// let pem = std::fs::read("issuer_public.pem")?;
    /// let auth = resourcery::Auth::es256_pem(&pem)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn es256_pem(public_pem: &[u8]) -> Result<Auth, AuthError> {
        Self::pem(JwtAlgorithm::Es256, public_pem)
    }

    /// Verifies EdDSA tokens with an Ed25519 public key in PEM (`PUBLIC KEY`).
    ///
    /// ```no_run
    /// let pem = std::fs::read("issuer_public.pem")?;
    /// let auth = resourcery::Auth::ed25519_pem(&pem)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ed25519_pem(public_pem: &[u8]) -> Result<Auth, AuthError> {
        Self::pem(JwtAlgorithm::EdDsa, public_pem)
    }

    fn pem(algorithm: JwtAlgorithm, pem: &[u8]) -> Result<Auth, AuthError> {
        Key::from_public_pem(algorithm, pem).map(|key| Auth::from_keys(vec![key]))
    }

    /// Verifies tokens with the keys of a JWK Set (RFC 7517 §5), such as an identity
    /// provider's `jwks_uri` document.
    ///
    /// Each key serves the algorithm its `alg` names, else the one its key type implies
    /// (`RSA`: RS256, `EC` P-256: ES256, `OKP` Ed25519: EdDSA, `oct`: HS256); other keys
    /// are skipped. A token's `kid` picks its key, so several keys can be valid at once
    /// while keys rotate; a token without `kid` is accepted only when exactly one key
    /// serves its algorithm.
    ///
    /// ```
    /// let jwks = r#"{"keys": [{"kty": "oct", "kid": "2025-01", "alg": "HS256",
    ///                          "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]}"#;
    /// let auth = resourcery::Auth::jwks(jwks)?;
    /// # Ok::<(), resourcery::AuthError>(())
    /// ```
    pub fn jwks(json: &str) -> Result<Auth, AuthError> {
        keys::parse_jwks(json).map(Auth::from_keys)
    }

    /// [`jwks`](Auth::jwks) from a file.
    ///
    /// ```no_run
    /// let auth = resourcery::Auth::jwks_file("/etc/orders/jwks.json")?;
    /// # Ok::<(), resourcery::AuthError>(())
    /// ```
    pub fn jwks_file(path: impl AsRef<Path>) -> Result<Auth, AuthError> {
        let path = path.as_ref();
        let json = std::fs::read_to_string(path).map_err(|source| AuthError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::jwks(&json)
    }

    fn with(mut self, change: impl FnOnce(&mut Config)) -> Auth {
        let config = Arc::make_mut(&mut self.config);
        change(config);
        self
    }

    /// Accepts only these algorithms, among those the keys serve (by default all of them).
    ///
    /// ```
    /// use resourcery::JwtAlgorithm;
    ///
    /// let jwks = r#"{"keys": [{"kty": "oct", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]}"#;
    /// // HS256 keys in the set are now ignored.
    /// let auth = resourcery::Auth::jwks(jwks)?.algorithms(&[JwtAlgorithm::Rs256, JwtAlgorithm::EdDsa]);
    /// # Ok::<(), resourcery::AuthError>(())
    /// ```
    #[must_use]
    pub fn algorithms(self, algorithms: &[JwtAlgorithm]) -> Auth {
        self.with(|c| c.algorithms = algorithms.to_vec())
    }

    /// Requires the `iss` claim to equal `issuer`.
    ///
    /// ```
    /// let auth = resourcery::Auth::hs256([7; 32]).issuer("https://auth.example.com");
    /// # let _ = auth;
    /// ```
    #[must_use]
    pub fn issuer(self, issuer: impl Into<String>) -> Auth {
        let issuer = issuer.into();
        self.with(|c| c.issuer = Some(issuer))
    }

    /// Requires the `aud` claim to name `audience` (one value, or one of an array).
    /// Without it, tokens that carry an `aud` claim are refused (RFC 7519 §4.1.3).
    ///
    /// ```
    /// let auth = resourcery::Auth::hs256([7; 32]).audience("orders-api");
    /// # let _ = auth;
    /// ```
    #[must_use]
    pub fn audience(self, audience: impl Into<String>) -> Auth {
        let audience = audience.into();
        self.with(|c| c.audience = Some(audience))
    }

    /// The clock skew tolerated on `exp` and `nbf`; 30 seconds by default. Whole seconds
    /// count, as the claims are in seconds.
    ///
    /// ```
    /// let auth = resourcery::Auth::hs256([7; 32]).leeway(std::time::Duration::from_secs(5));
    /// # let _ = auth;
    /// ```
    #[must_use]
    pub fn leeway(self, leeway: Duration) -> Auth {
        self.with(|c| c.leeway = leeway)
    }

    /// The claim holding the roles; `roles` by default. Its value is an array of strings
    /// (or null or absent: no roles); a token where it has another type, one string
    /// included, is refused.
    ///
    /// ```
    /// let auth = resourcery::Auth::hs256([7; 32]).roles_claim("groups");
    /// # let _ = auth;
    /// ```
    #[must_use]
    pub fn roles_claim(self, claim: impl Into<String>) -> Auth {
        let claim = claim.into();
        self.with(|c| c.roles_claim = claim)
    }

    /// The claim holding the tenant; `tenant` by default. Its value is a string; a token
    /// where it has another type is refused.
    ///
    /// ```
    /// let auth = resourcery::Auth::hs256([7; 32]).tenant_claim("org_id");
    /// # let _ = auth;
    /// ```
    #[must_use]
    pub fn tenant_claim(self, claim: impl Into<String>) -> Auth {
        let claim = claim.into();
        self.with(|c| c.tenant_claim = claim)
    }

    /// The principal of a request: `Ok(None)` when it carries no `Authorization` header,
    /// a 401 problem when the header or its token is not acceptable.
    pub(crate) fn authenticate(&self, headers: &HeaderMap) -> Result<Option<Principal>, Problem> {
        match super::bearer_token(headers)? {
            Some(token) => self.verify(token).map(Some),
            None => Ok(None),
        }
    }

    /// Verifies `token` (a compact JWS) and returns its principal, or the 401 problem a
    /// client should see. Why a token was refused is logged at debug level, never sent.
    ///
    /// ```
    /// let auth = resourcery::Auth::hs256([7; 32]);
    /// let refused = auth.verify("not.a.token").unwrap_err();
    /// assert_eq!(refused.status().as_u16(), 401);
    /// ```
    pub fn verify(&self, token: &str) -> Result<Principal, Problem> {
        self.check(token).map_err(|(refusal, reason)| {
            tracing::debug!(reason = %reason, "bearer token refused");
            refusal.problem()
        })
    }

    fn check(&self, token: &str) -> Result<Principal, (Refusal, String)> {
        let invalid = |reason: String| (Refusal::Invalid, reason);
        let mut parts = token.split('.');
        let (Some(header_text), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid("not a compact JWS of three parts".to_owned()));
        };
        // A header is a few dozen bytes: decoded on the stack unless it is unusually long.
        let mut buffer = [0u8; 192];
        let decoded: std::borrow::Cow<'_, [u8]> =
            match URL_SAFE_NO_PAD.decode_slice(header_text, &mut buffer) {
                Ok(length) => std::borrow::Cow::Borrowed(&buffer[..length]),
                Err(base64::DecodeSliceError::OutputSliceTooSmall) => URL_SAFE_NO_PAD
                    .decode(header_text)
                    .map(std::borrow::Cow::Owned)
                    .map_err(|_| invalid("the header is not base64url".to_owned()))?,
                Err(base64::DecodeSliceError::DecodeError(_)) => {
                    return Err(invalid("the header is not base64url".to_owned()));
                }
            };
        let header: JoseHeader<'_> = serde_json::from_slice(&decoded)
            .map_err(|e| invalid(format!("the header is not a JOSE header: {e}")))?;

        // The algorithm must be one configured here before anything else is looked at
        // (RFC 8725 §3.1).
        let alg = header.alg.as_deref().unwrap_or_default();
        let algorithm = JwtAlgorithm::from_name(alg)
            .filter(|a| self.config.algorithms.contains(a))
            .ok_or_else(|| invalid(format!("alg `{alg}` is not accepted")))?;
        if header.crit.is_some() {
            return Err(invalid("the header has `crit`".to_owned()));
        }
        let kid = header.kid.as_deref();
        let key = self.key_for(algorithm, kid).map_err(invalid)?;

        // The signature covers the header and payload as sent (RFC 7515 §5.2).
        let signed = &token.as_bytes()[..header_text.len() + 1 + payload.len()];
        Self::verify_signature(key, signed, signature).map_err(invalid)?;

        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| invalid("the payload is not base64url".to_owned()))?;
        let c = &self.config;
        let (claims, payload, object) = if c.roles_claim == USUAL_ROLES
            && c.tenant_claim == USUAL_TENANT
        {
            // The usual names: the registered claims and those the principal needs go
            // straight into a struct; the payload is parsed into a map only when
            // `Principal::claims` asks.
            let claims: Claims = serde_json::from_slice(&json)
                .map_err(|e| invalid(format!("the claims are not acceptable: {e}")))?;
            (claims, json, OnceLock::new())
        } else {
            let object: Map<String, Value> = serde_json::from_slice(&json)
                .map_err(|e| invalid(format!("the claims are not a JSON object: {e}")))?;
            let claims = Claims::pick(&object, &c.roles_claim, &c.tenant_claim).map_err(invalid)?;
            (claims, Vec::new(), OnceLock::from(object))
        };
        self.check_time_and_audience(&claims)?;
        let mut principal = claims.into_principal(&c.tenant_claim).map_err(invalid)?;
        principal.payload = payload;
        principal.claims = object;
        Ok(principal)
    }

    /// Checks the signature of `signed` (header and payload, as sent) with `key`. HS256
    /// uses the key's prepared HMAC state and a constant-time comparison; the others,
    /// `jsonwebtoken`'s verifiers.
    fn verify_signature(key: &Key, signed: &[u8], signature: &str) -> Result<(), String> {
        let refused = || "the signature does not verify".to_owned();
        match &key.hmac {
            Some(prepared) => {
                // An HS256 signature is 32 bytes; anything longer cannot be one.
                let mut bytes = [0u8; 32];
                let length = URL_SAFE_NO_PAD
                    .decode_slice(signature, &mut bytes)
                    .map_err(|_| refused())?;
                let mut mac = prepared.clone();
                mac.update(signed);
                mac.verify_slice(&bytes[..length]).map_err(|_| refused())
            }
            None => match jsonwebtoken::crypto::verify(
                signature,
                signed,
                &key.decoding,
                key.algorithm.to_jsonwebtoken(),
            ) {
                Ok(true) => Ok(()),
                _ => Err(refused()),
            },
        }
    }

    /// The registered claims of a token whose signature verified: `exp` required, `nbf`
    /// honoured, both with the leeway (RFC 7519 §4.1.4, §4.1.5); `iss` and `aud` as
    /// configured, and no `aud` at all when none is (§4.1.3).
    fn check_time_and_audience(&self, claims: &Claims) -> Result<(), (Refusal, String)> {
        let c = &self.config;
        let invalid = |reason: &str| (Refusal::Invalid, reason.to_owned());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs() as f64);
        let leeway = c.leeway.as_secs() as f64;
        let exp = match &claims.exp {
            None => return Err(invalid("`exp` is missing")),
            Some(exp) => exp
                .as_f64()
                .ok_or_else(|| invalid("`exp` is not a number"))?,
        };
        if exp < now - leeway {
            return Err((Refusal::Expired, "the token has expired".to_owned()));
        }
        if let Some(nbf) = &claims.nbf {
            let nbf = nbf
                .as_f64()
                .ok_or_else(|| invalid("`nbf` is not a number"))?;
            if nbf > now + leeway {
                return Err((
                    Refusal::NotYetValid,
                    "the token is not valid yet".to_owned(),
                ));
            }
        }
        if let Some(issuer) = &c.issuer
            && claims.iss.as_ref().and_then(Value::as_str) != Some(issuer.as_str())
        {
            return Err(invalid("`iss` is not the configured issuer"));
        }
        let names_audience = |audience: &str| match &claims.aud {
            Some(Value::String(one)) => one == audience,
            // An array of strings (RFC 7519 §4.1.3): any other member makes it malformed.
            Some(Value::Array(all)) => {
                all.iter().all(Value::is_string) && all.iter().any(|a| a.as_str() == Some(audience))
            }
            _ => false,
        };
        match &c.audience {
            None if claims.aud.is_some() => Err(invalid(
                "the token names an audience, and the API expects none",
            )),
            Some(audience) if !names_audience(audience) => {
                Err(invalid("`aud` does not name the configured audience"))
            }
            _ => Ok(()),
        }
    }

    /// The key a token's `alg` and `kid` select. A key configured without a `kid` (a PEM
    /// key, a secret) also serves tokens that name one, as long as it is the only key for
    /// the algorithm.
    fn key_for(&self, algorithm: JwtAlgorithm, kid: Option<&str>) -> Result<&Key, String> {
        let serving = self.config.keys.iter().filter(|k| k.algorithm == algorithm);
        if let Some(kid) = kid
            && let Some(key) = serving.clone().find(|k| k.kid.as_deref() == Some(kid))
        {
            return Ok(key);
        }
        let mut only = serving.clone();
        match (only.next(), only.next()) {
            (Some(only), None) if kid.is_none() || only.kid.is_none() => Ok(only),
            _ => Err(match kid {
                Some(kid) => format!("no {algorithm} key has kid `{kid}`"),
                None => format!("no kid, and {} keys serve {algorithm}", serving.count()),
            }),
        }
    }
}

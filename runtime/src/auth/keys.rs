//! Keys: which algorithm each one serves, read from PEM files or a JWK Set (RFC 7517).
//!
//! A key is bound to exactly one algorithm when it is loaded, so the algorithm a token
//! names can only ever select a key made for it (RFC 8725 §3.1). Each key is checked once
//! at load time, so a key that cannot verify anything fails configuration, not requests.

use std::fmt;
use std::path::PathBuf;

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{DecodingKey, EncodingKey};
use serde_json::Value;

/// A JWS signature algorithm (RFC 7518 §3.1, RFC 8037 §3.1) that resourcery signs or
/// verifies tokens with.
///
/// ```
/// use resourcery::JwtAlgorithm;
///
/// assert_eq!(JwtAlgorithm::EdDsa.name(), "EdDSA");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JwtAlgorithm {
    /// HMAC with SHA-256 over a shared secret.
    Hs256,
    /// RSASSA-PKCS1-v1_5 with SHA-256, keys of 2048 bits or more.
    Rs256,
    /// ECDSA on the P-256 curve with SHA-256.
    Es256,
    /// EdDSA on the Ed25519 curve.
    EdDsa,
}

impl JwtAlgorithm {
    /// Every algorithm, in the order a configuration lists them.
    pub(crate) const ALL: [JwtAlgorithm; 4] = [
        JwtAlgorithm::Hs256,
        JwtAlgorithm::Rs256,
        JwtAlgorithm::Es256,
        JwtAlgorithm::EdDsa,
    ];

    /// The `alg` header value: `HS256`, `RS256`, `ES256` or `EdDSA`.
    pub const fn name(self) -> &'static str {
        match self {
            JwtAlgorithm::Hs256 => "HS256",
            JwtAlgorithm::Rs256 => "RS256",
            JwtAlgorithm::Es256 => "ES256",
            JwtAlgorithm::EdDsa => "EdDSA",
        }
    }

    /// The algorithm an `alg` header value names; `None` for anything else, `none`
    /// included. Header values are case-sensitive (RFC 7515 §4.1.1).
    pub(crate) fn from_name(name: &str) -> Option<JwtAlgorithm> {
        Self::ALL.into_iter().find(|alg| alg.name() == name)
    }

    pub(crate) const fn to_jsonwebtoken(self) -> jsonwebtoken::Algorithm {
        match self {
            JwtAlgorithm::Hs256 => jsonwebtoken::Algorithm::HS256,
            JwtAlgorithm::Rs256 => jsonwebtoken::Algorithm::RS256,
            JwtAlgorithm::Es256 => jsonwebtoken::Algorithm::ES256,
            JwtAlgorithm::EdDsa => jsonwebtoken::Algorithm::EdDSA,
        }
    }
}

impl fmt::Display for JwtAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A key or key set that cannot be used: what is wrong with it, for the operator.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuthError {
    /// A PEM key is not a key of the kind the constructor expects.
    Key {
        /// The algorithm the key was loaded for.
        algorithm: JwtAlgorithm,
        /// What is wrong with it.
        reason: String,
    },
    /// A JWK Set is not valid JSON, or holds no key usable for a supported algorithm.
    Jwks(String),
    /// A key file cannot be read.
    Read {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::Key { algorithm, reason } => {
                write!(f, "invalid {algorithm} key: {reason}")
            }
            AuthError::Jwks(reason) => write!(f, "invalid JWK Set: {reason}"),
            AuthError::Read { path, source } => {
                write!(f, "cannot read `{}`: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AuthError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A verification key, bound to the one algorithm it serves.
#[derive(Clone)]
pub(crate) struct Key {
    pub(crate) algorithm: JwtAlgorithm,
    pub(crate) kid: Option<String>,
    pub(crate) decoding: DecodingKey,
    /// For HS256, the HMAC state keyed once with the secret, cloned per token rather than
    /// keyed again.
    pub(crate) hmac: Option<hmac::Hmac<sha2::Sha256>>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("algorithm", &self.algorithm)
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl Key {
    fn new(algorithm: JwtAlgorithm, kid: Option<String>, decoding: DecodingKey) -> Key {
        let hmac = match algorithm {
            JwtAlgorithm::Hs256 => decoding
                .try_get_as_bytes()
                .ok()
                .and_then(|secret| hmac::Mac::new_from_slice(secret).ok()),
            _ => None,
        };
        Key {
            algorithm,
            kid,
            decoding,
            hmac,
        }
    }

    pub(crate) fn hs256(secret: &[u8]) -> Key {
        Key::new(JwtAlgorithm::Hs256, None, DecodingKey::from_secret(secret))
    }

    /// A public key in PEM (`PUBLIC KEY`, or `RSA PUBLIC KEY` for RS256).
    pub(crate) fn from_public_pem(algorithm: JwtAlgorithm, pem: &[u8]) -> Result<Key, AuthError> {
        let decoding = match algorithm {
            JwtAlgorithm::Hs256 => Ok(DecodingKey::from_secret(pem)),
            JwtAlgorithm::Rs256 => DecodingKey::from_rsa_pem(pem),
            JwtAlgorithm::Es256 => DecodingKey::from_ec_pem(pem),
            JwtAlgorithm::EdDsa => DecodingKey::from_ed_pem(pem),
        }
        .map_err(|e| AuthError::Key {
            algorithm,
            reason: format!("not a {} public key in PEM ({e})", key_kind(algorithm)),
        })?;
        let key = Key::new(algorithm, None, decoding);
        key.check()
            .map_err(|reason| AuthError::Key { algorithm, reason })?;
        Ok(key)
    }

    /// The key of one JWK, or why it is skipped. A JWK serves the algorithm its `alg`
    /// names, else the one its `kty` (and `crv`) implies; keys for encryption, for other
    /// algorithms or other curves serve none.
    fn from_jwk(jwk: &Jwk) -> Result<Key, String> {
        if let Some(PublicKeyUse::Encryption | PublicKeyUse::Other(_)) = jwk.common.public_key_use {
            return Err("its `use` is not `sig`".to_owned());
        }
        let implied = match &jwk.algorithm {
            AlgorithmParameters::OctetKey(_) => JwtAlgorithm::Hs256,
            AlgorithmParameters::RSA(rsa) => {
                // RFC 7518 §3.3: RS256 keys are 2048 bits or larger.
                let bits = modulus_bits(&rsa.n);
                if bits < 2048 {
                    return Err(format!("its RSA modulus has {bits} bits, below 2048"));
                }
                JwtAlgorithm::Rs256
            }
            AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => {
                JwtAlgorithm::Es256
            }
            AlgorithmParameters::OctetKeyPair(okp) if okp.curve == EllipticCurve::Ed25519 => {
                JwtAlgorithm::EdDsa
            }
            _ => return Err("its key type or curve is not supported".to_owned()),
        };
        let algorithm = match jwk.common.key_algorithm {
            None => implied,
            Some(alg) => {
                let named = match alg {
                    KeyAlgorithm::HS256 => JwtAlgorithm::Hs256,
                    KeyAlgorithm::RS256 => JwtAlgorithm::Rs256,
                    KeyAlgorithm::ES256 => JwtAlgorithm::Es256,
                    KeyAlgorithm::EdDSA => JwtAlgorithm::EdDsa,
                    other => return Err(format!("its `alg` {other} is not supported")),
                };
                if named != implied {
                    return Err(format!("its `alg` {named} does not fit its key type"));
                }
                named
            }
        };
        let decoding = DecodingKey::from_jwk(jwk).map_err(|e| format!("it is malformed ({e})"))?;
        let key = Key::new(algorithm, jwk.common.key_id.clone(), decoding);
        key.check()?;
        Ok(key)
    }

    /// Proves the key can verify: the crypto provider parses EC and Ed keys when it builds
    /// a verifier, so a probe signature exposes a malformed key now rather than per request.
    fn check(&self) -> Result<(), String> {
        if self.algorithm == JwtAlgorithm::EdDsa {
            // The Ed25519 verifier slices the first 32 bytes: a shorter key must not reach it.
            let len = self.decoding.try_get_as_bytes().map_or(0, <[u8]>::len);
            if len != 32 {
                return Err(format!("an Ed25519 public key has 32 bytes, not {len}"));
            }
        }
        jsonwebtoken::crypto::verify(
            "AA",
            b"probe",
            &self.decoding,
            self.algorithm.to_jsonwebtoken(),
        )
        .map(drop)
        .map_err(|e| format!("not a usable {} public key ({e})", key_kind(self.algorithm)))
    }
}

/// The signing half of a key pair, with the verification key derived from it.
pub(crate) fn signing_key(
    algorithm: JwtAlgorithm,
    private_pem: &[u8],
) -> Result<(EncodingKey, Key), AuthError> {
    let error = |reason: String| AuthError::Key { algorithm, reason };
    let encoding = match algorithm {
        JwtAlgorithm::Hs256 => Ok(EncodingKey::from_secret(private_pem)),
        JwtAlgorithm::Rs256 => EncodingKey::from_rsa_pem(private_pem),
        JwtAlgorithm::Es256 => EncodingKey::from_ec_pem(private_pem),
        JwtAlgorithm::EdDsa => EncodingKey::from_ed_pem(private_pem),
    }
    .map_err(|e| {
        error(format!(
            "not a {} private key in PEM (PKCS#8 `PRIVATE KEY`) ({e})",
            key_kind(algorithm)
        ))
    })?;
    let alg = algorithm.to_jsonwebtoken();
    let public = Jwk::from_encoding_key(&encoding, alg)
        .map_err(|e| error(format!("cannot derive its public key ({e})")))?;
    let decoding = DecodingKey::from_jwk(&public)
        .map_err(|e| error(format!("cannot derive its public key ({e})")))?;
    // Sign and verify once, so a key of the wrong curve or size fails here.
    let signature = jsonwebtoken::crypto::sign(b"probe", &encoding, alg)
        .map_err(|e| error(format!("cannot sign with it ({e})")))?;
    match jsonwebtoken::crypto::verify(&signature, b"probe", &decoding, alg) {
        Ok(true) => {}
        _ => {
            return Err(error(
                "its signatures do not verify with its own public key".to_owned(),
            ));
        }
    }
    Ok((encoding, Key::new(algorithm, None, decoding)))
}

/// The public JWK of a signing key, for a JWK Set others verify with; `None` for a secret.
pub(crate) fn public_jwk(encoding: &EncodingKey, key: &Key) -> Option<Value> {
    if key.algorithm == JwtAlgorithm::Hs256 {
        return None;
    }
    let mut jwk = Jwk::from_encoding_key(encoding, key.algorithm.to_jsonwebtoken()).ok()?;
    jwk.common.public_key_use = Some(PublicKeyUse::Signature);
    jwk.common.key_id.clone_from(&key.kid);
    serde_json::to_value(jwk).ok()
}

/// Every usable key of a JWK Set (RFC 7517 §5). Keys that cannot serve a supported
/// algorithm are skipped (and logged), as §5 asks of keys a reader does not understand;
/// a set with no usable key at all is an error.
pub(crate) fn parse_jwks(json: &str) -> Result<Vec<Key>, AuthError> {
    let set: Value =
        serde_json::from_str(json).map_err(|e| AuthError::Jwks(format!("not valid JSON: {e}")))?;
    let Some(entries) = set.get("keys").and_then(Value::as_array) else {
        return Err(AuthError::Jwks(
            "expected an object with a `keys` array (RFC 7517 §5)".to_owned(),
        ));
    };
    let mut keys: Vec<Key> = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let parsed = serde_json::from_value::<Jwk>(entry.clone())
            .map_err(|e| format!("it is not a JWK ({e})"))
            .and_then(|jwk| Key::from_jwk(&jwk));
        match parsed {
            Ok(key) => {
                if let Some(kid) = &key.kid
                    && keys.iter().any(|k| k.kid.as_ref() == Some(kid))
                {
                    return Err(AuthError::Jwks(format!(
                        "two keys share the `kid` \"{kid}\": each key needs its own"
                    )));
                }
                keys.push(key);
            }
            Err(reason) => {
                let kid = entry.get("kid").and_then(Value::as_str).unwrap_or("-");
                tracing::debug!(index, kid, "JWK Set entry skipped: {reason}");
            }
        }
    }
    if keys.is_empty() {
        return Err(AuthError::Jwks(
            "no key usable for HS256, RS256, ES256 or EdDSA".to_owned(),
        ));
    }
    Ok(keys)
}

fn key_kind(algorithm: JwtAlgorithm) -> &'static str {
    match algorithm {
        JwtAlgorithm::Hs256 => "HMAC",
        JwtAlgorithm::Rs256 => "RSA",
        JwtAlgorithm::Es256 => "P-256 EC",
        JwtAlgorithm::EdDsa => "Ed25519",
    }
}

/// The size in bits of an RSA modulus given as unpadded base64url (RFC 7518 §6.3.1.1).
fn modulus_bits(n: &str) -> usize {
    use base64::Engine as _;
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(n) else {
        return 0;
    };
    let significant = match bytes.iter().position(|b| *b != 0) {
        Some(first) => &bytes[first..],
        None => return 0,
    };
    significant.len() * 8 - significant[0].leading_zeros() as usize
}

//! Interoperability with an independent JWT implementation, both ways: tokens PyJWT
//! signed (tests/vectors/jwt.json, made by tests/vectors/make_vectors.py) reach the
//! expected outcome in resourcery's verifier, and tokens resourcery signs check out when
//! verified by hand with HMAC-SHA256 from the RustCrypto crates.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use resourcery::{Auth, Grant, Tokens};
use serde_json::{Value, json};
use sha2::Sha256;

const VECTORS: &str = include_str!("../vectors/jwt.json");
const RSA_PUBLIC: &[u8] = include_bytes!("../../runtime/src/auth/testdata/rsa_public.pem");
const EC_PUBLIC: &[u8] = include_bytes!("../../runtime/src/auth/testdata/ec_public.pem");
const ED_PUBLIC: &[u8] = include_bytes!("../../runtime/src/auth/testdata/ed25519_public.pem");
const ED_PRIVATE: &[u8] = include_bytes!("../../runtime/src/auth/testdata/ed25519_private.pem");

/// Shared with make_vectors.py, whose `verify` command checks the tokens printed below.
const TOKENS_SECRET: &str = "a secret shared with make_vectors.py, 32+ bytes";

#[test]
fn pyjwt_vectors_reach_their_expected_outcome() {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    let (issuer, audience) = (
        doc["issuer"].as_str().unwrap(),
        doc["audience"].as_str().unwrap(),
    );
    let configure = |auth: Auth| auth.issuer(issuer).audience(audience);
    let verifier = |name: &str| -> Auth {
        configure(match name {
            "hs256" => Auth::hs256(doc["hs256_secret"].as_str().unwrap()),
            "rs256" => Auth::rs256_pem(RSA_PUBLIC).unwrap(),
            "es256" => Auth::es256_pem(EC_PUBLIC).unwrap(),
            "ed25519" => Auth::ed25519_pem(ED_PUBLIC).unwrap(),
            "jwks" => Auth::jwks(&doc["jwks"].to_string()).unwrap(),
            other => panic!("unknown verifier `{other}`"),
        })
    };
    let vectors = doc["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 20);
    let mut wrong = Vec::new();
    for vector in vectors {
        let name = vector["name"].as_str().unwrap();
        let token = vector["token"].as_str().unwrap();
        let outcome = match verifier(vector["verifier"].as_str().unwrap()).verify(token) {
            Ok(principal) => {
                assert_eq!(principal.subject(), "interop-user", "{name}");
                assert_eq!(principal.tenant(), Some("acme"), "{name}");
                assert!(principal.has_role("admin"), "{name}");
                "valid"
            }
            Err(problem) => {
                assert_eq!(problem.status().as_u16(), 401, "{name}");
                match problem.detail_text().unwrap() {
                    d if d.starts_with("the token has expired") => "expired",
                    d if d.starts_with("the token is not valid yet") => "not_yet_valid",
                    "the token is not valid for this API: obtain a new one" => "invalid",
                    other => panic!("{name}: unexpected detail `{other}`"),
                }
            }
        };
        if outcome != vector["expect"] {
            wrong.push(format!(
                "{name}: expected {}, got {outcome}",
                vector["expect"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The parts of a compact JWS, decoded.
fn decode(token: &str) -> (Value, Value, Vec<u8>, String) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "{token}");
    let json = |part: &str| serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap();
    (
        json(parts[0]),
        json(parts[1]),
        URL_SAFE_NO_PAD.decode(parts[2]).unwrap(),
        format!("{}.{}", parts[0], parts[1]),
    )
}

#[tokio::test]
async fn hs256_tokens_verify_by_hand() {
    let tokens = Tokens::hs256(TOKENS_SECRET)
        .issuer("https://shop.example")
        .audience("shop");
    let grant = Grant::new("alice")
        .roles(["customer", "beta"])
        .scopes(["orders:read", "orders:write"]);
    let token = tokens.access_token(&grant).unwrap();
    println!("HS256 access token: {token}");

    let (header, claims, signature, signed) = decode(&token);
    let mut mac = Hmac::<Sha256>::new_from_slice(TOKENS_SECRET.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    mac.verify_slice(&signature)
        .expect("HMAC-SHA256 over header.payload");
    assert_eq!(header, json!({ "alg": "HS256", "typ": "JWT" }));

    let now = resourcery::now().timestamp();
    let iat = claims["iat"].as_i64().unwrap();
    assert!((now - 5..=now).contains(&iat), "iat {iat}, now {now}");
    assert_eq!(claims["nbf"], iat);
    assert_eq!(claims["exp"], iat + 15 * 60);
    assert!(resourcery::Uuid::parse_str(claims["jti"].as_str().unwrap()).is_ok());
    let mut rest = claims.as_object().unwrap().clone();
    for name in ["iat", "nbf", "exp", "jti"] {
        rest.remove(name);
    }
    assert_eq!(
        Value::Object(rest),
        json!({
            "sub": "alice",
            "roles": ["customer", "beta"],
            "scope": "orders:read orders:write",
            "iss": "https://shop.example",
            "aud": "shop",
        })
    );

    // A pair's access token names its session; a tenant appears when granted.
    let test_db = resourcery_tests::sqlite().await;
    tokens.ensure_schema(&test_db.db).await.unwrap();
    let pair = tokens
        .issue(&test_db.db, &Grant::new("bob").tenant("acme"))
        .await
        .unwrap();
    let (_, claims, _, _) = decode(&pair.access_token);
    assert_eq!(claims["tenant"], "acme");
    assert_eq!(claims["roles"], json!([]));
    assert!(claims.get("scope").is_none());
    assert!(resourcery::Uuid::parse_str(claims["sid"].as_str().unwrap()).is_ok());
    let next = tokens
        .refresh(&test_db.db, &pair.refresh_token)
        .await
        .unwrap();
    assert_eq!(decode(&next.access_token).1["sid"], claims["sid"]);
}

#[test]
fn eddsa_tokens_carry_a_verifiable_header() {
    let tokens = Tokens::ed25519_pem(ED_PRIVATE).unwrap().key_id("ed-1");
    let token = tokens.access_token(&Grant::new("alice")).unwrap();
    println!("EdDSA access token: {token}");
    let (header, _, signature, _) = decode(&token);
    assert_eq!(
        header,
        json!({ "alg": "EdDSA", "typ": "JWT", "kid": "ed-1" })
    );
    assert_eq!(signature.len(), 64);
    // The committed public key (not one derived by resourcery) verifies it.
    Auth::ed25519_pem(ED_PUBLIC)
        .unwrap()
        .verify(&token)
        .unwrap();
}

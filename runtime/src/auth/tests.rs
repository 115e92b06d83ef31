//! The verifier against forged, tampered, stale and misdirected tokens, and the parsing
//! of the `Authorization` header.

use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::IntoResponse;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use super::{Auth, AuthError, Grant, JwtAlgorithm, Tokens};
use crate::problem::{Problem, ProblemType};

const RSA_PRIVATE: &[u8] = include_bytes!("testdata/rsa_private.pem");
const RSA_PUBLIC: &[u8] = include_bytes!("testdata/rsa_public.pem");
const RSA2_PRIVATE: &[u8] = include_bytes!("testdata/rsa2_private.pem");
const EC_PRIVATE: &[u8] = include_bytes!("testdata/ec_private.pem");
const EC_PUBLIC: &[u8] = include_bytes!("testdata/ec_public.pem");
const ED_PRIVATE: &[u8] = include_bytes!("testdata/ed25519_private.pem");
const ED_PUBLIC: &[u8] = include_bytes!("testdata/ed25519_public.pem");
const SECRET: &[u8] = b"an HS256 secret of 32 bytes or more, for tests";

const INVALID: &str = "the token is not valid for this API: obtain a new one";

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Claims every verifier accepts: a subject and an expiry ten minutes ahead.
fn claims() -> Value {
    json!({ "sub": "user-1", "exp": now() + 600 })
}

fn with(extra: Value) -> Value {
    let mut claims = claims();
    for (name, value) in extra.as_object().unwrap() {
        if value.is_null() {
            claims.as_object_mut().unwrap().remove(name);
        } else {
            claims[name] = value.clone();
        }
    }
    claims
}

fn sign(alg: Algorithm, key: &EncodingKey, kid: Option<&str>, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&header, claims, key).unwrap()
}

fn hs256(claims: &Value) -> String {
    sign(
        Algorithm::HS256,
        &EncodingKey::from_secret(SECRET),
        None,
        claims,
    )
}

fn rs256(claims: &Value) -> String {
    let key = EncodingKey::from_rsa_pem(RSA_PRIVATE).unwrap();
    sign(Algorithm::RS256, &key, None, claims)
}

/// A token assembled by hand, with whatever header it is given, signed by `signer` over
/// `header.payload` (or not at all).
fn forge(header: Value, claims: &Value, signer: Option<(&EncodingKey, Algorithm)>) -> String {
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = match signer {
        Some((key, alg)) => jsonwebtoken::crypto::sign(message.as_bytes(), key, alg).unwrap(),
        None => String::new(),
    };
    format!("{message}.{signature}")
}

/// The status, `WWW-Authenticate` and detail a client sees.
fn seen(problem: Problem) -> (u16, String, String) {
    let detail = problem.detail_text().unwrap_or_default().to_owned();
    let response = problem.into_response();
    let challenge = response
        .headers()
        .get(WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), challenge, detail)
}

#[track_caller]
fn assert_invalid(auth: &Auth, token: &str) {
    let (status, challenge, detail) = seen(auth.verify(token).unwrap_err());
    assert_eq!(status, 401);
    assert_eq!(
        challenge,
        "Bearer error=\"invalid_token\", error_description=\"the token is not valid\""
    );
    assert_eq!(detail, INVALID);
}

#[test]
fn valid_tokens_of_each_algorithm_become_principals() {
    let claims = with(json!({ "roles": ["admin", "staff"], "tenant": "acme", "scope": "a b" }));
    let cases = [
        (Auth::hs256(SECRET), hs256(&claims)),
        (Auth::rs256_pem(RSA_PUBLIC).unwrap(), rs256(&claims)),
        (
            Auth::es256_pem(EC_PUBLIC).unwrap(),
            sign(
                Algorithm::ES256,
                &EncodingKey::from_ec_pem(EC_PRIVATE).unwrap(),
                None,
                &claims,
            ),
        ),
        (
            Auth::ed25519_pem(ED_PUBLIC).unwrap(),
            sign(
                Algorithm::EdDSA,
                &EncodingKey::from_ed_pem(ED_PRIVATE).unwrap(),
                None,
                &claims,
            ),
        ),
    ];
    for (auth, token) in cases {
        let principal = auth.verify(&token).unwrap();
        assert_eq!(principal.subject(), "user-1");
        assert_eq!(principal.roles(), ["admin", "staff"]);
        assert_eq!(principal.tenant(), Some("acme"));
        assert_eq!(principal.scopes(), ["a", "b"]);
        assert_eq!(principal.claim("tenant"), Some(&json!("acme")));
    }
}

#[test]
fn alg_none_is_refused_in_any_spelling() {
    let auth = Auth::hs256(SECRET);
    for alg in ["none", "None", "NONE", "nOnE"] {
        assert_invalid(
            &auth,
            &forge(json!({ "alg": alg, "typ": "JWT" }), &claims(), None),
        );
    }
    // A header without `alg` at all, and one whose `alg` is not a string.
    assert_invalid(&auth, &forge(json!({ "typ": "JWT" }), &claims(), None));
    assert_invalid(&auth, &forge(json!({ "alg": ["HS256"] }), &claims(), None));
}

#[test]
fn rsa_public_key_used_as_hmac_secret_is_refused() {
    // The classic key confusion: the attacker signs HS256 with the public key's PEM bytes,
    // hoping the verifier uses "the key" with the token's algorithm.
    let auth = Auth::rs256_pem(RSA_PUBLIC).unwrap();
    let confused = EncodingKey::from_secret(RSA_PUBLIC);
    let token = forge(
        json!({ "alg": "HS256" }),
        &claims(),
        Some((&confused, Algorithm::HS256)),
    );
    assert_invalid(&auth, &token);
}

#[test]
fn algorithms_outside_the_restriction_are_refused() {
    let auth = Auth::hs256(SECRET).algorithms(&[JwtAlgorithm::Rs256]);
    assert_invalid(&auth, &hs256(&claims()));
}

#[test]
fn tokens_signed_with_another_key_are_refused() {
    let auth = Auth::rs256_pem(RSA_PUBLIC).unwrap();
    let other = EncodingKey::from_rsa_pem(RSA2_PRIVATE).unwrap();
    assert_invalid(&auth, &sign(Algorithm::RS256, &other, None, &claims()));
    assert_invalid(
        &Auth::hs256(b"another secret of thirty-two bytes!"),
        &hs256(&claims()),
    );
}

#[test]
fn tampered_payload_or_signature_is_refused() {
    let auth = Auth::rs256_pem(RSA_PUBLIC).unwrap();
    let token = rs256(&claims());
    auth.verify(&token).unwrap();
    let parts: Vec<&str> = token.split('.').collect();

    let escalated = URL_SAFE_NO_PAD.encode(with(json!({ "roles": ["admin"] })).to_string());
    assert_invalid(&auth, &format!("{}.{escalated}.{}", parts[0], parts[2]));

    let mut signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    signature[10] ^= 1;
    let signature = URL_SAFE_NO_PAD.encode(signature);
    assert_invalid(&auth, &format!("{}.{}.{signature}", parts[0], parts[1]));
    assert_invalid(&auth, &format!("{}.{}.", parts[0], parts[1]));
}

#[test]
fn expiry_is_enforced_beyond_the_leeway_only() {
    let auth = Auth::hs256(SECRET);
    auth.verify(&hs256(&with(json!({ "exp": now() - 10 }))))
        .unwrap();

    let (status, challenge, detail) = seen(
        auth.verify(&hs256(&with(json!({ "exp": now() - 120 }))))
            .unwrap_err(),
    );
    assert_eq!(status, 401);
    assert_eq!(
        challenge,
        "Bearer error=\"invalid_token\", error_description=\"the token has expired\""
    );
    assert_eq!(
        detail,
        "the token has expired: obtain a new one (refresh it)"
    );

    let strict = Auth::hs256(SECRET).leeway(std::time::Duration::ZERO);
    assert!(
        strict
            .verify(&hs256(&with(json!({ "exp": now() - 10 }))))
            .is_err()
    );
}

#[test]
fn not_before_is_enforced_beyond_the_leeway_only() {
    let auth = Auth::hs256(SECRET);
    auth.verify(&hs256(&with(json!({ "nbf": now() + 10 }))))
        .unwrap();
    let (status, challenge, detail) = seen(
        auth.verify(&hs256(&with(json!({ "nbf": now() + 120 }))))
            .unwrap_err(),
    );
    assert_eq!(status, 401);
    assert!(challenge.contains("error_description=\"the token is not valid yet\""));
    assert!(detail.starts_with("the token is not valid yet"));
}

#[test]
fn expired_claims_are_not_disclosed_for_a_bad_signature() {
    // Whether a forged token "expired" is nobody's business: the signature comes first.
    let auth = Auth::hs256(SECRET);
    let forged = sign(
        Algorithm::HS256,
        &EncodingKey::from_secret(b"not the secret, but 32 bytes long!"),
        None,
        &with(json!({ "exp": now() - 3600 })),
    );
    assert_invalid(&auth, &forged);
}

#[test]
fn issuer_is_required_and_must_match_when_configured() {
    let auth = Auth::hs256(SECRET).issuer("https://auth.example.com");
    auth.verify(&hs256(&with(json!({ "iss": "https://auth.example.com" }))))
        .unwrap();
    assert_invalid(
        &auth,
        &hs256(&with(json!({ "iss": "https://evil.example.com" }))),
    );
    assert_invalid(&auth, &hs256(&claims()));
}

#[test]
fn audience_is_required_and_must_match_when_configured() {
    let auth = Auth::hs256(SECRET).audience("orders");
    auth.verify(&hs256(&with(json!({ "aud": "orders" }))))
        .unwrap();
    auth.verify(&hs256(&with(json!({ "aud": ["billing", "orders"] }))))
        .unwrap();
    assert_invalid(&auth, &hs256(&with(json!({ "aud": "billing" }))));
    assert_invalid(&auth, &hs256(&claims()));
    // A token meant for some audience is refused by an API that names none.
    assert_invalid(
        &Auth::hs256(SECRET),
        &hs256(&with(json!({ "aud": "orders" }))),
    );
}

#[test]
fn exp_is_required() {
    let auth = Auth::hs256(SECRET);
    assert_invalid(&auth, &hs256(&with(json!({ "exp": null }))));
    assert_invalid(&auth, &hs256(&with(json!({ "exp": "tomorrow" }))));
}

#[test]
fn sub_must_be_a_non_empty_string() {
    let auth = Auth::hs256(SECRET);
    assert_invalid(&auth, &hs256(&with(json!({ "sub": null }))));
    assert_invalid(&auth, &hs256(&with(json!({ "sub": "" }))));
    assert_invalid(&auth, &hs256(&with(json!({ "sub": 42 }))));
}

#[test]
fn roles_tenant_and_scopes_of_the_wrong_type_are_refused() {
    let auth = Auth::hs256(SECRET);
    for bad in [
        json!({ "roles": 1 }),
        json!({ "roles": [1, 2] }),
        json!({ "roles": { "admin": true } }),
        json!({ "tenant": 7 }),
        json!({ "scope": 5 }),
        json!({ "scp": [true] }),
    ] {
        assert_invalid(&auth, &hs256(&with(bad)));
    }
}

#[test]
fn claims_may_be_renamed_and_a_string_of_roles_is_refused() {
    let auth = Auth::hs256(SECRET)
        .roles_claim("groups")
        .tenant_claim("org");
    let token = hs256(&with(
        json!({ "groups": ["admin"], "org": "acme", "scp": ["x", "y"] }),
    ));
    let principal = auth.verify(&token).unwrap();
    assert_eq!(principal.roles(), ["admin"]);
    // A correctly signed token whose roles are one string is malformed, not that role.
    assert_invalid(
        &auth,
        &hs256(&with(json!({ "groups": "admin", "org": "acme" }))),
    );
    assert_eq!(principal.tenant(), Some("acme"));
    assert_eq!(principal.scopes(), ["x", "y"]);

    let principal = Auth::hs256(SECRET)
        .verify(&hs256(&with(json!({ "scp": "x y" }))))
        .unwrap();
    assert_eq!(principal.scopes(), ["x", "y"]);
}

#[test]
fn crit_headers_are_refused() {
    let key = EncodingKey::from_secret(SECRET);
    let token = forge(
        json!({ "alg": "HS256", "crit": ["exp"] }),
        &claims(),
        Some((&key, Algorithm::HS256)),
    );
    assert_invalid(&Auth::hs256(SECRET), &token);
}

/// A JWK Set of the public halves of both test RSA keys, named `k1` and `k2`.
fn rotation_jwks() -> String {
    let jwk = |pem: &[u8], kid: &str| {
        let key = EncodingKey::from_rsa_pem(pem).unwrap();
        let mut jwk = Jwk::from_encoding_key(&key, Algorithm::RS256).unwrap();
        jwk.common.key_id = Some(kid.to_owned());
        serde_json::to_value(jwk).unwrap()
    };
    json!({ "keys": [jwk(RSA_PRIVATE, "k1"), jwk(RSA2_PRIVATE, "k2")] }).to_string()
}

#[test]
fn jwks_kid_picks_the_key_while_keys_rotate() {
    let auth = Auth::jwks(&rotation_jwks()).unwrap();
    let k1 = EncodingKey::from_rsa_pem(RSA_PRIVATE).unwrap();
    let k2 = EncodingKey::from_rsa_pem(RSA2_PRIVATE).unwrap();
    auth.verify(&sign(Algorithm::RS256, &k1, Some("k1"), &claims()))
        .unwrap();
    auth.verify(&sign(Algorithm::RS256, &k2, Some("k2"), &claims()))
        .unwrap();
    // Signed with k1 but naming k2: k2 does not verify it.
    assert_invalid(&auth, &sign(Algorithm::RS256, &k1, Some("k2"), &claims()));
    assert_invalid(&auth, &sign(Algorithm::RS256, &k1, Some("k3"), &claims()));
    // Without a kid the choice would be a guess among two keys.
    assert_invalid(&auth, &sign(Algorithm::RS256, &k1, None, &claims()));
}

#[test]
fn a_token_without_kid_is_accepted_when_one_key_serves_its_algorithm() {
    let set: Value = serde_json::from_str(&rotation_jwks()).unwrap();
    let one = json!({ "keys": [set["keys"][0]] }).to_string();
    let auth = Auth::jwks(&one).unwrap();
    let k1 = EncodingKey::from_rsa_pem(RSA_PRIVATE).unwrap();
    auth.verify(&sign(Algorithm::RS256, &k1, None, &claims()))
        .unwrap();
    // A PEM key has no kid: it serves tokens naming any.
    let pem = Auth::rs256_pem(RSA_PUBLIC).unwrap();
    pem.verify(&sign(Algorithm::RS256, &k1, Some("whatever"), &claims()))
        .unwrap();
}

#[test]
fn jwks_skips_keys_it_cannot_use_and_refuses_sets_without_any() {
    let set: Value = serde_json::from_str(&rotation_jwks()).unwrap();
    let mut encryption = set["keys"][1].clone();
    encryption["use"] = json!("enc");
    encryption["kid"] = json!("enc");
    let mut rs512 = set["keys"][1].clone();
    rs512["alg"] = json!("RS512");
    rs512["kid"] = json!("rs512");
    let p384 = json!({ "kty": "EC", "crv": "P-384", "kid": "p384",
        "x": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "y": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    let mixed = json!({ "keys": [encryption, rs512, p384, { "kty": "weird" }, set["keys"][0]] });
    let auth = Auth::jwks(&mixed.to_string()).unwrap();
    let k1 = EncodingKey::from_rsa_pem(RSA_PRIVATE).unwrap();
    auth.verify(&sign(Algorithm::RS256, &k1, Some("k1"), &claims()))
        .unwrap();
    let k2 = EncodingKey::from_rsa_pem(RSA2_PRIVATE).unwrap();
    assert_invalid(&auth, &sign(Algorithm::RS256, &k2, Some("enc"), &claims()));

    let none = json!({ "keys": [mixed["keys"][0], mixed["keys"][3]] }).to_string();
    assert!(matches!(Auth::jwks(&none), Err(AuthError::Jwks(_))));
    assert!(matches!(
        Auth::jwks("{\"keys\": 1}"),
        Err(AuthError::Jwks(_))
    ));
    assert!(matches!(Auth::jwks("not json"), Err(AuthError::Jwks(_))));
    let twice = json!({ "keys": [set["keys"][0], set["keys"][0]] }).to_string();
    let error = Auth::jwks(&twice).unwrap_err().to_string();
    assert!(error.contains("share the `kid` \"k1\""), "{error}");
}

#[test]
fn jwks_file_names_the_file_it_cannot_read() {
    let error = Auth::jwks_file("/nonexistent/jwks.json").unwrap_err();
    assert!(matches!(error, AuthError::Read { .. }));
    assert!(
        error
            .to_string()
            .starts_with("cannot read `/nonexistent/jwks.json`"),
        "{error}"
    );
}

#[test]
fn pem_of_the_wrong_kind_is_a_configuration_error() {
    let error = Auth::ed25519_pem(RSA_PUBLIC).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid EdDSA key: not a Ed25519"),
        "{error}"
    );
    assert!(Auth::es256_pem(ED_PUBLIC).is_err());
    assert!(
        Auth::rs256_pem(b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").is_err()
    );
    assert!(Tokens::ed25519_pem(ED_PUBLIC).is_err());
    assert!(Tokens::es256_pem(RSA_PRIVATE).is_err());
}

fn request(values: &[&[u8]]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for value in values {
        headers.append(AUTHORIZATION, HeaderValue::from_bytes(value).unwrap());
    }
    headers
}

#[test]
fn authenticate_reads_the_bearer_credential() {
    let auth = Auth::hs256(SECRET);
    assert_eq!(auth.authenticate(&HeaderMap::new()).unwrap(), None);
    let token = hs256(&claims());
    for value in [
        format!("Bearer {token}"),
        format!("bearer {token}"),
        format!("BEARER   {token}"),
    ] {
        let principal = auth
            .authenticate(&request(&[value.as_bytes()]))
            .unwrap()
            .unwrap();
        assert_eq!(principal.subject(), "user-1");
    }
    let refused = auth.authenticate(&request(&[b"Bearer a.b.c"])).unwrap_err();
    assert!(
        seen(refused)
            .1
            .starts_with("Bearer error=\"invalid_token\"")
    );
}

#[test]
fn malformed_authorization_headers_are_invalid_requests() {
    let auth = Auth::hs256(SECRET);
    let token = hs256(&claims());
    let twice = format!("Bearer {token}");
    let cases: [&[&[u8]]; 7] = [
        &[twice.as_bytes(), twice.as_bytes()],
        &[b""],
        &[b"   "],
        &[b"Bearer"],
        &[b"Bearer a b"],
        &[b"Bearer abc\xc3\xa9def"],
        &[b"Bearer a\tb"],
    ];
    for case in cases {
        let (status, challenge, detail) = seen(auth.authenticate(&request(case)).unwrap_err());
        assert_eq!(status, 401, "{case:?}");
        assert!(
            challenge.starts_with("Bearer error=\"invalid_request\""),
            "{case:?}: {challenge}"
        );
        assert!(!detail.is_empty());
    }
}

#[test]
fn another_scheme_gets_a_bare_bearer_challenge() {
    let auth = Auth::hs256(SECRET);
    let (status, challenge, detail) = seen(
        auth.authenticate(&request(&[b"Basic dXNlcjpwYXNz"]))
            .unwrap_err(),
    );
    assert_eq!((status, challenge.as_str()), (401, "Bearer"));
    assert!(detail.contains("bearer tokens only"));
}

#[test]
fn challenge_and_forbidden_are_the_registered_problems() {
    let (status, challenge, detail) = seen(super::challenge());
    assert_eq!((status, challenge.as_str()), (401, "Bearer"));
    assert_eq!(
        detail,
        "this operation requires a bearer token in the Authorization header"
    );
    let forbidden = super::forbidden("only admins may refund");
    assert_eq!(forbidden.kind(), ProblemType::INSUFFICIENT_PERMISSIONS);
    assert_eq!(forbidden.detail_text(), Some("only admins may refund"));
}

#[test]
fn issued_access_tokens_verify_with_the_matching_auth() {
    let grant = Grant::new("user-9")
        .roles(["admin"])
        .scopes(["orders:read", "orders:write"]);
    let services = [
        Tokens::hs256(SECRET),
        Tokens::rs256_pem(RSA_PRIVATE).unwrap(),
        Tokens::es256_pem(EC_PRIVATE).unwrap(),
        Tokens::ed25519_pem(ED_PRIVATE).unwrap(),
    ];
    for tokens in services {
        let tokens = tokens
            .issuer("https://shop.example")
            .audience("shop")
            .key_id("2025");
        let token = tokens.access_token(&grant).unwrap();
        let principal = tokens.auth().verify(&token).unwrap();
        assert_eq!(principal.subject(), "user-9");
        assert_eq!(principal.roles(), ["admin"]);
        assert_eq!(principal.tenant(), None);
        assert_eq!(
            principal.claim("scope"),
            Some(&json!("orders:read orders:write"))
        );
        assert_eq!(principal.claim("iss"), Some(&json!("https://shop.example")));
        assert!(principal.claim("tenant").is_none());
        assert!(principal.claim("sid").is_none());
        assert_eq!(Grant::from(&principal), grant);

        // Another issuer's verifier refuses it.
        assert!(Auth::hs256(SECRET).verify(&token).is_err());
    }
}

#[test]
fn published_jwks_verifies_asymmetric_tokens_and_hides_secrets() {
    assert!(Tokens::hs256(SECRET).jwks().is_none());
    let tokens = Tokens::ed25519_pem(ED_PRIVATE).unwrap().key_id("ed-1");
    let jwks = tokens.jwks().unwrap();
    assert_eq!(jwks["keys"][0]["kid"], "ed-1");
    assert_eq!(jwks["keys"][0]["use"], "sig");
    assert!(jwks["keys"][0].get("d").is_none());
    let auth = Auth::jwks(&jwks.to_string()).unwrap();
    auth.verify(&tokens.access_token(&Grant::new("u")).unwrap())
        .unwrap();
}

#[test]
fn debug_output_shows_no_key_material() {
    let auth = format!("{:?}", Auth::hs256(SECRET));
    let tokens = format!("{:?}", Tokens::hs256(SECRET));
    for text in [auth, tokens] {
        assert!(!text.contains("HS256 secret"), "{text}");
        assert!(text.contains("Hs256"), "{text}");
    }
}

#[test]
fn headers_of_any_length_are_read_and_bad_ones_refused() {
    let key = EncodingKey::from_secret(SECRET);
    let auth = Auth::hs256(SECRET);
    // Short headers decode on the stack, long ones (here a 400-character `x5u`, which is
    // ignored) on the heap: both verify.
    for padding in [0, 400] {
        let header = json!({ "alg": "HS256", "typ": "JWT", "x5u": "u".repeat(padding) });
        let token = forge(header, &claims(), Some((&key, Algorithm::HS256)));
        assert!(auth.verify(&token).is_ok(), "header padded by {padding}");
    }
    let good = hs256(&claims());
    let (_, rest) = good.split_once('.').unwrap();
    for header in ["e30*", "%%%%", "", &"A".repeat(1001)] {
        assert_invalid(&auth, &format!("{header}.{rest}"));
    }
}

#[test]
fn registered_claims_of_the_wrong_type_are_refused() {
    let auth = Auth::hs256(SECRET)
        .issuer("https://auth.example.com")
        .audience("orders");
    let good = json!({ "iss": "https://auth.example.com", "aud": "orders" });
    auth.verify(&hs256(&with(good.clone()))).unwrap();
    // NumericDate may have a fraction (RFC 7519 §2); `nbf: null` is no `nbf`.
    let fraction = json!({ "exp": now() as f64 + 600.5, "nbf": null });
    let mut token = with(good.clone());
    token
        .as_object_mut()
        .unwrap()
        .extend(fraction.as_object().unwrap().clone());
    auth.verify(&hs256(&token)).unwrap();
    for bad in [
        json!({ "exp": true }),
        json!({ "exp": [now() + 600] }),
        json!({ "nbf": "yesterday" }),
        json!({ "iss": ["https://auth.example.com"] }),
        json!({ "aud": 7 }),
        json!({ "aud": [7, "billing"] }),
        json!({ "aud": [7, "orders"] }),
        json!({ "aud": [] }),
    ] {
        let mut claims = with(good.clone());
        claims
            .as_object_mut()
            .unwrap()
            .extend(bad.as_object().unwrap().clone());
        assert_invalid(&auth, &hs256(&claims));
    }
    // Without an issuer configured, `iss` of any type is not looked at.
    Auth::hs256(SECRET)
        .verify(&hs256(&with(json!({ "iss": 42 }))))
        .unwrap();
}

#[test]
fn a_claim_sent_twice_is_refused() {
    let key = EncodingKey::from_secret(SECRET);
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#);
    let exp = now() + 600;
    for payload in [
        format!(r#"{{"sub":"a","exp":{exp},"exp":{exp}}}"#),
        format!(r#"{{"sub":"a","sub":"b","exp":{exp}}}"#),
    ] {
        let message = format!("{header}.{}", URL_SAFE_NO_PAD.encode(payload));
        let signature =
            jsonwebtoken::crypto::sign(message.as_bytes(), &key, Algorithm::HS256).unwrap();
        assert_invalid(&Auth::hs256(SECRET), &format!("{message}.{signature}"));
    }
}

#[test]
fn hmac_signatures_of_the_wrong_length_or_encoding_are_refused() {
    let token = hs256(&claims());
    let (message, signature) = token.rsplit_once('.').unwrap();
    let bytes = URL_SAFE_NO_PAD.decode(signature).unwrap();
    let longer = URL_SAFE_NO_PAD.encode([bytes.as_slice(), &[0]].concat());
    let shorter = URL_SAFE_NO_PAD.encode(&bytes[..31]);
    let padded = base64::engine::general_purpose::URL_SAFE.encode(&bytes);
    for bad in [longer.as_str(), &shorter, &padded, "", "!!!!"] {
        assert_invalid(&Auth::hs256(SECRET), &format!("{message}.{bad}"));
    }
    Auth::hs256(SECRET).verify(&token).unwrap();
}

"""Writes jwt.json: tokens signed by PyJWT, an independent JWT implementation, with the
outcome resourcery's verifier must reach for each. tests/tests/jwt_interop.rs checks them.

The keys are the committed test keys in runtime/src/auth/testdata/ (test use only).
Regenerate with:

    python3 -m venv /tmp/jwtvenv && /tmp/jwtvenv/bin/pip install pyjwt cryptography
    /tmp/jwtvenv/bin/python tests/vectors/make_vectors.py

Tokens signed with far-future expiries (year 2100) stay valid; the negative vectors fail
for one reason each. Signatures of RSA PKCS#1 v1.5 and EdDSA are deterministic, ECDSA
ones are not, so regenerating changes the ES256 tokens only.

The other direction, a token from resourcery's `Tokens` verified by PyJWT:

    import jwt
    # Tokens::hs256(secret).issuer("https://shop.example").audience("shop")
    claims = jwt.decode(token, secret, algorithms=["HS256"],
                        audience="shop", issuer="https://shop.example",
                        options={"require": ["exp", "iat", "nbf", "sub", "jti"]})
    # Tokens::ed25519_pem(private_pem): verify with the public key
    # (or with a key of tokens.jwks(), via jwt.PyJWK(jwks["keys"][0])).
    claims = jwt.decode(token, public_pem, algorithms=["EdDSA"])

    /tmp/jwtvenv/bin/python tests/vectors/make_vectors.py verify HS256 <token>
    /tmp/jwtvenv/bin/python tests/vectors/make_vectors.py verify EdDSA <token>
"""

import base64
import hashlib
import hmac
import json
import pathlib
import sys

import jwt
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEYS = ROOT / "runtime" / "src" / "auth" / "testdata"
OUT = pathlib.Path(__file__).resolve().parent / "jwt.json"

SECRET = "interop secret for HS256: 32 bytes or more, tests only"
ISSUER = "https://issuer.example"
AUDIENCE = "interop"
# Shared with tests/tests/jwt_interop.rs, which signs with it for the other direction.
TOKENS_SECRET = "a secret shared with make_vectors.py, 32+ bytes"
TOKENS_ISSUER = "https://shop.example"
TOKENS_AUDIENCE = "shop"

Y2100 = 4102444800  # 2100-01-01T00:00:00Z
Y2001 = 978307200  # 2001-01-01T00:00:00Z
Y2099 = 4070908800  # 2099-01-01T00:00:00Z


def key(name):
    return (KEYS / name).read_bytes()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(**changes):
    base = {
        "sub": "interop-user",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": Y2001,
        "nbf": Y2001,
        "exp": Y2100,
        "roles": ["admin", "auditor"],
        "tenant": "acme",
        "scope": "orders:read orders:write",
    }
    for name, value in changes.items():
        if value is None:
            base.pop(name, None)
        else:
            base[name] = value
    return base


def jwks():
    def public(algorithm, pem, kid, alg):
        jwk = json.loads(algorithm.to_jwk(algorithm.prepare_key(pem)))
        jwk.update({"kid": kid, "alg": alg, "use": "sig"})
        return jwk

    return {
        "keys": [
            public(RSAAlgorithm(RSAAlgorithm.SHA256), key("rsa_public.pem"), "rsa-1", "RS256"),
            public(RSAAlgorithm(RSAAlgorithm.SHA256), key("rsa2_public.pem"), "rsa-2", "RS256"),
            public(ECAlgorithm(ECAlgorithm.SHA256), key("ec_public.pem"), "ec-1", "ES256"),
            public(OKPAlgorithm(), key("ed25519_public.pem"), "ed-1", "EdDSA"),
        ]
    }


def hand_signed_hs256(header, payload, secret):
    """A token PyJWT would refuse to make (it guards against key confusion itself)."""
    message = b64(json.dumps(header).encode()) + "." + b64(json.dumps(payload).encode())
    signature = hmac.new(secret, message.encode(), hashlib.sha256).digest()
    return message + "." + b64(signature)


def vectors():
    rsa, rsa2 = key("rsa_private.pem"), key("rsa2_private.pem")
    ec, ed = key("ec_private.pem"), key("ed25519_private.pem")
    out = []

    def add(name, verifier, token, expect):
        out.append({"name": name, "verifier": verifier, "token": token, "expect": expect})

    # Valid, one per algorithm, with a PEM key and through the JWK Set.
    add("hs256", "hs256", jwt.encode(claims(), SECRET, algorithm="HS256"), "valid")
    add("rs256", "rs256", jwt.encode(claims(), rsa, algorithm="RS256"), "valid")
    add("es256", "es256", jwt.encode(claims(), ec, algorithm="ES256"), "valid")
    add("eddsa", "ed25519", jwt.encode(claims(), ed, algorithm="EdDSA"), "valid")
    add("jwks rs256 kid rsa-1", "jwks",
        jwt.encode(claims(), rsa, algorithm="RS256", headers={"kid": "rsa-1"}), "valid")
    add("jwks rs256 kid rsa-2", "jwks",
        jwt.encode(claims(), rsa2, algorithm="RS256", headers={"kid": "rsa-2"}), "valid")
    add("jwks es256 kid ec-1", "jwks",
        jwt.encode(claims(), ec, algorithm="ES256", headers={"kid": "ec-1"}), "valid")
    add("jwks eddsa kid ed-1", "jwks",
        jwt.encode(claims(), ed, algorithm="EdDSA", headers={"kid": "ed-1"}), "valid")
    add("aud as an array", "hs256",
        jwt.encode(claims(aud=["other", AUDIENCE]), SECRET, algorithm="HS256"), "valid")

    # Refused, for one reason each.
    # A claim of the wrong type makes the token malformed (RFC 8725 §3.11): one string is
    # not an array of roles.
    add("roles as one string", "hs256",
        jwt.encode(claims(roles="admin"), SECRET, algorithm="HS256"), "invalid")
    add("expired", "hs256", jwt.encode(claims(exp=Y2001 + 60), SECRET, algorithm="HS256"),
        "expired")
    add("not yet valid", "rs256", jwt.encode(claims(nbf=Y2099), rsa, algorithm="RS256"),
        "not_yet_valid")
    add("wrong audience", "hs256",
        jwt.encode(claims(aud="someone-else"), SECRET, algorithm="HS256"), "invalid")
    add("no audience", "hs256", jwt.encode(claims(aud=None), SECRET, algorithm="HS256"),
        "invalid")
    add("wrong issuer", "rs256",
        jwt.encode(claims(iss="https://evil.example"), rsa, algorithm="RS256"), "invalid")
    add("no exp", "ed25519", jwt.encode(claims(exp=None), ed, algorithm="EdDSA"), "invalid")
    add("no sub", "es256", jwt.encode(claims(sub=None), ec, algorithm="ES256"), "invalid")
    add("roles of the wrong type", "hs256",
        jwt.encode(claims(roles={"admin": True}), SECRET, algorithm="HS256"), "invalid")
    add("alg none", "hs256", jwt.encode(claims(), None, algorithm="none"), "invalid")
    add("key confusion: RSA public PEM as HS256 secret", "rs256",
        hand_signed_hs256({"alg": "HS256", "typ": "JWT"}, claims(), key("rsa_public.pem")),
        "invalid")
    add("wrong key", "rs256", jwt.encode(claims(), rsa2, algorithm="RS256"), "invalid")
    add("RS256 key, PS256 token", "rs256", jwt.encode(claims(), rsa, algorithm="PS256"),
        "invalid")
    add("RS256 key, RS512 token", "rs256", jwt.encode(claims(), rsa, algorithm="RS512"),
        "invalid")
    add("jwks unknown kid", "jwks",
        jwt.encode(claims(), rsa, algorithm="RS256", headers={"kid": "rsa-9"}), "invalid")
    add("jwks kid of another key", "jwks",
        jwt.encode(claims(), rsa, algorithm="RS256", headers={"kid": "rsa-2"}), "invalid")
    add("jwks no kid with two RSA keys", "jwks",
        jwt.encode(claims(), rsa, algorithm="RS256"), "invalid")
    good = jwt.encode(claims(), SECRET, algorithm="HS256")
    head, payload, signature = good.split(".")
    tampered = b64(json.dumps(claims(roles=["root"])).encode())
    add("tampered payload", "hs256", f"{head}.{tampered}.{signature}", "invalid")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    add("tampered signature", "hs256", f"{head}.{payload}.{flipped}", "invalid")
    return out


def verify(alg, token):
    """Verifies a token from resourcery's Tokens, as the tests in jwt_interop.rs make them."""
    if alg == "HS256":
        key_, options = TOKENS_SECRET, {"audience": TOKENS_AUDIENCE, "issuer": TOKENS_ISSUER}
    else:
        key_, options = key("ed25519_public.pem"), {}
    header = jwt.get_unverified_header(token)
    claims_ = jwt.decode(token, key_, algorithms=[alg],
                         options={"require": ["exp", "iat", "nbf", "sub", "jti"]}, **options)
    print(json.dumps({"header": header, "claims": claims_}, indent=2))


def main():
    if sys.argv[1:2] == ["verify"]:
        verify(sys.argv[2], sys.argv[3])
        return
    document = {
        "about": "JWTs signed by PyJWT " + jwt.__version__ + " (make_vectors.py); "
                 "expect is the outcome resourcery must reach.",
        "hs256_secret": SECRET,
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "jwks": jwks(),
        "vectors": vectors(),
    }
    OUT.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {len(document['vectors'])} vectors to {OUT}")


if __name__ == "__main__":
    main()

//! The token service: short-lived signed access tokens, and opaque refresh tokens that
//! rotate on every use.
//!
//! Refresh tokens follow the rotation of OAuth 2.0 Security BCP (RFC 9700 §4.14.2): each
//! use returns a new refresh token and retires the old one; every token descends from one
//! login, its *family* (the `sid` claim of the access tokens), and presenting a retired
//! token again, which only a thief or a confused client does, ends the whole family.
//! Only the SHA-256 of a refresh token is stored, so a leaked table grants nothing; every
//! state change is one conditional statement, so any number of instances can share the
//! database.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{EncodingKey, Header};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::keys::{self, AuthError, JwtAlgorithm, Key};
use super::{Auth, Principal, Refusal};
use crate::db::{Db, Pool};
use crate::problem::Problem;
use crate::sql::Backend;

/// Runs `$body` with `$pool` bound to the concrete pool, so each statement is written once.
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match &$db.pool {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` in a write transaction with `$tx` bound to it, and commits. On SQLite the
/// transaction is `BEGIN IMMEDIATE`: it takes the write lock at once, so concurrent
/// rotations queue behind the busy timeout instead of failing on a stale snapshot.
macro_rules! in_transaction {
    ($db:expr, |$tx:ident| $body:expr) => {
        match &$db.pool {
            Pool::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            Pool::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

/// What a token says about its holder: the claims of the access tokens issued for them.
///
/// ```
/// use resourcery::Grant;
///
/// let grant = Grant::new("user-42").roles(["admin"]).tenant("acme").scopes(["orders:read"]);
/// assert_eq!(grant.roles, ["admin"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// The `sub` claim: who the holder is. Must not be empty.
    pub subject: String,
    /// The `roles` claim.
    pub roles: Vec<String>,
    /// The `tenant` claim, left out when `None`.
    pub tenant: Option<String>,
    /// The `scope` claim, space-separated; left out when empty.
    pub scopes: Vec<String>,
}

impl Grant {
    /// A grant for `subject`, without roles, tenant or scopes.
    pub fn new(subject: impl Into<String>) -> Grant {
        Grant {
            subject: subject.into(),
            roles: Vec::new(),
            tenant: None,
            scopes: Vec::new(),
        }
    }

    /// With these roles.
    #[must_use]
    pub fn roles<I: IntoIterator<Item = S>, S: Into<String>>(mut self, roles: I) -> Grant {
        self.roles = roles.into_iter().map(Into::into).collect();
        self
    }

    /// With this tenant.
    #[must_use]
    pub fn tenant(mut self, tenant: impl Into<String>) -> Grant {
        self.tenant = Some(tenant.into());
        self
    }

    /// With these scopes.
    #[must_use]
    pub fn scopes<I: IntoIterator<Item = S>, S: Into<String>>(mut self, scopes: I) -> Grant {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }
}

/// The same holder, roles, tenant and scopes as a verified principal.
impl From<&Principal> for Grant {
    fn from(principal: &Principal) -> Grant {
        Grant {
            subject: principal.subject.clone(),
            roles: principal.roles.clone(),
            tenant: principal.tenant.clone(),
            scopes: principal.scopes.clone(),
        }
    }
}

/// What a login or a refresh returns, shaped as an OAuth 2.0 token response
/// (RFC 6749 §5.1).
#[derive(Clone, Serialize)]
pub struct TokenPair {
    /// The signed access token, sent as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// The opaque refresh token; send it to [`Tokens::refresh`] once.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

impl fmt::Debug for TokenPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenPair")
            .field("access_token", &"[redacted]")
            .field("refresh_token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// Issues access tokens and rotates refresh tokens; [`auth`](Tokens::auth) is the
/// matching verifier.
///
/// ```no_run
/// use std::time::Duration;
/// use resourcery::{Grant, Tokens};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let db = resourcery::Db::connect_from_env().await?;
/// let tokens = Tokens::ed25519_pem(&std::fs::read("signing_key.pem")?)?
///     .issuer("https://shop.example.com")
///     .audience("shop-api")
///     .access_ttl(Duration::from_secs(10 * 60));
/// tokens.ensure_schema(&db).await?;
///
/// // At login, once the password checked out:
/// let pair = tokens.issue(&db, &Grant::new("user-42").roles(["customer"])).await?;
/// // Later, when the access token expired:
/// let pair = tokens.refresh(&db, &pair.refresh_token).await?;
///
/// let api = resourcery::Api::new(db).auth(tokens.auth());
/// # let _ = (pair, api);
/// # Ok(()) }
/// ```
///
/// Clients must serialize their refreshes: when two requests present the same refresh
/// token, one wins and the other is taken for a replay, which ends the session (the
/// winner's new refresh token included). Logging out ends a session's refresh tokens; its
/// access tokens stay valid until they expire, so keep the access lifetime short.
#[derive(Clone)]
pub struct Tokens {
    config: Arc<Config>,
}

#[derive(Clone)]
struct Config {
    encoding: EncodingKey,
    key: Key,
    issuer: Option<String>,
    audience: Option<String>,
    access_ttl: Duration,
    refresh_ttl: Duration,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.config;
        f.debug_struct("Tokens")
            .field("key", &c.key)
            .field("issuer", &c.issuer)
            .field("audience", &c.audience)
            .field("access_ttl", &c.access_ttl)
            .field("refresh_ttl", &c.refresh_ttl)
            .finish()
    }
}

impl Tokens {
    fn from_key(encoding: EncodingKey, key: Key) -> Tokens {
        Tokens {
            config: Arc::new(Config {
                encoding,
                key,
                issuer: None,
                audience: None,
                access_ttl: Duration::from_secs(15 * 60),
                refresh_ttl: Duration::from_secs(30 * 24 * 60 * 60),
            }),
        }
    }

    /// Signs HS256 access tokens with a shared `secret`: use 32 or more random bytes
    /// (RFC 7518 §3.2), kept out of the source.
    ///
    /// ```
    /// let tokens = resourcery::Tokens::hs256(b"0123456789abcdef0123456789abcdef");
    /// # let _ = tokens;
    /// ```
    pub fn hs256(secret: impl AsRef<[u8]>) -> Tokens {
        let secret = secret.as_ref();
        Tokens::from_key(EncodingKey::from_secret(secret), Key::hs256(secret))
    }

    /// Signs RS256 access tokens with an RSA private key in PEM (PKCS#8 `PRIVATE KEY` or
    /// `RSA PRIVATE KEY`); the public key is derived from it.
    ///
    /// ```no_run
    /// let tokens = resourcery::Tokens::rs256_pem(&std::fs::read("signing_key.pem")?)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rs256_pem(private_pem: &[u8]) -> Result<Tokens, AuthError> {
        Self::pem(JwtAlgorithm::Rs256, private_pem)
    }

    /// Signs ES256 access tokens with a P-256 private key in PEM (PKCS#8 `PRIVATE KEY`);
    /// the public key is derived from it.
    ///
    /// ```no_run
    /// let tokens = resourcery::Tokens::es256_pem(&std::fs::read("signing_key.pem")?)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn es256_pem(private_pem: &[u8]) -> Result<Tokens, AuthError> {
        Self::pem(JwtAlgorithm::Es256, private_pem)
    }

    /// Signs EdDSA access tokens with an Ed25519 private key in PEM (PKCS#8
    /// `PRIVATE KEY`, as `openssl genpkey -algorithm ed25519` writes); the public key is
    /// derived from it.
    ///
    /// ```no_run
    /// let tokens = resourcery::Tokens::ed25519_pem(&std::fs::read("signing_key.pem")?)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ed25519_pem(private_pem: &[u8]) -> Result<Tokens, AuthError> {
        Self::pem(JwtAlgorithm::EdDsa, private_pem)
    }

    fn pem(algorithm: JwtAlgorithm, private_pem: &[u8]) -> Result<Tokens, AuthError> {
        let (encoding, key) = keys::signing_key(algorithm, private_pem)?;
        Ok(Tokens::from_key(encoding, key))
    }

    fn with(mut self, change: impl FnOnce(&mut Config)) -> Tokens {
        change(Arc::make_mut(&mut self.config));
        self
    }

    /// Sets the `iss` claim, which [`auth`](Tokens::auth) then requires.
    #[must_use]
    pub fn issuer(self, issuer: impl Into<String>) -> Tokens {
        let issuer = issuer.into();
        self.with(|c| c.issuer = Some(issuer))
    }

    /// Sets the `aud` claim, which [`auth`](Tokens::auth) then requires.
    #[must_use]
    pub fn audience(self, audience: impl Into<String>) -> Tokens {
        let audience = audience.into();
        self.with(|c| c.audience = Some(audience))
    }

    /// Names the signing key in the `kid` header, to rotate keys through a JWK Set.
    #[must_use]
    pub fn key_id(self, kid: impl Into<String>) -> Tokens {
        let kid = kid.into();
        self.with(|c| c.key.kid = Some(kid))
    }

    /// How long an access token is valid; 15 minutes by default.
    #[must_use]
    pub fn access_ttl(self, ttl: Duration) -> Tokens {
        self.with(|c| c.access_ttl = ttl)
    }

    /// How long a refresh token is valid; 30 days by default. Each refresh issues a new
    /// one, so a session lasts while it is used at least this often.
    #[must_use]
    pub fn refresh_ttl(self, ttl: Duration) -> Tokens {
        self.with(|c| c.refresh_ttl = ttl)
    }

    /// The verifier of these tokens: the same key, algorithm, issuer and audience.
    pub fn auth(&self) -> Auth {
        let c = &self.config;
        let mut auth = Auth::from_keys(vec![c.key.clone()]).algorithms(&[c.key.algorithm]);
        if let Some(issuer) = &c.issuer {
            auth = auth.issuer(issuer.clone());
        }
        if let Some(audience) = &c.audience {
            auth = auth.audience(audience.clone());
        }
        auth
    }

    /// The public key as a JWK Set (RFC 7517 §5), for services that verify these tokens
    /// with [`Auth::jwks`]; `None` for an HS256 secret, which must never be published.
    pub fn jwks(&self) -> Option<serde_json::Value> {
        let key = keys::public_jwk(&self.config.encoding, &self.config.key)?;
        Some(serde_json::json!({ "keys": [key] }))
    }

    /// A signed access token for `grant`, valid for the access lifetime.
    pub fn access_token(&self, grant: &Grant) -> Result<String, Problem> {
        self.sign(grant, None, unix_now())
    }

    fn sign(&self, grant: &Grant, session: Option<&str>, now: i64) -> Result<String, Problem> {
        #[derive(Serialize)]
        struct Claims<'a> {
            sub: &'a str,
            roles: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            tenant: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            scope: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            iss: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            aud: Option<&'a str>,
            iat: i64,
            nbf: i64,
            exp: i64,
            jti: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            sid: Option<&'a str>,
        }

        if grant.subject.is_empty() {
            return Err(Problem::internal(
                "cannot sign a token for an empty subject",
            ));
        }
        let c = &self.config;
        let claims = Claims {
            sub: &grant.subject,
            roles: &grant.roles,
            tenant: grant.tenant.as_deref(),
            scope: (!grant.scopes.is_empty()).then(|| grant.scopes.join(" ")),
            iss: c.issuer.as_deref(),
            aud: c.audience.as_deref(),
            iat: now,
            nbf: now,
            exp: now.saturating_add(seconds(c.access_ttl)),
            jti: Uuid::new_v4().to_string(),
            sid: session,
        };
        let mut header = Header::new(c.key.algorithm.to_jsonwebtoken());
        header.kid.clone_from(&c.key.kid);
        jsonwebtoken::encode(&header, &claims, &c.encoding).map_err(Problem::internal)
    }

    /// Starts a session for `grant`: an access token and the first refresh token of a new
    /// family.
    pub async fn issue(&self, db: &Db, grant: &Grant) -> Result<TokenPair, Problem> {
        let now = unix_now();
        let family = Uuid::new_v4().to_string();
        let access_token = self.sign(grant, Some(&family), now)?;
        let refresh_token = new_refresh_token();
        let grant_json = serde_json::to_string(&Stored::from(grant)).map_err(Problem::internal)?;
        let insert = crate::sql::tokens::statements().insert[db.backend().index()].as_str();
        on_pool!(db, |pool| {
            sqlx::query(insert)
                .bind(hash(&refresh_token))
                .bind(&family)
                .bind(&grant.subject)
                .bind(&grant_json)
                .bind(None::<String>)
                .bind(now)
                .bind(self.expires_at(now))
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(self.pair(access_token, refresh_token))
    }

    /// Rotates `refresh_token`: retires it and returns a new pair of the same session.
    ///
    /// A 401 when the token is unknown, expired or its session ended. A token presented a
    /// second time ends its session (every refresh token of the family is revoked) and is
    /// logged as a warning: only a replay, or a client refreshing twice at once, does that.
    pub async fn refresh(&self, db: &Db, refresh_token: &str) -> Result<TokenPair, Problem> {
        let now = unix_now();
        let old = hash(refresh_token);
        let new_token = new_refresh_token();
        let backend = db.backend();
        let (consume, insert) = (
            crate::sql::tokens::statements().consume[backend.index()].as_str(),
            crate::sql::tokens::statements().insert[backend.index()].as_str(),
        );
        // Retiring the old token and storing its successor commit together, so a
        // concurrent replay either finds the old token live (and wins instead) or finds it
        // used and revokes the successor with the rest of the family.
        let consumed: Option<(String, String, String)> = in_transaction!(db, |tx| {
            let consumed: Option<(String, String, String)> = sqlx::query_as(consume)
                .bind(now)
                .bind(&old)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some((family, subject, grant_json)) = &consumed {
                sqlx::query(insert)
                    .bind(hash(&new_token))
                    .bind(family)
                    .bind(subject)
                    .bind(grant_json)
                    .bind(&old)
                    .bind(now)
                    .bind(self.expires_at(now))
                    .execute(&mut *tx)
                    .await?;
            }
            consumed
        });
        let Some((family, subject, grant_json)) = consumed else {
            return Err(self.refused(db, &old, now).await?.problem());
        };
        let stored: Stored = serde_json::from_str(&grant_json).map_err(Problem::internal)?;
        let grant = stored.into_grant(subject);
        let access_token = self.sign(&grant, Some(&family), now)?;
        Ok(self.pair(access_token, new_token))
    }

    /// Why a refresh token could not be consumed; a replay revokes its family.
    async fn refused(&self, db: &Db, token_hash: &str, now: i64) -> Result<Refusal, Problem> {
        let lookup = crate::sql::tokens::statements().lookup[db.backend().index()].as_str();
        let row: Option<Lookup> = on_pool!(db, |pool| {
            sqlx::query_as(lookup)
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
        });
        Ok(match row {
            None => Refusal::UnknownRefresh,
            Some((_, _, _, Some(_revoked), _)) => Refusal::Revoked,
            Some((family, subject, Some(_used), None, _)) => {
                let revoked = self.revoke_session(db, &family).await?;
                tracing::warn!(
                    session = %family,
                    subject = %subject,
                    revoked,
                    "refresh token reused: its session was ended"
                );
                Refusal::Reused
            }
            Some((_, _, None, None, expires_at)) if expires_at <= now => Refusal::RefreshExpired,
            // Live after all: the row changed between the two statements.
            Some(_) => Refusal::UnknownRefresh,
        })
    }

    /// Ends the session `refresh_token` belongs to. An unknown token is not an error, so
    /// the answer says nothing about which tokens exist.
    pub async fn logout(&self, db: &Db, refresh_token: &str) -> Result<(), Problem> {
        let sql = crate::sql::tokens::statements().revoke_family_of[db.backend().index()].as_str();
        on_pool!(db, |pool| {
            sqlx::query(sql)
                .bind(unix_now())
                .bind(hash(refresh_token))
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(())
    }

    /// Ends every session of `subject`, e.g. after a password change; returns how many
    /// sessions were still open.
    pub async fn logout_all(&self, db: &Db, subject: &str) -> Result<u64, Problem> {
        let sql = crate::sql::tokens::statements().revoke_subject[db.backend().index()].as_str();
        let families: Vec<(String,)> = on_pool!(db, |pool| {
            sqlx::query_as(sql)
                .bind(unix_now())
                .bind(subject)
                .fetch_all(pool)
                .await?
        });
        let mut families: Vec<String> = families.into_iter().map(|(f,)| f).collect();
        families.sort_unstable();
        families.dedup();
        Ok(families.len() as u64)
    }

    /// Ends the session `sid` (the `sid` claim of its access tokens); whether it was
    /// still open.
    pub async fn revoke_session(&self, db: &Db, sid: &str) -> Result<bool, Problem> {
        let sql = crate::sql::tokens::statements().revoke_family[db.backend().index()].as_str();
        let revoked = on_pool!(db, |pool| {
            sqlx::query(sql)
                .bind(unix_now())
                .bind(sid)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(revoked > 0)
    }

    /// Deletes refresh tokens past their lifetime; returns how many. Run it now and then:
    /// an expired token is refused whether or not its row is still there.
    pub async fn purge_expired(&self, db: &Db) -> Result<u64, Problem> {
        let sql = crate::sql::tokens::statements().purge[db.backend().index()].as_str();
        let purged = on_pool!(db, |pool| {
            sqlx::query(sql)
                .bind(unix_now())
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(purged)
    }

    /// The DDL of the refresh-token table for `backend`: what
    /// [`ensure_schema`](Tokens::ensure_schema) runs. Times are Unix seconds, so both
    /// dialects store the same values. [`Api::tokens`](crate::Api::tokens) adds the table
    /// to the API's schema and migrations.
    pub fn schema_sql(backend: Backend) -> Vec<String> {
        crate::sql::tokens::schema().create_all(backend)
    }

    /// Creates the refresh-token table and its indexes if missing, in one transaction
    /// under the start-up lock, and checks that an existing table matches.
    pub async fn ensure_schema(&self, db: &Db) -> Result<(), crate::error::Error> {
        crate::migrate::ensure(db, &crate::sql::tokens::schema(), "`Api::write_migrations`").await
    }

    fn expires_at(&self, now: i64) -> i64 {
        now.saturating_add(seconds(self.config.refresh_ttl))
    }

    fn pair(&self, access_token: String, refresh_token: String) -> TokenPair {
        TokenPair {
            access_token,
            refresh_token,
            token_type: "Bearer",
            expires_in: self.config.access_ttl.as_secs(),
        }
    }
}

/// The grant as stored beside its refresh token; the subject has a column of its own.
#[derive(Serialize, Deserialize)]
struct Stored {
    roles: Vec<String>,
    tenant: Option<String>,
    scopes: Vec<String>,
}

impl From<&Grant> for Stored {
    fn from(grant: &Grant) -> Stored {
        Stored {
            roles: grant.roles.clone(),
            tenant: grant.tenant.clone(),
            scopes: grant.scopes.clone(),
        }
    }
}

impl Stored {
    fn into_grant(self, subject: String) -> Grant {
        Grant {
            subject,
            roles: self.roles,
            tenant: self.tenant,
            scopes: self.scopes,
        }
    }
}

/// A row of `lookup`: family, subject, `used_at`, `revoked_at`, `expires_at`.
type Lookup = (String, String, Option<i64>, Option<i64>, i64);

/// A new refresh token: `rt_` and 32 bytes from two v4 UUIDs (244 random bits from the
/// operating system's generator), base64url without padding.
fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(Uuid::new_v4().as_bytes());
    bytes[16..].copy_from_slice(Uuid::new_v4().as_bytes());
    format!("rt_{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored form of a refresh token: its SHA-256, in hex. The token carries 244 random
/// bits, so a fast hash is enough; no salt or stretching would add anything.
fn hash(token: &str) -> String {
    use std::fmt::Write as _;
    Sha256::digest(token.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn seconds(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

//! Logging in: accounts with argon2 password hashes, and the login, refresh and logout
//! endpoints over resourcery's token service.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use resourcery::prelude::*;
use resourcery::{Grant, Principal, State, Throttle, TokenPair, Tokens, Tx};

use crate::{Customer, Tier};

/// Someone who can log in: a customer, a member of staff or an administrator. A
/// customer's account has the id of its customer record.
#[resource(
    path = "/accounts",
    operations(get, list),
    default_sort = "email",
    access(all = roles("admin"))
)]
pub struct Account {
    /// The `sub` of the account's tokens.
    #[field(id)]
    pub id: Uuid,
    /// What the account logs in with.
    #[field(unique, filterable, sortable)]
    pub email: String,
    /// `customer`, `staff`, `admin`.
    #[field(read_only, default)]
    pub roles: Vec<String>,
    /// The store the account works in or shops at.
    #[field(read_only, default, filterable)]
    pub store: String,
    /// The argon2id hash of the password, in PHC format; never part of the API.
    #[field(hidden, default)]
    pub password_hash: String,
}

/// The password of every demo account [`seed`] creates.
pub const DEMO_PASSWORD: &str = "resourcery-demo";

/// An email address and password.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct Login {
    /// The account's email address.
    #[field(validate(length(min = 3, max = 254)))]
    pub email: String,
    /// Its password.
    #[field(validate(length(min = 1, max = 200)))]
    pub password: String,
}

/// A refresh token, from the last login or refresh.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshRequest {
    /// The refresh token; each one is good for one refresh. Anything else sent here (an
    /// access token, say) is an invalid refresh token: a 401, not a 422.
    #[field(validate(length(min = 1, max = 8192)))]
    pub refresh_token: String,
}

/// Tokens for the caller (an OAuth 2.0 token response, RFC 6749 §5.1).
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct TokenResponse {
    /// Send it as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Exchange it once at `POST /auth/refresh` for new tokens.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

impl From<TokenPair> for TokenResponse {
    fn from(pair: TokenPair) -> TokenResponse {
        TokenResponse {
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            token_type: pair.token_type.to_owned(),
            expires_in: i64::try_from(pair.expires_in).unwrap_or(i64::MAX),
        }
    }
}

/// Why a login fails.
#[derive(Debug, resourcery::Problem)]
pub enum LoginProblem {
    /// The same answer for an unknown email and a wrong password, so neither is revealed.
    #[problem(
        status = 401,
        slug = "invalid-credentials",
        title = "Invalid credentials",
        detail = "the email address or the password is wrong"
    )]
    InvalidCredentials,
}

/// Logs in with an email address and password.
///
/// Answers an access token (15 minutes) and a refresh token (30 days). An unknown address
/// and a wrong password get the same answer after the same work. Each account gets 10
/// attempts a minute, right or wrong, from wherever they come.
#[resourcery::endpoint(
    post,
    "/auth/login",
    tag = "Auth",
    public,
    problems(LoginProblem, Throttle)
)]
pub async fn login(
    body: Json<Login>,
    db: Db,
    tokens: State<Tokens>,
    throttle: State<Throttle>,
) -> Result<TokenResponse, Problem> {
    // Counted before any work and by account, not address: a guesser spreading attempts
    // over many addresses still gets 10 a minute for the account.
    throttle.check(&("login", body.email.to_lowercase()))?;
    let account = find_account(&db, &body.email).await?;
    // A missing account still costs one verification, against a hash of nothing.
    let hash = account
        .as_ref()
        .map_or_else(|| UNKNOWN_ACCOUNT.to_owned(), |a| a.password_hash.clone());
    let password = body.password.clone();
    let valid = tokio::task::spawn_blocking(move || verify(&password, &hash))
        .await
        .unwrap_or(false);
    let Some(account) = account.filter(|_| valid) else {
        return Err(Problem::from(LoginProblem::InvalidCredentials).header(
            resourcery::__private::axum::http::header::WWW_AUTHENTICATE,
            resourcery::__private::axum::http::HeaderValue::from_static("Bearer"),
        ));
    };
    let grant = Grant::new(account.id.to_string())
        .roles(account.roles.clone())
        .tenant(account.store.clone());
    Ok(tokens.issue(&db, &grant).await?.into())
}

/// Exchanges a refresh token for new tokens.
///
/// Each refresh token is good once. Presenting one again ends its session: the tokens
/// issued since stop working too, since a replay means the token was stolen. Each client
/// address gets 10 attempts a minute.
#[resourcery::endpoint(post, "/auth/refresh", tag = "Auth", public, problems(Throttle))]
pub async fn refresh(
    body: Json<RefreshRequest>,
    db: Db,
    tokens: State<Tokens>,
    throttle: State<Throttle>,
) -> Result<TokenResponse, Problem> {
    // A refresh token names its account only once found valid, and guessing one is
    // hopeless, so what is limited here is the database work a client can ask for.
    if let Some(ip) = resourcery::client_ip() {
        throttle.check(&("refresh", ip))?;
    }
    Ok(tokens.refresh(&db, &body.refresh_token).await?.into())
}

/// Logs out: the session of this refresh token ends.
///
/// Its access tokens stay valid until they expire, at most 15 minutes.
#[resourcery::endpoint(post, "/auth/logout", tag = "Auth", public)]
pub async fn logout(
    body: Json<RefreshRequest>,
    db: Db,
    tokens: State<Tokens>,
) -> Result<NoContent, Problem> {
    tokens.logout(&db, &body.refresh_token).await?;
    Ok(NoContent)
}

/// Logs out everywhere: every session of the caller ends.
#[resourcery::endpoint(post, "/auth/logout-everywhere", tag = "Auth")]
pub async fn logout_everywhere(
    principal: Principal,
    db: Db,
    tokens: State<Tokens>,
) -> Result<NoContent, Problem> {
    tokens.logout_all(&db, principal.subject()).await?;
    Ok(NoContent)
}

/// A valid argon2id hash no password produces in practice, verified against when the
/// email is unknown so that both failures take as long.
const UNKNOWN_ACCOUNT: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2hvcC11bmtub3duLXNhbHQ$KpBPDKbA+3Ufr1Eh1mlD5aXLlsAnwzRUUvt5Sd/vH0c";

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

fn hash(password: &str) -> Result<String, Problem> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Problem::internal(format!("cannot hash a password: {e}")))
}

async fn find_account(db: &Db, email: &str) -> Result<Option<Account>, Problem> {
    const SQL: &str = "SELECT id FROM accounts WHERE email = ";
    let id: Option<Uuid> = if let Some(pool) = db.as_sqlite() {
        sqlx::query_scalar(&format!("{SQL}?"))
            .bind(email)
            .fetch_optional(pool)
            .await?
    } else if let Some(pool) = db.as_postgres() {
        sqlx::query_scalar(&format!("{SQL}$1"))
            .bind(email)
            .fetch_optional(pool)
            .await?
    } else {
        None
    };
    match id {
        Some(id) => db.get::<Account>(id).await,
        None => Ok(None),
    }
}

/// The demo accounts: (email, roles, store, customer name). Customers get a customer
/// record with the account's id.
const DEMO: &[(&str, &[&str], &str, Option<&str>)] = &[
    ("admin@shop.example", &["admin", "staff"], "north", None),
    ("nora@shop.example", &["staff"], "north", None),
    ("sam@shop.example", &["staff"], "south", None),
    (
        "alice@shop.example",
        &["customer"],
        "north",
        Some("Alice Archer"),
    ),
    (
        "bob@shop.example",
        &["customer"],
        "north",
        Some("Bob Baker"),
    ),
    (
        "carla@shop.example",
        &["customer"],
        "south",
        Some("Carla Cruz"),
    ),
];

/// Creates the demo accounts (password [`DEMO_PASSWORD`]) unless accounts exist already.
/// Run it through [`Api::seed`](resourcery::Api::seed): under the start-up lock, instances
/// starting together seed once.
pub async fn seed(tx: &mut Tx) -> Result<(), Problem> {
    const COUNT: &str = "SELECT COUNT(*) FROM accounts";
    let existing: i64 = if let Some(conn) = tx.as_sqlite() {
        sqlx::query_scalar(COUNT).fetch_one(conn).await?
    } else if let Some(conn) = tx.as_postgres() {
        sqlx::query_scalar(COUNT).fetch_one(conn).await?
    } else {
        0
    };
    if existing > 0 {
        return Ok(());
    }
    let password_hash = tokio::task::spawn_blocking(|| hash(DEMO_PASSWORD))
        .await
        .map_err(Problem::internal)??;
    for (email, roles, store, customer) in DEMO {
        let id = Uuid::now_v7();
        if let Some(name) = customer {
            let now = resourcery::now();
            tx.insert(&Customer {
                id,
                store: (*store).to_owned(),
                email: (*email).to_owned(),
                name: (*name).to_owned(),
                tier: Tier::Standard,
                referral_code: None,
                suspended: false,
                risk_score: None,
                created_at: now,
                updated_at: now,
            })
            .await?;
        }
        tx.insert(&Account {
            id,
            email: (*email).to_owned(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            store: (*store).to_owned(),
            password_hash: password_hash.clone(),
        })
        .await?;
    }
    Ok(())
}

/// The token service: HS256 with the secret in `JWT_SECRET` (at least 32 bytes), or else
/// a random secret the first instance keeps in the database and every instance reads
/// ([`Db::shared_secret`]), so tokens work across instances and restarts.
pub async fn tokens(db: &Db) -> Result<Tokens, resourcery::Error> {
    let secret = match std::env::var("JWT_SECRET") {
        Ok(secret) if secret.len() >= 32 => secret.into_bytes(),
        Ok(_) => {
            return Err(resourcery::Error::Auth(
                "JWT_SECRET must be at least 32 bytes; unset it to keep a random one in the database".into(),
            ));
        }
        Err(_) => db.shared_secret("shop-jwt").await?,
    };
    Ok(token_service(secret))
}

/// The token service over `secret`, with the shop's issuer and audience.
pub fn token_service(secret: impl AsRef<[u8]>) -> Tokens {
    Tokens::hs256(secret.as_ref())
        .issuer("shop")
        .audience("shop-api")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_in_hash_parses_and_matches_nothing() {
        assert!(PasswordHash::new(UNKNOWN_ACCOUNT).is_ok());
        assert!(!verify("", UNKNOWN_ACCOUNT));
        assert!(!verify(DEMO_PASSWORD, UNKNOWN_ACCOUNT));
        let hashed = hash(DEMO_PASSWORD).unwrap();
        assert!(verify(DEMO_PASSWORD, &hashed));
        assert!(!verify("resourcery-demO", &hashed));
    }
}

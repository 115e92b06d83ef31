//! Rate limits: a per-client limit in front of every route ([`RateLimit`]) and a keyed
//! limiter endpoints call themselves ([`Throttle`]), both answering `429` problems with
//! `Retry-After` (RFC 6585 §4, RFC 9110 §10.2.3).
//!
//! Both use the GCRA of `governor`: a key may spend a burst at once, then one request per
//! period, the allowance refilling steadily rather than at window edges, so no client can
//! double its rate by straddling a boundary. Keys are hashed to 64 bits with a key drawn
//! per limiter, so one key costs a few dozen bytes whatever it is (an email address, an
//! IPv6 prefix), and keys idle for a full period are dropped as the limiter goes.
//!
//! The counts live in the memory of one process. Keeping them in the database would cost a
//! write per request and turn every login into a point of contention; a limit exists to
//! shed load cheaply, so it is counted where the request lands. With N instances behind a
//! balancer a client may therefore get N times the rate, fewer when the balancer keeps it
//! on one instance: size the limits for that.

use std::hash::{BuildHasher, Hash};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use governor::clock::Clock as _;
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::problem::{Problem, ProblemType, ProblemTypes};

/// How many requests a key may make: a burst, then one per period.
///
/// ```
/// use resourcery::RateLimit;
///
/// // 20 requests a second on average, up to 40 at once.
/// let limit = RateLimit::per_second(20).burst(40);
/// # let _ = limit;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// One request's worth of allowance comes back every `period`.
    period: Duration,
    burst: NonZeroU32,
}

impl RateLimit {
    /// `n` requests per second, all of them allowed at once (`n` of 0 counts as 1).
    pub fn per_second(n: u32) -> RateLimit {
        RateLimit::within(n, Duration::from_secs(1))
    }

    /// `n` requests per minute, all of them allowed at once (`n` of 0 counts as 1).
    pub fn per_minute(n: u32) -> RateLimit {
        RateLimit::within(n, Duration::from_secs(60))
    }

    /// `n` requests per `period`, all of them allowed at once (`n` of 0 counts as 1), then
    /// one every `period / n`.
    ///
    /// ```
    /// use std::time::Duration;
    /// // Ten attempts per quarter of an hour.
    /// let limit = resourcery::RateLimit::within(10, Duration::from_secs(900));
    /// # let _ = limit;
    /// ```
    pub fn within(n: u32, period: Duration) -> RateLimit {
        let burst = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        RateLimit {
            period: (period / burst.get()).max(Duration::from_nanos(1)),
            burst,
        }
    }

    /// How many requests may come at once before the steady rate applies (0 counts as 1).
    #[must_use]
    pub fn burst(mut self, n: u32) -> RateLimit {
        self.burst = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        self
    }

    fn quota(self) -> Quota {
        Quota::with_period(self.period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(self.burst)
    }
}

/// A keyed rate limit for endpoints of your own: at most so many attempts per key (an
/// account's email address, a client address) within a period, then `429 Too Many
/// Requests` problems with `Retry-After` until the allowance comes back.
///
/// Register one with [`Api::state`](crate::Api::state) and take it as `State<Throttle>`;
/// name it in `problems(...)` so the operation documents its `429`. For two limits in one
/// API, wrap each in a newtype of your own, or prefix the keys. Counts are per process:
/// N instances allow up to N times the rate (see the module's notes on why).
///
/// ```no_run
/// use std::time::Duration;
/// use resourcery::prelude::*;
/// use resourcery::{State, Throttle};
///
/// /// Who asks for a password reset.
/// #[resourcery::object]
/// pub struct Reset {
///     #[field(validate(email))]
///     pub email: String,
/// }
///
/// /// Sends a password-reset email, at most 3 per hour per address.
/// #[resourcery::endpoint(post, "/password-resets", public, problems(Throttle))]
/// async fn reset(body: Json<Reset>, throttle: State<Throttle>) -> Result<NoContent, Problem> {
///     throttle.check(&body.email.to_lowercase())?;
///     Ok(NoContent)
/// }
///
/// # async fn run(db: Db) -> Result<(), resourcery::Error> {
/// let app = Api::new(db)
///     .state(Throttle::new(3, Duration::from_secs(3600)))
///     .endpoint::<reset>()
///     .into_router()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Throttle(Arc<Limiter>);

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle")
            .field("limit", &self.0.limit)
            .finish_non_exhaustive()
    }
}

impl Throttle {
    /// At most `attempts` per `period` for each key, all of them allowed at once, then
    /// one every `period / attempts`.
    ///
    /// ```
    /// // Ten login attempts a minute for each account.
    /// let throttle = resourcery::Throttle::new(10, std::time::Duration::from_secs(60));
    /// assert!(throttle.check("alice@example.com").is_ok());
    /// ```
    pub fn new(attempts: u32, period: Duration) -> Throttle {
        Throttle::with_limit(RateLimit::within(attempts, period))
    }

    /// A throttle allowing `limit` for each key.
    pub fn with_limit(limit: RateLimit) -> Throttle {
        Throttle(Arc::new(Limiter::new(limit)))
    }

    /// Counts one attempt for `key`: `Ok` while its allowance lasts, else a `rate-limited`
    /// problem (429) whose `Retry-After` says when the next attempt will pass.
    ///
    /// ```
    /// use resourcery::Throttle;
    /// let throttle = Throttle::new(2, std::time::Duration::from_secs(60));
    /// assert!(throttle.check(&("login", "bob@example.com")).is_ok());
    /// assert!(throttle.check(&("login", "bob@example.com")).is_ok());
    /// let refused = throttle.check(&("login", "bob@example.com")).unwrap_err();
    /// assert_eq!(refused.status().as_u16(), 429);
    /// assert!(throttle.check(&("login", "carol@example.com")).is_ok());
    /// ```
    pub fn check<K: Hash + ?Sized>(&self, key: &K) -> Result<(), Problem> {
        self.0
            .check(key)
            .map_err(|wait| rate_limited(wait, "too many attempts; slow down"))
    }
}

/// An endpoint that names `Throttle` in `problems(...)` documents its `429`.
impl ProblemTypes for Throttle {
    const TYPES: &'static [ProblemType] = &[ProblemType::RATE_LIMITED];
}

/// A `governor` keyed limiter over 64-bit hashes of the keys.
pub(crate) struct Limiter {
    limiter: DefaultKeyedRateLimiter<u64>,
    hasher: std::collections::hash_map::RandomState,
    limit: RateLimit,
    checks: AtomicU64,
}

impl Limiter {
    pub(crate) fn new(limit: RateLimit) -> Limiter {
        Limiter {
            limiter: DefaultKeyedRateLimiter::keyed(limit.quota()),
            hasher: std::collections::hash_map::RandomState::new(),
            limit,
            checks: AtomicU64::new(0),
        }
    }

    /// `Err(wait)` when `key` has no allowance left, `wait` being when it will.
    pub(crate) fn check<K: Hash + ?Sized>(&self, key: &K) -> Result<(), Duration> {
        // Forget keys whose allowance is full again, now and then, so that a stream of
        // new keys (random emails, rotating addresses) cannot grow the map for ever.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter
            .check_key(&self.hasher.hash_one(key))
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()))
    }
}

/// A `rate-limited` problem telling the client to wait `wait` (rounded up to whole
/// seconds, the unit of `Retry-After`, RFC 9110 §10.2.3).
fn rate_limited(wait: Duration, detail: &str) -> Problem {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    Problem::new(ProblemType::RATE_LIMITED)
        .detail(detail)
        .with("retry_after", seconds.max(1))
        .header(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)))
}

/// The address of the client: the `proxies`-th entry from the right of
/// `X-Forwarded-For` when the service sits behind that many proxies (each appends the
/// address it got the request from, so entries further left are the client's to forge),
/// else the connection's peer. `None` when served without a peer address (axum's `oneshot`,
/// or `axum::serve` without connect info).
pub(crate) fn client_address(request: &Request, proxies: usize) -> Option<IpAddr> {
    if proxies > 0
        && let Some(ip) = forwarded_for(request.headers(), proxies)
    {
        return Some(ip);
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip())
}

fn forwarded_for(headers: &HeaderMap, proxies: usize) -> Option<IpAddr> {
    // Several headers are one list (RFC 9110 §5.3), in order.
    let mut entries: Vec<&str> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        entries.extend(value.to_str().ok()?.split(',').map(str::trim));
    }
    let entry = entries.len().checked_sub(proxies).map(|at| entries[at])?;
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|address| address.ip()))
}

/// The key of a client address: IPv6 clients are counted by their /64, the block one
/// subscriber gets, since each of them can pick any address inside it.
fn client_key(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            if let Some(v4) = v6.to_ipv4_mapped() {
                u128::from(u32::from(v4))
            } else {
                bits & !((1u128 << 64) - 1)
            }
        }
    }
}

/// The per-client limit of [`Api::rate_limit`](crate::Api::rate_limit), as a layer inside
/// the request context (so its problems carry the request id). A request whose client
/// address is unknown is let through: counting every such request under one key would let
/// one client starve all others. A `Service` of its own rather than `from_fn`, so a request
/// let through costs the check and nothing else.
#[derive(Clone)]
pub(crate) struct PerClient(pub(crate) Arc<Limiter>);

impl<S> tower::Layer<S> for PerClient {
    type Service = PerClientService<S>;

    fn layer(&self, inner: S) -> PerClientService<S> {
        PerClientService {
            limiter: self.0.clone(),
            inner,
        }
    }
}

/// The service [`PerClient`] wraps around each route.
#[derive(Clone)]
pub(crate) struct PerClientService<S> {
    limiter: Arc<Limiter>,
    inner: S,
}

impl<S> tower::Service<Request> for PerClientService<S>
where
    S: tower::Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = futures_util::future::Either<
        futures_util::future::Ready<Result<Response, S::Error>>,
        S::Future,
    >;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        use futures_util::future::{Either, ready};
        // Called while the context middleware's future is polled, so the context is set.
        if let Some(ip) = crate::problem::context::client()
            && let Err(wait) = self.limiter.check(&client_key(ip))
        {
            let problem = rate_limited(
                wait,
                "this address sent more requests than the API's rate limit allows",
            );
            return Either::Left(ready(Ok(problem.into_response())));
        }
        Either::Right(self.inner.call(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_burst_then_waits_for_the_period() {
        let limiter = Limiter::new(RateLimit::within(3, Duration::from_secs(60)));
        for _ in 0..3 {
            assert!(limiter.check("k").is_ok());
        }
        let wait = limiter.check("k").unwrap_err();
        assert!(wait > Duration::from_secs(15) && wait <= Duration::from_secs(20));
        assert!(limiter.check("other").is_ok());
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        let problem = rate_limited(Duration::from_millis(1200), "x");
        assert_eq!(
            problem.extension("retry_after"),
            Some(&serde_json::json!(2))
        );
        let problem = rate_limited(Duration::from_millis(10), "x");
        assert_eq!(
            problem.extension("retry_after"),
            Some(&serde_json::json!(1))
        );
    }

    #[test]
    fn forwarded_for_counts_proxies_from_the_right() {
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", "6.6.6.6, 1.2.3.4".parse().unwrap());
        headers.append("x-forwarded-for", "10.0.0.1".parse().unwrap());
        assert_eq!(forwarded_for(&headers, 1), "10.0.0.1".parse().ok());
        assert_eq!(forwarded_for(&headers, 2), "1.2.3.4".parse().ok());
        assert_eq!(forwarded_for(&headers, 4), None);
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_bit_prefix() {
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:1.2.3.4".parse().unwrap();
        assert_eq!(client_key(mapped), client_key("1.2.3.4".parse().unwrap()));
    }
}

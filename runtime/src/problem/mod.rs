//! RFC 9457 problem details: the one shape of every error a resourcery service returns.
//!
//! Every failure, from a malformed body to a database fault, leaves the service as
//! `application/problem+json` (RFC 9457 §3). The `type` member is a URI reference built
//! from a configurable base (default `/problems/`) and a stable slug from the registry
//! below; with the default base it is a relative reference that resolves against the API's
//! own origin (RFC 9457 §3.1.1), where `GET /problems/{slug}` describes the problem type.
//! `instance` names the occurrence: `urn:request:{request id}`, the same id that is logged
//! and echoed in the `X-Request-Id` header. Server faults carry a fixed detail; the cause is
//! logged, never sent (RFC 9457 §5 warns against leaking implementation details).

use std::fmt;

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Map, Value};

pub(crate) mod context;

use crate::validate::Violations;

/// The media type of every error body (RFC 9457 §3).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One entry of the problem-type registry: a stable slug, its HTTP status and its title.
///
/// The slug is the last segment of the `type` URI; clients may switch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemType {
    /// Stable machine-readable name, e.g. `not-found`.
    pub slug: &'static str,
    /// HTTP status code sent with this problem.
    pub status: u16,
    /// Short human-readable summary; the same for every occurrence (RFC 9457 §3.1.3).
    pub title: &'static str,
    /// What the problem means and what a client can do about it.
    pub description: &'static str,
}

macro_rules! registry {
    ($($(#[$doc:meta])* $name:ident = ($slug:literal, $status:literal, $title:literal, $desc:literal);)*) => {
        impl ProblemType {
            $($(#[$doc])* pub const $name: ProblemType = ProblemType {
                slug: $slug, status: $status, title: $title, description: $desc,
            };)*

            /// Every problem type resourcery itself can return.
            pub const ALL: &'static [ProblemType] = &[$(ProblemType::$name),*];
        }
    };
}

registry! {
    /// The request body is not valid JSON, or a path or query parameter cannot be parsed.
    MALFORMED_REQUEST = ("malformed-request", 400, "Malformed request",
        "The request could not be parsed: the body is not valid JSON, or a path or query parameter has the wrong syntax. `detail` says where.");
    /// A well-formed body or parameter breaks the resource's rules.
    VALIDATION_ERROR = ("validation-error", 422, "Validation failed",
        "The request is well-formed but breaks the resource's rules. `errors` lists every violation, each with a JSON Pointer (RFC 6901) to the offending value, a stable `code` and a message.");
    /// No route or no row matches.
    NOT_FOUND = ("not-found", 404, "Not found",
        "No resource exists at this URI: the route is unknown, or no row has this id.");
    /// The route exists but not for this method.
    METHOD_NOT_ALLOWED = ("method-not-allowed", 405, "Method not allowed",
        "The route exists but does not accept this method; the `Allow` header lists the methods it accepts.");
    /// A unique field already holds the sent value.
    UNIQUE_VIOLATION = ("unique-violation", 409, "Unique constraint violated",
        "Another resource already holds this value in a field that must be unique; `field` names it.");
    /// A reference points at a row that does not exist, or a referenced row is still in use.
    REFERENCE_VIOLATION = ("reference-violation", 409, "Reference violated",
        "The request would leave a dangling reference: it names a related resource that does not exist, or deletes one that others still reference. `field` names the reference where known.");
    /// The body is not JSON.
    UNSUPPORTED_MEDIA_TYPE = ("unsupported-media-type", 415, "Unsupported media type",
        "The request body must be sent as `Content-Type: application/json`.");
    /// The body is larger than the configured limit.
    PAYLOAD_TOO_LARGE = ("payload-too-large", 413, "Payload too large",
        "The request body is larger than the API accepts.");
    /// The request needs credentials.
    AUTHENTICATION_REQUIRED = ("authentication-required", 401, "Authentication required",
        "The request needs valid credentials; see the `WWW-Authenticate` header.");
    /// The credentials do not allow this.
    INSUFFICIENT_PERMISSIONS = ("insufficient-permissions", 403, "Insufficient permissions",
        "The authenticated caller may not do this.");
    /// The request conflicts with the current state of the resource.
    CONFLICT = ("conflict", 409, "Conflict",
        "The request conflicts with the current state of the resource.");
    /// A precondition (`If-Match`, ...) failed.
    PRECONDITION_FAILED = ("precondition-failed", 412, "Precondition failed",
        "A condition of the request, such as `If-Match`, does not hold any more; fetch the resource again.");
    /// Too many requests.
    RATE_LIMITED = ("rate-limited", 429, "Too many requests",
        "The client sent too many requests; retry after the number of seconds in `Retry-After`.");
    /// The server failed; nothing about the cause is disclosed.
    INTERNAL_ERROR = ("internal-error", 500, "Internal server error",
        "The server failed to handle the request. The cause is logged under the request id given in `instance` and `X-Request-Id`.");
    /// The resource's state does not allow the requested transition.
    INVALID_STATE_TRANSITION = ("invalid-state-transition", 409, "Invalid state transition",
        "The resource's current state does not allow this action; `current` names the state and `allowed` the actions it allows.");
    /// The database is unreachable or overloaded; retry later.
    SERVICE_UNAVAILABLE = ("service-unavailable", 503, "Service unavailable",
        "The service cannot reach its database right now; retry after the number of seconds in `Retry-After`.");
}

/// The refusals of the server's own limits (`resourcery::serve`): kept apart from
/// [`ProblemType::ALL`], whose slugs `#[derive(Problem)]` variants may reuse, but served at
/// `GET /problems/{slug}` and listed in the OpenAPI document like every built-in type.
impl ProblemType {
    /// The request body did not arrive in full within the server's deadline.
    pub const BODY_TIMEOUT: ProblemType = ProblemType {
        slug: "body-timeout",
        status: 408,
        title: "Request body too slow",
        description: "The request body did not arrive in full within the server's deadline (RFC 9110 §15.5.9), so the server stopped waiting and closes the connection. Send the request again on a new connection.",
    };

    /// The server is serving as many requests as it is configured to.
    pub const OVERLOADED: ProblemType = ProblemType {
        slug: "overloaded",
        status: 503,
        title: "Server overloaded",
        description: "The server is already serving as many requests as it is configured to, so it refused this one without doing any of it; retry after the number of seconds in `Retry-After`.",
    };

    /// The request ran past the server's time limit.
    pub const TIMEOUT: ProblemType = ProblemType {
        slug: "timeout",
        status: 503,
        title: "Request timed out",
        description: "The server did not finish the request within its time limit. Work already started may still complete: retry after the number of seconds in `Retry-After`, checking first whether a write took effect unless it is idempotent.",
    };

    /// This instance is draining connections before it stops.
    pub const SHUTTING_DOWN: ProblemType = ProblemType {
        slug: "shutting-down",
        status: 503,
        title: "Shutting down",
        description: "This instance is finishing its requests before it stops and takes no new work; send the request to another instance, or retry after the number of seconds in `Retry-After`.",
    };

    /// Every problem type the server's limits answer with.
    pub const SERVER: &'static [ProblemType] = &[
        ProblemType::BODY_TIMEOUT,
        ProblemType::OVERLOADED,
        ProblemType::TIMEOUT,
        ProblemType::SHUTTING_DOWN,
    ];
}

impl ProblemType {
    /// The problem type registered under `slug`, if any.
    pub fn by_slug(slug: &str) -> Option<ProblemType> {
        Self::ALL
            .iter()
            .chain(Self::SERVER)
            .copied()
            .find(|p| p.slug == slug)
    }

    /// The registry entry matching a bare HTTP status, for responses produced below the
    /// resourcery handlers (axum rejections, fallbacks).
    pub(crate) fn for_status(status: StatusCode) -> ProblemType {
        match status.as_u16() {
            400 => Self::MALFORMED_REQUEST,
            404 => Self::NOT_FOUND,
            405 => Self::METHOD_NOT_ALLOWED,
            413 => Self::PAYLOAD_TOO_LARGE,
            415 => Self::UNSUPPORTED_MEDIA_TYPE,
            422 => Self::VALIDATION_ERROR,
            401 => Self::AUTHENTICATION_REQUIRED,
            403 => Self::INSUFFICIENT_PERMISSIONS,
            409 => Self::CONFLICT,
            412 => Self::PRECONDITION_FAILED,
            429 => Self::RATE_LIMITED,
            503 => Self::SERVICE_UNAVAILABLE,
            500 => Self::INTERNAL_ERROR,
            // Any other status keeps its own code and reason phrase.
            other => ProblemType {
                slug: "http-error",
                status: other,
                title: status.canonical_reason().unwrap_or("Error"),
                description: "An HTTP error without a more specific problem type; `status` and `title` are the HTTP ones.",
            },
        }
    }
}

/// The problem types an error type of your own can become, for the registry.
///
/// `#[derive(resourcery::Problem)]` implements it, listing each variant's type once;
/// [`Api::problems`](crate::api::Api::problems) registers the list so that
/// `GET /problems/{slug}` and the OpenAPI document describe your types next to the
/// built-in ones.
///
/// ```
/// use resourcery::{ProblemType, ProblemTypes};
///
/// struct QuotaExceeded;
///
/// impl ProblemTypes for QuotaExceeded {
///     const TYPES: &'static [ProblemType] = &[ProblemType {
///         slug: "quota-exceeded",
///         status: 429,
///         title: "Quota exceeded",
///         description: "The account used up its monthly quota.",
///     }];
/// }
///
/// let api = |db| resourcery::Api::new(db).problems::<QuotaExceeded>();
/// # let _ = api;
/// ```
pub trait ProblemTypes {
    /// Every problem type the implementing error can become, each slug once.
    const TYPES: &'static [ProblemType];
}

/// An RFC 9457 problem details object; the error type of every resourcery handler.
///
/// ```
/// use resourcery::{Problem, ProblemType};
///
/// let problem = Problem::new(ProblemType::NOT_FOUND).detail("no order with id 42");
/// assert_eq!(problem.status().as_u16(), 404);
/// ```
#[derive(Debug)]
pub struct Problem(Box<Inner>);

/// Boxed so `Result<T, Problem>` stays one pointer wide on the success path.
#[derive(Debug)]
struct Inner {
    kind: ProblemType,
    detail: Option<String>,
    extensions: Map<String, Value>,
    headers: Option<HeaderMap>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Problem {
    /// A problem of the given registered type, without detail.
    pub fn new(kind: ProblemType) -> Self {
        Problem(Box::new(Inner {
            kind,
            detail: None,
            extensions: Map::new(),
            headers: None,
            source: None,
        }))
    }

    /// Sets the occurrence-specific explanation (RFC 9457 §3.1.4).
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.0.detail = Some(detail.into());
        self
    }

    /// Adds an extension member (RFC 9457 §3.2).
    #[must_use]
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.0.extensions.insert(name.to_owned(), value.into());
        self
    }

    /// Adds a response header, e.g. `Allow` or `Retry-After`.
    #[must_use]
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.0
            .headers
            .get_or_insert_with(Default::default)
            .insert(name, value);
        self
    }

    /// Keeps the underlying cause for the logs; it is never serialized.
    #[must_use]
    pub fn source(mut self, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        self.0.source = Some(source.into());
        self
    }

    /// A `validation-error` problem listing every violation under `errors`.
    pub fn validation(violations: impl Into<Violations>) -> Self {
        let violations = violations.into().into_vec();
        let detail = match violations.as_slice() {
            [one] => one.message.clone(),
            many => format!("{} values are invalid", many.len()),
        };
        Problem::new(ProblemType::VALIDATION_ERROR)
            .detail(detail)
            .with(
                "errors",
                serde_json::to_value(violations).unwrap_or(Value::Null),
            )
    }

    /// A 500 `internal-error` that logs `source` and discloses nothing.
    pub fn internal(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Problem::new(ProblemType::INTERNAL_ERROR).source(source)
    }

    /// The registered type of this problem.
    pub fn kind(&self) -> ProblemType {
        self.0.kind
    }

    /// The HTTP status this problem is sent with.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.kind.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The detail member, if set.
    pub fn detail_text(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }

    /// An extension member, if set.
    pub fn extension(&self, name: &str) -> Option<&Value> {
        self.0.extensions.get(name)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.kind.title)?;
        if let Some(detail) = &self.0.detail {
            write!(f, ": {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The serialized body: members in the order RFC 9457 §3.1 lists them.
struct Body<'a> {
    problem: &'a Problem,
    status: u16,
    base: &'a str,
    request_id: Option<&'a str>,
}

impl Serialize for Body<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = &self.problem.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", &format_args!("{}{}", self.base, p.kind.slug))?;
        map.serialize_entry("title", p.kind.title)?;
        map.serialize_entry("status", &self.status)?;
        if let Some(detail) = &p.detail {
            map.serialize_entry("detail", detail)?;
        }
        if let Some(id) = self.request_id {
            map.serialize_entry("instance", &format_args!("urn:request:{id}"))?;
        }
        for (name, value) in &p.extensions {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let ctx = context::current();
        let request_id = ctx.as_ref().map(|c| &*c.request_id);
        // `Api::validation_status` may send validation errors as 400 (the Fastify convention).
        let status = match &ctx {
            Some(c) if self.0.kind == ProblemType::VALIDATION_ERROR => c.validation_status,
            _ => self.status(),
        };
        // The server's own refusals (shedding, time limits) are counted in the metrics and
        // logged where they are made; an error line for each would flood the logs exactly
        // when the server is busiest.
        if status.is_server_error() && !ProblemType::SERVER.contains(&self.0.kind) {
            tracing::error!(
                request_id = request_id.unwrap_or("-"),
                problem = self.0.kind.slug,
                cause = self.0.source.as_ref().map(tracing::field::display),
                "request failed"
            );
        }
        let base = ctx
            .as_ref()
            .map_or(context::DEFAULT_PROBLEM_BASE, |c| &*c.problem_base);
        let body = serde_json::to_vec(&Body {
            problem: &self,
            status: status.as_u16(),
            base,
            request_id,
        })
        .unwrap_or_else(|_| b"{}".to_vec());
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(headers) = self.0.headers {
            response.headers_mut().extend(headers);
        }
        response
    }
}

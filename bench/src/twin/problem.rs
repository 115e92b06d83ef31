//! RFC 9457 problem bodies and request ids, written for the twin: a handler returns a
//! [`Problem`], and the outer middleware writes it with the request's id as `instance`.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;

const PROBLEM_JSON: &str = "application/problem+json";

/// A problem type: slug, status and title, as the shop registers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kind {
    slug: &'static str,
    status: u16,
    title: &'static str,
}

impl Kind {
    /// Unparseable body or parameter.
    pub(crate) const MALFORMED: Kind = Kind {
        slug: "malformed-request",
        status: 400,
        title: "Malformed request",
    };
    /// A body that breaks the rules.
    pub(crate) const VALIDATION: Kind = Kind {
        slug: "validation-error",
        status: 422,
        title: "Validation failed",
    };
    /// No bearer token, or one that does not verify.
    pub(crate) const AUTHENTICATION_REQUIRED: Kind = Kind {
        slug: "authentication-required",
        status: 401,
        title: "Authentication required",
    };
    /// A caller without the role an operation needs.
    pub(crate) const INSUFFICIENT_PERMISSIONS: Kind = Kind {
        slug: "insufficient-permissions",
        status: 403,
        title: "Insufficient permissions",
    };
    /// No such route or row.
    pub(crate) const NOT_FOUND: Kind = Kind {
        slug: "not-found",
        status: 404,
        title: "Not found",
    };
    /// Dangling reference.
    pub(crate) const REFERENCE: Kind = Kind {
        slug: "reference-violation",
        status: 409,
        title: "Reference violated",
    };
    /// Not JSON.
    pub(crate) const MEDIA_TYPE: Kind = Kind {
        slug: "unsupported-media-type",
        status: 415,
        title: "Unsupported media type",
    };
    /// A transition the current state does not allow.
    pub(crate) const TRANSITION: Kind = Kind {
        slug: "invalid-state-transition",
        status: 409,
        title: "Invalid state transition",
    };
    /// The shop's own: a product of the order is no longer sold.
    pub(crate) const PRODUCT_UNAVAILABLE: Kind = Kind {
        slug: "product-unavailable",
        status: 409,
        title: "Product unavailable",
    };
    /// The shop's own: an order without a shipping address cannot ship.
    pub(crate) const NO_SHIPPING_ADDRESS: Kind = Kind {
        slug: "no-shipping-address",
        status: 409,
        title: "No shipping address",
    };
    /// The database cannot serve now.
    pub(crate) const UNAVAILABLE: Kind = Kind {
        slug: "service-unavailable",
        status: 503,
        title: "Service unavailable",
    };
    /// A bug.
    pub(crate) const INTERNAL: Kind = Kind {
        slug: "internal-error",
        status: 500,
        title: "Internal server error",
    };

    fn for_status(status: StatusCode) -> Kind {
        match status.as_u16() {
            400 => Kind::MALFORMED,
            401 => Kind::AUTHENTICATION_REQUIRED,
            403 => Kind::INSUFFICIENT_PERMISSIONS,
            404 => Kind::NOT_FOUND,
            405 => Kind {
                slug: "method-not-allowed",
                status: 405,
                title: "Method not allowed",
            },
            413 => Kind {
                slug: "payload-too-large",
                status: 413,
                title: "Payload too large",
            },
            415 => Kind::MEDIA_TYPE,
            422 => Kind::VALIDATION,
            503 => Kind::UNAVAILABLE,
            _ => Kind::INTERNAL,
        }
    }
}

/// One broken rule, as `errors` lists it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Violation {
    /// JSON Pointer to the value.
    pub(crate) pointer: String,
    /// Stable code.
    pub(crate) code: &'static str,
    /// Message naming the field.
    pub(crate) message: String,
    /// The rule's parameters.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub(crate) params: serde_json::Map<String, Value>,
}

impl Violation {
    /// A violation without parameters.
    pub(crate) fn new(
        pointer: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Violation {
            pointer: pointer.into(),
            code,
            message: message.into(),
            params: serde_json::Map::new(),
        }
    }

    /// Adds a parameter.
    #[must_use]
    pub(crate) fn param(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.params.insert(name.to_owned(), value.into());
        self
    }
}

/// An error answer; rendered by [`request_id`] once the request id is known.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    kind: Kind,
    detail: Option<String>,
    extensions: Vec<(&'static str, Value)>,
    /// `WWW-Authenticate` of a 401.
    challenge: Option<Box<HeaderValue>>,
}

impl Problem {
    /// A problem of `kind` without detail.
    pub(crate) fn new(kind: Kind) -> Self {
        Problem {
            kind,
            detail: None,
            extensions: Vec::new(),
            challenge: None,
        }
    }

    /// Sets the detail.
    #[must_use]
    pub(crate) fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Adds an extension member.
    #[must_use]
    pub(crate) fn with(mut self, name: &'static str, value: impl Into<Value>) -> Self {
        self.extensions.push((name, value.into()));
        self
    }

    /// Sends `WWW-Authenticate: challenge` with it (RFC 6750 §3).
    #[must_use]
    pub(crate) fn challenge(mut self, challenge: HeaderValue) -> Self {
        self.challenge = Some(Box::new(challenge));
        self
    }

    /// A 422 listing every violation.
    pub(crate) fn validation(errors: Vec<Violation>) -> Self {
        let detail = match errors.as_slice() {
            [one] => one.message.clone(),
            many => format!("{} values are invalid", many.len()),
        };
        Problem::new(Kind::VALIDATION).detail(detail).with(
            "errors",
            serde_json::to_value(errors).unwrap_or(Value::Null),
        )
    }

    /// A 500 that says nothing about the cause.
    pub(crate) fn internal(cause: impl std::fmt::Display) -> Self {
        eprintln!("twin: internal error: {cause}");
        Problem::new(Kind::INTERNAL)
    }

    /// The status it is sent with.
    pub(crate) fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.kind.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn render(&self, request_id: &str) -> Response {
        struct Body<'a>(&'a Problem, &'a str);
        impl Serialize for Body<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let Body(p, id) = *self;
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("type", &format_args!("/problems/{}", p.kind.slug))?;
                map.serialize_entry("title", p.kind.title)?;
                map.serialize_entry("status", &p.kind.status)?;
                if let Some(detail) = &p.detail {
                    map.serialize_entry("detail", detail)?;
                }
                map.serialize_entry("instance", &format_args!("urn:request:{id}"))?;
                // Extension members in the generated service's order: sorted by name.
                let mut extensions: Vec<&(&str, Value)> = p.extensions.iter().collect();
                extensions.sort_by_key(|(name, _)| *name);
                for (name, value) in extensions {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }
        let body = serde_json::to_vec(&Body(self, request_id)).unwrap_or_default();
        let mut response = (self.status(), body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(challenge) = &self.challenge {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, (**challenge).clone());
        }
        response
    }
}

impl IntoResponse for Problem {
    /// The status now, the body later: the middleware holds the request id.
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(Arc::new(self));
        response
    }
}

/// An incoming `x-request-id` when short and printable, else a fresh UUID; echoed on every
/// answer and named in every problem's `instance`. Error answers from below the handlers
/// (unknown method, oversized body, panic) become problems too.
pub(crate) async fn request_id(request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 128
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned);
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if let Some(problem) = response.extensions_mut().remove::<Arc<Problem>>() {
        response = problem.render(&id);
    } else if response.status().is_client_error() || response.status().is_server_error() {
        let status = response.status();
        let is_problem = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v == PROBLEM_JSON);
        if !is_problem {
            let mut problem = Problem::new(Kind::for_status(status));
            if status == StatusCode::NOT_FOUND {
                problem = problem.detail(format!("nothing found at {path}"));
            }
            let allow = response.headers().get(header::ALLOW).cloned();
            response = problem.render(&id);
            *response.status_mut() = status;
            if let Some(allow) = allow {
                response.headers_mut().insert(header::ALLOW, allow);
            }
        }
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

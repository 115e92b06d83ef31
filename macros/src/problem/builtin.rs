//! The built-in problem types of `resourcery::ProblemType`, which a variant may reuse by
//! slug. The macro knows their slugs and statuses to check a variant at compile time;
//! titles and descriptions stay in the runtime, which the expansion names. The expansion
//! asserts each status it relied on, and a behaviour test derives every slug below and
//! compares the result with `ProblemType::ALL`, so this table cannot drift.

pub(crate) struct Builtin {
    pub(crate) slug: &'static str,
    pub(crate) status: u16,
    /// The associated constant on `resourcery::ProblemType`.
    pub(crate) constant: &'static str,
}

const fn b(slug: &'static str, status: u16, constant: &'static str) -> Builtin {
    Builtin {
        slug,
        status,
        constant,
    }
}

pub(crate) const BUILTIN: &[Builtin] = &[
    b("malformed-request", 400, "MALFORMED_REQUEST"),
    b("validation-error", 422, "VALIDATION_ERROR"),
    b("not-found", 404, "NOT_FOUND"),
    b("method-not-allowed", 405, "METHOD_NOT_ALLOWED"),
    b("unique-violation", 409, "UNIQUE_VIOLATION"),
    b("reference-violation", 409, "REFERENCE_VIOLATION"),
    b("unsupported-media-type", 415, "UNSUPPORTED_MEDIA_TYPE"),
    b("payload-too-large", 413, "PAYLOAD_TOO_LARGE"),
    b("authentication-required", 401, "AUTHENTICATION_REQUIRED"),
    b("insufficient-permissions", 403, "INSUFFICIENT_PERMISSIONS"),
    b("conflict", 409, "CONFLICT"),
    b("precondition-failed", 412, "PRECONDITION_FAILED"),
    b("rate-limited", 429, "RATE_LIMITED"),
    b("internal-error", 500, "INTERNAL_ERROR"),
    b("invalid-state-transition", 409, "INVALID_STATE_TRANSITION"),
    b("service-unavailable", 503, "SERVICE_UNAVAILABLE"),
];

/// The slug of HTTP errors without a registered type (`ProblemType::for_status`).
pub(crate) const RESERVED: &str = "http-error";

pub(crate) fn lookup(slug: &str) -> Option<&'static Builtin> {
    BUILTIN.iter().find(|b| b.slug == slug)
}

//! Start-up errors: everything that can stop a service before it serves.

use std::fmt;

/// Start-up errors: connecting, creating the schema, assembling the routes.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The database URL is unsupported or the database is unreachable.
    Connect(String),
    /// The schema could not be created, or the migrations could not be read or applied.
    Schema(String),
    /// The database's schema differs from the declarations: each difference, and the
    /// command that writes the migration for it.
    Drift(String),
    /// Two declarations claim the same route.
    RouteConflict(String),
    /// The OpenAPI document could not be serialized.
    OpenApi(String),
    /// Two registered problem types share a slug but not their status or title.
    ProblemType(String),
    /// A transition guard or hook was written for another resource than the one whose
    /// state field uses the state machine.
    StateMachine(String),
    /// A function endpoint takes a `State<T>` that was not registered with `Api::state`.
    MissingState(String),
    /// A resource scoped by owner or tenant is registered on an API without
    /// authentication, which could not tell whose rows are whose.
    Auth(String),
    /// The contract file could not be read, or is not an OpenAPI document
    /// (`resourcery::contract`).
    Contract(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Connect(m) => write!(f, "database connection failed: {m}"),
            Error::Schema(m) => write!(f, "schema creation failed: {m}"),
            Error::Drift(m) => write!(f, "{m}"),
            Error::RouteConflict(m) => write!(f, "route conflict: {m}"),
            Error::OpenApi(m) => write!(f, "OpenAPI document failed: {m}"),
            Error::ProblemType(m) => write!(f, "problem type conflict: {m}"),
            Error::StateMachine(m) => write!(f, "state machine misconfigured: {m}"),
            Error::MissingState(m) => write!(f, "missing state: {m}"),
            Error::Contract(m) => write!(f, "{m}"),
            Error::Auth(m) => write!(f, "authentication misconfigured: {m}"),
        }
    }
}

impl std::error::Error for Error {}

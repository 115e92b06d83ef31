//! Declare a REST resource once; get its validation-checked request types, SQL on SQLite
//! and PostgreSQL, axum routes, OpenAPI 3.1 document and RFC 9457 errors.
//!
//! ```no_run
//! use resourcery::prelude::*;
//!
//! /// A customer of the shop.
//! #[resource(path = "/customers")]
//! pub struct Customer {
//!     #[field(id)]
//!     pub id: Uuid,
//!     #[field(unique)]
//!     pub email: String,
//!     pub name: String,
//!     #[field(read_only)]
//!     pub created_at: DateTime<Utc>,
//! }
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let db = resourcery::Db::connect_from_env().await?;
//!     let api = resourcery::Api::new(db).resource::<Customer>();
//!     api.ensure_schema().await?;
//!     let app = api.into_router()?;
//!     resourcery::serve("127.0.0.1:3000", app).await?;
//!     Ok(())
//! }
//! ```
//!
//! See the README for the full attribute reference.

mod access;
mod api;
mod auth;
mod context;
mod cursor;
mod db;
mod diagram;
mod docs;
mod endpoint;
mod field;
mod handlers;
mod hook;
mod json;
mod openapi;
mod problem;
mod query;
mod resource;
mod schema;
mod transition;
mod tx;
mod validate;

use std::fmt;

pub use access::{AccessRules, Allow};
pub use api::Api;
pub use auth::{Auth, AuthError, Grant, JwtAlgorithm, Principal, TokenPair, Tokens};
pub use chrono::{DateTime, NaiveDate, Utc};
pub use db::{Backend, DEFAULT_DATABASE_URL, Db};
pub use field::{FieldType, Patch, SqlType};
pub use problem::{PROBLEM_JSON, Problem, ProblemType, ProblemTypes};
pub use resource::{
    Access, Auto, FieldMeta, ListOptions, Operations, Resource, ResourceMeta, Statements,
};
pub use uuid::Uuid;
pub use validate::{
    Bound, Invalid, Literal, Number, Params, Pointer, Rule, Validate, Violation, Violations,
};

/// The router type [`Api::into_router`] returns.
pub use axum::Router;

/// Arbitrary JSON, usable as a field type (`JSONB` on PostgreSQL, text on SQLite).
pub type JsonValue = serde_json::Value;

/// Serves `router` on `addr` (e.g. `127.0.0.1:3000`) until Ctrl-C, logging where the
/// documentation is.
pub async fn serve(addr: &str, router: Router) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tracing::info!("listening on http://{local}; API documentation at http://{local}/docs");
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// Declares a REST resource on a struct with named fields.
///
/// ```
/// use resourcery::prelude::*;
///
/// /// A product in the catalogue.
/// #[resource(path = "/products", operations(create, get, list))]
/// pub struct Product {
///     #[field(id)]
///     pub id: Uuid,
///     #[field(unique, validate(pattern = "^[A-Z]{3}-[0-9]{4}$"))]
///     pub sku: String,
///     #[field(validate(length(min = 1, max = 120)))]
///     pub name: String,
///     /// Price in cents.
///     #[field(validate(range(min = 0)))]
///     pub price_cents: i64,
///     pub description: Option<String>,
///     #[field(read_only)]
///     pub created_at: DateTime<Utc>,
/// }
///
/// assert_eq!(<Product as Resource>::META.table, "products");
/// assert_eq!(<Product as Resource>::META.fields[2].rules.len(), 1);
/// ```
///
/// The macro keeps the struct as written (minus its `#[field]` attributes) and adds
/// `ProductCreate` (body of `POST`) and `ProductPatch` (body of `PATCH`). Struct options:
/// `path`, `table`, `tag`, `operations(...)`, `pagination`, `page_size`, `max_page_size`,
/// `max_offset`, `default_sort`, `validate(custom = f, custom_async = g)`; field options:
/// `id`, `read_only`, `write_only`, `hidden`, `unique`, `rename`, `column`, `default`,
/// `references`, `created_at`, `updated_at`, `filterable`, `sortable` and
/// `validate(...)` with the rules `length`, `range`, `pattern`, `email`, `url`,
/// `non_empty`, `one_of`, `items`, `unique_items` and `custom`. See the README's attribute
/// reference.
pub use resourcery_macros::resource;

/// Makes a fieldless enum usable as a resource field, stored and sent as text.
///
/// Variants are named in `snake_case` unless renamed with `#[variant(rename = "...")]`.
///
/// ```
/// use resourcery::prelude::*;
///
/// #[derive(Debug, Clone, Copy, PartialEq, resourcery::Enum)]
/// pub enum Tier {
///     Bronze,
///     Silver,
///     #[variant(rename = "gold-plus")]
///     GoldPlus,
/// }
///
/// assert_eq!(serde_json::to_string(&Tier::GoldPlus).unwrap(), "\"gold-plus\"");
/// let parsed: Tier = serde_json::from_str("\"silver\"").unwrap();
/// assert_eq!(parsed, Tier::Silver);
/// ```
pub use resourcery_macros::Enum;

/// Makes a struct a nested, validated value: a field of a resource (stored as JSON), the
/// items of a `Vec` field, or a request body of your own.
///
/// The macro derives `serde::Serialize` and `Deserialize` (unknown members are refused),
/// [`Validate`] and [`FieldType`]. Fields take `#[field(rename = "...")]` and
/// `#[field(validate(...))]` with the same rules as resource fields; `Option` fields may be
/// left out.
///
/// ```
/// use resourcery::prelude::*;
///
/// /// One line of an order.
/// #[resourcery::object]
/// #[derive(Debug, Clone, PartialEq)]
/// pub struct OrderLine {
///     #[field(validate(pattern = "^[A-Z]{3}-[0-9]{3}$"))]
///     pub sku: String,
///     #[field(validate(range(min = 1, max = 99)))]
///     pub quantity: i32,
/// }
///
/// let line: OrderLine = serde_json::from_str(r#"{"sku": "abc", "quantity": 0}"#).unwrap();
/// let violations = line.validate().unwrap_err();
/// let pointers: Vec<&str> = violations.as_slice().iter().map(|v| v.pointer.as_str()).collect();
/// assert_eq!(pointers, ["/sku", "/quantity"]);
/// ```
pub use resourcery_macros::object;

/// Turns an error enum of your own into RFC 9457 problems, one problem type per variant.
///
/// Each variant takes `#[problem(status = ..., slug = "...", title = "...")]` and
/// optionally `detail = "..."`, a format string over the variant's fields (`{field}`, or
/// `{0}` on a tuple variant, with `format!`'s specs such as `{when:?}`). Without `detail`
/// the variant's doc comment is the detail, if it has one. Named fields are sent as
/// extension members (RFC 9457 §3.2), serialized with serde. A variant may reuse a
/// built-in slug of [`ProblemType::ALL`] with its status; it then leaves out `title` and
/// is exactly that built-in type.
///
/// The derive implements `From<YourError> for` [`Problem`](struct@Problem), axum's
/// `IntoResponse` (so a handler can return `Result<T, YourError>`) and [`ProblemTypes`],
/// whose list [`Api::problems`] registers for `GET /problems/{slug}` and the OpenAPI
/// document. The description of each type is the variant's doc comment, else its title.
/// It does not implement `Display` or `std::error::Error`; derive those as you like
/// (thiserror works alongside). Mistakes (a variant without `#[problem]`, a status outside
/// 400..=599, a slug that is not kebab-case or means two things, a `detail` naming no
/// field) are compile errors at the offending token.
///
/// ```
/// use resourcery::prelude::*;
/// use resourcery::ProblemTypes;
///
/// #[derive(Debug, Problem)]
/// pub enum RefundError {
///     /// The order was refunded already.
///     #[problem(
///         status = 409,
///         slug = "already-refunded",
///         title = "Order already refunded",
///         detail = "order {order} was refunded on {when}"
///     )]
///     AlreadyRefunded { order: Uuid, when: DateTime<Utc> },
///     #[problem(status = 422, slug = "refund-too-large", title = "Refund larger than the payment")]
///     TooLarge { max_cents: i64 },
///     /// No such order.
///     #[problem(status = 404, slug = "not-found")]
///     Missing,
/// }
///
/// let problem = Problem::from(RefundError::TooLarge { max_cents: 1200 });
/// assert_eq!(problem.status().as_u16(), 422);
/// assert_eq!(problem.extension("max_cents"), Some(&serde_json::json!(1200)));
///
/// let missing = Problem::from(RefundError::Missing);
/// assert_eq!(missing.kind(), resourcery::ProblemType::NOT_FOUND);
/// assert_eq!(missing.detail_text(), Some("No such order."));
///
/// let slugs: Vec<&str> = RefundError::TYPES.iter().map(|t| t.slug).collect();
/// assert_eq!(slugs, ["already-refunded", "refund-too-large", "not-found"]);
/// ```
pub use resourcery_macros::Problem;

/// The names a service needs: the macros, their re-exported value types and the traits.
pub mod prelude {
    pub use crate::{
        Api, Created, DateTime, Db, Enum, Invalid, Json, JsonValue, NaiveDate, NoContent, Problem,
        ProblemType, Query, Resource, StateMachine, Transition, Tx, Utc, Uuid, Validate,
        Violations, endpoint, object, resource, state_machine,
    };
}

/// Start-up errors: connecting, creating the schema, assembling the routes.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The database URL is unsupported or the database is unreachable.
    Connect(String),
    /// The schema could not be created.
    Schema(String),
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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Connect(m) => write!(f, "database connection failed: {m}"),
            Error::Schema(m) => write!(f, "schema creation failed: {m}"),
            Error::RouteConflict(m) => write!(f, "route conflict: {m}"),
            Error::OpenApi(m) => write!(f, "OpenAPI document failed: {m}"),
            Error::ProblemType(m) => write!(f, "problem type conflict: {m}"),
            Error::StateMachine(m) => write!(f, "state machine misconfigured: {m}"),
            Error::MissingState(m) => write!(f, "missing state: {m}"),
            Error::Auth(m) => write!(f, "authentication misconfigured: {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// The current time, truncated to microseconds: the precision PostgreSQL stores, so a
/// value returned on create equals the value read back later. Use it for timestamps of
/// rows you build yourself (see [`Tx::insert`]).
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    let micros = now.timestamp_micros();
    DateTime::from_timestamp_micros(micros).unwrap_or(now)
}

/// What generated code uses. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::access::{ScopeKey, ScopeValue};
    pub use crate::db::{Args, RowAccess};
    pub use crate::endpoint::{
        Call, Doc, ParamKind, resource_location, resource_schema, respond, settle,
    };
    pub use crate::hook::{JsonBody, Step, StepBuilder, TransitionBody};
    pub use crate::json::{decode_member, missing_member, null_member, unknown_member};
    pub use crate::now;
    pub use crate::openapi::{ObjectField, object_schema};
    pub use crate::validate::{custom, float, int, items, text, unique_items};
    pub use crate::{field_reply, json_storage, native_storage};
    pub use axum;
    pub use chrono;
    pub use regex;
    pub use serde;
    pub use serde_json;
    pub use sqlx;
    pub use utoipa;
    pub use uuid;

    /// Serializes a default value for the documentation.
    pub fn to_json_value<T: serde::Serialize>(value: T) -> serde_json::Value {
        serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
    }

    /// `<T as Checked>::Type` is `T` for every field type; generated code names a user's
    /// field type through it, spanned at the field, so the first error an unsupported type
    /// causes is the `FieldType` message pointing at the field.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be the type of a resource field",
        label = "unsupported field type",
        note = "supported: String, bool, i16, i32, i64, f32, f64, Uuid, DateTime<Utc>, NaiveDate, serde_json::Value, Vec of these, Option of these, fieldless enums with `#[derive(resourcery::Enum)]` and structs with `#[resourcery::object]`"
    )]
    pub trait Checked {
        type Type: crate::FieldType;
    }

    impl<T: crate::FieldType> Checked for T {
        type Type = T;
    }

    /// The cursor a list request with `query` would return to continue after the row whose
    /// response JSON is `row` (for benchmarks and tests that start deep in a table).
    pub fn cursor_after<R: crate::Resource>(
        secret: &[u8],
        query: &str,
        row: &serde_json::Value,
    ) -> Option<String> {
        let plan = crate::query::ListPlan::new(&R::META, std::sync::Arc::from(secret));
        let parsed = crate::query::parse(&plan, query).ok()?;
        Some(crate::cursor::encode(
            &plan,
            &parsed.signature,
            &parsed.sort,
            crate::cursor::Direction::After,
            row,
        ))
    }

    /// A field of a `#[derive(Problem)]` variant, sent as an extension member (RFC 9457
    /// §3.2). Generated code calls it spanned at the field's type, so a type that cannot
    /// be serialized is reported there.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot be an extension member of a problem",
        label = "not serializable as JSON",
        note = "named fields of a `#[derive(Problem)]` variant are sent as JSON members of the problem; derive or implement `serde::Serialize` for this type"
    )]
    pub trait ProblemMember {
        /// The field as JSON; `null` if serialization fails.
        fn to_member(&self) -> serde_json::Value;
    }

    impl<T: serde::Serialize + ?Sized> ProblemMember for T {
        fn to_member(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }

    /// A field value, seen as a field type (see [`Checked`]).
    pub fn field_ref<T: crate::FieldType>(value: &T) -> &T {
        value
    }

    /// A nullable field value, seen as a field type (see [`Checked`]).
    pub fn field_ref_opt<T: crate::FieldType>(value: &Option<T>) -> &Option<T> {
        value
    }
}

mod state;

pub use endpoint::{
    Created, Endpoint, EndpointMeta, Json, NoContent, Outcome, PathParam, Query, QueryParams,
    Reply, ReplyBody, State,
};
pub use hook::{Hook, Transition};
pub use state::{Graph, StateMachine, StateMeta, TransitionMeta};
pub use tx::Tx;

/// Declares the life cycle of a fieldless enum: its states, the one it starts in, the
/// ones it ends in, and named transitions between them. The graph is checked while
/// compiling and described at run time by [`StateMachine`].
///
/// ```
/// use resourcery::StateMachine;
///
/// /// Where an order is in its life cycle.
/// #[resourcery::state_machine(
///     transition(confirm, from(Pending), to = Confirmed),
///     transition(ship, from(Confirmed), to = Shipped, roles("staff")),
///     transition(deliver, from(Shipped), to = Delivered),
///     transition(cancel, from(Pending, Confirmed), to = Cancelled),
/// )]
/// #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// pub enum OrderStatus {
///     /// Placed, not yet confirmed.
///     #[state(initial)]
///     Pending,
///     Confirmed,
///     Shipped,
///     #[state(terminal)]
///     Delivered,
///     #[state(terminal)]
///     Cancelled,
/// }
///
/// assert_eq!(OrderStatus::initial(), OrderStatus::Pending);
/// let actions: Vec<&str> = OrderStatus::Pending.allowed().map(|t| t.action).collect();
/// assert_eq!(actions, ["confirm", "cancel"]);
/// assert_eq!(OrderStatus::Pending.transition("confirm"), Some(OrderStatus::Confirmed));
/// assert_eq!(OrderStatus::Shipped.transition("cancel"), None);
/// assert_eq!(
///     OrderStatus::GRAPH.mermaid(),
///     "stateDiagram-v2
///     [*] --> pending
///     pending --> confirmed : confirm
///     confirmed --> shipped : ship
///     shipped --> delivered : deliver
///     pending --> cancelled : cancel
///     confirmed --> cancelled : cancel
///     delivered --> [*]
///     cancelled --> [*]
/// "
/// );
/// ```
///
/// **Transitions.** `transition(action, from(A, B), to = C)` lets `action` move a value
/// from `A` or `B` to `C`. Actions are `snake_case` (each will name a route,
/// `POST /{path}/{id}/{action}`), distinct, and not `transitions` (kept for the history
/// route). More options, recorded in [`TransitionMeta`] but **not enforced yet**:
/// `roles("staff", ...)` (who may take the action), `guard = path::to::fn` (a rule that
/// may refuse it), `after = path::to::fn` (a hook run after it) and `body = Type` (its
/// request body). Nothing checks the roles, calls the functions or reads the body so far.
///
/// **States.** Every variant is a state. Mark exactly one `#[state(initial)]` and the
/// states nothing leaves `#[state(terminal)]`. Wire names are `snake_case` unless renamed
/// with `#[variant(rename = "...")]`, as for [`Enum`](macro@Enum), and the macro gives the
/// enum everything `#[derive(Enum)]` does (serde as strings, text in the database,
/// [`FieldType`] with an `enum` schema), so do not derive `Enum` as well. Derive `Clone`,
/// `Copy`, `PartialEq` and `Eq` yourself: [`StateMachine`] requires them.
///
/// **Checked while compiling**, each an error at the offending token: no initial state or
/// more than one; a transition naming an unknown state (with the closest state suggested);
/// a duplicate, non-`snake_case` or reserved action; a state unreachable from the initial
/// one; a state that is not terminal and has no transition out; a transition out of a
/// terminal state; a transition from a state to itself (a transition must change the
/// state); an unknown option; the attribute on anything but a non-generic fieldless enum.
pub use resourcery_macros::state_machine;

/// Serves an `async fn` as an endpoint, registered with
/// [`Api::endpoint`](crate::Api::endpoint) and documented from its signature.
///
/// `#[endpoint(method, "/path", options...)]`, where `method` is `get`, `post`, `put`,
/// `patch` or `delete`. The arguments are extractors, recognised by how they are written:
///
/// - a name that appears as `{name}` in the path: that path parameter, parsed as the
///   argument's type (`Uuid`, `String`, `i32`, `i64`, `bool`, `NaiveDate`); a value that does
///   not parse is a `400` naming it;
/// - [`Query<T>`](crate::Query): the query string as an `#[object]`, validated;
/// - [`Json<T>`](crate::Json): the body as an `#[object]`, validated (not on `get` or `delete`);
/// - [`Db`](crate::Db): the database;
/// - `&mut` [`Tx`](crate::Tx): a transaction, committed when the function returns `Ok` and
///   rolled back otherwise;
/// - [`State<T>`](crate::State): a value registered with [`Api::state`](crate::Api::state).
///
/// The function returns `Result<T, E>`: `T` is [`Created<X>`](crate::Created) (201, with
/// `Location` when `X` is a resource), [`NoContent`](crate::NoContent) (204), or a body
/// sent with `status` (200 by default): a resource, an `#[object]`, a plain value, or a
/// `Vec`/`Option` of these. `E` converts into a [`Problem`](crate::Problem); when it is an
/// enum with `#[derive(Problem)]`, its problem types are documented.
///
/// Options: `status = 202`, `tag = "Reports"` or `resource = Order` (the resource's tag),
/// `problems(RefundProblem)` (document the problem types of an error the function returns
/// as a plain `Problem`), `deprecated` (or `#[deprecated]` on the function), and `roles("staff")`
/// or `public` (recorded and documented; enforced once authentication is configured).
/// The summary and description come from the doc comment, the operation id from the
/// function's name in camelCase.
///
/// ```
/// use resourcery::prelude::*;
///
/// /// How many days back to count.
/// #[resourcery::object]
/// pub struct Window {
///     #[field(validate(range(min = 1, max = 366)))]
///     pub days: i32,
/// }
///
/// /// The date `days` ago.
/// #[resourcery::endpoint(get, "/calendar/since")]
/// async fn since(window: Query<Window>) -> Result<NaiveDate, Problem> {
///     let today = resourcery::now().date_naive();
///     Ok(today - chrono::Duration::days(i64::from(window.days)))
/// }
///
/// # async fn run(db: Db) -> Result<(), resourcery::Error> {
/// let router = Api::new(db).endpoint::<since>().into_router()?;
/// # Ok(()) }
/// ```
///
/// Mistakes are compile errors at the token: an unknown method, a malformed path, a
/// `{param}` without an argument, an argument that is neither a path parameter nor an
/// extractor, two bodies, a body on `get`, a function that is not `async`. The function is
/// emitted unchanged either way, so one mistake does not hide the rest.
pub use resourcery_macros::endpoint;

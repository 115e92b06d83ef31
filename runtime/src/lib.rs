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
//!     api.serve("127.0.0.1:3000").await?;
//!     Ok(())
//! }
//! ```
//!
//! See the README for the full attribute reference.
//!
//! # Inside the crate
//!
//! The runtime is cut in layers; a module imports only modules of the layers below its
//! own (`tests/tests/layers.rs` checks it against this list), top to bottom:
//!
//! - `__private`: what generated code calls, and nothing else may.
//! - `contract`: the assembled document against an OpenAPI contract (feature `contract`).
//! - `serve`: the server: its accept loop with limits, the operations endpoints
//!   (health, metrics) and the graceful stop.
//! - `api`: [`Api`], the registration call, and the assembled OpenAPI document.
//! - `routes`: one module per operation kind (CRUD, transitions with their hooks and
//!   history, function endpoints), each with its handler, its OpenAPI operation and its
//!   access rule side by side; the [`Resource`] trait and [`Tx`].
//! - `openapi`: schemas, parameters and problem responses; the docs page and the
//!   state-machine diagram.
//! - `auth`, `http`, `list`: tokens, principals, scopes and the route gate; the outermost
//!   middleware and JSON bodies; list queries and cursors.
//! - `migrate`: migrations applied under the start-up lock, the live schema against the
//!   declarations (drift), the migration writer, secrets kept in the database.
//! - `db`: pools, transactions' connections, field types and failures as problems.
//! - `sql`, `problem`: the only SQL writer (statements as data, rendered once per
//!   backend); RFC 9457 problems and the request context.
//! - `model`: resources, fields, access rules and state graphs as plain data.
//! - `validate`, `error`: field rules and their violations; start-up errors.

mod api;
mod auth;
#[cfg(feature = "contract")]
pub mod contract;
mod db;
mod error;
mod http;
mod list;
mod migrate;
mod model;
mod openapi;
mod problem;
mod routes;
mod serve;
mod sql;
mod validate;

pub use api::Api;
pub use auth::{Auth, AuthError, Grant, JwtAlgorithm, Principal, TokenPair, Tokens};
pub use chrono::{DateTime, NaiveDate, Utc};
pub use db::field::{FieldType, Patch};
pub use db::{DEFAULT_DATABASE_URL, Db, DbOptions, now};
pub use error::Error;
pub use http::throttle::{RateLimit, Throttle};
pub use migrate::{Migrations, Written};
pub use model::state::{Graph, StateMeta, TransitionMeta};
pub use problem::{PROBLEM_JSON, Problem, ProblemType, ProblemTypes};
pub use routes::endpoint::{Created, Endpoint, Json, NoContent, Query, State};
pub use routes::resource::Resource;
pub use routes::transition::hook::Transition;
pub use routes::transition::machine::StateMachine;
pub use routes::tx::Tx;
pub use serve::{ServeOptions, serve, serve_listener, serve_with};
pub use sql::Backend;
pub use uuid::Uuid;
pub use validate::{Invalid, Validate, Violation, Violations};

/// The router type [`Api::into_router`] returns.
pub use axum::Router;

/// Arbitrary JSON, usable as a field type (`JSONB` on PostgreSQL, text on SQLite).
pub type JsonValue = serde_json::Value;

/// tower-http's CORS layer, for [`ServeOptions::cors`].
pub use tower_http::cors::CorsLayer;

/// The address of the client of the request being served: the connection's peer (as
/// [`serve`] reports it), or the client named in `X-Forwarded-For` with
/// [`Api::behind_proxies`]. `None` outside a request, or when the router is served without
/// connect info.
///
/// ```
/// # use resourcery::prelude::*;
/// # use resourcery::{State, Throttle};
/// /// Counts a refresh attempt per client address.
/// fn count_attempt(throttle: &Throttle) -> Result<(), Problem> {
///     match resourcery::client_ip() {
///         Some(ip) => throttle.check(&("refresh", ip)),
///         None => Ok(()),
///     }
/// }
/// # let _ = count_attempt;
/// ```
pub fn client_ip() -> Option<std::net::IpAddr> {
    problem::context::client()
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
/// `max_offset`, `default_sort`, `validate(custom = f, custom_async = g)`, `access(...)`,
/// `envelope(items = "data", page = "pagination")` (the list body's member names) and
/// `contract(ids(list = "listAllOrders"))` or `contract = skip` (for the contract check
/// that `resourcery.toml` switches on, below); field options:
/// `id`, `read_only`, `write_only`, `hidden`, `unique`, `rename`, `column`, `default`,
/// `references`, `created_at`, `updated_at`, `filterable`, `sortable` and
/// `validate(...)` with the rules `length`, `range`, `pattern`, `email`, `url`,
/// `non_empty`, `one_of`, `items`, `unique_items` and `custom`. See the README's attribute
/// reference.
///
/// With a `resourcery.toml` beside the crate's `Cargo.toml` naming an OpenAPI contract
/// (`[contract] path = "openapi.yaml"`), the macro compares the resource's operations,
/// bodies, statuses and access with it while compiling, each difference a compile error on
/// the line that differs; `resourcery::contract` (feature `contract`) compares the
/// whole document in a test. See the README's section on contract checking.
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

/// What generated code uses. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private;

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
/// route). More options, recorded in [`TransitionMeta`]: `roles("staff", ...)` (who may
/// take the action, checked by the route's gate once the API has
/// [`Api::auth`](crate::Api::auth); without authentication every route is open),
/// `guard = path::to::fn` (a rule that may refuse it, run on the locked row), `after =
/// path::to::fn` (a hook run after the update, in the same transaction) and `body = Type`
/// (its request body, decoded and validated before the guard). See [`Transition`].
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
/// - [`Db`]: the database;
/// - `&mut` [`Tx`]: a transaction, committed when the function returns `Ok` and
///   rolled back otherwise;
/// - [`State<T>`](crate::State): a value registered with [`Api::state`](crate::Api::state).
///
/// The function returns `Result<T, E>`: `T` is [`Created<X>`](crate::Created) (201, with
/// `Location` when `X` is a resource), [`NoContent`] (204), or a body
/// sent with `status` (200 by default): a resource, an `#[object]`, a plain value, or a
/// `Vec`/`Option` of these. `E` converts into a [`Problem`](struct@crate::Problem); when it is an
/// enum with `#[derive(Problem)]`, its problem types are documented.
///
/// Options: `status = 202`, `tag = "Reports"` or `resource = Order` (the resource's tag),
/// `problems(RefundProblem)` (document the problem types of an error the function returns
/// as a plain `Problem`), `deprecated` (or `#[deprecated]` on the function), and `roles("staff")`
/// or `public` (recorded and documented; enforced once authentication is configured).
/// The summary and description come from the doc comment, the operation id from the
/// function's name in camelCase unless `operation_id = "getSalesReport"` names it (as a
/// contract in `resourcery.toml` may require; the endpoint is checked against it like a
/// resource).
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

/// The migration files in a folder next to `Cargo.toml`, compiled into the binary as a
/// [`Migrations`]: `<dir>/sqlite/*.sql` and `<dir>/postgres/*.sql`, named
/// `<version>_<description>.sql`. Editing a file rebuilds the crate; for a new file to be
/// picked up, have a build script print `cargo:rerun-if-changed=<dir>`.
///
/// ```no_run
/// # async fn run(api: resourcery::Api) -> Result<(), resourcery::Error> {
/// // `testdata/migrations` beside this crate's Cargo.toml.
/// let migrations = resourcery::migrations!("testdata/migrations");
/// api.migrate(&migrations).await?;
/// # Ok(()) }
/// ```
pub use resourcery_macros::migrations;

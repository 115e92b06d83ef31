//! Transition guards, after-transition hooks and request bodies: what a
//! `transition(..., guard = f, after = g, body = T)` adds to a state transition.
//!
//! The `#[state_machine]` enum does not know which resource its field belongs to, so each
//! hook is type-checked against its own signature where the enum is declared (the row type
//! is inferred from the function), erased into a [`Step`], and matched against the
//! resource when [`Api::resource`](crate::api::Api::resource) registers it; a hook written for
//! another resource is a start-up error naming both types.

use std::any::{Any, TypeId};
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use axum::http::HeaderMap;
use serde_json::Value;
use utoipa::openapi::schema::Schema;

use crate::db::field::FieldType;
use crate::http::json;
use crate::problem::{Problem, ProblemType};
use crate::routes::tx::Tx;
use crate::validate::{Validate, Violation};

/// A transition being taken, as its guard and after hook see it: the action, the states it
/// leaves and enters, the validated request body (`()` when the transition declares none)
/// and the transaction the transition's update runs in.
///
/// ```
/// use resourcery::prelude::*;
/// use resourcery::{Transition, Tx};
///
/// /// Why an order is called off.
/// #[resourcery::object]
/// pub struct CancelRequest {
///     #[field(validate(length(min = 3, max = 200)))]
///     pub reason: String,
/// }
///
/// #[resourcery::state_machine(
///     transition(cancel, from(Open), to = Cancelled, body = CancelRequest, guard = not_paid),
/// )]
/// #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// pub enum Status {
///     #[state(initial)]
///     Open,
///     #[state(terminal)]
///     Cancelled,
/// }
///
/// #[resource(path = "/tickets")]
/// pub struct Ticket {
///     #[field(id)]
///     pub id: Uuid,
///     pub paid: bool,
///     #[field(state)]
///     pub status: Status,
/// }
///
/// /// A paid ticket is refunded, not cancelled.
/// async fn not_paid(ticket: &Ticket, t: &mut Transition<CancelRequest>) -> Result<(), Problem> {
///     if ticket.paid {
///         return Err(Problem::new(ProblemType::CONFLICT)
///             .detail(format!("a paid ticket cannot be cancelled ({})", t.body().reason)));
///     }
///     Ok(())
/// }
/// ```
pub struct Transition<B = ()> {
    tx: Tx,
    body: B,
    action: &'static str,
    from: &'static str,
    to: &'static str,
    /// The body as JSON for the history table; `None` for `()`.
    json: fn(&B) -> Option<Value>,
}

impl<B> Transition<B> {
    /// The action's name, e.g. `cancel`.
    pub fn action(&self) -> &'static str {
        self.action
    }

    /// Wire name of the state the row is leaving.
    pub fn from(&self) -> &'static str {
        self.from
    }

    /// Wire name of the state the row is entering.
    pub fn to(&self) -> &'static str {
        self.to
    }

    /// The request body, validated by its declared rules.
    pub fn body(&self) -> &B {
        &self.body
    }

    /// The authenticated caller taking the transition (`None` without authentication).
    pub fn principal(&self) -> Option<&crate::model::principal::Principal> {
        self.tx.principal()
    }

    /// The transaction the transition's update runs in: reads see the row locked, and
    /// writes commit only if the whole transition does.
    pub fn tx(&mut self) -> &mut Tx {
        &mut self.tx
    }
}

impl<B> std::fmt::Debug for Transition<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transition")
            .field("action", &self.action)
            .field("from", &self.from)
            .field("to", &self.to)
            .finish_non_exhaustive()
    }
}

/// A function usable as `guard = f` or `after = f`:
/// `async fn f(row: &Row, t: &mut Transition<Body>) -> Result<(), E>` where `E` converts
/// into a [`Problem`] (a `Problem` itself, or an enum with `#[derive(resourcery::Problem)]`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a transition guard or hook",
    label = "not `async fn(&{R}, &mut Transition<{B}>) -> Result<(), impl Into<Problem>>`",
    note = "a guard or after hook is `async fn f(row: &YourResource, t: &mut resourcery::Transition<Body>) -> Result<(), E>`, where `Body` is the transition's `body` type (or `()`) and `E: Into<resourcery::Problem>`"
)]
pub trait Hook<'a, R: 'a, B: 'a>: Send + Sync + 'static {
    /// What the function returns.
    type Future: Future<Output = Result<(), Self::Error>> + Send + 'a;
    /// Its error, turned into the response's problem.
    type Error: Into<Problem>;
    /// Calls the function.
    fn call(&self, row: &'a R, transition: &'a mut Transition<B>) -> Self::Future;
}

impl<'a, R: 'a, B: 'a, F, Fut, E> Hook<'a, R, B> for F
where
    F: Fn(&'a R, &'a mut Transition<B>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'a,
    E: Into<Problem>,
{
    type Future = Fut;
    type Error = E;

    fn call(&self, row: &'a R, transition: &'a mut Transition<B>) -> Fut {
        self(row, transition)
    }
}

type BoxFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Problem>> + Send + 'a>>;

/// A hook with its row and body types erased.
trait ErasedHook: Send + Sync {
    fn call<'a>(&'a self, row: &'a (dyn Any + Send + Sync), open: &'a mut Open) -> BoxFuture<'a>;
    fn row_type(&self) -> (TypeId, &'static str);
}

struct Typed<F, R, B>(F, PhantomData<fn(&R, B)>);

impl<F, R, B> ErasedHook for Typed<F, R, B>
where
    R: Any + Send + Sync,
    B: Any + Send,
    F: for<'a> Hook<'a, R, B>,
{
    fn call<'a>(&'a self, row: &'a (dyn Any + Send + Sync), open: &'a mut Open) -> BoxFuture<'a> {
        // Both casts hold by construction: `Api::resource` compared the row type with the
        // resource's, and the body was decoded by the same `Step<B>`.
        let (Some(row), Some(transition)) = (
            row.downcast_ref::<R>(),
            (&mut *open.0 as &mut dyn Any).downcast_mut::<Transition<B>>(),
        ) else {
            return Box::pin(std::future::ready(Err(Problem::internal(
                "a transition hook was called with another row or body type",
            ))));
        };
        let future = self.0.call(row, transition);
        Box::pin(async move { future.await.map_err(Into::into) })
    }

    fn row_type(&self) -> (TypeId, &'static str) {
        (TypeId::of::<R>(), std::any::type_name::<R>())
    }
}

/// A [`Transition`] whose body type is erased, owned by the handler between hooks.
pub(crate) struct Open(Box<dyn OpenTransition>);

trait OpenTransition: Any + Send {
    fn tx(&mut self) -> &mut Tx;
    fn into_tx(self: Box<Self>) -> Tx;
    fn body_json(&self) -> Option<Value>;
}

impl<B: Any + Send> OpenTransition for Transition<B> {
    fn tx(&mut self) -> &mut Tx {
        &mut self.tx
    }
    fn into_tx(self: Box<Self>) -> Tx {
        self.tx
    }
    fn body_json(&self) -> Option<Value> {
        (self.json)(&self.body)
    }
}

impl Open {
    pub(crate) fn tx(&mut self) -> &mut Tx {
        self.0.tx()
    }
    pub(crate) fn into_tx(self) -> Tx {
        self.0.into_tx()
    }
    /// The body as JSON for the history table; `None` when the transition has none.
    pub(crate) fn body_json(&self) -> Option<Value> {
        self.0.body_json()
    }
}

/// What one transition adds to its conditional update: a request body, a guard and an
/// after hook, with their types erased. Written by `#[state_machine]`, one per transition.
#[doc(hidden)]
pub struct Step {
    body: Option<BodyType>,
    /// Decodes and validates the body; `()` when the transition declares none.
    decode: Decode,
    /// Wraps the transaction and the decoded body into the `Transition<B>` hooks see.
    open: fn(Tx, Box<dyn Any + Send>, Names) -> Open,
    guard: Option<Box<dyn ErasedHook>>,
    after: Option<Box<dyn ErasedHook>>,
}

/// Decodes and validates a transition's body into the step's body type, erased.
type Decode = fn(&HeaderMap, &[u8]) -> Result<Box<dyn Any + Send>, Problem>;

/// The declared body type of a transition, for the documentation.
#[derive(Clone, Copy)]
pub(crate) struct BodyType {
    pub(crate) name: &'static str,
    pub(crate) schema: fn() -> Schema,
}

/// The action and states of a transition being taken.
#[derive(Clone, Copy)]
pub(crate) struct Names {
    pub(crate) action: &'static str,
    pub(crate) from: &'static str,
    pub(crate) to: &'static str,
}

/// Builds a [`Step`] whose hooks are checked against the body type `B`.
#[doc(hidden)]
pub struct StepBuilder<B> {
    step: Step,
    body: PhantomData<fn(B)>,
}

impl StepBuilder<()> {
    /// A transition without a request body; whatever the client sends is ignored.
    pub fn plain() -> Self {
        StepBuilder {
            step: Step {
                body: None,
                decode: |_, _| Ok(Box::new(())),
                open: open::<()>,
                guard: None,
                after: None,
            },
            body: PhantomData,
        }
    }
}

/// A type usable as `transition(..., body = T)`: a struct declared with
/// `#[resourcery::object]`, which gives it JSON decoding, validation and a schema.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a request body",
    label = "not declared with `#[resourcery::object]`",
    note = "declare the body type with `#[resourcery::object]`, e.g. `#[resourcery::object] pub struct CancelRequest {{ pub reason: String }}`"
)]
pub trait TransitionBody: FieldType + Validate {
    /// The body of an endpoint's request. Generated code calls it through the trait, so a
    /// type that is no body is reported once.
    #[doc(hidden)]
    fn from_call(
        call: &crate::routes::endpoint::Call,
    ) -> Result<crate::routes::endpoint::Json<Self>, Problem> {
        call.json::<Self>()
    }

    /// Documents the body on an endpoint's operation.
    #[doc(hidden)]
    fn document(doc: crate::routes::endpoint::Doc) -> crate::routes::endpoint::Doc {
        doc.body::<Self>()
    }
}

impl<B> StepBuilder<B> {
    /// A transition whose request body is a `B`, decoded and validated before anything else.
    pub fn body(name: &'static str) -> Self
    where
        B: TransitionBody,
    {
        StepBuilder {
            step: Step {
                body: Some(BodyType {
                    name,
                    schema: B::schema,
                }),
                decode: |headers, bytes| decode::<B>(headers, bytes).map(|b| Box::new(b) as _),
                open: open::<B>,
                guard: None,
                after: None,
            },
            body: PhantomData,
        }
    }
}

impl<B: Any + Send + Sync> StepBuilder<B> {
    /// Runs `f` after the row is locked and found in a source state, before the update.
    pub fn guard<R, F>(mut self, f: F) -> Self
    where
        R: Any + Send + Sync,
        F: for<'a> Hook<'a, R, B>,
    {
        self.step.guard = Some(Box::new(Typed(f, PhantomData)));
        self
    }

    /// Runs `f` on the updated row, in the same transaction, before it commits.
    pub fn after<R, F>(mut self, f: F) -> Self
    where
        R: Any + Send + Sync,
        F: for<'a> Hook<'a, R, B>,
    {
        self.step.after = Some(Box::new(Typed(f, PhantomData)));
        self
    }

    /// The finished step.
    pub fn build(self) -> Step {
        self.step
    }
}

/// How a body type is recorded in the history table.
#[doc(hidden)]
pub trait JsonBody: Sized {
    fn json(&self) -> Option<Value>;
}

impl JsonBody for () {
    fn json(&self) -> Option<Value> {
        None
    }
}

impl<B: FieldType> JsonBody for B {
    fn json(&self) -> Option<Value> {
        serde_json::to_value(self).ok()
    }
}

fn open<B: Any + Send + JsonBody>(tx: Tx, body: Box<dyn Any + Send>, names: Names) -> Open {
    match body.downcast::<B>() {
        Ok(body) => Open(Box::new(Transition {
            tx,
            body: *body,
            action: names.action,
            from: names.from,
            to: names.to,
            json: B::json,
        })),
        // Unreachable: `decode` of the same step produced the body. A transition without a
        // body is still opened, so the hooks' casts report the mismatch as a problem.
        Err(_) => Open(Box::new(Transition {
            tx,
            body: (),
            action: names.action,
            from: names.from,
            to: names.to,
            json: <() as JsonBody>::json,
        })),
    }
}

impl Step {
    pub(crate) fn body_type(&self) -> Option<BodyType> {
        self.body
    }

    pub(crate) fn has_guard(&self) -> bool {
        self.guard.is_some()
    }

    pub(crate) fn has_after(&self) -> bool {
        self.after.is_some()
    }

    /// The row types the hooks were written for.
    pub(crate) fn row_types(&self) -> impl Iterator<Item = (TypeId, &'static str)> + '_ {
        [&self.guard, &self.after]
            .into_iter()
            .flatten()
            .map(|hook| hook.row_type())
    }

    pub(crate) fn decode(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Box<dyn Any + Send>, Problem> {
        (self.decode)(headers, body)
    }

    pub(crate) fn open(&self, tx: Tx, body: Box<dyn Any + Send>, names: Names) -> Open {
        (self.open)(tx, body, names)
    }

    pub(crate) async fn guard(
        &self,
        row: &(dyn Any + Send + Sync),
        open: &mut Open,
    ) -> Result<(), Problem> {
        match &self.guard {
            Some(hook) => hook.call(row, open).await,
            None => Ok(()),
        }
    }

    pub(crate) async fn after(
        &self,
        row: &(dyn Any + Send + Sync),
        open: &mut Open,
    ) -> Result<(), Problem> {
        match &self.after {
            Some(hook) => hook.call(row, open).await,
            None => Ok(()),
        }
    }
}

/// A transition's request body: JSON of the declared type, then its rules.
pub(crate) fn decode<B: FieldType + Validate>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<B, Problem> {
    json::check_content_type(headers)?;
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        let detail = if body.iter().all(u8::is_ascii_whitespace) {
            "the request body is empty; send a JSON object".to_owned()
        } else {
            format!("the body is not valid JSON: {e}")
        };
        Problem::new(ProblemType::MALFORMED_REQUEST).detail(detail)
    })?;
    if !value.is_object() {
        return Err(Problem::validation(vec![Violation::new(
            "",
            "type",
            "the body must be a JSON object",
        )]));
    }
    if let Some(problem) = json::nul_problem(&value) {
        return Err(problem);
    }
    let mut value = value;
    let decoded = match serde_path_to_error::deserialize::<_, B>(&value) {
        // `4.0` is an integer to JSON Schema: read it as one and try again.
        Err(_) if json::integral(&mut value) => serde_path_to_error::deserialize(&value),
        first => first,
    };
    let body: B = decoded.map_err(|e| {
        let pointer = json::pointer(e.path());
        let message = json::strip_position(&e.inner().to_string());
        Problem::validation(vec![json::plain_violation(pointer, message)])
    })?;
    body.validate().map_err(Problem::validation)?;
    Ok(body)
}

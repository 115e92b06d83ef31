//! Function endpoints: an `async fn` with `#[resourcery::endpoint(method, "/path")]`,
//! registered with [`Api::endpoint`](crate::api::Api::endpoint) and documented from its
//! signature in the same OpenAPI document as the resources.
//!
//! The macro sorts the function's arguments into extractors by their written types and
//! turns the function into an [`Endpoint`]: it extracts each argument through [`Call`],
//! which answers with a problem when the request is wrong, calls the function, and turns
//! `Result<T, E>` into a response. The operation is written from the same types, so the
//! documented parameters, body, success status and problem types are the ones served.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use utoipa::openapi::path::Operation;

use crate::db::Db;
use crate::db::field::FieldType;
use crate::problem::{Problem, ProblemType};
use crate::routes::Shared;
use crate::routes::transition::hook::TransitionBody;
use crate::routes::tx::Tx;
use crate::validate::Validate;

mod doc;
mod reply;

/// A function declared with `#[resourcery::endpoint]`; implemented by the macro on a
/// hidden type named like the function, which [`Api::endpoint`](crate::api::Api::endpoint)
/// takes: `.endpoint::<refund>()`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an endpoint",
    label = "not an `async fn` declared with `#[resourcery::endpoint]`",
    note = "annotate the function with `#[resourcery::endpoint(post, \"/path\")]` and register it by name: `.endpoint::<my_function>()`"
)]
pub trait Endpoint: 'static {
    /// What the attribute declared.
    #[doc(hidden)]
    const META: EndpointMeta;

    /// Extracts the arguments, calls the function and answers.
    #[doc(hidden)]
    fn call(call: Call) -> Pin<Box<dyn Future<Output = Response> + Send>>;

    /// The OpenAPI operation, from the declaration and the argument and return types.
    #[doc(hidden)]
    fn operation() -> Operation;

    /// Types the function takes as [`State`], which the API must provide.
    #[doc(hidden)]
    fn states() -> Vec<(TypeId, &'static str)> {
        Vec::new()
    }
}

/// Static description of a function endpoint, written by the macro.
#[derive(Debug)]
pub struct EndpointMeta {
    /// The function's name, e.g. `refund_order`.
    pub name: &'static str,
    /// The OpenAPI operation id: `operation_id = "..."`, else the name in camelCase
    /// (`refundOrder`).
    pub operation_id: &'static str,
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// The path template, e.g. `/orders/{id}/refund`.
    pub path: &'static str,
    /// The status of a successful plain response (`status = 202`); 200 by default.
    pub status: u16,
    /// The OpenAPI tag: `tag = "..."`, the tag of `resource = X`, or the first path segment.
    pub tag: &'static str,
    /// The first paragraph of the doc comment.
    pub summary: &'static str,
    /// The rest of the doc comment.
    pub description: &'static str,
    /// `#[deprecated]` on the function.
    pub deprecated: bool,
    /// `roles(...)`: who may call it, once authentication is configured; empty: anyone
    /// authenticated.
    pub roles: &'static [&'static str],
    /// `public`: anonymous callers are allowed once authentication is configured.
    pub public: bool,
    /// `file:line` of the function, for reports that point at it.
    pub declared: &'static str,
}

/// The request as a function endpoint's extractors see it. Generated code only.
#[doc(hidden)]
pub struct Call {
    pub(crate) shared: Arc<Shared>,
    pub(crate) params: Vec<(String, String)>,
    pub(crate) query: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) principal: Option<Arc<crate::model::principal::Principal>>,
}

impl Call {
    /// The path parameter `name`, parsed.
    pub fn path<T: PathParam>(&self, name: &str) -> Result<T, Problem> {
        let raw = self
            .params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        T::parse(raw).ok_or_else(|| {
            Problem::new(ProblemType::MALFORMED_REQUEST)
                .detail(format!(
                    "path parameter `{name}` must be {}, not `{raw}`",
                    T::EXPECTED
                ))
                .with("parameter", name)
        })
    }

    /// The query string as `T`, then its rules.
    pub fn query<T: QueryParams>(&self) -> Result<Query<T>, Problem> {
        let raw = self.query.as_deref().unwrap_or_default();
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if let Some((key, _)) = pairs
            .iter()
            .find(|(k, v)| k.contains('\0') || v.contains('\0'))
        {
            return Err(crate::list::param_problem(
                &key.replace('\0', "\\0"),
                "query parameters cannot contain the NUL character (%00)".to_owned(),
            ));
        }
        // Each parameter once: a repeated one is a mistake, not a list.
        for (i, (key, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(k, _)| k == key) {
                return Err(crate::list::param_problem(
                    key,
                    format!("`{key}` is given more than once"),
                ));
            }
        }
        let mut object = serde_json::Map::new();
        for (key, value) in pairs {
            let value = T::member(&key).map_or(serde_json::Value::String(value.clone()), |kind| {
                kind.value(&value)
            });
            object.insert(key, value);
        }
        let value: T = serde_path_to_error::deserialize(serde_json::Value::Object(object))
            .map_err(|e| {
                let pointer = crate::http::json::pointer(e.path());
                let message = crate::http::json::strip_position(&e.inner().to_string());
                let v = crate::http::json::plain_violation(pointer, message);
                let parameter = v.pointer.trim_start_matches('/').to_owned();
                Problem::new(ProblemType::MALFORMED_REQUEST)
                    .detail(format!("query parameter `{parameter}`: {}", v.message))
                    .with("parameter", parameter)
                    .with("code", v.code.into_owned())
            })?;
        value.validate().map_err(Problem::validation)?;
        Ok(Query(value))
    }

    /// The body as `T`, then its rules.
    pub fn json<T: TransitionBody>(&self) -> Result<Json<T>, Problem> {
        crate::routes::transition::hook::decode::<T>(&self.headers, &self.body).map(Json)
    }

    /// The database.
    pub fn db(&self) -> Db {
        self.shared.db.clone()
    }

    /// A transaction, committed when the function returns `Ok` and rolled back otherwise.
    pub async fn begin(&self) -> Result<Tx, Problem> {
        let mut tx = Tx::begin(&self.shared.db, &crate::model::NO_RESOURCE).await?;
        tx.principal = self.principal.clone();
        Ok(tx)
    }

    /// The authenticated caller; a 401 when the call is anonymous.
    pub fn principal(&self) -> Result<crate::model::principal::Principal, Problem> {
        self.maybe_principal().ok_or_else(crate::auth::challenge)
    }

    /// The authenticated caller, if any.
    pub fn maybe_principal(&self) -> Option<crate::model::principal::Principal> {
        self.principal.as_deref().cloned()
    }

    /// The value registered with [`Api::state`](crate::api::Api::state).
    pub fn state<T: Clone + Send + Sync + 'static>(&self) -> Result<State<T>, Problem> {
        self.shared
            .states
            .get(&TypeId::of::<T>())
            .and_then(|v| v.downcast_ref::<T>())
            .cloned()
            .map(State)
            .ok_or_else(|| {
                Problem::internal(format!(
                    "no state of type `{}`; register it with `Api::state`",
                    std::any::type_name::<T>()
                ))
            })
    }
}

/// Settles a function's transaction: commit on `Ok`, roll back on `Err`.
#[doc(hidden)]
pub async fn settle<T>(tx: Tx, result: Result<T, Problem>) -> Result<T, Problem> {
    match result {
        Ok(value) => {
            tx.commit(&crate::model::NO_RESOURCE).await?;
            Ok(value)
        }
        Err(problem) => {
            tx.rollback().await;
            Err(problem)
        }
    }
}

/// The answer of a function endpoint.
#[doc(hidden)]
pub fn respond<T: Reply>(result: Result<T, Problem>, status: u16) -> Response {
    match result {
        Ok(reply) => reply.into_reply(StatusCode::from_u16(status).unwrap_or(StatusCode::OK)),
        Err(problem) => problem.into_response(),
    }
}

/// A value of the query string, typed: parameters of a [`Query`] struct, parsed by
/// [`QueryParams`].
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// Sent as a JSON string.
    Text,
    /// Parsed as a JSON number when it is one.
    Number,
    /// `true` or `false`.
    Bool,
}

impl ParamKind {
    fn value(self, raw: &str) -> serde_json::Value {
        match self {
            ParamKind::Text => serde_json::Value::String(raw.to_owned()),
            ParamKind::Number => serde_json::from_str::<serde_json::Number>(raw)
                .map_or_else(|_| serde_json::Value::String(raw.to_owned()), Into::into),
            ParamKind::Bool => match raw {
                "true" => true.into(),
                "false" => false.into(),
                _ => serde_json::Value::String(raw.to_owned()),
            },
        }
    }
}

/// A struct usable as `Query<T>`: an `#[resourcery::object]` whose members are plain
/// values (text, numbers, booleans, dates, enums, each optional or not).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a query",
    label = "not declared with `#[resourcery::object]`",
    note = "declare the query type with `#[resourcery::object]`; its members become the query parameters"
)]
pub trait QueryParams: DeserializeOwned + Validate + FieldType {
    /// How the member `name` is read from text, or `None` when there is no such member.
    #[doc(hidden)]
    fn member(name: &str) -> Option<ParamKind>;

    /// The query of an endpoint's request, through the trait so a mistake is reported once.
    #[doc(hidden)]
    fn from_call(call: &Call) -> Result<Query<Self>, Problem> {
        call.query::<Self>()
    }

    /// Documents the members as query parameters.
    #[doc(hidden)]
    fn document(doc: Doc) -> Doc {
        doc.query::<Self>()
    }
}

/// A type a path parameter can have.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a path parameter",
    label = "unsupported path parameter type",
    note = "path parameters are `Uuid`, `String`, `i32`, `i64`, `u32`, `u64`, `bool` or `NaiveDate`"
)]
pub trait PathParam: FieldType {
    /// How the parameter is described when it does not parse.
    #[doc(hidden)]
    const EXPECTED: &'static str;
    /// Parses the raw segment.
    #[doc(hidden)]
    fn parse(raw: &str) -> Option<Self>;
}

macro_rules! path_params {
    ($($ty:ty => $expected:literal;)*) => {$(
        impl PathParam for $ty {
            const EXPECTED: &'static str = $expected;
            fn parse(raw: &str) -> Option<Self> {
                <$ty as FromStr>::from_str(raw).ok()
            }
        }
    )*};
}

path_params! {
    uuid::Uuid => "a UUID";
    String => "text";
    i32 => "a 32-bit integer";
    i64 => "a 64-bit integer";
    bool => "`true` or `false`";
    chrono::NaiveDate => "a date (YYYY-MM-DD)";
}

/// The query string of a request, decoded into an `#[resourcery::object]` and validated.
/// A value that does not parse is a `400` naming the parameter; a broken rule is the usual
/// validation problem.
#[derive(Debug, Clone)]
pub struct Query<T>(pub T);

/// A JSON request body, decoded into an `#[resourcery::object]` and validated like a
/// resource's.
#[derive(Debug, Clone)]
pub struct Json<T>(pub T);

/// A value registered with [`Api::state`](crate::api::Api::state), cloned per request.
#[derive(Debug, Clone)]
pub struct State<T>(pub T);

macro_rules! deref {
    ($($wrapper:ident),*) => {$(
        impl<T> std::ops::Deref for $wrapper<T> {
            type Target = T;
            fn deref(&self) -> &T {
                &self.0
            }
        }
    )*};
}

deref!(Query, Json, State);

pub use doc::Doc;
pub use reply::{
    Created, NoContent, Outcome, Reply, ReplyBody, resource_location, resource_schema,
};

/// The method of an endpoint, as axum filters it.
pub(crate) fn method(meta: &EndpointMeta) -> Method {
    Method::from_bytes(meta.method.as_bytes()).unwrap_or(Method::GET)
}

/// Values registered with `Api::state`, by type.
pub(crate) type States = HashMap<TypeId, Arc<dyn Any + Send + Sync>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_typed_only_when_they_parse() {
        assert_eq!(ParamKind::Number.value("42"), serde_json::json!(42));
        assert_eq!(ParamKind::Number.value("4.5"), serde_json::json!(4.5));
        assert_eq!(ParamKind::Number.value("x"), serde_json::json!("x"));
        assert_eq!(ParamKind::Bool.value("true"), serde_json::json!(true));
        assert_eq!(ParamKind::Bool.value("yes"), serde_json::json!("yes"));
        assert_eq!(ParamKind::Text.value("42"), serde_json::json!("42"));
    }
}

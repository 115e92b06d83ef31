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
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::ser::{Serialize, Serializer};
use utoipa::openapi::path::{Operation, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, Schema};
use utoipa::openapi::{ContentBuilder, Deprecated, RefOr, Required};

use crate::db::Db;
use crate::db::field::FieldType;
use crate::openapi::{json_response, problem_response};
use crate::problem::{Problem, ProblemType, ProblemTypes};
use crate::routes::Shared;
use crate::routes::resource::Resource;
use crate::routes::transition::hook::TransitionBody;
use crate::routes::tx::Tx;
use crate::validate::Validate;

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

/// `201 Created` with the value, and a `Location` header when it is a resource.
#[derive(Debug, Clone)]
pub struct Created<T>(pub T);

/// `204 No Content`.
#[derive(Debug, Clone, Copy)]
pub struct NoContent;

/// A successful result of a function endpoint: [`Created`], [`NoContent`], or a
/// [`ReplyBody`] sent with the attribute's `status`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the success value of an endpoint",
    label = "not a response type",
    note = "return `Created<T>`, `NoContent`, or a resource, an `#[resourcery::object]`, a plain value or a `Vec` of these"
)]
pub trait Reply: Send {
    /// The status, when the type decides it.
    #[doc(hidden)]
    const STATUS: Option<u16>;
    /// The body's schema, or `None` without a body.
    #[doc(hidden)]
    fn schema() -> Option<RefOr<Schema>>;
    /// The response.
    #[doc(hidden)]
    fn into_reply(self, status: StatusCode) -> Response;
}

/// A value sent as a JSON response body, with its schema.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent as a response body",
    label = "no response schema",
    note = "send a resource, an `#[resourcery::object]`, a `#[derive(Enum)]`, a plain value (String, integers, floats, bool, Uuid, DateTime<Utc>, NaiveDate, JsonValue), or a `Vec` or `Option` of these"
)]
pub trait ReplyBody: Send {
    /// The schema, inline or a reference to a component.
    #[doc(hidden)]
    fn reply_schema() -> RefOr<Schema>;
    /// Writes the value as JSON.
    #[doc(hidden)]
    fn serialize_reply<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Where the value lives, for `Created`: `{path}/{id}` for a resource.
    #[doc(hidden)]
    fn location(&self) -> Option<String> {
        None
    }
}

struct AsJson<'a, T>(&'a T);

impl<T: ReplyBody> Serialize for AsJson<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_reply(serializer)
    }
}

fn json_body<T: ReplyBody>(value: &T, status: StatusCode) -> Response {
    crate::routes::crud::json_response(status, &AsJson(value))
}

impl<T: ReplyBody> Reply for T {
    const STATUS: Option<u16> = None;
    fn schema() -> Option<RefOr<Schema>> {
        Some(T::reply_schema())
    }
    fn into_reply(self, status: StatusCode) -> Response {
        json_body(&self, status)
    }
}

impl<T: ReplyBody> Reply for Created<T> {
    const STATUS: Option<u16> = Some(201);
    fn schema() -> Option<RefOr<Schema>> {
        Some(T::reply_schema())
    }
    fn into_reply(self, _: StatusCode) -> Response {
        let mut response = json_body(&self.0, StatusCode::CREATED);
        if let Some(location) = self.0.location()
            && let Ok(value) = HeaderValue::from_str(&location)
        {
            response.headers_mut().insert(header::LOCATION, value);
        }
        response
    }
}

impl Reply for NoContent {
    const STATUS: Option<u16> = Some(204);
    fn schema() -> Option<RefOr<Schema>> {
        None
    }
    fn into_reply(self, _: StatusCode) -> Response {
        StatusCode::NO_CONTENT.into_response()
    }
}

/// `impl ReplyBody` for a [`FieldType`]: its own schema and serde. Generated code uses it
/// for `#[object]` structs and `#[derive(Enum)]` enums.
#[doc(hidden)]
#[macro_export]
macro_rules! field_reply {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::__private::ReplyBody for $ty {
            fn reply_schema() -> $crate::__private::utoipa::openapi::RefOr<
                $crate::__private::utoipa::openapi::schema::Schema,
            > {
                $crate::__private::utoipa::openapi::RefOr::T(<$ty as $crate::FieldType>::schema())
            }
            fn serialize_reply<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serde::Serialize::serialize(self, serializer)
            }
        }
    )*};
}

field_reply!(
    String,
    bool,
    i16,
    i32,
    i64,
    f32,
    f64,
    uuid::Uuid,
    chrono::DateTime<chrono::Utc>,
    chrono::NaiveDate,
    serde_json::Value
);

impl<T: ReplyBody> ReplyBody for Vec<T> {
    fn reply_schema() -> RefOr<Schema> {
        RefOr::T(Schema::Array(
            ArrayBuilder::new().items(T::reply_schema()).build(),
        ))
    }
    fn serialize_reply<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(AsJson))
    }
}

impl<T: ReplyBody + Sync> ReplyBody for Option<T> {
    fn reply_schema() -> RefOr<Schema> {
        match T::reply_schema() {
            RefOr::T(schema) => RefOr::T(crate::openapi::nullable(schema)),
            reference => reference,
        }
    }
    fn serialize_reply<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.serialize_reply(serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// A resource as a response body: its response schema and shape, and its location.
#[doc(hidden)]
pub fn resource_schema<R: Resource>() -> RefOr<Schema> {
    crate::openapi::schema_ref(R::META.name)
}

/// The location of a resource row.
#[doc(hidden)]
pub fn resource_location<R: Resource>(row: &R) -> String {
    format!("{}/{}", R::META.path.trim_end_matches('/'), row.id())
}

/// What a function can return: `Result<T, E>` with `T: Reply` and `E: Into<Problem>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned from an endpoint",
    label = "not `Result<T, E>` with a response type `T` and an error `E: Into<Problem>`",
    note = "return `Result<T, E>`: `T` is `Created<_>`, `NoContent` or a response body; `E` is `resourcery::Problem` or an enum with `#[derive(resourcery::Problem)]`"
)]
pub trait Outcome {
    /// The success type.
    type Ok: Reply;
    /// The problem types the error can be (none listed for a bare `Problem`).
    #[doc(hidden)]
    fn problem_types() -> &'static [ProblemType];
    /// The result with the error as a problem.
    #[doc(hidden)]
    fn into_result(self) -> Result<Self::Ok, Problem>;

    /// The finished operation, through the trait so a mistake is reported once.
    #[doc(hidden)]
    fn document(doc: Doc) -> Operation
    where
        Self: Sized,
    {
        doc.returns::<Self>()
    }
}

impl<T: Reply, E: Into<Problem> + ProblemTypes> Outcome for Result<T, E> {
    type Ok = T;
    fn problem_types() -> &'static [ProblemType] {
        E::TYPES
    }
    fn into_result(self) -> Result<T, Problem> {
        self.map_err(Into::into)
    }
}

/// A bare `Problem` may be any type; none is documented for it beyond the extractors'.
impl ProblemTypes for Problem {
    const TYPES: &'static [ProblemType] = &[];
}

/// Builds the OpenAPI operation of a function endpoint from its declaration and types.
#[doc(hidden)]
pub struct Doc {
    meta: &'static EndpointMeta,
    operation: OperationBuilder,
    /// Status -> why, in the order added; merged per status.
    problems: Vec<(u16, ProblemType, String)>,
}

impl Doc {
    pub fn new(meta: &'static EndpointMeta) -> Doc {
        let mut operation = OperationBuilder::new()
            .tag(meta.tag)
            .operation_id(Some(camel_case(meta.name)));
        if !meta.summary.is_empty() {
            operation = operation.summary(Some(meta.summary));
        }
        let mut description = meta.description.to_owned();
        if !meta.roles.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&format!("Declared for roles: {}.", meta.roles.join(", ")));
        }
        if !description.is_empty() {
            operation = operation.description(Some(description));
        }
        if meta.deprecated {
            operation = operation.deprecated(Some(Deprecated::True));
        }
        Doc {
            meta,
            operation,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, kind: ProblemType, why: &str) {
        self.problems.push((kind.status, kind, why.to_owned()));
    }

    /// A path parameter of type `T`.
    pub fn path<T: PathParam>(mut self, name: &str) -> Doc {
        self.operation = self.operation.parameter(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(T::schema())),
        );
        self.problem(
            ProblemType::MALFORMED_REQUEST,
            &format!("`{name}` is not {}.", T::EXPECTED),
        );
        self
    }

    /// The members of `T` as query parameters.
    pub fn query<T: QueryParams>(mut self) -> Doc {
        if let Schema::Object(object) = T::schema() {
            for (name, schema) in object.properties {
                let required = object.required.contains(&name);
                let description = match &schema {
                    RefOr::T(Schema::Object(o)) => o.description.clone(),
                    _ => None,
                };
                // An absent parameter is the `None` of an optional member; a query string
                // has no null.
                let schema = match schema {
                    RefOr::T(schema) => RefOr::T(not_null(schema)),
                    reference => reference,
                };
                self.operation = self.operation.parameter(
                    ParameterBuilder::new()
                        .name(name)
                        .parameter_in(ParameterIn::Query)
                        .required(if required {
                            Required::True
                        } else {
                            Required::False
                        })
                        .description(description)
                        .schema(Some(schema)),
                );
            }
        }
        self.problem(
            ProblemType::MALFORMED_REQUEST,
            "a query parameter is unknown, repeated or not of its type.",
        );
        self.problem(
            ProblemType::VALIDATION_ERROR,
            "a query parameter breaks a declared constraint; `errors` lists every violation.",
        );
        self
    }

    /// A JSON body of type `T`.
    pub fn body<T: TransitionBody>(mut self) -> Doc {
        self.operation = self.operation.request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(T::schema())).build(),
                )
                .build(),
        ));
        self.problem(ProblemType::MALFORMED_REQUEST, "the body is not JSON.");
        self.problem(
            ProblemType::PAYLOAD_TOO_LARGE,
            "the body is over the size limit.",
        );
        self.problem(
            ProblemType::UNSUPPORTED_MEDIA_TYPE,
            "the body is not `application/json`.",
        );
        self.problem(
            ProblemType::VALIDATION_ERROR,
            "the body breaks a declared constraint, or a member is missing, has the wrong type or is unknown; `errors` lists every violation.",
        );
        self
    }

    /// The problem types of `E`, declared with `problems(E)`.
    pub fn problems<E: ProblemTypes>(mut self) -> Doc {
        for kind in E::TYPES {
            self.problems
                .push((kind.status, *kind, kind.description.to_owned()));
        }
        self
    }

    /// The function reads or writes the database.
    pub fn database(mut self) -> Doc {
        self.problem(
            ProblemType::SERVICE_UNAVAILABLE,
            "the database is unreachable.",
        );
        self
    }

    /// The success response and the error's problem types; the finished operation.
    pub fn returns<O: Outcome>(mut self) -> Operation {
        let status = <O::Ok as Reply>::STATUS.unwrap_or(self.meta.status);
        let description = match status {
            201 => "Created.",
            204 => "No content.",
            _ => "Success.",
        };
        let success = match <O::Ok as Reply>::schema() {
            Some(schema) => json_response(description, schema).build(),
            None => utoipa::openapi::ResponseBuilder::new()
                .description(description)
                .build(),
        };
        for kind in O::problem_types() {
            self.problems
                .push((kind.status, *kind, kind.description.to_owned()));
        }
        self.problem(
            ProblemType::INTERNAL_ERROR,
            "the server failed; see the logs under the request id.",
        );
        let mut operation = self.operation.response(status.to_string(), success);
        let mut statuses: Vec<u16> = self.problems.iter().map(|(s, _, _)| *s).collect();
        statuses.sort_unstable();
        statuses.dedup();
        for status in statuses {
            let mut here: Vec<&(u16, ProblemType, String)> = self
                .problems
                .iter()
                .filter(|(s, _, _)| *s == status)
                .collect();
            let first = here[0].1;
            here.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
            let mut why = String::new();
            for (_, kind, text) in &here {
                if !why.is_empty() {
                    why.push(' ');
                }
                // The response is described as its first type; others say which they are.
                if *kind == first {
                    why.push_str(text.trim_end());
                } else {
                    why.push_str(&format!(
                        "Or {} (`{}`): {}",
                        kind.title,
                        kind.slug,
                        text.trim_end()
                    ));
                }
            }
            operation = operation.response(status.to_string(), problem_response(first, &why));
        }
        operation.build()
    }
}

/// The schema without `null` among its types or values.
fn not_null(schema: Schema) -> Schema {
    use utoipa::openapi::schema::{SchemaType, Type};
    match schema {
        Schema::Object(mut object) => {
            if let SchemaType::Array(types) = &object.schema_type {
                let kept: Vec<Type> = types
                    .iter()
                    .filter(|t| **t != Type::Null)
                    .cloned()
                    .collect();
                object.schema_type = match kept.as_slice() {
                    [one] => SchemaType::Type(one.clone()),
                    _ => SchemaType::Array(kept),
                };
            }
            if let Some(values) = &mut object.enum_values {
                values.retain(|v| !v.is_null());
            }
            Schema::Object(object)
        }
        other => other,
    }
}

/// `refund_order` -> `refundOrder`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.trim_start_matches("r#").chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

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
    fn operation_ids_are_camel_case() {
        assert_eq!(camel_case("refund_order"), "refundOrder");
        assert_eq!(camel_case("sales"), "sales");
        assert_eq!(camel_case("r#type"), "type");
        assert_eq!(camel_case("_private_thing"), "privateThing");
    }

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

//! What an endpoint answers: the success value's response (a body, `Created<T>` with its
//! `Location`, `NoContent`), its schema, and `Result<T, E>` as an outcome whose problem
//! types are documented.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::ser::{Serialize, Serializer};
use utoipa::openapi::RefOr;
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{ArrayBuilder, Schema};

use super::Doc;
use crate::problem::{Problem, ProblemType, ProblemTypes};
use crate::routes::resource::Resource;

/// `201 Created` with the value, and a `Location` header when it is a resource.
///
/// ```
/// use resourcery::prelude::*;
///
/// #[resource(path = "/tags", operations(get))]
/// pub struct Tag {
///     #[field(id)]
///     pub id: Uuid,
///     pub name: String,
/// }
///
/// /// Adds a tag by name; answers `201` with `Location: /tags/{id}`.
/// #[resourcery::endpoint(post, "/tags/by-name/{name}")]
/// async fn add_tag(name: String, db: Db) -> Result<Created<Tag>, Problem> {
///     let tag = Tag { id: Uuid::now_v7(), name };
///     db.insert(&tag).await?;
///     Ok(Created(tag))
/// }
///
/// /// Forgets every tag; answers `204`.
/// #[resourcery::endpoint(delete, "/tags", roles("admin"))]
/// async fn forget_tags() -> Result<NoContent, Problem> {
///     Ok(NoContent)
/// }
///
/// # async fn run(db: Db) -> Result<(), resourcery::Error> {
/// let router = Api::new(db)
///     .resource::<Tag>()
///     .endpoint::<add_tag>()
///     .endpoint::<forget_tags>()
///     .into_router()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Created<T>(pub T);

/// `204 No Content`; see [`Created`] for an example.
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

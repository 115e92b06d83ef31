//! What generated code uses, and nothing else should: the runtime's entry points for the
//! macros' expansions and the crates they name. Not public API: it changes without notice.

// What generated code names, from the layer each comes from: generated code reaches the
// runtime through these paths only (`::resourcery::__private::...`), never the root.
pub use crate::auth::scope::{ScopeKey, ScopeValue};
pub use crate::db::field::{FieldType, Patch};
pub use crate::db::{Args, Db, RowAccess, now};
pub use crate::http::json::{decode_member, missing_member, null_member, unknown_member};
pub use crate::http::timestamp::{Rfc3339, Rfc3339Opt};
pub use crate::model::access::{AccessRules, Allow};
pub use crate::model::state::{Graph, StateMeta, TransitionMeta};
pub use crate::model::{Access, Auto, FieldMeta, ListOptions, Operations, ResourceMeta, SqlType};
pub use crate::openapi::{ObjectField, object_schema};
pub use crate::problem::{Problem, ProblemType, ProblemTypes};
pub use crate::routes::endpoint::{
    Call, Doc, Endpoint, EndpointMeta, Outcome, ParamKind, PathParam, QueryParams, Reply,
    ReplyBody, resource_location, resource_schema, respond, settle,
};
pub use crate::routes::resource::Resource;
pub use crate::routes::transition::hook::{
    Hook, JsonBody, Step, StepBuilder, Transition, TransitionBody,
};
pub use crate::routes::transition::machine::StateMachine;
pub use crate::sql::resource::Statements;
pub use crate::sql::value::SqlValue;
pub use crate::validate::{
    Bound, Invalid, Literal, Number, Params, Pointer, Rule, Validate, Violation, Violations,
};
pub use crate::validate::{custom, each_rules, float, int, items, text, unique_items};
pub use crate::{field_reply, json_storage, native_storage};
pub use axum;
pub use chrono;
pub use chrono::{DateTime, Utc};
pub use regex;
pub use serde;
pub use serde_json;
pub use sqlx;
pub use utoipa;
pub use uuid;
pub use uuid::Uuid;

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
    type Type: crate::db::field::FieldType;
}

impl<T: crate::db::field::FieldType> Checked for T {
    type Type = T;
}

/// The cursor a list request with `query` would return to continue after the row whose
/// response JSON is `row` (for benchmarks and tests that start deep in a table).
pub fn cursor_after<R: crate::routes::resource::Resource>(
    secret: &[u8],
    query: &str,
    row: &serde_json::Value,
) -> Option<String> {
    let key = crate::list::cursor::CursorKey::default();
    key.set(secret);
    let plan = crate::list::ListPlan::new(&R::META, std::sync::Arc::new(key));
    let parsed = crate::list::parse(&plan, query).ok()?;
    let keys = parsed
        .sort
        .iter()
        .map(|k| {
            let field = &R::META.fields[k.field];
            SqlValue::from_json(field.sql_type, row.get(field.name)?)
        })
        .collect::<Option<Vec<_>>>()?;
    Some(crate::list::cursor::encode(
        &plan,
        &parsed.signature,
        crate::list::cursor::Direction::After,
        &keys,
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
pub fn field_ref<T: crate::db::field::FieldType>(value: &T) -> &T {
    value
}

/// A nullable field value, seen as a field type (see [`Checked`]).
pub fn field_ref_opt<T: crate::db::field::FieldType>(value: &Option<T>) -> &Option<T> {
    value
}

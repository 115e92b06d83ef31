//! Field types: what a resource field may be, how it is stored on each backend and how it
//! is documented.
//!
//! [`FieldType`] bundles every capability a field needs (JSON in and out, encoding and
//! decoding on SQLite and PostgreSQL, a column type, a schema), so the `#[resource]` macro
//! checks one bound per field and the compiler reports an unsupported type at the field,
//! not deep inside sqlx.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};
use utoipa::openapi::schema::{
    KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type as JsonType,
};

use crate::db::Backend;

/// The storage class of a field, mapped to a column type per backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlType {
    /// `BOOLEAN`.
    Bool,
    /// 16-bit integer.
    SmallInt,
    /// 32-bit integer.
    Int,
    /// 64-bit integer.
    BigInt,
    /// 32-bit float.
    Real,
    /// 64-bit float.
    Double,
    /// Text (also fieldless enums).
    Text,
    /// UUID: native on PostgreSQL, a 16-byte BLOB on SQLite.
    Uuid,
    /// Instant in UTC: `TIMESTAMPTZ` on PostgreSQL, RFC 3339 text on SQLite.
    Timestamp,
    /// Calendar date.
    Date,
    /// Arbitrary JSON: `JSONB` on PostgreSQL, text on SQLite.
    Json,
}

impl SqlType {
    /// The column type used in DDL for `backend`.
    pub fn column_type(self, backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => match self {
                SqlType::Bool => "BOOLEAN",
                SqlType::SmallInt | SqlType::Int | SqlType::BigInt => "INTEGER",
                SqlType::Real | SqlType::Double => "REAL",
                SqlType::Uuid => "BLOB",
                SqlType::Text | SqlType::Timestamp | SqlType::Date | SqlType::Json => "TEXT",
            },
            Backend::Postgres => match self {
                SqlType::Bool => "BOOLEAN",
                SqlType::SmallInt => "SMALLINT",
                SqlType::Int => "INTEGER",
                SqlType::BigInt => "BIGINT",
                SqlType::Real => "REAL",
                SqlType::Double => "DOUBLE PRECISION",
                SqlType::Text => "TEXT",
                SqlType::Uuid => "UUID",
                SqlType::Timestamp => "TIMESTAMPTZ",
                SqlType::Date => "DATE",
                SqlType::Json => "JSONB",
            },
        }
    }
}

/// A type that can be a `#[resource]` field.
///
/// Implemented for `String`, `bool`, `i16`, `i32`, `i64`, `f32`, `f64`, [`Uuid`](crate::Uuid),
/// [`DateTime<Utc>`](crate::DateTime), [`NaiveDate`](crate::NaiveDate) and
/// `serde_json::Value`; `#[derive(resourcery::Enum)]` implements it for fieldless enums.
/// Nullable fields are written `Option<T>` with `T: FieldType`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the type of a resource field",
    label = "unsupported field type",
    note = "supported: String, bool, i16, i32, i64, f32, f64, Uuid, DateTime<Utc>, NaiveDate, serde_json::Value, Option of these, and fieldless enums with `#[derive(resourcery::Enum)]`"
)]
pub trait FieldType:
    Sized
    + Send
    + Sync
    + Unpin
    + 'static
    + Serialize
    + DeserializeOwned
    + Type<Sqlite>
    + for<'q> Encode<'q, Sqlite>
    + for<'r> Decode<'r, Sqlite>
    + Type<Postgres>
    + for<'q> Encode<'q, Postgres>
    + for<'r> Decode<'r, Postgres>
{
    /// How the field is stored.
    const SQL_TYPE: SqlType;

    /// The JSON Schema of the field's values (without nullability).
    fn schema() -> Schema;
}

fn typed(ty: JsonType, format: Option<KnownFormat>) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(ty))
        .format(format.map(SchemaFormat::KnownFormat))
}

macro_rules! field_types {
    ($($ty:ty => $sql:ident, $schema:expr;)*) => {$(
        impl FieldType for $ty {
            const SQL_TYPE: SqlType = SqlType::$sql;
            fn schema() -> Schema {
                Schema::Object($schema.build())
            }
        }
    )*};
}

field_types! {
    String => Text, typed(JsonType::String, None);
    bool => Bool, typed(JsonType::Boolean, None);
    i16 => SmallInt, typed(JsonType::Integer, Some(KnownFormat::Int32)).minimum(Some(i16::MIN)).maximum(Some(i16::MAX));
    i32 => Int, typed(JsonType::Integer, Some(KnownFormat::Int32));
    i64 => BigInt, typed(JsonType::Integer, Some(KnownFormat::Int64));
    f32 => Real, typed(JsonType::Number, Some(KnownFormat::Float));
    f64 => Double, typed(JsonType::Number, Some(KnownFormat::Double));
    uuid::Uuid => Uuid, ObjectBuilder::new().schema_type(SchemaType::Type(JsonType::String)).format(Some(SchemaFormat::Custom("uuid".into())));
    chrono::DateTime<chrono::Utc> => Timestamp, typed(JsonType::String, Some(KnownFormat::DateTime));
    chrono::NaiveDate => Date, typed(JsonType::String, Some(KnownFormat::Date));
    serde_json::Value => Json, ObjectBuilder::new().schema_type(SchemaType::AnyValue);
}

/// One field of a partial update (`PATCH`): absent, explicitly `null`, or a value.
///
/// Absent fields keep their stored value; `null` clears a nullable field and is rejected
/// for a required one.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Patch<T> {
    /// The field was not in the body.
    #[default]
    Absent,
    /// The field was `null`.
    Null,
    /// The field carried a value.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the body mentioned the field at all.
    pub fn is_present(&self) -> bool {
        !matches!(self, Patch::Absent)
    }

    /// The sent value, if any.
    pub fn value(&self) -> Option<&T> {
        match self {
            Patch::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Patch::Null, Patch::Value))
    }
}

//! Field types: what a resource field may be, how it is stored on each backend and how it
//! is documented.
//!
//! [`FieldType`] bundles every capability a field needs (JSON in and out, encoding and
//! decoding on SQLite and PostgreSQL, a column type, a schema, nested validation), so the
//! `#[resource]` macro checks one bound per field and the compiler reports an unsupported
//! type at the field, not deep inside sqlx.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use utoipa::openapi::schema::{
    ArrayBuilder, ArrayItems, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType,
    Type as JsonType,
};

use utoipa::openapi::RefOr;

use crate::model::SqlType;
use crate::sql::value::SqlValue;
use crate::validate::{Pointer, Violations};

/// The pattern of every string without a pattern of its own: no NUL character, which
/// PostgreSQL text cannot hold and both backends refuse alike.
pub(crate) const NO_NUL: &str = "^[^\\u0000]*$";

/// A type that can be a `#[resource]` field.
///
/// Implemented for `String`, `bool`, `i16`, `i32`, `i64`, `f32`, `f64`, [`Uuid`](uuid::Uuid),
/// [`DateTime<Utc>`](chrono::DateTime), [`NaiveDate`](chrono::NaiveDate),
/// `serde_json::Value` and `Vec<T>` of any of them (stored as JSON);
/// `#[derive(resourcery::Enum)]` implements it for fieldless enums (stored as text) and
/// `#[resourcery::object]` for structs (stored as JSON). Nullable fields are written
/// `Option<T>` with `T: FieldType`.
///
/// The storage methods are hidden: they are written by the macros, through
/// [`native_storage!`](crate::__private::native_storage) for types sqlx encodes itself and
/// [`json_storage!`](crate::__private::json_storage) for types stored as JSON.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the type of a resource field",
    label = "unsupported field type",
    note = "supported: String, bool, i16, i32, i64, f32, f64, Uuid, DateTime<Utc>, NaiveDate, serde_json::Value, Vec of these, Option of these, fieldless enums with `#[derive(resourcery::Enum)]` and structs with `#[resourcery::object]`"
)]
pub trait FieldType: Sized + Send + Sync + Unpin + 'static + Serialize + DeserializeOwned {
    /// How the field is stored.
    #[doc(hidden)]
    const SQL_TYPE: SqlType;

    /// The JSON Schema of the field's values (without nullability).
    #[doc(hidden)]
    fn schema() -> Schema;

    /// The wire names of an enum's values, for list filters; `None` for other types.
    #[doc(hidden)]
    const VALUES: Option<&'static [&'static str]> = None;

    /// The value as a sort key of a list cursor; `None` for types that cannot be sorted.
    #[doc(hidden)]
    fn sort_key(&self) -> Option<SqlValue> {
        None
    }

    /// Records the violations of the value's own nested rules (an `#[object]`'s fields,
    /// each item of a list of objects). Scalars have none.
    #[doc(hidden)]
    fn check_nested(&self, at: &Pointer<'_>, out: &mut Violations) {
        let _ = (at, out);
    }

    #[doc(hidden)]
    fn bind_sqlite<'q>(
        value: Option<&'q Self>,
        args: &mut SqliteArguments<'q>,
    ) -> Result<(), BoxDynError>;
    #[doc(hidden)]
    fn bind_postgres(value: Option<&Self>, args: &mut PgArguments) -> Result<(), BoxDynError>;
    #[doc(hidden)]
    fn decode_sqlite(row: &SqliteRow, index: usize) -> Result<Option<Self>, sqlx::Error>;
    #[doc(hidden)]
    fn decode_postgres(row: &PgRow, index: usize) -> Result<Option<Self>, sqlx::Error>;
}

/// The storage methods of a [`FieldType`] that sqlx encodes natively on both backends.
#[doc(hidden)]
#[macro_export]
macro_rules! native_storage {
    () => {
        fn bind_sqlite<'q>(
            value: ::core::option::Option<&'q Self>,
            args: &mut $crate::__private::sqlx::sqlite::SqliteArguments<'q>,
        ) -> ::core::result::Result<(), $crate::__private::sqlx::error::BoxDynError> {
            $crate::__private::sqlx::Arguments::add(args, value)
        }
        fn bind_postgres(
            value: ::core::option::Option<&Self>,
            args: &mut $crate::__private::sqlx::postgres::PgArguments,
        ) -> ::core::result::Result<(), $crate::__private::sqlx::error::BoxDynError> {
            $crate::__private::sqlx::Arguments::add(args, value)
        }
        fn decode_sqlite(
            row: &$crate::__private::sqlx::sqlite::SqliteRow,
            index: usize,
        ) -> ::core::result::Result<::core::option::Option<Self>, $crate::__private::sqlx::Error> {
            $crate::__private::sqlx::Row::try_get(row, index)
        }
        fn decode_postgres(
            row: &$crate::__private::sqlx::postgres::PgRow,
            index: usize,
        ) -> ::core::result::Result<::core::option::Option<Self>, $crate::__private::sqlx::Error> {
            $crate::__private::sqlx::Row::try_get(row, index)
        }
    };
}

/// The storage methods of a [`FieldType`] stored as JSON (`JSONB` on PostgreSQL, text on
/// SQLite).
#[doc(hidden)]
#[macro_export]
macro_rules! json_storage {
    () => {
        fn bind_sqlite<'q>(
            value: ::core::option::Option<&'q Self>,
            args: &mut $crate::__private::sqlx::sqlite::SqliteArguments<'q>,
        ) -> ::core::result::Result<(), $crate::__private::sqlx::error::BoxDynError> {
            $crate::__private::sqlx::Arguments::add(
                args,
                value.map($crate::__private::sqlx::types::Json),
            )
        }
        fn bind_postgres(
            value: ::core::option::Option<&Self>,
            args: &mut $crate::__private::sqlx::postgres::PgArguments,
        ) -> ::core::result::Result<(), $crate::__private::sqlx::error::BoxDynError> {
            $crate::__private::sqlx::Arguments::add(
                args,
                value.map($crate::__private::sqlx::types::Json),
            )
        }
        fn decode_sqlite(
            row: &$crate::__private::sqlx::sqlite::SqliteRow,
            index: usize,
        ) -> ::core::result::Result<::core::option::Option<Self>, $crate::__private::sqlx::Error> {
            let value: ::core::option::Option<$crate::__private::sqlx::types::Json<Self>> =
                $crate::__private::sqlx::Row::try_get(row, index)?;
            ::core::result::Result::Ok(value.map(|json| json.0))
        }
        fn decode_postgres(
            row: &$crate::__private::sqlx::postgres::PgRow,
            index: usize,
        ) -> ::core::result::Result<::core::option::Option<Self>, $crate::__private::sqlx::Error> {
            let value: ::core::option::Option<$crate::__private::sqlx::types::Json<Self>> =
                $crate::__private::sqlx::Row::try_get(row, index)?;
            ::core::result::Result::Ok(value.map(|json| json.0))
        }
    };
}

fn typed(ty: JsonType, format: Option<KnownFormat>) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(ty))
        .format(format.map(SchemaFormat::KnownFormat))
}

macro_rules! field_types {
    ($($ty:ty => $sql:ident, $schema:expr, $key:expr;)*) => {$(
        impl FieldType for $ty {
            const SQL_TYPE: SqlType = SqlType::$sql;
            fn schema() -> Schema {
                Schema::Object($schema.build())
            }
            fn sort_key(&self) -> Option<SqlValue> {
                let key: fn(&$ty) -> Option<SqlValue> = $key;
                key(self)
            }
            crate::native_storage!();
        }
    )*};
}

field_types! {
    // PostgreSQL text cannot hold NUL, so no string may: the pattern says so (a field's own
    // `pattern` replaces it).
    String => Text, typed(JsonType::String, None).pattern(Some(NO_NUL)), |v| Some(SqlValue::Text(v.clone()));
    bool => Bool, typed(JsonType::Boolean, None), |v| Some(SqlValue::Bool(*v));
    i16 => SmallInt, typed(JsonType::Integer, Some(KnownFormat::Int32)).minimum(Some(i16::MIN)).maximum(Some(i16::MAX)), |v| Some(SqlValue::Int(i64::from(*v)));
    i32 => Int, typed(JsonType::Integer, Some(KnownFormat::Int32)), |v| Some(SqlValue::Int(i64::from(*v)));
    i64 => BigInt, typed(JsonType::Integer, Some(KnownFormat::Int64)), |v| Some(SqlValue::Int(*v));
    f32 => Real, typed(JsonType::Number, Some(KnownFormat::Float)), |v| Some(SqlValue::Real(*v));
    f64 => Double, typed(JsonType::Number, Some(KnownFormat::Double)), |v| Some(SqlValue::Float(*v));
    uuid::Uuid => Uuid, ObjectBuilder::new().schema_type(SchemaType::Type(JsonType::String)).format(Some(SchemaFormat::Custom("uuid".into()))), |v| Some(SqlValue::Uuid(*v));
    chrono::DateTime<chrono::Utc> => Timestamp, typed(JsonType::String, Some(KnownFormat::DateTime)), |v| Some(SqlValue::Timestamp(*v));
    chrono::NaiveDate => Date, typed(JsonType::String, Some(KnownFormat::Date)), |v| Some(SqlValue::Date(*v));
    serde_json::Value => Json, ObjectBuilder::new().schema_type(SchemaType::AnyValue), |_| None;
}

/// A list, stored as a JSON array; each item is checked against its own nested rules.
impl<T: FieldType> FieldType for Vec<T> {
    const SQL_TYPE: SqlType = SqlType::Json;

    fn schema() -> Schema {
        Schema::Array(
            ArrayBuilder::new()
                .items(ArrayItems::RefOrSchema(Box::new(RefOr::T(T::schema()))))
                .build(),
        )
    }

    fn check_nested(&self, at: &Pointer<'_>, out: &mut Violations) {
        for (i, item) in self.iter().enumerate() {
            item.check_nested(&at.index(i), out);
        }
    }

    crate::json_storage!();
}

/// One field of a partial update (`PATCH`): absent, explicitly `null`, or a value.
///
/// Absent fields keep their stored value; `null` clears a nullable field and is rejected
/// for a required one.
///
/// ```
/// use resourcery::Patch;
///
/// let note: Patch<String> = serde_json::from_str(r#""leave at the door""#).unwrap();
/// assert_eq!(note.value().map(String::as_str), Some("leave at the door"));
/// let cleared: Patch<String> = serde_json::from_str("null").unwrap();
/// assert_eq!(cleared, Patch::Null);
/// assert!(!Patch::<String>::Absent.is_present());
/// ```
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

    /// Exchanges a sent value with a required field's: the field gets the patch's value
    /// and the patch the field's old one, so a second exchange undoes the first.
    #[doc(hidden)]
    pub fn swap_with(&mut self, field: &mut T) {
        if let Patch::Value(v) = self {
            std::mem::swap(field, v);
        }
    }

    /// [`swap_with`](Patch::swap_with) for a nullable field, where `null` is `None`.
    #[doc(hidden)]
    pub fn swap_with_nullable(&mut self, field: &mut Option<T>) {
        let sent = match std::mem::take(self) {
            Patch::Absent => return,
            Patch::Null => None,
            Patch::Value(v) => Some(v),
        };
        *self = std::mem::replace(field, sent).map_or(Patch::Null, Patch::Value);
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Patch::Null, Patch::Value))
    }
}

#[cfg(test)]
mod tests {
    use super::Patch;

    #[test]
    fn a_second_swap_undoes_the_first() {
        let mut field = 1;
        let mut patch = Patch::Value(2);
        patch.swap_with(&mut field);
        assert_eq!((field, &patch), (2, &Patch::Value(1)));
        patch.swap_with(&mut field);
        assert_eq!((field, &patch), (1, &Patch::Value(2)));

        let mut absent = Patch::Absent;
        absent.swap_with(&mut field);
        assert_eq!((field, &absent), (1, &Patch::Absent));
    }

    #[test]
    fn nullable_swaps_carry_null_both_ways() {
        for (stored, sent, merged) in [
            (Some(1), Patch::Value(2), Some(2)),
            (None, Patch::Value(2), Some(2)),
            (Some(1), Patch::Null, None),
            (None, Patch::Null, None),
            (Some(1), Patch::Absent, Some(1)),
            (None, Patch::Absent, None),
        ] {
            let (mut field, mut patch) = (stored, sent.clone());
            patch.swap_with_nullable(&mut field);
            assert_eq!(field, merged, "{stored:?} patched with {sent:?}");
            patch.swap_with_nullable(&mut field);
            assert_eq!((field, &patch), (stored, &sent), "undone");
            // The restored patch applies again to another row the same way.
            let mut other = Some(9);
            patch.swap_with_nullable(&mut other);
            let expected = if sent.is_present() { merged } else { Some(9) };
            assert_eq!(other, expected);
        }
    }
}

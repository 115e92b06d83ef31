//! Values bound into statements built per request (lists, scope predicates): parsed from
//! query text, cursors or claims, typed by the column they compare with.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use sqlx::Arguments;
use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteArguments;

use crate::model::SqlType;

/// A value bound into a list statement, parsed from a query parameter or a cursor, or
/// read from a row as a sort key (`FieldType::sort_key`).
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    /// A boolean.
    Bool(bool),
    /// Any integer column.
    Int(i64),
    /// A `REAL` (f32) column.
    Real(f32),
    /// A double-precision column.
    Float(f64),
    /// Text, and the wire name of an enum.
    Text(String),
    /// A UUID.
    Uuid(uuid::Uuid),
    /// An instant.
    Timestamp(DateTime<Utc>),
    /// A calendar date.
    Date(NaiveDate),
}

impl SqlValue {
    /// The value as a cursor stores it: the JSON that [`SqlValue::from_json`] reads back
    /// to this very value.
    pub(crate) fn to_json(&self) -> Value {
        match self {
            SqlValue::Bool(b) => Value::Bool(*b),
            SqlValue::Int(n) => Value::from(*n),
            // Widened exactly; `from_json` narrows back to the same f32.
            SqlValue::Real(f) => Value::from(f64::from(*f)),
            SqlValue::Float(f) => Value::from(*f),
            SqlValue::Text(s) => Value::String(s.clone()),
            SqlValue::Uuid(id) => Value::String(id.to_string()),
            SqlValue::Timestamp(t) => {
                Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            }
            SqlValue::Date(d) => Value::String(d.to_string()),
        }
    }

    /// Parses query-parameter text as a value of `ty`.
    pub(crate) fn parse(ty: SqlType, raw: &str) -> Option<SqlValue> {
        Some(match ty {
            SqlType::Bool => SqlValue::Bool(match raw {
                "true" => true,
                "false" => false,
                _ => return None,
            }),
            SqlType::SmallInt => SqlValue::Int(raw.parse::<i16>().ok()?.into()),
            SqlType::Int => SqlValue::Int(raw.parse::<i32>().ok()?.into()),
            SqlType::BigInt => SqlValue::Int(raw.parse().ok()?),
            // A REAL column holds an f32; comparing it with the f64 nearest the text would
            // miss (1.1f32 is 1.10000002...), so the value is narrowed the same way.
            SqlType::Real => SqlValue::Real(raw.parse::<f32>().ok().filter(|f| f.is_finite())?),
            SqlType::Double => SqlValue::Float(raw.parse::<f64>().ok().filter(|f| f.is_finite())?),
            SqlType::Text => SqlValue::Text(raw.to_owned()),
            SqlType::Uuid => SqlValue::Uuid(uuid::Uuid::try_parse(raw).ok()?),
            SqlType::Timestamp => {
                SqlValue::Timestamp(DateTime::parse_from_rfc3339(raw).ok()?.with_timezone(&Utc))
            }
            SqlType::Date => SqlValue::Date(raw.parse().ok()?),
            SqlType::Json => return None,
        })
    }

    /// Reads a value of `ty` from its JSON form (a response member, or a cursor key).
    pub(crate) fn from_json(ty: SqlType, value: &Value) -> Option<SqlValue> {
        match (ty, value) {
            (SqlType::Bool, Value::Bool(b)) => Some(SqlValue::Bool(*b)),
            (SqlType::SmallInt | SqlType::Int | SqlType::BigInt, Value::Number(n)) => {
                n.as_i64().map(SqlValue::Int)
            }
            #[allow(clippy::cast_possible_truncation)] // the JSON came from this f32 column
            (SqlType::Real, Value::Number(n)) => n.as_f64().map(|f| SqlValue::Real(f as f32)),
            (SqlType::Double, Value::Number(n)) => n.as_f64().map(SqlValue::Float),
            (_, Value::String(s)) if ty != SqlType::Bool => Self::parse(ty, s),
            _ => None,
        }
    }

    pub(crate) fn bind_sqlite<'q>(
        &'q self,
        args: &mut SqliteArguments<'q>,
    ) -> Result<(), sqlx::error::BoxDynError> {
        match self {
            SqlValue::Bool(v) => args.add(v),
            SqlValue::Int(v) => args.add(v),
            SqlValue::Real(v) => args.add(v),
            SqlValue::Float(v) => args.add(v),
            SqlValue::Text(v) => args.add(v.as_str()),
            SqlValue::Uuid(v) => args.add(v),
            SqlValue::Timestamp(v) => args.add(v),
            SqlValue::Date(v) => args.add(v),
        }
    }

    pub(crate) fn bind_pg(&self, args: &mut PgArguments) -> Result<(), sqlx::error::BoxDynError> {
        match self {
            SqlValue::Bool(v) => args.add(*v),
            SqlValue::Int(v) => args.add(*v),
            SqlValue::Real(v) => args.add(*v),
            SqlValue::Float(v) => args.add(*v),
            SqlValue::Text(v) => args.add(v.clone()),
            SqlValue::Uuid(v) => args.add(*v),
            SqlValue::Timestamp(v) => args.add(*v),
            SqlValue::Date(v) => args.add(*v),
        }
    }
}

//! Opaque keyset cursors.
//!
//! A cursor is base64url (RFC 4648 §5, unpadded) of a small JSON payload, version 1:
//! the direction, a digest of the sort and filters it was issued for, and the sort-key
//! values of the row it points past, followed by a 16-byte HMAC-SHA256 tag keyed by the
//! API's cursor secret. A cursor that does not decode, whose tag does not verify, or that
//! was issued for another sort or other filters is a 400 problem, never a wrong page. The
//! values inside are only ever bound as parameters, so even a forged cursor could do no
//! more than choose where a page starts.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde::ser::{self, Impossible, Serializer};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::list::{ListPlan, SortKey, SqlValue, param_problem};
use crate::problem::Problem;

const VERSION: u64 = 1;
const TAG_LEN: usize = 16;

/// Which side of the keyed row the page lies on.
pub(crate) use crate::sql::list::Direction;

/// A decoded, verified cursor.
#[derive(Debug)]
pub(crate) struct Cursor {
    pub(crate) direction: Direction,
    pub(crate) keys: Vec<SqlValue>,
}

/// Hex of the first 12 bytes of SHA-256 of a request's canonical sort and filters: what
/// a cursor is bound to. `query::parse` computes it once per request.
pub(crate) fn digest(canonical: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hash = Sha256::digest(canonical.as_bytes());
    let mut out = String::with_capacity(24);
    for b in &hash[..12] {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

fn mac(secret: &[u8]) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length")
}

/// The payload, members in the order cursors have always had them (sorted by name).
#[derive(Serialize)]
struct Payload<'a> {
    d: &'a str,
    k: &'a [Value],
    s: &'a str,
    v: u64,
}

/// A cursor pointing past `row` (anything that serializes as the response object, such
/// as the row itself or its response JSON), for a request whose sort and filters have
/// the digest `signature`.
pub(crate) fn encode<T: Serialize + ?Sized>(
    plan: &ListPlan,
    signature: &str,
    sort: &[SortKey],
    direction: Direction,
    row: &T,
) -> String {
    let names: Vec<&str> = sort
        .iter()
        .map(|k| plan.fields[k.field].meta.name)
        .collect();
    // Only the sort keys are turned into JSON, not the whole row.
    let keys = pick(row, &names);
    let d = if direction == Direction::After {
        "a"
    } else {
        "b"
    };
    let mut bytes = serde_json::to_vec(&Payload {
        d,
        k: &keys,
        s: signature,
        v: VERSION,
    })
    .unwrap_or_default();
    let mut m = mac(&plan.secret);
    m.update(&bytes);
    bytes.extend_from_slice(&m.finalize().into_bytes()[..TAG_LEN]);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The members `names` of `value`'s serialization as JSON (`null` where one is missing).
fn pick<T: Serialize + ?Sized>(value: &T, names: &[&str]) -> Vec<Value> {
    let mut picker = Picker {
        names,
        found: vec![Value::Null; names.len()],
        key: None,
    };
    let _ = value.serialize(&mut picker);
    picker.found
}

/// A serializer that keeps a few members of an object and skips the others unserialized.
struct Picker<'a> {
    names: &'a [&'a str],
    found: Vec<Value>,
    /// The slot of the map key just seen, when it is wanted.
    key: Option<usize>,
}

impl Picker<'_> {
    fn keep<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        if let Some(i) = self.names.iter().position(|n| *n == key) {
            self.found[i] = serde_json::to_value(value)?;
        }
        Ok(())
    }
}

/// Anything but an object or a struct is not a row.
macro_rules! not_a_row {
    ($($method:ident($($ty:ty),*);)*) => {$(
        fn $method(self, $(_: $ty),*) -> Result<(), serde_json::Error> {
            Err(ser::Error::custom("a row serializes as an object"))
        }
    )*};
}

impl Serializer for &mut Picker<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<(), serde_json::Error>;
    type SerializeTuple = Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), serde_json::Error>;

    not_a_row! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), serde_json::Error> {
        Err(ser::Error::custom("a row serializes as an object"))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, serde_json::Error> {
        Err(ser::Error::custom("a row serializes as an object"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, serde_json::Error> {
        Err(ser::Error::custom("a row serializes as an object"))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, serde_json::Error> {
        Err(ser::Error::custom("a row serializes as an object"))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(ser::Error::custom("a row serializes as an object"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self, serde_json::Error> {
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, serde_json::Error> {
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        Err(ser::Error::custom("a row serializes as an object"))
    }
}

impl ser::SerializeStruct for &mut Picker<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.keep(key, value)
    }

    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Picker<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), serde_json::Error> {
        self.key = match serde_json::to_value(key)? {
            Value::String(k) => self.names.iter().position(|n| *n == k),
            _ => None,
        };
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        if let Some(i) = self.key.take() {
            self.found[i] = serde_json::to_value(value)?;
        }
        Ok(())
    }

    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

fn malformed() -> Problem {
    param_problem(
        "cursor",
        "`cursor` is malformed or truncated; use a cursor exactly as a previous page returned it"
            .into(),
    )
}

/// Decodes and verifies `text` for a request whose sort and filters have the digest
/// `signature`.
pub(crate) fn decode(
    plan: &ListPlan,
    text: &str,
    signature: &str,
    sort: &[SortKey],
) -> Result<Cursor, Problem> {
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| malformed())?;
    if bytes.len() <= TAG_LEN {
        return Err(malformed());
    }
    let (payload, tag) = bytes.split_at(bytes.len() - TAG_LEN);
    let mut m = mac(&plan.secret);
    m.update(payload);
    m.verify_truncated_left(tag).map_err(|_| {
        param_problem(
            "cursor",
            "`cursor` was altered or issued by another server; start again without it".into(),
        )
    })?;
    let payload: Value = serde_json::from_slice(payload).map_err(|_| malformed())?;
    if payload["v"].as_u64() != Some(VERSION) {
        return Err(param_problem(
            "cursor",
            "`cursor` comes from an incompatible version; start again without it".into(),
        ));
    }
    if payload["s"].as_str() != Some(signature) {
        return Err(param_problem(
            "cursor",
            "`cursor` was issued for a different sort or different filters; send the same `sort` and filters, or start again without it".into(),
        ));
    }
    let direction = match payload["d"].as_str() {
        Some("a") => Direction::After,
        Some("b") => Direction::Before,
        _ => return Err(malformed()),
    };
    let raw = payload["k"].as_array().ok_or_else(malformed)?;
    if raw.len() != sort.len() {
        return Err(malformed());
    }
    // The digest matched, so these keys were written for this very sort, in this order.
    let keys = sort
        .iter()
        .zip(raw)
        .map(|(k, v)| SqlValue::from_json(plan.fields[k.field].meta.sql_type, v))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(malformed)?;
    Ok(Cursor { direction, keys })
}

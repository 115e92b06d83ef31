//! Timestamps in response bodies, written as chrono writes them (RFC 3339, UTC, `Z`, as
//! many fraction digits as needed) but formatted once into a buffer on the stack and handed
//! to the serializer as one string: chrono's own `Serialize` goes through `collect_str`,
//! which serde_json escapes one formatter write at a time (about 40 calls per timestamp).

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

/// A `DateTime<Utc>` field of a response.
#[doc(hidden)]
pub struct Rfc3339<'a>(pub &'a DateTime<Utc>);

/// A nullable `DateTime<Utc>` field of a response.
#[doc(hidden)]
pub struct Rfc3339Opt<'a>(pub &'a Option<DateTime<Utc>>);

/// Room for any `DateTime<Utc>` chrono can hold: a six-digit signed year, nanoseconds, `Z`.
struct Buffer {
    bytes: [u8; 40],
    len: usize,
}

impl std::fmt::Write for Buffer {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

fn serialize<S: Serializer>(value: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut buffer = Buffer {
        bytes: [0; 40],
        len: 0,
    };
    // `to_rfc3339_opts` without its `String`: the same bytes chrono's `Serialize` writes.
    let formatted = value.format_with_items(
        // A leap second carries 1e9 or more nanoseconds; its fraction is the rest.
        chrono::format::StrftimeItems::new(match value.timestamp_subsec_nanos() % 1_000_000_000 {
            0 => "%Y-%m-%dT%H:%M:%SZ",
            n if n % 1_000_000 == 0 => "%Y-%m-%dT%H:%M:%S%.3fZ",
            n if n % 1_000 == 0 => "%Y-%m-%dT%H:%M:%S%.6fZ",
            _ => "%Y-%m-%dT%H:%M:%S%.9fZ",
        }),
    );
    match write!(buffer, "{formatted}") {
        Ok(()) => serializer
            .serialize_str(std::str::from_utf8(&buffer.bytes[..buffer.len]).unwrap_or_default()),
        Err(_) => serializer.serialize_str(&value.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
    }
}

impl Serialize for Rfc3339<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(self.0, serializer)
    }
}

impl Serialize for Rfc3339Opt<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(value) => serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_written_exactly_as_chrono_writes_them() {
        let cases = [
            "2026-12-04T18:00:00Z",
            "2026-12-04T18:00:00.120Z",
            "2026-12-04T18:00:00.123456Z",
            "2026-12-04T18:00:00.000001Z",
            "2026-12-04T18:00:00.123456789Z",
            "1970-01-01T00:00:00Z",
            "+12026-02-28T23:59:59.5Z",
        ];
        for text in cases {
            let value: DateTime<Utc> = text.parse().unwrap();
            assert_eq!(
                serde_json::to_string(&Rfc3339(&value)).unwrap(),
                serde_json::to_string(&value).unwrap(),
                "{text}"
            );
        }
        for value in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            assert_eq!(
                serde_json::to_string(&Rfc3339(&value)).unwrap(),
                serde_json::to_string(&value).unwrap()
            );
        }
        assert_eq!(serde_json::to_string(&Rfc3339Opt(&None)).unwrap(), "null");
    }
}

//! Timestamps in response bodies, written as chrono writes them (RFC 3339, UTC, `Z`, as
//! many fraction digits as needed: none, 3, 6 or 9) but digit by digit into a buffer on the
//! stack and handed to the serializer as one string. chrono's own `Serialize` goes through
//! `collect_str`, which serde_json escapes one formatter write at a time (about 40 calls per
//! timestamp); formatting with `StrftimeItems` instead parses the pattern on every call
//! and cost more than it saved (4,500 instructions a timestamp under callgrind).

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::{Serialize, Serializer};

/// A `DateTime<Utc>` field of a response.
#[doc(hidden)]
pub struct Rfc3339<'a>(pub &'a DateTime<Utc>);

/// A nullable `DateTime<Utc>` field of a response.
#[doc(hidden)]
pub struct Rfc3339Opt<'a>(pub &'a Option<DateTime<Utc>>);

/// Room for any `DateTime<Utc>` chrono can hold: a signed six-digit year, nanoseconds, `Z`.
struct Buffer {
    bytes: [u8; 40],
    len: usize,
}

impl Buffer {
    fn push(&mut self, byte: u8) {
        self.bytes[self.len] = byte;
        self.len += 1;
    }

    /// `value` in exactly `width` decimal digits (it has no more).
    fn digits(&mut self, mut value: u32, width: usize) {
        for i in (0..width).rev() {
            self.bytes[self.len + i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
        self.len += width;
    }
}

fn serialize<S: Serializer>(value: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let mut out = Buffer {
        bytes: [0; 40],
        len: 0,
    };
    let time = value.naive_utc();
    let year = time.year();
    // Four digits, or a sign and as many as needed outside 0..=9999, as chrono writes it.
    if (0..=9999).contains(&year) {
        out.digits(year.unsigned_abs(), 4);
    } else {
        out.push(if year < 0 { b'-' } else { b'+' });
        let magnitude = year.unsigned_abs();
        let width = magnitude
            .checked_ilog10()
            .map_or(1, |l| l as usize + 1)
            .max(4);
        out.digits(magnitude, width);
    }
    out.push(b'-');
    out.digits(time.month(), 2);
    out.push(b'-');
    out.digits(time.day(), 2);
    out.push(b'T');
    out.digits(time.hour(), 2);
    out.push(b':');
    out.digits(time.minute(), 2);
    out.push(b':');
    // A leap second carries 1e9 or more nanoseconds: it shows as second 60.
    let nanos = time.nanosecond();
    out.digits(time.second() + u32::from(nanos >= 1_000_000_000), 2);
    let fraction = nanos % 1_000_000_000;
    if fraction != 0 {
        out.push(b'.');
        if fraction.is_multiple_of(1_000_000) {
            out.digits(fraction / 1_000_000, 3);
        } else if fraction.is_multiple_of(1_000) {
            out.digits(fraction / 1_000, 6);
        } else {
            out.digits(fraction, 9);
        }
    }
    out.push(b'Z');
    // Only ASCII was written.
    serializer.serialize_str(std::str::from_utf8(&out.bytes[..out.len]).unwrap_or_default())
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
            "2016-12-31T23:59:60.5Z",
            "0001-01-01T00:00:00.000000100Z",
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

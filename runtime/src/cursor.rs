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
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::problem::Problem;
use crate::query::{ListPlan, SortKey, SqlValue, param_problem};

const VERSION: u64 = 1;
const TAG_LEN: usize = 16;

/// Which side of the keyed row the page lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    After,
    Before,
}

/// A decoded, verified cursor.
#[derive(Debug)]
pub(crate) struct Cursor {
    pub(crate) direction: Direction,
    pub(crate) keys: Vec<SqlValue>,
}

fn digest(signature: &str) -> String {
    let hash = Sha256::digest(signature.as_bytes());
    hash[..12].iter().map(|b| format!("{b:02x}")).collect()
}

fn mac(secret: &[u8]) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length")
}

/// A cursor pointing past the row whose response JSON is `row`.
pub(crate) fn encode(
    plan: &ListPlan,
    signature: &str,
    sort: &[SortKey],
    direction: Direction,
    row: &Value,
) -> String {
    let keys: Vec<&Value> = sort
        .iter()
        .map(|k| &row[plan.fields[k.field].meta.name])
        .collect();
    let d = if direction == Direction::After {
        "a"
    } else {
        "b"
    };
    let payload = json!({ "v": VERSION, "d": d, "s": digest(signature), "k": keys }).to_string();
    let mut bytes = payload.into_bytes();
    let mut m = mac(&plan.secret);
    m.update(&bytes);
    bytes.extend_from_slice(&m.finalize().into_bytes()[..TAG_LEN]);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn malformed() -> Problem {
    param_problem(
        "cursor",
        "`cursor` is malformed or truncated; use a cursor exactly as a previous page returned it"
            .into(),
    )
}

/// Decodes and verifies `text` for a request whose sort and filters give `signature`.
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
    if payload["s"].as_str() != Some(digest(signature).as_str()) {
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

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

/// The tag's HMAC keyed with `secret`, computed once per API.
fn keyed(secret: &[u8]) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length")
}

/// The cursor key of one API, shared by its list plans. It is set once, before the router
/// serves: from [`Api::cursor_secret`](crate::Api::cursor_secret) or
/// `RESOURCERY_CURSOR_SECRET`, else from the database (a key created by the first instance
/// and shared by all), after the resources are registered.
#[derive(Default)]
pub(crate) struct CursorKey(std::sync::OnceLock<Hmac<Sha256>>);

impl CursorKey {
    /// Keys the HMAC with `secret` unless a key is set already.
    pub(crate) fn set(&self, secret: &[u8]) {
        let _ = self.0.set(keyed(secret));
    }

    pub(crate) fn is_set(&self) -> bool {
        self.0.get().is_some()
    }

    /// Keys the HMAC with a random key of this process alone, unless a key is set.
    pub(crate) fn set_random(&self) {
        self.mac();
    }

    /// The keyed HMAC; a key of this process alone if none was set (the router sets one).
    fn mac(&self) -> &Hmac<Sha256> {
        self.0.get_or_init(|| keyed(&crate::db::random_key()))
    }
}

/// The payload, members in the order cursors have always had them (sorted by name).
#[derive(Serialize)]
struct Payload<'a> {
    d: &'a str,
    k: &'a [Value],
    s: &'a str,
    v: u64,
}

/// A cursor pointing past the row whose sort keys are `keys` (in `sort` order, read with
/// `Resource::sort_key`), for a request whose sort and filters have the digest
/// `signature`.
pub(crate) fn encode(
    plan: &ListPlan,
    signature: &str,
    direction: Direction,
    keys: &[SqlValue],
) -> String {
    let keys: Vec<Value> = keys.iter().map(SqlValue::to_json).collect();
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
    let mut m = plan.mac.mac().clone();
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
    let mut m = plan.mac.mac().clone();
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

//! The list's cursors, in the generated service's format so either server can continue
//! the other's pages: base64url (unpadded) of `{"d":"a"|"b","k":[created_at,id],"s":digest,
//! "v":1}` followed by the first 16 bytes of its HMAC-SHA256.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::problem::{Kind, Problem};

const TAG_LEN: usize = 16;

/// Which side of the keyed row the page lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Older rows (the next page).
    After,
    /// Newer rows (the previous page).
    Before,
}

/// A verified cursor: the direction and the row it points past.
#[derive(Debug)]
pub(crate) struct Cursor {
    /// Direction.
    pub(crate) direction: Direction,
    /// The row's `created_at`.
    pub(crate) created_at: DateTime<Utc>,
    /// The row's id.
    pub(crate) id: Uuid,
}

/// The cursor key and the digest of the one sort the twin serves, both fixed at start-up.
pub(crate) struct Keys {
    secret: Vec<u8>,
    /// Hex of the first 12 bytes of SHA-256 of the sort, `-created_at,-id,`.
    digest: String,
}

impl Keys {
    /// Keys for `secret`.
    pub(crate) fn new(secret: &[u8]) -> Keys {
        let hash = Sha256::digest(b"-created_at,-id,");
        let digest = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
        Keys {
            secret: secret.to_vec(),
            digest,
        }
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes keys of any length")
    }

    /// The cursor past the row with these sort keys.
    pub(crate) fn encode(
        &self,
        direction: Direction,
        created_at: &DateTime<Utc>,
        id: &Uuid,
    ) -> String {
        // Members in the generated service's order (serde_json's maps sort their keys).
        #[derive(Serialize)]
        struct Payload<'a> {
            d: &'a str,
            k: (&'a DateTime<Utc>, &'a Uuid),
            s: &'a str,
            v: u8,
        }
        let d = match direction {
            Direction::After => "a",
            Direction::Before => "b",
        };
        let mut bytes = serde_json::to_vec(&Payload {
            d,
            k: (created_at, id),
            s: &self.digest,
            v: 1,
        })
        .unwrap_or_default();
        let mut mac = self.mac();
        mac.update(&bytes);
        bytes.extend_from_slice(&mac.finalize().into_bytes()[..TAG_LEN]);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Decodes and verifies a cursor sent back by a client.
    pub(crate) fn decode(&self, text: &str) -> Result<Cursor, Problem> {
        #[derive(Deserialize)]
        struct Payload<'a> {
            v: u64,
            d: &'a str,
            s: &'a str,
            k: (&'a str, &'a str),
        }
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| malformed())?;
        if bytes.len() <= TAG_LEN {
            return Err(malformed());
        }
        let (payload, tag) = bytes.split_at(bytes.len() - TAG_LEN);
        let mut mac = self.mac();
        mac.update(payload);
        mac.verify_truncated_left(tag).map_err(|_| {
            cursor_problem(
                "`cursor` was altered or issued by another server; start again without it",
            )
        })?;
        let payload: Payload<'_> = serde_json::from_slice(payload).map_err(|_| malformed())?;
        if payload.v != 1 {
            return Err(cursor_problem(
                "`cursor` comes from an incompatible version; start again without it",
            ));
        }
        if payload.s != self.digest {
            return Err(cursor_problem(
                "`cursor` was issued for a different sort or different filters; send the same `sort` and filters, or start again without it",
            ));
        }
        let direction = match payload.d {
            "a" => Direction::After,
            "b" => Direction::Before,
            _ => return Err(malformed()),
        };
        let created_at = DateTime::parse_from_rfc3339(payload.k.0)
            .map_err(|_| malformed())?
            .with_timezone(&Utc);
        let id = Uuid::try_parse(payload.k.1).map_err(|_| malformed())?;
        Ok(Cursor {
            direction,
            created_at,
            id,
        })
    }
}

fn cursor_problem(detail: &str) -> Problem {
    Problem::new(Kind::MALFORMED)
        .detail(detail)
        .with("parameter", "cursor")
}

fn malformed() -> Problem {
    cursor_problem(
        "`cursor` is malformed or truncated; use a cursor exactly as a previous page returned it",
    )
}

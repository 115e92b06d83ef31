//! The order in which generated code binds the values of an update and of a replace. The
//! runtime's statement layer derives the statements themselves from the same field
//! metadata (`runtime/src/sql/resource.rs`), in the same order: writable fields in
//! declaration order, then the update times.

use super::model::{Auto, Field, Resource};

/// What one assignment of the partial `UPDATE` binds, in order.
pub(crate) enum Assign<'a> {
    /// Non-nullable: `col = COALESCE(?, col)`; binds the value or NULL when absent.
    Keep(&'a Field),
    /// Nullable: `col = CASE WHEN ? THEN ? ELSE col END`; binds "was it sent" and the value.
    Flagged(&'a Field),
    /// `updated_at`: `col = ?`; binds the current time.
    Now,
}

pub(crate) fn update_plan(r: &Resource) -> Vec<Assign<'_>> {
    let writes = r.fields.iter().filter(|f| f.writable()).map(|f| {
        if f.nullable {
            Assign::Flagged(f)
        } else {
            Assign::Keep(f)
        }
    });
    let stamps = r
        .fields
        .iter()
        .filter(|f| f.auto == Auto::UpdatedAt)
        .map(|_| Assign::Now);
    writes.chain(stamps).collect()
}

/// The columns `replace` sets, in order: the writable ones, then `updated_at`;
/// `bind_replace` binds them in this order, then the id.
pub(crate) fn replace_plan(r: &Resource) -> Vec<&Field> {
    let writes = r.fields.iter().filter(|f| f.writable());
    let stamps = r.fields.iter().filter(|f| f.auto == Auto::UpdatedAt);
    writes.chain(stamps).collect()
}

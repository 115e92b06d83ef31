//! The contract between `#[resource]` and the runtime: the typed functions that generic
//! handlers, transitions and `Tx` call on a resource's rows.

use std::future::Future;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

use crate::auth::ScopeValue;
use crate::db::{Args, Db, RowAccess};
use crate::model::ResourceMeta;
use crate::problem::Problem;
use crate::validate::Violations;

/// A type declared with `#[resource]`; implemented by the macro, never by hand.
///
/// Register it with [`Api::resource`](crate::api::Api::resource). Code of your own names a
/// resource's rows through it, e.g. [`Db::get`](crate::Db::get) and [`Tx::lock`](crate::Tx::lock):
///
/// ```no_run
/// use resourcery::prelude::*;
///
/// #[resource(path = "/tags")]
/// pub struct Tag {
///     #[field(id)]
///     pub id: Uuid,
///     pub name: String,
/// }
///
/// async fn lookup(db: &Db, id: Uuid) -> Result<Option<Tag>, Problem> {
///     db.get::<Tag>(id).await
/// }
///
/// assert_eq!(<Tag as Resource>::META.path, "/tags");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a resource",
    label = "not declared with `#[resource]`",
    note = "annotate the struct with `#[resourcery::resource(path = \"/...\")]`"
)]
pub trait Resource: Sized + Send + Sync + Unpin + 'static {
    /// Body of `POST {path}`: the writable fields.
    type Create: DeserializeOwned + Send + 'static;
    /// Body of `PATCH {path}/{id}`: every writable field, each optional.
    type Patch: DeserializeOwned + Send + Sync + 'static;

    /// Everything the runtime knows about the resource.
    #[doc(hidden)]
    const META: ResourceMeta;

    /// Builds the row a create stores, checking every field rule of the body.
    #[doc(hidden)]
    fn from_create(input: Self::Create, now: DateTime<Utc>, out: &mut Violations) -> Self;
    #[doc(hidden)]
    fn id(&self) -> uuid::Uuid;
    #[doc(hidden)]
    fn bind_insert<'q, A: Args<'q>>(&'q self, args: &mut A)
    -> Result<(), sqlx::error::BoxDynError>;
    #[doc(hidden)]
    fn bind_patch<'q, A: Args<'q>>(
        patch: &'q Self::Patch,
        now: &'q DateTime<Utc>,
        args: &mut A,
    ) -> Result<(), sqlx::error::BoxDynError>;
    /// Every violation of a create body that did not decode (see `json::Diagnose`).
    #[doc(hidden)]
    fn diagnose_create(body: &serde_json::Value, out: &mut Violations);
    /// Every violation of a patch body that did not decode.
    #[doc(hidden)]
    fn diagnose_patch(body: &serde_json::Value, out: &mut Violations);
    /// Checks the fields a patch sends: `null` on required fields and every field rule.
    #[doc(hidden)]
    fn check_patch(patch: &Self::Patch, out: &mut Violations);
    /// Applies a patch to a stored row, for the struct-level rules to see the result, by
    /// exchanging values: the row gets the patch's, the patch the row's old ones. A second
    /// exchange restores both, so one decoded patch serves a check and a write.
    #[doc(hidden)]
    fn swap_patch(&mut self, patch: &mut Self::Patch);
    /// Binds the writable columns of a merged row, the update time and the id, for
    /// the resource's `replace` statement.
    #[doc(hidden)]
    fn bind_replace<'q, A: Args<'q>>(
        &'q self,
        now: &'q DateTime<Utc>,
        args: &mut A,
    ) -> Result<(), sqlx::error::BoxDynError>;
    /// The struct-level (cross-field) rules, run on the row as it would be stored.
    #[doc(hidden)]
    fn check_row(&self, out: &mut Violations) {
        let _ = out;
    }
    /// The asynchronous rules with database access, run when every other rule holds.
    #[doc(hidden)]
    fn check_with_db<'a>(
        &'a self,
        db: &'a Db,
        out: &'a mut Violations,
    ) -> impl Future<Output = Result<(), Problem>> + Send + 'a {
        let _ = (db, out);
        std::future::ready(Ok(()))
    }
    /// The body, guard and after hook of each transition of the state field, in the
    /// order of its graph's transitions.
    #[doc(hidden)]
    fn transition_steps() -> Vec<crate::routes::transition::Step> {
        Vec::new()
    }
    /// Sets the owner and tenant fields of a row about to be created from the principal.
    #[doc(hidden)]
    fn assign_scope(&mut self, owner: Option<&ScopeValue>, tenant: Option<&ScopeValue>) {
        let _ = (owner, tenant);
    }
    /// The ids in the row's client-written `references` fields, by JSON name.
    #[doc(hidden)]
    fn reference_ids(&self) -> Vec<(&'static str, uuid::Uuid)> {
        Vec::new()
    }
    /// The ids a patch writes into `references` fields, by JSON name.
    #[doc(hidden)]
    fn patch_reference_ids(patch: &Self::Patch) -> Vec<(&'static str, uuid::Uuid)> {
        let _ = patch;
        Vec::new()
    }
    /// The resource's fixed statements, rendered from [`Self::META`] once (the macro keeps
    /// them in a static of this type) and kept for every request.
    #[doc(hidden)]
    fn statements() -> &'static crate::sql::resource::Statements;
    /// The value of the field at `field` (of `META.fields`) as a sort key, for the cursor
    /// of a list page; `None` for a field that is not a sort key.
    #[doc(hidden)]
    fn sort_key(&self, field: usize) -> Option<crate::sql::value::SqlValue>;
    #[doc(hidden)]
    fn from_row<R: RowAccess>(row: &R) -> Result<Self, sqlx::Error>;
    #[doc(hidden)]
    fn serialize_response<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

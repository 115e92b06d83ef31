//! Who may do what: the rule of each route, checked before a request reaches its handler,
//! and the owner and tenant predicates that every statement of a scoped resource carries.
//!
//! Scoping is part of the statement, not a filter on rows already read: a scoped get,
//! update, delete or transition of another's row matches nothing and answers 404, the same
//! as a row that does not exist, so existence does not leak.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use crate::auth::{Auth, Principal};
use crate::db::Args;
use crate::model::SqlType;
use crate::model::access::Allow;
use crate::model::{FieldMeta, ResourceMeta};
use crate::problem::Problem;
use crate::sql::Variant;
use crate::sql::resource::TenantReference;

impl Allow {
    /// The rule of `roles(...)` and `public` on a transition or an endpoint: neither means
    /// any authenticated principal.
    pub(crate) fn of_roles(roles: &'static [&'static str], public: bool) -> Allow {
        match (public, roles) {
            (true, _) => Allow::Public,
            (false, []) => Allow::Authenticated,
            (false, roles) => Allow::Roles(roles),
        }
    }

    /// Whether a caller gets past this rule: `Err` is the 401 or 403 to answer.
    pub(crate) fn check(self, principal: Option<&Principal>, what: &str) -> Result<(), Problem> {
        match (self, principal) {
            (Allow::Public, _) => Ok(()),
            (_, None) => Err(crate::auth::challenge()),
            (Allow::Authenticated, Some(_)) => Ok(()),
            (Allow::Roles(roles), Some(p)) if p.has_any_role(roles) => Ok(()),
            (Allow::Roles(roles), Some(_)) => Err(crate::auth::forbidden(format!(
                "{what} needs one of the roles {}",
                roles.join(", ")
            ))),
        }
    }
}

/// The caller of a request, as the gate left it: `None` without authentication or for an
/// anonymous call of a public route.
#[derive(Clone)]
pub(crate) struct Caller(pub(crate) Option<Arc<Principal>>);

impl Caller {
    pub(crate) fn principal(&self) -> Option<&Principal> {
        self.0.as_deref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(_: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Caller(crate::problem::context::caller()))
    }
}

/// The gate of one route (a [`tower::Layer`]): authenticate, check the rule, and hand
/// the principal to the handler. Nothing of the request is read past its headers before
/// this passes; a refusal is answered at once.
#[derive(Clone)]
pub(crate) struct Gate {
    pub(crate) auth: Auth,
    pub(crate) allow: Allow,
    /// The route, as `METHOD /path`, for the 403's detail.
    pub(crate) what: Arc<str>,
}

impl Gate {
    /// Authenticates and checks the rule; the principal goes to the request context (a
    /// task-local the handler reads), which costs less than a request extension.
    fn admit(&self, headers: &axum::http::HeaderMap) -> Result<(), Problem> {
        let principal = self.auth.authenticate(headers)?;
        self.allow.check(principal.as_ref(), &self.what)?;
        if let Some(principal) = principal {
            crate::problem::context::set_caller(Arc::new(principal));
        }
        Ok(())
    }
}

impl<S> tower::Layer<S> for Gate {
    type Service = Gated<S>;

    fn layer(&self, inner: S) -> Gated<S> {
        Gated {
            gate: Arc::new(self.clone()),
            inner,
        }
    }
}

/// A route behind its [`Gate`]; axum clones it for every request.
#[derive(Clone)]
pub(crate) struct Gated<S> {
    gate: Arc<Gate>,
    inner: S,
}

impl<S> tower::Service<Request> for Gated<S>
where
    S: tower::Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future =
        futures_util::future::Either<std::future::Ready<Result<Response, S::Error>>, S::Future>;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        use futures_util::future::Either;
        match self.gate.admit(request.headers()) {
            Ok(()) => Either::Right(self.inner.call(request)),
            Err(problem) => Either::Left(std::future::ready(Ok(problem.into_response()))),
        }
    }
}

/// A value of an owner or tenant column, from the principal.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq)]
pub enum ScopeValue {
    /// A `String` column.
    Text(String),
    /// A `Uuid` column.
    Uuid(uuid::Uuid),
}

impl ScopeValue {
    fn parse(field: &FieldMeta, raw: &str) -> Option<ScopeValue> {
        match field.sql_type {
            SqlType::Uuid => uuid::Uuid::try_parse(raw).ok().map(ScopeValue::Uuid),
            _ => Some(ScopeValue::Text(raw.to_owned())),
        }
    }

    pub(crate) fn bind<'q, A: Args<'q>>(
        &'q self,
        args: &mut A,
    ) -> Result<(), sqlx::error::BoxDynError> {
        match self {
            ScopeValue::Text(text) => args.push(text),
            ScopeValue::Uuid(id) => args.push(id),
        }
    }

    pub(crate) fn sql_value(&self) -> crate::sql::value::SqlValue {
        match self {
            ScopeValue::Text(text) => crate::sql::value::SqlValue::Text(text.clone()),
            ScopeValue::Uuid(id) => crate::sql::value::SqlValue::Uuid(*id),
        }
    }

    /// The value as the principal's claim spells it, for history and messages.
    pub(crate) fn text(&self) -> String {
        match self {
            ScopeValue::Text(text) => text.clone(),
            ScopeValue::Uuid(id) => id.to_string(),
        }
    }
}

/// A type an owner or tenant field may have; generated code sets the field with it.
#[doc(hidden)]
pub trait ScopeKey: Sized {
    /// The field's value; the runtime parsed `value` for the field's type already.
    fn from_scope(value: &ScopeValue) -> Self;
}

impl ScopeKey for String {
    fn from_scope(value: &ScopeValue) -> Self {
        value.text()
    }
}

impl ScopeKey for uuid::Uuid {
    fn from_scope(value: &ScopeValue) -> Self {
        match value {
            ScopeValue::Uuid(id) => *id,
            ScopeValue::Text(text) => uuid::Uuid::try_parse(text).unwrap_or_default(),
        }
    }
}

/// The scope of one request on one resource.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// The tenant every statement is limited to, and a create stores.
    pub(crate) tenant: Option<ScopeValue>,
    /// The owner a create stores.
    pub(crate) owner: Option<ScopeValue>,
    /// Whether statements are limited to the owner's rows (no `any_owner` role).
    pub(crate) own_rows_only: bool,
}

impl Scope {
    /// The scope of `principal` on `meta`: nothing for an unscoped resource; otherwise a
    /// 401 for an anonymous caller and a 403 for a principal that cannot be scoped (no
    /// tenant claim, or a subject that is not a UUID for a `Uuid` owner column).
    pub(crate) fn of(meta: &ResourceMeta, principal: Option<&Principal>) -> Result<Scope, Problem> {
        let owner = meta.owner.and_then(|name| meta.field(name));
        let tenant = meta.tenant.and_then(|name| meta.field(name));
        if owner.is_none() && tenant.is_none() {
            return Ok(Scope::default());
        }
        let Some(principal) = principal else {
            return Err(crate::auth::challenge());
        };
        let mut scope = Scope {
            tenant: Self::tenant_of(meta, principal)?,
            ..Scope::default()
        };
        if let Some(field) = owner {
            scope.owner = ScopeValue::parse(field, principal.subject());
            scope.own_rows_only = !principal.has_any_role(meta.access.any_owner);
            // Someone limited to their own rows needs an identity the column can hold;
            // someone who sees every owner's rows needs one only to create (`owned`).
            if scope.own_rows_only && scope.owner.is_none() {
                return Err(Self::cannot_own(meta));
            }
        }
        Ok(scope)
    }

    /// The caller's tenant as a value of `meta`'s tenant column; `None` when `meta` has no
    /// tenant, a 403 when the token names none or one the column cannot hold.
    fn tenant_of(
        meta: &ResourceMeta,
        principal: &Principal,
    ) -> Result<Option<ScopeValue>, Problem> {
        let Some(field) = meta.tenant.and_then(|name| meta.field(name)) else {
            return Ok(None);
        };
        let raw = principal.tenant().ok_or_else(|| {
            crate::auth::forbidden(format!(
                "{} records belong to a tenant, and your token names none",
                meta.name
            ))
        })?;
        ScopeValue::parse(field, raw).map(Some).ok_or_else(|| {
            crate::auth::forbidden(format!(
                "your token's tenant is not a valid {} tenant",
                meta.name
            ))
        })
    }

    /// The 403 for a subject the owner column cannot hold.
    fn cannot_own(meta: &ResourceMeta) -> Problem {
        crate::auth::forbidden(format!(
            "your identity cannot own {} records: they are owned by UUID",
            meta.name
        ))
    }

    /// The owner a new row gets; a 403 when the resource has an owner and the caller's
    /// subject cannot be one.
    pub(crate) fn owned(&self, meta: &ResourceMeta) -> Result<(), Problem> {
        match (meta.owner, &self.owner) {
            (Some(_), None) => Err(Self::cannot_own(meta)),
            _ => Ok(()),
        }
    }

    pub(crate) fn variant(&self) -> Variant {
        if self.own_rows_only {
            Variant::Owner
        } else if self.tenant.is_some() {
            Variant::Tenant
        } else {
            Variant::Unscoped
        }
    }

    /// The values the variant's predicates bind, in their order (tenant, then owner).
    pub(crate) fn values(&self) -> impl Iterator<Item = &ScopeValue> {
        let owner = self.owner.as_ref().filter(|_| self.own_rows_only);
        self.tenant.iter().chain(owner)
    }

    /// Appends the predicate values to a statement's arguments.
    pub(crate) fn bind<'q, A: Args<'q>>(&'q self, args: &mut A) -> Result<(), Problem> {
        for value in self.values() {
            value
                .bind(args)
                .map_err(|e| Problem::internal(format!("cannot bind a value: {e}")))?;
        }
        Ok(())
    }

    /// `(column, value)` pairs, for statements built per request (lists).
    pub(crate) fn predicates(
        &self,
        meta: &ResourceMeta,
    ) -> Vec<(&'static str, crate::sql::value::SqlValue)> {
        crate::sql::resource::scope_columns(meta, self.variant())
            .into_iter()
            .zip(self.values().map(ScopeValue::sql_value))
            .collect()
    }
}

/// Checks that every id a client wrote into a reference to a tenant's rows names a
/// row of the caller's tenant; one of another tenant is answered like a missing one,
/// a 409 `reference-violation`, so it reveals nothing.
pub(crate) async fn check_references(
    references: &[TenantReference],
    db: &crate::db::Db,
    principal: Option<&Principal>,
    ids: Vec<(&'static str, uuid::Uuid)>,
) -> Result<(), Problem> {
    use sqlx::Arguments as _;
    for (name, id) in ids {
        let Some(reference) = references.iter().find(|r| r.field == name) else {
            continue;
        };
        let principal = principal.ok_or_else(crate::auth::challenge)?;
        let Some(tenant) = Scope::tenant_of(reference.target, principal)? else {
            continue;
        };
        let found: Option<i32> = crate::db::fault::on_backend!(db, |pool, args, b| {
            args.add(id).map_err(crate::db::fault::bind_failed)?;
            tenant
                .bind(&mut args)
                .map_err(crate::db::fault::bind_failed)?;
            sqlx::query_scalar_with(&reference.exists[b], args)
                .fetch_optional(pool)
                .await
                .map_err(Problem::from)?
        });
        if found.is_none() {
            return Err(
                Problem::new(crate::problem::ProblemType::REFERENCE_VIOLATION)
                    .detail(format!(
                        "`{name}` must name an existing {}",
                        reference.target.name
                    ))
                    .with("field", name)
                    .with("relation", reference.target.name),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_admit_by_role_and_refuse_anonymous_callers() {
        let staff = Principal::new("u1").with_roles(["staff"]);
        assert!(Allow::Public.check(None, "x").is_ok());
        assert_eq!(
            Allow::Authenticated.check(None, "x").unwrap_err().status(),
            401
        );
        assert!(Allow::Authenticated.check(Some(&staff), "x").is_ok());
        assert!(
            Allow::Roles(&["admin", "staff"])
                .check(Some(&staff), "x")
                .is_ok()
        );
        assert_eq!(
            Allow::Roles(&["admin"])
                .check(Some(&staff), "x")
                .unwrap_err()
                .status(),
            403
        );
    }
}

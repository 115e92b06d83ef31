//! The context of the request being served, in a tokio task-local: its id, how problems
//! are written, and the admitted caller. `Problem::into_response` reads it to fill in
//! `instance` and the configured `type` base without every handler threading them through.

use std::sync::Arc;

use axum::http::StatusCode;

/// Used when no API configuration is in scope (e.g. a problem built in a unit test).
pub(crate) const DEFAULT_PROBLEM_BASE: &str = "/problems/";

/// The request id header, accepted from clients and always sent back.
pub(crate) const REQUEST_ID: &str = "x-request-id";

#[derive(Clone)]
pub(crate) struct RequestContext {
    pub(crate) request_id: Arc<str>,
    pub(crate) problem_base: Arc<str>,
    pub(crate) validation_status: StatusCode,
    /// The principal the route's gate admitted, for the handler (see [`Caller`]); set
    /// once, by the gate, within the request's own task.
    ///
    /// [`Caller`]: crate::auth::scope::Caller
    pub(crate) caller: std::cell::OnceCell<Arc<crate::model::principal::Principal>>,
    /// The client's address: the connection's peer, or from `X-Forwarded-For` behind
    /// proxies (`Api::behind_proxies`); `None` when the server gave no peer address.
    pub(crate) client: Option<std::net::IpAddr>,
}

/// How problems are written, fixed when the router is built.
#[derive(Clone)]
pub(crate) struct ProblemConfig {
    pub(crate) base: Arc<str>,
    pub(crate) validation_status: StatusCode,
    /// How many reverse proxies stand in front of the service (`Api::behind_proxies`).
    pub(crate) proxies: usize,
}

tokio::task_local! {
    static CONTEXT: RequestContext;
}

pub(crate) fn current() -> Option<RequestContext> {
    CONTEXT.try_with(Clone::clone).ok()
}

/// Hands the admitted principal to the request's handler. Outside a request (the router
/// without its outer layer, which `Api::into_router` always adds) it is dropped.
pub(crate) fn set_caller(principal: Arc<crate::model::principal::Principal>) {
    let _ = CONTEXT.try_with(|c| c.caller.set(principal));
}

/// The principal the gate admitted for this request, if any.
pub(crate) fn caller() -> Option<Arc<crate::model::principal::Principal>> {
    CONTEXT.try_with(|c| c.caller.get().cloned()).ok().flatten()
}

/// Runs `work` with `ctx` as the request's context.
pub(crate) async fn within<F: std::future::Future>(ctx: RequestContext, work: F) -> F::Output {
    CONTEXT.scope(ctx, work).await
}

/// The address of the client of the request being served, if known.
pub(crate) fn client() -> Option<std::net::IpAddr> {
    CONTEXT.try_with(|c| c.client).ok().flatten()
}

/// Runs `work` with `ctx` as the context, outside any request's task (a refusal the
/// server makes before the router's middleware runs).
pub(crate) fn within_sync<R>(ctx: RequestContext, work: impl FnOnce() -> R) -> R {
    CONTEXT.sync_scope(ctx, work)
}

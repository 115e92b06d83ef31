//! The routes, one folder or file per operation kind, each with its handler, its OpenAPI
//! operation and its access rule side by side: CRUD, transitions (with their hooks),
//! their history and function endpoints; `resource` is the trait generated code implements and
//! `tx` the transaction user code writes through.

pub(crate) mod crud;
pub(crate) mod endpoint;
pub(crate) mod history;
pub(crate) mod resource;
pub(crate) mod transition;
pub(crate) mod tx;

/// State shared by every generated handler.
pub(crate) struct Shared {
    pub(crate) db: crate::db::Db,
    /// Values of [`Api::state`](crate::api::Api::state), for function endpoints.
    pub(crate) states: endpoint::States,
}

/// One route: the handler and its OpenAPI operation, declared together.
pub(crate) struct Route {
    pub(crate) method: axum::http::Method,
    pub(crate) path: String,
    pub(crate) owner: &'static str,
    /// `file:line` of the declaration serving it.
    pub(crate) declared: &'static str,
    pub(crate) handler: axum::routing::MethodRouter<std::sync::Arc<Shared>>,
    pub(crate) operation: utoipa::openapi::path::Operation,
    /// Who may call it, once the API has authentication.
    pub(crate) allow: crate::model::access::Allow,
}

//! The registration call: resources go in, one axum `Router` and one OpenAPI document come
//! out, both built from the same route table so they cannot drift apart.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};

use crate::auth::Auth;
use crate::auth::scope::Caller;
use crate::db::Db;
use crate::error::Error;
use crate::http::throttle::RateLimit;
use crate::model::access::Allow;
use crate::routes::Route;
use crate::routes::Shared;
use crate::routes::resource::Resource;

mod document;
mod migrate;
use crate::list::ListPlan;
use crate::model::ResourceMeta;
use crate::problem::{Problem, ProblemType, ProblemTypes};

/// Assembles resources into one router with its OpenAPI document.
///
/// ```no_run
/// use resourcery::prelude::*;
///
/// /// Something sold in the shop.
/// #[resource(path = "/products")]
/// pub struct Product {
///     #[field(id)]
///     pub id: Uuid,
///     pub name: String,
/// }
///
/// # async fn run() -> Result<(), resourcery::Error> {
/// let db = resourcery::Db::connect("sqlite::memory:").await?;
/// let api = resourcery::Api::new(db).title("Shop").resource::<Product>();
/// api.ensure_schema().await?;
/// let app: resourcery::Router = api.into_router()?;
/// # let _ = app; Ok(()) }
/// ```
pub struct Api {
    db: Db,
    title: String,
    version: String,
    description: Option<String>,
    /// `servers`: URL and description; empty means the server serving the document.
    servers: Vec<(String, Option<String>)>,
    /// `info.license`: its name and SPDX identifier.
    license: Option<(String, String)>,
    problem_base: String,
    validation_status: StatusCode,
    body_limit: usize,
    /// The cursor key given to the builder or in `RESOURCERY_CURSOR_SECRET`.
    cursor_secret: Option<Arc<[u8]>>,
    /// The key list plans tag cursors with, set from `cursor_secret` or the database.
    cursor_key: Arc<crate::list::cursor::CursorKey>,
    resources: Vec<&'static ResourceMeta>,
    routes: Vec<Route>,
    extra: Router,
    /// Problem types registered with [`Api::problems`], in registration order, with the
    /// name of the type that registered them.
    problem_types: Vec<(ProblemType, &'static str)>,
    /// Mistakes found while registering, reported by [`into_router`](Api::into_router).
    config_errors: Vec<String>,
    /// Values function endpoints take as `State<T>`.
    states: crate::routes::endpoint::States,
    /// State types function endpoints need, with the endpoint needing each.
    needed_states: Vec<(std::any::TypeId, &'static str, &'static str)>,
    /// How bearer tokens are verified; `None` leaves every route open.
    auth: Option<Auth>,
    /// Whether the schema includes the token service's refresh-token table.
    token_tables: bool,
    /// The per-client limit in front of every route, if any.
    rate_limit: Option<RateLimit>,
    /// How many reverse proxies stand in front of the service.
    proxies: usize,
}

impl Api {
    /// An empty API over `db`.
    pub fn new(db: Db) -> Self {
        Api {
            db,
            title: "API".into(),
            version: "0.1.0".into(),
            description: None,
            servers: Vec::new(),
            license: None,
            problem_base: "/problems/".into(),
            validation_status: StatusCode::UNPROCESSABLE_ENTITY,
            body_limit: 1024 * 1024,
            cursor_secret: std::env::var("RESOURCERY_CURSOR_SECRET")
                .ok()
                .filter(|s| !s.is_empty())
                .map(|s| Arc::from(s.into_bytes())),
            cursor_key: Arc::default(),
            resources: Vec::new(),
            routes: Vec::new(),
            extra: Router::new(),
            problem_types: Vec::new(),
            config_errors: Vec::new(),
            states: crate::routes::endpoint::States::new(),
            needed_states: Vec::new(),
            auth: None,
            token_tables: false,
            rate_limit: None,
            proxies: 0,
        }
    }

    /// Turns on authentication: every route then verifies the bearer token it is sent and
    /// admits callers by its rule: `access(...)` on resources, `roles(...)` on
    /// transitions and endpoints, `public` where anonymous calls are allowed, and an
    /// authenticated principal where nothing is said (deny by default). Owner and tenant
    /// fields scope every statement by the principal.
    ///
    /// ```no_run
    /// # use resourcery::prelude::*;
    /// # async fn run(db: Db) -> Result<(), resourcery::Error> {
    /// let auth = resourcery::Auth::hs256(std::env::var("JWT_SECRET").unwrap_or_default());
    /// let app = Api::new(db).auth(auth).into_router()?;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Serves with `tokens` as the token service: [`auth`](Api::auth) with the verifier of
    /// the tokens it signs, the service itself as `State<Tokens>` for login endpoints,
    /// and its refresh-token table in [`schema_sql`](Api::schema_sql).
    ///
    /// ```no_run
    /// # use resourcery::prelude::*;
    /// # async fn run(db: Db) -> Result<(), resourcery::Error> {
    /// let tokens = resourcery::Tokens::hs256(std::env::var("JWT_SECRET").unwrap_or_default());
    /// let api = Api::new(db).tokens(tokens);
    /// api.ensure_schema().await?; // the refresh-token table too
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn tokens(mut self, tokens: crate::auth::Tokens) -> Self {
        self.auth = Some(tokens.auth());
        self.token_tables = true;
        self.state(tokens)
    }

    /// Whether [`auth`](Api::auth) was configured.
    pub(crate) fn has_auth(&self) -> bool {
        self.auth.is_some()
    }

    /// The document title (`info.title`).
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The API version (`info.version`).
    #[must_use]
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// The document description (`info.description`).
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Adds an entry to the document's `servers`: where clients reach the API, e.g.
    /// `https://api.example.com/v1`. Without any, the document names one server, `/`: the
    /// one serving it.
    ///
    /// ```no_run
    /// # use resourcery::prelude::*;
    /// # fn run(db: Db) {
    /// let api = Api::new(db)
    ///     .server("https://api.example.com", Some("Production"))
    ///     .server("https://staging.example.com", Some("Staging"));
    /// # }
    /// ```
    #[must_use]
    pub fn server(mut self, url: impl Into<String>, description: Option<&str>) -> Self {
        self.servers
            .push((url.into(), description.map(str::to_owned)));
        self
    }

    /// The license of the API (`info.license`): a name and its SPDX identifier.
    ///
    /// ```no_run
    /// # use resourcery::prelude::*;
    /// # fn run(db: Db) {
    /// let api = Api::new(db).license("Apache 2.0", "Apache-2.0");
    /// # }
    /// ```
    #[must_use]
    pub fn license(mut self, name: impl Into<String>, spdx: impl Into<String>) -> Self {
        self.license = Some((name.into(), spdx.into()));
        self
    }

    /// The prefix of every problem `type` URI; default `/problems/`, served by the API.
    #[must_use]
    pub fn problem_base(mut self, base: impl Into<String>) -> Self {
        self.problem_base = base.into();
        self
    }

    /// The status of `validation-error` problems: 422 Unprocessable Content by default
    /// (RFC 9110 §15.5.21: the body is well-formed but breaks the rules), or 400 Bad
    /// Request for clients that expect the Fastify convention. Any other status is
    /// ignored. The OpenAPI document follows the choice.
    #[must_use]
    pub fn validation_status(mut self, status: StatusCode) -> Self {
        if status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY {
            self.validation_status = status;
        }
        self
    }

    /// Limits how often each client address may call the API: past the limit, every
    /// route answers `429 Too Many Requests` problems with `Retry-After` (RFC 6585 §4), and
    /// every operation documents that `429`. Off by default, since a fair rate depends on
    /// the service and on how many clients share an address (NAT, proxies).
    ///
    /// The address is the connection's peer as [`serve`](crate::serve) reports it, or the
    /// client named in `X-Forwarded-For` with [`behind_proxies`](Api::behind_proxies);
    /// IPv6 clients are counted by their /64. A request whose address is unknown (the
    /// router served without connect info) is not counted. Counts live in the memory of
    /// each instance: N instances behind a balancer allow up to N times the rate.
    ///
    /// ```no_run
    /// # use resourcery::prelude::*;
    /// # fn run(db: Db) {
    /// let api = Api::new(db).rate_limit(resourcery::RateLimit::per_second(20).burst(50));
    /// # }
    /// ```
    #[must_use]
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Says the service runs behind `n` reverse proxies that each append the address they
    /// got a request from to `X-Forwarded-For`: the client is then the `n`-th entry from
    /// the right. Entries further left are whatever the client sent, so never trust more
    /// proxies than there are. Default 0: the connection's peer is the client.
    ///
    /// ```no_run
    /// # use resourcery::prelude::*;
    /// # fn run(db: Db) {
    /// // One load balancer in front.
    /// let api = Api::new(db).behind_proxies(1);
    /// # }
    /// ```
    #[must_use]
    pub fn behind_proxies(mut self, n: usize) -> Self {
        self.proxies = n;
        self
    }

    /// Whether [`rate_limit`](Api::rate_limit) was configured.
    pub(crate) fn rate_limited(&self) -> bool {
        self.rate_limit.is_some()
    }

    /// The largest request body accepted, in bytes; default 1 MiB.
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The key of the integrity tag on list cursors; every instance serving one database
    /// needs the same key. Defaults to `RESOURCERY_CURSOR_SECRET`, else a random key that
    /// [`ensure_schema`](Api::ensure_schema) or [`migrate`](Api::migrate) creates once in
    /// the database (table `resourcery_secrets`) and every instance then reads. Without
    /// either, cursors are signed with a key of this process alone (a warning says so).
    #[must_use]
    pub fn cursor_secret(mut self, secret: impl AsRef<[u8]>) -> Self {
        self.cursor_secret = Some(Arc::from(secret.as_ref()));
        self
    }

    /// Registers a resource's routes and documentation. Register referenced resources
    /// first: [`ensure_schema`](Api::ensure_schema) creates tables in this order.
    #[must_use]
    pub fn resource<R: Resource>(mut self) -> Self {
        let meta = &R::META;
        self.resources.push(meta);
        // Every fixed statement is rendered now, once, not on a first request.
        let _ = R::statements();
        let plan = Arc::new(ListPlan::new(meta, self.cursor_key.clone()));
        self.routes.extend(crate::routes::crud::routes::<R>(plan));
        let transitions = crate::routes::transition::routes::<R>(&mut self.config_errors);
        self.routes.extend(transitions);
        self
    }

    /// Registers a function declared with `#[resourcery::endpoint]`, by its name: its
    /// route joins the resources' (a conflict is a start-up error naming both), and its
    /// operation joins the same OpenAPI document.
    ///
    /// ```no_run
    /// use resourcery::prelude::*;
    /// use resourcery::Query;
    ///
    /// /// Which orders to count.
    /// #[resourcery::object]
    /// pub struct Window {
    ///     #[field(validate(range(min = 1, max = 366)))]
    ///     pub days: i32,
    /// }
    ///
    /// /// Counts something.
    /// #[resourcery::endpoint(get, "/reports/count")]
    /// async fn count(window: Query<Window>) -> Result<i64, Problem> {
    ///     Ok(i64::from(window.days))
    /// }
    ///
    /// # async fn run(db: Db) -> Result<(), resourcery::Error> {
    /// let app = Api::new(db).endpoint::<count>().into_router()?;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn endpoint<E: crate::routes::endpoint::Endpoint>(mut self) -> Self {
        let meta = &E::META;
        for (id, name) in E::states() {
            self.needed_states.push((id, name, meta.name));
        }
        let handler = move |State(shared): State<Arc<Shared>>,
                            caller: Caller,
                            params: axum::extract::RawPathParams,
                            RawQuery(query): RawQuery,
                            headers: HeaderMap,
                            body: Bytes| {
            E::call(crate::routes::endpoint::Call {
                shared,
                params: params
                    .iter()
                    .map(|(name, value)| (name.to_owned(), value.to_owned()))
                    .collect(),
                query,
                headers,
                body,
                principal: caller.0,
            })
        };
        let method = crate::routes::endpoint::method(meta);
        let filter = axum::routing::MethodFilter::try_from(method.clone())
            .unwrap_or(axum::routing::MethodFilter::GET);
        self.routes.push(Route {
            method,
            path: meta.path.to_owned(),
            owner: meta.name,
            declared: meta.declared,
            handler: axum::routing::on(filter, handler),
            operation: E::operation(),
            allow: Allow::of_roles(meta.roles, meta.public),
        });
        self
    }

    /// Makes `value` available to function endpoints that take a `State<T>` argument;
    /// each request gets a clone.
    #[must_use]
    pub fn state<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.states
            .insert(std::any::TypeId::of::<T>(), Arc::new(value));
        self
    }

    /// Adds routes of your own (with their state already applied); they get the same
    /// problem handling, request ids and fallbacks as the generated ones.
    #[must_use]
    pub fn routes(mut self, router: Router) -> Self {
        self.extra = self.extra.merge(router);
        self
    }

    /// Registers the problem types of an error type of your own, usually an enum with
    /// `#[derive(resourcery::Problem)]`: `GET /problems/{slug}` then serves them, and the
    /// OpenAPI document lists them with the built-in ones in the `x-problem-types`
    /// extension of the `Problem` schema.
    ///
    /// A slug may be registered again with the same status and title (the first
    /// description is kept); with another status or title, or a built-in slug with other
    /// values, [`into_router`](Api::into_router) fails with [`Error::ProblemType`].
    ///
    /// ```
    /// use resourcery::prelude::*;
    ///
    /// #[derive(Debug, Problem)]
    /// pub enum PaymentError {
    ///     /// The card was declined by its issuer.
    ///     #[problem(status = 402, slug = "card-declined", title = "Card declined")]
    ///     Declined { reason: String },
    /// }
    ///
    /// # async fn run() -> Result<(), resourcery::Error> {
    /// let db = resourcery::Db::connect("sqlite::memory:").await?;
    /// let app = resourcery::Api::new(db).problems::<PaymentError>().into_router()?;
    /// # let _ = app; Ok(()) }
    /// ```
    #[must_use]
    pub fn problems<E: ProblemTypes>(mut self) -> Self {
        // Conflicting entries are kept too, so `into_router` can name both.
        let origin = std::any::type_name::<E>();
        for kind in E::TYPES {
            if !self.problem_types.iter().any(|(p, _)| p == kind) {
                self.problem_types.push((*kind, origin));
            }
        }
        self
    }

    /// Every problem type the API can answer with: the built-in ones, then the registered
    /// ones, each slug once.
    pub(crate) fn problem_registry(&self) -> (&str, Vec<ProblemType>) {
        let mut all: Vec<ProblemType> = ProblemType::ALL
            .iter()
            .chain(ProblemType::SERVER)
            .copied()
            .collect();
        for (kind, _) in &self.problem_types {
            if !all.iter().any(|p| p.slug == kind.slug) {
                all.push(*kind);
            }
        }
        (&self.problem_base, all)
    }

    /// The database the API serves.
    pub(crate) fn db(&self) -> &Db {
        &self.db
    }

    /// The OpenAPI 3.1 document of every registered route.
    pub fn openapi(&self) -> utoipa::openapi::OpenApi {
        document::document(self, &self.resources, &self.routes)
    }

    /// `file:line` of the declaration serving `method` (upper case) at `path`.
    #[cfg_attr(not(feature = "contract"), allow(dead_code))]
    pub(crate) fn declared(&self, method: &str, path: &str) -> Option<&'static str> {
        self.routes
            .iter()
            .find(|r| r.method.as_str() == method && r.path == path)
            .map(|r| r.declared)
    }

    pub(crate) fn info(&self) -> (&str, &str, Option<&str>) {
        (&self.title, &self.version, self.description.as_deref())
    }

    /// `servers` as given to the builder: URL and description.
    pub(crate) fn servers(&self) -> &[(String, Option<String>)] {
        &self.servers
    }

    /// `info.license` as given to the builder: name and SPDX identifier.
    pub(crate) fn license_of(&self) -> Option<&(String, String)> {
        self.license.as_ref()
    }

    pub(crate) fn validation_status_code(&self) -> StatusCode {
        self.validation_status
    }

    /// Checks the route table and builds the router: every resource route, `GET /openapi.json`,
    /// `GET /docs`, `GET /problems/{slug}`, and problem responses for unknown routes, wrong
    /// methods, oversized bodies and panics.
    pub fn into_router(self) -> Result<Router, Error> {
        if !self.config_errors.is_empty() {
            return Err(Error::StateMachine(self.config_errors.join("; ")));
        }
        if let Some((_, name, endpoint)) = self
            .needed_states
            .iter()
            .find(|(id, _, _)| !self.states.contains_key(id))
        {
            return Err(Error::MissingState(format!(
                "endpoint `{endpoint}` takes `State<{name}>`, but no `{name}` was registered; call `Api::state` with one"
            )));
        }
        check_routes(&self.routes)?;
        if self.auth.is_none()
            && let Some(meta) = self
                .resources
                .iter()
                .find(|m| m.owner.is_some() || m.tenant.is_some())
        {
            let field = meta.tenant.or(meta.owner).unwrap_or_default();
            return Err(Error::Auth(format!(
                "`{}` is scoped by its field `{field}`, which is set from the caller's token, but the API has no authentication; call `Api::auth`",
                meta.name
            )));
        }
        check_problem_types(&self.problem_types)?;
        self.settle_cursor_key();
        let (_, registry) = self.problem_registry();
        let registered: Arc<[ProblemType]> = Arc::from(registry);
        let problem_base: Arc<str> = Arc::from(self.problem_base.as_str());
        let document = self.openapi();
        let spec = Bytes::from(
            document
                .to_json()
                .map_err(|e| Error::OpenApi(e.to_string()))?,
        );
        let shared = Arc::new(Shared {
            db: self.db.clone(),
            states: self.states,
        });
        let problems = crate::problem::context::ProblemConfig {
            base: Arc::from(self.problem_base.as_str()),
            validation_status: self.validation_status,
            proxies: self.proxies,
        };

        let mut by_path: Vec<(String, MethodRouter<Arc<Shared>>)> = Vec::new();
        for mut route in self.routes {
            if let Some(auth) = &self.auth {
                route.handler = route.handler.route_layer(crate::auth::scope::Gate {
                    auth: auth.clone(),
                    allow: route.allow,
                    what: Arc::from(format!("{} {}", route.method, route.path)),
                });
            }
            match by_path.iter_mut().find(|(p, _)| *p == route.path) {
                Some((_, existing)) => {
                    let merged = std::mem::take(existing).merge(route.handler);
                    *existing = merged;
                }
                None => by_path.push((route.path, route.handler)),
            }
        }
        let extra = self.extra;
        // axum panics on overlapping routes it cannot see beforehand (the user's own routes
        // merged in); that becomes a start-up error rather than a crash.
        let assembled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            let mut router: Router<Arc<Shared>> = Router::new();
            for (path, handler) in by_path {
                router = router.route(&path, handler);
            }
            router
                .with_state(shared)
                .merge(extra)
                .route(
                    "/openapi.json",
                    get(move || {
                        let spec = spec.clone();
                        async move { ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], spec) }
                    }),
                )
                .merge(crate::openapi::docs::router())
                .route(
                    "/problems/{slug}",
                    get(move |slug: Path<String>| problem_type(slug, registered, problem_base)),
                )
        }))
        .map_err(|payload| {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Error::RouteConflict(format!(
                "a route added with `Api::routes` overlaps a generated or built-in one (`/openapi.json`, `/docs`, `/problems`): {message}"
            ))
        })?;
        let router = assembled
            .fallback(|method: Method, uri: axum::http::Uri| async move {
                Problem::new(ProblemType::NOT_FOUND)
                    .detail(format!("no route matches {method} {}", uri.path()))
                    .into_response()
            })
            .layer(DefaultBodyLimit::max(self.body_limit));
        // Inside the request context, so a `429` carries the request id like any problem.
        let router = match self.rate_limit {
            Some(limit) => {
                let limiter = Arc::new(crate::http::throttle::Limiter::new(limit));
                router.layer(crate::http::throttle::PerClient(limiter))
            }
            None => router,
        };
        let router = router
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(
                crate::http::context::panic_response,
            ))
            .layer(axum::middleware::from_fn(move |req, next| {
                crate::http::context::middleware(problems.clone(), req, next)
            }))
            .layer(crate::http::context::Detach);
        Ok(router)
    }
}

/// `GET /problems/{slug}`: the registry entry a problem's `type` points at, built-in or
/// registered with [`Api::problems`] (`registry` holds both), its `type` spelled as the
/// problems spell it (`base` and the slug).
async fn problem_type(
    Path(slug): Path<String>,
    registry: Arc<[ProblemType]>,
    base: Arc<str>,
) -> Response {
    let found = registry
        .iter()
        .copied()
        .find(|p| p.slug == slug)
        .or_else(|| {
            (slug == "http-error").then_some(ProblemType {
                slug: "http-error",
                status: 0,
                title: "HTTP error",
                description: "An HTTP error without a more specific problem type; the problem's `status` and `title` are the HTTP ones.",
            })
        });
    match found {
        Some(p) => axum::Json(serde_json::json!({
            "type": format!("{base}{slug}"), "title": p.title, "status": p.status, "description": p.description,
        }))
        .into_response(),
        None => Problem::new(ProblemType::NOT_FOUND)
            .detail(format!("no problem type `{slug}`"))
            .into_response(),
    }
}

/// A slug names one problem type: registering it with another status or title than a
/// built-in or an earlier registration is a start-up error naming both.
fn check_problem_types(registered: &[(ProblemType, &'static str)]) -> Result<(), Error> {
    let mut seen: Vec<(ProblemType, String)> = ProblemType::ALL
        .iter()
        .chain(ProblemType::SERVER)
        .map(|p| (*p, "built in".to_owned()))
        .collect();
    for (kind, origin) in registered {
        match seen.iter().find(|(p, _)| p.slug == kind.slug) {
            Some((p, first)) if p.status != kind.status || p.title != kind.title => {
                return Err(Error::ProblemType(format!(
                    "slug `{}` is registered as {} \"{}\" ({first}) and as {} \"{}\" (by `{origin}`); a slug names one problem type, so rename one of them",
                    kind.slug, p.status, p.title, kind.status, kind.title
                )));
            }
            Some(_) => {}
            None => seen.push((*kind, format!("by `{origin}`"))),
        }
    }
    Ok(())
}

/// Two declarations of one method on one path (parameter names aside) is a start-up error
/// naming both, where axum would panic.
fn check_routes(routes: &[Route]) -> Result<(), Error> {
    for route in routes {
        let reserved = ["/openapi.json", "/docs", "/problems", "/health", "/metrics"];
        if let Some(r) = reserved
            .iter()
            .find(|r| route.path == **r || route.path.starts_with(&format!("{r}/")))
        {
            return Err(Error::RouteConflict(format!(
                "`{} {}` of `{}` collides with `{r}`, which the API serves itself; choose another path",
                route.method, route.path, route.owner
            )));
        }
    }
    let mut seen: HashMap<(String, &Method), (&str, &str)> = HashMap::new();
    let mut shapes: HashMap<String, (&str, &str)> = HashMap::new();
    for route in routes {
        let shape = shape(&route.path);
        if let Some((other, owner)) = shapes.get(&shape)
            && *other != route.path
        {
            return Err(Error::RouteConflict(format!(
                "`{}` of `{}` and `{other}` of `{owner}` differ only in parameter names; use the same names",
                route.path, route.owner
            )));
        }
        shapes.insert(shape.clone(), (&route.path, route.owner));
        if let Some((owner, path)) = seen.insert((shape, &route.method), (route.owner, &route.path))
        {
            return Err(Error::RouteConflict(format!(
                "`{} {}` is declared by both `{owner}` (as `{path}`) and `{}`",
                route.method, route.path, route.owner
            )));
        }
    }
    Ok(())
}

/// A path template without its parameter names: `/orders/{id}` and `/orders/{orderId}`
/// are the same route.
pub(crate) fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

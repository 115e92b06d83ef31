//! The five CRUD handlers, generic over [`Resource`]: decode the request, run the resource's
//! fixed statement with bound values, and answer with JSON or a problem.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use serde::de::DeserializeOwned;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use sqlx::Arguments;
use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteArguments;

use crate::auth::scope::{Caller, Scope};
use crate::db::Pool;
use crate::db::fault::{Doing, bind_failed, db_problem, on_backend};
use crate::http::json;
use crate::list::cursor::Direction;
use crate::list::{self, ListPlan, Window};
use crate::model::{Operations, ResourceMeta};
use crate::problem::{Problem, ProblemType};
use crate::routes::resource::Resource;
use crate::routes::{Route, Shared};
use crate::sql::Variant;
use crate::sql::resource::{Scoped, Statements};
use crate::validate::Violations;

pub(crate) mod doc;

type Ctx = State<Arc<Shared>>;

/// Serializes a resource as its response shape (readable fields only).
pub(crate) struct Out<'a, R>(pub(crate) &'a R);

impl<R: Resource> Serialize for Out<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        R::serialize_response(self.0, serializer)
    }
}

struct Items<'a, R>(&'a [R]);

impl<R: Resource> Serialize for Items<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Out))
    }
}

struct Page<'a, R> {
    items: &'a [R],
    /// The members' names: `ListOptions::items` and `::page`.
    names: (&'static str, &'static str),
    info: PageInfo,
}

/// The `page` member; members in the order they have always had (sorted by name).
#[derive(serde::Serialize)]
#[serde(untagged)]
enum PageInfo {
    Keyset {
        has_next: bool,
        has_prev: bool,
        limit: usize,
        next_cursor: Option<String>,
        prev_cursor: Option<String>,
    },
    Offset {
        has_next: bool,
        has_prev: bool,
        page: u64,
        page_size: u64,
        total_count: u64,
        total_pages: u64,
    },
}

impl<R: Resource> Serialize for Page<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Page", 2)?;
        s.serialize_field(self.names.0, &Items(self.items))?;
        s.serialize_field(self.names.1, &self.info)?;
        s.end()
    }
}

pub(crate) fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    json_response_sized(status, body, 128).0
}

/// `body` as JSON, written into a buffer that starts with `capacity` bytes, and the length
/// written: a list page starts as large as the last one, instead of doubling its way up.
pub(crate) fn json_response_sized(
    status: StatusCode,
    body: &impl Serialize,
    capacity: usize,
) -> (Response, usize) {
    let mut bytes = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut bytes, body) {
        Ok(()) => {
            let written = bytes.len();
            let mut response = (status, bytes).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            (response, written)
        }
        Err(e) => (Problem::internal(e).into_response(), 0),
    }
}

pub(crate) fn not_found(meta: &ResourceMeta, id: uuid::Uuid) -> Problem {
    Problem::new(ProblemType::NOT_FOUND).detail(format!("no {} with id {id}", meta.name))
}

pub(crate) fn parse_id(meta: &ResourceMeta, raw: &str) -> Result<uuid::Uuid, Problem> {
    uuid::Uuid::try_parse(raw).map_err(|_| {
        Problem::new(ProblemType::MALFORMED_REQUEST)
            .detail(format!(
                "`{raw}` is not a valid {} id: expected a UUID",
                meta.name
            ))
            .with("parameter", "id")
    })
}

fn decode_body<R: Resource, T: DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    diagnose: json::Diagnose,
) -> Result<T, Problem> {
    json::check_content_type(headers)?;
    json::from_slice(body, &R::META, diagnose)
}

/// The statement `pick` of `R` in the variant of a request's scope: the resource's own
/// conditions, then the scope's, bound in that order.
pub(crate) fn statement<R: Resource>(
    scope: &Scope,
    pick: fn(&'static Statements) -> &'static Scoped,
    b: usize,
) -> &'static str {
    pick(R::statements()).get(scope.variant(), b)
}

/// Checks the ids a client wrote into references to a tenant's rows (see
/// [`check_references`](crate::auth::scope::check_references)); nothing to do for most
/// resources.
async fn check_references<R: Resource>(
    shared: &Shared,
    caller: &Caller,
    ids: impl FnOnce() -> Vec<(&'static str, uuid::Uuid)>,
) -> Result<(), Problem> {
    let references = &R::statements().references;
    if references.is_empty() {
        return Ok(());
    }
    crate::auth::scope::check_references(references, &shared.db, caller.principal(), ids()).await
}

pub(crate) async fn create<R: Resource>(
    State(shared): Ctx,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let scope = Scope::of(&R::META, caller.principal())?;
    scope.owned(&R::META)?;
    let input: R::Create = decode_body::<R, _>(&headers, &body, R::diagnose_create)?;
    let mut violations = Violations::new();
    let mut row = R::from_create(input, crate::db::now(), &mut violations);
    row.assign_scope(scope.owner.as_ref(), scope.tenant.as_ref());
    check_row(&shared, &row, violations).await?;
    check_references::<R>(&shared, &caller, || row.reference_ids()).await?;
    on_backend!(shared.db, |pool, args, b| {
        row.bind_insert(&mut args).map_err(bind_failed)?;
        sqlx::query_with(&R::statements().insert[b], args)
            .execute(pool)
            .await
            .map_err(|e| db_problem(&R::META, e, Doing::Writing))?;
    });
    let mut response = json_response(StatusCode::CREATED, &Out(&row));
    let location = format!("{}/{}", uri.path().trim_end_matches('/'), row.id());
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

pub(crate) async fn get<R: Resource>(
    State(shared): Ctx,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let scope = Scope::of(&R::META, caller.principal())?;
    let id = parse_id(&R::META, &raw)?;
    let row: R = fetch_one(&shared, &scope, id).await?;
    Ok(json_response(StatusCode::OK, &Out(&row)))
}

pub(crate) async fn list<R: Resource>(
    State(shared): Ctx,
    plan: Arc<ListPlan>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, Problem> {
    let scope = Scope::of(&R::META, caller.principal())?;
    let raw_query = uri.query().unwrap_or("");
    let mut query = list::parse(&plan, raw_query)?;
    query.scope_to(scope.predicates(&R::META), scope.variant());
    let st = list::select(&plan, shared.db.backend(), &query);
    let mut rows: Vec<R> = fetch_rows(&shared, &st).await?;
    let (info, links) = match &query.window {
        Window::Keyset { limit, cursor } => {
            let more = rows.len() > *limit;
            rows.truncate(*limit);
            let backward = cursor
                .as_ref()
                .is_some_and(|c| c.direction == Direction::Before);
            if backward {
                rows.reverse();
            }
            let (has_next, has_prev) = if backward {
                (true, more)
            } else {
                (more, cursor.is_some())
            };
            let anchor = |row: &R, direction: Direction| {
                let keys = query
                    .sort
                    .iter()
                    .map(|k| row.sort_key(k.field))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        Problem::internal(format!("a sort key of {} cannot be read", R::META.name))
                    })?;
                Ok::<_, Problem>(crate::list::cursor::encode(
                    &plan,
                    &query.signature,
                    direction,
                    &keys,
                ))
            };
            let next = rows
                .last()
                .filter(|_| has_next)
                .map(|row| anchor(row, Direction::After))
                .transpose()?;
            let prev = rows
                .first()
                .filter(|_| has_prev)
                .map(|row| anchor(row, Direction::Before))
                .transpose()?;
            let links = link_header(uri.path(), raw_query, next.as_deref(), prev.as_deref());
            let info = PageInfo::Keyset {
                has_next,
                has_prev,
                limit: *limit,
                next_cursor: next,
                prev_cursor: prev,
            };
            (info, links)
        }
        Window::Offset { page, page_size } => {
            let has_next = rows.len() as u64 > *page_size;
            rows.truncate(usize::try_from(*page_size).unwrap_or(usize::MAX));
            let total =
                count_rows::<R>(&shared, &list::count(&plan, shared.db.backend(), &query)).await?;
            let info = PageInfo::Offset {
                has_next,
                has_prev: *page > 1,
                page: *page,
                page_size: *page_size,
                total_count: total,
                total_pages: total.div_ceil(*page_size),
            };
            (info, None)
        }
    };
    let last = plan.page_bytes.load(Ordering::Relaxed);
    let (mut response, written) = json_response_sized(
        StatusCode::OK,
        &Page {
            items: &rows,
            names: (R::META.list.items, R::META.list.page),
            info,
        },
        (last + last / 8).max(128),
    );
    plan.page_bytes.store(written, Ordering::Relaxed);
    if let Some(value) = links.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LINK, value);
    }
    Ok(response)
}

async fn fetch_rows<R: Resource>(shared: &Shared, st: &list::Statement) -> Result<Vec<R>, Problem> {
    on_backend!(shared.db, st, |pool, args| {
        let rows = sqlx::query_with(st.text(), args).fetch_all(pool).await;
        let rows = rows.map_err(|e| db_problem(&R::META, e, Doing::Reading))?;
        rows.iter()
            .map(R::from_row)
            .collect::<Result<Vec<R>, _>>()
            .map_err(Problem::internal)
    })
}

async fn count_rows<R: Resource>(shared: &Shared, st: &list::Statement) -> Result<u64, Problem> {
    let count: i64 = on_backend!(shared.db, st, |pool, args| {
        sqlx::query_scalar_with(st.text(), args)
            .fetch_one(pool)
            .await
            .map_err(|e| db_problem(&R::META, e, Doing::Reading))?
    });
    Ok(u64::try_from(count).unwrap_or(0))
}

/// RFC 8288 links to the neighbouring pages: the same query with another cursor. The
/// query's pairs are kept as they were sent (already encoded; only a key is decoded, to
/// find `cursor`), and cursors are base64url, so nothing is encoded again.
fn link_header(path: &str, query: &str, next: Option<&str>, prev: Option<&str>) -> Option<String> {
    if next.is_none() && prev.is_none() {
        return None;
    }
    let is_cursor = |pair: &str| {
        let key = pair.split_once('=').map_or(pair, |(k, _)| k);
        key == "cursor"
            || (key.contains('%') && percent_encoding::percent_decode_str(key).eq(*b"cursor"))
    };
    let mut out = String::with_capacity(2 * (path.len() + query.len() + 120));
    for (cursor, rel) in [(next, "next"), (prev, "prev")] {
        let Some(cursor) = cursor else { continue };
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push('<');
        out.push_str(path);
        out.push('?');
        for pair in query.split('&').filter(|p| !p.is_empty() && !is_cursor(p)) {
            out.push_str(pair);
            out.push('&');
        }
        out.push_str("cursor=");
        out.push_str(cursor);
        out.push_str(">; rel=\"");
        out.push_str(rel);
        out.push('"');
    }
    Some(out)
}

pub(crate) async fn update<R: Resource>(
    State(shared): Ctx,
    caller: Caller,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let scope = Scope::of(&R::META, caller.principal())?;
    let id = parse_id(&R::META, &raw)?;
    let patch: R::Patch = decode_body::<R, _>(&headers, &body, R::diagnose_patch)?;
    let mut violations = Violations::new();
    R::check_patch(&patch, &mut violations);
    if !violations.is_empty() {
        return Err(Problem::validation(violations));
    }
    check_references::<R>(&shared, &caller, || R::patch_reference_ids(&patch)).await?;
    if !R::META.row_rules.is_empty() {
        return update_checked::<R>(&shared, &scope, id, patch).await;
    }
    let now = crate::db::now();
    let row = on_backend!(shared.db, |pool, args, b| {
        R::bind_patch(&patch, &now, &mut args).map_err(bind_failed)?;
        args.add(id).map_err(bind_failed)?;
        scope.bind(&mut args)?;
        let sql = statement::<R>(&scope, |s| &s.update, b);
        match sqlx::query_with(sql, args).fetch_optional(pool).await {
            Ok(Some(row)) => R::from_row(&row).map_err(Problem::internal)?,
            Ok(None) => return Err(not_found(&R::META, id)),
            Err(e) => return Err(db_problem(&R::META, e, Doing::Writing)),
        }
    });
    Ok(json_response(StatusCode::OK, &Out(&row)))
}

/// Runs the struct-level rules on a row about to be stored; the rules with database
/// access run only when everything else holds, so an invalid body never reaches the
/// database.
async fn check_row<R: Resource>(
    shared: &Shared,
    row: &R,
    mut violations: Violations,
) -> Result<(), Problem> {
    // Struct-level rules compare fields that each passed their own rules; the rules with
    // database access run last, so invalid input never costs a query.
    if !R::META.row_rules.is_empty() && violations.is_empty() {
        row.check_row(&mut violations);
        if violations.is_empty() {
            row.check_with_db(&shared.db, &mut violations).await?;
        }
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(Problem::validation(violations))
    }
}

/// An update of a resource with struct-level rules: the rules see the row as it would be
/// stored. The rules with database access run on the merged row first, outside any
/// transaction (they may take their time and use other connections); then, in one
/// transaction holding the row, the patch is merged again into the current row, the
/// synchronous rules are checked once more and the row is written, so a concurrent update
/// cannot slip an invalid combination past them.
async fn update_checked<R: Resource>(
    shared: &Shared,
    scope: &Scope,
    id: uuid::Uuid,
    mut patch: R::Patch,
) -> Result<Response, Problem> {
    let mut row: R = fetch_one::<R>(shared, scope, id).await?;
    row.swap_patch(&mut patch);
    check_row(shared, &row, Violations::new()).await?;
    // The patch holds the row's old values now; swapping back restores its own.
    row.swap_patch(&mut patch);
    let now = crate::db::now();
    // Every early exit rolls back explicitly: a transaction merely dropped would hold the
    // row lock until its connection is next used.
    macro_rules! write_locked {
        ($tx:ident, $args:ident, $b:expr) => {{
            let written: Result<R, Problem> = async {
                let mut lock = $args::default();
                lock.add(id).map_err(bind_failed)?;
                scope.bind(&mut lock)?;
                let lock_sql = statement::<R>(scope, |s| &s.lock, $b);
                let current = sqlx::query_with(lock_sql, lock)
                    .fetch_optional(&mut *$tx)
                    .await
                    .map_err(|e| db_problem(&R::META, e, Doing::Reading))?
                    .ok_or_else(|| not_found(&R::META, id))?;
                let mut row = R::from_row(&current).map_err(Problem::internal)?;
                row.swap_patch(&mut patch);
                let mut violations = Violations::new();
                row.check_row(&mut violations);
                if !violations.is_empty() {
                    return Err(Problem::validation(violations));
                }
                let mut replace = $args::default();
                row.bind_replace(&now, &mut replace).map_err(bind_failed)?;
                scope.bind(&mut replace)?;
                let replace_sql = statement::<R>(scope, |s| &s.replace, $b);
                let stored = sqlx::query_with(replace_sql, replace)
                    .fetch_one(&mut *$tx)
                    .await
                    .map_err(|e| db_problem(&R::META, e, Doing::Writing))?;
                R::from_row(&stored).map_err(Problem::internal)
            }
            .await;
            match written {
                Ok(stored) => {
                    $tx.commit()
                        .await
                        .map_err(|e| db_problem(&R::META, e, Doing::Writing))?;
                    stored
                }
                Err(problem) => {
                    // The problem is the answer; a failed rollback only closes the connection.
                    let _ = $tx.rollback().await;
                    return Err(problem);
                }
            }
        }};
    }
    let stored = match &shared.db.pool {
        Pool::Sqlite(pool) => {
            // IMMEDIATE takes the write lock now, so the read and the write see one state.
            let mut tx = pool
                .begin_with("BEGIN IMMEDIATE")
                .await
                .map_err(|e| db_problem(&R::META, e, Doing::Writing))?;
            write_locked!(tx, SqliteArguments, 0)
        }
        Pool::Postgres(pool) => {
            let mut tx = pool
                .begin()
                .await
                .map_err(|e| db_problem(&R::META, e, Doing::Writing))?;
            write_locked!(tx, PgArguments, 1)
        }
    };
    Ok(json_response(StatusCode::OK, &Out(&stored)))
}

/// The row with this id within the scope, or 404.
pub(crate) async fn fetch_one<R: Resource>(
    shared: &Shared,
    scope: &Scope,
    id: uuid::Uuid,
) -> Result<R, Problem> {
    let found = on_backend!(shared.db, |pool, args, b| {
        args.add(id).map_err(bind_failed)?;
        scope.bind(&mut args)?;
        let sql = statement::<R>(scope, |s| &s.get, b);
        match sqlx::query_with(sql, args).fetch_optional(pool).await {
            Ok(Some(row)) => Some(R::from_row(&row).map_err(Problem::internal)?),
            Ok(None) => None,
            Err(e) => return Err(db_problem(&R::META, e, Doing::Reading)),
        }
    });
    found.ok_or_else(|| not_found(&R::META, id))
}

impl crate::db::Db {
    /// The stored `R` with this id, read with the statement its `get` route uses; for
    /// rules and handlers of your own.
    ///
    /// ```no_run
    /// # use resourcery::prelude::*;
    /// # #[resource(path = "/customers")]
    /// # pub struct Customer { #[field(id)] pub id: Uuid, pub suspended: bool }
    /// # async fn run(db: Db, id: Uuid) -> Result<(), Problem> {
    /// let customer: Option<Customer> = db.get(id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get<R: Resource>(&self, id: uuid::Uuid) -> Result<Option<R>, Problem> {
        Ok(on_backend!(self, |pool, args, b| {
            args.add(id).map_err(bind_failed)?;
            match sqlx::query_with(R::statements().get.get(Variant::Unscoped, b), args)
                .fetch_optional(pool)
                .await
            {
                Ok(Some(row)) => Some(R::from_row(&row).map_err(Problem::internal)?),
                Ok(None) => None,
                Err(e) => return Err(db_problem(&R::META, e, Doing::Reading)),
            }
        }))
    }
}

impl crate::db::Db {
    /// Stores `row` with the statement its `create` route uses, without the route's
    /// checks: for seeding and for rows your own code builds.
    ///
    /// ```no_run
    /// # use resourcery::prelude::*;
    /// # #[resource(path = "/tags")]
    /// # pub struct Tag { #[field(id)] pub id: Uuid, pub name: String }
    /// # async fn run(db: Db) -> Result<(), Problem> {
    /// db.insert(&Tag { id: Uuid::now_v7(), name: "tea".into() }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn insert<R: Resource>(&self, row: &R) -> Result<(), Problem> {
        on_backend!(self, |pool, args, b| {
            row.bind_insert(&mut args).map_err(bind_failed)?;
            sqlx::query_with(&R::statements().insert[b], args)
                .execute(pool)
                .await
                .map_err(|e| db_problem(&R::META, e, Doing::Writing))?;
        });
        Ok(())
    }
}

pub(crate) async fn delete<R: Resource>(
    State(shared): Ctx,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let scope = Scope::of(&R::META, caller.principal())?;
    let id = parse_id(&R::META, &raw)?;
    let affected = on_backend!(shared.db, |pool, args, b| {
        args.add(id).map_err(bind_failed)?;
        scope.bind(&mut args)?;
        let sql = statement::<R>(&scope, |s| &s.delete, b);
        sqlx::query_with(sql, args)
            .execute(pool)
            .await
            .map_err(|e| db_problem(&R::META, e, Doing::Deleting))?
            .rows_affected()
    });
    if affected == 0 {
        return Err(not_found(&R::META, id));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The five CRUD routes of `R` that its `operations(...)` serves, each with its
/// operation and its access rule.
pub(crate) fn routes<R: Resource>(plan: Arc<ListPlan>) -> Vec<Route> {
    let meta = &R::META;
    let item = format!("{}/{{id}}", meta.path.trim_end_matches('/'));
    let list = move |state: Ctx, caller: Caller, uri: OriginalUri| {
        self::list::<R>(state, plan.clone(), caller, uri)
    };
    let all: [(Operations, Method, &str, MethodRouter<Arc<Shared>>); 5] = [
        (
            Operations::CREATE,
            Method::POST,
            meta.path,
            axum::routing::post(create::<R>),
        ),
        (
            Operations::LIST,
            Method::GET,
            meta.path,
            axum::routing::get(list),
        ),
        (
            Operations::GET,
            Method::GET,
            &item,
            axum::routing::get(get::<R>),
        ),
        (
            Operations::UPDATE,
            Method::PATCH,
            &item,
            axum::routing::patch(update::<R>),
        ),
        (
            Operations::DELETE,
            Method::DELETE,
            &item,
            axum::routing::delete(delete::<R>),
        ),
    ];
    all.into_iter()
        .filter(|(op, ..)| meta.operations.contains(*op))
        .map(|(op, method, path, handler)| Route {
            method,
            path: path.to_owned(),
            owner: meta.name,
            declared: meta.declared,
            handler,
            operation: doc::operation(meta, op),
            allow: doc::allow(&meta.access, op),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_keeps_the_query_and_swaps_the_cursor() {
        let links = link_header(
            "/orders",
            "sort=-quantity&cursor=old&status=pending",
            Some("N"),
            Some("P"),
        )
        .unwrap();
        assert_eq!(
            links,
            "</orders?sort=-quantity&status=pending&cursor=N>; rel=\"next\", </orders?sort=-quantity&status=pending&cursor=P>; rel=\"prev\""
        );
        assert_eq!(link_header("/orders", "", None, None), None);
        // Pairs stay as sent; an encoded `cursor` key is still the cursor.
        assert_eq!(
            link_header(
                "/o",
                "name=caf%C3%A9+au+lait&%63ursor=x&limit=2",
                Some("N"),
                None
            )
            .unwrap(),
            "</o?name=caf%C3%A9+au+lait&limit=2&cursor=N>; rel=\"next\""
        );
    }
}

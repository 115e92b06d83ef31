//! The order endpoints, written directly on axum and sqlx: verify the caller, decode,
//! check, one statement (or one transaction) within the caller's scope, answer.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::error::Category;
use sqlx::types::Json;
use uuid::Uuid;

use super::auth::{Caller, Scope};
use super::cursor::{Cursor, Direction};
use super::model::{
    BodyKind, CancelRequest, Customer, Guard, Member, NewOrder, Order, OrderPatch, Product,
    ReturnRequest, Status, Transition, allowed,
};
use super::problem::{Kind, Problem, Violation};
use super::{Pool, Twin, rules, sql};

/// Runs `$body` with `$pool` bound to the pool, `$sql` to its dialect's statements and `$b`
/// to the backend's index (0 SQLite, 1 PostgreSQL), so each query is written once.
macro_rules! on_pool {
    ($twin:expr, |$pool:ident, $sql:ident, $b:ident| $body:expr) => {
        match &$twin.pool {
            Pool::Sqlite($pool) => {
                let ($sql, $b) = (&sql::SQLITE, 0usize);
                let _ = ($sql, $b);
                $body
            }
            Pool::Postgres($pool) => {
                let ($sql, $b) = (&sql::POSTGRES, 1usize);
                let _ = ($sql, $b);
                $body
            }
        }
    };
}

/// Binds the scope's predicates, `"store" = ?` and, for a customer, `"customer_id" = ?`,
/// after the statement's own values.
macro_rules! bind_scope {
    ($query:expr, $scope:expr) => {{
        let query = $query.bind($scope.store.as_str());
        if $scope.own_rows_only {
            query.bind($scope.customer)
        } else {
            query
        }
    }};
}

/// The current time at PostgreSQL's precision, so what create answers is what get reads.
fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}

fn json(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let mut response = (status, bytes).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(e) => Problem::internal(e).into_response(),
    }
}

fn parse_id(raw: &str) -> Result<Uuid, Problem> {
    Uuid::try_parse(raw).map_err(|_| {
        Problem::new(Kind::MALFORMED)
            .detail(format!("`{raw}` is not a valid Order id: expected a UUID"))
            .with("parameter", "id")
    })
}

fn not_found(id: Uuid) -> Problem {
    Problem::new(Kind::NOT_FOUND).detail(format!("no Order with id {id}"))
}

fn db_error(error: sqlx::Error) -> Problem {
    match &error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            Problem::new(Kind::UNAVAILABLE).detail("the database is unavailable; retry shortly")
        }
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            // PostgreSQL names the constraint; SQLite does not, so both references are suspects.
            match db.constraint() {
                Some("orders_customer_id_fkey") => Problem::new(Kind::REFERENCE)
                    .detail("`customer_id` must name an existing Customer")
                    .with("field", "customer_id")
                    .with("relation", "Customer"),
                Some("orders_product_id_fkey") => Problem::new(Kind::REFERENCE)
                    .detail("`product_id` must name an existing Product")
                    .with("field", "product_id")
                    .with("relation", "Product"),
                _ => Problem::new(Kind::REFERENCE).detail(
                    "one of `customer_id`, `product_id` names a resource that does not exist",
                ),
            }
        }
        _ => Problem::internal(error),
    }
}

fn param_problem(parameter: &str, detail: String) -> Problem {
    Problem::new(Kind::MALFORMED)
        .detail(detail)
        .with("parameter", parameter.to_owned())
}

/// Whether the JSON text holds a `\u0000` escape, which PostgreSQL cannot store.
fn has_nul_escape(body: &[u8]) -> bool {
    let mut i = 0;
    while let Some(offset) = body[i..].iter().position(|b| *b == b'\\') {
        let at = i + offset;
        if body.get(at + 1) == Some(&b'u') && body.get(at + 2..at + 6) == Some(b"0000") {
            return true;
        }
        i = at + 2;
        if i >= body.len() {
            break;
        }
    }
    false
}

/// The violation a serde data error describes (its first one; serde stops there).
fn serde_violation(error: &serde_json::Error) -> Violation {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => &message,
    };
    let quoted = |rest: &str| rest.split('`').nth(1).unwrap_or_default().to_owned();
    if let Some(rest) = message.strip_prefix("missing field ") {
        let name = quoted(rest);
        return Violation::new(
            format!("/{name}"),
            "required",
            format!("`{name}` is required"),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let name = quoted(rest);
        let pointer = format!("/{name}");
        return match name.as_str() {
            "id" => Violation::new(
                pointer,
                "read_only",
                "`id` is generated by the server and cannot be set",
            ),
            // The owner and the store come from the caller's token.
            "created_at" | "updated_at" | "customer_id" | "store" => Violation::new(
                pointer,
                "read_only",
                format!("`{name}` is read-only: the server sets it"),
            ),
            "status" => Violation::new(
                pointer,
                "state_field",
                "`status` changes only through its transitions: POST /orders/{id}/{action} with one of confirm, ship, deliver, cancel, request_return",
            ),
            _ => Violation::new(pointer, "unknown_field", message),
        };
    }
    if message.starts_with("invalid type: null") {
        return Violation::new("", "not_null", message);
    }
    let code = if message.starts_with("unknown variant") {
        "enum"
    } else {
        "type"
    };
    Violation::new("", code, message)
}

/// `application/json`, or any `application/*+json`.
fn check_content_type(headers: &HeaderMap) -> Result<(), Problem> {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    match essence.as_deref() {
        Some("application/json") => Ok(()),
        Some(t) if t.starts_with("application/") && t.ends_with("+json") => Ok(()),
        Some(other) => Err(Problem::new(Kind::MEDIA_TYPE)
            .detail(format!("the body must be application/json, not `{other}`"))),
        None => Err(Problem::new(Kind::MEDIA_TYPE)
            .detail("the request has no Content-Type; send the body as application/json")),
    }
}

/// A JSON body: `application/json` (or `application/*+json`), an object, no NUL.
fn decode<T: DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, Problem> {
    check_content_type(headers)?;
    let syntax = |e: &serde_json::Error| {
        let detail = if body.iter().all(u8::is_ascii_whitespace) {
            "the request body is empty; send a JSON object".to_owned()
        } else {
            format!("the body is not valid JSON: {e}")
        };
        Problem::new(Kind::MALFORMED)
            .detail(detail)
            .with("line", e.line())
            .with("column", e.column())
    };
    if body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b != b'{')
    {
        return match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
            Ok(_) => Err(Problem::validation(vec![Violation::new(
                "",
                "type",
                "the body must be a JSON object with the fields of Order",
            )])),
            Err(e) => Err(syntax(&e)),
        };
    }
    if has_nul_escape(body) {
        return Err(Problem::validation(vec![Violation::new(
            "",
            "nul_character",
            "the body contains the NUL character (\\u0000), which cannot be stored",
        )]));
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        Category::Data => Problem::validation(vec![serde_violation(&e)]),
        _ => syntax(&e),
    })
}

/// The shop's rule with database access: a suspended customer cannot order. It reads the
/// whole customer, as the shop's `db.get::<Customer>` does.
async fn check_customer(
    twin: &Twin,
    order: &Order,
    errors: &mut Vec<Violation>,
) -> Result<(), Problem> {
    let customer = on_pool!(twin, |pool, sql, b| {
        match sqlx::query(sql.customer)
            .bind(order.customer_id)
            .fetch_optional(pool)
            .await
            .map_err(db_error)?
        {
            Some(row) => Some(Customer::from_row(&row).map_err(Problem::internal)?),
            None => None,
        }
    });
    if customer.is_some_and(|c| c.suspended) {
        // The customer is the caller, not a member of the body.
        errors.push(Violation::new(
            "",
            "customer_suspended",
            "your customer account is suspended and cannot order",
        ));
    }
    Ok(())
}

/// The order with this id within the caller's scope, or 404.
async fn fetch(twin: &Twin, scope: &Scope, id: Uuid) -> Result<Order, Problem> {
    let row = on_pool!(twin, |pool, sql, b| {
        let get = sqlx::query(sql.get.pick(scope.own_rows_only)).bind(id);
        match bind_scope!(get, scope)
            .fetch_optional(pool)
            .await
            .map_err(db_error)?
        {
            Some(row) => Order::from_row(&row).map_err(Problem::internal)?,
            None => return Err(not_found(id)),
        }
    });
    Ok(row)
}

/// `GET /orders/{id}`.
pub(crate) async fn get(
    State(twin): State<Arc<Twin>>,
    caller: Caller,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let scope = caller.scope(&[], "GET /orders/{id}")?;
    let id = parse_id(&raw)?;
    let order = fetch(&twin, &scope, id).await?;
    Ok(json(StatusCode::OK, &order))
}

/// `POST /orders`: customers only; the order is theirs, in their store.
pub(crate) async fn create(
    State(twin): State<Arc<Twin>>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let scope = caller.scope(&["customer"], "POST /orders")?;
    let customer = scope.customer.ok_or_else(super::auth::cannot_own)?;
    let input: NewOrder = decode(&headers, &body)?;
    let mut errors = Vec::new();
    rules::check_quantity(input.quantity, &mut errors);
    if let Member::Value(lines) = &input.lines {
        rules::check_lines(lines, &mut errors);
    }
    if let Some(address) = &input.shipping_address {
        rules::check_address(address, &mut errors);
    }
    if let Some(note) = &input.note {
        rules::check_note(note, &mut errors);
    }
    let lines = match input.lines {
        Member::Value(lines) => lines,
        Member::Absent => Vec::new(),
        Member::Null => {
            errors.push(Violation::new(
                "/lines",
                "not_null",
                "`lines` cannot be null; leave it out to use its default",
            ));
            Vec::new()
        }
    };
    let now = now();
    let order = Order {
        id: Uuid::now_v7(),
        customer_id: customer,
        store: scope.store,
        product_id: input.product_id,
        quantity: input.quantity,
        lines,
        shipping_address: input.shipping_address,
        status: Status::Pending,
        note: input.note,
        created_at: now,
        updated_at: now,
    };
    // Cross-field rules only on valid fields, and the database only when all else holds.
    if errors.is_empty() {
        rules::check_order(&order, &mut errors);
        if errors.is_empty() {
            check_customer(&twin, &order, &mut errors).await?;
        }
    }
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    on_pool!(twin, |pool, sql, b| {
        sqlx::query(sql.insert)
            .bind(order.id)
            .bind(order.customer_id)
            .bind(order.store.as_str())
            .bind(order.product_id)
            .bind(order.quantity)
            .bind(Json(&order.lines))
            .bind(order.shipping_address.as_ref().map(Json))
            .bind(order.status.as_str())
            .bind(order.note.as_deref())
            .bind(order.created_at)
            .bind(order.updated_at)
            .execute(pool)
            .await
            .map_err(db_error)?;
    });
    let mut response = json(StatusCode::CREATED, &order);
    if let Ok(location) = HeaderValue::from_str(&format!("/orders/{}", order.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `PATCH /orders/{id}`: the order has cross-field rules, so the patch is merged into the
/// stored row and checked (with the customer rule) first, then merged again into the row
/// locked in a transaction, checked again and written. Customers change their own orders,
/// staff any of their store's.
pub(crate) async fn update(
    State(twin): State<Arc<Twin>>,
    caller: Caller,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let scope = caller.scope(&["customer", "staff"], "PATCH /orders/{id}")?;
    let id = parse_id(&raw)?;
    let patch: OrderPatch = decode(&headers, &body)?;
    let mut errors = Vec::new();
    for (name, null) in [
        ("product_id", matches!(patch.product_id, Member::Null)),
        ("quantity", matches!(patch.quantity, Member::Null)),
        ("lines", matches!(patch.lines, Member::Null)),
    ] {
        if null {
            errors.push(Violation::new(
                format!("/{name}"),
                "not_null",
                format!("`{name}` cannot be null"),
            ));
        }
    }
    if let Member::Value(quantity) = patch.quantity {
        rules::check_quantity(quantity, &mut errors);
    }
    if let Member::Value(lines) = &patch.lines {
        rules::check_lines(lines, &mut errors);
    }
    if let Member::Value(address) = &patch.shipping_address {
        rules::check_address(address, &mut errors);
    }
    if let Member::Value(note) = &patch.note {
        rules::check_note(note, &mut errors);
    }
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    let mut merged = fetch(&twin, &scope, id).await?;
    patch.clone().apply(&mut merged);
    rules::check_order(&merged, &mut errors);
    if errors.is_empty() {
        check_customer(&twin, &merged, &mut errors).await?;
    }
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    let now = now();
    let stored = on_pool!(twin, |pool, sql, b| {
        let mut tx = match sql.begin {
            Some(begin) => pool.begin_with(begin).await,
            None => pool.begin().await,
        }
        .map_err(db_error)?;
        let written: Result<Order, Problem> = async {
            let lock = sqlx::query(sql.lock.pick(scope.own_rows_only)).bind(id);
            let row = bind_scope!(lock, scope)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| not_found(id))?;
            let mut order = Order::from_row(&row).map_err(Problem::internal)?;
            patch.apply(&mut order);
            let mut errors = Vec::new();
            rules::check_order(&order, &mut errors);
            if !errors.is_empty() {
                return Err(Problem::validation(errors));
            }
            let replace = sqlx::query(sql.replace.pick(scope.own_rows_only))
                .bind(order.product_id)
                .bind(order.quantity)
                .bind(Json(&order.lines))
                .bind(order.shipping_address.as_ref().map(Json))
                .bind(order.note.as_deref())
                .bind(now)
                .bind(id);
            let row = bind_scope!(replace, scope)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_error)?;
            Order::from_row(&row).map_err(Problem::internal)
        }
        .await;
        match written {
            Ok(order) => {
                tx.commit().await.map_err(db_error)?;
                order
            }
            Err(problem) => {
                let _ = tx.rollback().await;
                return Err(problem);
            }
        }
    });
    Ok(json(StatusCode::OK, &stored))
}

/// One transition route: the action and its conditional update per backend.
pub(crate) struct TransitionRoute {
    /// The transition.
    pub(crate) transition: &'static Transition,
    /// `POST /orders/{id}/{action}`, as a refusal names it.
    pub(crate) what: String,
    /// `UPDATE ... WHERE id = ? AND status IN (...) RETURNING ...`, SQLite then PostgreSQL.
    pub(crate) update: [String; 2],
}

/// The 409 for an order whose state does not allow `t`.
fn refusal(t: &Transition, current: Status) -> Problem {
    let allowed: Vec<&str> = allowed(current).collect();
    let current = current.as_str();
    let detail = if allowed.is_empty() {
        format!(
            "`{}` is not allowed: this Order is {current}, a final state",
            t.action
        )
    } else {
        format!(
            "`{}` is not allowed while this Order is {current}; allowed: {}",
            t.action,
            allowed.join(", ")
        )
    };
    Problem::new(Kind::TRANSITION)
        .detail(detail)
        .with("action", t.action)
        .with("current", current)
        .with("allowed", allowed)
}

/// The body of a transition that takes one, checked, as JSON for the history.
fn transition_body(
    kind: BodyKind,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Option<Value>, Problem> {
    if kind == BodyKind::None {
        return Ok(None);
    }
    check_content_type(headers)?;
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        let detail = if body.iter().all(u8::is_ascii_whitespace) {
            "the request body is empty; send a JSON object".to_owned()
        } else {
            format!("the body is not valid JSON: {e}")
        };
        Problem::new(Kind::MALFORMED).detail(detail)
    })?;
    if !value.is_object() {
        return Err(Problem::validation(vec![Violation::new(
            "",
            "type",
            "the body must be a JSON object",
        )]));
    }
    let mut errors = Vec::new();
    let json = match kind {
        BodyKind::Cancel => {
            let request: CancelRequest = serde_json::from_value(value)
                .map_err(|e| Problem::validation(vec![serde_violation(&e)]))?;
            rules::check_reason(&request.reason, &mut errors);
            serde_json::to_value(request)
        }
        _ => {
            let request: ReturnRequest = serde_json::from_value(value)
                .map_err(|e| Problem::validation(vec![serde_violation(&e)]))?;
            rules::check_return(&request, &mut errors);
            serde_json::to_value(request)
        }
    };
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    json.map(Some).map_err(Problem::internal)
}

/// `POST /orders/{id}/{action}`: the order's history is kept and some actions have guards,
/// so one transaction locks the row, checks its state and the guard, updates it, records
/// the history entry (with the caller as its actor) and commits; anything that fails rolls
/// all of it back. The row is locked within the caller's scope, so the update needs none.
pub(crate) async fn transition(
    twin: Arc<Twin>,
    route: Arc<TransitionRoute>,
    caller: Caller,
    raw: String,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let t = route.transition;
    let scope = caller.scope(t.roles, &route.what)?;
    let id = parse_id(&raw)?;
    let body = transition_body(t.body, &headers, &body)?;
    let now = now();
    let updated = on_pool!(twin, |pool, sql, b| {
        let mut tx = match sql.begin {
            Some(begin) => pool.begin_with(begin).await,
            None => pool.begin().await,
        }
        .map_err(db_error)?;
        let done: Result<Order, Problem> = async {
            let lock = sqlx::query(sql.lock.pick(scope.own_rows_only)).bind(id);
            let row = bind_scope!(lock, scope)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?
                .ok_or_else(|| not_found(id))?;
            let order = Order::from_row(&row).map_err(Problem::internal)?;
            let from = order.status;
            if !t.from.contains(&from) {
                return Err(refusal(t, from));
            }
            match t.guard {
                Guard::None => {}
                Guard::HasShippingAddress => {
                    if order.shipping_address.is_none() {
                        return Err(Problem::new(Kind::NO_SHIPPING_ADDRESS)
                            .detail(format!(
                                "order {id} has no shipping address; add one with PATCH before shipping"
                            ))
                            .with("order_id", id.to_string()));
                    }
                }
                Guard::ProductsOrderable => {
                    let products = std::iter::once(order.product_id)
                        .chain(order.lines.iter().map(|l| l.product_id));
                    for product_id in products {
                        let product = match sqlx::query(sql.product)
                            .bind(product_id)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(db_error)?
                        {
                            Some(row) => Some(Product::from_row(&row).map_err(Problem::internal)?),
                            None => None,
                        };
                        if !product.is_some_and(|p| p.active) {
                            return Err(Problem::new(Kind::PRODUCT_UNAVAILABLE)
                                .detail(format!(
                                    "product {product_id} is no longer sold; remove it from the order or cancel it"
                                ))
                                .with("product_id", product_id.to_string()));
                        }
                    }
                }
            }
            let mut update = sqlx::query(&route.update[b])
                .bind(t.to.as_str())
                .bind(now)
                .bind(id);
            for source in t.from {
                update = update.bind(source.as_str());
            }
            let updated = match update.fetch_optional(&mut *tx).await.map_err(db_error)? {
                Some(row) => Order::from_row(&row).map_err(Problem::internal)?,
                None => return Err(refusal(t, from)),
            };
            sqlx::query(sql.history)
                .bind(Uuid::now_v7())
                .bind(id)
                .bind(t.action)
                .bind(from.as_str())
                .bind(t.to.as_str())
                .bind(body.as_ref())
                .bind(caller.subject())
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            Ok(updated)
        }
        .await;
        match done {
            Ok(order) => {
                tx.commit().await.map_err(db_error)?;
                order
            }
            Err(problem) => {
                let _ = tx.rollback().await;
                return Err(problem);
            }
        }
    });
    Ok(json(StatusCode::OK, &updated))
}

/// The members in the generated service's order (serde_json's maps sort their keys).
#[derive(Serialize)]
struct PageInfo<'a> {
    has_next: bool,
    has_prev: bool,
    limit: usize,
    next_cursor: Option<&'a str>,
    prev_cursor: Option<&'a str>,
}

#[derive(Serialize)]
struct ListBody<'a> {
    items: &'a [Order],
    page: PageInfo<'a>,
}

/// `limit` and `cursor` of a list request. The twin serves the default order (newest
/// first) and no filters: that is what the benchmark asks of both services.
fn list_query(twin: &Twin, query: &str) -> Result<(usize, Option<Cursor>), Problem> {
    let (mut limit, mut cursor, mut sort) = (None, None, None);
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        if key.contains('\0') || value.contains('\0') {
            return Err(param_problem(
                &key.replace('\0', "\\0"),
                "query parameters cannot contain the NUL character (%00)".to_owned(),
            ));
        }
        let slot = match &*key {
            "limit" => &mut limit,
            "cursor" => &mut cursor,
            "sort" => &mut sort,
            _ => {
                return Err(param_problem(
                    &key,
                    format!("unknown query parameter `{key}`; accepted: limit, cursor, sort"),
                ));
            }
        };
        if slot.is_some() {
            return Err(param_problem(
                &key,
                format!("`{key}` is given more than once"),
            ));
        }
        *slot = Some(value);
    }
    if let Some(sort) = sort.filter(|s| !s.is_empty())
        && sort != "-created_at"
        && sort != "-created_at,-id"
    {
        return Err(param_problem(
            "sort",
            format!("cannot sort by `{sort}`; this service lists newest first only"),
        ));
    }
    let limit = match limit {
        None => 20,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                param_problem(
                    "limit",
                    format!("`limit` must be an integer from 1 to 100, not `{text}`"),
                )
            })?,
    };
    let cursor = match cursor {
        Some(text) => Some(twin.keys.decode(&text)?),
        None => None,
    };
    Ok((limit, cursor))
}

/// RFC 8288 links to the neighbouring pages: the same query with another cursor.
fn link_header(path: &str, query: &str, next: Option<&str>, prev: Option<&str>) -> Option<String> {
    let link = |cursor: &str, rel: &str| {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k != "cursor") {
            out.append_pair(&k, &v);
        }
        out.append_pair("cursor", cursor);
        format!("<{path}?{}>; rel=\"{rel}\"", out.finish())
    };
    match (next, prev) {
        (None, None) => None,
        (Some(n), None) => Some(link(n, "next")),
        (None, Some(p)) => Some(link(p, "prev")),
        (Some(n), Some(p)) => Some(format!("{}, {}", link(n, "next"), link(p, "prev"))),
    }
}

/// `GET /orders`: one keyset page of the caller's orders, newest first.
pub(crate) async fn list(
    State(twin): State<Arc<Twin>>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, Problem> {
    let scope = caller.scope(&[], "GET /orders")?;
    let query = uri.query().unwrap_or("");
    let (limit, cursor) = list_query(&twin, query)?;
    // One row more than the page says whether another page follows.
    let fetch = limit as i64 + 1;
    let mut orders: Vec<Order> = on_pool!(twin, |pool, sql, b| {
        let own = scope.own_rows_only;
        let rows = match &cursor {
            None => {
                bind_scope!(sqlx::query(sql.first_page.pick(own)), scope)
                    .bind(fetch)
                    .fetch_all(pool)
                    .await
            }
            Some(c) => {
                let statement = match c.direction {
                    Direction::After => sql.after.pick(own),
                    Direction::Before => sql.before.pick(own),
                };
                bind_scope!(sqlx::query(statement), scope)
                    .bind(c.created_at)
                    .bind(c.id)
                    .bind(fetch)
                    .fetch_all(pool)
                    .await
            }
        }
        .map_err(db_error)?;
        rows.iter()
            .map(Order::from_row)
            .collect::<Result<_, _>>()
            .map_err(Problem::internal)?
    });
    let more = orders.len() > limit;
    orders.truncate(limit);
    let backward = cursor
        .as_ref()
        .is_some_and(|c| c.direction == Direction::Before);
    if backward {
        orders.reverse();
    }
    let (has_next, has_prev) = if backward {
        (true, more)
    } else {
        (more, cursor.is_some())
    };
    let next = orders
        .last()
        .filter(|_| has_next)
        .map(|o| twin.keys.encode(Direction::After, &o.created_at, &o.id));
    let prev = orders
        .first()
        .filter(|_| has_prev)
        .map(|o| twin.keys.encode(Direction::Before, &o.created_at, &o.id));
    let body = ListBody {
        items: &orders,
        page: PageInfo {
            has_next,
            has_prev,
            limit,
            next_cursor: next.as_deref(),
            prev_cursor: prev.as_deref(),
        },
    };
    let mut response = json(StatusCode::OK, &body);
    if let Some(value) = link_header(uri.path(), query, next.as_deref(), prev.as_deref())
        .and_then(|l| HeaderValue::from_str(&l).ok())
    {
        response.headers_mut().insert(header::LINK, value);
    }
    Ok(response)
}

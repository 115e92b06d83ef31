//! The transition history of a resource with `#[field(state, history)]`: the entries a
//! transition records (in its own transaction, see `transition::record`), the route that
//! lists them, `GET {path}/{id}/transitions`, and its OpenAPI operation.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use sqlx::Arguments;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Operation, OperationBuilder};

use crate::auth::scope::{Caller, Scope};
use crate::db::RowAccess;
use crate::db::fault::{Doing, bind_failed, db_problem, on_backend};
use crate::model::ResourceMeta;
use crate::problem::{Problem, ProblemType};
use crate::routes::crud::{json_response, not_found, parse_id};
use crate::routes::resource::Resource;
use crate::routes::{Route, Shared};
use crate::sql::Variant;

/// The transition history of a resource: a `{table}_transitions` table with one row per
/// transition taken, numbered per resource row.
pub(crate) struct History {
    /// `INSERT ... SELECT` numbering the entry after the row's last one.
    pub(crate) insert: [String; 2],
    /// One page of a row's entries, after a number.
    list: [String; 2],
}

impl History {
    pub(crate) fn new(meta: &ResourceMeta) -> History {
        let (insert, list) = crate::sql::resource::history(meta);
        History { insert, list }
    }
}

/// One entry of `GET {path}/{id}/transitions`.
#[derive(Serialize)]
struct Entry {
    seq: i64,
    action: String,
    from: String,
    to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<serde_json::Value>,
    actor: Option<String>,
    at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize)]
struct HistoryPage {
    items: Vec<Entry>,
    /// The `after` value of the next page, when there is one.
    next_after: Option<i64>,
}

fn entry<Row: RowAccess>(row: &Row) -> Result<Entry, sqlx::Error> {
    Ok(Entry {
        seq: row.column(0)?,
        action: row.column(1)?,
        from: row.column(2)?,
        to: row.column(3)?,
        body: row.column_opt(4)?,
        actor: row.column_opt(5)?,
        at: row.column(6)?,
    })
}

/// `GET {path}/{id}/transitions?after=N&limit=M`: the row's transitions, oldest first.
pub(crate) async fn list_history<R: Resource>(
    State(shared): State<Arc<Shared>>,
    history: Arc<History>,
    caller: Caller,
    Path(raw): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Problem> {
    let scope = Scope::of(&R::META, caller.principal())?;
    let id = parse_id(&R::META, &raw)?;
    let list = &R::META.list;
    let (mut after, mut limit) = (None, None);
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let slot = match key.as_ref() {
            "after" => &mut after,
            "limit" => &mut limit,
            other => {
                return Err(crate::list::param_problem(
                    &other.replace('\0', "\\0"),
                    format!(
                        "unknown parameter `{}`; use `after` and `limit`",
                        other.replace('\0', "\\0")
                    ),
                ));
            }
        };
        if slot.is_some() {
            return Err(crate::list::param_problem(
                &key,
                format!("`{key}` is given more than once"),
            ));
        }
        *slot = Some(value.into_owned());
    }
    let after: i64 = match after {
        None => 0,
        Some(v) => crate::list::unsigned::<i64>(&v).ok_or_else(|| {
            crate::list::param_problem(
                "after",
                format!("`after` must be the `seq` of an entry (an integer from 0), not `{v}`"),
            )
        })?,
    };
    let limit: usize = match limit {
        None => list.default_limit,
        Some(v) => crate::list::unsigned::<usize>(&v)
            .filter(|n| (1..=list.max_limit).contains(n))
            .ok_or_else(|| {
                crate::list::param_problem(
                    "limit",
                    format!(
                        "`limit` must be an integer from 1 to {}, not `{v}`",
                        list.max_limit
                    ),
                )
            })?,
    };
    // Another's row (or another tenant's) has no history to show: the row is looked up
    // within the caller's scope first, and is a 404 outside it.
    let scoped_out = scope.variant() != Variant::Unscoped;
    if scoped_out {
        crate::routes::crud::fetch_one::<R>(&shared, &scope, id).await?;
    }
    // One more than the page, to know whether another follows.
    let fetch = i64::try_from(limit + 1).unwrap_or(i64::MAX);
    let mut items: Vec<Entry> = on_backend!(shared.db, |pool, args, b| {
        args.add(id).map_err(bind_failed)?;
        args.add(after).map_err(bind_failed)?;
        args.add(fetch).map_err(bind_failed)?;
        let rows = sqlx::query_with(&history.list[b], args)
            .fetch_all(pool)
            .await
            .map_err(|e| db_problem(&R::META, e, Doing::Reading))?;
        rows.iter()
            .map(entry)
            .collect::<Result<_, _>>()
            .map_err(Problem::internal)?
    });
    if items.is_empty() && !scoped_out && shared.db.get::<R>(id).await?.is_none() {
        return Err(not_found(&R::META, id));
    }
    let next_after = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|e| e.seq)
    } else {
        None
    };
    Ok(json_response(
        StatusCode::OK,
        &HistoryPage { items, next_after },
    ))
}

/// The OpenAPI operation of `GET {path}/{id}/transitions`.
pub(crate) fn history_operation(meta: &'static ResourceMeta) -> Operation {
    use crate::openapi::{id_parameter, json_response, problem_response, words};
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaFormat, Type};
    let one = words(meta.name);
    let text = |doc: &str| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(doc))
    };
    let entry = ObjectBuilder::new()
        .description(Some(format!("One transition taken by the {one}.")))
        .property(
            "seq",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Int64,
                )))
                .minimum(Some(1))
                .description(Some(format!(
                    "Number of the transition in the {one}'s life, from 1."
                ))),
        )
        .required("seq")
        .property("action", text("The action taken."))
        .required("action")
        .property("from", text("The state left."))
        .required("from")
        .property("to", text("The state entered."))
        .required("to")
        .property(
            "body",
            ObjectBuilder::new().description(Some(
                "The request body of the action, for actions that take one.",
            )),
        )
        .property(
            "actor",
            ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                    Type::String,
                    Type::Null,
                ]))
                .description(Some(
                    "Who took the action, once authentication is configured; else null.",
                )),
        )
        .required("actor")
        .property(
            "at",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::DateTime,
                )))
                .description(Some("When the transition was taken.")),
        )
        .required("at");
    let page = ObjectBuilder::new()
        .property("items", ArrayBuilder::new().items(entry))
        .required("items")
        .property(
            "next_after",
            ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
                    Type::Integer,
                    Type::Null,
                ]))
                .description(Some(
                    "Pass as `after` for the next page; null on the last page.",
                )),
        )
        .required("next_after");
    let list = &meta.list;
    let parameter = |name: &str, doc: String, schema: ObjectBuilder| {
        utoipa::openapi::path::ParameterBuilder::new()
            .name(name)
            .parameter_in(utoipa::openapi::path::ParameterIn::Query)
            .required(Required::False)
            .description(Some(doc))
            .schema(Some(schema))
            .build()
    };
    let b = OperationBuilder::new()
        .tag(meta.tag)
        .operation_id(Some(format!("list{}Transitions", meta.name)))
        .summary(Some(format!("List the transitions of {}", crate::openapi::with_article(&one))))
        .description(Some(format!(
            "Every transition the {one} has taken, oldest first, with the body of each action; written in the same transaction as the transition itself."
        )))
        .parameter(id_parameter(meta))
        .parameter(parameter(
            "after",
            "Only entries with a greater `seq`; `next_after` of the previous page.".to_owned(),
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
                .minimum(Some(0))
                .maximum(Some(i64::MAX as f64)),
        ))
        .parameter(parameter(
            "limit",
            format!("Entries per page, 1 to {} (default {}).", list.max_limit, list.default_limit),
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(1))
                .maximum(Some(list.max_limit as f64)),
        ))
        .response(
            "200",
            json_response(&format!("The {one}'s transitions."), page.into()),
        )
        .response(
            "400",
            problem_response(
                ProblemType::MALFORMED_REQUEST,
                "the id is not a UUID, or `after` or `limit` is invalid or unknown.",
            ),
        )
        .response(
            "404",
            problem_response(ProblemType::NOT_FOUND, &format!("no {one} has this id.")),
        );
    crate::openapi::server_failures(b).build()
}

/// `GET {item}/transitions`, readable by whoever may get the row.
pub(crate) fn route<R: Resource>(item: &str, history: Arc<History>) -> Route {
    Route {
        method: axum::http::Method::GET,
        path: format!("{item}/transitions"),
        owner: R::META.name,
        declared: R::META.declared,
        handler: axum::routing::get(
            move |state: State<Arc<Shared>>, caller: Caller, id: Path<String>, query: RawQuery| {
                list_history::<R>(state, history.clone(), caller, id, query)
            },
        ),
        operation: history_operation(&R::META),
        allow: R::META.access.get,
    }
}

//! State transitions: `POST {path}/{id}/{action}` for each transition of a resource's
//! `#[field(state)]`, served as one conditional statement.
//!
//! `UPDATE ... SET state = target WHERE id = ? AND state IN (sources) RETURNING ...` is
//! atomic on both backends, so of N concurrent conflicting requests on one row exactly one
//! changes it; the others find no row in a source state and answer 409 with the state they
//! found and the actions it allows. The statements are written once, when the route is
//! registered, from names the macro checked; values are always bound.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use sqlx::Arguments;
use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteArguments;
use utoipa::openapi::path::{Operation, OperationBuilder};

use crate::api::Shared;
use crate::db::{Backend, Pool};
use crate::handlers::{
    Doing, Out, bind_failed, db_problem, json_response, not_found, on_backend, parse_id,
};
use crate::problem::{Problem, ProblemType};
use crate::resource::{Auto, Resource, ResourceMeta};
use crate::state::{Graph, TransitionMeta};

/// One transition of one resource, with its statements per backend.
pub(crate) struct TransitionPlan {
    pub(crate) transition: &'static TransitionMeta,
    pub(crate) graph: &'static Graph,
    /// The conditional `UPDATE ... RETURNING`, by backend index.
    update: [String; 2],
    /// `SELECT state` by id, to explain a refusal.
    current: [String; 2],
    /// How many `updated_at` columns the update sets.
    stamps: usize,
}

impl TransitionPlan {
    pub(crate) fn new(
        meta: &'static ResourceMeta,
        graph: &'static Graph,
        transition: &'static TransitionMeta,
    ) -> Option<TransitionPlan> {
        let state = meta.state_field()?;
        let id = meta.fields.iter().find(|f| f.access == crate::Access::Id)?;
        let columns = meta.column_list();
        let stamps: Vec<&str> = meta
            .fields
            .iter()
            .filter(|f| f.auto == Auto::UpdatedAt)
            .map(|f| f.column)
            .collect();
        let statements = |backend: Backend| {
            let mut n = 0;
            let mut next = || {
                n += 1;
                let mut p = String::new();
                backend.write_placeholder(&mut p, n);
                p
            };
            let mut sets = vec![format!("\"{}\" = {}", state.column, next())];
            for stamp in &stamps {
                sets.push(format!("\"{stamp}\" = {}", next()));
            }
            let key = next();
            let sources: Vec<String> = transition.from.iter().map(|_| next()).collect();
            let update = format!(
                "UPDATE \"{table}\" SET {} WHERE \"{id}\" = {key} AND \"{state}\" IN ({}) RETURNING {columns}",
                sets.join(", "),
                sources.join(", "),
                table = meta.table,
                id = id.column,
                state = state.column,
            );
            let mut current = format!(
                "SELECT \"{}\" FROM \"{}\" WHERE \"{}\" = ",
                state.column, meta.table, id.column,
            );
            backend.write_placeholder(&mut current, 1);
            (update, current)
        };
        let (sqlite_update, sqlite_current) = statements(Backend::Sqlite);
        let (pg_update, pg_current) = statements(Backend::Postgres);
        Some(TransitionPlan {
            transition,
            graph,
            update: [sqlite_update, pg_update],
            current: [sqlite_current, pg_current],
            stamps: stamps.len(),
        })
    }
}

/// `POST {path}/{id}/{action}`.
pub(crate) async fn handle<R: Resource>(
    State(shared): State<Arc<Shared>>,
    plan: Arc<TransitionPlan>,
    Path(raw): Path<String>,
) -> Result<Response, Problem> {
    let id = parse_id(&R::META, &raw)?;
    let now = crate::now();
    let t = plan.transition;
    let updated = on_backend!(shared.db, |pool, args, b| {
        args.add(t.to).map_err(bind_failed)?;
        for _ in 0..plan.stamps {
            args.add(now).map_err(bind_failed)?;
        }
        args.add(id).map_err(bind_failed)?;
        for from in t.from {
            args.add(*from).map_err(bind_failed)?;
        }
        match sqlx::query_with(&plan.update[b], args)
            .fetch_optional(pool)
            .await
        {
            Ok(Some(row)) => Some(R::from_row(&row).map_err(Problem::internal)?),
            Ok(None) => None,
            Err(e) => return Err(db_problem(&R::META, e, Doing::Writing)),
        }
    });
    if let Some(row) = updated {
        return Ok(json_response(StatusCode::OK, &Out(&row)));
    }
    // No row in a source state: either there is no row, or its state forbids the action.
    let current: Option<String> = on_backend!(shared.db, |pool, args, b| {
        args.add(id).map_err(bind_failed)?;
        sqlx::query_scalar_with(&plan.current[b], args)
            .fetch_optional(pool)
            .await
            .map_err(|e| db_problem(&R::META, e, Doing::Reading))?
    });
    let Some(current) = current else {
        return Err(not_found(&R::META, id));
    };
    let allowed: Vec<&str> = plan.graph.allowed(&current).map(|t| t.action).collect();
    let detail = if allowed.is_empty() {
        format!(
            "`{}` is not allowed: this {} is {current}, a final state",
            t.action,
            R::META.name
        )
    } else {
        format!(
            "`{}` is not allowed while this {} is {current}; allowed: {}",
            t.action,
            R::META.name,
            allowed.join(", ")
        )
    };
    Err(Problem::new(ProblemType::INVALID_STATE_TRANSITION)
        .detail(detail)
        .with("action", t.action)
        .with("current", current)
        .with("allowed", allowed))
}

/// The OpenAPI operation of one transition route.
pub(crate) fn operation(meta: &'static ResourceMeta, plan: &TransitionPlan) -> Operation {
    let t = plan.transition;
    let one = crate::openapi::words(meta.name);
    let from = t
        .from
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut name = String::new();
    for (i, part) in t.action.split('_').enumerate() {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            if i == 0 {
                name.push(first);
            } else {
                name.extend(first.to_uppercase());
            }
            name.push_str(chars.as_str());
        }
    }
    let roles = if t.roles.is_empty() {
        String::new()
    } else {
        format!(" Declared for roles: {}.", t.roles.join(", "))
    };
    OperationBuilder::new()
        .tag(meta.tag)
        .operation_id(Some(format!("{name}{}", meta.name)))
        .summary(Some(format!("{} the {one}", capitalized(t.action))))
        .description(Some(format!(
            "Moves the {one} from {from} to `{}` in one conditional update: of concurrent requests on one {one}, only those that find it in a source state succeed.{roles}",
            t.to
        )))
        .parameter(crate::openapi::id_parameter(meta))
        .response(
            "200",
            crate::openapi::json_response(
                &format!("The {one} in its new state."),
                crate::openapi::schema_ref(meta.name),
            ),
        )
        .response(
            "400",
            crate::openapi::problem_response(ProblemType::MALFORMED_REQUEST, "the id is not a UUID."),
        )
        .response(
            "404",
            crate::openapi::problem_response(ProblemType::NOT_FOUND, &format!("no {one} has this id.")),
        )
        .response(
            "409",
            crate::openapi::problem_response(
                ProblemType::INVALID_STATE_TRANSITION,
                &format!("the {one} is not in {from}; `current` and `allowed` say where it is and what it allows."),
            ),
        )
        .response(
            "500",
            crate::openapi::problem_response(
                ProblemType::INTERNAL_ERROR,
                "the server failed; see the logs under the request id.",
            ),
        )
        .response(
            "503",
            crate::openapi::problem_response(
                ProblemType::SERVICE_UNAVAILABLE,
                "the database is unreachable.",
            ),
        )
        .build()
}

fn capitalized(action: &str) -> String {
    let words = action.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

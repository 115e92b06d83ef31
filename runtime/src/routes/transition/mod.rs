//! State transitions: `POST {path}/{id}/{action}` for each transition of a resource's
//! `#[field(state)]`, and `GET {path}/{id}/transitions`, the history, when it is kept.
//!
//! A transition without hooks or history is one conditional statement,
//! `UPDATE ... SET state = target WHERE id = ? AND state IN (sources) RETURNING ...`, atomic
//! on both backends: of N concurrent conflicting requests on one row exactly one changes
//! it; the others find no row in a source state and answer 409 with the state they found
//! and the actions it allows. With a guard, an after hook or a history, the same update
//! runs in a transaction that first locks the row (`FOR UPDATE` on PostgreSQL, `BEGIN
//! IMMEDIATE` on SQLite): the guard sees the row as it is before the update, the history
//! row and the after hook see it after, and any failure rolls all of it back. The
//! statements are written once, when the route is registered, from names the macro
//! checked; values are always bound.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use sqlx::Arguments;
use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteArguments;
use utoipa::openapi::path::{Operation, OperationBuilder};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::{ContentBuilder, Required};

use crate::auth::scope::{Caller, Scope};
use crate::db::Args;
use crate::db::fault::{Doing, bind_failed, db_problem, on_backend};
use crate::model::ResourceMeta;
use crate::model::access::Allow;
use crate::model::state::{Graph, TransitionMeta};
use crate::problem::{Problem, ProblemType};
use crate::routes::crud::{Out, json_response, not_found, parse_id};
use crate::routes::history::History;
use crate::routes::resource::Resource;
use crate::routes::tx::Tx;
use crate::routes::{Route, Shared};
use crate::sql::Variant;
use crate::sql::resource::Scoped;
use hook::Names;

pub(crate) mod hook;
pub(crate) mod machine;

pub(crate) use hook::Step;

/// One transition of one resource, with its statements per backend.
pub(crate) struct TransitionPlan {
    pub(crate) transition: &'static TransitionMeta,
    pub(crate) graph: &'static Graph,
    /// The body, guard and after hook declared for the transition.
    pub(crate) step: Step,
    /// Whether the update runs in a transaction that locks the row first (a guard, an
    /// after hook or a history needs the row as it was).
    locked: bool,
    /// The conditional `UPDATE ... RETURNING`, by scope variant and backend index.
    update: Scoped,
    /// `SELECT state` by id, to explain a refusal.
    current: Scoped,
    /// How many `updated_at` columns the update sets.
    stamps: usize,
    /// Position of the state column in a row.
    state_index: usize,
    history: Option<Arc<History>>,
}

impl TransitionPlan {
    pub(crate) fn new(
        meta: &'static ResourceMeta,
        graph: &'static Graph,
        transition: &'static TransitionMeta,
        step: Step,
        history: Option<Arc<History>>,
    ) -> Option<TransitionPlan> {
        let state_index = meta.fields.iter().position(|f| f.state.is_some())?;
        let state = &meta.fields[state_index];
        let statements = crate::sql::resource::transition(meta, state, transition);
        Some(TransitionPlan {
            transition,
            graph,
            locked: step.has_guard() || step.has_after() || history.is_some(),
            step,
            update: statements.update,
            current: statements.current,
            stamps: statements.stamps,
            state_index,
            history,
        })
    }
}

/// Binds the values of the conditional update: target state, update times, id, sources.
macro_rules! bind_update {
    ($args:ident, $plan:expr, $id:expr, $now:expr) => {{
        let t = $plan.transition;
        $args.add(t.to).map_err(bind_failed)?;
        for _ in 0..$plan.stamps {
            $args.add($now).map_err(bind_failed)?;
        }
        $args.add($id).map_err(bind_failed)?;
        for from in t.from {
            $args.add(*from).map_err(bind_failed)?;
        }
    }};
}

/// `POST {path}/{id}/{action}`.
pub(crate) async fn handle<R: Resource>(
    State(shared): State<Arc<Shared>>,
    plan: Arc<TransitionPlan>,
    caller: Caller,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let scope = Scope::of(&R::META, caller.principal())?;
    let id = parse_id(&R::META, &raw)?;
    // The body is checked before anything touches the database.
    let payload = plan.step.decode(&headers, &body)?;
    let now = crate::db::now();
    if plan.locked {
        return handle_locked::<R>(&shared, &plan, caller, &scope, id, payload, now).await;
    }
    let variant = scope.variant();
    let updated = on_backend!(shared.db, |pool, args, b| {
        bind_update!(args, plan, id, now);
        scope.bind(&mut args)?;
        match sqlx::query_with(plan.update.get(variant, b), args)
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
        scope.bind(&mut args)?;
        sqlx::query_scalar_with(plan.current.get(variant, b), args)
            .fetch_optional(pool)
            .await
            .map_err(|e| db_problem(&R::META, e, Doing::Reading))?
    });
    match current {
        Some(current) => Err(refusal(&R::META, &plan, &current)),
        None => Err(not_found(&R::META, id)),
    }
}

/// A transition with a guard, an after hook or a history: lock the row, check its state,
/// run the guard, update, record, run the after hook, commit; roll back on any failure.
async fn handle_locked<R: Resource>(
    shared: &Shared,
    plan: &TransitionPlan,
    caller: Caller,
    scope: &Scope,
    id: uuid::Uuid,
    payload: Box<dyn std::any::Any + Send>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Response, Problem> {
    let mut tx = Tx::begin(&shared.db, &R::META).await?;
    tx.principal = caller.0;
    let lock = crate::routes::crud::statement::<R>(scope, |s| &s.lock, tx.backend().index());
    let (row, current) = match tx.lock_row::<R>(lock, id, scope, plan.state_index).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            tx.rollback().await;
            return Err(not_found(&R::META, id));
        }
        Err(problem) => {
            tx.rollback().await;
            return Err(problem);
        }
    };
    let t = plan.transition;
    let Some(from) = plan.graph.state(&current).filter(|_| t.leaves(&current)) else {
        tx.rollback().await;
        return Err(refusal(&R::META, plan, &current));
    };
    let names = Names {
        action: t.action,
        from: from.name,
        to: t.to,
    };
    let mut open = plan.step.open(tx, payload, names);
    let result: Result<R, Problem> = async {
        plan.step.guard(&row, &mut open).await?;
        let updated = update_in::<R>(open.tx(), plan, id, now)
            .await?
            .ok_or_else(|| refusal(&R::META, plan, &current))?;
        if let Some(history) = &plan.history {
            let body = open.body_json();
            record::<R>(open.tx(), history, id, names, body.as_ref(), now).await?;
        }
        plan.step.after(&updated, &mut open).await?;
        Ok(updated)
    }
    .await;
    let tx = open.into_tx();
    match result {
        Ok(updated) => {
            tx.commit(&R::META).await?;
            Ok(json_response(StatusCode::OK, &Out(&updated)))
        }
        Err(problem) => {
            tx.rollback().await;
            Err(problem)
        }
    }
}

/// The conditional update, inside a transaction.
async fn update_in<R: Resource>(
    tx: &mut Tx,
    plan: &TransitionPlan,
    id: uuid::Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<R>, Problem> {
    macro_rules! run {
        ($conn:expr, $args:ty, $b:expr) => {{
            let mut args = <$args>::default();
            bind_update!(args, plan, id, now);
            // The row was locked within the caller's scope; the update needs no predicate.
            match sqlx::query_with(plan.update.get(Variant::Unscoped, $b), args)
                .fetch_optional(&mut **$conn)
                .await
            {
                Ok(Some(row)) => Ok(Some(R::from_row(&row).map_err(Problem::internal)?)),
                Ok(None) => Ok(None),
                Err(e) => Err(db_problem(&R::META, e, Doing::Writing)),
            }
        }};
    }
    if let Some(conn) = tx.sqlite() {
        run!(conn, SqliteArguments, 0)
    } else if let Some(conn) = tx.postgres() {
        run!(conn, PgArguments, 1)
    } else {
        Err(Problem::internal("a transaction on no backend"))
    }
}

/// Writes one history entry, inside the transition's transaction.
async fn record<R: Resource>(
    tx: &mut Tx,
    history: &History,
    id: uuid::Uuid,
    names: Names,
    body: Option<&serde_json::Value>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), Problem> {
    let entry = uuid::Uuid::now_v7();
    let actor: Option<String> = tx.principal().map(|p| p.subject().to_owned());
    macro_rules! run {
        ($conn:expr, $args:ty, $b:expr) => {{
            let mut args = <$args>::default();
            args.add(entry).map_err(bind_failed)?;
            args.add(id).map_err(bind_failed)?;
            args.add(names.action).map_err(bind_failed)?;
            args.add(names.from).map_err(bind_failed)?;
            args.add(names.to).map_err(bind_failed)?;
            Args::push_opt(&mut args, body).map_err(bind_failed)?;
            args.add(actor.as_deref()).map_err(bind_failed)?;
            Args::push(&mut args, &at).map_err(bind_failed)?;
            args.add(id).map_err(bind_failed)?;
            sqlx::query_with(&history.insert[$b], args)
                .execute(&mut **$conn)
                .await
                .map(drop)
                .map_err(|e| db_problem(&R::META, e, Doing::Writing))
        }};
    }
    if let Some(conn) = tx.sqlite() {
        run!(conn, SqliteArguments, 0)
    } else if let Some(conn) = tx.postgres() {
        run!(conn, PgArguments, 1)
    } else {
        Err(Problem::internal("a transaction on no backend"))
    }
}

/// The 409 for a row whose state `current` does not allow the transition.
fn refusal(meta: &ResourceMeta, plan: &TransitionPlan, current: &str) -> Problem {
    let t = plan.transition;
    let allowed: Vec<&str> = plan.graph.allowed(current).map(|t| t.action).collect();
    let detail = if allowed.is_empty() {
        format!(
            "`{}` is not allowed: this {} is {current}, a final state",
            t.action, meta.name
        )
    } else {
        format!(
            "`{}` is not allowed while this {} is {current}; allowed: {}",
            t.action,
            meta.name,
            allowed.join(", ")
        )
    };
    Problem::new(ProblemType::INVALID_STATE_TRANSITION)
        .detail(detail)
        .with("action", t.action)
        .with("current", current)
        .with("allowed", allowed)
}

/// The OpenAPI operation of one transition route.
pub(crate) fn operation(meta: &'static ResourceMeta, plan: &TransitionPlan) -> Operation {
    use crate::openapi::{id_parameter, json_response, problem_response, schema_ref, words};
    let t = plan.transition;
    let one = words(meta.name);
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
    let mut description = if plan.locked {
        format!(
            "Moves the {one} from {from} to `{}`, in one transaction that locks the {one} first: of concurrent requests on one {one}, only those that find it in a source state succeed.",
            t.to
        )
    } else {
        format!(
            "Moves the {one} from {from} to `{}` in one conditional update: of concurrent requests on one {one}, only those that find it in a source state succeed.",
            t.to
        )
    };
    if let Some(guard) = t.guard {
        description.push_str(&format!(
            " The guard `{guard}` may refuse it with a problem of its own; nothing changes then."
        ));
    }
    if let Some(after) = t.after {
        description.push_str(&format!(
            " Then `{after}` runs in the same transaction; if it fails, nothing changes."
        ));
    }
    if plan.history.is_some() {
        description.push_str(&format!(
            " The transition is recorded in the {one}'s history (`GET {}/{{id}}/transitions`).",
            meta.path.trim_end_matches('/')
        ));
    }
    if !t.roles.is_empty() {
        description.push_str(&format!(" Declared for roles: {}.", t.roles.join(", ")));
    }
    let mut b = OperationBuilder::new()
        .tag(meta.tag)
        .operation_id(Some(format!("{name}{}", meta.name)))
        .summary(Some(format!("{} the {one}", capitalized(t.action))))
        .description(Some(description))
        .parameter(id_parameter(meta))
        .response(
            "200",
            json_response(
                &format!("The {one} in its new state."),
                schema_ref(meta.name),
            ),
        );
    let malformed = if let Some(body) = plan.step.body_type() {
        b = b
            .request_body(Some(
                RequestBodyBuilder::new()
                    .description(Some(format!("`{}`: why and how to {}.", body.name, capitalized(t.action).to_lowercase())))
                    .required(Some(Required::True))
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some((body.schema)()))
                            .build(),
                    )
                    .build(),
            ))
            .response(
                "413",
                problem_response(ProblemType::PAYLOAD_TOO_LARGE, "the body is over the size limit."),
            )
            .response(
                "415",
                problem_response(ProblemType::UNSUPPORTED_MEDIA_TYPE, "the body is not `application/json`."),
            )
            .response(
                "422",
                problem_response(
                    ProblemType::VALIDATION_ERROR,
                    &format!("the `{}` body breaks a declared constraint, or a member is missing, has the wrong type or is unknown; `errors` lists every violation.", body.name),
                ),
            );
        "the id is not a UUID, or the body is not JSON."
    } else {
        "the id is not a UUID."
    };
    let b = b
        .response(
            "400",
            problem_response(ProblemType::MALFORMED_REQUEST, malformed),
        )
    .response(
        "404",
        problem_response(ProblemType::NOT_FOUND, &format!("no {one} has this id.")),
    )
    .response(
        "409",
        problem_response(
            ProblemType::INVALID_STATE_TRANSITION,
            &format!("the {one} is not in {from}; `current` and `allowed` say where it is and what it allows."),
        ),
    );
    crate::openapi::server_failures(b).build()
}

fn capitalized(action: &str) -> String {
    let words = action.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One `POST {path}/{id}/{action}` per transition of `R`'s state field, and the history
/// route when it keeps one. A guard or hook written for another resource is recorded in
/// `errors`, a start-up error.
pub(crate) fn routes<R: Resource>(errors: &mut Vec<String>) -> Vec<Route> {
    let meta = &R::META;
    let Some(graph) = meta.state_field().and_then(|f| f.state).map(|g| g()) else {
        return Vec::new();
    };
    let item = format!("{}/{{id}}", meta.path.trim_end_matches('/'));
    let history = meta.history.then(|| Arc::new(History::new(meta)));
    let mut routes = Vec::new();
    for (transition, step) in graph.transitions.iter().zip(R::transition_steps()) {
        for (row, name) in step.row_types() {
            if row != std::any::TypeId::of::<R>() {
                errors.push(format!(
                    "a guard or after hook of `{}` on `{}` takes `&{name}`, but the state field belongs to `{}`; write it for `&{}`",
                    transition.action,
                    graph.name,
                    std::any::type_name::<R>(),
                    meta.name,
                ));
            }
        }
        let Some(plan) = TransitionPlan::new(meta, graph, transition, step, history.clone()) else {
            continue;
        };
        let plan = Arc::new(plan);
        let operation = operation(meta, &plan);
        routes.push(Route {
            method: axum::http::Method::POST,
            path: format!("{item}/{}", transition.action),
            owner: meta.name,
            declared: meta.declared,
            handler: axum::routing::post(
                move |state: State<Arc<Shared>>,
                      caller: Caller,
                      id: Path<String>,
                      headers: HeaderMap,
                      body: Bytes| {
                    handle::<R>(state, plan.clone(), caller, id, headers, body)
                },
            ),
            operation,
            allow: Allow::of_roles(transition.roles, false),
        });
    }
    if let Some(history) = history {
        routes.push(crate::routes::history::route::<R>(&item, history));
    }
    routes
}

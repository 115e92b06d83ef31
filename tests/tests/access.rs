//! Declared access on both backends: role × operation × (own row, another's row, another
//! tenant's row), list contents, owner and tenant fields that clients can neither set nor
//! change, scoped transitions and history, and uniqueness per tenant.

#![allow(missing_docs)] // test fixtures

use axum::http::StatusCode;
use resourcery::Grant;
use resourcery::prelude::*;
use resourcery_tests::{App, Session, TestDb, on_both_backends};
use serde_json::{Value, json};

/// A note kept by its author in a workspace.
#[resource(
    path = "/notes",
    default_sort = "slug",
    access(
        create = roles("writer"),
        update = roles("writer", "editor"),
        delete = roles("editor"),
        any_owner = roles("editor"),
    )
)]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    /// Who wrote it: the caller who created it.
    #[field(owner, filterable)]
    pub author: String,
    /// Where it lives: the caller's tenant.
    #[field(tenant)]
    pub workspace: String,
    /// Unique within a workspace.
    #[field(unique, sortable, filterable)]
    pub slug: String,
    pub text: String,
    #[field(state, history)]
    pub status: NoteStatus,
}

/// The life of a note.
#[resourcery::state_machine(
    transition(publish, from(Draft), to = Published),
    transition(archive, from(Draft, Published), to = Archived, roles("editor")),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteStatus {
    #[state(initial)]
    Draft,
    Published,
    #[state(terminal)]
    Archived,
}

/// A ticket owned by a user id: the subject must be a UUID.
#[resource(path = "/tickets", access(any_owner = roles("auditor")))]
pub struct Ticket {
    #[field(id)]
    pub id: Uuid,
    #[field(owner)]
    pub opened_by: Uuid,
    pub title: String,
}

/// A file attached to a note of the same workspace.
#[resource(path = "/attachments")]
pub struct Attachment {
    #[field(id)]
    pub id: Uuid,
    #[field(tenant)]
    pub workspace: String,
    #[field(references = Note)]
    pub note_id: Uuid,
    pub name: String,
}

/// Anyone may read the boards; admins write them.
#[resource(path = "/boards", access(read = public, write = roles("admin")))]
pub struct Board {
    #[field(id)]
    pub id: Uuid,
    pub title: String,
}

async fn app(test_db: TestDb) -> App {
    // The harness signs its sessions' tokens with `test_tokens()`.
    App::new(test_db, |db| {
        Api::new(db)
            .tokens(resourcery_tests::test_tokens())
            .resource::<Note>()
            .resource::<Ticket>()
            .resource::<Attachment>()
    })
    .await
}

struct Cast<'a> {
    /// Writers in workspace `w1`.
    ann: Session<'a>,
    ben: Session<'a>,
    /// Editor in `w1`: sees and changes every note of `w1`.
    eve: Session<'a>,
    /// Writer in `w2`.
    cat: Session<'a>,
    /// Authenticated in `w1`, without a role.
    rex: Session<'a>,
    anonymous: Session<'a>,
}

fn cast(app: &App) -> Cast<'_> {
    let user = |sub: &str, roles: &[&str], tenant: &str| {
        app.session(&Grant::new(sub).roles(roles.iter().copied()).tenant(tenant))
    };
    Cast {
        ann: user("ann", &["writer"], "w1"),
        ben: user("ben", &["writer"], "w1"),
        eve: user("eve", &["editor"], "w1"),
        cat: user("cat", &["writer"], "w2"),
        rex: user("rex", &[], "w1"),
        anonymous: app.anonymous(),
    }
}

async fn count(app: &App, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    if let Some(pool) = app.db.as_sqlite() {
        sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap()
    } else {
        let pool = app.db.as_postgres().unwrap();
        sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap()
    }
}

fn slugs(reply: &resourcery_tests::Reply) -> Vec<String> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["slug"].as_str().unwrap().to_owned())
        .collect()
}

async fn note(session: &Session<'_>, slug: &str) -> Value {
    session
        .create(
            "/notes",
            json!({ "slug": slug, "text": format!("{slug} text") }),
        )
        .await
}

async fn read_write_delete_matrix(test_db: TestDb) {
    let app = app(test_db).await;
    let c = cast(&app);
    let a = note(&c.ann, "a").await;
    let b = note(&c.ben, "b").await;
    let x = note(&c.cat, "x").await;
    // The owner and tenant come from the token.
    assert_eq!(a["author"], "ann");
    assert_eq!(a["workspace"], "w1");
    assert_eq!(x["author"], "cat");
    assert_eq!(x["workspace"], "w2");
    let uri = |n: &Value| format!("/notes/{}", n["id"].as_str().unwrap());

    // get: (who, row, status)
    let gets: &[(&Session, &Value, u16)] = &[
        (&c.ann, &a, 200),
        (&c.ann, &b, 404),
        (&c.ann, &x, 404),
        (&c.ben, &b, 200),
        (&c.ben, &a, 404),
        (&c.eve, &a, 200),
        (&c.eve, &b, 200),
        (&c.eve, &x, 404),
        (&c.cat, &x, 200),
        (&c.cat, &a, 404),
        (&c.rex, &a, 404),
        (&c.anonymous, &a, 401),
    ];
    for (who, row, status) in gets {
        let reply = who.get(&uri(row)).await;
        assert_eq!(
            reply.status.as_u16(),
            *status,
            "GET {}: {}",
            row["slug"],
            reply.text()
        );
    }
    // A row outside the scope answers exactly like a row that does not exist.
    let hidden = c.ann.get(&uri(&b)).await.json();
    let missing = c
        .ann
        .get(&format!("/notes/{}", Uuid::now_v7()))
        .await
        .json();
    assert_eq!(hidden["type"], missing["type"]);
    assert_eq!(hidden["title"], missing["title"]);

    // list
    assert_eq!(slugs(&c.ann.get("/notes").await), ["a"]);
    assert_eq!(slugs(&c.ben.get("/notes").await), ["b"]);
    assert_eq!(slugs(&c.eve.get("/notes").await), ["a", "b"]);
    assert_eq!(slugs(&c.cat.get("/notes").await), ["x"]);
    assert!(slugs(&c.rex.get("/notes").await).is_empty());
    // A filter cannot widen the scope.
    assert!(slugs(&c.ann.get("/notes?author=ben").await).is_empty());
    assert!(slugs(&c.eve.get("/notes?slug=x").await).is_empty());
    c.anonymous
        .get("/notes")
        .await
        .problem(401, "authentication-required");

    // update
    let patches: &[(&Session, &Value, u16)] = &[
        (&c.ann, &b, 404),
        (&c.ann, &x, 404),
        (&c.cat, &a, 404),
        (&c.rex, &a, 403),
        (&c.anonymous, &a, 401),
        (&c.ann, &a, 200),
        (&c.eve, &b, 200),
    ];
    for (who, row, status) in patches {
        let reply = who.patch(&uri(row), json!({ "text": "changed" })).await;
        assert_eq!(
            reply.status.as_u16(),
            *status,
            "PATCH {}: {}",
            row["slug"],
            reply.text()
        );
    }
    assert_eq!(c.cat.get(&uri(&x)).await.json()["text"], "x text");

    // delete: only editors, and only in their workspace.
    c.ann
        .delete(&uri(&a))
        .await
        .problem(403, "insufficient-permissions");
    c.eve.delete(&uri(&x)).await.problem(404, "not-found");
    assert_eq!(count(&app, "notes").await, 3);
    assert_eq!(c.eve.delete(&uri(&b)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(count(&app, "notes").await, 2);

    // create: writers only.
    c.rex
        .post("/notes", json!({ "slug": "r", "text": "t" }))
        .await
        .problem(403, "insufficient-permissions");
    c.anonymous
        .post("/notes", json!({ "slug": "r", "text": "t" }))
        .await
        .problem(401, "authentication-required");
    assert_eq!(count(&app, "notes").await, 2);
}

async fn owner_and_tenant_cannot_be_set_or_changed(test_db: TestDb) {
    let app = app(test_db).await;
    let c = cast(&app);
    for body in [
        json!({ "slug": "s", "text": "t", "author": "ben" }),
        json!({ "slug": "s", "text": "t", "workspace": "w2" }),
        json!({ "slug": "s", "text": "t", "author": "ann", "workspace": "w1" }),
    ] {
        let problem = c
            .ann
            .post("/notes", body.clone())
            .await
            .problem(422, "validation-error");
        assert_eq!(
            problem["errors"][0]["code"], "read_only",
            "{body}: {problem}"
        );
    }
    assert_eq!(count(&app, "notes").await, 0);
    let a = note(&c.ann, "a").await;
    let uri = format!("/notes/{}", a["id"].as_str().unwrap());
    for who in [&c.ann, &c.eve] {
        for body in [
            json!({ "author": "eve" }),
            json!({ "workspace": "w2" }),
            json!({ "text": "x", "author": null }),
        ] {
            who.patch(&uri, body).await.problem(422, "validation-error");
        }
    }
    let stored = c.eve.get(&uri).await.json();
    assert_eq!(stored["author"], "ann");
    assert_eq!(stored["workspace"], "w1");
    assert_eq!(stored["text"], "a text");
    // An editor's change keeps the author.
    c.eve.patch(&uri, json!({ "text": "edited" })).await;
    assert_eq!(c.ann.get(&uri).await.json()["author"], "ann");
}

async fn transitions_and_history_are_scoped(test_db: TestDb) {
    let app = app(test_db).await;
    let c = cast(&app);
    let a = note(&c.ann, "a").await;
    let b = note(&c.ben, "b").await;
    let x = note(&c.cat, "x").await;
    let action = |n: &Value, action: &str| format!("/notes/{}/{action}", n["id"].as_str().unwrap());

    c.ann
        .post(&action(&b, "publish"), json!({}))
        .await
        .problem(404, "not-found");
    c.cat
        .post(&action(&a, "publish"), json!({}))
        .await
        .problem(404, "not-found");
    c.anonymous
        .post(&action(&a, "publish"), json!({}))
        .await
        .problem(401, "authentication-required");
    assert_eq!(
        c.ann
            .get(&format!("/notes/{}", a["id"].as_str().unwrap()))
            .await
            .json()["status"],
        "draft"
    );
    let published = c.ann.post(&action(&a, "publish"), json!({})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text());
    let published = c.eve.post(&action(&b, "publish"), json!({})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text());

    // `archive` is for editors, within their workspace.
    c.ann
        .post(&action(&a, "archive"), json!({}))
        .await
        .problem(403, "insufficient-permissions");
    c.eve
        .post(&action(&x, "archive"), json!({}))
        .await
        .problem(404, "not-found");
    assert_eq!(
        c.eve.post(&action(&a, "archive"), json!({})).await.status,
        StatusCode::OK
    );

    // The history names who took each step, and is as private as its row.
    let history = c.ann.get(&action(&a, "transitions")).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text());
    let actors: Vec<Value> = history.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].clone())
        .collect();
    assert_eq!(actors, [json!("ann"), json!("eve")]);
    c.ben
        .get(&action(&a, "transitions"))
        .await
        .problem(404, "not-found");
    c.cat
        .get(&action(&a, "transitions"))
        .await
        .problem(404, "not-found");
    assert_eq!(
        c.eve.get(&action(&b, "transitions")).await.status,
        StatusCode::OK
    );
}

async fn unique_values_are_unique_per_tenant(test_db: TestDb) {
    let app = app(test_db).await;
    let c = cast(&app);
    note(&c.ann, "same").await;
    // Another workspace may use the slug, and learns nothing about the first.
    note(&c.cat, "same").await;
    let problem = c
        .ben
        .post("/notes", json!({ "slug": "same", "text": "t" }))
        .await
        .problem(409, "unique-violation");
    assert_eq!(problem["field"], "slug");
    assert_eq!(count(&app, "notes").await, 2);
}

async fn references_stay_within_the_tenant(test_db: TestDb) {
    let app = app(test_db).await;
    let c = cast(&app);
    let mine = note(&c.ann, "mine").await;
    let theirs = note(&c.cat, "theirs").await;
    // Another workspace's note is answered like a note that does not exist.
    for id in [theirs["id"].clone(), json!(Uuid::now_v7())] {
        let problem = c
            .ann
            .post("/attachments", json!({ "note_id": id, "name": "a.txt" }))
            .await
            .problem(409, "reference-violation");
        assert_eq!(problem["field"], "note_id");
        assert_eq!(problem["detail"], "`note_id` must name an existing Note");
    }
    assert_eq!(count(&app, "attachments").await, 0);
    // Another writer's note of the same workspace is fine: ownership is not tenancy.
    let attachment = c
        .ben
        .create(
            "/attachments",
            json!({ "note_id": mine["id"], "name": "a.txt" }),
        )
        .await;
    let uri = format!("/attachments/{}", attachment["id"].as_str().unwrap());
    c.ben
        .patch(&uri, json!({ "note_id": theirs["id"] }))
        .await
        .problem(409, "reference-violation");
    assert_eq!(c.ben.get(&uri).await.json()["note_id"], mine["id"]);
}

async fn principals_that_cannot_be_scoped_are_refused(test_db: TestDb) {
    let app = app(test_db).await;
    // No tenant claim: nothing in a tenant's resource is reachable.
    let nomad = app.session(&Grant::new("nomad").roles(["writer", "editor"]));
    nomad
        .get("/notes")
        .await
        .problem(403, "insufficient-permissions");
    nomad
        .post("/notes", json!({ "slug": "n", "text": "t" }))
        .await
        .problem(403, "insufficient-permissions");
    assert_eq!(count(&app, "notes").await, 0);
    // A `Uuid` owner column needs a UUID subject.
    let named = app.session(&Grant::new("not-a-uuid"));
    named
        .post("/tickets", json!({ "title": "t" }))
        .await
        .problem(403, "insufficient-permissions");
    let id = Uuid::now_v7();
    let owner = app.session(&Grant::new(id.to_string()));
    let ticket = owner.create("/tickets", json!({ "title": "t" })).await;
    assert_eq!(ticket["opened_by"], id.to_string());
    // Who sees every owner's rows reads without an identity the column can hold, and
    // still cannot create a row that would have no owner.
    let auditor = app.session(&Grant::new("audit-bot").roles(["auditor"]));
    let all = auditor.get("/tickets").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text());
    assert_eq!(all.json()["items"].as_array().unwrap().len(), 1);
    auditor
        .post("/tickets", json!({ "title": "t" }))
        .await
        .problem(403, "insufficient-permissions");
}

async fn an_api_with_scoped_resources_needs_authentication(test_db: TestDb) {
    let error = Api::new(test_db.db.clone())
        .resource::<Note>()
        .into_router()
        .unwrap_err();
    assert!(
        matches!(&error, resourcery::Error::Auth(m) if m.contains("`Note`") && m.contains("Api::auth")),
        "{error}"
    );
}

/// The document says what the gate enforces: the bearer scheme, each operation's roles as
/// its requirement's scopes, and 401 and 403 where they can happen.
#[tokio::test]
async fn openapi_documents_each_rule() {
    let db = resourcery_tests::sqlite().await;
    let api = Api::new(db.db.clone())
        .tokens(resourcery_tests::test_tokens())
        .resource::<Note>()
        .resource::<Ticket>();
    let doc = serde_json::to_value(api.openapi()).unwrap();
    let scheme = &doc["components"]["securitySchemes"]["bearerAuth"];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");
    assert_eq!(scheme["bearerFormat"], "JWT");
    let op = |path: &str, method: &str| doc["paths"][path][method].clone();
    let cases = [
        (
            op("/notes", "post"),
            json!([{ "bearerAuth": ["writer"] }]),
            true,
        ),
        (op("/notes", "get"), json!([{ "bearerAuth": [] }]), true),
        (
            op("/notes/{id}", "delete"),
            json!([{ "bearerAuth": ["editor"] }]),
            true,
        ),
        (
            op("/notes/{id}/archive", "post"),
            json!([{ "bearerAuth": ["editor"] }]),
            true,
        ),
        (
            op("/notes/{id}/publish", "post"),
            json!([{ "bearerAuth": [] }]),
            true,
        ),
        (
            op("/notes/{id}/transitions", "get"),
            json!([{ "bearerAuth": [] }]),
            true,
        ),
        (op("/tickets", "get"), json!([{ "bearerAuth": [] }]), true),
    ];
    for (operation, security, forbidden) in cases {
        let id = &operation["operationId"];
        assert_eq!(operation["security"], security, "{id}");
        assert!(operation["responses"]["401"].is_object(), "{id}");
        assert!(
            operation["responses"]["401"]["headers"]["WWW-Authenticate"].is_object(),
            "{id}"
        );
        assert_eq!(operation["responses"]["403"].is_object(), forbidden, "{id}");
    }
    // A public operation says so with an empty requirement beside the bearer one.
    let public = Api::new(db.db.clone())
        .tokens(resourcery_tests::test_tokens())
        .resource::<Board>()
        .openapi();
    let public = serde_json::to_value(public).unwrap();
    let list = &public["paths"]["/boards"]["get"];
    assert_eq!(list["security"], json!([{}, { "bearerAuth": [] }]));
    assert!(list["responses"]["401"].is_object());
    assert!(list["responses"]["403"].is_null());
    assert_eq!(
        public["paths"]["/boards"]["post"]["security"],
        json!([{ "bearerAuth": ["admin"] }])
    );
    // Without authentication nothing is claimed.
    let open =
        serde_json::to_value(Api::new(db.db.clone()).resource::<Ticket>().openapi()).unwrap();
    assert!(open["components"]["securitySchemes"].is_null());
    assert!(open["paths"]["/tickets"]["get"]["security"].is_null());
    assert!(open["paths"]["/tickets"]["get"]["responses"]["401"].is_null());
}

on_both_backends!(
    read_write_delete_matrix,
    owner_and_tenant_cannot_be_set_or_changed,
    transitions_and_history_are_scoped,
    unique_values_are_unique_per_tenant,
    references_stay_within_the_tenant,
    principals_that_cannot_be_scoped_are_refused,
    an_api_with_scoped_resources_needs_authentication,
);

use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    pub text: String,
}

/// What to write.
#[resourcery::object]
pub struct Draft {
    #[field(validate(length(min = 1, max = 100)))]
    pub text: String,
}

/// How many.
#[resourcery::object]
pub struct Page {
    #[field(validate(range(min = 1, max = 50)))]
    pub limit: Option<i32>,
}

#[derive(Clone)]
pub struct Prefix(pub String);

/// Writes a note under a folder.
#[resourcery::endpoint(post, "/folders/{folder}/notes/{n}", resource = Note)]
pub async fn write(
    folder: String,
    n: i64,
    draft: Json<Draft>,
    page: Query<Page>,
    prefix: resourcery::State<Prefix>,
    tx: &mut Tx,
) -> Result<Created<Note>, Problem> {
    let note = Note {
        id: Uuid::now_v7(),
        text: format!("{}{folder}/{n}/{:?}: {}", prefix.0.0, page.limit, draft.text),
    };
    tx.insert(&note).await?;
    Ok(Created(note))
}

/// Lists notes.
#[resourcery::endpoint(get, "/all-notes", status = 203, deprecated)]
pub async fn everything(db: Db) -> Result<Vec<Note>, Problem> {
    let _ = db;
    Ok(Vec::new())
}

#[resourcery::endpoint(delete, "/notes-cache", roles("admin"))]
async fn purge() -> Result<NoContent, Problem> {
    Ok(NoContent)
}

#[tokio::main]
async fn main() {
    let db = Db::connect("sqlite::memory:").await.unwrap();
    let api = Api::new(db)
    .resource::<Note>()
    .endpoint::<write>()
    .endpoint::<everything>()
    .endpoint::<purge>()
    .state(Prefix("> ".into()));
    let doc = api.openapi();
    assert!(doc.paths.paths.contains_key("/folders/{folder}/notes/{n}"));
    assert!(api.into_router().is_ok());
}

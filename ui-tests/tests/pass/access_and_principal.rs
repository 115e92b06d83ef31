//! Access rules, owner and tenant fields, and the principal in endpoints and hooks.

use resourcery::prelude::*;
use resourcery::{Principal, Tokens};

/// A note kept by its author.
#[resource(
    path = "/notes",
    access(read = authenticated, write = roles("writer"), any_owner = roles("editor"))
)]
pub struct Note {
    /// Id.
    #[field(id)]
    pub id: Uuid,
    /// Who wrote it.
    #[field(owner)]
    pub author: String,
    /// Where.
    #[field(tenant)]
    pub workspace: Uuid,
    /// What.
    pub text: String,
}

/// A catalogue anyone may read.
#[resource(path = "/entries", access(read = public, write = roles("admin")))]
pub struct Entry {
    /// Id.
    #[field(id)]
    pub id: Uuid,
    /// Name.
    pub name: String,
}

/// The caller.
#[resourcery::endpoint(get, "/me")]
async fn me(principal: Principal) -> Result<String, Problem> {
    Ok(principal.subject().to_owned())
}

/// Anyone, maybe known.
#[resourcery::endpoint(get, "/hello", public)]
async fn hello(principal: Option<Principal>) -> Result<String, Problem> {
    Ok(principal.map_or_else(|| "stranger".to_owned(), |p| p.subject().to_owned()))
}

#[tokio::main]
async fn main() {
    let db = Db::connect("sqlite::memory:").await.unwrap();
    let api = Api::new(db)
        .tokens(Tokens::hs256([7u8; 32]))
        .resource::<Note>()
        .resource::<Entry>()
        .endpoint::<me>()
        .endpoint::<hello>();
    assert!(<Note as Resource>::META.owner == Some("author"));
    assert!(<Entry as Resource>::META.access.get == resourcery::__private::Allow::Public);
    assert!(<Entry as Resource>::META.access.create == resourcery::__private::Allow::Roles(&["admin"]));
    api.into_router().unwrap();
}

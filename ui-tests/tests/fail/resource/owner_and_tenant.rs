use resourcery::prelude::*;

// Owner and tenant fields hold the principal's subject and tenant: `String` or `Uuid`,
// one of each, set by the server (so no `default`), and never readable by anonymous
// callers (so no `public` rule); `any_owner` needs an owner.
#[resource(path = "/notes", access(read = public))]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    #[field(owner)]
    pub author: Option<String>,
    #[field(tenant, default = "acme")]
    pub workspace: String,
    #[field(tenant)]
    pub team: i64,
    pub text: String,
}

#[resource(path = "/memos", access(any_owner = roles("admin")))]
pub struct Memo {
    #[field(id)]
    pub id: Uuid,
    #[field(tenant, write_only)]
    pub workspace: String,
}

fn main() {}

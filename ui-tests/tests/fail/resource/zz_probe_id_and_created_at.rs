use resourcery::prelude::*;

#[resource(path = "/users")]
pub struct User {
    #[field(id, created_at, unique, default)]
    pub id: Uuid,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/users")]
pub struct User {
    #[field(id)]
    pub id: Uuid,
    #[field(read_only, write_only)]
    pub password: Option<String>,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/users")]
pub struct User {
    #[field(id)]
    pub id: Uuid,
    #[field(unique = true)]
    pub email: String,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/users")]
pub struct User {
    #[field(id)]
    pub id: Uuid,
    #[field(unique = true, bogus)]
    pub email: String,
    #[field(bogus2)]
    pub name: String,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/users/{id}/notes", operations(create, ))]
pub struct User {
    #[field(id)]
    pub id: Uuid,
    #[field(rename = "")]
    pub name: String,
    #[field(default = 5)]
    pub other: String,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/users")]
pub struct User {
    #[field(id)]
    pub id: Uuid,
    pub name: String,
    #[field(rename = "name")]
    pub display_name: String,
}

fn main() {}

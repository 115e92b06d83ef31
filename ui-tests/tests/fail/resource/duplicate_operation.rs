use resourcery::prelude::*;

#[resource(path = "/notes", operations(create, get, create))]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    pub text: String,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/notes", operations())]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    pub text: String,
}

fn main() {}

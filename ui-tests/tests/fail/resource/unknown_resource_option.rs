use resourcery::prelude::*;

#[resource(path = "/notes", schema = "public")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    pub text: String,
}

fn main() {}

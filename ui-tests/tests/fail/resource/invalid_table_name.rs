use resourcery::prelude::*;

#[resource(path = "/notes", table = "notes; DROP TABLE users")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id, unique)]
    pub id: Uuid,
    pub text: String,
}

fn main() {}

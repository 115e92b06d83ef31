use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    #[field(indexed)]
    pub text: String,
}

fn main() {}

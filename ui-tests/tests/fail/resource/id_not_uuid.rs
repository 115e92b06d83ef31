use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: i64,
    pub text: String,
}

fn main() {}

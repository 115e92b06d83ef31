use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    pub text: String,
    #[field(column = "text")]
    pub body: String,
}

fn main() {}

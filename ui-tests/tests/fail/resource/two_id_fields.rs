use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    #[field(id)]
    pub other_id: Uuid,
    pub text: String,
}

fn main() {}

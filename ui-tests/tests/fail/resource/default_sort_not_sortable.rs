use resourcery::prelude::*;

#[resource(path = "/notes", default_sort = "-title")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    pub title: String,
}

fn main() {}

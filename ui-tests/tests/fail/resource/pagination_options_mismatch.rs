use resourcery::prelude::*;

#[resource(path = "/notes", max_offset = 100, page_size = 50, max_page_size = 10)]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
}

#[resource(path = "/tags", pagination = "pages")]
pub struct Tag {
    #[field(id)]
    pub id: Uuid,
}

fn main() {}

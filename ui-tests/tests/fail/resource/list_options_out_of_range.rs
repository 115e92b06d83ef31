use resourcery::prelude::*;

#[resource(path = "/notes", page_size = 0, default_sort = "rank,rank")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    #[field(sortable)]
    pub rank: i32,
}

fn main() {}

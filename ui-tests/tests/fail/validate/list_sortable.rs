use resourcery::prelude::*;

#[resource(path = "/posts")]
pub struct Post {
    #[field(id)]
    pub id: Uuid,
    #[field(sortable, filterable)]
    pub tags: Vec<String>,
    pub nested: Vec<Option<String>>,
}

fn main() {}

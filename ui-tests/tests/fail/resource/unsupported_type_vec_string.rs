use resourcery::prelude::*;

#[resource(path = "/posts")]
pub struct Post {
    #[field(id)]
    pub id: Uuid,
    pub tags: Vec<String>,
}

fn main() {}

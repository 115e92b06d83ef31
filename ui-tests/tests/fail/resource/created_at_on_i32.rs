use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    #[field(created_at)]
    pub created: i32,
}

fn main() {}

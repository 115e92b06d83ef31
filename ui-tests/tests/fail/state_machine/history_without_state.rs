use resourcery::prelude::*;

#[resource(path = "/tasks")]
pub struct Task {
    #[field(id)]
    pub id: Uuid,
    #[field(history)]
    pub label: String,
}

fn main() {}

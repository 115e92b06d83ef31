use resourcery::prelude::*;

#[resource(path = "/boxes")]
pub struct Crate<T> {
    #[field(id)]
    pub id: Uuid,
    pub content: T,
}

fn main() {}

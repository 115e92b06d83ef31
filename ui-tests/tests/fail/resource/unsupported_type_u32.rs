use resourcery::prelude::*;

#[resource(path = "/counters")]
pub struct Counter {
    #[field(id)]
    pub id: Uuid,
    pub count: u32,
}

fn main() {}

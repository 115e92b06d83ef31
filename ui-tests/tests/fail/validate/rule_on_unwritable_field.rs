use resourcery::prelude::*;

#[resource(path = "/customers")]
pub struct Customer {
    #[field(id)]
    pub id: Uuid,
    #[field(read_only, validate(length(max = 3)))]
    pub code: Option<String>,
    #[field(hidden, validate(range(min = 0)))]
    pub score: Option<i32>,
}

fn main() {}

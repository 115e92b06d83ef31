use resourcery::prelude::*;

#[resource(path = "/customers")]
pub struct Customer {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(range(min = 1, max = 80)))]
    pub name: String,
}

fn main() {}

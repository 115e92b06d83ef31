use resourcery::prelude::*;

#[resource(path = "/orders")]
pub struct Order {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(length(max = 10)))]
    pub quantity: i32,
    #[field(validate(length(min = 1)))]
    pub lines: Vec<String>,
}

fn main() {}

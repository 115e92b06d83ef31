use resourcery::prelude::*;

#[resource(path = "/products")]
pub struct Product {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(length(min = 10, max = 2)))]
    pub name: String,
    #[field(validate(range(min = 100, max = 1)))]
    pub price: i64,
    #[field(validate(range(exclusive_min = 1.5, max = 1.5)))]
    pub weight: f64,
    #[field(validate(items(min = 3, max = 1)))]
    pub tags: Vec<String>,
}

fn main() {}

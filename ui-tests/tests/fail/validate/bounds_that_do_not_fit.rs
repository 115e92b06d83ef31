use resourcery::prelude::*;

#[resource(path = "/orders")]
pub struct Order {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(range(min = 0.5)))]
    pub quantity: i32,
    #[field(validate(range(max = 40000)))]
    pub small: i16,
    #[field(validate(range(min = 0, exclusive_min = 0)))]
    pub both: i64,
    #[field(validate(range()))]
    pub none: f64,
    #[field(validate(length()))]
    pub note: String,
}

fn main() {}

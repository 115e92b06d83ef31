use resourcery::prelude::*;

#[resource(path = "/products")]
pub struct Product {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(one_of("small", 2)))]
    pub size: String,
    #[field(validate(one_of(1, "two", 70000)))]
    pub pack: i16,
    #[field(validate(one_of()))]
    pub colour: String,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/products")]
pub struct Product {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(pattern = "^[A-Z{3}$"))]
    pub sku: String,
}

fn main() {}

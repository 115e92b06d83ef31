use resourcery::prelude::*;

#[resource(path = "/orders/")]
pub struct Order {
    #[field(id)]
    pub id: Uuid,
}

fn main() {}

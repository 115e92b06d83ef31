use resourcery::prelude::*;

#[resource(path = "/customers")]
pub struct Customer {
    #[field(id)]
    pub id: Uuid,
    pub name: String,
}

#[resource(path = "/orders")]
pub struct Order {
    #[field(id)]
    pub id: Uuid,
    #[field(references = Customer)]
    pub customer_name: String,
}

fn main() {}

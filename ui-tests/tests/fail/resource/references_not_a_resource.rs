use resourcery::prelude::*;

pub struct Customer {
    pub id: Uuid,
}

#[resource(path = "/orders")]
pub struct Order {
    #[field(id)]
    pub id: Uuid,
    #[field(references = Customer)]
    pub customer_id: Uuid,
}

fn main() {}

use resourcery::prelude::*;

pub struct Money {
    pub cents: i64,
}

#[resource(path = "/invoices")]
pub struct Invoice {
    #[field(id)]
    pub id: Uuid,
    pub total: Money,
}

fn main() {}

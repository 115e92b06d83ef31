use resourcery::prelude::*;

async fn check(customer: &Customer, _db: &Db) -> bool {
    !customer.name.is_empty()
}

#[resource(path = "/customers", validate(custom_async = check))]
pub struct Customer {
    #[field(id)]
    pub id: Uuid,
    pub name: String,
}

fn main() {}

use resourcery::prelude::*;

fn check(customer: &Customer) -> bool {
    !customer.name.is_empty()
}

#[resource(path = "/customers", validate(custom = check))]
pub struct Customer {
    #[field(id)]
    pub id: Uuid,
    pub name: String,
}

fn main() {}

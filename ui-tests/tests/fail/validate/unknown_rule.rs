use resourcery::prelude::*;

#[resource(path = "/customers", validate(custom_sync = check))]
pub struct Customer {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(min_length = 3))]
    pub name: String,
    #[field(validate(length(least = 3)))]
    pub nick: String,
}

fn check(_: &Customer, _: &mut Violations) {}

fn main() {}

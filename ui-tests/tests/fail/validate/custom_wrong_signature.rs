use resourcery::prelude::*;

fn shouting(value: &str) -> bool {
    value.chars().all(char::is_uppercase)
}

#[resource(path = "/customers")]
pub struct Customer {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(custom = shouting))]
    pub name: String,
}

fn main() {}

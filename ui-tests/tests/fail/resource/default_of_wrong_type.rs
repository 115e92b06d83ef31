use resourcery::prelude::*;

#[derive(Debug, Enum)]
pub enum Tier {
    Bronze,
    Gold,
}

#[resource(path = "/users")]
pub struct User {
    #[field(id)]
    pub id: Uuid,
    #[field(default = 5)]
    pub name: String,
    // `default` alone needs `Default`, which `Tier` does not implement.
    #[field(default)]
    pub tier: Tier,
}

fn main() {}

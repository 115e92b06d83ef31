use resourcery::prelude::*;

#[resource(path = "/tiers")]
pub enum Tier {
    Bronze,
    Gold,
}

fn main() {}

use resourcery::prelude::*;

#[derive(Enum)]
pub struct Tier {
    pub name: String,
}

fn main() {}

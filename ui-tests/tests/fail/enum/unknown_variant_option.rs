use resourcery::prelude::*;

#[derive(Enum)]
pub enum Tier {
    Bronze,
    #[variant(alias = "gold")]
    Gold,
}

fn main() {}

use resourcery::prelude::*;

#[derive(Enum)]
pub enum Tier {
    #[variant(alias = "x")]
    Bronze(i32),
    #[variant(rename = "a", rename = "b")]
    Gold,
    #[variant(bogus)]
    Silver,
}

fn main() {}

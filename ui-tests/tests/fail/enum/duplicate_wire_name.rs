use resourcery::prelude::*;

#[derive(Enum)]
pub enum Tier {
    #[variant(rename = "premium")]
    Gold,
    #[variant(rename = "premium")]
    Platinum,
}

fn main() {}

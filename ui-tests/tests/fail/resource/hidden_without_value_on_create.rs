use resourcery::prelude::*;

#[resource(path = "/accounts")]
pub struct Account {
    #[field(id)]
    pub id: Uuid,
    #[field(hidden)]
    pub risk_score: i32,
}

fn main() {}

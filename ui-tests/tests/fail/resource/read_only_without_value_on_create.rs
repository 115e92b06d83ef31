use resourcery::prelude::*;

#[resource(path = "/accounts")]
pub struct Account {
    #[field(id)]
    pub id: Uuid,
    #[field(read_only)]
    pub balance: i64,
}

fn main() {}

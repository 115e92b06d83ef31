use resourcery::prelude::*;

const TEN: i64 = 10;

#[resource(path = "/items")]
pub struct Item {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(length(min = -1)))]
    pub name: String,
    #[field(validate(range(min = TEN)))]
    pub count: i64,
    #[field(validate(range(least = 1)))]
    pub size: i32,
    #[field(validate(one_of(true, "a")))]
    pub kind: String,
}

fn main() {}

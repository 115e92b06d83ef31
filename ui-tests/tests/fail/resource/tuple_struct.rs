use resourcery::prelude::*;

#[resource(path = "/orders")]
pub struct Order(#[field(id)] pub Uuid, pub String);

fn main() {}

#[resourcery::object]
pub struct Pair(String, i32);

#[resourcery::object]
pub enum Colour {
    Red,
}

fn main() {}

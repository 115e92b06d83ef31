#[resourcery::object]
pub struct Line {
    pub quantity: u32,
    pub cell: std::cell::Cell<i32>,
}

fn main() {}

use resourcery::prelude::*;

#[derive(Enum)]
pub enum Shape {
    Point,
    Circle { radius: f64 },
}

fn main() {}

use resourcery::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Colour {
    Red,
    Blue,
}

#[resource(path = "/paints")]
pub struct Paint {
    #[field(id)]
    pub id: Uuid,
    #[field(state)]
    pub colour: Colour,
}

fn main() {}

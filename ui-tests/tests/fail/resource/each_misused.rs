use resourcery::prelude::*;

/// A line of an order.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// How many.
    pub quantity: i32,
}

/// Misuses of `each`.
#[resource(path = "/baskets")]
pub struct Basket {
    #[field(id)]
    pub id: Uuid,
    /// Not a list.
    #[field(validate(each(length(max = 3))))]
    pub name: String,
    /// A list of objects: their own rules apply.
    #[field(validate(each(range(min = 1))))]
    pub lines: Vec<Line>,
    /// A rule that does not fit the items.
    #[field(validate(each(range(min = 1))))]
    pub tags: Vec<String>,
    /// A custom rule sees the whole list.
    #[field(validate(each(custom = short)))]
    pub words: Vec<String>,
}

fn short(_: &str) -> Result<(), Invalid> {
    Ok(())
}

fn main() {}

fn positive(value: i32) -> bool {
    value > 0
}

#[resourcery::object]
pub struct Line {
    #[field(validate(custom = positive))]
    pub quantity: i32,
}

fn main() {}

#[resourcery::object(table = "lines")]
pub struct Line {
    #[field(unique, validate(range(min = 1)))]
    pub quantity: i32,
    #[field(validate(length(max = 3)))]
    pub count: i64,
}

fn main() {}

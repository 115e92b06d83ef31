#[resourcery::object]
pub struct Wrapper<T> {
    pub value: T,
}

#[resourcery::object]
pub struct Line {
    pub sku: String,
    #[field(rename = "sku")]
    pub code: String,
}

fn main() {}

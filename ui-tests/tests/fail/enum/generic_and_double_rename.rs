#[derive(resourcery::Enum)]
pub enum Wrapper<T> {
    #[variant(rename = "a", rename = "b")]
    A,
    B(T),
}

fn main() {}

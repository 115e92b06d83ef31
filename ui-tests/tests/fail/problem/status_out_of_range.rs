use resourcery::prelude::*;

#[derive(Debug, Problem)]
pub enum RefundError {
    #[problem(status = 200, slug = "refunded", title = "Refunded")]
    Refunded,
    #[problem(status = 600, slug = "beyond", title = "Beyond HTTP")]
    Beyond,
}

fn main() {}

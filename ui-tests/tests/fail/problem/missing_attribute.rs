use resourcery::prelude::*;

#[derive(Debug, Problem)]
pub enum RefundError {
    #[problem(status = 409, slug = "already-refunded", title = "Order already refunded")]
    AlreadyRefunded,
    TooLarge { max_cents: i64 },
}

fn main() {}

use resourcery::prelude::*;

#[derive(Debug, Problem)]
pub enum RefundError {
    #[problem(status = 409, slug = "AlreadyRefunded", title = "Order already refunded")]
    AlreadyRefunded,
    #[problem(status = 422, slug = "too_large", title = "Refund too large")]
    TooLarge,
}

fn main() {}

use resourcery::prelude::*;

#[derive(Debug, Problem)]
pub enum RefundError {
    #[problem(slug = "already-refunded", title = "Already refunded")]
    AlreadyRefunded,
    #[problem(status = 422, title = "Refund too large")]
    TooLarge,
    // Only a built-in slug such as `not-found` may leave the title out.
    #[problem(status = 410, slug = "order-expired")]
    Expired,
}

fn main() {}

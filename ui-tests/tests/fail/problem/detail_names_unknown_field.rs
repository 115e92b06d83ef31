use resourcery::prelude::*;

#[derive(Debug, Problem)]
pub enum RefundError {
    #[problem(status = 409, slug = "already-refunded", title = "Already refunded", detail = "order {order_id} was refunded")]
    AlreadyRefunded { order: Uuid },
    #[problem(status = 422, slug = "too-large", title = "Too large", detail = "at most {max_cents} cents")]
    TooLarge(i64),
    #[problem(status = 422, slug = "too-small", title = "Too small", detail = "at least {1} cents")]
    TooSmall(i64),
    #[problem(status = 404, slug = "not-found", detail = "no order {order}")]
    Missing,
    #[problem(status = 410, slug = "gone", title = "Gone", detail = "order {} is gone")]
    Gone { order: Uuid },
}

fn main() {}

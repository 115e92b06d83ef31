use resourcery::prelude::*;

#[derive(Debug, Problem)]
#[problem(status = 400)]
pub enum RefundError {
    #[problem(status = 409, slug = "already-refunded", title = "Already refunded")]
    AlreadyRefunded { status: String, r#type: String, order: Uuid },
    #[problem(status = 422, slug = "too-large", title = "Too large")]
    TooLarge {
        #[problem(detail = "max")]
        max_cents: i64,
    },
}

fn main() {}

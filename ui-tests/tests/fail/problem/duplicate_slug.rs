use resourcery::prelude::*;

#[derive(Debug, Problem)]
pub enum RefundError {
    #[problem(status = 409, slug = "refund-refused", title = "Refund refused")]
    AlreadyRefunded,
    // Same slug, same status and title: one problem type, two causes. Allowed.
    #[problem(status = 409, slug = "refund-refused", title = "Refund refused")]
    Disputed,
    #[problem(status = 422, slug = "refund-refused", title = "Refund refused")]
    TooLarge,
    #[problem(status = 409, slug = "refund-refused", title = "Refund denied")]
    Expired,
}

fn main() {}

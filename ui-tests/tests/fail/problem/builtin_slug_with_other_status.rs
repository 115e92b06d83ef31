use resourcery::prelude::*;

#[derive(Debug, Problem)]
pub enum RefundError {
    #[problem(status = 410, slug = "not-found")]
    Missing,
    #[problem(status = 409, slug = "conflict", title = "Refund conflict")]
    Conflict,
    #[problem(status = 400, slug = "http-error", title = "Bad refund")]
    Bad,
}

fn main() {}

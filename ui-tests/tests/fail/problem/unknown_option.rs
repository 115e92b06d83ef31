use resourcery::prelude::*;

#[derive(Debug, Problem)]
pub enum RefundError {
    #[problem(status = 409, slug = "already-refunded", title = "Already refunded", code = "E42")]
    AlreadyRefunded,
}

fn main() {}

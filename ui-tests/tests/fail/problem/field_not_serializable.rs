use resourcery::prelude::*;

pub struct Secret;

#[derive(Problem)]
pub enum RefundError {
    #[problem(status = 403, slug = "refund-forbidden", title = "Refund forbidden")]
    Forbidden { key: Secret },
}

fn main() {}

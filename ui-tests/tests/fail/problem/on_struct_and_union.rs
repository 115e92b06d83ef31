use resourcery::prelude::*;

#[derive(Debug, Problem)]
pub struct RefundError {
    pub reason: String,
}

#[derive(Problem)]
pub union Bits {
    pub int: u32,
    pub float: f32,
}

fn main() {}

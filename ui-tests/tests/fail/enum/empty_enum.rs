use resourcery::prelude::*;

#[derive(Enum)]
pub enum Never {}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/things")]
pub struct Thing {
    #[field(id)]
    pub id: Uuid,
    pub tiny: i8,
    pub huge: i128,
    pub letter: char,
    pub boxed: Box<String>,
    pub pair: (i32, i32),
    pub local: resourcery::__private::chrono::NaiveDateTime,
    pub wrapped: std::sync::Arc<str>,
    pub generic: std::collections::HashMap<String, String>,
}

fn main() {}

use resourcery::__private::chrono::Local;
use resourcery::prelude::*;

#[resource(path = "/events")]
pub struct Event {
    #[field(id)]
    pub id: Uuid,
    pub starts_at: DateTime<Local>,
}

fn main() {}

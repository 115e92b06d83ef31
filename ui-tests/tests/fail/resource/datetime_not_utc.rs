use resourcery::prelude::*;
use resourcery::__private::chrono::Local;

#[resource(path = "/events")]
pub struct Event {
    #[field(id)]
    pub id: Uuid,
    pub starts_at: DateTime<Local>,
}

fn main() {}

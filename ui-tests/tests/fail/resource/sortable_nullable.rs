use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    #[field(sortable)]
    pub due: Option<DateTime<Utc>>,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    #[field(sortable)]
    pub data: JsonValue,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    #[field(filterable)]
    pub data: JsonValue,
    #[field(hidden, sortable)]
    pub secret: Option<String>,
}

fn main() {}

use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    #[field(read_only, default = Utc::now())]
    pub created_at: DateTime<Utc>,
}

fn main() {}

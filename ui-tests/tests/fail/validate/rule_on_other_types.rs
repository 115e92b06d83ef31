use resourcery::prelude::*;

#[resource(path = "/events")]
pub struct Event {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(email))]
    pub owner: Uuid,
    #[field(validate(range(min = 1)))]
    pub at: DateTime<Utc>,
    #[field(validate(unique_items))]
    pub public: bool,
    #[field(validate(pattern = "^a$"))]
    pub data: JsonValue,
}

fn main() {}

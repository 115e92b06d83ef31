use resourcery::prelude::*;

#[resource(path = "/customers")]
pub struct Customer {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(email, length(max = 254), email))]
    pub email: String,
    #[field(validate(url = true, non_empty(1)))]
    pub site: String,
}

fn main() {}

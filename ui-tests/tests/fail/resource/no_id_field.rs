use resourcery::prelude::*;

#[resource(path = "/notes")]
pub struct Note {
    pub uuid: Uuid,
    pub text: String,
}

fn main() {}

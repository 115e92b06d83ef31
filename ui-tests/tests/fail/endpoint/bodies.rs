use resourcery::prelude::*;

#[resourcery::object]
pub struct Note {
    pub text: String,
}

#[resourcery::endpoint(post, "/notes")]
async fn two_bodies(a: Json<Note>, b: Json<Note>) -> Result<NoContent, Problem> {
    let _ = (a, b);
    Ok(NoContent)
}

#[resourcery::endpoint(get, "/notes")]
async fn body_on_get(note: Json<Note>) -> Result<NoContent, Problem> {
    let _ = note;
    Ok(NoContent)
}

pub struct Plain {
    pub text: String,
}

#[resourcery::endpoint(post, "/plain")]
async fn body_not_an_object(plain: Json<Plain>) -> Result<NoContent, Problem> {
    let _ = plain;
    Ok(NoContent)
}

fn main() {}

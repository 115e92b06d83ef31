use resourcery::prelude::*;

#[resourcery::endpoint(get, "/sync")]
fn not_async() -> Result<NoContent, Problem> {
    Ok(NoContent)
}

#[resourcery::endpoint(get, "/nothing")]
async fn returns_nothing() {}

#[resourcery::endpoint(get, "/number")]
async fn not_a_result() -> i64 {
    4
}

pub struct Secret;

#[resourcery::endpoint(get, "/secret")]
async fn unsendable() -> Result<Secret, Problem> {
    Ok(Secret)
}

#[resourcery::endpoint(post, "/x", status = 201, colour = "red")]
async fn bad_options() -> Result<NoContent, Problem> {
    Ok(NoContent)
}

#[resourcery::endpoint(post, "/y", tag = "Things", resource = Thing, public, roles("staff"))]
async fn conflicting_options() -> Result<NoContent, Problem> {
    Ok(NoContent)
}

fn main() {}

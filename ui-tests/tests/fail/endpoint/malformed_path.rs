use resourcery::prelude::*;

#[resourcery::endpoint(get, "orders/{id")]
async fn no_slash() -> Result<NoContent, Problem> {
    Ok(NoContent)
}

#[resourcery::endpoint(get, "/orders/{Id}")]
async fn capital(id: Uuid) -> Result<NoContent, Problem> {
    let _ = id;
    Ok(NoContent)
}

#[resourcery::endpoint(get, "/docs/extra")]
async fn reserved() -> Result<NoContent, Problem> {
    Ok(NoContent)
}

fn main() {}

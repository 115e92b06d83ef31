// `/health/...` and `/metrics` are the server's operations endpoints.
use resourcery::prelude::*;

#[resourcery::endpoint(get, "/health/deep")]
async fn deep_health() -> Result<NoContent, Problem> {
    Ok(NoContent)
}

fn main() {}

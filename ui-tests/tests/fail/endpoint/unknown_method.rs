use resourcery::prelude::*;

#[resourcery::endpoint(fetch, "/orders")]
async fn list_orders() -> Result<NoContent, Problem> {
    Ok(NoContent)
}

fn main() {
    // The function is emitted even though the attribute is wrong.
    let _ = list_orders();
}

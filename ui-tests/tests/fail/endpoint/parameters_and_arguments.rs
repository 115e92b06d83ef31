use resourcery::prelude::*;

#[resourcery::endpoint(post, "/orders/{id}/refund")]
async fn missing_argument(order: Uuid) -> Result<NoContent, Problem> {
    let _ = order;
    Ok(NoContent)
}

pub struct Clock;

#[resourcery::endpoint(get, "/time")]
async fn not_an_extractor(clock: Clock) -> Result<NoContent, Problem> {
    let _ = clock;
    Ok(NoContent)
}

#[resourcery::endpoint(post, "/things")]
async fn owned_transaction(tx: Tx) -> Result<NoContent, Problem> {
    let _ = tx;
    Ok(NoContent)
}

#[resourcery::endpoint(get, "/twice")]
async fn two_databases(a: Db, b: Db) -> Result<NoContent, Problem> {
    let _ = (a, b);
    Ok(NoContent)
}

fn main() {}

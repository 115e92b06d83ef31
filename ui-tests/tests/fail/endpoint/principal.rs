use resourcery::prelude::*;
use resourcery::Principal;

/// A public endpoint admits anonymous callers, who have no principal.
#[resourcery::endpoint(get, "/me", public)]
async fn me(principal: Principal) -> Result<String, Problem> {
    Ok(principal.subject().to_owned())
}

fn main() {}

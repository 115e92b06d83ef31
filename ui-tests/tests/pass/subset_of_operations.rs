//! A read-mostly resource: `operations(...)` limits the routes.

use resourcery::prelude::*;
use resourcery::Operations;

#[resource(path = "/audit/entries", operations(create, list, get))]
pub struct AuditEntry {
    #[field(id)]
    pub id: Uuid,
    pub message: String,
    #[field(read_only)]
    pub created_at: DateTime<Utc>,
}

fn main() {
    let meta = &<AuditEntry as Resource>::META;
    assert_eq!(meta.path, "/audit/entries");
    assert_eq!(meta.table, "entries");
    assert_eq!(meta.tag, "entries");
    let ops = meta.operations;
    assert!(ops.contains(Operations::CREATE.with(Operations::GET).with(Operations::LIST)));
    assert!(!ops.contains(Operations::UPDATE));
    assert!(!ops.contains(Operations::DELETE));
    // `created_at` spelled by name and read-only is maintained by the server.
    assert_eq!(meta.field("created_at").unwrap().auto, resourcery::Auto::CreatedAt);
}

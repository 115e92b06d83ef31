//! A read-mostly resource: `operations(...)` limits the routes.

use resourcery::__private::Operations;
use resourcery::prelude::*;

#[resource(path = "/audit/entries", operations(create, list, get))]
pub struct AuditEntry {
    #[field(id)]
    pub id: Uuid,
    pub message: String,
    #[field(read_only)]
    pub created_at: DateTime<Utc>,
}

/// Without `create`, a read-only field needs no value on create: rows come from elsewhere.
#[resource(path = "/ledger", operations(get, list))]
pub struct Ledger {
    #[field(id)]
    pub id: Uuid,
    #[field(read_only)]
    pub balance: i64,
}

fn main() {
    let meta = &<AuditEntry as Resource>::META;
    assert_eq!(meta.path, "/audit/entries");
    assert_eq!(meta.table, "entries");
    assert_eq!(meta.tag, "entries");
    let ops = meta.operations;
    assert!(
        ops.contains(
            Operations::CREATE
                .with(Operations::GET)
                .with(Operations::LIST)
        )
    );
    assert!(!ops.contains(Operations::UPDATE));
    assert!(!ops.contains(Operations::DELETE));
    // `created_at` spelled by name and read-only is maintained by the server.
    assert_eq!(
        meta.field("created_at").unwrap().auto,
        resourcery::__private::Auto::CreatedAt
    );

    let ledger = &<Ledger as Resource>::META;
    assert_eq!((ledger.path, ledger.table), ("/ledger", "ledger"));
    assert!(
        ledger
            .operations
            .contains(Operations::GET.with(Operations::LIST))
    );
    assert!(!ledger.operations.contains(Operations::CREATE));
    assert_eq!(
        ledger.field("balance").unwrap().access,
        resourcery::__private::Access::ReadOnly
    );
}

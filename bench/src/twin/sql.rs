//! The twin's statements, one set per dialect, written out as a hand-written service
//! would keep them. They are the statements the generated service runs, character for
//! character (a test checks this), so both sides ask the database for the same work.
//!
//! Every statement on orders is limited to the caller's store, and for a caller who is
//! neither staff nor admin to the caller's own orders too: `"store" = ?` first, then
//! `"customer_id" = ?`, bound after the statement's own values. Another's order is then
//! simply not found.

/// The order columns, in the order [`super::model::Order::from_row`] reads them.
macro_rules! columns {
    () => {
        r#""id", "customer_id", "store", "product_id", "quantity", "lines", "shipping_address", "status", "note", "created_at", "updated_at""#
    };
}

macro_rules! product_columns {
    () => {
        r#""id", "sku", "name", "description", "price_cents", "weight_kg", "tags", "website", "active", "attributes", "available_from", "created_at", "updated_at""#
    };
}

macro_rules! customer_columns {
    () => {
        r#""id", "store", "email", "name", "tier", "referral_code", "suspended", "risk_score", "created_at", "updated_at""#
    };
}

/// One statement in the two scopes a caller can have.
#[derive(Debug, Clone, Copy)]
pub struct Scoped {
    /// Staff and admins: the caller's store.
    pub store: &'static str,
    /// Everyone else: the caller's own orders in the caller's store.
    pub own: &'static str,
}

impl Scoped {
    /// The statement for a caller limited to their own orders or not.
    pub fn pick(&self, own_rows_only: bool) -> &'static str {
        if own_rows_only { self.own } else { self.store }
    }
}

/// Every statement of the twin in one dialect.
pub struct Sql {
    /// One order by id.
    pub get: Scoped,
    /// A new order.
    pub insert: &'static str,
    /// One order by id, locked for the rest of the transaction on PostgreSQL.
    pub lock: Scoped,
    /// Every writable column of a merged order, the update time and the id.
    pub replace: Scoped,
    /// One customer by id (every store's: the shop's rule reads it so).
    pub customer: &'static str,
    /// The newest orders first: `LIMIT ?`.
    pub first_page: Scoped,
    /// Older than a cursor: `(created_at, id) < (?, ?) ... LIMIT ?`.
    pub after: Scoped,
    /// Newer than a cursor, nearest first: `(created_at, id) > (?, ?) ... LIMIT ?`.
    pub before: Scoped,
    /// One product by id.
    pub product: &'static str,
    /// One history entry, numbered after the order's last one.
    pub history: &'static str,
    /// `BEGIN` that takes the write lock at once where the backend needs it.
    pub begin: Option<&'static str>,
}

/// SQLite.
pub const SQLITE: Sql = Sql {
    get: Scoped {
        store: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "id" = ? AND "store" = ?"#
        ),
        own: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "id" = ? AND "store" = ? AND "customer_id" = ?"#
        ),
    },
    insert: concat!(
        r#"INSERT INTO "orders" ("#,
        columns!(),
        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    lock: Scoped {
        store: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "id" = ? AND "store" = ?"#
        ),
        own: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "id" = ? AND "store" = ? AND "customer_id" = ?"#
        ),
    },
    replace: Scoped {
        store: concat!(
            r#"UPDATE "orders" SET "product_id" = ?, "quantity" = ?, "lines" = ?, "shipping_address" = ?, "note" = ?, "updated_at" = ? WHERE "id" = ? AND "store" = ? RETURNING "#,
            columns!()
        ),
        own: concat!(
            r#"UPDATE "orders" SET "product_id" = ?, "quantity" = ?, "lines" = ?, "shipping_address" = ?, "note" = ?, "updated_at" = ? WHERE "id" = ? AND "store" = ? AND "customer_id" = ? RETURNING "#,
            columns!()
        ),
    },
    customer: concat!(
        "SELECT ",
        customer_columns!(),
        r#" FROM "customers" WHERE "id" = ?"#
    ),
    first_page: Scoped {
        store: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = ? ORDER BY "created_at" DESC, "id" DESC LIMIT ?"#
        ),
        own: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = ? AND "customer_id" = ? ORDER BY "created_at" DESC, "id" DESC LIMIT ?"#
        ),
    },
    after: Scoped {
        store: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = ? AND ("created_at", "id") < (?, ?) ORDER BY "created_at" DESC, "id" DESC LIMIT ?"#
        ),
        own: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = ? AND "customer_id" = ? AND ("created_at", "id") < (?, ?) ORDER BY "created_at" DESC, "id" DESC LIMIT ?"#
        ),
    },
    before: Scoped {
        store: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = ? AND ("created_at", "id") > (?, ?) ORDER BY "created_at" ASC, "id" ASC LIMIT ?"#
        ),
        own: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = ? AND "customer_id" = ? AND ("created_at", "id") > (?, ?) ORDER BY "created_at" ASC, "id" ASC LIMIT ?"#
        ),
    },
    product: concat!(
        "SELECT ",
        product_columns!(),
        r#" FROM "products" WHERE "id" = ?"#
    ),
    history: r#"INSERT INTO "orders_transitions" ("id", "subject_id", "seq", "action", "from_state", "to_state", "body", "actor", "at") SELECT ?, ?, COALESCE(MAX("seq"), 0) + 1, ?, ?, ?, ?, ?, ? FROM "orders_transitions" WHERE "subject_id" = ?"#,
    begin: Some("BEGIN IMMEDIATE"),
};

/// PostgreSQL.
pub const POSTGRES: Sql = Sql {
    get: Scoped {
        store: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "id" = $1 AND "store" = $2"#
        ),
        own: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "id" = $1 AND "store" = $2 AND "customer_id" = $3"#
        ),
    },
    insert: concat!(
        r#"INSERT INTO "orders" ("#,
        columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    ),
    lock: Scoped {
        store: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "id" = $1 AND "store" = $2 FOR UPDATE"#
        ),
        own: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "id" = $1 AND "store" = $2 AND "customer_id" = $3 FOR UPDATE"#
        ),
    },
    replace: Scoped {
        store: concat!(
            r#"UPDATE "orders" SET "product_id" = $1, "quantity" = $2, "lines" = $3, "shipping_address" = $4, "note" = $5, "updated_at" = $6 WHERE "id" = $7 AND "store" = $8 RETURNING "#,
            columns!()
        ),
        own: concat!(
            r#"UPDATE "orders" SET "product_id" = $1, "quantity" = $2, "lines" = $3, "shipping_address" = $4, "note" = $5, "updated_at" = $6 WHERE "id" = $7 AND "store" = $8 AND "customer_id" = $9 RETURNING "#,
            columns!()
        ),
    },
    customer: concat!(
        "SELECT ",
        customer_columns!(),
        r#" FROM "customers" WHERE "id" = $1"#
    ),
    first_page: Scoped {
        store: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = $1 ORDER BY "created_at" DESC, "id" DESC LIMIT $2"#
        ),
        own: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = $1 AND "customer_id" = $2 ORDER BY "created_at" DESC, "id" DESC LIMIT $3"#
        ),
    },
    after: Scoped {
        store: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = $1 AND ("created_at", "id") < ($2, $3) ORDER BY "created_at" DESC, "id" DESC LIMIT $4"#
        ),
        own: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = $1 AND "customer_id" = $2 AND ("created_at", "id") < ($3, $4) ORDER BY "created_at" DESC, "id" DESC LIMIT $5"#
        ),
    },
    before: Scoped {
        store: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = $1 AND ("created_at", "id") > ($2, $3) ORDER BY "created_at" ASC, "id" ASC LIMIT $4"#
        ),
        own: concat!(
            "SELECT ",
            columns!(),
            r#" FROM "orders" WHERE "store" = $1 AND "customer_id" = $2 AND ("created_at", "id") > ($3, $4) ORDER BY "created_at" ASC, "id" ASC LIMIT $5"#
        ),
    },
    product: concat!(
        "SELECT ",
        product_columns!(),
        r#" FROM "products" WHERE "id" = $1"#
    ),
    history: r#"INSERT INTO "orders_transitions" ("id", "subject_id", "seq", "action", "from_state", "to_state", "body", "actor", "at") SELECT $1, $2, COALESCE(MAX("seq"), 0) + 1, $3, $4, $5, $6, $7, $8 FROM "orders_transitions" WHERE "subject_id" = $9"#,
    begin: None,
};

/// The conditional update of one transition with `sources` source states, for SQLite
/// (`postgres = false`) or PostgreSQL. It carries no scope: it runs on a row the
/// transaction locked within the caller's scope.
pub fn transition(postgres: bool, sources: usize) -> String {
    let p = |n: usize| {
        if postgres {
            format!("${n}")
        } else {
            "?".to_owned()
        }
    };
    let sources: Vec<String> = (4..4 + sources).map(p).collect();
    format!(
        r#"UPDATE "orders" SET "status" = {}, "updated_at" = {} WHERE "id" = {} AND "status" IN ({}) RETURNING {}"#,
        p(1),
        p(2),
        p(3),
        sources.join(", "),
        columns!()
    )
}

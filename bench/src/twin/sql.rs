//! The twin's statements, one set per dialect, written out as a hand-written service
//! would keep them. They are the statements the generated service runs, character for
//! character (a test checks this), so both sides ask the database for the same work.

/// The order columns, in the order [`super::model::Order::from_row`] reads them.
macro_rules! columns {
    () => {
        r#""id", "customer_id", "product_id", "quantity", "lines", "shipping_address", "status", "note", "created_at", "updated_at""#
    };
}

macro_rules! product_columns {
    () => {
        r#""id", "sku", "name", "description", "price_cents", "weight_kg", "tags", "website", "active", "attributes", "available_from", "created_at", "updated_at""#
    };
}

macro_rules! customer_columns {
    () => {
        r#""id", "email", "name", "tier", "referral_code", "suspended", "risk_score", "created_at", "updated_at""#
    };
}

/// Every statement of the twin in one dialect.
pub struct Sql {
    /// One order by id.
    pub get: &'static str,
    /// A new order.
    pub insert: &'static str,
    /// One order by id, locked for the rest of the transaction on PostgreSQL.
    pub lock: &'static str,
    /// Every writable column of a merged order, the update time and the id.
    pub replace: &'static str,
    /// One customer by id.
    pub customer: &'static str,
    /// The newest orders first: `LIMIT ?`.
    pub first_page: &'static str,
    /// Older than a cursor: `(created_at, id) < (?, ?) ... LIMIT ?`.
    pub after: &'static str,
    /// Newer than a cursor, nearest first: `(created_at, id) > (?, ?) ... LIMIT ?`.
    pub before: &'static str,
    /// One product by id.
    pub product: &'static str,
    /// One history entry, numbered after the order's last one.
    pub history: &'static str,
    /// `BEGIN` that takes the write lock at once where the backend needs it.
    pub begin: Option<&'static str>,
}

/// SQLite.
pub const SQLITE: Sql = Sql {
    get: concat!("SELECT ", columns!(), r#" FROM "orders" WHERE "id" = ?"#),
    insert: concat!(
        r#"INSERT INTO "orders" ("#,
        columns!(),
        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ),
    lock: concat!("SELECT ", columns!(), r#" FROM "orders" WHERE "id" = ?"#),
    replace: concat!(
        r#"UPDATE "orders" SET "customer_id" = ?, "product_id" = ?, "quantity" = ?, "lines" = ?, "shipping_address" = ?, "note" = ?, "updated_at" = ? WHERE "id" = ? RETURNING "#,
        columns!()
    ),
    customer: concat!(
        "SELECT ",
        customer_columns!(),
        r#" FROM "customers" WHERE "id" = ?"#
    ),
    first_page: concat!(
        "SELECT ",
        columns!(),
        r#" FROM "orders" ORDER BY "created_at" DESC, "id" DESC LIMIT ?"#
    ),
    after: concat!(
        "SELECT ",
        columns!(),
        r#" FROM "orders" WHERE ("created_at", "id") < (?, ?) ORDER BY "created_at" DESC, "id" DESC LIMIT ?"#
    ),
    before: concat!(
        "SELECT ",
        columns!(),
        r#" FROM "orders" WHERE ("created_at", "id") > (?, ?) ORDER BY "created_at" ASC, "id" ASC LIMIT ?"#
    ),
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
    get: concat!("SELECT ", columns!(), r#" FROM "orders" WHERE "id" = $1"#),
    insert: concat!(
        r#"INSERT INTO "orders" ("#,
        columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ),
    lock: concat!(
        "SELECT ",
        columns!(),
        r#" FROM "orders" WHERE "id" = $1 FOR UPDATE"#
    ),
    replace: concat!(
        r#"UPDATE "orders" SET "customer_id" = $1, "product_id" = $2, "quantity" = $3, "lines" = $4, "shipping_address" = $5, "note" = $6, "updated_at" = $7 WHERE "id" = $8 RETURNING "#,
        columns!()
    ),
    customer: concat!(
        "SELECT ",
        customer_columns!(),
        r#" FROM "customers" WHERE "id" = $1"#
    ),
    first_page: concat!(
        "SELECT ",
        columns!(),
        r#" FROM "orders" ORDER BY "created_at" DESC, "id" DESC LIMIT $1"#
    ),
    after: concat!(
        "SELECT ",
        columns!(),
        r#" FROM "orders" WHERE ("created_at", "id") < ($1, $2) ORDER BY "created_at" DESC, "id" DESC LIMIT $3"#
    ),
    before: concat!(
        "SELECT ",
        columns!(),
        r#" FROM "orders" WHERE ("created_at", "id") > ($1, $2) ORDER BY "created_at" ASC, "id" ASC LIMIT $3"#
    ),
    product: concat!(
        "SELECT ",
        product_columns!(),
        r#" FROM "products" WHERE "id" = $1"#
    ),
    history: r#"INSERT INTO "orders_transitions" ("id", "subject_id", "seq", "action", "from_state", "to_state", "body", "actor", "at") SELECT $1, $2, COALESCE(MAX("seq"), 0) + 1, $3, $4, $5, $6, $7, $8 FROM "orders_transitions" WHERE "subject_id" = $9"#,
    begin: None,
};

/// The conditional update of one transition with `sources` source states, for SQLite
/// (`postgres = false`) or PostgreSQL.
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

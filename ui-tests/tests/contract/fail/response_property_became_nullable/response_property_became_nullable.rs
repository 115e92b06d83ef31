//! The contract never sends a null note; the code may.

use resourcery::prelude::*;

/// An order.
#[resource(path = "/orders", max_page_size = 100)]
pub struct Order {
    /// Id.
    #[field(id)]
    pub id: Uuid,
    /// Who ordered.
    #[field(filterable)]
    pub customer_id: Uuid,
    /// How many.
    #[field(sortable, validate(range(min = 1, max = 10)))]
    pub quantity: i32,
    /// A note for the courier.
    #[field(validate(length(max = 500)))]
    pub note: Option<String>,
    /// When it was placed.
    #[field(created_at, sortable)]
    pub created_at: DateTime<Utc>,
}

fn main() {}

//! The order keeps the history of its transitions, served at `GET /orders/{id}/transitions`;
//! the contract does not have that operation.

use resourcery::prelude::*;

/// Where an order is.
#[resourcery::state_machine(transition(confirm, from(Pending), to = Confirmed))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Placed.
    #[state(initial)]
    Pending,
    /// Accepted.
    #[state(terminal)]
    Confirmed,
}

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
    /// Where it is.
    #[field(state, history)]
    pub status: OrderStatus,
}

fn main() {}

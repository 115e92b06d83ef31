//! The contract's `confirm` cannot answer 409, which a transition sends when the row is in
//! no state it leaves; and it does not admit the role `ship` requires.

/// Where an order is.
#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
    transition(ship, from(Confirmed), to = Shipped, roles("staff")),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Placed.
    #[state(initial)]
    Pending,
    /// Accepted.
    Confirmed,
    /// On its way.
    #[state(terminal)]
    Shipped,
}

fn main() {}

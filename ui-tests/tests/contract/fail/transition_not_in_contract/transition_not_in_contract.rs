//! The contract has no operation for the `ship` transition (it spells it `shipp`).

/// Where an order is.
#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
    transition(ship, from(Confirmed), to = Shipped),
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

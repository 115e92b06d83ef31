#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
    transition(ship, from(Confirmed), to = Shipped),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    #[state(initial)]
    Pending,
    Confirmed,
    Shipped,
}

fn main() {}

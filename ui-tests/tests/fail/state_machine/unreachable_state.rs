#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
    transition(ship, from(Confirmed), to = Shipped),
    transition(accept, from(Returned), to = Shipped),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    #[state(initial)]
    Pending,
    Confirmed,
    Returned,
    #[state(terminal)]
    Shipped,
}

fn main() {}

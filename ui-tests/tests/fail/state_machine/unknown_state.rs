#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
    transition(ship, from(Confirmed), to = Shiped),
    transition(deliver, from(Shipped), to = Arrived),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    #[state(initial)]
    Pending,
    Confirmed,
    Shipped,
    #[state(terminal)]
    Delivered,
}

fn main() {}

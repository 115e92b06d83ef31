#[resourcery::state_machine(
    transition(confirm, to = Confirmed),
    transition(deliver, from(Confirmed)),
    transition(from(Pending), to = Delivered),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    #[state(initial)]
    Pending,
    Confirmed,
    #[state(terminal)]
    Delivered,
}

fn main() {}

#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
    transition(remind, from(Confirmed), to = Confirmed),
    transition(deliver, from(Confirmed), to = Delivered),
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

#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
    transition(cancel, from(Pending), to = Cancelled),
    transition(cancel, from(Confirmed), to = Cancelled),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    #[state(initial)]
    Pending,
    Confirmed,
    #[state(terminal)]
    Cancelled,
}

fn main() {}

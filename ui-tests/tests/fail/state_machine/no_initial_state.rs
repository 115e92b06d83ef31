#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    Pending,
    #[state(terminal)]
    Confirmed,
}

fn main() {}

#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
    transition(transitions, from(Confirmed), to = Done),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    #[state(initial)]
    Pending,
    Confirmed,
    #[state(terminal)]
    Done,
}

fn main() {}

#[resourcery::state_machine(
    transition(Confirm, from(Pending), to = Confirmed),
    transition(markDone, from(Confirmed), to = Done),
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

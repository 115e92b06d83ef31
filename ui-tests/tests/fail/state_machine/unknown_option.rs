#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed, role("staff")),
    history,
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    #[state(initial, start)]
    Pending,
    #[state(terminal)]
    Confirmed,
}

fn main() {}
